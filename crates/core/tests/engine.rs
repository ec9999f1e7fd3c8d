//! The engine against a naive scan written for clarity, not speed, on
//! random archives and queries; plus the behaviours the viewer relies on.

use proptest::prelude::*;
use std::ops::Range;
use weekly_core::archive::{
    entry_id, plain_text, Archive, Block, Edition, Entry, Inline, Issue, Labels, Lang, Status,
    TagInfo, FORMAT_VERSION,
};
use weekly_core::links::{display_host, normalize_url};
use weekly_core::query::{Engine, Query, Sort};

// ---------------------------------------------------------------- oracle

/// Folds one char the way the spec says, using std's Unicode tables.
fn naive_fold(text: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in text.chars() {
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            0x3000 => ' ',
            _ => c,
        };
        if ('\u{300}'..='\u{36F}').contains(&c) {
            continue;
        }
        let base = match c {
            'à'..='å' | 'À'..='Å' => 'a',
            'é' | 'è' | 'É' | 'ê' => 'e',
            'ñ' | 'Ñ' => 'n',
            'ö' | 'Ö' | 'ó' => 'o',
            'ü' | 'Ü' => 'u',
            _ => c.to_lowercase().next().unwrap(),
        };
        out.push(base);
    }
    out
}

fn naive_contains(hay: &[char], term: &[char]) -> bool {
    let word_start = term[0].is_ascii_alphanumeric();
    hay.windows(term.len()).enumerate().any(|(at, w)| {
        w == term && (!word_start || at == 0 || !hay[at - 1].is_ascii_alphanumeric())
    })
}

/// Per term: 3 when the title holds it as a whole word, 2 when the title
/// holds it, 1 when the rest of the entry's own text does, 0 when only its
/// tag labels do.
fn naive_best_match_score(entry: &Entry, text: &str) -> u32 {
    let title = naive_fold(&entry.title);
    let mut body = plain_text(&entry.description);
    if let Some(host) = entry.url.as_deref().and_then(display_host) {
        body = format!("{body}\n{host}");
    }
    for child in &entry.children {
        body = format!("{body}\n{}", child.title);
    }
    let body = naive_fold(&body);
    let query: String = naive_fold(text).into_iter().collect();
    query
        .split_whitespace()
        .map(|term| term.chars().collect::<Vec<_>>())
        .fold(Vec::<Vec<char>>::new(), |mut seen, term| {
            if !seen.contains(&term) {
                seen.push(term);
            }
            seen
        })
        .iter()
        .map(|term| {
            let ends_word = term.last().unwrap().is_ascii_alphanumeric();
            let whole = |at: usize| {
                !ends_word
                    || !title
                        .get(at + term.len())
                        .is_some_and(char::is_ascii_alphanumeric)
            };
            let starts: Vec<usize> = naive_starts(&title, term);
            if starts.iter().any(|&at| whole(at)) {
                3
            } else if !starts.is_empty() {
                2
            } else if naive_contains(&body, term) {
                1
            } else {
                0
            }
        })
        .sum()
}

fn naive_starts(hay: &[char], term: &[char]) -> Vec<usize> {
    let word_start = term[0].is_ascii_alphanumeric();
    (0..hay.len().saturating_sub(term.len() - 1))
        .filter(|&at| {
            hay[at..].starts_with(term)
                && (!word_start || at == 0 || !hay[at - 1].is_ascii_alphanumeric())
        })
        .collect()
}

fn naive_text_match(archive: &Archive, entry: &Entry, text: &str) -> bool {
    let mut hay = format!("{}\n{}", entry.title, plain_text(&entry.description));
    if let Some(host) = entry.url.as_deref().and_then(display_host) {
        hay = format!("{hay}\n{host}");
    }
    for child in &entry.children {
        hay = format!("{hay}\n{}", child.title);
    }
    for tag in &entry.tags {
        if let Some(info) = archive.tags.iter().find(|t| &t.id == tag) {
            hay = format!(
                "{hay}\n{} {} {}",
                info.labels.zh, info.labels.en, info.labels.ja
            );
        }
    }
    let hay = naive_fold(&hay);
    let query = naive_fold(text);
    let query: String = query.into_iter().collect();
    query
        .split_whitespace()
        .all(|term| naive_contains(&hay, &term.chars().collect::<Vec<_>>()))
}

fn year_of(archive: &Archive, e: &Entry) -> Option<u16> {
    let issue = archive
        .issues
        .iter()
        .find(|i| i.edition == e.edition && i.number == e.issue)?;
    issue.date[..4].parse().ok()
}

/// Which facets an entry passes: section, tag, lang, edition, year.
fn passes(archive: &Archive, e: &Entry, q: &Query) -> [bool; 5] {
    [
        q.sections.is_empty() || q.sections.contains(&e.section),
        q.tags.is_empty() || e.tags.iter().any(|t| q.tags.contains(t)),
        q.langs.is_empty() || q.langs.contains(&e.lang),
        q.editions.is_empty() || q.editions.contains(&e.edition),
        q.years.is_empty() || year_of(archive, e).is_some_and(|y| q.years.contains(&y)),
    ]
}

