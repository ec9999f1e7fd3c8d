//! Topic tags on the real archive, measured against hand-labelled sets in
//! `tests/data` (entry ids and URLs with the tags a reader gave them, no
//! corpus text):
//!
//! - `tag_trainset.toml`, the training set: the 2303 links not in the check set.
//!   The rules in `taxonomy.toml` are tuned looking at its misses
//!   (`TAGS_TRAINSET_DUMP=1`) and at the corpus-wide dump.
//! - `tag_checkset.toml`, the check set: 430 links, split by a hash of the
//!   id into a tune half (earlier rules were tuned on it) and a held-out
//!   half. Only its figures are read now, never its per-entry misses, so it
//!   stays an honest measurement of how well the rules carry over.
//! - `tag_checkset_second.toml`, a second labeller's labels of the check
//!   set: their precision and recall against the first's is the ceiling.
//!
//! `TAGS_SCORING_SWEEP=1` also measures the rules under a grid of
//! `[scoring]` tables, to see how far thresholds alone move the figures.
//!
//! Prints precision, recall, coverage and agreement across editions with
//! their targets; asserts floors that keep them from getting worse. Skips
//! when the corpus is absent.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use weekly_builder::tags::{assign_tags, explain, Explanation, Scoring, Taxonomy};
use weekly_builder::{build, read_inputs};
use weekly_core::archive::{plain_text, Archive, Entry, Status};
use weekly_core::links::normalize_url;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/python-weekly"
);

/// A file of `tests/data`.
#[derive(Deserialize)]
struct LabelledSet {
    entry: Vec<Labelled>,
}

/// One link and the tags a reader gave it.
#[derive(Deserialize)]
struct Labelled {
    id: String,
    url: String,
    tags: Vec<String>,
}

/// The check set's half earlier rules were tuned on; the other is held out.
const TUNE: usize = 0;

/// Which half of the check set an entry is in: FNV-1a of its id, odd or even.
fn half_of(id: &str) -> usize {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash & 1) as usize
}

#[derive(Clone, Copy, Default)]
struct Counts {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
}

impl Counts {
    fn plus(self, other: Counts) -> Counts {
        Counts {
            true_pos: self.true_pos + other.true_pos,
            false_pos: self.false_pos + other.false_pos,
            false_neg: self.false_neg + other.false_neg,
        }
    }
    fn precision(self) -> f64 {
        self.true_pos as f64 / (self.true_pos + self.false_pos).max(1) as f64
    }
    fn recall(self) -> f64 {
        self.true_pos as f64 / (self.true_pos + self.false_neg).max(1) as f64
    }
    /// Tallies one entry: `got` from the tagger (or the second labeller),
    /// `expected` from the labels taken as right.
    fn add(&mut self, expected: &[String], got: &[String]) {
        let expected: BTreeSet<&String> = expected.iter().collect();
        let got: BTreeSet<&String> = got.iter().collect();
        self.true_pos += got.intersection(&expected).count();
        self.false_pos += got.difference(&expected).count();
        self.false_neg += expected.difference(&got).count();
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn line(self) -> String {
        format!(
            "precision {:.3} recall {:.3} F1 {:.3} ({} tags right, {} wrong, {} missed)",
            self.precision(),
            self.recall(),
            self.f1(),
            self.true_pos,
            self.false_pos,
            self.false_neg
        )
    }
}

/// A labelled set in `tests/data`, its tags checked against the taxonomy.
fn labelled(file: &str, known: &BTreeSet<&str>) -> Vec<Labelled> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let set: LabelledSet = toml::from_str(&text).unwrap();
    for c in &set.entry {
        for tag in &c.tags {
            assert!(
                known.contains(tag.as_str()),
                "{file}: {}: unknown tag {tag}",
                c.id
            );
        }
    }
    set.entry
}

/// The archive entry a labelled one names: by id, and by URL should ids
/// ever move.
fn find<'a>(archive: &'a Archive, c: &Labelled) -> (usize, &'a Entry) {
    archive
        .entries
        .iter()
        .position(|e| e.id == c.id && e.url.as_deref() == Some(c.url.as_str()))
        .or_else(|| {
            archive
                .entries
                .iter()
                .position(|e| e.url.as_deref() == Some(c.url.as_str()))
        })
        .map(|i| (i, &archive.entries[i]))
        .unwrap_or_else(|| panic!("{} ({}) is not in the archive", c.id, c.url))
}

