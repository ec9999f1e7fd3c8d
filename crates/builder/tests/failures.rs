//! The builder's CLI when its input or output fails: every failure names
//! the path and what to do, the other files still build, and an archive
//! already written is never lost or half-overwritten.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "weekly-failures-test-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A `zh` folder holding one good sample issue.
fn corpus_with_one_good_issue(root: &Path) -> PathBuf {
    let zh = root.join("zh");
    std::fs::create_dir_all(&zh).unwrap();
    std::fs::copy(
        workspace().join("samples/zh/2024-01-06-weekly.md"),
        zh.join("2024-01-06-weekly.md"),
    )
    .unwrap();
    zh
}

/// The builder's binary, to be given a command.
fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weekly-builder"))
}

/// `build` without tags or feeds.
fn builder() -> Command {
    let mut cmd = bin();
    cmd.arg("build").arg("--no-tags").arg("--no-feeds");
    cmd
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The archive a build wrote into `out_dir`.
fn read_archive(out_dir: &Path) -> weekly_core::archive::Archive {
    let json = std::fs::read_to_string(out_dir.join("archive.json")).unwrap();
    weekly_core::load::load_archive(&json).unwrap().archive
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_missing_corpus_folder_is_named_and_nothing_is_written() {
    let root = temp_dir("missing");
    let missing = root.join("no-such-corpus/zh");
    let out = builder()
        .arg(&missing)
        .arg("-o")
        .arg(root.join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert!(said.contains(&missing.display().to_string()), "{said}");
    assert!(
        said.contains("no such folder") && said.contains("check the path"),
        "{said}"
    );
    assert!(!root.join("out/archive.json").exists());
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn invalid_utf8_and_unreadable_files_are_named_and_the_others_still_build() {
    let root = temp_dir("bad-files");
    let zh = corpus_with_one_good_issue(&root);
    let mut bad = std::fs::read(zh.join("2024-01-06-weekly.md")).unwrap();
    bad.splice(10..10, [0xFF, 0xFE]);
    std::fs::write(zh.join("2024-02-03-weekly.md"), &bad).unwrap();
    // A file that exists but cannot be read (EIO on read; permissions do
    // not stop root, which CI runs as).
    #[cfg(target_os = "linux")]
    std::os::unix::fs::symlink("/proc/self/mem", zh.join("2024-03-02-weekly.md")).unwrap();

    let out_dir = root.join("out");
    let out = builder().arg(&zh).arg("-o").arg(&out_dir).output().unwrap();
    let said = text(&out);
    assert!(
        out.status.success(),
        "without --strict the good file builds: {said}"
    );
    // The line, and the column in characters, of byte 10.
    let before = String::from_utf8_lossy(&bad[..10]).into_owned();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    let utf8 = format!(
        "error: {}:{line}: not valid UTF-8 at column {column} (byte 0xFF)",
        zh.join("2024-02-03-weekly.md").display()
    );
    assert!(stderr(&out).contains(&utf8), "on stderr: {said}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("error:"),
        "errors are not in the report on stdout"
    );
    #[cfg(target_os = "linux")]
    {
        let unreadable = zh.join("2024-03-02-weekly.md").display().to_string();
        assert!(
            said.contains(&unreadable) && said.contains("cannot read the file"),
            "{said}"
        );
    }
    let archive = read_archive(&out_dir);
    assert_eq!(archive.issues.len(), 1, "only the good issue");

    let strict = builder()
        .arg(&zh)
        .arg("-o")
        .arg(&out_dir)
        .arg("--strict")
        .output()
        .unwrap();
    assert!(!strict.status.success(), "--strict fails on them");
    let _ = std::fs::remove_dir_all(root);
}

/// A disk that fills up while the archive is written: the process may
/// write at most `limit_kb` per file (RLIMIT_FSIZE; writes past it fail
/// like ENOSPC does, with an error instead of a signal).
#[cfg(target_os = "linux")]
fn build_with_file_size_limit(zh: &Path, out_dir: &Path, limit_kb: u64) -> Output {
    let bin = env!("CARGO_BIN_EXE_weekly-builder");
    Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {limit_kb}; exec \"$0\" build --no-tags --no-feeds \"$1\" -o \"$2\""
        ))
        .arg(bin)
        .arg(zh)
        .arg(out_dir)
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_existing_archive_intact() {
    let root = temp_dir("full-disk");
    let zh = corpus_with_one_good_issue(&root);
    let out_dir = root.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let previous = b"{\"the previous archive\": true}".repeat(100);
    std::fs::write(out_dir.join("archive.json"), &previous).unwrap();

    // The sample issue's archive is several kB: 1 kB is too little room.
    let out = build_with_file_size_limit(&zh, &out_dir, 1);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    let path = out_dir.join("archive.json").display().to_string();
    assert!(said.contains(&format!("cannot write {path}")), "{said}");
    assert!(said.contains("disk has room"), "says what to do: {said}");
    assert_eq!(
        std::fs::read(out_dir.join("archive.json")).unwrap(),
        previous,
        "left intact"
    );
    let left: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["archive.json"], "no temporary file is left behind");

    // With room, the same build replaces it.
    let out = build_with_file_size_limit(&zh, &out_dir, 100_000);
    assert!(out.status.success(), "{}", text(&out));
    assert_ne!(
        std::fs::read(out_dir.join("archive.json")).unwrap(),
        previous
    );
    let _ = std::fs::remove_dir_all(root);
}

/// A build of `dirs` into `out` with feeds, run in `cwd`.
fn build_with_feeds(cwd: &Path, dirs: &[&Path], out: &Path) -> Output {
    let mut cmd = bin();
    cmd.current_dir(cwd)
        .arg("build")
        .args(dirs)
        .arg("-o")
        .arg(out);
    cmd.output().unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_mistyped_folder_stops_the_build_before_the_archive_or_feeds_are_touched() {
    let root = temp_dir("mistyped");
    let zh = corpus_with_one_good_issue(&root);
    let out_dir = root.join("out");
    let first = build_with_feeds(&root, &[&zh], &out_dir);
    assert!(first.status.success(), "{}", text(&first));
    let archive = std::fs::read(out_dir.join("archive.json")).unwrap();
    let feeds = names(&out_dir.join("feeds"));
    assert!(feeds.len() > 3, "{feeds:?}");

    // `eng` for `en`: building on would drop the edition and empty its feeds.
    let typo = root.join("eng");
    let out = build_with_feeds(&root, &[&zh, &typo], &out_dir);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let said = stderr(&out);
    assert!(
        said.contains(&format!("error: {}: no such folder", typo.display())),
        "{said}"
    );
    assert!(said.contains("nothing read or written"), "{said}");
    assert!(
        out.stdout.is_empty(),
        "no report of a build that did not run"
    );
    assert_eq!(
        std::fs::read(out_dir.join("archive.json")).unwrap(),
        archive
    );
    assert_eq!(names(&out_dir.join("feeds")), feeds);
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn every_wrong_folder_is_named_with_what_to_do_and_nothing_is_written() {
    let root = temp_dir("wrong-folders");
    let zh = corpus_with_one_good_issue(&root);
    let file = zh.join("2024-01-06-weekly.md");
    let empty_en = root.join("en");
    std::fs::create_dir_all(&empty_en).unwrap();
    std::fs::write(empty_en.join("notes.txt"), "not an issue").unwrap();
    let other_zh = root.join("copy/zh");
    std::fs::create_dir_all(&other_zh).unwrap();
    let unnamed = root.join("drafts");
    std::fs::create_dir_all(&unnamed).unwrap();
    let zh_again = root.join("zh/../zh");
    let out_dir = root.join("out");

    let out = builder()
        .args([&file, &empty_en, &other_zh, &unnamed, &zh, &zh_again])
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    for (folder, problem) in [
        (file.display().to_string(), format!("is a file, not a folder (give the folder that holds it ({})", zh.display())),
        (empty_en.display().to_string(), "holds no issue files".to_string()),
        (unnamed.display().to_string(), "cannot tell the edition from the folder's name (name the folder zh, en or ja, or pass --edition".to_string()),
        (zh_again.display().to_string(), format!("the same folder as {}", zh.display())),
    ] {
        assert!(said.contains(&format!("error: {folder}: {problem}")), "{folder}: {said}");
    }
    // The first zh folder is the edition; the later one is the doubled one.
    assert!(
        said.contains(&format!(
            "error: {}: {} is the zh edition already",
            zh.display(),
            other_zh.display()
        )),
        "{said}"
    );
    assert!(!out_dir.exists(), "nothing is written");

    // --edition cannot relabel a folder named for another edition.
    let en = root.join("real/en");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::copy(&file, en.join("2024-01-06-weekly.md")).unwrap();
    let out = builder()
        .arg(&en)
        .arg("--edition")
        .arg("zh")
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the folder is named for the en edition but --edition zh was given"),
        "{}",
        text(&out)
    );
    // It names the edition of a folder whose name does not, and `.` is the
    // folder it stands for.
    std::fs::copy(&file, unnamed.join("2024-01-06-weekly.md")).unwrap();
    let out = builder()
        .arg(&unnamed)
        .arg("--edition")
        .arg("ja")
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let archive = read_archive(&out_dir);
    assert!(archive
        .issues
        .iter()
        .all(|i| i.edition == weekly_core::archive::Edition::Ja));
    // A link is named by its own name, not its target's.
    #[cfg(unix)]
    {
        let link = root.join("links/zh");
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&unnamed, &link).unwrap();
        let out = builder()
            .arg(&link)
            .arg("-o")
            .arg(&out_dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "a link named zh: {}", text(&out));
        assert!(read_archive(&out_dir)
            .issues
            .iter()
            .all(|i| i.edition == weekly_core::archive::Edition::Zh));
    }
    let out = builder()
        .current_dir(&zh)
        .arg(".")
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "`.` in the zh folder: {}", text(&out));
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn an_output_path_that_is_a_file_is_refused_and_left_alone() {
    let root = temp_dir("out-file");
    let zh = corpus_with_one_good_issue(&root);
    let out_file = root.join("archive.json");
    std::fs::write(&out_file, "keep me").unwrap();
    let out = builder()
        .arg(&zh)
        .arg("-o")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "error: -o {}: is a file, not a folder",
            out_file.display()
        )),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "keep me");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn leftovers_of_an_interrupted_build_are_swept_by_the_next() {
    let root = temp_dir("leftovers");
    let zh = corpus_with_one_good_issue(&root);
    let out_dir = root.join("out");
    let feeds = out_dir.join("feeds");
    std::fs::create_dir_all(&feeds).unwrap();
    // What Ctrl-C between write and rename leaves (write_atomic's names).
    let stale = [
        out_dir.join(".archive.json.4242.tmp"),
        feeds.join(".all.xml.4242.tmp"),
    ];
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for path in &stale {
        std::fs::write(path, "half an archive").unwrap();
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(an_hour_ago).unwrap();
    }
    let out = build_with_feeds(&root, &[&zh], &out_dir);
    assert!(out.status.success(), "{}", text(&out));
    for path in &stale {
        assert!(!path.exists(), "{} is swept", path.display());
        assert!(
            stderr(&out).contains(&format!(
                "removed {} (left by an interrupted build)",
                path.display()
            )),
            "{}",
            text(&out)
        );
    }
    assert!(names(&out_dir).iter().all(|n| !n.ends_with(".tmp")));
    assert!(names(&feeds).iter().all(|n| !n.ends_with(".tmp")));
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn a_build_outside_the_project_tags_with_the_built_in_taxonomy_unless_one_is_at_hand() {
    let root = temp_dir("taxonomy");
    let zh = corpus_with_one_good_issue(&root);
    let out_dir = root.join("out");
    let run = |cwd: &Path| {
        let out = bin()
            .current_dir(cwd)
            .args(["build", "--no-feeds"])
            .arg(&zh)
            .arg("-o")
            .arg(&out_dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let archive = read_archive(&out_dir);
        (
            stderr(&out),
            archive
                .tags
                .iter()
                .map(|t| t.id.clone())
                .collect::<Vec<_>>(),
        )
    };
    let (said, tags) = run(&root);
    assert!(
        said.contains("topic tags from the built-in taxonomy"),
        "{said}"
    );
    assert!(tags.len() >= 30, "{tags:?}");

    // A taxonomy.toml where the build runs is the one used.
    std::fs::write(
        root.join("taxonomy.toml"),
        "[[topic]]\nid = \"only\"\nzh = \"唯一\"\nen = \"Only\"\nja = \"唯一\"\nkeywords = [\"python\"]\n",
    )
    .unwrap();
    let (said, tags) = run(&root);
    assert!(said.contains("topic tags from taxonomy.toml"), "{said}");
    assert_eq!(tags, ["only"]);
    let _ = std::fs::remove_dir_all(root);
}
