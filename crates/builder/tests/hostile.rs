//! Hostile markdown through the builder: every payload of
//! `tests/fixtures/xss-payloads.txt` is put in the titles, descriptions,
//! link destinations, section headings and raw HTML blocks of generated
//! issues (one issue per payload and edition, in a temporary folder), built
//! with the library API, and the archive is checked:
//!
//! - every stored URL (entry url, child url, description href) passes
//!   `safe_href`, and still has an http(s)/mailto scheme after HTML entity
//!   decoding and the browser's URL clean-up;
//! - descriptions are structure only (text, code, em, strong, link): no
//!   inline carries markup;
//! - no tag that the markdown parser read as raw HTML is stored in any text.

use pulldown_cmark::{Event, Parser};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use weekly_builder::{build, read_inputs, to_json};
use weekly_core::archive::{Archive, Edition, Inline};
use weekly_core::links::safe_href;

/// The payload corpus, decoded (`{U+XXXX}` escapes, `#!` comments).
fn payloads() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/xss-payloads.txt");
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/xss-payloads.txt");
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.is_empty() && !l.starts_with("#!"))
        .map(decode_escapes)
        .collect()
}

fn decode_escapes(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("{U+") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let hex_len = after.find('}').unwrap_or(0);
        let code = (4..=6)
            .contains(&hex_len)
            .then(|| u32::from_str_radix(&after[..hex_len], 16).ok())
            .flatten()
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &after[hex_len + 1..];
            }
            None => {
                out.push_str("{U+");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("weekly-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One issue that puts `p` everywhere the newsletter has text or links.
fn hostile_issue(edition: Edition, n: usize, p: &str) -> String {
    let (articles, projects, discussions, books, picks) = match edition {
        Edition::Zh => (
            "🦄文章&教程",
            "🐿️项目&资源",
            "🥂讨论&问题",
            "🐢赠书",
            "🐱产品推荐",
        ),
        _ => (
            "🦄Articles & Tutorials",
            "🐿️Projects & Resources",
            "🥂Discussion & Questions",
            "🐢Book Giveaway",
            "🐱Product Pick",
        ),
    };
    let u = format!("https://example.com/{}/{n}", edition.code());
    format!(
        "# Hostile Weekly #{n} (2024-01-06) {p}

Intro {p} with 3 articles. [intro link]({p})

{p}

## {articles} {p}

1、[{p}]({u}/a1) (English)

{p}

2、[Title {n}]({p})

Text [link {p}]({p}) and *{p}* and **{p}** and _{p}_ end.

3、{p} [{u}/a3]({u}/a3)

4、Series {p}:

- [{p}]({p}) (English): {p}
- [child {n}]({u}/c) {p}
- {p}

5、[auto {n}]({u}/a5) <{p}> [x]({p} \"{p}\")

<div class=scaffold>
{p}
</div   >

6、{p}

<script class=scaffold>{p}</script   >

## [{projects} {p}]({p})

1. [Project {n}]({u}/p1) {p}

{p}

2. [{p} project]({u}/p2)

> {p}

**[{discussions} {p}]({u}/d)**

1、[Discuss {n}]({u}/d1)
{p}

## {books} {p}

{p} 《{p}》 [{p}]({p})

## {picks}

**{p}** [{p}]({u}/pick) {p}

## 🐼Subscribe {p}

- [{p}]({p})
"
    )
}

/// One issue with `p` in code: spans, fenced and indented blocks, in an
/// item's title and description. (Apart from [`hostile_issue`]: in code the
/// payload is legitimately stored as text, which would excuse any leak.)
fn code_issue(n: usize, p: &str) -> String {
    format!(
        "# Code Weekly #{n} (2024-01-06)

## 🦄Articles & Tutorials

1、[`{p}`](https://example.com/code/{n}) (English)

Use `{p}` or ``{p}`` here [`{p}`]({p}).

```html
{p}
```

    {p}

2、`{p}` [https://example.com/code/{n}/2](https://example.com/code/{n}/2)

- [`{p}`](https://example.com/code/{n}/c): `{p}`
"
    )
}

/// Decodes HTML character references the way a browser would in HTML
/// (numeric ones, with or without `;`, and the named ones that matter for
/// URLs), until nothing changes.
fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("colon", ':'),
        ("Tab", '\t'),
        ("NewLine", '\n'),
        ("lpar", '('),
        ("rpar", ')'),
        ("sol", '/'),
        ("bsol", '\\'),
        ("period", '.'),
        ("excl", '!'),
        ("nbsp", '\u{a0}'),
    ];
    let mut current = s.to_string();
    for _ in 0..8 {
        let mut out = String::new();
        let mut rest = current.as_str();
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let mut decoded = None;
            if let Some(num) = after.strip_prefix('#') {
                let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                    Some(h) => (true, h),
                    None => (false, num),
                };
                let len = digits
                    .find(|c: char| {
                        !(if hex {
                            c.is_ascii_hexdigit()
                        } else {
                            c.is_ascii_digit()
                        })
                    })
                    .unwrap_or(digits.len());
                if len > 0 {
                    let value =
                        u32::from_str_radix(&digits[..len.min(8)], if hex { 16 } else { 10 })
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{fffd}');
                    let mut used = 1 + usize::from(hex) + len;
                    if num[usize::from(hex) + len..].starts_with(';') {
                        used += 1;
                    }
                    decoded = Some((value, used));
                }
            } else {
                for (name, c) in NAMED {
                    if let Some(tail) = after.strip_prefix(name) {
                        let used = name.len() + usize::from(tail.starts_with(';'));
                        decoded = Some((*c, used));
                        break;
                    }
                }
            }
            match decoded {
                Some((c, used)) => {
                    out.push(c);
                    rest = &after[used..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        if out == current {
            break;
        }
        current = out;
    }
    current
}

/// The scheme a browser would see in an `href` holding `url` once entities
/// are decoded: tabs and newlines removed, C0 controls and spaces trimmed.
fn browser_scheme(url: &str) -> Option<String> {
    let decoded = decode_entities(url);
    let cleaned: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

fn check_url(url: &str, what: &str, problems: &mut Vec<String>) {
    if safe_href(url) != Some(url) {
        problems.push(format!("{what}: unsafe URL stored: {url:?}"));
    }
    match browser_scheme(url).as_deref() {
        Some("http" | "https" | "mailto") => {}
        other => problems.push(format!(
            "{what}: after entity decoding the scheme is {other:?}: {url:?}"
        )),
    }
}

/// Text leaves (not code) and hrefs of inlines.
fn walk(inlines: &[Inline], texts: &mut Vec<String>, hrefs: &mut Vec<String>) {
    for i in inlines {
        match i {
            Inline::Text(t) => texts.push(t.clone()),
            Inline::Code { .. } => {}
            Inline::Emphasis { em: inner } | Inline::Strong { strong: inner } => {
                walk(inner, texts, hrefs)
            }
            Inline::Link { href, text } => {
                hrefs.push(href.clone());
                walk(text, texts, hrefs);
            }
        }
    }
}

/// An inline in the archive's JSON: a string, or an object with exactly
/// `code`, `em`, `strong`, or `href` and `text`. Nothing else (no `html`).
fn check_inline_json(v: &Value, at: &str, problems: &mut Vec<String>) {
    match v {
        Value::String(_) => {}
        Value::Object(map) => {
            let keys: BTreeSet<&str> = map.keys().map(String::as_str).collect();
            let list = |k: &str, problems: &mut Vec<String>| match map.get(k) {
                Some(Value::Array(items)) => items
                    .iter()
                    .for_each(|i| check_inline_json(i, at, problems)),
                other => problems.push(format!("{at}: `{k}` is not a list: {other:?}")),
            };
            match keys.iter().copied().collect::<Vec<_>>().as_slice() {
                ["code"] if map["code"].is_string() => {}
                ["em"] => list("em", problems),
                ["strong"] => list("strong", problems),
                ["href", "text"] if map["href"].is_string() => list("text", problems),
                _ => problems.push(format!("{at}: an inline with keys {keys:?}: {v}")),
            }
        }
        other => problems.push(format!("{at}: an inline that is {other}")),
    }
}

/// The tags pulldown-cmark reads as raw HTML in `md`, whole and line by line
/// (the builder parses groups of lines).
fn raw_html_tags(md: &str) -> BTreeSet<String> {
    let mut tags = BTreeSet::new();
    let mut collect = |text: &str| {
        for event in Parser::new(text) {
            if let Event::Html(h) | Event::InlineHtml(h) = event {
                let mut rest: &str = &h;
                while let Some(start) = rest.find('<') {
                    let Some(len) = rest[start..].find('>') else {
                        break;
                    };
                    let tag = &rest[start..=start + len];
                    if tag.len() >= 3 && is_inline_tag(tag) {
                        tags.insert(tag.to_string());
                    }
                    rest = &rest[start + 1..];
                }
            }
        }
    };
    collect(md);
    md.lines().for_each(collect);
    tags
}

/// Whether pulldown-cmark reads `tag` on its own as one inline HTML tag
/// (a piece of an HTML block may look like a tag without being one).
fn is_inline_tag(tag: &str) -> bool {
    let text = format!("x{tag}");
    let events: Vec<Event> = Parser::new(&text).collect();
    events
        .iter()
        .any(|e| matches!(e, Event::InlineHtml(h) if h.as_ref() == tag))
}

/// The text of `md` as a markdown reader sees it: text and code, with
/// entities decoded and HTML left out.
fn text_projection(md: &str) -> String {
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
            _ => None,
        })
        .collect()
}

/// Every stored text of an issue's entries and the issue itself.
fn stored_texts(archive: &Archive, edition: Edition, number: u32) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for issue in archive
        .issues
        .iter()
        .filter(|i| i.edition == edition && i.number == number)
    {
        out.push(("issue title".to_string(), issue.title.clone()));
    }
    for e in archive
        .entries
        .iter()
        .filter(|e| e.edition == edition && e.issue == number)
    {
        out.push((format!("{} title", e.id), e.title.clone()));
        out.push((format!("{} section_title", e.id), e.section_title.clone()));
        for c in &e.children {
            out.push((format!("{} child title", e.id), c.title.clone()));
        }
        let (mut texts, mut hrefs) = (Vec::new(), Vec::new());
        for b in &e.description {
            walk(&b.inlines, &mut texts, &mut hrefs);
        }
        out.extend(
            texts
                .into_iter()
                .map(|t| (format!("{} description", e.id), t)),
        );
    }
    out
}

/// Issue numbers of the code issues start after this.
const CODE_ISSUES: usize = 5000;

#[test]
fn the_payload_corpus_is_large_and_decodes() {
    let p = payloads();
    assert!(p.len() >= 200, "only {} payloads", p.len());
    let unique: BTreeSet<&String> = p.iter().collect();
    assert_eq!(unique.len(), p.len(), "payloads are unique");
    assert!(p.iter().any(|p| p.contains('\n')), "escapes decode");
    assert!(p.iter().any(|p| p.contains('\0')));
    assert!(p.iter().any(|p| p.contains('\t')));
    assert_eq!(decode_escapes("a{U+000A}b{U+1F984}{U+zz}"), "a\nb🦄{U+zz}");
}

#[test]
fn hostile_markdown_builds_to_safe_structured_text() {
    let payloads = payloads();
    let tmp = TempDir::new("hostile");
    let editions = [Edition::En, Edition::Zh];
    let mut dirs = Vec::new();
    for ed in editions {
        let dir = tmp.0.join(ed.code());
        std::fs::create_dir_all(&dir).unwrap();
        for (i, p) in payloads.iter().enumerate() {
            let md = hostile_issue(ed, i + 1, p);
            std::fs::write(dir.join(format!("2024-01-06-{:04}-weekly.md", i + 1)), md).unwrap();
            let md = code_issue(CODE_ISSUES + i + 1, p);
            std::fs::write(
                dir.join(format!("2024-01-06-{:04}-code-weekly.md", i + 1)),
                md,
            )
            .unwrap();
        }
        dirs.push(dir);
    }
    let started = std::time::Instant::now();
    let inputs = read_inputs(&dirs, None).unwrap();
    assert_eq!(inputs.files.len(), 2 * payloads.len() * editions.len());
    let (archive, report) = build(inputs, |_, _| {});
    println!(
        "{} payloads x {} editions: {} issues, {} entries, {} unsafe links dropped, built in {:?}",
        payloads.len(),
        editions.len(),
        archive.issues.len(),
        archive.entries.len(),
        report
            .per_issue
            .iter()
            .flat_map(|i| &i.sections)
            .map(|s| s.links.unsafe_dropped)
            .sum::<usize>(),
        started.elapsed()
    );
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(archive.issues.len(), 2 * payloads.len() * editions.len());

    let mut problems = Vec::new();
    // URLs.
    let mut urls = 0;
    for e in &archive.entries {
        if let Some(u) = &e.url {
            urls += 1;
            check_url(u, &format!("{} url", e.id), &mut problems);
        }
        for c in &e.children {
            urls += 1;
            check_url(&c.url, &format!("{} child", e.id), &mut problems);
        }
        let (mut texts, mut hrefs) = (Vec::new(), Vec::new());
        for b in &e.description {
            walk(&b.inlines, &mut texts, &mut hrefs);
        }
        for h in hrefs {
            urls += 1;
            check_url(&h, &format!("{} description link", e.id), &mut problems);
        }
    }
    // Structure, in the JSON the viewer reads.
    let json: Value = serde_json::from_slice(&to_json(&archive)).unwrap();
    for (k, e) in json["entries"].as_array().unwrap().iter().enumerate() {
        for block in e["description"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            match block {
                Value::Array(inlines) => inlines
                    .iter()
                    .for_each(|i| check_inline_json(i, &format!("entry {k}"), &mut problems)),
                other => problems.push(format!("entry {k}: a block that is {other}")),
            }
        }
    }
    // No raw HTML tag survives in a stored text.
    let mut texts_checked = 0;
    for ed in editions {
        for (i, p) in payloads.iter().enumerate() {
            let number = i as u32 + 1;
            let md = hostile_issue(ed, i + 1, p);
            let tags = raw_html_tags(&md);
            // (Code spans may run from one copy of the payload to the next.)
            let as_text = std::iter::once(p.as_str())
                .chain(std::iter::once(md.as_str()))
                .chain(md.lines())
                .map(text_projection)
                .collect::<Vec<_>>()
                .join("\n");
            for (what, text) in stored_texts(&archive, ed, number) {
                texts_checked += 1;
                for tag in tags
                    .iter()
                    .filter(|t| !t.contains("scaffold") && !t.ends_with("   >"))
                {
                    // Text may spell a tag: decoded from entities, in code,
                    // or joined around a dropped tag (`<scr<b>ipt>`): the
                    // payload's own text shows it.
                    if text.contains(tag.as_str()) && !as_text.contains(tag.as_str()) {
                        problems.push(format!(
                            "{ed} #{number} {what}: raw HTML {tag:?} stored in {text:?} (payload {p:?})"
                        ));
                    }
                }
            }
        }
    }
    println!("{urls} stored URLs and {texts_checked} stored texts checked");
    for p in &problems {
        println!("PROBLEM {p}");
    }
    assert!(urls > payloads.len() * editions.len() * 5, "{urls} URLs");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );
}

/// Entity-encoded, control-character and mixed-case `javascript:` in every
/// link position never becomes a link; the visible text stays text.
#[test]
fn encoded_script_schemes_never_become_links() {
    for dest in [
        "jav&#x09;ascript:alert(1)",
        "jav&#9;ascript:alert(1)",
        "javascript&colon;alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "JaVaScRiPt:alert(1)",
        "<java\tscript:alert(1)>",
        "javascript%3Aalert(1)",
        "data:text/html,alert(1)",
        "vbscript:msgbox(1)",
        "//evil.example",
    ] {
        let md = format!(
            "# Weekly #1 (2024-01-06)\n\n## 🦄Articles\n\n1、[T]({dest})\n\n[d]({dest})\n\n- [c]({dest})\n"
        );
        let tmp = TempDir::new(&format!("encoded-{}", dest.len()));
        let dir = tmp.0.join("en");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("2024-01-06-weekly.md"), md).unwrap();
        let (archive, report) = build(read_inputs(&[dir], None).unwrap(), |_, _| {});
        assert!(report.errors.is_empty(), "{dest}: {:?}", report.errors);
        let e = &archive.entries[0];
        assert_eq!(e.url, None, "{dest}");
        assert!(e.children.is_empty(), "{dest}: {:?}", e.children);
        let (mut texts, mut hrefs) = (Vec::new(), Vec::new());
        e.description
            .iter()
            .for_each(|b| walk(&b.inlines, &mut texts, &mut hrefs));
        assert!(hrefs.is_empty(), "{dest}: {hrefs:?}");
    }
}

/// Regression: the title of an issue was its `# ` line as written, raw
/// HTML included; it is now the line's text.
#[test]
fn raw_html_in_an_issue_title_is_not_stored() {
    let tmp = TempDir::new("title");
    let dir = tmp.0.join("en");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2024-01-06-weekly.md"),
        "# Weekly #3 <img src=x onerror=alert(1)> &lt;b&gt; <script>alert(1)</script>\n\n## 🦄Articles\n\n1、[T](https://example.com)\n",
    )
    .unwrap();
    let (archive, report) = build(read_inputs(&[dir], None).unwrap(), |_, _| {});
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(archive.issues[0].number, 3);
    assert_eq!(archive.issues[0].title, "Weekly #3  <b> alert(1)");
}

#[test]
fn entity_decoding_helper_decodes_like_a_browser() {
    assert_eq!(decode_entities("jav&#x09;ascript&colon;"), "jav\tascript:");
    assert_eq!(decode_entities("&#106&#97;&#X76;a"), "java");
    assert_eq!(decode_entities("&amp;Tab;"), "\t");
    assert_eq!(decode_entities("a & b &unknown;"), "a & b &unknown;");
    assert_eq!(
        browser_scheme(" \u{1}java\tscript:x"),
        Some("javascript".into())
    );
    assert_eq!(browser_scheme("https://x"), Some("https".into()));
    assert_eq!(browser_scheme("/relative"), None);
}
