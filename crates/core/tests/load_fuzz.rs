//! The loader on hostile input: random JSON values, random mutations of a
//! valid archive's text, deep nesting and huge values never panic (the
//! viewer would show a blank page); a valid archive always loads whole.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use weekly_core::archive::{
    entry_id, Archive, Block, Child, Edition, Entry, Inline, Issue, Labels, Lang, SectionInfo,
    Status, TagInfo, FORMAT_VERSION,
};
use weekly_core::chunked::ChunkedLoader;
use weekly_core::load::{load_archive, LoadError, Loaded};
use weekly_core::query::{trends, Engine, Query, Sort};

/// Keys the loader looks for, so random objects often hit real fields.
const KEYS: &[&str] = &[
    "format_version",
    "issues",
    "entries",
    "sections",
    "tags",
    "id",
    "edition",
    "issue",
    "number",
    "date",
    "title",
    "source",
    "section",
    "section_title",
    "position",
    "url",
    "description",
    "lang",
    "status",
    "children",
    "labels",
    "zh",
    "en",
    "ja",
    "code",
    "em",
    "strong",
    "href",
    "text",
    "title_only",
    "stated_counts",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e300f64..1e300).prop_map(|f| json!(f)),
        Just(json!(1)),
        Just(json!(0)),
        prop::sample::select(vec![
            "zh",
            "en",
            "ja",
            "zh-en",
            "normal",
            "removed",
            "title_only",
            "articles",
            "https://example.com/a",
            "javascript:alert(1)",
            "2024-01-06",
            "",
            "<script>alert(1)</script>",
            "\u{0}",
            "\u{fffd}",
            "🦄",
        ])
        .prop_map(|s| json!(s)),
        any::<String>().prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An object that passes the version check, with random parts, so the
/// loader gets past its first gate.
fn archive_like() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(value(), 0..6),
        prop::collection::vec(value(), 0..6),
        prop::option::of(value()),
        prop::option::of(value()),
    )
        .prop_map(|(issues, entries, sections, tags)| {
            let mut doc =
                json!({"format_version": FORMAT_VERSION, "issues": issues, "entries": entries});
            if let Some(s) = sections {
                doc["sections"] = s;
            }
            if let Some(t) = tags {
                doc["tags"] = t;
            }
            doc
        })
}

/// Like `archive_like`, with entries close to valid ones: one field of a
/// valid entry replaced or removed.
fn near_entry() -> impl Strategy<Value = Value> {
    (prop::sample::select(KEYS), prop::option::of(value())).prop_map(|(k, v)| {
        let mut e = serde_json::to_value(sample_archive().entries[0].clone()).unwrap();
        match v {
            Some(v) => e[k] = v,
            None => {
                e.as_object_mut().unwrap().remove(k);
            }
        }
        e
    })
}

// -------------------------------------------------------- valid archives

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 中文の<>&\"'\\\\/]{0,12}",
        1 => any::<String>(),
    ]
}

fn inline() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        text().prop_map(Inline::Text),
        text().prop_map(|code| Inline::Code { code }),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|em| Inline::Emphasis { em }),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|strong| Inline::Strong { strong }),
            (text(), prop::collection::vec(inner, 0..3))
                .prop_map(|(href, text)| Inline::Link { href, text }),
        ]
    })
}

