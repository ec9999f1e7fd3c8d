//! The builder on random and pathological markdown: it never panics, every
//! URL it stores is safe, and inputs built to be slow (deep nesting, long
//! lines, a megabyte of brackets) still build in a few seconds. Plus ~50
//! CommonMark-spec-style inputs (written here: the spec's examples are not
//! shipped by any crate of the registry).

use proptest::prelude::*;
use std::time::{Duration, Instant};
use weekly_builder::parse::{parse_file, ParsedIssue, SourceFile};
use weekly_builder::{build, to_json, Inputs};
use weekly_core::archive::Edition;
use weekly_core::links::safe_href;

fn source(edition: Edition, bytes: Vec<u8>) -> SourceFile {
    SourceFile {
        name: "2024-01-06-weekly.md".into(),
        path: "fuzz/2024-01-06-weekly.md".into(),
        edition,
        bytes,
    }
}

/// Every URL of a parsed issue is safe: entry urls, children, description links.
fn assert_safe(parsed: &ParsedIssue) -> usize {
    let mut urls = Vec::new();
    for e in &parsed.entries {
        urls.extend(e.url.clone());
        urls.extend(e.children.iter().map(|c| c.url.clone()));
        urls.extend(weekly_builder::markdown::hrefs(&e.description));
    }
    for u in &urls {
        assert_eq!(safe_href(u), Some(u.as_str()), "unsafe URL stored: {u:?}");
    }
    urls.len()
}

/// Parses one file; when it gives an issue, checks its URLs.
fn check(edition: Edition, md: &str) -> Option<ParsedIssue> {
    let parsed = parse_file(&source(edition, md.as_bytes().to_vec())).ok()?;
    assert_safe(&parsed);
    Some(parsed)
}

/// The whole pipeline (duplicates, sorting, JSON) on some files.
fn check_build(files: Vec<SourceFile>) {
    let (archive, _report) = build(
        Inputs {
            files,
            ..Inputs::default()
        },
        |_, _| {},
    );
    let json = to_json(&archive);
    let loaded = weekly_core::load::load_archive(std::str::from_utf8(&json).unwrap()).unwrap();
    assert_eq!(loaded.skipped_entries, 0);
}

/// Pieces the newsletter's markdown (and hostile markdown) is made of.
const FRAGMENTS: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "[x](",
    "](",
    "![",
    "<",
    ">",
    "`",
    "``",
    "```",
    "~~~",
    "*",
    "**",
    "_",
    "__",
    "\\",
    "|",
    "#",
    "## ",
    "# ",
    "\n",
    "\n\n",
    "\n\n\n",
    "    ",
    "\t",
    " ",
    "- ",
    "* ",
    "+ ",
    "> ",
    ">",
    "1、",
    "2、",
    "3、",
    "12、",
    "①",
    "②",
    "⑳",
    "1. ",
    "2. ",
    "10.[",
    "1.**",
    "**[",
    "🦄",
    "🐿️",
    "🥂",
    "🐢",
    "🎁",
    "文章&教程",
    "项目&资源",
    "Articles & Tutorials",
    "Projects",
    "赠书",
    "产品推荐",
    "订阅",
    "(English)",
    "（英）",
    "(中英)",
    "（日语）",
    "已删除",
    "Content deleted.",
    "https://",
    "http://",
    "https://example.com/a",
    "mailto:a@b.c",
    "javascript:",
    "JaVaScRiPt:",
    "jav&#x09;ascript:",
    "&colon;",
    "&#106;",
    "&amp;",
    "&lt;",
    "data:text/html,",
    "vbscript:",
    "<https://x.org>",
    "<javascript:alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<script>",
    "</script>",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "---",
    "title: x",
    "pubDate: 2024-01-06",
    "本期周刊分享了 12 篇文章，",
    "12 articles, ",
    "\u{0}",
    "\u{feff}",
    "\u{200b}",
    "\r",
    "\r\n",
    "Ã¦",
    "ð\u{9f}\u{90}¿",
    "x",
    "word ",
    "中文",
    "日本語",
];

fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => "[a-z0-9 ]{1,20}",
            1 => any::<char>().prop_map(String::from),
        ],
        0..300,
    )
    .prop_map(|parts| parts.concat())
}

/// A random body after a valid title, so the parser gets past the title.
fn issue() -> impl Strategy<Value = String> {
    (markdownish(), any::<bool>()).prop_map(|(body, front)| {
        if front {
            format!("---\ntitle: Weekly #1\npubDate: 2024-01-06\n---\n{body}")
        } else {
            format!("# Python Trending Weekly #1 (2024-01-06)\n\n## 🦄Articles\n\n{body}")
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn random_markdownish_text_never_panics(md in markdownish(), zh in any::<bool>()) {
        check(if zh { Edition::Zh } else { Edition::En }, &md);
    }

    #[test]
    fn random_issue_bodies_never_panic_and_store_safe_urls(md in issue(), ed in 0usize..3) {
        check(Edition::ALL[ed], &md);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse_file(&source(Edition::En, bytes));
    }

    #[test]
    fn random_unicode_never_panics(text in any::<String>()) {
        let md = format!("# Weekly #1 (2024-01-06)\n\n## 🦄文章\n\n1、{text}\n\n{text}\n");
        check(Edition::Zh, &md);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Several files at once: the duplicate-number rules, sorting and the
    /// JSON the viewer reads.
    #[test]
    fn random_issues_build_to_a_loadable_archive(
        bodies in prop::collection::vec((issue(), 1u32..4, 0usize..3), 1..5)
    ) {
        let files = bodies
            .into_iter()
            .enumerate()
            .map(|(i, (md, n, ed))| SourceFile {
                name: format!("2024-01-0{}-weekly.md", i + 1),
                path: format!("fuzz/{i}.md"),
                edition: Edition::ALL[ed],
                bytes: md.replacen("#1", &format!("#{n}"), 1).into_bytes(),
            })
            .collect();
        check_build(files);
    }
}

/// CPU time of this thread (Linux: `/proc/thread-self/stat`, in ticks of
/// 10 ms), which other processes on a busy machine do not inflate.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    // After the name: state is field 3, utime 14 and stime 15.
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Builds `md` as one issue's file: (wall time, CPU time if known).
fn timed(name: &str, md: &str) -> (Duration, Option<Duration>) {
    let cpu_before = thread_cpu_time();
    let started = Instant::now();
    let parsed = check(Edition::Zh, md);
    let wall = started.elapsed();
    let cpu = thread_cpu_time()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    println!(
        "{name:<32} {:>8} bytes: {wall:>9.2?} wall, {:>9} CPU ({} entries)",
        md.len(),
        cpu.map_or("?".into(), |c| format!("{c:.2?}")),
        parsed.map_or(0, |p| p.entries.len())
    );
    (wall, cpu)
}

#[test]
fn pathological_inputs_build_in_seconds() {
    // The budget is CPU time (the machine may be shared); wall time gets
    // three times as much.
    const LIMIT: Duration = Duration::from_secs(4);
    const DEEP: usize = 10_000;
    let head = "# Python 潮流周刊#1 (2024-01-06)\n\n## 🦄文章&教程\n\n";
    let item = |body: &str| format!("{head}1、[标题](https://example.com/a)\n\n{body}\n");
    let cases: Vec<(&str, String)> = vec![
        ("10k nested [", item(&"[".repeat(DEEP))),
        (
            "10k nested [ ] pairs",
            item(&format!("{}x{}", "[".repeat(DEEP), "]".repeat(DEEP))),
        ),
        (
            "10k nested links",
            item(&format!(
                "{}x{}",
                "[".repeat(DEEP),
                "](https://e.com)".repeat(DEEP)
            )),
        ),
        ("10k nested >", item(&"> ".repeat(DEEP))),
        ("10k > without spaces", item(&">".repeat(DEEP))),
        ("10k *", item(&"*".repeat(DEEP))),
        (
            "10k * around a word",
            item(&format!("{}x{}", "*".repeat(DEEP), "*".repeat(DEEP))),
        ),
        ("10k nested * a", item(&"*a ".repeat(DEEP))),
        ("10k nested list items", item(&"- ".repeat(DEEP))),
        ("10k nested numbered items", item(&"1. ".repeat(DEEP))),
        ("10k _", item(&"_".repeat(DEEP))),
        ("10k backticks", item(&"`".repeat(DEEP))),
        (
            "10k ( in a destination",
            item(&format!("[x]({}", "(".repeat(DEEP))),
        ),
        ("10k <", item(&"<".repeat(DEEP))),
        ("10k ![", item(&"![".repeat(DEEP))),
        (
            "10k-char line",
            item(&"Python 周刊 word ".repeat(DEEP / 16 + 1)),
        ),
        (
            "10k-char link text",
            item(&format!("[{}](https://e.com)", "x".repeat(DEEP))),
        ),
        (
            "10k-char URL",
            item(&format!("[x](https://e.com/{})", "a".repeat(DEEP))),
        ),
        (
            "10k-char item line",
            format!(
                "{head}1、[{}](https://e.com) {}\n",
                "t".repeat(DEEP),
                "d".repeat(DEEP)
            ),
        ),
        (
            "10k-char heading",
            format!(
                "# Weekly #1 (2024-01-06)\n\n## 🦄{}\n\n1、[t](https://e.com)\n",
                "文章".repeat(DEEP / 2)
            ),
        ),
        ("1 MB of [", item(&"[".repeat(1 << 20))),
        ("1 MB of []", item(&"[]".repeat(1 << 19))),
        ("1 MB of ][", item(&"][".repeat(1 << 19))),
        ("1 MB of [x](", item(&"[x](".repeat(1 << 18))),
        (
            "1 MB of brackets on lines",
            item(&"[[[[]]]]\n".repeat((1 << 20) / 9)),
        ),
        ("1 MB of * and _", item(&"*_".repeat(1 << 19))),
        ("1 MB of <a", item(&"<a".repeat(1 << 19))),
        (
            "10k items",
            format!(
                "{head}{}",
                (1..=DEEP)
                    .map(|n| format!("{n}、[t{n}](https://e.com/{n})\n"))
                    .collect::<String>()
            ),
        ),
        (
            "10k headings",
            format!(
                "# Weekly #1 (2024-01-06)\n\n{}",
                "## 🦄Articles\n\n1、[t](https://e.com)\n\n".repeat(DEEP)
            ),
        ),
        (
            "10k bullets in an item",
            item(&"- [c](https://e.com/c) (English)\n".repeat(DEEP)),
        ),
        ("10k-line paragraph", item(&"line\n".repeat(DEEP))),
        (
            "10k circled items",
            format!("{head}{}", "① 标题\n".repeat(DEEP)),
        ),
    ];
    let mut slow = Vec::new();
    let mut total = Duration::ZERO;
    for (name, md) in &cases {
        let (wall, cpu) = timed(name, md);
        total += wall;
        if cpu.unwrap_or(wall) > LIMIT || wall > 3 * LIMIT {
            slow.push(format!("{name}: {wall:.2?} wall, {cpu:.2?} CPU"));
        }
    }
    println!("{} pathological inputs in {total:.2?}", cases.len());
    assert!(slow.is_empty(), "slower than {LIMIT:?}: {slow:?}");
}

/// CommonMark-spec-style examples (tabs, thematic breaks, headings, code,
/// HTML blocks, link reference definitions, block quotes, lists, inlines,
/// entities, autolinks, raw HTML), each as an item's body and as its title.
const SPEC_STYLE: &[&str] = &[
    "\tfoo\tbaz\t\tbim",
    "  - foo\n\n\tbar",
    "*\t*\t*\t",
    "***\n---\n___",
    "+++",
    " - - -",
    "# foo\n## foo\n### foo\n#### foo\n##### foo\n###### foo",
    "####### foo",
    "#5 bolt\n\n#hashtag",
    "\\## foo",
    "# foo *bar* \\*baz\\*",
    "Foo *bar*\n=========\n\nFoo *bar*\n---------",
    "    a simple\n      indented code block",
    "```\n<\n >\n```",
    "~~~\naaa\n```\n~~~",
    "``` ```\naaa",
    "```ruby\ndef foo(x)\n  return 3\nend\n```",
    "<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n</pre>\n</td></tr></table>",
    "<div>\n*hello*\n         <foo><a>",
    "<DIV CLASS=\"foo\">\n\n*Markdown*\n\n</DIV>",
    "<a href=\"foo\">\n*bar*\n</a>",
    "<script type=\"text/javascript\">\n// JavaScript example\n\ndocument.getElementById(\"demo\").innerHTML = \"Hello JavaScript!\";\n</script>\nokay",
    "<style\n  type=\"text/css\">\nh1 {color:red;}\n</style>\nokay",
    "<!-- Foo\n\nbar\n   baz -->\nokay",
    "<?php\n\n  echo '>';\n\n?>\nokay",
    "<![CDATA[\nfunction matchwo(a,b)\n{\n  if (a < b && a < 0) then {\n    return 1;\n  }\n}\n]]>\nokay",
    "[foo]: /url \"title\"\n\n[foo]",
    "[foo]: javascript:alert(1)\n\n[foo]",
    "[foo]:\n<bar>(baz)\n\n[foo]",
    "[foo]: /url\\bar\\*baz \"foo\\\"bar\\baz\"\n\n[foo]",
    "> # Foo\n> bar\n> baz",
    "> - foo\n- bar",
    ">>> foo\n> bar\n>>baz",
    "- foo\n\n  bar\n\n- baz",
    "1.  A paragraph\n    with two lines.\n\n        indented code\n\n    > A block quote.",
    "123456789. ok\n\n1234567890. not ok",
    "- a\n - b\n  - c\n   - d\n    - e",
    "`` foo ` bar ``",
    "*foo`*`",
    "[not a `link](/foo`)",
    "`<a href=\"`\">`",
    "<a href=\"`\">`",
    "<http://foo.bar.baz/test?q=hello&id=22&boolean>",
    "<MAILTO:FOO@BAR.BAZ>",
    "<javascript:alert('XSS')>",
    "<foo\\+@bar.example.com>",
    "foo <!-- this is a --\ncomment - with hyphens -->",
    "<a  /><b2\ndata=\"foo\" ><c>",
    "<a href=\"hi'> <a href=hi'>",
    "&nbsp; &amp; &copy; &AElig; &Dcaron;\n&frac34; &HilbertSpace; &DifferentialD;\n&ClockwiseContourIntegral; &ngE;",
    "&#35; &#1234; &#992; &#0;",
    "[link](/uri \"title\")\n[link](<>)\n[link](</my uri>)\n[link](foo(and(bar)))",
    "[link](&#x6A;avascript:alert(1))",
    "[a](<b)c>)",
    "*foo [bar* baz]",
    "[foo *bar [baz]*](/uri)",
    "![foo *bar*][]\n\n[foo *bar*]: train.jpg \"train & tracks\"",
    "**foo*bar**\n__foo, __bar__, baz__\n*(*foo*)*",
    "foo  \nbaz\nfoo\\\nbaz",
];

#[test]
fn spec_style_examples_build_safely() {
    let mut entries = 0;
    let mut urls = 0;
    for (i, example) in SPEC_STYLE.iter().enumerate() {
        for md in [
            format!("# Weekly #1 (2024-01-06)\n\n## 🦄Articles\n\n1、[Item](https://example.com/{i})\n\n{example}\n\n2、{example}\n"),
            format!("# Weekly #1 (2024-01-06)\n\n{example}\n\n## 🐿️Projects\n\n{example}\n\n1. [P](https://example.com/p)\n"),
            format!("# Weekly #1 (2024-01-06) {example}\n\n## 🐢赠书\n\n{example}\n"),
        ] {
            for ed in Edition::ALL {
                if let Some(p) = check(ed, &md) {
                    entries += p.entries.len();
                    urls += assert_safe(&p);
                }
            }
        }
    }
    println!(
        "{} spec-style examples: {entries} entries, {urls} safe URLs",
        SPEC_STYLE.len()
    );
    assert!(SPEC_STYLE.len() >= 50);
    assert!(entries > SPEC_STYLE.len() * 3);
}
