//! One newsletter file to one issue and its entries.
//!
//! The structure of an issue is in its lines: a title, an intro, section
//! headings (`## 🦄文章&教程`, `**[🦄…](url)**`, a bare `[🦄…](url)` line),
//! and in each section numbered items (`1、`, `1.`, `①`) followed by their
//! description. The file is split into lines and grouped here; the text of
//! each group is then parsed as markdown by [`crate::markdown`].

use crate::markdown::{self, flatten, links_in, plain, render, trim_inlines};
use crate::mojibake::{self, RepairedLine};
use crate::report::{FileError, IssueReport, LinkTally, SectionReport, Warning};
use crate::sections::{self, HeadingKind, SECTIONS};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use weekly_core::archive::{entry_id, Block, Child, Edition, Entry, Inline, Issue, Lang, Status};

/// One input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// File name (`2023-06-03-weekly.md`), stored as the issue's source.
    pub name: String,
    /// Path for messages.
    pub path: String,
    pub edition: Edition,
    pub bytes: Vec<u8>,
}

/// An issue built from one file.
#[derive(Debug, Clone)]
pub struct ParsedIssue {
    pub issue: Issue,
    pub entries: Vec<Entry>,
    pub report: IssueReport,
    pub warnings: Vec<Warning>,
}

impl ParsedIssue {
    /// Gives the issue another number (ids of its entries follow).
    pub fn renumber(&mut self, number: u32) {
        self.issue.number = number;
        self.report.number = number;
        for e in &mut self.entries {
            e.issue = number;
            e.id = entry_id(e.edition, number, &e.section, e.position);
        }
    }
}

/// What kind of file a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Weekly,
    /// Season or topic compilations (`-sweekly`, `-iweekly`, `-lweekly`).
    Compilation,
    Other,
}

pub fn file_kind(name: &str) -> FileKind {
    let Some(stem) = name.strip_suffix(".md") else {
        return FileKind::Other;
    };
    if ["-sweekly", "-iweekly", "-lweekly"]
        .iter()
        .any(|s| stem.ends_with(s))
    {
        FileKind::Compilation
    } else {
        FileKind::Weekly
    }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

macro_rules! regex {
    ($pattern:expr) => {{
        static CELL: OnceLock<Regex> = OnceLock::new();
        re(&CELL, $pattern)
    }};
}

fn err(file: &SourceFile, line: usize, reason: impl Into<String>, hint: &str) -> FileError {
    FileError {
        file: file.path.clone(),
        line,
        reason: reason.into(),
        hint: hint.to_string(),
    }
}

/// The value of a simple YAML scalar: quotes removed, `''` and `\"` undone.
fn yaml_scalar(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1]
            .replace("\\\"", "\"")
            .replace("\\\\", "\\")
    } else {
        v.to_string()
    }
}

/// The plain text of a `# ` title line, read as the markdown heading it is:
/// raw HTML dropped (never stored), escapes and entities resolved
/// (`Python\'s` is "Python's"), emphasis markers removed.
fn title_text(line: &str) -> String {
    markdown::plain(&flatten(render(line).blocks))
        .trim()
        .to_string()
}

/// The issue number printed in a title.
pub fn title_number(title: &str) -> Option<u32> {
    let caps = regex!(r"#\s*(\d{1,4})")
        .captures(title)
        .or_else(|| regex!(r"(?i)weekly\s+(\d{1,4})\b").captures(title))
        .or_else(|| regex!(r"第\s*(\d{1,4})\s*期").captures(title))?;
    caps[1].parse().ok()
}

fn valid_date(d: &str) -> bool {
    regex!(r"^\d{4}-\d{2}-\d{2}$").is_match(d)
}

/// A line that starts a numbered item.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ItemLine<'a> {
    number: u32,
    circled: bool,
    rest: &'a str,
    /// Images glued before the number (`![](…)9、[…]`), dropped.
    images: usize,
}

fn circled_value(c: char) -> Option<u32> {
    match c as u32 {
        0x2460..=0x2473 => Some(c as u32 - 0x2460 + 1),
        0x3251..=0x325F => Some(c as u32 - 0x3251 + 21),
        0x32B1..=0x32BF => Some(c as u32 - 0x32B1 + 36),
        _ => None,
    }
}

/// An item: its line number, its first line, and the lines of its body.
type ItemLines<'a> = (usize, ItemLine<'a>, Vec<(usize, &'a str)>);

/// Whether a line starts like a numbered item; the caller decides whether
/// it is one.
fn item_line(line: &str) -> Option<ItemLine<'_>> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let mut images = 0;
    let mut t = t;
    while let Some(m) = regex!(r"^!\[[^\]]*\]\([^)\s]*\)\s*").find(t) {
        images += 1;
        t = &t[m.end()..];
    }
    let first = t.chars().next()?;
    if let Some(n) = circled_value(first) {
        let rest = t[first.len_utf8()..].trim();
        return (!rest.is_empty()).then_some(ItemLine {
            number: n,
            circled: true,
            rest,
            images,
        });
    }
    let caps = regex!(r"^(\d{1,3})(?:\s*、|[.．](?:\s+|\[)|\s*[.．]\s*(?:\[|\*\*))").captures(t)?;
    let number = caps[1].parse().ok()?;
    let whole = caps.get(0).expect("match");
    // Keep a `[` or `**` that the pattern looked at.
    let mut rest = &t[whole.end()..];
    let matched = whole.as_str();
    if matched.ends_with('[') {
        rest = &t[whole.end() - 1..];
    } else if matched.ends_with("**") {
        rest = &t[whole.end() - 2..];
    }
    let rest = rest.trim();
    (!rest.is_empty()).then_some(ItemLine {
        number,
        circled: false,
        rest,
        images,
    })
}