fn labels() -> impl Strategy<Value = Labels> {
    (text(), text(), text()).prop_map(|(zh, en, ja)| Labels { zh, en, ja })
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        (
            prop::sample::select(Edition::ALL.to_vec()),
            0u32..500,
            "[a-z]{1,8}",
            1u32..40,
            prop::option::of(any::<u32>()),
            text(),
            text(),
            prop::option::of(text()),
        ),
        (
            prop::collection::vec(prop::collection::vec(inline(), 0..4), 0..3),
            prop::sample::select(Lang::ALL.to_vec()),
            prop::sample::select(vec![Status::Normal, Status::TitleOnly, Status::Removed]),
            prop::collection::vec("[a-z-]{1,10}", 0..3),
            prop::collection::vec(
                (
                    text(),
                    text(),
                    prop::option::of(prop::sample::select(Lang::ALL.to_vec())),
                ),
                0..3,
            ),
        ),
    )
        .prop_map(
            |(
                (edition, issue, section, position, number, title, section_title, url),
                (description, lang, status, tags, children),
            )| Entry {
                id: entry_id(edition, issue, &section, position),
                edition,
                issue,
                section,
                section_title,
                position,
                number,
                title,
                url,
                description: description
                    .into_iter()
                    .map(|inlines| Block { inlines })
                    .collect(),
                lang,
                status,
                tags,
                children: children
                    .into_iter()
                    .map(|(title, url, lang)| Child { title, url, lang })
                    .collect(),
            },
        )
}

fn issue() -> impl Strategy<Value = Issue> {
    (
        prop::sample::select(Edition::ALL.to_vec()),
        any::<u32>(),
        text(),
        text(),
        text(),
        any::<bool>(),
        prop::collection::btree_map("[a-z]{1,8}", any::<u32>(), 0..3),
    )
        .prop_map(
            |(edition, number, date, title, source, title_only, stated_counts)| Issue {
                edition,
                number,
                date,
                title,
                source,
                title_only,
                stated_counts,
            },
        )
}

fn valid_archive() -> impl Strategy<Value = Archive> {
    (
        prop::collection::vec(issue(), 0..4),
        prop::collection::vec(entry(), 0..8),
        prop::collection::vec(
            ("[a-z]{1,8}", labels()).prop_map(|(id, labels)| SectionInfo { id, labels }),
            0..3,
        ),
        prop::collection::vec(
            ("[a-z]{1,8}", labels()).prop_map(|(id, labels)| TagInfo { id, labels }),
            0..3,
        ),
        prop::option::of(text()),
    )
        .prop_map(|(issues, entries, sections, tags, issue_url)| Archive {
            format_version: FORMAT_VERSION,
            issues,
            entries,
            sections,
            tags,
            issue_url,
        })
}

/// A small hand-made archive with every kind of field.
fn sample_archive() -> Archive {
    Archive {
        format_version: FORMAT_VERSION,
        issues: vec![Issue {
            edition: Edition::Zh,
            number: 40,
            date: "2024-03-02".into(),
            title: "Python 潮流周刊#40".into(),
            source: "2024-03-02-weekly.md".into(),
            title_only: false,
            stated_counts: BTreeMap::from([("articles".to_string(), 12)]),
        }],
        entries: vec![
            Entry {
                id: entry_id(Edition::Zh, 40, "articles", 1),
                edition: Edition::Zh,
                issue: 40,
                section: "articles".into(),
                section_title: "文章&教程".into(),
                position: 1,
                number: Some(1),
                title: "用 C 写一个 Python 包".into(),
                url: Some("https://example.com/a".into()),
                description: vec![Block {
                    inlines: vec![
                        Inline::Text("介绍 ".into()),
                        Inline::Code {
                            code: "datetime".into(),
                        },
                        Inline::Link {
                            href: "https://example.com/b".into(),
                            text: vec![Inline::Emphasis {
                                em: vec![Inline::Text("模块".into())],
                            }],
                        },
                    ],
                }],
                lang: Lang::ZhEn,
                status: Status::Normal,
                tags: vec!["cpython".into()],
                children: vec![Child {
                    title: "child".into(),
                    url: "https://example.com/c".into(),
                    lang: Some(Lang::En),
                }],
            },
            Entry {
                id: entry_id(Edition::Zh, 40, "projects", 1),
                edition: Edition::Zh,
                issue: 40,
                section: "projects".into(),
                section_title: "项目&资源".into(),
                position: 1,
                number: None,
                title: "removed".into(),
                url: None,
                description: vec![],
                lang: Lang::Zh,
                status: Status::Removed,
                tags: vec![],
                children: vec![],
            },
        ],
        sections: vec![SectionInfo {
            id: "articles".into(),
            labels: Labels {
                zh: "文章".into(),
                en: "Articles".into(),
                ja: "記事".into(),
            },
        }],
        tags: vec![TagInfo {
            id: "cpython".into(),
            labels: Labels {
                zh: "CPython".into(),
                en: "CPython".into(),
                ja: "CPython".into(),
            },
        }],
        issue_url: Some("https://example.org/{edition}/{date}".into()),
    }
}