/// Whether the same link appears newer (earlier in newest-first order)
/// in the same edition.
fn is_repeat(archive: &Archive, i: usize) -> bool {
    let e = &archive.entries[i];
    let Some(url) = &e.url else { return false };
    let key = |j: usize| {
        let f = &archive.entries[j];
        let date = archive
            .issues
            .iter()
            .find(|x| x.edition == f.edition && x.number == f.issue)
            .map(|x| x.date.clone())
            .unwrap_or_default();
        (
            std::cmp::Reverse(date),
            f.edition,
            std::cmp::Reverse(f.issue),
            j,
        )
    };
    archive.entries.iter().enumerate().any(|(j, f)| {
        j != i
            && f.edition == e.edition
            && f.url.as_deref().map(normalize_url) == Some(normalize_url(url))
            && key(j) < key(i)
    })
}

fn base_match(archive: &Archive, e: &Entry, q: &Query) -> bool {
    let i = archive
        .entries
        .iter()
        .position(|x| std::ptr::eq(x, e))
        .unwrap();
    (!q.each_link_once || !is_repeat(archive, i))
        && (q.include_removed || e.status != Status::Removed)
        && q.issue_from.is_none_or(|f| e.issue >= f)
        && q.issue_to.is_none_or(|t| e.issue <= t)
        && naive_text_match(archive, e, &q.text)
}

/// Matching entries in order, then section and year counts.
type NaiveResult = (Vec<usize>, Vec<(String, usize)>, Vec<(u16, usize)>);

fn naive_run(archive: &Archive, q: &Query) -> NaiveResult {
    let date = |e: &Entry| {
        archive
            .issues
            .iter()
            .find(|i| i.edition == e.edition && i.number == e.issue)
            .map(|i| i.date.clone())
            .unwrap_or_default()
    };
    let mut hits: Vec<usize> = (0..archive.entries.len())
        .filter(|&i| {
            let e = &archive.entries[i];
            base_match(archive, e, q) && passes(archive, e, q).iter().all(|p| *p)
        })
        .collect();
    let key = |i: &usize| {
        let e = &archive.entries[*i];
        (date(e), e.edition, e.issue)
    };
    let newest_first = |i: &usize| {
        let (date, edition, issue) = key(i);
        (
            std::cmp::Reverse(date),
            edition,
            std::cmp::Reverse(issue),
            *i,
        )
    };
    match q.sort {
        Sort::NewestFirst => hits.sort_by_key(newest_first),
        Sort::OldestFirst => hits.sort_by(|a, b| key(a).cmp(&key(b)).then(a.cmp(b))),
        Sort::BestMatch => hits.sort_by_key(|i| {
            let score = naive_best_match_score(&archive.entries[*i], &q.text);
            (std::cmp::Reverse(score), newest_first(i))
        }),
    }
    // Disjunctive counts of the section and year facets.
    let others_pass = |e: &Entry, skip: usize| {
        base_match(archive, e, q)
            && passes(archive, e, q)
                .iter()
                .enumerate()
                .all(|(f, p)| f == skip || *p)
    };
    let mut sections: Vec<String> = archive.entries.iter().map(|e| e.section.clone()).collect();
    sections.sort();
    sections.dedup();
    let section_counts = sections
        .into_iter()
        .map(|s| {
            let n = archive
                .entries
                .iter()
                .filter(|e| e.section == s && others_pass(e, 0))
                .count();
            (s, n)
        })
        .collect();
    let mut years: Vec<u16> = archive
        .entries
        .iter()
        .filter_map(|e| year_of(archive, e))
        .collect();
    years.sort();
    years.dedup();
    let year_counts = years
        .into_iter()
        .map(|y| {
            let n = archive
                .entries
                .iter()
                .filter(|e| year_of(archive, e) == Some(y) && others_pass(e, 4))
                .count();
            (y, n)
        })
        .collect();
    (hits, section_counts, year_counts)
}

// ------------------------------------------------------------ generators

const WORDS: &[&str] = &[
    "Python",
    "asyncio",
    "async",
    "ＡＳＹＮＣ",
    "Café",
    "cafe\u{301}",
    "uv",
    "Rust",
    "rust-lang",
    "异步",
    "编程",
    "异步编程",
    "数据",
    "分析",
    "の",
    "プログラミング",
    "3.12",
    "C++",
    "py",
    "naïve",
    "fastapi",
    "FastAPI",
    "Django",
    "（英）",
    "　",
    "pydantic",
    "typing",
    "TYPE",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS),
            prop::sample::select(&[" ", "", "，", "-"][..]),
        ),
        0..8,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(w, sep)| format!("{w}{sep}"))
            .collect()
    })
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        prop::sample::select(&[Edition::Zh, Edition::En, Edition::Ja][..]),
        1u32..6,
        prop::sample::select(&["articles", "projects", "media"][..]),
        text(),
        description(),
        prop::sample::select(&[Lang::Zh, Lang::En, Lang::Ja, Lang::ZhEn][..]),
        prop::sample::select(
            &[
                Status::Normal,
                Status::Normal,
                Status::Removed,
                Status::TitleOnly,
            ][..],
        ),
        prop::sample::subsequence(vec!["async", "web", "data"], 0..=2),
        prop::option::of(prop::sample::select(
            &["https://www.github.com/x", "https://docs.python.org/3/"][..],
        )),
    )
        .prop_map(
            |(edition, issue, section, title, desc, lang, status, tags, url)| Entry {
                id: String::new(),
                edition,
                issue,
                section: section.to_string(),
                section_title: section.to_string(),
                position: 0,
                number: None,
                title,
                url: url.map(str::to_string),
                description: desc,
                lang,
                status,
                tags: tags.into_iter().map(str::to_string).collect(),
                children: vec![],
            },
        )
}

