//! The feeds written next to `archive.json`: every RSS and JSON feed of the
//! samples parses with `feed-rs` and holds the items it should, text is
//! escaped, the OPML lists every topic feed, and the output is
//! deterministic.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use weekly_builder::feeds::{self, json_feed_path, FeedKind, SiteUrl, MAX_ITEMS};
use weekly_builder::tags::Taxonomy;
use weekly_builder::{build, read_inputs, DEFAULT_ISSUE_URL};
use weekly_core::archive::{
    entry_id, Archive, Block, Edition, Entry, Inline, Issue, Labels, Lang, Status, TagInfo,
    FORMAT_VERSION,
};
use weekly_core::links::normalize_url;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn samples() -> Archive {
    let root = workspace();
    let mut inputs =
        read_inputs(&[root.join("samples/zh"), root.join("samples/en")], None).unwrap();
    inputs.taxonomy = Some(Taxonomy::load(&root.join("taxonomy.toml")).unwrap());
    inputs.issue_url = Some(DEFAULT_ISSUE_URL.into());
    let (archive, report) = build(inputs, |_, _| {});
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    archive
}

/// A fresh, empty folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("weekly-feeds-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every (kind, id) the builder must write a feed for.
fn all_feeds(archive: &Archive) -> Vec<(FeedKind, String)> {
    let mut out: Vec<(FeedKind, String)> = Edition::ALL
        .iter()
        .map(|e| (FeedKind::Edition, e.code().to_string()))
        .collect();
    out.extend(archive.tags.iter().map(|t| (FeedKind::Tag, t.id.clone())));
    out.extend(
        archive
            .sections
            .iter()
            .map(|s| (FeedKind::Section, s.id.clone())),
    );
    out
}

fn belongs(kind: FeedKind, id: &str, entry: &Entry) -> bool {
    match kind {
        FeedKind::Edition => entry.edition.code() == id,
        FeedKind::Tag => entry.tags.iter().any(|t| t == id),
        FeedKind::Section => entry.section == id,
    }
}

/// The items a feed must hold, worked out independently of the builder:
/// normal entries with a link (and, in edition feeds, title-only ones),
/// newest issue first, one per normalized link, at most MAX_ITEMS.
fn expected_items<'a>(archive: &'a Archive, kind: FeedKind, id: &str) -> Vec<&'a Entry> {
    let date = |e: &Entry| {
        archive
            .issues
            .iter()
            .find(|i| i.edition == e.edition && i.number == e.issue)
            .map(|i| i.date.clone())
            .unwrap()
    };
    let mut entries: Vec<(usize, &Entry)> = archive
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| match e.status {
            Status::Normal => e.url.is_some(),
            Status::TitleOnly => kind == FeedKind::Edition,
            Status::Removed => false,
        })
        .filter(|(_, e)| belongs(kind, id, e))
        .collect();
    entries.sort_by(|(ia, a), (ib, b)| {
        date(b)
            .cmp(&date(a))
            .then(a.edition.cmp(&b.edition))
            .then(ia.cmp(ib))
    });
    let mut seen = HashSet::new();
    entries
        .into_iter()
        .map(|(_, e)| e)
        .filter(|e| match e.status {
            Status::TitleOnly => true,
            _ => seen.insert(normalize_url(e.url.as_deref().unwrap())),
        })
        .take(MAX_ITEMS)
        .collect()
}

fn file<'a>(rendered: &'a feeds::Feeds, path: &str) -> &'a [u8] {
    &rendered
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} was not rendered"))
        .bytes
}

fn parse_feed(bytes: &[u8], path: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(bytes).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

/// The RSS must be well-formed XML (feed-rs is lenient).
fn parse_xml<'a>(text: &'a str, path: &str) -> roxmltree::Document<'a> {
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{path} is not XML: {e}"))
}

fn label(labels: &Labels, lang: Edition) -> &str {
    labels.get(lang)
}