/// Prints why a labelled entry got its tags: the best scores with their
/// hits, and every place the link appears (the tagger reads them all).
fn dump(archive: &Archive, explained: &[Explanation], c: &Labelled) {
    let (index, entry) = find(archive, c);
    let mark = if BTreeSet::from_iter(&entry.tags) == BTreeSet::from_iter(&c.tags) {
        "ok"
    } else {
        "MISS"
    };
    println!("--- {mark} {} {}", c.id, c.url);
    println!("    expected {:?} got {:?}", c.tags, entry.tags);
    for (id, score, hits) in explained[index].scores.iter().take(5) {
        let (strong, weak) = (score.strong, score.weak);
        println!("    {id} {strong}+{weak}: {}", hits.join(", "));
    }
    let key = normalize_url(&c.url);
    for e in archive
        .entries
        .iter()
        .filter(|e| e.url.as_deref().map(normalize_url).as_ref() == Some(&key))
    {
        let text: String = plain_text(&e.description).chars().take(300).collect();
        println!(
            "    [{}] {} | {}",
            e.section,
            e.title,
            text.replace('\n', " ")
        );
    }
}

/// Writes every link outside the check set, one line each: id, link, tags,
/// titles and best scores with their hits.
fn dump_corpus(path: &std::ffi::OsStr, archive: &Archive, taxonomy: &Taxonomy, check: &[Labelled]) {
    let checked: BTreeSet<String> = check.iter().map(|c| normalize_url(&c.url)).collect();
    let explained = explain(taxonomy, &archive.entries);
    let mut seen = BTreeSet::new();
    let mut out = String::new();
    for (e, why) in archive.entries.iter().zip(&explained) {
        let Some(key) = e.url.as_deref().map(normalize_url) else {
            continue;
        };
        if e.status != Status::Normal || checked.contains(&key) || !seen.insert(key.clone()) {
            continue;
        }
        let titles: Vec<&str> = archive
            .entries
            .iter()
            .filter(|o| o.url.as_deref().map(normalize_url).as_ref() == Some(&key))
            .map(|o| o.title.as_str())
            .collect();
        let scores: Vec<String> = why
            .scores
            .iter()
            .take(4)
            .map(|(id, s, hits)| format!("{id} {}+{} ({})", s.strong, s.weak, hits.join(", ")))
            .collect();
        out += &format!(
            "{}\t{}\t{}\t{}\t{}\n",
            e.id,
            key,
            why.tags.join(","),
            titles.join(" || "),
            scores.join("; ")
        );
    }
    std::fs::write(path, out).unwrap();
}

/// Where each labelled entry of `set` is in the archive (see [`find`]).
fn positions(archive: &Archive, set: &[Labelled]) -> Vec<usize> {
    set.iter().map(|c| find(archive, c).0).collect()
}

/// The figures of `set` against the tags of `entries`, the labelled entry
/// `i` being `entries[at[i]]`.
fn tally(set: &[Labelled], at: &[usize], entries: &[Entry]) -> Counts {
    let mut counts = Counts::default();
    for (c, &i) in set.iter().zip(at) {
        counts.add(&c.tags, &entries[i].tags);
    }
    counts
}