/// Whether the title text of an item says the item was deleted.
fn says_removed(text: &str) -> bool {
    regex!(r"(?i)已删|删除|已移除|\bdeleted\b|\bremoved\b|削除|公開を終了").is_match(text)
}

/// A fenced code block opener or closer.
fn fence(line: &str) -> bool {
    let t = line.trim_start();
    line.len() - t.len() <= 3 && (t.starts_with("```") || t.starts_with("~~~"))
}

/// The text of a bullet without its marker.
fn bullet_body(text: &str) -> &str {
    let t = text.trim_start();
    t.strip_prefix(['-', '*', '+']).unwrap_or(t).trim_start()
}

fn is_bullet(line: &str) -> bool {
    let t = line.trim_start();
    (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")) && !t.starts_with("* * *")
}

/// A heading found in the body.
#[derive(Debug, Clone)]
struct Heading {
    line: usize,
    text: String,
    kind: HeadingKind,
    /// In an essay issue without sections, a numbered heading (`## 1、Name`)
    /// is an item: its number and title.
    essay_item: Option<(u32, String)>,
}

/// Recognises a section heading line: ATX (`##`), or a line that is only
/// a link or bold text beginning with an emoji (`**[🦄…](url)**`, `[🦄…](url)`).
fn heading_of(line: &str) -> Option<(String, HeadingKind)> {
    let t = line.trim();
    if let Some(caps) = regex!(r"^#{1,6}(\s+|$)").find(t) {
        let inner = t[caps.end()..].trim_end_matches('#').trim();
        // `## 1. Name` is a heading with a number, not a list.
        let inner = regex!(r"^(\d+)([.)]\s)").replace(inner, "$1\\$2");
        let text = markdown::plain(&flatten(render(&inner).blocks));
        let kind = sections::classify(&text);
        return Some((text, kind));
    }
    if !(t.starts_with('[') || t.starts_with("**") || t.starts_with("__")) {
        return None;
    }
    // The text must begin with an emoji, written as itself or as a
    // character reference: a line with neither is not rendered to find out
    // (a megabyte of `[` would be parsed once more for nothing).
    if !(t.contains('&') || t.chars().any(sections::is_emoji)) {
        return None;
    }
    let inlines = flatten(render(t).blocks);
    let sole = match inlines.as_slice() {
        [Inline::Link { text, .. }] => Some(plain(text)),
        [Inline::Strong { strong }] => match strong.as_slice() {
            [Inline::Link { text, .. }] => Some(plain(text)),
            [Inline::Text(s)] => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }?;
    if !sections::starts_with_emoji(&sole) {
        return None;
    }
    let kind = sections::classify(&sole);
    (kind != HeadingKind::Unknown).then_some((sole, kind))
}

/// Paragraph-level pieces of an item's body or a section's text.
#[derive(Debug)]
enum Piece {
    /// Lines of one paragraph (or code block).
    Text(String),
    /// One bullet with its continuation lines.
    Bullet(String),
}

/// Groups lines (line number, text) into paragraphs and bullets.
fn pieces(lines: &[(usize, &str)]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut cur: Option<(String, bool)> = None; // (text, is_bullet)
    let mut in_fence = false;
    let flush = |cur: &mut Option<(String, bool)>, out: &mut Vec<Piece>| {
        if let Some((t, b)) = cur.take() {
            out.push(if b { Piece::Bullet(t) } else { Piece::Text(t) });
        }
    };
    for &(_, line) in lines {
        if in_fence {
            let (t, _) = cur.get_or_insert((String::new(), false));
            t.push('\n');
            t.push_str(line);
            if fence(line) {
                in_fence = false;
                flush(&mut cur, &mut out);
            }
            continue;
        }
        if fence(line) {
            flush(&mut cur, &mut out);
            in_fence = true;
            cur = Some((line.to_string(), false));
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        if is_bullet(line) {
            flush(&mut cur, &mut out);
            cur = Some((line.trim_start().to_string(), true));
            continue;
        }
        match cur.as_mut() {
            Some((t, _)) => {
                t.push('\n');
                t.push_str(line.trim_start());
            }
            None => cur = Some((line.to_string(), false)),
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Text after the items of a section that is promotion or subscription, not
/// a description.
fn is_footer(text: &str) -> bool {
    // Also when quoted: `> 🎁Python潮流周刊🎁已顺利更新到…`.
    let t = text.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    t.starts_with('🎁')
        || regex!(
            r"^本周刊由|周刊实行付费订阅|订阅后，可免费查看|微信关注|温馨提示|xiaobot\.net/p/python_weekly\)|patreon\.com|Subscribe now|Stay ahead of the curve|^\[Python 潮流周刊第|^\[Python Trending Weekly Season"
        )
        .is_match(t)
}

/// Splits the first link of a rendered line, if the line starts with one
/// (possibly in bold): (link text, href, the inlines after it). Links
/// right after it, with nothing between, are one title with it, whose
/// link is the last: `[pybites：](site)[定期重构的重要性](article)` is the
/// article "pybites：定期重构的重要性"; the links before the last are
/// tallied in `acc`.
fn leading_link(inlines: &[Inline], acc: &mut Acc) -> Option<(Vec<Inline>, String, Vec<Inline>)> {
    let as_link = |inline: &Inline| match inline {
        Inline::Link { href, text } => Some((text.clone(), href.clone())),
        Inline::Strong { strong: inner } | Inline::Emphasis { em: inner } => match inner.as_slice()
        {
            [Inline::Link { href, text }] => Some((text.clone(), href.clone())),
            _ => None,
        },
        _ => None,
    };
    let (mut text, mut href) = as_link(inlines.first()?)?;
    let mut rest = 1;
    while let Some((more, last)) = inlines.get(rest).and_then(as_link) {
        acc.skipped
            .push(format!("joined to the next link in a title: {href}"));
        acc.links.joined_in_title += 1;
        let (before, after) = (
            plain(&text).chars().next_back(),
            plain(&more).chars().next(),
        );
        if matches!((before, after), (Some(b), Some(a)) if markdown::space_between(b, a)) {
            text.push(Inline::Text(" ".into()));
        }
        text.extend(more);
        href = last;
        rest += 1;
    }
    Some((text, href, inlines[rest..].to_vec()))
}

/// Takes a language mark off the start of inlines.
fn take_leading_mark(rest: &mut Vec<Inline>, edition: Edition) -> Option<Lang> {
    if let Some(Inline::Text(t)) = rest.first_mut() {
        if let Some((lang, after)) = sections::leading_lang_mark(t, edition) {
            let after = after.to_string();
            if after.trim().is_empty() {
                rest.remove(0);
            } else {
                *t = after;
            }
            return Some(lang);
        }
    }
    None
}

/// Whether inlines hold any word (not only punctuation and spaces).
fn has_words(inlines: &[Inline]) -> bool {
    plain(inlines).chars().any(|c| c.is_alphanumeric())
}

/// Trims separators (`：`, `:`, `-`) at the start of inlines.
fn trim_leading_separators(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        let trimmed = t
            .trim_start_matches(|c: char| c.is_whitespace() || ":：-–—,，、".contains(c))
            .to_string();
        if trimmed.is_empty() {
            inlines.remove(0);
        } else {
            *t = trimmed;
        }
    }
}

/// Moves links out of inlines into children (title, href, mark after it);
/// the rest stays.
fn extract_children(
    inlines: Vec<Inline>,
    edition: Edition,
    children: &mut Vec<Child>,
) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut iter = inlines.into_iter().peekable();
    while let Some(i) = iter.next() {
        match i {
            Inline::Link { href, text } => {
                let mut lang = None;
                if let Some(Inline::Text(t)) = iter.peek_mut() {
                    if let Some((l, after)) = sections::leading_lang_mark(t, edition) {
                        lang = Some(l);
                        *t = after.to_string();
                    }
                }
                children.push(Child {
                    title: plain(&text).trim().to_string(),
                    url: href,
                    lang,
                });
            }
            other => out.push(other),
        }
    }
    out
}

/// What one item became, before ids are given.
struct Draft {
    number: Option<u32>,
    title: String,
    url: Option<String>,
    description: Vec<Block>,
    lang: Lang,
    status: Status,
    children: Vec<Child>,
}

/// Per-section counters while building.
#[derive(Default)]
struct Acc {
    links: LinkTally,
    images: usize,
    skipped: Vec<String>,
}

impl Acc {
    fn absorb(&mut self, r: &markdown::Rendered) {
        self.images += r.images;
        self.links.unsafe_dropped += r.unsafe_links.len();
        for u in &r.unsafe_links {
            self.skipped
                .push(format!("unsafe destination dropped: {u}"));
        }
    }

    /// Skips the links of a piece of text that gives no entry.
    fn skip(&mut self, text: &str, reason: &str, footer: bool) -> usize {
        let r = render(text);
        self.absorb(&r);
        let hrefs = markdown::hrefs(&r.blocks);
        for h in &hrefs {
            self.skipped.push(format!("{reason}: {h}"));
        }
        if footer {
            self.links.footer += hrefs.len();
        } else {
            self.links.intro += hrefs.len();
        }
        hrefs.len()
    }
}

/// Builds one item from its title line and body.
fn build_item(item: &ItemLine<'_>, body: &[Piece], edition: Edition, acc: &mut Acc) -> Draft {
    let rendered = render(item.rest);
    acc.absorb(&rendered);
    acc.images += item.images;
    let mut inlines = flatten(rendered.blocks);
    trim_inlines(&mut inlines);
    let mut lang = None;
    let mut url = None;
    let mut children = Vec::new();
    let mut description: Vec<Block> = Vec::new();
    let title;
    let mut status = Status::Normal;

    if let Some((text, href, mut rest)) = leading_link(&inlines, acc) {
        let text = plain(&text);
        let text = text.trim();
        url = Some(href);
        lang = take_leading_mark(&mut rest, edition);
        // A mark inside the link text: `[Title（日语）](url)`.
        title = match sections::trailing_lang_mark(text, edition) {
            Some((before, l)) if lang.is_none() && !before.is_empty() => {
                lang = Some(l);
                before.to_string()
            }
            _ => text.to_string(),
        };
        let mut rest = extract_children(rest, edition, &mut children);
        if lang.is_none() {
            if let Some(Inline::Text(t)) = rest.last_mut() {
                if let Some((before, l)) = sections::trailing_lang_mark(t, edition) {
                    lang = Some(l);
                    *t = before.to_string();
                }
            }
        }
        trim_leading_separators(&mut rest);
        trim_inlines(&mut rest);
        if has_words(&rest) {
            description.push(Block { inlines: rest });
        }
    } else {
        // A title without a leading link: "A series of …", a deleted item,
        // a paid issue's title, or "Title [https://…](https://…)".
        let url_link = inlines.iter().position(|i| {
            matches!(i, Inline::Link { href, text } if { let p = plain(text); p.trim() == href || p.trim_start().starts_with("http") })
        });
        let (head, tail): (Vec<Inline>, Vec<Inline>) = match url_link {
            Some(pos) => {
                if let Inline::Link { href, .. } = &inlines[pos] {
                    url = Some(href.clone());
                }
                (inlines[..pos].to_vec(), inlines[pos + 1..].to_vec())
            }
            None => {
                let first_link = inlines
                    .iter()
                    .position(|i| matches!(i, Inline::Link { .. }))
                    .unwrap_or(inlines.len());
                (
                    inlines[..first_link].to_vec(),
                    inlines[first_link..].to_vec(),
                )
            }
        };
        let mut text = plain(&head).trim().to_string();
        if let Some((before, l)) = sections::trailing_lang_mark(&text, edition) {
            lang = Some(l);
            text = before.to_string();
        }
        title = text
            .trim_end_matches(|c: char| c.is_whitespace() || ":：-–—".contains(c))
            .to_string();
        let mut tail = tail;
        if url.is_some() {
            if let Some(l) = take_leading_mark(&mut tail, edition) {
                lang = Some(l);
            }
        }
        let mut rest = extract_children(tail, edition, &mut children);
        trim_leading_separators(&mut rest);
        trim_inlines(&mut rest);
        if has_words(&rest) {
            description.push(Block { inlines: rest });
        }
        if item.circled {
            status = Status::TitleOnly;
        } else if url.is_none() && children.is_empty() && says_removed(&title) {
            status = Status::Removed;
        }
    }

    for piece in body {
        match piece {
            Piece::Text(text) => {
                let r = render(text);
                acc.absorb(&r);
                description.extend(r.blocks);
            }
            Piece::Bullet(text) => {
                let r = render(bullet_body(text));
                acc.absorb(&r);
                let mut inl = flatten(r.blocks);
                trim_inlines(&mut inl);
                if let Some((text, href, mut rest)) = leading_link(&inl, acc) {
                    let child_lang = take_leading_mark(&mut rest, edition);
                    let title = plain(&text).trim().to_string();
                    children.push(Child {
                        title: title.clone(),
                        url: href,
                        lang: child_lang,
                    });
                    // The author's colon, full-width or not.
                    let full_width = matches!(rest.first(), Some(Inline::Text(t)) if t.trim_start().starts_with('：'));
                    trim_leading_separators(&mut rest);
                    trim_inlines(&mut rest);
                    if has_words(&rest) {
                        let mut para = vec![
                            Inline::Strong {
                                strong: vec![Inline::Text(title)],
                            },
                            Inline::Text(if full_width { "：" } else { ": " }.into()),
                        ];
                        para.extend(rest);
                        description.push(Block { inlines: para });
                    }
                } else if !inl.is_empty() {
                    description.push(Block { inlines: inl });
                }
            }
        }
    }
    if status == Status::TitleOnly || status == Status::Removed {
        url = None;
    }
    Draft {
        number: Some(item.number),
        title,
        url,
        description,
        lang: lang.unwrap_or(edition.default_lang()),
        status,
        children,
    }
}

/// Builds the one entry of an unnumbered section (a book giveaway, a pick).
fn build_unnumbered(
    section_id: &str,
    heading_title: &str,
    body: &[Piece],
    edition: Edition,
    acc: &mut Acc,
) -> Option<Draft> {
    let mut description = Vec::new();
    for piece in body {
        let (Piece::Text(t) | Piece::Bullet(t)) = piece;
        if is_footer(t) {
            acc.skip(t, "promotion after the entry", true);
            continue;
        }
        let md = match piece {
            Piece::Bullet(t) => bullet_body(t),
            Piece::Text(t) => t,
        };
        let r = render(md);
        acc.absorb(&r);
        description.extend(r.blocks);
    }
    if description.is_empty() {
        return None;
    }
    let all_text = markdown::plain(&flatten(description.clone()));
    let first_strong = description
        .iter()
        .flat_map(|b| b.inlines.iter())
        .find_map(|i| match i {
            Inline::Strong { strong } => {
                let p = plain(strong).trim().to_string();
                (p.chars().any(|c| c.is_alphabetic())).then_some(p)
            }
            _ => None,
        });
    let first_link = description
        .iter()
        .flat_map(|b| b.inlines.iter())
        .find_map(|i| match i {
            Inline::Link { href, text } => Some((href.clone(), plain(text))),
            _ => None,
        });
    let title = if section_id == "books" {
        regex!(r"《([^》]+)》")
            .captures(&all_text)
            .map(|c| c[1].to_string())
            .or_else(|| {
                regex!(r#"(?:copies of|of the book)\s*["“]([^"”]+)["”]"#)
                    .captures(&all_text)
                    .map(|c| c[1].to_string())
            })
            .or_else(|| {
                regex!(r"「([^」]+)」")
                    .captures(&all_text)
                    .map(|c| c[1].to_string())
            })
            .or(first_strong)
            .unwrap_or_else(|| heading_title.to_string())
    } else {
        first_strong
            .or_else(|| first_link.as_ref().map(|l| l.1.clone()))
            .or_else(|| {
                regex!(r"《([^》]+)》")
                    .captures(&all_text)
                    .map(|c| c[1].to_string())
            })
            .unwrap_or_else(|| heading_title.to_string())
    };
    // The first link is the entry's own; it is removed from the description
    // only when it is a whole paragraph of its own, otherwise it stays in
    // the text (and is counted there).
    let url = first_link.map(|l| l.0);
    Some(Draft {
        number: None,
        title,
        url,
        description,
        lang: edition.default_lang(),
        status: Status::Normal,
        children: Vec::new(),
    })
}

/// Parses the counts an issue states about itself in its intro.
pub fn stated_counts(intro: &str) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    let line = intro
        .lines()
        .find(|l| regex!(r"(?i)\d+\s*(篇文章|articles|本の記事)").is_match(l));
    let Some(line) = line else {
        return out;
    };
    let patterns: [(&str, &Regex); 5] = [
        (
            "articles",
            regex!(r"(?i)(\d+)\s*(?:篇文章|articles|本の記事)"),
        ),
        (
            "projects",
            regex!(
                r"(?i)(\d+)\s*(?:个开源项目|open[- ]source projects|projects|(?:の|個の)オープンソースプロジェクト)"
            ),
        ),
        (
            "media",
            regex!(
                r"(?i)(\d+)\s*(?:则音视频|则视频|则播客|个音视频|audio/video|podcasts?\s*(?:/|&|and)\s*videos?|podcasts?|videos?|本の音声・動画|本の動画|本のポッドキャスト)"
            ),
        ),
        (
            "discussions",
            regex!(
                r"(?i)(\d+)\s*(?:则热门讨论|则热门话题|则讨论|则话题|(?:hot|trending|popular)\s+(?:discussions?|topics?)|discussions?|件のディスカッション|件の話題|のディスカッション|の話題)"
            ),
        ),
        (
            "books",
            regex!(
                r"(?i)(?:赠书\s*(\d+)\s*本|(\d+)\s*book giveaways?|giving away (\d+) copies|giveaway of (\d+) copies|(\d+)\s*冊)"
            ),
        ),
    ];
    for (key, re) in patterns {
        if let Some(c) = re.captures(line) {
            if let Some(n) = c.iter().skip(1).flatten().next() {
                if let Ok(n) = n.as_str().parse() {
                    out.insert(key.to_string(), n);
                }
            }
        }
    }
    out
}

/// Parses one file. Errors are files that give no issue at all.
pub fn parse_file(file: &SourceFile) -> Result<ParsedIssue, FileError> {
    let text = match std::str::from_utf8(&file.bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &file.bytes[..e.valid_up_to()];
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            // The column counts characters, as an editor shows them.
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            return Err(err(
                file,
                line,
                format!(
                    "not valid UTF-8 at column {column} (byte 0x{:02X})",
                    file.bytes[e.valid_up_to()]
                ),
                "re-save the file as UTF-8",
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let (repaired, repaired_lines) = mojibake::repair_text(&text);
    let text = repaired.into_owned();
    parse_text(file, &text, repaired_lines)
}

/// Characters beyond which a line is reported (ten times the newsletter's
/// longest).
pub const HUGE_LINE_CHARS: usize = 10_000;

fn parse_text(
    file: &SourceFile,
    text: &str,
    repaired_lines: Vec<RepairedLine>,
) -> Result<ParsedIssue, FileError> {
    let edition = file.edition;
    let lines: Vec<&str> = text.split('\n').collect();
    let mut warnings = Vec::new();
    let mut warn = |line: usize, message: String| {
        warnings.push(Warning {
            file: file.path.clone(),
            line,
            message,
        })
    };

    // A line far longer than any the newsletter writes (its longest is
    // about 1 000 characters) is most likely pasted by mistake: it builds,
    // and the report points at it.
    for (i, line) in lines.iter().enumerate() {
        let chars = line.chars().count();
        if chars > HUGE_LINE_CHARS {
            warn(
                i + 1,
                format!(
                    "the line is {chars} characters long; check that nothing was pasted by mistake"
                ),
            );
        }
    }

    // Front matter.
    let mut fm: BTreeMap<String, String> = BTreeMap::new();
    let mut body_start = 0;
    if lines.first().map(|l| l.trim()) == Some("---") {
        let close = lines
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, l)| l.trim() == "---")
            .map(|(i, _)| i);
        let Some(close) = close else {
            return Err(err(
                file,
                1,
                "the front matter opened by `---` is never closed",
                "add a line `---` after the front matter's last field",
            ));
        };
        for l in &lines[1..close] {
            if let Some((k, v)) = l.split_once(':') {
                fm.insert(k.trim().to_string(), yaml_scalar(v));
            }
        }
        body_start = close + 1;
    }

    // Title: front matter, or the first `# ` line.
    let mut title_line = None;
    let title = match fm.get("title") {
        Some(t) if !t.is_empty() => t.clone(),
        _ => {
            let found = lines
                .iter()
                .enumerate()
                .skip(body_start)
                .find(|(_, l)| l.starts_with("# "));
            match found {
                Some((i, l)) => {
                    title_line = Some(i);
                    title_text(l)
                }
                None => {
                    return Err(err(
                        file,
                        body_start + 1,
                        "no title: neither a front matter `title:` nor a `# ` line",
                        "add a title such as `# Python Trending Weekly #12 (2024-01-06)`",
                    ))
                }
            }
        }
    };
    let number = title_number(&title).ok_or_else(|| {
        err(
            file,
            title_line.map(|i| i + 1).unwrap_or(1),
            format!("no issue number in the title {title:?}"),
            "write the number in the title as `#12` (or `Weekly 12`)",
        )
    })?;
    let date = fm
        .get("pubDate")
        .map(|d| d.chars().take(10).collect::<String>())
        .filter(|d| valid_date(d))
        .or_else(|| {
            regex!(r"(\d{4}-\d{2}-\d{2})")
                .captures(&title)
                .map(|c| c[1].to_string())
        })
        .or_else(|| {
            let d: String = file.name.chars().take(10).collect();
            valid_date(&d).then_some(d)
        })
        .ok_or_else(|| {
            err(
                file,
                1,
                "no publication date",
                "add `pubDate: YYYY-MM-DD` to the front matter or name the file `YYYY-MM-DD-weekly.md`",
            )
        })?;

    // Headings split the body into an intro and sections.
    let mut headings: Vec<Heading> = Vec::new();
    let mut in_fence = false;
    for (i, line) in lines.iter().enumerate().skip(body_start) {
        if fence(line) {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || Some(i) == title_line {
            continue;
        }
        if let Some((text, kind)) = heading_of(line) {
            headings.push(Heading {
                line: i,
                text,
                kind,
                essay_item: None,
            });
        }
    }
    // An essay issue (#55 lists nine newsletters under `## 1、Name` ...): no
    // section heading at all, numbered headings instead. They are its items,
    // resources, in the projects section.
    if !headings
        .iter()
        .any(|h| matches!(h.kind, HeadingKind::Entries(_)))
    {
        let numbered: Vec<usize> = headings
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.kind == HeadingKind::Unknown
                    && regex!(r"^\d{1,3}\s*[、.．]\s*\S").is_match(&h.text)
            })
            .map(|(i, _)| i)
            .collect();
        if numbered.len() >= 2 {
            let projects = sections::order("projects");
            for i in numbered {
                let h = &mut headings[i];
                let caps = regex!(r"^(\d{1,3})\s*[、.．]\s*(.+)$")
                    .captures(&h.text)
                    .expect("matched above");
                let number = caps[1].parse().unwrap_or(0);
                let title = caps[2].trim().to_string();
                h.essay_item = Some((number, title));
                h.kind = HeadingKind::Entries(projects);
            }
        }
    }
    let intro_end = headings
        .iter()
        .find(|h| matches!(h.kind, HeadingKind::Entries(_)))
        .or(headings.first())
        .map(|h| h.line)
        .unwrap_or(lines.len());
    let intro: String = lines[body_start..intro_end]
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(body_start + i) != title_line)
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join("\n");
    let stated = stated_counts(&intro);
    let first_heading = headings.first().map(|h| h.line).unwrap_or(lines.len());
    let stray: Vec<usize> = (body_start..first_heading)
        .filter(|&i| item_line(lines[i]).is_some_and(|c| c.rest.starts_with('[')))
        .map(|i| i + 1)
        .collect();
    if !stray.is_empty() {
        warn(
            body_start + 1,
            format!(
                "{} numbered link line(s) before any section heading, which give no entries (lines {stray:?})",
                stray.len()
            ),
        );
    }

    let mut drafts: Vec<(usize, String, Draft)> = Vec::new(); // (section index, section title, draft)
    let mut section_reports = Vec::new();
    for (hi, h) in headings.iter().enumerate() {
        let end = headings.get(hi + 1).map(|n| n.line).unwrap_or(lines.len());
        let body: Vec<(usize, &str)> = ((h.line + 1)..end)
            .filter(|&i| Some(i) != title_line)
            .map(|i| (i + 1, lines[i]))
            .collect();
        let title = match (&h.essay_item, &h.kind) {
            // No heading names the section: its label in the edition.
            (Some(_), HeadingKind::Entries(i)) => {
                let d = &SECTIONS[*i];
                match edition {
                    Edition::Zh => d.zh,
                    Edition::En => d.en,
                    Edition::Ja => d.ja,
                }
                .to_string()
            }
            _ => sections::clean_heading(&h.text),
        };
        let mut sr = SectionReport {
            title: title.clone(),
            line: h.line + 1,
            ..Default::default()
        };
        if !matches!(h.kind, HeadingKind::Entries(_)) {
            // Numbered links under a heading that gives no entries would be
            // items lost to a misread heading: say so.
            let stray: Vec<usize> = body
                .iter()
                .filter(|(_, l)| item_line(l).is_some_and(|c| c.rest.starts_with('[')))
                .map(|(n, _)| *n)
                .collect();
            if !stray.is_empty() {
                warn(
                    h.line + 1,
                    format!(
                        "{} numbered link line(s) under {:?}, which gives no entries (lines {:?})",
                        stray.len(),
                        title,
                        stray
                    ),
                );
            }
        }
        let sec_index = match h.kind {
            HeadingKind::Entries(i) => i,
            HeadingKind::Boilerplate => {
                sr.kind = "boilerplate".into();
                section_reports.push(sr);
                continue;
            }
            HeadingKind::Unknown => {
                sr.kind = "unknown".into();
                let raw: String = body.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
                let n = markdown::count_links(&raw);
                if n > 0 {
                    sr.notes
                        .push(format!("not an entry section: {n} link(s) skipped"));
                }
                section_reports.push(sr);
                continue;
            }
        };
        let def = &SECTIONS[sec_index];
        sr.kind = "entries".into();
        sr.id = def.id.to_string();
        let mut acc = Acc::default();
        let raw: String = std::iter::once(lines[h.line])
            .chain(body.iter().map(|(_, l)| *l))
            .collect::<Vec<_>>()
            .join("\n");
        acc.links.in_source = markdown::count_links(&raw);
        acc.links.heading = markdown::count_links(lines[h.line]);

        // Split the section into intro lines and items.
        let mut items: Vec<ItemLines<'_>> = Vec::new();
        let mut intro_lines: Vec<(usize, &str)> = Vec::new();
        let mut in_fence = false;
        let mut last_number: Option<u32> = None;
        let mut circled_section = false;
        for &(n, line) in &body {
            if h.essay_item.is_some() {
                intro_lines.push((n, line));
                continue;
            }
            if fence(line) {
                in_fence = !in_fence;
            }
            let candidate = if in_fence { None } else { item_line(line) };
            let accept = candidate.as_ref().is_some_and(|c| {
                let linked = c.rest.starts_with('[')
                    || c.rest.starts_with("**[")
                    || c.rest.starts_with("*[")
                    || regex!(r"\[https?://[^\]]*\]\(").is_match(c.rest);
                let expected = last_number.map(|l| l + 1).unwrap_or(1);
                c.circled || linked || c.number == expected
            });
            if accept {
                let c = candidate.expect("accepted");
                circled_section |= c.circled;
                last_number = Some(c.number);
                items.push((n, c, Vec::new()));
            } else {
                if let Some(c) = &candidate {
                    if !items.is_empty() {
                        sr.notes.push(format!(
                            "line {n}: starts with {}、 but is kept as description text (expected item {})",
                            c.number,
                            last_number.map(|l| l + 1).unwrap_or(1)
                        ));
                    }
                }
                match items.last_mut() {
                    Some((_, _, b)) => b.push((n, line)),
                    None => intro_lines.push((n, line)),
                }
            }
        }

        // Intro text of the section: skipped, its links counted.
        let intro_pieces = pieces(&intro_lines);
        if let Some((number, item_title)) = &h.essay_item {
            if let Some(mut d) = build_unnumbered(def.id, &title, &intro_pieces, edition, &mut acc)
            {
                acc.links.description += d
                    .description
                    .iter()
                    .map(|b| links_in(&b.inlines))
                    .sum::<usize>();
                d.number = Some(*number);
                d.title = item_title.clone();
                sr.numbered_items += 1;
                sr.numbers.push(*number);
                sr.notes.push(format!(
                    "numbered heading of an essay issue: item {number} of {}",
                    def.id
                ));
                drafts.push((sec_index, title.clone(), d));
                sr.entries += 1;
            }
        } else if !def.numbered && items.is_empty() {
            if let Some(d) = build_unnumbered(def.id, &title, &intro_pieces, edition, &mut acc) {
                // The entry's url is its first link, which stays in the
                // description too: the links are counted there.
                acc.links.description += d
                    .description
                    .iter()
                    .map(|b| links_in(&b.inlines))
                    .sum::<usize>();
                let earlier = drafts
                    .iter_mut()
                    .find(|(s, _, e)| *s == sec_index && e.number.is_none());
                match earlier {
                    Some((_, _, e)) => {
                        // The same book announced at the top and at the end.
                        sr.notes.push(format!(
                            "unnumbered section: merged into the earlier {} entry",
                            def.id
                        ));
                        if d.title.chars().count() > e.title.chars().count() {
                            e.title = d.title;
                        }
                        e.url = e.url.take().or(d.url);
                        e.description.extend(d.description);
                    }
                    None => {
                        sr.notes.push("unnumbered section: one entry".into());
                        drafts.push((sec_index, title.clone(), d));
                        sr.entries += 1;
                    }
                }
            } else {
                sr.notes.push(
                    "unnumbered section with only promotion of the newsletter itself: no entry"
                        .into(),
                );
            }
        } else {
            for p in &intro_pieces {
                let (Piece::Text(t) | Piece::Bullet(t)) = p;
                let n = acc.skip(t, "section intro", false);
                if n > 0 {
                    sr.notes
                        .push(format!("{n} link(s) in the section's intro skipped"));
                }
            }
            if items.is_empty() && intro_pieces.iter().any(|p| matches!(p, Piece::Text(_))) {
                sr.notes.push("no numbered items in this section".into());
            }
        }

        let mut prev: Option<u32> = None;
        for (n, item, body_lines) in &items {
            sr.numbered_items += 1;
            sr.numbers.push(item.number);
            match prev {
                None if item.number != 1 => sr
                    .slips
                    .push(format!("line {n}: first item is numbered {}", item.number)),
                Some(p) if item.number == p => {
                    sr.slips.push(format!("line {n}: number {p} repeated"))
                }
                Some(p) if item.number > p + 1 => sr.slips.push(format!(
                    "line {n}: number jumps from {p} to {} (skipped {})",
                    item.number,
                    ((p + 1)..item.number)
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                Some(p) if item.number < p => sr.slips.push(format!(
                    "line {n}: number goes back from {p} to {}",
                    item.number
                )),
                _ => {}
            }
            prev = Some(item.number);
            // Body: description until a footer paragraph.
            let mut body_pieces = Vec::new();
            let mut in_footer = false;
            for p in pieces(body_lines) {
                let (Piece::Text(t) | Piece::Bullet(t)) = &p;
                if circled_section || in_footer || is_footer(t) {
                    in_footer = true;
                    let reason = if circled_section {
                        "paid issue's footer"
                    } else {
                        "promotion after the items"
                    };
                    acc.skip(t, reason, true);
                    continue;
                }
                body_pieces.push(p);
            }
            let d = build_item(item, &body_pieces, edition, &mut acc);
            if d.url.is_some() {
                acc.links.entry_urls += 1;
            }
            acc.links.children += d.children.len();
            acc.links.description += d
                .description
                .iter()
                .map(|b| links_in(&b.inlines))
                .sum::<usize>();
            match d.status {
                Status::Removed => {
                    sr.removed += 1;
                    sr.notes.push(format!(
                        "line {n}: item {} was removed by the author (kept as removed)",
                        item.number
                    ));
                }
                Status::TitleOnly => sr.title_only += 1,
                Status::Normal if d.url.is_none() => {
                    sr.without_url += 1;
                    sr.notes.push(format!(
                        "line {n}: item {} has no link of its own ({} sub-link(s))",
                        item.number,
                        d.children.len()
                    ));
                }
                Status::Normal => {}
            }
            if d.title.is_empty() {
                warn(*n, format!("item {} has an empty title", item.number));
            }
            sr.entries += 1;
            drafts.push((sec_index, title.clone(), d));
        }
        acc.links.close();
        sr.links = acc.links;
        sr.images = acc.images;
        sr.skipped_links = acc.skipped;
        if sr.links.unaccounted != 0 {
            warn(
                h.line + 1,
                format!(
                    "{} link(s) of section {:?} unaccounted for",
                    sr.links.unaccounted, sr.title
                ),
            );
        }
        section_reports.push(sr);
    }

    // Entries: positions per canonical section, in order of appearance.
    let mut positions: BTreeMap<&str, u32> = BTreeMap::new();
    let mut entries = Vec::new();
    let mut produced: BTreeMap<String, u32> = BTreeMap::new();
    for (sec, section_title, d) in drafts {
        let id = SECTIONS[sec].id;
        let pos = positions.entry(id).or_insert(0);
        *pos += 1;
        *produced.entry(id.to_string()).or_insert(0) += 1;
        entries.push(Entry {
            id: entry_id(edition, number, id, *pos),
            edition,
            issue: number,
            section: id.to_string(),
            section_title,
            position: *pos,
            number: d.number,
            title: d.title,
            url: d.url,
            description: d.description,
            lang: d.lang,
            status: d.status,
            tags: Vec::new(),
            children: d.children,
        });
    }
    let title_only = entries.iter().any(|e| e.status == Status::TitleOnly);
    let mut mismatches = Vec::new();
    for (k, &v) in &stated {
        if k == "books" {
            continue;
        }
        let got = produced.get(k).copied().unwrap_or(0);
        if got != v {
            mismatches.push(format!("{k}: the intro states {v}, {got} produced"));
        }
    }
    let mut notes = Vec::new();
    if !section_reports.iter().any(|s| s.kind == "entries") {
        let unknown = section_reports
            .iter()
            .filter(|s| s.kind == "unknown")
            .count();
        notes.push(format!(
            "no entry section (an essay issue?): {unknown} other heading(s), no entries"
        ));
    }
    let report = IssueReport {
        edition: edition.code().to_string(),
        number,
        file: file.path.clone(),
        title_only,
        sections: section_reports,
        stated_counts: stated.clone(),
        produced_counts: produced,
        count_mismatches: mismatches,
        repaired_lines,
        notes,
    };
    Ok(ParsedIssue {
        issue: Issue {
            edition,
            number,
            date,
            title,
            source: file.name.clone(),
            title_only,
            stated_counts: stated,
        },
        entries,
        report,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_lines() {
        let l = item_line("1、[标题](https://x.org)").unwrap();
        assert_eq!((l.number, l.rest), (1, "[标题](https://x.org)"));
        let l = item_line("12. [Title](https://x.org) (English)").unwrap();
        assert_eq!(l.number, 12);
        let l = item_line("7.  [T](https://x.org)").unwrap();
        assert_eq!(l.rest, "[T](https://x.org)");
        let l = item_line("10.[T](https://x.org)").unwrap();
        assert_eq!((l.number, l.rest), (10, "[T](https://x.org)"));
        let l = item_line("③ 标题").unwrap();
        assert!(l.circled);
        assert_eq!((l.number, l.rest), (3, "标题"));
        assert_eq!(item_line("3.12 的最终版本"), None);
        assert_eq!(item_line("2023 年"), None);
        assert_eq!(item_line("    1、indented code"), None);
    }

    #[test]
    fn title_lines_are_read_as_markdown_text() {
        assert_eq!(
            title_text("# Python Trending Weekly #66: Python\\'s Preprocessor"),
            "Python Trending Weekly #66: Python's Preprocessor"
        );
        // Raw HTML in the title is dropped, never stored.
        assert_eq!(
            title_text("# Weekly #1 <script>alert(1)</script><img src=x onerror=alert(1)>"),
            "Weekly #1 alert(1)"
        );
        assert_eq!(
            title_text("# **Weekly** #2 &amp; `more`"),
            "Weekly #2 & more"
        );
        assert_eq!(
            title_text("# Python 潮流周刊#7：如何"),
            "Python 潮流周刊#7：如何"
        );
    }

    #[test]
    fn title_numbers() {
        assert_eq!(title_number("Python潮流周刊#7：如何"), Some(7));
        assert_eq!(
            title_number("Python Trending Weekly #5 (2023-06-03)"),
            Some(5)
        );
        assert_eq!(
            title_number("Python Trending Weekly 40 (2024-03-02)"),
            Some(40)
        );
        assert_eq!(title_number("Python トレンド週刊 #12：x"), Some(12));
        assert_eq!(title_number("no number"), None);
    }

    #[test]
    fn stated_counts_in_all_languages() {
        let zh = stated_counts(
            "本期周刊分享了 12 篇文章，12 个开源项目，2 则音视频，赠书 5 本，全文 2300 字。",
        );
        assert_eq!(zh.get("articles"), Some(&12));
        assert_eq!(zh.get("projects"), Some(&12));
        assert_eq!(zh.get("media"), Some(&2));
        assert_eq!(zh.get("books"), Some(&5));
        let en = stated_counts(
            "Shared 12 articles, 11 open-source projects, 2 audio/video, 3 hot discussions.",
        );
        assert_eq!(en.get("projects"), Some(&11));
        assert_eq!(en.get("media"), Some(&2));
        assert_eq!(en.get("discussions"), Some(&3));
        let ja = stated_counts("今回は、12本の記事、12のオープンソースプロジェクト、3本の音声・動画コンテンツを紹介します。");
        assert_eq!(ja.get("articles"), Some(&12));
        assert_eq!(ja.get("projects"), Some(&12));
        assert_eq!(ja.get("media"), Some(&3));
        assert!(stated_counts("hello").is_empty());
    }

    #[test]
    fn file_kinds() {
        assert_eq!(file_kind("2024-01-06-weekly.md"), FileKind::Weekly);
        assert_eq!(file_kind("2024-07-17-iweekly.md"), FileKind::Compilation);
        assert_eq!(file_kind("2023-12-11-sweekly.md"), FileKind::Compilation);
        assert_eq!(file_kind("notes.txt"), FileKind::Other);
    }
}
