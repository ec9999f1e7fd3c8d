//! `weekly-builder`: builds `archive.json` from the newsletter's markdown
//! folders, or checks them without writing anything.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use weekly_builder::tags::{Taxonomy, TaxonomyError};
use weekly_builder::{
    build, feeds, read_inputs, sweep_stale_temps, to_json, write_atomic, DEFAULT_ISSUE_URL,
};
use weekly_core::archive::{Archive, Edition};
use weekly_core::links::check_issue_url_template;

#[derive(Parser)]
#[command(
    name = "weekly-builder",
    version,
    about = "Builds the Python Trending Weekly archive (archive.json) from the newsletter's markdown",
    long_about = "Builds the Python Trending Weekly archive (archive.json) from the newsletter's markdown.\n\n\
        Give one folder per edition, holding its `YYYY-MM-DD-weekly.md` files; the edition is the \
        folder's name (zh, en, ja) unless --edition is given. Compilation files (-sweekly, -iweekly, \
        -lweekly) are skipped. A folder that is missing, not a folder, of an unknown or doubled \
        edition, or without issues stops the build before anything is written. A file that cannot be \
        read or parsed is reported and the build goes on with the others.\n\n\
        Errors go to stderr; the report goes to stdout (as JSON with --json).",
    after_help = "Examples:\n  \
        weekly-builder build corpus/zh corpus/en corpus/ja -o dist\n  \
        weekly-builder check corpus/en --strict\n  \
        weekly-builder build drafts -o out --edition en --no-feeds\n\n\
        Exit status: 0 built (or checked); 1 nothing could be built, a write failed, or --strict \
        found an error; 2 bad arguments or input folders (nothing written)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum EditionArg {
    Zh,
    En,
    Ja,
}

impl From<EditionArg> for Edition {
    fn from(e: EditionArg) -> Edition {
        match e {
            EditionArg::Zh => Edition::Zh,
            EditionArg::En => Edition::En,
            EditionArg::Ja => Edition::Ja,
        }
    }
}

#[derive(clap::Args)]
struct Common {
    /// Folders of markdown files, one edition each.
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// The edition of the one folder given, when its name does not say it
    /// (a folder named zh, en or ja must be that edition).
    #[arg(long, value_enum)]
    edition: Option<EditionArg>,
    /// Exit non-zero when a file has an error or a link is unaccounted for.
    #[arg(long)]
    strict: bool,
    /// Print the full report as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Show every section and the notes in the text report, not only what
    /// needs a look.
    #[arg(long, short)]
    verbose: bool,
    /// The topic taxonomy that assigns tags to entries [default:
    /// ./taxonomy.toml when there is one, else the project's, built in].
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,
    /// Build without topic tags (no taxonomy needed).
    #[arg(long, conflicts_with = "taxonomy")]
    no_tags: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build <out-dir>/archive.json.
    Build {
        #[command(flatten)]
        common: Common,
        /// Folder to write archive.json into (created if missing).
        #[arg(short = 'o', long = "out", value_name = "OUT_DIR")]
        out: PathBuf,
        /// Base URL the viewer is published at: the feeds' channel and self
        /// links (<OUT_DIR>/feeds/ is served as <URL>feeds/).
        #[arg(long, value_name = "URL", default_value = feeds::DEFAULT_SITE_URL)]
        site_url: feeds::SiteUrl,
        /// Write archive.json only, without <OUT_DIR>/feeds/ (RSS, JSON Feed, OPML).
        #[arg(long, conflicts_with = "site_url")]
        no_feeds: bool,
        /// Where each issue is published on the newsletter's site, linked
        /// from every entry: an http(s) URL with the placeholders {date}
        /// (YYYY-MM-DD), {number} and {edition} (zh, en, ja).
        #[arg(long, value_name = "TEMPLATE", default_value = DEFAULT_ISSUE_URL,
              value_parser = parse_issue_url)]
        issue_url: String,
    },
    /// Check the folders and print the report; writes nothing.
    Check {
        #[command(flatten)]
        common: Common,
    },
}

