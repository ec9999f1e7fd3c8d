//! `weekly-builder`: builds `archive.json` from the newsletter's markdown
//! folders, or checks them without writing anything.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use weekly_builder::tags::Taxonomy;
use weekly_builder::{build, feeds, read_inputs, to_json, write_atomic, DEFAULT_ISSUE_URL};
use weekly_core::archive::{Archive, Edition};
use weekly_core::links::check_issue_url_template;

#[derive(Parser)]
#[command(
    name = "weekly-builder",
    version,
    about = "Builds the Python Trending Weekly archive (archive.json) from the newsletter's markdown",
    long_about = "Builds the Python Trending Weekly archive (archive.json) from the newsletter's markdown.\n\n\
        Each folder holds one edition's `YYYY-MM-DD-weekly.md` files; the edition is the folder's \
        name (zh, en, ja) unless --edition is given. Compilation files (-sweekly, -iweekly, -lweekly) \
        are skipped. A file that cannot be read or parsed is reported and the build goes on with the \
        others; the exit status is non-zero only with --strict (or when nothing could be built)."
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
    /// Edition of every folder, instead of the folders' names.
    #[arg(long, value_enum)]
    edition: Option<EditionArg>,
    /// Exit non-zero when a file has an error or a link is unaccounted for.
    #[arg(long)]
    strict: bool,
    /// Print the full report as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Show every section in the text report, not only those with notes.
    #[arg(long, short)]
    verbose: bool,
    /// The topic taxonomy that assigns tags to entries.
    #[arg(long, value_name = "FILE", default_value = "taxonomy.toml")]
    taxonomy: PathBuf,
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
    let mut inputs = read_inputs(&common.dirs, common.edition.map(Edition::from));
    inputs.issue_url = issue_url;
    if !common.no_tags {
        match Taxonomy::load(&common.taxonomy) {
            Ok(taxonomy) => inputs.taxonomy = Some(taxonomy),
            Err(e) => {
                eprintln!("weekly-builder: {e}");
                return ExitCode::FAILURE;
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
        // Errors are for people too: repeat them where they are seen.
        for e in &report.errors {
            eprintln!("error: {}:{}: {} ({})", e.file, e.line, e.reason, e.hint);
        }
    } else {
        print!("{}", report.to_text(common.verbose));
    }

    let strict_failed =
        common.strict && (!report.errors.is_empty() || report.unaccounted_links != 0);
    if archive.issues.is_empty() || write_failed || strict_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn parse_issue_url(template: &str) -> Result<String, String> {
    check_issue_url_template(template).map(|()| template.to_string())
}

/// Renders and writes <out>/feeds/; false (after saying why) when a file
/// cannot be written.
fn write_feeds(out: &std::path::Path, archive: &Archive, site: &feeds::SiteUrl) -> bool {
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