#[test]
fn every_feed_parses_with_the_expected_items() {
    let archive = samples();
    let site = SiteUrl::default();
    let rendered = feeds::render(&archive, &site);
    let issue_date: BTreeMap<(Edition, u32), &str> = archive
        .issues
        .iter()
        .map(|i| ((i.edition, i.number), i.date.as_str()))
        .collect();
    let tag_labels: BTreeMap<&str, &Labels> = archive
        .tags
        .iter()
        .map(|t| (t.id.as_str(), &t.labels))
        .collect();
    let mut counts = Vec::new();
    for (kind, id) in all_feeds(&archive) {
        let rss_path = feeds::feed_path(kind, &id);
        let json_path = json_feed_path(kind, &id);
        let expected = expected_items(&archive, kind, &id);
        counts.push(format!("{rss_path}: {}", expected.len()));
        assert_eq!(rendered.items.get(&rss_path), Some(&expected.len()));
        let lang = match kind {
            FeedKind::Edition => Edition::from_code(&id).unwrap(),
            _ => Edition::En,
        };
        let channel_label = match kind {
            FeedKind::Edition => None,
            FeedKind::Tag => Some(label(tag_labels[id.as_str()], lang).to_string()),
            FeedKind::Section => archive
                .sections
                .iter()
                .find(|s| s.id == id)
                .map(|s| label(&s.labels, lang).to_string()),
        };

        let rss_bytes = file(&rendered, &rss_path);
        parse_xml(std::str::from_utf8(rss_bytes).unwrap(), &rss_path);
        for (path, bytes) in [
            (&rss_path, rss_bytes),
            (&json_path, file(&rendered, &json_path)),
        ] {
            let feed = parse_feed(bytes, path);
            let title = feed.title.as_ref().unwrap().content.clone();
            if let Some(l) = &channel_label {
                assert!(title.contains(l.as_str()), "{path}: {title}");
                let description = &feed.description.as_ref().unwrap().content;
                assert!(description.contains(l.as_str()), "{path}: {description}");
            }
            assert_eq!(feed.language.as_deref(), Some(lang.code()), "{path}");
            let home = format!("{}?{}={id}", site.as_str(), kind.name());
            assert!(
                feed.links.iter().any(|l| l.href == home),
                "{path}: {:?}",
                feed.links
            );
            assert_eq!(feed.entries.len(), expected.len(), "{path}");
            if let Some(first) = expected.first() {
                let newest = issue_date[&(first.edition, first.issue)];
                if path.ends_with(".xml") {
                    let updated = feed.updated.expect("lastBuildDate").to_rfc3339();
                    assert_eq!(updated, format!("{newest}T00:00:00+00:00"), "{path}");
                }
            }
            for (item, entry) in feed.entries.iter().zip(&expected) {
                assert_eq!(item.id, entry.id, "{path}");
                assert_eq!(item.title.as_ref().unwrap().content, entry.title, "{path}");
                let date = issue_date[&(entry.edition, entry.issue)];
                let link = match entry.status {
                    Status::TitleOnly => format!("https://pythoncat.top/posts/{date}-weekly"),
                    _ => entry.url.clone().unwrap(),
                };
                assert_eq!(
                    item.links.first().map(|l| l.href.as_str()),
                    Some(link.as_str()),
                    "{path}"
                );
                assert_eq!(
                    item.published.unwrap().to_rfc3339(),
                    format!("{date}T00:00:00+00:00"),
                    "{path} {}",
                    entry.id
                );
                let terms: Vec<&str> = item.categories.iter().map(|c| c.term.as_str()).collect();
                let labels: Vec<&str> = entry
                    .tags
                    .iter()
                    .map(|t| label(tag_labels[t.as_str()], lang))
                    .collect();
                assert_eq!(terms, labels, "{path} {}", entry.id);
                let text = weekly_core::archive::plain_text(&entry.description);
                let body = if path.ends_with(".xml") {
                    item.summary.as_ref().map(|s| s.content.clone())
                } else {
                    item.content.as_ref().and_then(|c| c.body.clone())
                };
                let wanted = match (text.trim(), path.ends_with(".xml")) {
                    ("", true) => None,
                    ("", false) => Some(entry.title.clone()),
                    (t, _) => Some(t.to_string()),
                };
                assert_eq!(body, wanted, "{path} {}", entry.id);
            }
        }
    }
    // The samples have linked entries in both editions, in every section
    // with numbered items, and under many tags.
    assert!(rendered.items["feeds/edition-zh.xml"] > 10, "{counts:#?}");
    assert!(rendered.items["feeds/edition-en.xml"] > 10, "{counts:#?}");
    assert_eq!(rendered.items["feeds/edition-ja.xml"], 0, "{counts:#?}");
    assert!(rendered.items["feeds/section-articles.xml"] > 0);
    let tagged = rendered
        .items
        .iter()
        .filter(|(p, n)| p.starts_with("feeds/tag-") && **n > 0)
        .count();
    assert!(tagged >= 5, "{counts:#?}");
    eprintln!("{}", counts.join("\n"));
}