/// `TAGS_SCORING_SWEEP=1`: the rules as they are, under every scoring
/// table of a grid (thresholds and weights of `[scoring]`), each measured
/// on the training set and the check set. It shows whether the targets
/// are a matter of thresholds: the training F1 stays within 0.65-0.70
/// and the check set's precision and recall trade against each other
/// without both reaching the targets. Read it to choose on the training
/// set, never on the check set.
fn sweep_scoring(archive: &Archive, taxonomy: &Taxonomy, check: &[Labelled], train: &[Labelled]) {
    println!("scoring sweep: first_min next_min next_ratio title_weight | training P R F1 | check P R F1");
    let (check_at, train_at) = (positions(archive, check), positions(archive, train));
    let mut best: Option<(f64, String)> = None;
    for first_min in [1, 2, 3] {
        for next_min in [2, 3, 4] {
            for next_ratio in [0.3, 0.4, 0.5, 0.7] {
                for title_weight in [2, 3, 4] {
                    let scoring = Scoring {
                        first_min,
                        next_min,
                        next_ratio,
                        title_weight,
                        ..taxonomy.scoring.clone()
                    };
                    let variant = Taxonomy {
                        scoring,
                        topics: taxonomy.topics.clone(),
                    };
                    let mut entries = archive.entries.clone();
                    assign_tags(&variant, &mut entries);
                    let checked = tally(check, &check_at, &entries);
                    let trained = tally(train, &train_at, &entries);
                    let line = format!(
                        "  {first_min} {next_min} {next_ratio:.1} {title_weight} | {:.3} {:.3} {:.3} | {:.3} {:.3} {:.3}",
                        trained.precision(),
                        trained.recall(),
                        trained.f1(),
                        checked.precision(),
                        checked.recall(),
                        checked.f1()
                    );
                    println!("{line}");
                    if best.as_ref().is_none_or(|(f1, _)| trained.f1() > *f1) {
                        best = Some((trained.f1(), line));
                    }
                }
            }
        }
    }
    if let Some((_, line)) = best {
        println!("best training F1:\n{line}");
    }
}