/// Up to three paragraphs of text leaves, some in code, emphasis, bold or
/// a link: the engine finds each leaf's marks in the folded description.
fn description() -> impl Strategy<Value = Vec<Block>> {
    let inline = (0..5u8, text()).prop_map(|(kind, text)| match kind {
        0 | 1 => Inline::Text(text),
        2 => Inline::Code { code: text },
        3 => Inline::Emphasis {
            em: vec![
                Inline::Text(text),
                Inline::Code {
                    code: "print()".into(),
                },
            ],
        },
        _ => Inline::Link {
            href: "https://example.com/".into(),
            text: vec![Inline::Strong {
                strong: vec![Inline::Text(text)],
            }],
        },
    });
    prop::collection::vec(
        prop::collection::vec(inline, 0..4).prop_map(|inlines| Block { inlines }),
        0..4,
    )
}

fn archive_from(mut entries: Vec<Entry>) -> Archive {
    for (i, e) in entries.iter_mut().enumerate() {
        e.position = i as u32 + 1;
        e.id = entry_id(e.edition, e.issue, &e.section, e.position);
    }
    let mut issues = Vec::new();
    for edition in Edition::ALL {
        for number in 1..6u32 {
            issues.push(Issue {
                edition,
                number,
                date: format!("{}-0{}-1{}", 2022 + number / 2, number, edition as u8),
                title: format!("#{number}"),
                source: String::new(),
                title_only: false,
                stated_counts: Default::default(),
            });
        }
    }
    let label = |zh: &str, en: &str| Labels {
        zh: zh.into(),
        en: en.into(),
        ja: en.into(),
    };
    Archive {
        format_version: FORMAT_VERSION,
        issues,
        entries,
        sections: vec![],
        tags: vec![
            TagInfo {
                id: "async".into(),
                labels: label("异步", "Async"),
            },
            TagInfo {
                id: "web".into(),
                labels: label("Web 开发", "Web"),
            },
            TagInfo {
                id: "data".into(),
                labels: label("数据科学", "Data science"),
            },
        ],
        issue_url: None,
    }
}