#[test]
fn titles_and_descriptions_are_escaped_text() {
    let mut archive = samples();
    let title = r#"<script>alert("x")</script> Tom's & Jerry's "tools" ]]>"#;
    let description = "a < b && c > d <b>bold</b> &amp; \u{1}done\u{7}";
    let entry = archive
        .entries
        .iter_mut()
        .filter(|e| e.edition == Edition::Zh && e.status == Status::Normal && e.url.is_some())
        .max_by_key(|e| e.issue)
        .unwrap();
    entry.title = title.into();
    entry.description = vec![Block {
        inlines: vec![
            Inline::Text(description.into()),
            Inline::Code { code: "<i>".into() },
        ],
    }];
    let id = entry.id.clone();
    let rendered = feeds::render(&archive, &SiteUrl::default());
    let rss_path = "feeds/edition-zh.xml";
    let rss = std::str::from_utf8(file(&rendered, rss_path)).unwrap();
    assert!(!rss.contains("<script>"), "raw markup in the feed");
    assert!(!rss.contains("<b>") && !rss.contains("<i>"));
    assert!(!rss.contains('\u{1}') && !rss.contains('\u{7}'));
    assert!(
        rss.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom&apos;s &amp; Jerry")
    );
    let wanted_text = "a < b && c > d <b>bold</b> &amp; done<i>";
    // A strict XML parser reads back exactly the text.
    let doc = parse_xml(rss, rss_path);
    let item = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("item")
                && n.children()
                    .any(|c| c.has_tag_name("guid") && c.text() == Some(id.as_str()))
        })
        .expect("the item");
    let child = |name: &str| {
        item.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap()
            .to_string()
    };
    assert_eq!(child("title"), title);
    assert_eq!(child("description"), wanted_text);
    // And so does feed-rs, in both formats.
    for path in [rss_path, "feeds/edition-zh.json"] {
        let feed = parse_feed(file(&rendered, path), path);
        let item = feed.entries.iter().find(|e| e.id == id).unwrap();
        assert_eq!(item.title.as_ref().unwrap().content, title, "{path}");
        let body = if path.ends_with(".xml") {
            item.summary.as_ref().unwrap().content.clone()
        } else {
            item.content.as_ref().unwrap().body.clone().unwrap()
        };
        assert_eq!(body, wanted_text, "{path}");
    }
    // The JSON Feed never carries HTML, only content_text.
    let json: serde_json::Value =
        serde_json::from_slice(file(&rendered, "feeds/edition-zh.json")).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id.as_str())
        .unwrap();
    assert_eq!(item["content_text"], wanted_text);
    assert!(item.get("content_html").is_none());
}

fn synthetic_entry(issue: u32, position: u32, url: &str, tags: &[&str]) -> Entry {
    Entry {
        id: entry_id(Edition::En, issue, "articles", position),
        edition: Edition::En,
        issue,
        section: "articles".into(),
        section_title: "Articles".into(),
        position,
        number: Some(position),
        title: format!("Item {issue}.{position}"),
        url: Some(url.into()),
        description: vec![],
        lang: Lang::En,
        status: Status::Normal,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        children: vec![],
    }
}