#[test]
fn tags_on_the_real_archive_against_the_hand_labelled_sets() {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        eprintln!("skipping: no corpus at {CORPUS}");
        return;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // TAGS_CHECKSET_TAXONOMY=<file> measures another taxonomy (to try rules).
    let taxonomy_path = std::env::var_os("TAGS_CHECKSET_TAXONOMY")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../taxonomy.toml"));
    let taxonomy = Taxonomy::load(&taxonomy_path).unwrap();
    let known: BTreeSet<&str> = taxonomy.topics.iter().map(|t| t.id.as_str()).collect();
    let mut inputs = read_inputs(&["zh", "en", "ja"].map(|e| root.join(e)), None).unwrap();
    inputs.taxonomy = Some(taxonomy.clone());
    let (archive, report) = build(inputs, |_, _| {});
    let tag_report = report.tags.expect("tagging ran");

    let check = labelled("tag_checkset.toml", &known);
    let train = labelled("tag_trainset.toml", &known);
    let second = labelled("tag_checkset_second.toml", &known);
    assert!(
        check.len() >= 200 && train.len() >= 500,
        "the check set holds {} entries, the training set {}",
        check.len(),
        train.len()
    );
    let check_links: BTreeSet<String> = check.iter().map(|c| normalize_url(&c.url)).collect();
    for t in &train {
        assert!(
            !check_links.contains(&normalize_url(&t.url)),
            "{} ({}) is in both the check set and the training set",
            t.id,
            t.url
        );
    }

    // The check set, in two halves fixed by a hash of the entry id: earlier
    // rules were tuned looking at the first, the second shows how well they
    // carry over. Rules are now tuned on the training set only; the check
    // set's per-entry misses are not read, only its figures.
    let mut counts = [Counts::default(); 2];
    for c in &check {
        counts[half_of(&c.id)].add(&c.tags, &find(&archive, c).1.tags);
    }
    let all = counts[0].plus(counts[1]);
    let (precision, recall) = (all.precision(), all.recall());

    let trained = tally(&train, &positions(&archive, &train), &archive.entries);

    // How far the second labeller's labels agree with the first's: the
    // ceiling for context (no tagger is held to match one reader better).
    let first: BTreeMap<&str, &Vec<String>> =
        check.iter().map(|c| (c.id.as_str(), &c.tags)).collect();
    let mut readers = Counts::default();
    for s in &second {
        let expected = first.get(s.id.as_str()).unwrap_or_else(|| {
            panic!(
                "{}: the second labels name an entry not in the check set",
                s.id
            )
        });
        readers.add(expected, &s.tags);
    }

    // TAGS_TRAINSET_DUMP=1 prints the training set's entries with their
    // scores (misses marked), to find what the rules lack;
    // TAGS_CHECKSET_DUMP=1 does the same for the check set's tune half (kept
    // for the record: tuning on it overfitted, so rules are no longer tuned
    // on it). TAGS_CORPUS_DUMP=<file> writes every other link's titles,
    // tags and scores, one line each, to review rules on the whole corpus.
    let dump_train = std::env::var_os("TAGS_TRAINSET_DUMP").is_some();
    let dump_check = std::env::var_os("TAGS_CHECKSET_DUMP").is_some();
    if dump_train || dump_check {
        let explained = explain(&taxonomy, &archive.entries);
        let tune = check.iter().filter(|c| half_of(&c.id) == TUNE);
        for c in train
            .iter()
            .filter(|_| dump_train)
            .chain(tune.filter(|_| dump_check))
        {
            dump(&archive, &explained, c);
        }
    }
    if std::env::var_os("TAGS_SCORING_SWEEP").is_some() {
        sweep_scoring(&archive, &taxonomy, &check, &train);
    }
    if let Some(path) = std::env::var_os("TAGS_CORPUS_DUMP") {
        dump_corpus(&path, &archive, &taxonomy, &check);
    }

    // The same link in several editions carries the same tags.
    let mut by_link: BTreeMap<String, Vec<&Vec<String>>> = BTreeMap::new();
    for e in archive
        .entries
        .iter()
        .filter(|e| e.status == Status::Normal)
    {
        if let Some(url) = &e.url {
            by_link.entry(normalize_url(url)).or_default().push(&e.tags);
        }
    }
    let shared: Vec<&Vec<&Vec<String>>> = by_link.values().filter(|v| v.len() > 1).collect();
    let agreeing = shared
        .iter()
        .filter(|v| v.iter().all(|t| t == &v[0]))
        .count();
    let agreement = agreeing as f64 / shared.len().max(1) as f64;

    let verdict = |ok: bool| if ok { "met" } else { "NOT MET" };
    println!(
        "training set: {} entries (the rules are tuned on it)",
        train.len()
    );
    println!("  {:<14} {}", "all", trained.line());
    println!(
        "check set: {} entries (measured, not tuned on)",
        check.len()
    );
    for (name, c) in [
        ("tune half", counts[TUNE]),
        ("held-out half", counts[1 - TUNE]),
        ("all", all),
    ] {
        println!("  {name:<14} {}", c.line());
    }
    println!(
        "  {:<14} {} (second labeller against the first: the ceiling)",
        "two readers",
        readers.line()
    );
    println!(
        "precision {precision:.3} (target 0.85: {})",
        verdict(precision >= 0.85)
    );
    println!(
        "recall    {recall:.3} (target 0.75: {})",
        verdict(recall >= 0.75)
    );
    println!(
        "coverage  {:.3} of {} link entries (target 0.90: {})",
        tag_report.coverage(),
        tag_report.link_entries,
        verdict(tag_report.coverage() >= 0.9)
    );
    println!(
        "agreement {agreement:.3} over {} links in several places (target 0.99: {})",
        shared.len(),
        verdict(agreement >= 0.99)
    );

    // Floors: the figures after the rules were tuned on the training set
    // (check set's 430 entries: precision 0.800, recall 0.708; training
    // set's 2303: 0.723, 0.669), so a taxonomy edit that makes them worse
    // fails here; raise them as the rules improve.
    assert!(precision >= 0.80, "precision fell to {precision:.3}");
    assert!(recall >= 0.70, "recall fell to {recall:.3}");
    let (train_precision, train_recall) = (trained.precision(), trained.recall());
    assert!(
        train_precision >= 0.72,
        "training-set precision fell to {train_precision:.3}"
    );
    assert!(
        train_recall >= 0.66,
        "training-set recall fell to {train_recall:.3}"
    );
    assert!(
        tag_report.coverage() >= 0.9,
        "coverage fell to {:.3}",
        tag_report.coverage()
    );
    assert!(agreement >= 0.99, "agreement fell to {agreement:.3}");
    assert!(
        tag_report.tags_matching_nothing.is_empty(),
        "{:?}",
        tag_report.tags_matching_nothing
    );
}
