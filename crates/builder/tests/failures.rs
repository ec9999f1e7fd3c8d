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

fn builder() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_weekly-builder"));
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
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains(&missing.display().to_string()), "{said}");
    assert!(
        said.contains("cannot read the folder") && said.contains("check the path"),
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
    let utf8 = format!("{}:", zh.join("2024-02-03-weekly.md").display());
    assert!(
        said.contains(&utf8) && said.contains("not valid UTF-8"),
        "{said}"
    );
    #[cfg(target_os = "linux")]
    {
        let unreadable = zh.join("2024-03-02-weekly.md").display().to_string();
        assert!(
            said.contains(&unreadable) && said.contains("cannot read the file"),
            "{said}"
        );
    }
    let json = std::fs::read_to_string(out_dir.join("archive.json")).unwrap();
    let archive = weekly_core::load::load_archive(&json).unwrap().archive;
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