/// Bad arguments or input folders: nothing was read or written.
const USAGE_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (common, out, feeds_site, issue_url) = match cli.command {
        Command::Build {
            common,
            out,
            site_url,
            no_feeds,
            issue_url,
        } => (
            common,
            Some(out),
            (!no_feeds).then_some(site_url),
            Some(issue_url),
        ),
        Command::Check { common } => (common, None, None, None),
    };
    if let Some(out) = out.as_deref().filter(|o| o.exists() && !o.is_dir()) {
        eprintln!(
            "error: -o {}: is a file, not a folder (give the folder to write archive.json into; it is created if missing); nothing written",
            out.display()
        );
        return ExitCode::from(USAGE_FAILURE);
    }
    let mut inputs = match read_inputs(&common.dirs, common.edition.map(Edition::from)) {
        Ok(inputs) => inputs,
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            eprintln!(
                "weekly-builder: nothing read or written; fix the folders above and run again"
            );
            return ExitCode::from(USAGE_FAILURE);
        }
    };
    inputs.issue_url = issue_url;
    if !common.no_tags {
        match load_taxonomy(common.taxonomy.as_deref()) {
            Ok((taxonomy, source)) => {
                eprintln!("topic tags from {source}");
                inputs.taxonomy = Some(taxonomy);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(USAGE_FAILURE);
            }
        }
    }
    let tty = std::io::stderr().is_terminal();
    let (archive, report) = build(inputs, |done, total| {
        if tty {
            eprint!("\rparsing {done}/{total}");
            if done == total {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        }
    });

    let mut write_failed = false;
    if let Some(out) = &out {
        if archive.issues.is_empty() {
            eprintln!("weekly-builder: nothing could be built; archive.json not written");
        } else {
            sweep_leftovers(out);
            if feeds_site.is_some() {
                sweep_leftovers(&out.join(feeds::FEEDS_DIR));
            }
            let path = out.join("archive.json");
            let bytes = to_json(&archive);
            match write_atomic(&path, &bytes) {
                Ok(()) => {
                    eprintln!(
                        "wrote {} ({} bytes, {} issues, {} entries)",
                        path.display(),
                        bytes.len(),
                        archive.issues.len(),
                        archive.entries.len()
                    );
                    // Only once the archive is written.
                    if let Some(site) = &feeds_site {
                        write_failed |= !write_feeds(out, &archive, site);
                    }
                }
                Err(e) => {
                    eprintln!(
                        "weekly-builder: cannot write {}: {e} (check that the folder is writable and the disk has room)",
                        path.display()
                    );
                    write_failed = true;
                }
            }
        }
    }

    if common.json {
        let json = serde_json::to_string_pretty(&report).expect("the report serializes");
        println!("{json}");
    } else {
        print!("{}", report.to_text(common.verbose));
    }
    // Errors are for people: on stderr, where they are seen.
    for e in &report.errors {
        eprintln!("error: {e}");
    }

    let strict_failed =
        common.strict && (!report.errors.is_empty() || report.unaccounted_links != 0);
    if archive.issues.is_empty() || write_failed || strict_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The taxonomy to tag with and where it came from: the file given, else
/// `./taxonomy.toml` when there is one, else the copy built into the
/// builder (so a build run outside the project still tags).
fn load_taxonomy(given: Option<&Path>) -> Result<(Taxonomy, String), TaxonomyError> {
    let here = Path::new("taxonomy.toml");
    match given {
        Some(path) => Taxonomy::load(path).map(|t| (t, path.display().to_string())),
        None if here.is_file() => Taxonomy::load(here).map(|t| (t, here.display().to_string())),
        None => Ok((
            Taxonomy::built_in(),
            "the built-in taxonomy (no ./taxonomy.toml; --taxonomy FILE picks another)".into(),
        )),
    }
}

/// Removes what an interrupted build left in `dir`, saying so.
fn sweep_leftovers(dir: &Path) {
    match sweep_stale_temps(dir) {
        Ok(removed) => {
            for path in removed {
                eprintln!("removed {} (left by an interrupted build)", path.display());
            }
        }
        Err(e) => eprintln!(
            "weekly-builder: cannot look for leftovers of interrupted builds in {}: {e}",
            dir.display()
        ),
    }
}

fn parse_issue_url(template: &str) -> Result<String, String> {
    check_issue_url_template(template).map(|()| template.to_string())
}

/// Renders and writes <out>/feeds/; false (after saying why) when a file
/// cannot be written.
fn write_feeds(out: &Path, archive: &Archive, site: &feeds::SiteUrl) -> bool {
    let start = std::time::Instant::now();
    let rendered = feeds::render(archive, site);
    let render_ms = start.elapsed().as_millis();
    match feeds::write(out, &rendered) {
        Ok(written) => {
            eprintln!(
                "wrote {} ({} feeds as RSS and JSON Feed plus topics.opml: {} files written, \
                 {} bytes, {} unchanged; rendered in {render_ms} ms, written in {} ms)",
                out.join(feeds::FEEDS_DIR).display(),
                rendered.feed_count(),
                written.files,
                written.bytes,
                written.unchanged,
                start.elapsed().as_millis() - render_ms
            );
            for path in &written.removed {
                eprintln!("removed {} (no longer built)", out.join(path).display());
            }
            true
        }
        Err(e) => {
            eprintln!(
                "weekly-builder: cannot write the feeds into {}: {e} (check that the folder is writable)",
                out.join(feeds::FEEDS_DIR).display()
            );
            false
        }
    }
}