/// 150 weekly-ish issues of one linked, tagged entry each, from 2000-01-01.
fn synthetic_archive() -> Archive {
    let mut issues = Vec::new();
    let mut entries = Vec::new();
    for n in 1..=150u32 {
        let i = n - 1;
        let date = format!(
            "{}-{:02}-{:02}",
            2000 + i / 36,
            i / 3 % 12 + 1,
            i % 3 * 10 + 1
        );
        issues.push(Issue {
            edition: Edition::En,
            number: n,
            date,
            title: format!("#{n}"),
            source: format!("{n}.md"),
            title_only: false,
            stated_counts: BTreeMap::new(),
        });
        entries.push(synthetic_entry(
            n,
            1,
            &format!("https://example.com/{n}"),
            &["async"],
        ));
    }
    // The newest issue repeats the link of #149 (with tracking noise).
    entries.push(synthetic_entry(
        150,
        2,
        "https://www.example.com/149/?utm_source=x",
        &["async"],
    ));
    // And has a removed item and a title-only one.
    let mut removed = synthetic_entry(150, 3, "https://example.com/removed", &["async"]);
    removed.status = Status::Removed;
    removed.url = None;
    let mut title_only = synthetic_entry(150, 4, "https://example.com/paid", &["async"]);
    title_only.status = Status::TitleOnly;
    title_only.url = None;
    entries.extend([removed, title_only]);
    Archive {
        format_version: FORMAT_VERSION,
        issues,
        entries,
        sections: vec![],
        tags: vec![TagInfo {
            id: "async".into(),
            labels: Labels {
                zh: "异步".into(),
                en: "Async & concurrency".into(),
                ja: "非同期".into(),
            },
        }],
        issue_url: Some(DEFAULT_ISSUE_URL.into()),
    }
}

#[test]
fn feeds_hold_the_newest_hundred_items_one_per_link() {
    let mut archive = synthetic_archive();
    // A leap day checks the RFC 822 weekday.
    archive.issues[0].date = "2000-02-29".into();
    archive.issues[1].date = "2000-02-29".into();
    let rendered = feeds::render(&archive, &SiteUrl::default());
    for path in [
        "feeds/tag-async.xml",
        "feeds/tag-async.json",
        "feeds/edition-en.xml",
        "feeds/edition-en.json",
    ] {
        let feed = parse_feed(file(&rendered, path), path);
        assert_eq!(feed.entries.len(), MAX_ITEMS, "{path}");
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        // #150's own link first, then its repeat of #149's link (kept: it
        // is newer than #149's, which is dropped), then (in the edition
        // feed only) #150's title-only item, then #148 down.
        assert_eq!(ids[0], "en-150-articles-1", "{path}");
        assert_eq!(ids[1], "en-150-articles-2", "{path}");
        let (title_only, rest) = if path.contains("edition") {
            assert_eq!(ids[2], "en-150-articles-4", "{path}");
            let link = &feed.entries[2].links[0].href;
            assert_eq!(link, "https://pythoncat.top/posts/2004-02-21-weekly");
            (1, &ids[3..])
        } else {
            (0, &ids[2..])
        };
        assert_eq!(rest[0], "en-148-articles-1", "{path}");
        assert_eq!(rest.len(), 98 - title_only);
        assert_eq!(
            *rest.last().unwrap(),
            ["en-51-articles-1", "en-52-articles-1"][title_only]
        );
        assert!(!ids.contains(&"en-149-articles-1"), "{path}");
        assert!(
            !ids.contains(&"en-150-articles-3"),
            "{path}: a removed item"
        );
        assert_eq!(
            ids.contains(&"en-150-articles-4"),
            title_only == 1,
            "{path}"
        );
        let dates: Vec<_> = feed.entries.iter().map(|e| e.published.unwrap()).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{path}: not newest first"
        );
    }
    assert_eq!(rendered.items["feeds/edition-zh.xml"], 0);
    // The whole history in a feed would show the leap day.
    archive.entries.retain(|e| e.issue <= 2);
    let rendered = feeds::render(&archive, &SiteUrl::default());
    let rss = std::str::from_utf8(file(&rendered, "feeds/tag-async.xml")).unwrap();
    assert!(
        rss.contains("<pubDate>Tue, 29 Feb 2000 00:00:00 +0000</pubDate>"),
        "{rss}"
    );
    assert!(rss.contains("<lastBuildDate>Tue, 29 Feb 2000 00:00:00 +0000</lastBuildDate>"));
    let json = std::str::from_utf8(file(&rendered, "feeds/tag-async.json")).unwrap();
    assert!(
        json.contains("\"date_published\": \"2000-02-29T00:00:00Z\""),
        "{json}"
    );
    // An empty feed is still a valid feed, without a lastBuildDate.
    let rss = std::str::from_utf8(file(&rendered, "feeds/edition-ja.xml")).unwrap();
    assert!(!rss.contains("lastBuildDate"));
    assert!(parse_feed(rss.as_bytes(), "edition-ja").entries.is_empty());
}