// --------------------------------------------------------------- mutations

/// One edit of a JSON text.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, what: String },
    Replace { at: usize, what: String },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

fn snippet() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "{",
            "}",
            "[",
            "]",
            "\"",
            ",",
            ":",
            "null",
            "true",
            "1e999",
            "-0",
            "\\",
            "\\u",
            "\\ud800",
            "\"\\ud800\"",
            "0",
            "-1",
            "4294967296",
            "18446744073709551616",
            "1.5",
            "\"x\"",
            "{}",
            "[]",
            "\u{0}",
            " ",
            "\n",
            "\u{feff}",
            "🦄",
            "\"entries\":",
            "\"format_version\":1,",
            "\"title\":null,",
            "[[[[[[",
            "]]]]]]",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), snippet()).prop_map(|(at, what)| Mutation::Insert { at, what }),
        (any::<usize>(), snippet()).prop_map(|(at, what)| Mutation::Replace { at, what }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, m: &Mutation) {
    match m {
        Mutation::Delete { at, len } => {
            let a = boundary(text, *at);
            let b = boundary(text, a + len);
            let b = if b < a { text.len() } else { b };
            text.replace_range(a..b, "");
        }
        Mutation::Insert { at, what } => {
            let a = boundary(text, *at);
            text.insert_str(a, what);
        }
        Mutation::Replace { at, what } => {
            let a = boundary(text, *at);
            let end = text[a..].chars().next().map_or(a, |c| a + c.len_utf8());
            text.replace_range(a..end, what);
        }
        Mutation::Duplicate { at, len } => {
            let a = boundary(text, *at);
            let mut b = (a + len).min(text.len());
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            let copy = text[a..b].to_string();
            text.insert_str(b, &copy);
        }
        Mutation::Truncate { at } => {
            let a = boundary(text, *at);
            text.truncate(a);
        }
    }
}

/// The chunked loader's result for `bytes` cut into `size`-byte chunks.
/// Also checks every preview on the way (taken whenever more entries are
/// in): the archive read so far, so the final one's issues, sections and
/// tags and a first part of its entries.
fn load_in_chunks(bytes: &[u8], size: usize) -> Result<Loaded, LoadError> {
    let mut loader = ChunkedLoader::new();
    let mut previews = Vec::new();
    let mut read = 0;
    for chunk in bytes.chunks(size.max(1)) {
        loader.push(chunk);
        if loader.entries_read() > read {
            read = loader.entries_read();
            previews.extend(loader.preview());
        }
    }
    let loaded = loader.finish();
    if let Ok(loaded) = &loaded {
        let whole = &loaded.archive;
        for preview in previews {
            let n = preview.entries.len();
            assert!(n <= whole.entries.len(), "a preview of {n} entries");
            assert_eq!(preview.entries[..], whole.entries[..n]);
            assert_eq!(
                Archive {
                    entries: Vec::new(),
                    ..preview
                },
                Archive {
                    entries: Vec::new(),
                    ..whole.clone()
                }
            );
        }
    }
    loaded
}

/// The chunked loader gives what `load_archive` gives for the whole text
/// (decoded as a browser decodes it), however the bytes are cut.
fn check_chunked(bytes: &[u8]) {
    let whole = load_archive(&String::from_utf8_lossy(bytes));
    for size in [1, 5, 64, 4096, bytes.len()] {
        assert_eq!(
            load_in_chunks(bytes, size),
            whole,
            "in chunks of {size} bytes"
        );
    }
}