fn query() -> impl Strategy<Value = Query> {
    (
        prop::collection::vec(
            prop::sample::select(
                &[
                    "py",
                    "Py",
                    "async",
                    "ＡＳ",
                    "异",
                    "异步",
                    "步编",
                    "cafe",
                    "Café",
                    "c++",
                    "3.1",
                    "12",
                    "x",
                    "数据 py",
                    "github",
                    "web",
                    "プロ",
                    "rust-",
                    "pyth",
                    "asyncio",
                    "asyncios",
                    "#rust",
                ][..],
            ),
            0..3,
        ),
        prop::sample::subsequence(vec!["articles", "projects", "books"], 0..=2),
        prop::sample::subsequence(vec!["async", "data"], 0..=1),
        prop::sample::subsequence(vec![Lang::En, Lang::Zh], 0..=1),
        prop::sample::subsequence(vec![Edition::Zh, Edition::Ja], 0..=1),
        prop::sample::subsequence(vec![2022u16, 2023, 2024], 0..=2),
        (
            prop::option::of(1u32..4),
            prop::option::of(2u32..6),
            any::<bool>(),
            prop::sample::select(vec![Sort::NewestFirst, Sort::OldestFirst, Sort::BestMatch]),
            any::<bool>(),
        ),
        (0usize..4, 1usize..6),
    )
        .prop_map(
            |(
                text,
                sections,
                tags,
                langs,
                editions,
                years,
                (from, to, removed, sort, once),
                (offset, limit),
            )| Query {
                text: text.join(" "),
                sections: sections.into_iter().map(str::to_string).collect(),
                tags: tags.into_iter().map(str::to_string).collect(),
                langs,
                editions,
                years,
                issue_from: from,
                issue_to: to,
                include_removed: removed,
                each_link_once: once,
                sort,
                offset,
                limit,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The viewer shows rows from the first entries of the file before the
    /// rest has come: in the order the builder writes them, any query on a
    /// first part of the entries finds the first of its matches.
    #[test]
    fn a_first_part_of_an_archive_in_listing_order_finds_the_first_matches(
        entries in prop::collection::vec(entry(), 0..40),
        mut q in query(),
        cut in 0usize..40,
    ) {
        let mut archive = archive_from(entries);
        let before = archive.entries.clone();
        weekly_core::query::in_listing_order(&mut archive);
        // It tells an archive in that order from one in another.
        let was_listed = before == archive.entries;
        prop_assert_eq!(Engine::new(&archive_from(before)).is_in_listing_order(), was_listed);
        let whole = Engine::new(&archive);
        prop_assert!(whole.is_in_listing_order());
        let listed: Vec<usize> = whole
            .run(&archive, &Query { limit: usize::MAX, include_removed: true, ..Query::default() })
            .rows
            .iter()
            .map(|r| r.entry)
            .collect();
        prop_assert_eq!(listed, (0..archive.entries.len()).collect::<Vec<_>>());

        q.sort = Sort::NewestFirst;
        q.offset = 0;
        let cut = cut.min(archive.entries.len());
        let mut first = archive.clone();
        first.entries.truncate(cut);
        let got: Vec<usize> = Engine::new(&first).run(&first, &q).rows.iter().map(|r| r.entry).collect();
        let all = Query { limit: usize::MAX, ..q.clone() };
        let expected: Vec<usize> = whole
            .run(&archive, &all)
            .rows
            .iter()
            .map(|r| r.entry)
            .filter(|&e| e < cut)
            .take(q.limit)
            .collect();
        prop_assert_eq!(got, expected);
    }

    /// A reader types a query key by key and deletes it again, while the
    /// index is built a slice at a time: each keystroke's answer (which
    /// may start from the last one's hits) is what a naive scan returns.
    #[test]
    fn typing_key_by_key_finds_what_a_naive_scan_finds(
        entries in prop::collection::vec(entry(), 0..40),
        q in query(),
        slice in 0usize..8,
    ) {
        let archive = archive_from(entries);
        let engine = Engine::new(&archive);
        let chars: Vec<char> = q.text.chars().collect();
        let typed = (1..=chars.len()).chain((0..chars.len()).rev());
        for n in typed {
            engine.prepare_search_step(&archive, slice);
            let key = Query { text: chars[..n].iter().collect(), ..q.clone() };
            let result = engine.run(&archive, &key);
            let (hits, _, _) = naive_run(&archive, &key);
            prop_assert_eq!(result.total, hits.len(), "{:?}", key.text);
            let window: Vec<usize> = hits.iter().copied().skip(key.offset).take(key.limit).collect();
            let rows: Vec<usize> = result.rows.iter().map(|r| r.entry).collect();
            prop_assert_eq!(rows, window, "{:?}", key.text);
        }
    }

    /// Best match on its own, over every match: the facets and the window
    /// of the test above leave few matches to order.
    #[test]
    fn best_match_orders_the_matches_as_a_naive_score_does(
        entries in prop::collection::vec(entry(), 0..40),
        q in query(),
        indexed in any::<bool>(),
    ) {
        let archive = archive_from(entries);
        let engine = Engine::new(&archive);
        if indexed {
            engine.prepare_search(&archive);
        }
        let q = Query { text: q.text, sort: Sort::BestMatch, limit: usize::MAX, include_removed: true, ..Query::default() };
        let rows: Vec<usize> = engine.run(&archive, &q).rows.iter().map(|r| r.entry).collect();
        let (hits, _, _) = naive_run(&archive, &q);
        prop_assert_eq!(rows, hits, "{:?}", q.text);
    }

    #[test]
    fn engine_returns_what_a_naive_scan_returns(
        entries in prop::collection::vec(entry(), 0..40),
        q in query(),
        // The text index built in `steps` slices of `slice` entries first
        // (possibly not to the end: the search then finishes it).
        (steps, slice) in (0usize..12, 1usize..16),
        // As the builder writes it (the rows of a newest-first view are
        // then the matches as found), or in any order.
        listed in any::<bool>(),
    ) {
        let mut archive = archive_from(entries);
        if listed {
            weekly_core::query::in_listing_order(&mut archive);
        }
        let engine = Engine::new(&archive);
        for _ in 0..steps {
            let done = engine.prepare_search_step(&archive, slice);
            prop_assert_eq!(done, engine.prepare_search_step(&archive, 0));
        }
        let result = engine.run(&archive, &q);
        let (hits, section_counts, year_counts) = naive_run(&archive, &q);
        prop_assert_eq!(result.total, hits.len());
        let window: Vec<usize> = hits.iter().copied().skip(q.offset).take(q.limit).collect();
        let rows: Vec<usize> = result.rows.iter().map(|r| r.entry).collect();
        prop_assert_eq!(rows, window);
        for (section, n) in section_counts {
            let got = result.counts.sections.iter().find(|c| *c.key == *section).map(|c| c.count);
            prop_assert_eq!(got, Some(n), "section {}", section);
        }
        for (year, n) in year_counts {
            let got = result.counts.years.iter().find(|c| c.key == year).map(|c| c.count);
            prop_assert_eq!(got, Some(n), "year {}", year);
        }
        // A tag is marked when one of its labels holds a term.
        let query: String = naive_fold(&q.text).into_iter().collect();
        for row in &result.rows {
            let expected: Vec<bool> = archive.entries[row.entry]
                .tags
                .iter()
                .map(|tag| {
                    archive.tags.iter().find(|t| &t.id == tag).is_some_and(|info| {
                        let l = &info.labels;
                        let labels = naive_fold(&format!("{}\n{}\n{}", l.zh, l.en, l.ja));
                        query
                            .split_whitespace()
                            .any(|term| naive_contains(&labels, &term.chars().collect::<Vec<_>>()))
                    })
                })
                .collect();
            // (A tag past the end of the list is not marked.)
            let mut marked = row.highlights.tags.clone();
            marked.resize(expected.len(), false);
            prop_assert_eq!(&marked, &expected, "{:?}", q.text);
        }
        // The marks are those of `highlights`, which folds and reads every
        // part (the engine skips parts its folded text rules out; a leaf
        // past the end of its list has no marks).
        let terms = weekly_core::query::terms(&q.text);
        let trimmed = |mut leaves: Vec<Vec<Range<usize>>>| {
            while leaves.last().is_some_and(Vec::is_empty) {
                leaves.pop();
            }
            leaves
        };
        for row in &result.rows {
            let expected = weekly_core::query::highlights(&archive.entries[row.entry], &terms);
            prop_assert_eq!(&row.highlights.title, &expected.title);
            prop_assert_eq!(trimmed(row.highlights.description.clone()), trimmed(expected.description));
        }
        // Every highlight is on a char boundary and folds to a query term.
        for row in &result.rows {
            let title = &archive.entries[row.entry].title;
            for r in &row.highlights.title {
                prop_assert!(title.is_char_boundary(r.start) && title.is_char_boundary(r.end));
                let marked = weekly_core::fold::fold(&title[r.clone()]);
                prop_assert!(terms.iter().any(|t| marked.contains(t.folded.as_str())), "{:?} in {:?}", marked, title);
            }
        }
    }
}

// -------------------------------------------------------- behaviours

fn entry_with(edition: Edition, issue: u32, section: &str, title: &str, lang: Lang) -> Entry {
    Entry {
        id: String::new(),
        edition,
        issue,
        section: section.into(),
        section_title: section.into(),
        position: 0,
        number: None,
        title: title.into(),
        url: Some("https://example.com/a".into()),
        description: vec![],
        lang,
        status: Status::Normal,
        tags: vec![],
        children: vec![],
    }
}

fn small_archive() -> Archive {
    archive_from(vec![
        entry_with(Edition::Zh, 1, "articles", "异步编程入门", Lang::Zh),
        entry_with(Edition::Zh, 1, "articles", "Asyncio 教程", Lang::En),
        entry_with(Edition::Zh, 1, "projects", "uv：极速的包管理器", Lang::Zh),
        entry_with(
            Edition::En,
            3,
            "articles",
            "Async Python in depth",
            Lang::En,
        ),
        entry_with(Edition::En, 3, "media", "A talk on typing", Lang::En),
    ])
}

#[test]
fn a_tag_declared_twice_is_searched_and_marked_by_its_first_labels() {
    let mut archive = small_archive();
    archive.entries[0].tags = vec!["async".into()];
    let mut again = archive.tags[0].clone();
    again.labels.en = "Concurrency".into();
    archive.tags.push(again);
    let engine = Engine::new(&archive);
    let search = |text: &str| {
        engine.run(
            &archive,
            &Query {
                text: text.into(),
                limit: 10,
                ..Query::default()
            },
        )
    };
    // "Async" is in the first declaration's labels (and in titles).
    let found = search("async");
    let row = found
        .rows
        .iter()
        .find(|r| r.entry == 0)
        .expect("found by its tag");
    assert_eq!(row.highlights.tags, [true]);
    assert_eq!(
        search("concurrency").total,
        0,
        "the second declaration is not read"
    );
}

#[test]
fn browsing_shows_everything_newest_issue_first_in_the_authors_order() {
    let archive = small_archive();
    let engine = Engine::new(&archive);
    let all = engine.run(
        &archive,
        &Query {
            limit: 10,
            ..Query::default()
        },
    );
    assert_eq!(all.total, 5);
    let order: Vec<usize> = all.rows.iter().map(|r| r.entry).collect();
    assert_eq!(order, vec![3, 4, 0, 1, 2]);
    let oldest = engine.run(
        &archive,
        &Query {
            limit: 10,
            sort: Sort::OldestFirst,
            ..Query::default()
        },
    );
    let order: Vec<usize> = oldest.rows.iter().map(|r| r.entry).collect();
    assert_eq!(order, vec![0, 1, 2, 3, 4]);
}

#[test]
fn counts_are_disjunctive_within_a_facet_and_conjunctive_across() {
    let archive = small_archive();
    let engine = Engine::new(&archive);
    let q = Query {
        sections: vec!["articles".into()],
        langs: vec![Lang::En],
        limit: 10,
        ..Query::default()
    };
    let r = engine.run(&archive, &q);
    assert_eq!(r.total, 2);
    let count = |key: &str| {
        r.counts
            .sections
            .iter()
            .find(|c| &*c.key == key)
            .unwrap()
            .count
    };
    // With lang=en applied but not the section choice itself.
    assert_eq!(count("articles"), 2);
    assert_eq!(count("media"), 1);
    assert_eq!(count("projects"), 0);
    let lang = |l: Lang| r.counts.langs.iter().find(|c| c.key == l).unwrap().count;
    assert_eq!(lang(Lang::Zh), 1);
    assert_eq!(lang(Lang::En), 2);
}

#[test]
fn search_folds_case_and_width_and_highlights_the_original_text() {
    let archive = small_archive();
    let engine = Engine::new(&archive);
    let r = engine.run(
        &archive,
        &Query {
            text: "ＡＳＹＮＣ".into(),
            limit: 10,
            ..Query::default()
        },
    );
    let hits: Vec<usize> = r.rows.iter().map(|r| r.entry).collect();
    assert_eq!(hits, vec![3, 1]);
    let title = &archive.entries[1].title;
    let marks: Vec<&str> = r.rows[1]
        .highlights
        .title
        .iter()
        .map(|x: &Range<usize>| &title[x.clone()])
        .collect();
    assert_eq!(marks, vec!["Async"]);

    let r = engine.run(
        &archive,
        &Query {
            text: "步编".into(),
            limit: 10,
            ..Query::default()
        },
    );
    assert_eq!(r.total, 1);
    assert_eq!(r.rows[0].highlights.title, vec![3..9]);

    // Several terms must all match; a Latin term matches word starts only.
    let r = engine.run(
        &archive,
        &Query {
            text: "async dep".into(),
            limit: 10,
            ..Query::default()
        },
    );
    assert_eq!(r.total, 1);
    let r = engine.run(
        &archive,
        &Query {
            text: "sync".into(),
            limit: 10,
            ..Query::default()
        },
    );
    assert_eq!(r.total, 0);
}

#[test]
fn removed_entries_are_hidden_unless_asked_for_and_unknown_options_match_nothing() {
    let mut archive = small_archive();
    archive.entries[0].status = Status::Removed;
    let engine = Engine::new(&archive);
    assert_eq!(engine.run(&archive, &Query::default()).total, 4);
    let q = Query {
        include_removed: true,
        ..Query::default()
    };
    assert_eq!(engine.run(&archive, &q).total, 5);
    let q = Query {
        tags: vec!["no-such-tag".into()],
        ..Query::default()
    };
    assert_eq!(engine.run(&archive, &q).total, 0);
}

#[test]
fn entries_sharing_a_link_find_each_other_oldest_first() {
    let mut archive = small_archive();
    archive.entries[0].url = Some("https://example.com/post/".into());
    archive.entries[3].url = Some("http://www.example.com/post?utm_source=weekly".into());
    archive.entries[4].url = None;
    let engine = Engine::new(&archive);
    assert_eq!(engine.same_link(0).collect::<Vec<_>>(), vec![3]);
    assert_eq!(engine.same_link(3).collect::<Vec<_>>(), vec![0]);
    // Entries 1 and 2 share "https://example.com/a" (oldest issue first).
    assert_eq!(engine.same_link(2).collect::<Vec<_>>(), vec![1]);
    assert_eq!(engine.same_link(4).count(), 0, "no link, no group");
    assert_eq!(engine.same_link(99).count(), 0, "out of range is empty");
}

#[test]
fn each_link_once_keeps_the_newest_appearance_per_edition() {
    let mut archive = small_archive();
    for e in &mut archive.entries {
        e.url = Some("https://docs.python.org/3/".into());
    }
    let engine = Engine::new(&archive);
    let q = Query {
        each_link_once: true,
        limit: 10,
        ..Query::default()
    };
    let r = engine.run(&archive, &q);
    let rows: Vec<usize> = r.rows.iter().map(|r| r.entry).collect();
    // One per edition: en #3's first entry, zh #1's first entry.
    assert_eq!(rows, vec![3, 0]);
    assert!(
        is_repeat(&archive, 1)
            && is_repeat(&archive, 4)
            && !is_repeat(&archive, 0)
            && !is_repeat(&archive, 3)
    );
}

#[test]
fn trends_count_entries_per_topic_and_quarter() {
    let mut archive = small_archive();
    archive.entries[0].tags = vec!["async".into()];
    archive.entries[1].tags = vec!["async".into(), "web".into()];
    archive.entries[3].tags = vec!["async".into()];
    archive.entries[4].tags = vec!["async".into()];
    archive.entries[4].status = Status::Removed;
    let trends = weekly_core::query::trends(&archive);
    // Issue 1 is dated 2022-01, issue 3 2023-03: both in a first quarter.
    let q1 = trends
        .quarters
        .iter()
        .position(|q| *q == (2022, 1))
        .unwrap();
    let q3 = trends
        .quarters
        .iter()
        .position(|q| *q == (2023, 1))
        .unwrap();
    let counts = |id: &str| {
        trends
            .topics
            .iter()
            .find(|(t, _)| t == id)
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(counts("async")[q1], 2);
    assert_eq!(counts("async")[q3], 1, "removed entries do not count");
    assert_eq!(counts("web")[q1], 1);
    assert_eq!(counts("data").iter().sum::<usize>(), 0);
    assert!(trends.quarters.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(trends.issue_ranges[q1], (1, 1));
}

#[test]
fn the_newest_quarter_is_partial_until_its_last_week() {
    let mut archive = small_archive();
    let newest = |archive: &mut Archive, date: &str| {
        for issue in archive.issues.iter_mut().filter(|i| i.number == 5) {
            issue.date = date.into();
        }
        weekly_core::query::trends(archive).last_is_partial
    };
    // Issue 5 is the newest: May 2024, a month before its quarter ends.
    assert!(weekly_core::query::trends(&archive).last_is_partial);
    assert!(
        newest(&mut archive, "2024-06-23"),
        "June 30 may bring one more"
    );
    assert!(!newest(&mut archive, "2024-06-24"));
    assert!(newest(&mut archive, "2024-12-24"), "December has 31 days");
    assert!(!newest(&mut archive, "2024-12-25"));
    assert!(!newest(&mut archive, "2024-09-30"));
    assert!(newest(&mut archive, "2025-01-02"));
    assert!(!newest(&mut archive, "not a date"), "nothing is claimed");
}

#[test]
fn tens_of_thousands_of_distinct_tags_sections_and_years_keep_their_identity() {
    // A hostile or generated archive: every entry has its own section, tag
    // and year. Positions must not wrap (past u16 for tags, u8 for years)
    // and building the engine must not compare every id with every other.
    const N: u32 = 70_000;
    let mut entries = Vec::new();
    let mut issues = Vec::new();
    for i in 0..N {
        let mut e = entry_with(Edition::Zh, i + 1, &format!("s{i}"), "t", Lang::Zh);
        e.tags = vec![format!("tag{i}")];
        e.position = 1;
        e.id = entry_id(e.edition, e.issue, &e.section, e.position);
        entries.push(e);
        issues.push(Issue {
            edition: Edition::Zh,
            number: i + 1,
            // 1000 distinct years (1000..=1999), 70 issues each.
            date: format!("{}-01-01", 1000 + i % 1000),
            title: format!("#{}", i + 1),
            source: String::new(),
            title_only: false,
            stated_counts: Default::default(),
        });
    }
    let archive = Archive {
        issues,
        entries,
        ..archive_from(vec![])
    };
    let engine = Engine::new(&archive);
    let query = |q: Query| engine.run(&archive, &Query { limit: 100, ..q });

    let one_tag = query(Query {
        tags: vec!["tag66000".into()],
        ..Query::default()
    });
    assert_eq!(one_tag.total, 1);
    assert_eq!(archive.entries[one_tag.rows[0].entry].tags, ["tag66000"]);
    let count = |counts: &[weekly_core::query::FacetCount<std::sync::Arc<str>>], key: &str| {
        counts.iter().find(|c| &*c.key == key).map(|c| c.count)
    };
    assert_eq!(count(&one_tag.counts.tags, "tag66000"), Some(1));
    assert_eq!(
        count(&one_tag.counts.tags, "tag464"),
        Some(1),
        "66000 - 65536"
    );
    assert_eq!(count(&one_tag.counts.sections, "s66000"), Some(1));

    let one_section = query(Query {
        sections: vec!["s69999".into()],
        ..Query::default()
    });
    assert_eq!(one_section.total, 1);
    assert_eq!(archive.entries[one_section.rows[0].entry].section, "s69999");

    let year = query(Query {
        years: vec![1300],
        ..Query::default()
    });
    assert_eq!(year.total, 70);
    assert!(year
        .rows
        .iter()
        .all(|r| (archive.entries[r.entry].issue - 1) % 1000 == 300));
    assert_eq!(year.counts.years.len(), 1000);
    assert!(year.counts.years.iter().all(|c| c.count == 70));
}

#[test]
fn each_entry_finds_its_issue_and_an_orphan_finds_none() {
    let mut archive = small_archive();
    archive
        .entries
        .push(entry_with(Edition::Ja, 99, "articles", "orphan", Lang::Ja));
    let engine = Engine::new(&archive);
    for (i, entry) in archive.entries.iter().enumerate() {
        let found = engine
            .issue(&archive, i)
            .map(|issue| (issue.edition, issue.number));
        let expected = (entry.issue != 99).then_some((entry.edition, entry.issue));
        assert_eq!(found, expected, "{}", entry.title);
    }
    assert!(engine.issue(&archive, archive.entries.len()).is_none());
}

#[test]
fn related_entries_are_the_same_link_and_the_translation_at_the_same_place() {
    let at = |edition, issue, position, url: &str| {
        let mut e = entry_with(edition, issue, "articles", url, Lang::En);
        e.url = Some(format!("https://example.com/{url}"));
        (e, position)
    };
    let placed = vec![
        at(Edition::Zh, 1, 1, "zh-translation"), // 0: en's 1 is its original
        at(Edition::En, 1, 1, "original"),       // 1
        at(Edition::Zh, 1, 2, "shared"),         // 2: the same link in en
        at(Edition::En, 1, 2, "shared"),         // 3
        at(Edition::Zh, 1, 3, "zh-only"),        // 4: en's 3 is another item,
        at(Edition::En, 1, 3, "elsewhere"),      // 5: whose link is in zh #2
        at(Edition::Zh, 2, 1, "elsewhere"),      // 6
        at(Edition::En, 2, 1, "en-2"),           // 7: zh #2 has another date
    ];
    let mut archive = archive_from(placed.iter().map(|(e, _)| e.clone()).collect());
    for (entry, (_, position)) in archive.entries.iter_mut().zip(&placed) {
        entry.position = *position;
        entry.id = entry_id(entry.edition, entry.issue, &entry.section, entry.position);
    }
    // The editions' #1 share a date (translations of one issue); #2 do not.
    for issue in archive.issues.iter_mut().filter(|i| i.number == 1) {
        issue.date = "2024-01-06".into();
    }
    let engine = Engine::new(&archive);
    let related = |e: usize| engine.related(&archive, e);
    assert_eq!(related(0), [1], "the translation, by place");
    assert_eq!(related(1), [0], "and back");
    assert_eq!(related(2), [3], "the same link");
    assert_eq!(related(3), [2]);
    assert_eq!(related(4), Vec::<usize>::new(), "not another item");
    assert_eq!(related(5), [6], "its link, not its place");
    assert_eq!(related(7), Vec::<usize>::new(), "not another issue's date");
}

#[test]
fn the_text_index_can_be_built_in_slices() {
    let archive = small_archive();
    let engine = Engine::new(&archive);
    let steps: Vec<bool> = (0..10)
        .map(|_| engine.prepare_search_step(&archive, 2))
        .collect();
    let mut expected = [false; 10];
    expected[8..].fill(true);
    assert_eq!(
        steps, expected,
        "5 entries, 2 at a time: texts folded in 3 steps, indexed in 3, postings filled in 3"
    );
    let query = Query {
        text: "async".into(),
        limit: 10,
        ..Query::default()
    };
    let rows = |engine: &Engine| -> Vec<usize> {
        let found = engine.run(&archive, &query);
        found.rows.iter().map(|r| r.entry).collect()
    };
    assert_eq!(rows(&engine), [3, 1], "Async Python in depth, Asyncio 教程");
    // A search in the middle of any phase reads the folded texts instead
    // of waiting for the index, with the same answer; the index then goes
    // on being built where it was.
    for done in 0..9 {
        let engine = Engine::new(&archive);
        (0..done).for_each(|_| {
            engine.prepare_search_step(&archive, 2);
        });
        assert_eq!(rows(&engine), [3, 1], "after {done} steps");
        let rest = (0..10)
            .take_while(|_| !engine.prepare_search_step(&archive, 2))
            .count();
        assert_eq!(rest, 8 - done.max(3), "after {done} steps");
        assert_eq!(rows(&engine), [3, 1], "after {done} steps, then the index");
    }
}

// ------------------------------------------------------------ highlights

/// The highlight ranges as the spec says, character by character: each
/// character that folds to one is paired with its original bytes (a
/// combining accent joins the letter before it), every window of folded
/// characters equal to a term is a hit (a Latin term only at a word's
/// start), and the hits are merged.
fn naive_ranges(text: &str, terms: &[weekly_core::index::Term]) -> Vec<Range<usize>> {
    let mut chars: Vec<(char, usize, usize)> = Vec::new();
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        match weekly_core::fold::fold_char(c) {
            Some(f) => chars.push((f, start, end)),
            None => {
                if let Some(last) = chars.last_mut() {
                    last.2 = end;
                }
            }
        }
    }
    let mut found = Vec::new();
    for term in terms {
        let needle: Vec<char> = term.folded.chars().collect();
        if needle.is_empty() || needle.len() > chars.len() {
            continue;
        }
        for at in 0..=chars.len() - needle.len() {
            let starts_word = at == 0 || !chars[at - 1].0.is_ascii_alphanumeric();
            let window = chars[at..at + needle.len()].iter().map(|c| c.0);
            if (!term.word_start || starts_word) && window.eq(needle.iter().copied()) {
                found.push(chars[at].1..chars[at + needle.len() - 1].2);
            }
        }
    }
    found.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in found {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[test]
fn highlights_are_the_original_bytes_of_each_folded_match() {
    use weekly_core::query::{ranges_in, terms};
    let text = "Ｐｙ é\u{301}x 中 哈哈哈";
    // Full-width letters are three bytes each.
    assert_eq!(ranges_in(text, &terms("py")), vec![0..6]);
    // The combining accent is part of the letter it follows.
    assert_eq!(ranges_in(text, &terms("ex")), vec![7..12]);
    assert_eq!(ranges_in(text, &terms("中")), vec![13..16]);
    // Overlapping matches are all marked, as one range.
    assert_eq!(ranges_in(text, &terms("哈哈")), vec![17..26]);
    // A Latin term matches at a word's start only.
    assert_eq!(
        ranges_in("typing type", &terms("yp")),
        Vec::<Range<usize>>::new()
    );
    assert_eq!(ranges_in("typing type", &terms("typ")), vec![0..3, 7..10]);
    assert_eq!(ranges_in("", &terms("a")), Vec::<Range<usize>>::new());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The highlights are exactly the naive character-by-character ones,
    /// for text mixing ASCII, full-width, accented, combining, Greek and
    /// CJK characters, and terms cut from that text or made up.
    #[test]
    fn highlights_are_what_a_naive_scan_marks(
        text in proptest::collection::vec(proptest::sample::select(vec![
            'a', 'A', 'b', 'p', 'y', '3', ' ', '-', 'Ａ', 'ｐ', 'é', 'É', '\u{301}', 'Σ', 'σ', '中', '哈', '　', 'ß',
        ]), 0..24).prop_map(|cs| cs.into_iter().collect::<String>()),
        cut in (0usize..24, 1usize..5),
        made_up in "[aApé哈 ]{0,4}",
        use_cut in any::<bool>(),
    ) {
        let chars: Vec<char> = text.chars().collect();
        let query = if use_cut && !chars.is_empty() {
            let from = cut.0 % chars.len();
            chars[from..(from + cut.1).min(chars.len())].iter().collect::<String>()
        } else {
            made_up
        };
        let terms = weekly_core::query::terms(&query);
        prop_assert_eq!(weekly_core::query::ranges_in(&text, &terms), naive_ranges(&text, &terms), "{:?} in {:?}", query, text);
    }
}