#[test]
fn title_only_items_link_to_the_archives_issue_page_and_need_one() {
    let mut archive = synthetic_archive();
    archive.issue_url = Some("https://example.org/{edition}/{number}/".into());
    let rendered = feeds::render(&archive, &SiteUrl::default());
    let feed = parse_feed(file(&rendered, "feeds/edition-en.json"), "edition-en");
    let paid = feed.entries.iter().find(|i| i.id == "en-150-articles-4");
    assert_eq!(
        paid.map(|i| i.links[0].href.as_str()),
        Some("https://example.org/en/150/")
    );
    // No page to link to: the title-only item is left out, not linked
    // to a guessed address.
    archive.issue_url = None;
    let rendered = feeds::render(&archive, &SiteUrl::default());
    let feed = parse_feed(file(&rendered, "feeds/edition-en.json"), "edition-en");
    assert!(feed.entries.iter().all(|i| i.id != "en-150-articles-4"));
    assert!(feed.entries.iter().any(|i| i.id == "en-150-articles-1"));
}

#[test]
fn removed_entries_are_never_items_and_title_only_ones_only_in_edition_feeds() {
    let archive = samples();
    let removed: Vec<&Entry> = archive
        .entries
        .iter()
        .filter(|e| e.status == Status::Removed)
        .collect();
    let title_only: Vec<&Entry> = archive
        .entries
        .iter()
        .filter(|e| e.status == Status::TitleOnly)
        .collect();
    assert!(!removed.is_empty() && !title_only.is_empty());
    let rendered = feeds::render(&archive, &SiteUrl::default());
    let mut seen_title_only = 0;
    for f in rendered.files.iter().filter(|f| !f.path.ends_with(".opml")) {
        let feed = parse_feed(&f.bytes, &f.path);
        for e in &removed {
            assert!(
                !feed.entries.iter().any(|i| i.id == e.id),
                "{} lists {}",
                f.path,
                e.id
            );
        }
        let edition = f.path.starts_with("feeds/edition-");
        for e in &title_only {
            let Some(item) = feed.entries.iter().find(|i| i.id == e.id) else {
                continue;
            };
            assert!(edition, "{} lists the title-only {}", f.path, e.id);
            let date = &archive
                .issues
                .iter()
                .find(|i| i.edition == e.edition && i.number == e.issue)
                .unwrap()
                .date;
            assert_eq!(
                item.links[0].href,
                format!("https://pythoncat.top/posts/{date}-weekly")
            );
            seen_title_only += 1;
        }
        assert!(feed.entries.iter().all(|i| !i.links.is_empty()));
    }
    assert!(
        seen_title_only > 0,
        "no title-only item in any edition feed"
    );
}

