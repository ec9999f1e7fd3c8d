//! Builds the whole corpus and prints how long it took and how big the
//! archive is, raw and compressed. Run in release:
//!
//! ```sh
//! cargo run --release -p weekly-builder --example bench_build [CORPUS_DIR]
//! ```
//!
//! Targets: a build under 2 s, at most 250 bytes per entry with brotli.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;
use weekly_builder::{build, read_inputs, to_json};

const DEFAULT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/python-weekly"
);

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT));
    if !root.is_dir() {
        eprintln!(
            "no corpus at {} (pass its folder as the first argument)",
            root.display()
        );
        std::process::exit(2);
    }
    let dirs: Vec<PathBuf> = ["zh", "en", "ja"].iter().map(|e| root.join(e)).collect();

    // Read and build, the way the CLI does, a few times; keep the best.
    let mut best = f64::MAX;
    let mut last = None;
    for _ in 0..3 {
        let start = Instant::now();
        let mut inputs = read_inputs(&dirs, None).unwrap();
        let taxonomy = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../taxonomy.toml");
        inputs.taxonomy =
            Some(weekly_builder::tags::Taxonomy::load(&taxonomy).expect("taxonomy.toml"));
        let (archive, report) = build(inputs, |_, _| {});
        let json = to_json(&archive);
        best = best.min(start.elapsed().as_secs_f64());
        last = Some((archive, report, json));
    }
    let (archive, report, json) = last.expect("ran");

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&json).unwrap();
    let gz = gz.finish().unwrap();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(&json).unwrap();
    }
    let entries = archive.entries.len();
    let per_entry = br.len() as f64 / entries.max(1) as f64;

    println!("corpus: {}", root.display());
    println!(
        "files: {} (+{} compilations skipped), issues: {}, entries: {}",
        report.files,
        report.skipped_compilations.len(),
        archive.issues.len(),
        entries
    );
    for (ed, t) in &report.editions {
        println!("  {ed}: {} issues, {} entries", t.issues, t.entries);
    }
    println!("build time (best of 3): {:.3} s", best);
    println!(
        "archive: {} B raw, {} B gzip, {} B brotli",
        json.len(),
        gz.len(),
        br.len()
    );
    println!("brotli bytes per entry: {per_entry:.1}");
    let time_ok = best < 2.0;
    let size_ok = per_entry <= 250.0;
    println!(
        "target build < 2 s: {}",
        if time_ok { "met" } else { "NOT met" }
    );
    println!(
        "target <= 250 B/entry (brotli): {}",
        if size_ok { "met" } else { "NOT met" }
    );
}