/// What must hold of any load: no panic, a result that is consistent, and
/// the same result from the chunked loader.
fn check_load(text: &str) {
    check_chunked(text.as_bytes());
    match load_archive(text) {
        Ok(loaded) => {
            assert_eq!(loaded.archive.format_version, FORMAT_VERSION);
            assert_eq!(
                loaded.skipped_entries > 0,
                loaded.first_skip_reason.is_some()
            );
        }
        Err(e) => {
            // Every error reads as a sentence a person can act on.
            let msg = e.to_string();
            assert!(!msg.is_empty());
            if let LoadError::UnsupportedVersion(v) = e {
                assert_ne!(v, u64::from(FORMAT_VERSION));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_json_values_never_panic(v in value()) {
        check_load(&v.to_string());
        check_load(&serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn random_archive_like_objects_never_panic(v in archive_like()) {
        check_load(&v.to_string());
    }

    #[test]
    fn an_entry_with_one_field_wrong_is_skipped_alone(bad in near_entry()) {
        let mut doc = serde_json::to_value(sample_archive()).unwrap();
        doc["entries"].as_array_mut().unwrap().push(bad);
        let loaded = load_archive(&doc.to_string()).expect("the rest of the archive is fine");
        // The two good entries are always there; the third one loads or is
        // counted as skipped.
        prop_assert_eq!(loaded.archive.entries.len() + loaded.skipped_entries, 3);
        prop_assert_eq!(&loaded.archive.entries[..2], &sample_archive().entries[..]);
    }

    #[test]
    fn random_text_never_panics(text in any::<String>()) {
        check_load(&text);
    }

    #[test]
    fn mutations_of_a_valid_archive_never_panic(
        archive in valid_archive(),
        mutations in prop::collection::vec(mutation(), 1..6),
        pretty in any::<bool>(),
    ) {
        let mut text = if pretty {
            serde_json::to_string_pretty(&archive).unwrap()
        } else {
            serde_json::to_string(&archive).unwrap()
        };
        for m in &mutations {
            apply(&mut text, m);
            check_load(&text);
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_load_as_a_browser_decodes_them(
        archive in valid_archive(),
        spots in prop::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xff), 1..4),
    ) {
        let mut bytes = serde_json::to_vec(&archive).unwrap();
        for (at, byte) in &spots {
            let at = at.index(bytes.len());
            bytes.insert(at, *byte);
        }
        check_chunked(&bytes);
    }

    #[test]
    fn a_valid_archive_always_loads_whole(archive in valid_archive(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&archive).unwrap()
        } else {
            serde_json::to_string(&archive).unwrap()
        };
        let loaded = load_archive(&text).unwrap();
        prop_assert_eq!(loaded.skipped_entries, 0);
        prop_assert_eq!(loaded.archive, archive);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// What the viewer does right after loading: index the archive, query
    /// it (text, facets, both sorts) and chart its topics. Hostile values
    /// (odd dates, ids, empty or strange text) must not panic there either.
    #[test]
    fn any_loaded_archive_can_be_indexed_and_queried(
        archive in valid_archive(),
        text in prop_oneof![text(), Just(String::new()), "[a-z]{1,3}"],
        pick in any::<prop::sample::Index>(),
        oldest in any::<bool>(),
        limit in 0usize..60,
    ) {
        let loaded = load_archive(&serde_json::to_string(&archive).unwrap()).unwrap();
        let archive = loaded.archive;
        let engine = Engine::new(&archive);
        engine.prepare_search(&archive);
        let mut query = Query {
            text,
            sort: if oldest { Sort::OldestFirst } else { Sort::NewestFirst },
            limit,
            ..Query::default()
        };
        let result = engine.run(&archive, &query);
        prop_assert!(result.rows.len() <= limit);
        if let Some(e) = (!archive.entries.is_empty()).then(|| pick.get(&archive.entries)) {
            query.sections = vec![e.section.clone()];
            query.tags = e.tags.clone();
            query.langs = vec![e.lang];
            query.editions = vec![e.edition];
            query.include_removed = true;
            query.each_link_once = true;
            query.text = e.title.chars().take(4).collect();
            let _ = engine.run(&archive, &query);
            let _ = engine.same_link(archive.entries.iter().position(|x| x == e).unwrap()).count();
        }
        let _ = trends(&archive);
    }
}

#[test]
fn the_hand_made_archive_loads_and_mutations_of_it_never_panic() {
    let text = serde_json::to_string(&sample_archive()).unwrap();
    assert_eq!(load_archive(&text).unwrap().archive, sample_archive());
    // Every single-char deletion and every truncation of it.
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for &i in &bounds {
        let mut cut = text.clone();
        cut.remove(i);
        check_load(&cut);
        check_load(&text[..i]);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}"), ("{\"em\":[", "]}")] {
        for depth in [100, 1_000, 100_000] {
            let deep = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            // At the top, in an entry, in a description and as an issue.
            for doc in [
                deep.clone(),
                format!(r#"{{"format_version":1,"issues":[],"entries":[{deep}]}}"#),
                format!(
                    r#"{{"format_version":1,"issues":[],"entries":[{{"id":"x","edition":"en","issue":1,"section":"s","section_title":"s","position":1,"title":"t","lang":"en","description":[[{deep}]]}}]}}"#
                ),
                format!(r#"{{"format_version":1,"issues":[{deep}],"entries":[]}}"#),
            ] {
                check_load(&doc);
            }
        }
    }
}

#[test]
fn huge_values_load_or_are_skipped() {
    // One 20 MB description: that entry is skipped and counted, the rest
    // is read.
    let mut archive = sample_archive();
    archive.entries[0].description = vec![Block {
        inlines: vec![Inline::Text("x".repeat(20 << 20))],
    }];
    let text = serde_json::to_string(&archive).unwrap();
    let loaded = load_archive(&text).unwrap();
    assert_eq!(loaded.skipped_entries, 1);
    assert_eq!(loaded.archive.entries, archive.entries[1..]);
    assert!(loaded
        .first_skip_reason
        .unwrap()
        .contains("bytes of text, more than"));

    // 60 KB of description is read.
    archive.entries[0].description = vec![Block {
        inlines: vec![Inline::Text("x".repeat(60 << 10))],
    }];
    let text = serde_json::to_string(&archive).unwrap();
    assert_eq!(load_archive(&text).unwrap().archive, archive);

    // 20k entries.
    let mut archive = sample_archive();
    let template = archive.entries[0].clone();
    archive.entries = (0..20_000)
        .map(|i| {
            let mut e = template.clone();
            e.position = i + 1;
            e.id = entry_id(e.edition, e.issue, &e.section, e.position);
            e
        })
        .collect();
    let text = serde_json::to_string(&archive).unwrap();
    let loaded = load_archive(&text).unwrap();
    assert_eq!(loaded.archive.entries.len(), 20_000);
}

#[test]
fn strange_but_valid_json_loads() {
    let base = serde_json::to_value(sample_archive()).unwrap();
    // Unknown fields, escaped keys, a BOM-free leading space, duplicate-free
    // unicode escapes in strings.
    let mut doc = base.clone();
    doc["extra"] = json!({"nested": [1, 2, {"x": null}]});
    doc["entries"][0]["unknown"] = json!("ignored");
    let text = format!(" \n{doc}\n ");
    assert_eq!(load_archive(&text).unwrap().archive, sample_archive());
    let escaped = doc
        .to_string()
        .replace("\"title\"", "\"\\u0074itle\"")
        .replace("Python", "\\u0050ython");
    assert_eq!(load_archive(&escaped).unwrap().archive, sample_archive());
}