#[test]
fn opml_lists_every_topic_feed() {
    let archive = samples();
    let site = SiteUrl::parse("https://example.org/weekly").unwrap();
    let out = temp_dir("opml");
    let rendered = feeds::render(&archive, &site);
    feeds::write(&out, &rendered).unwrap();
    let text = std::fs::read_to_string(out.join(feeds::OPML_PATH)).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("the OPML is XML");
    assert_eq!(doc.root_element().tag_name().name(), "opml");
    assert_eq!(doc.root_element().attribute("version"), Some("2.0"));
    let outlines: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("outline"))
        .collect();
    let listed: BTreeSet<&str> = outlines
        .iter()
        .map(|n| n.attribute("xmlUrl").expect("xmlUrl"))
        .collect();
    let wanted: BTreeSet<String> = archive
        .tags
        .iter()
        .map(|t| format!("https://example.org/weekly/feeds/tag-{}.xml", t.id))
        .collect();
    assert!(!wanted.is_empty());
    assert_eq!(
        listed,
        wanted.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
    assert_eq!(outlines.len(), archive.tags.len());
    for (node, tag) in outlines.iter().zip(&archive.tags) {
        assert_eq!(node.attribute("type"), Some("rss"));
        assert!(node.attribute("text").unwrap().contains(&tag.labels.en));
        assert_eq!(
            node.attribute("htmlUrl"),
            Some(format!("https://example.org/weekly/?tag={}", tag.id).as_str())
        );
        // Each listed feed is on disk.
        let path = feeds::feed_path(FeedKind::Tag, &tag.id);
        assert!(out.join(&path).is_file(), "{path}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn paths_and_links_follow_the_documented_rule() {
    assert_eq!(
        feeds::feed_path(FeedKind::Tag, "async"),
        "feeds/tag-async.xml"
    );
    assert_eq!(
        json_feed_path(FeedKind::Tag, "async"),
        "feeds/tag-async.json"
    );
    assert_eq!(
        feeds::feed_path(FeedKind::Section, "articles"),
        "feeds/section-articles.xml"
    );
    assert_eq!(
        feeds::feed_path(FeedKind::Edition, "zh"),
        "feeds/edition-zh.xml"
    );

    let archive = samples();
    let site = SiteUrl::parse("http://localhost:8080/weekly").unwrap();
    assert_eq!(site.as_str(), "http://localhost:8080/weekly/");
    let rendered = feeds::render(&archive, &site);
    let mut wanted: BTreeSet<String> = all_feeds(&archive)
        .iter()
        .flat_map(|(k, id)| [feeds::feed_path(*k, id), json_feed_path(*k, id)])
        .collect();
    wanted.insert(feeds::OPML_PATH.into());
    let made: BTreeSet<String> = rendered.files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(made, wanted);
    assert_eq!(rendered.feed_count(), all_feeds(&archive).len());
    for (kind, id) in all_feeds(&archive) {
        let path = feeds::feed_path(kind, &id);
        let rss = std::str::from_utf8(file(&rendered, &path)).unwrap();
        assert!(
            rss.contains(&format!(
                "<atom:link href=\"http://localhost:8080/weekly/{path}\" rel=\"self\""
            )),
            "{path}"
        );
        assert!(rss.contains(&format!(
            "<link>http://localhost:8080/weekly/?{}={id}</link>",
            kind.name()
        )));
        let json_path = json_feed_path(kind, &id);
        let json: serde_json::Value = serde_json::from_slice(file(&rendered, &json_path)).unwrap();
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(
            json["feed_url"],
            format!("http://localhost:8080/weekly/{json_path}")
        );
    }
    assert_eq!(SiteUrl::default().as_str(), feeds::DEFAULT_SITE_URL);
    for bad in [
        "",
        "javascript:alert(1)",
        "ftp://example.com/",
        "https://example.com/?a=1",
        "https://example.com/#top",
        "https://exa mple.com/",
        "/relative/",
    ] {
        assert!(SiteUrl::parse(bad).is_err(), "{bad:?}");
    }
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        out.insert(name, std::fs::read(entry.path()).unwrap());
    }
    out
}

#[test]
fn two_builds_write_identical_bytes() {
    let site = SiteUrl::default();
    let (a, b) = (temp_dir("det-a"), temp_dir("det-b"));
    feeds::write(&a, &feeds::render(&samples(), &site)).unwrap();
    feeds::write(&b, &feeds::render(&samples(), &site)).unwrap();
    let (ta, tb) = (read_tree(&a.join("feeds")), read_tree(&b.join("feeds")));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ta {
        assert!(bytes == &tb[name], "{name} differs between two builds");
    }
    // No temporary files are left behind.
    assert!(ta.keys().all(|n| !n.starts_with('.')), "{:?}", ta.keys());
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn stale_feeds_are_removed_and_other_files_kept() {
    let out = temp_dir("stale");
    let dir = out.join("feeds");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["tag-gone.xml", "tag-gone.json", "notes.txt", "custom.xml"] {
        std::fs::write(dir.join(name), "old").unwrap();
    }
    let written = feeds::write(&out, &feeds::render(&samples(), &SiteUrl::default())).unwrap();
    assert_eq!(
        written.removed,
        ["feeds/tag-gone.json", "feeds/tag-gone.xml"]
    );
    assert!(!dir.join("tag-gone.xml").exists());
    assert!(dir.join("notes.txt").exists() && dir.join("custom.xml").exists());
    assert!(dir.join("topics.opml").exists());
    assert_eq!(written.unchanged, 0);
    // A second write of the same feeds leaves every file as it is; a
    // changed file is written again.
    std::fs::write(dir.join("tag-async.xml"), "edited").unwrap();
    let rendered = feeds::render(&samples(), &SiteUrl::default());
    let again = feeds::write(&out, &rendered).unwrap();
    assert_eq!(again.files, 1);
    assert_eq!(again.unchanged, rendered.files.len() - 1);
    assert!(again.removed.is_empty());
    assert!(
        std::fs::read(dir.join("tag-async.xml")).unwrap() == file(&rendered, "feeds/tag-async.xml")
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn the_cli_writes_the_feeds_after_the_archive() {
    let root = workspace();
    let bin = env!("CARGO_BIN_EXE_weekly-builder");
    let run = |out: &Path, extra: &[&str]| {
        std::process::Command::new(bin)
            .arg("build")
            .arg(root.join("samples/zh"))
            .arg(root.join("samples/en"))
            .arg("--taxonomy")
            .arg(root.join("taxonomy.toml"))
            .arg("-o")
            .arg(out)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = temp_dir("cli");
    let done = run(&out, &["--site-url", "https://example.net/w"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(out.join("archive.json").is_file());
    let rss = std::fs::read_to_string(out.join("feeds/edition-en.xml")).unwrap();
    assert!(rss.contains("href=\"https://example.net/w/feeds/edition-en.xml\""));
    assert!(out.join("feeds/topics.opml").is_file());
    // The same bytes as the library renders.
    let rendered = feeds::render(
        &samples(),
        &SiteUrl::parse("https://example.net/w").unwrap(),
    );
    for f in &rendered.files {
        assert!(
            std::fs::read(out.join(&f.path)).unwrap() == f.bytes,
            "{}",
            f.path
        );
    }

    let out = temp_dir("cli-no-feeds");
    let done = run(&out, &["--no-feeds"]);
    assert!(done.status.success());
    assert!(out.join("archive.json").is_file());
    assert!(!out.join("feeds").exists());

    let out = temp_dir("cli-bad-site");
    let done = run(&out, &["--site-url", "javascript:alert(1)"]);
    assert!(!done.status.success());
    assert!(String::from_utf8_lossy(&done.stderr).contains("site URL"));
    assert!(!out.join("archive.json").exists() && !out.join("feeds").exists());

    let out = temp_dir("cli-issue-url");
    let done = run(
        &out,
        &["--issue-url", "https://example.org/{edition}-{number}"],
    );
    assert!(done.status.success());
    let archive = std::fs::read_to_string(out.join("archive.json")).unwrap();
    let archive = weekly_core::load::load_archive(&archive).unwrap().archive;
    let first = &archive.issues[0];
    assert_eq!(
        archive.issue_page_url(first),
        Some(format!(
            "https://example.org/{}-{}",
            first.edition, first.number
        ))
    );
    for bad in ["javascript:alert(1)//{date}", "https://example.org/{title}"] {
        let done = run(&out, &["--issue-url", bad]);
        assert!(!done.status.success(), "{bad}");
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert!(
            stderr.contains("--issue-url") && stderr.contains(bad),
            "{stderr}"
        );
    }
    for name in ["cli", "cli-no-feeds", "cli-bad-site", "cli-issue-url"] {
        let _ = std::fs::remove_dir_all(temp_dir(name));
    }
}
