//! The viewer's bundled sample archive (`public/archive.json`) is built from
//! `samples/`: building them again must give the same bytes.

use std::path::{Path, PathBuf};
use weekly_builder::tags::Taxonomy;
use weekly_builder::{build, read_inputs, to_json, DEFAULT_ISSUE_URL};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn public_archive_is_built_from_the_samples() {
    let root = workspace();
    let mut inputs =
        read_inputs(&[root.join("samples/zh"), root.join("samples/en")], None).unwrap();
    inputs.taxonomy = Some(Taxonomy::load(&root.join("taxonomy.toml")).unwrap());
    inputs.issue_url = Some(DEFAULT_ISSUE_URL.into());
    let (archive, report) = build(inputs, |_, _| {});
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.unaccounted_links, 0);
    let built = to_json(&archive);
    // The viewer's loader reads it whole.
    let loaded = weekly_core::load::load_archive(std::str::from_utf8(&built).unwrap()).unwrap();
    assert_eq!(loaded.skipped_entries, 0, "{:?}", loaded.first_skip_reason);
    assert_eq!(loaded.archive, archive);
    let bundled = std::fs::read(root.join("public/archive.json")).expect("public/archive.json");
    assert!(
        built == bundled,
        "public/archive.json is out of date with samples/ (or the builder changed): \
         run `make sample-archive` and commit the result"
    );
}

#[test]
fn samples_cover_every_format_era() {
    let root = workspace();
    let mut inputs =
        read_inputs(&[root.join("samples/zh"), root.join("samples/en")], None).unwrap();
    inputs.taxonomy = Some(Taxonomy::load(&root.join("taxonomy.toml")).unwrap());
    inputs.issue_url = Some(DEFAULT_ISSUE_URL.into());
    let (archive, report) = build(inputs, |_, _| {});
    let sections: std::collections::BTreeSet<&str> =
        archive.entries.iter().map(|e| e.section.as_str()).collect();
    for s in [
        "articles",
        "projects",
        "media",
        "discussions",
        "books",
        "picks",
    ] {
        assert!(sections.contains(s), "no {s} entry in the samples");
    }
    use weekly_core::archive::{Lang, Status};
    let langs: std::collections::BTreeSet<Lang> = archive.entries.iter().map(|e| e.lang).collect();
    assert!(langs.len() >= 4, "{langs:?}");
    assert!(archive.issues.iter().any(|i| i.title_only));
    assert!(archive.entries.iter().any(|e| e.status == Status::Removed));
    assert!(archive.entries.iter().any(|e| !e.children.is_empty()));
    assert_eq!(
        report.repaired_files.len(),
        1,
        "one sample carries mojibake"
    );
    let linked = archive.entries.iter().filter(|e| e.url.is_some()).count();
    assert!((30..=40).contains(&linked), "{linked} linked entries");
}

#[test]
fn public_feeds_are_built_from_the_samples() {
    let root = workspace();
    let mut inputs =
        read_inputs(&[root.join("samples/zh"), root.join("samples/en")], None).unwrap();
    inputs.taxonomy = Some(Taxonomy::load(&root.join("taxonomy.toml")).unwrap());
    inputs.issue_url = Some(DEFAULT_ISSUE_URL.into());
    let (archive, _) = build(inputs, |_, _| {});
    let feeds = weekly_builder::feeds::render(&archive, &Default::default());
    assert!(!feeds.files.is_empty());
    for file in &feeds.files {
        let stored = std::fs::read(root.join("public").join(&file.path)).unwrap_or_default();
        assert!(
            stored == file.bytes,
            "public/{} is out of date with samples/: run `make sample-archive` and commit the result",
            file.path
        );
    }
}

#[test]
fn the_report_lists_every_link_shared_by_several_entries() {
    let root = workspace();
    let inputs = read_inputs(&[root.join("samples/zh"), root.join("samples/en")], None).unwrap();
    let (archive, report) = build(inputs, |_, _| {});
    let url_of = |id: &str| {
        let entry = archive.entries.iter().find(|e| e.id == id).unwrap();
        weekly_core::links::normalize_url(entry.url.as_deref().unwrap())
    };
    assert!(!report.shared_links.is_empty(), "the samples repeat links");
    let mut listed = 0;
    for link in &report.shared_links {
        assert!(link.entries.len() > 1);
        assert!(
            link.entries.iter().all(|id| url_of(id) == link.url),
            "{link:?}"
        );
        listed += link.entries.len();
    }
    // Every entry whose link another entry has is in exactly one group.
    let linked: Vec<String> = archive
        .entries
        .iter()
        .filter_map(|e| e.url.as_deref().map(weekly_core::links::normalize_url))
        .collect();
    let repeated = linked
        .iter()
        .filter(|u| linked.iter().filter(|v| v == u).count() > 1)
        .count();
    assert_eq!(listed, repeated);
    assert!(report
        .shared_links
        .windows(2)
        .all(|w| w[0].entries.len() >= w[1].entries.len()));
    let text = report.to_text(false);
    assert!(
        text.contains(&format!(
            "links in several entries: {} (in {listed} entries); most: {} ×",
            report.shared_links.len(),
            report.shared_links[0].url
        )),
        "{text}"
    );
}

#[test]
fn topics_are_listed_busiest_first() {
    let root = workspace();
    let taxonomy = Taxonomy::load(&root.join("taxonomy.toml")).unwrap();
    let mut inputs =
        read_inputs(&[root.join("samples/zh"), root.join("samples/en")], None).unwrap();
    inputs.taxonomy = Some(taxonomy.clone());
    let (archive, _) = build(inputs, |_, _| {});
    let tagged = |id: &str| {
        archive
            .entries
            .iter()
            .filter(|e| e.tags.iter().any(|t| t == id))
            .count()
    };
    let counts: Vec<usize> = archive.tags.iter().map(|t| tagged(&t.id)).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "entries per listed topic: {counts:?}"
    );
    assert!(
        counts[0] > counts[counts.len() - 1],
        "the samples' topics differ in size"
    );
    // Every topic is listed once, and topics as busy as each other keep the
    // taxonomy's order.
    let position = |id: &str| taxonomy.topics.iter().position(|t| t.id == id).unwrap();
    assert_eq!(archive.tags.len(), taxonomy.topics.len());
    for pair in archive.tags.windows(2) {
        if tagged(&pair[0].id) == tagged(&pair[1].id) {
            assert!(
                position(&pair[0].id) < position(&pair[1].id),
                "{} / {}",
                pair[0].id,
                pair[1].id
            );
        }
    }
}
