//! Markdown fragments to the archive's rich text, with pulldown-cmark.
//!
//! The builder splits an issue into lines and groups them itself (the
//! newsletter's structure is in its lines: numbered items, headings); each
//! group is then parsed here as markdown. Raw HTML is never kept: tags are
//! dropped, their text stays. Images are dropped and counted. Only links
//! whose destination passes [`safe_href`] stay links.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use weekly_core::archive::{Block, Inline};
use weekly_core::links::safe_href;

/// A fragment rendered to paragraphs, with what had to be left out.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rendered {
    pub blocks: Vec<Block>,
    /// Images dropped (their alt text too).
    pub images: usize,
    /// Links whose destination is not http(s)/mailto: kept as text only.
    pub unsafe_links: Vec<String>,
    /// Raw HTML tags dropped.
    pub html_tags: usize,
}

/// Emphasis, strong and links nest at most this deep; markup nested deeper
/// is kept as its text. Whoever reads the archive walks inlines
/// recursively (and the viewer's JSON reader stops at 128 levels), so
/// `*****…x…*****` ten thousand deep must not become a tree that deep.
pub const MAX_NESTING: usize = 16;

fn options() -> Options {
    // Plain CommonMark: no tables, no strikethrough, no smart punctuation.
    Options::empty()
}

/// Counts the links of a markdown text (not images), as an independent check
/// of the builder's own accounting.
pub fn count_links(md: &str) -> usize {
    Parser::new_ext(md, options())
        .filter(|e| matches!(e, Event::Start(Tag::Link { .. })))
        .count()
}

/// Whether a char is CJK or full-width, where a line break joins without a
/// space.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// Whether two runs of text that meet at a line break (or at two links
/// side by side) read with a space between: not when either side is CJK or
/// full-width.
pub fn space_between(before: char, after: char) -> bool {
    !(is_wide(before) || is_wide(after))
}

struct Frame {
    kind: FrameKind,
    inlines: Vec<Inline>,
}

enum FrameKind {
    Root,
    Em,
    /// Whether written with `__` (not `**`).
    Strong {
        underscores: bool,
    },
    Link(Option<String>),
    Image,
}

fn push_text(inlines: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        last.push_str(text);
    } else {
        inlines.push(Inline::Text(text.to_string()));
    }
}

/// The last char of the plain text of the last inline. (Without building
/// that text: a paragraph of 100k short lines would copy it per line.)
fn last_char(inlines: &[Inline]) -> Option<char> {
    fn of(inline: &Inline) -> Option<char> {
        match inline {
            Inline::Text(t) | Inline::Code { code: t } => t.chars().next_back(),
            Inline::Emphasis { em: inner }
            | Inline::Strong { strong: inner }
            | Inline::Link { text: inner, .. } => inner.iter().rev().find_map(of),
        }
    }
    inlines.last().and_then(of)
}

/// The name of a Python special ("dunder") name that CommonMark reads as
/// bold: `__pycache__` is strong text `pycache`. Only a lowercase
/// identifier; the newsletter writes bold with `**`.
fn dunder_name(inner: &[Inline]) -> Option<&str> {
    match inner {
        [Inline::Text(name)]
            if name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
        {
            Some(name)
        }
        _ => None,
    }
}

/// Renders a markdown fragment to paragraphs of inlines. Every block the
/// fragment has (paragraph, list item, heading, code block) becomes a
/// paragraph of its own; a code block becomes one code span.
pub fn render(md: &str) -> Rendered {
    let mut out = Rendered::default();
    let mut stack: Vec<Frame> = vec![Frame {
        kind: FrameKind::Root,
        inlines: Vec::new(),
    }];
    let mut pending_break = false;
    let mut code_block: Option<String> = None;
    // One per open emphasis, strong, link or image: whether it has a frame
    // (false: nested too deep, its text goes to the enclosing frame).
    let mut opened: Vec<bool> = Vec::new();

    fn flush(stack: &mut [Frame], out: &mut Rendered) {
        let root = &mut stack[0].inlines;
        trim_inlines(root);
        if !root.is_empty() {
            out.blocks.push(Block {
                inlines: std::mem::take(root),
            });
        }
    }

    for (event, at) in Parser::new_ext(md, options()).into_offset_iter() {
        if let Some(code) = code_block.as_mut() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let code = code_block.take().unwrap_or_default();
                    flush(&mut stack, &mut out);
                    let code = code.trim_end_matches('\n').to_string();
                    if !code.is_empty() {
                        out.blocks.push(Block {
                            inlines: vec![Inline::Code { code }],
                        });
                    }
                }
                _ => {}
            }
            continue;
        }
        let in_image = stack.iter().any(|f| matches!(f.kind, FrameKind::Image));
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong) if stack.len() > MAX_NESTING => {
                opened.push(false);
            }
            Event::Start(Tag::Link { dest_url, .. }) if stack.len() > MAX_NESTING => {
                opened.push(false);
                out.unsafe_links.push(format!(
                    "{dest_url} (nested deeper than {MAX_NESTING} levels: kept as text)"
                ));
            }
            Event::Start(tag) => match tag {
                Tag::Emphasis => {
                    opened.push(true);
                    stack.push(Frame {
                        kind: FrameKind::Em,
                        inlines: Vec::new(),
                    })
                }
                Tag::Strong => {
                    opened.push(true);
                    stack.push(Frame {
                        kind: FrameKind::Strong {
                            underscores: md[at].starts_with("__"),
                        },
                        inlines: Vec::new(),
                    })
                }
                Tag::Link { dest_url, .. } => {
                    let href = safe_href(&dest_url).map(str::to_string);
                    if href.is_none() {
                        out.unsafe_links.push(dest_url.to_string());
                    }
                    opened.push(true);
                    stack.push(Frame {
                        kind: FrameKind::Link(href),
                        inlines: Vec::new(),
                    })
                }
                Tag::Image { .. } => {
                    // An image's content is dropped whole: its frame adds
                    // no depth to the inlines, so it is always pushed.
                    out.images += 1;
                    opened.push(true);
                    stack.push(Frame {
                        kind: FrameKind::Image,
                        inlines: Vec::new(),
                    })
                }
                Tag::CodeBlock(_) => {
                    code_block = Some(String::new());
                }
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::HtmlBlock
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell => {
                    if stack.len() == 1 {
                        flush(&mut stack, &mut out);
                    }
                    pending_break = false;
                }
                _ => {}
            },
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image)
                if opened.last() == Some(&false) =>
            {
                opened.pop();
            }
            Event::End(end) => match end {
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image
                    if stack.len() > 1 =>
                {
                    opened.pop();
                    let frame = stack.pop().expect("checked");
                    let parent = &mut stack.last_mut().expect("root stays").inlines;
                    let mut inner = frame.inlines;
                    match frame.kind {
                        FrameKind::Em if !inner.is_empty() => {
                            parent.push(Inline::Emphasis { em: inner })
                        }
                        FrameKind::Strong { underscores } if !inner.is_empty() => {
                            // `__init__` is Python's name, not bold `init`.
                            let dunder = underscores
                                .then(|| dunder_name(&inner).map(|name| format!("__{name}__")))
                                .flatten();
                            match dunder {
                                Some(name) => push_text(parent, &name),
                                None => parent.push(Inline::Strong { strong: inner }),
                            }
                        }
                        FrameKind::Link(Some(href)) => {
                            trim_inlines(&mut inner);
                            parent.push(Inline::Link { href, text: inner })
                        }
                        FrameKind::Link(None) => {
                            for i in inner {
                                match i {
                                    Inline::Text(t) => push_text(parent, &t),
                                    other => parent.push(other),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::TableCell
                | TagEnd::TableRow
                    if stack.len() == 1 =>
                {
                    flush(&mut stack, &mut out);
                }
                _ => {}
            },
            Event::Text(t) => {
                if in_image {
                    continue;
                }
                let inlines = &mut stack.last_mut().expect("root").inlines;
                if pending_break {
                    pending_break = false;
                    let before = last_char(inlines);
                    let after = t.chars().next();
                    let joined =
                        matches!((before, after), (Some(b), Some(a)) if !space_between(b, a));
                    if !joined && before.is_some() {
                        push_text(inlines, " ");
                    }
                }
                push_text(inlines, &t);
            }
            Event::Code(c) => {
                if in_image {
                    continue;
                }
                pending_break = false;
                stack.last_mut().expect("root").inlines.push(Inline::Code {
                    code: c.to_string(),
                });
            }
            Event::SoftBreak | Event::HardBreak => pending_break = true,
            Event::Html(h) | Event::InlineHtml(h) => {
                out.html_tags += h.matches('<').count().max(1);
                if h.trim_start().to_ascii_lowercase().starts_with("<br") {
                    pending_break = true;
                }
            }
            _ => {}
        }
    }
    // Unclosed frames cannot happen with pulldown-cmark; flush what is left.
    while stack.len() > 1 {
        let frame = stack.pop().expect("checked");
        stack[0].inlines.extend(frame.inlines);
    }
    flush(&mut stack, &mut out);
    out
}

/// Trims white space at both ends of a run of inlines and merges texts.
pub fn trim_inlines(inlines: &mut Vec<Inline>) {
    while let Some(Inline::Text(t)) = inlines.first_mut() {
        let trimmed = t.trim_start();
        if trimmed.is_empty() {
            inlines.remove(0);
        } else {
            *t = trimmed.to_string();
            break;
        }
    }
    while let Some(Inline::Text(t)) = inlines.last_mut() {
        let trimmed = t.trim_end();
        if trimmed.is_empty() {
            inlines.pop();
        } else {
            *t = trimmed.to_string();
            break;
        }
    }
}

/// All inlines of a rendering, as one run (paragraph breaks become spaces).
pub fn flatten(blocks: Vec<Block>) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, b) in blocks.into_iter().enumerate() {
        if i > 0 {
            push_text(&mut out, " ");
        }
        for inline in b.inlines {
            match inline {
                Inline::Text(t) => push_text(&mut out, &t),
                other => out.push(other),
            }
        }
    }
    out
}

/// The plain text of inlines.
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    inlines.iter().for_each(|i| i.push_plain_text(&mut s));
    s
}

/// The destinations of the links in paragraphs, in order.
pub fn hrefs(blocks: &[Block]) -> Vec<String> {
    fn walk(inlines: &[Inline], out: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::Link { href, text } => {
                    out.push(href.clone());
                    walk(text, out);
                }
                Inline::Emphasis { em: inner } | Inline::Strong { strong: inner } => {
                    walk(inner, out)
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    blocks.iter().for_each(|b| walk(&b.inlines, &mut out));
    out
}

/// Counts the links in inlines (nested ones too).
pub fn links_in(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Link { text, .. } => 1 + links_in(text),
            Inline::Emphasis { em: inner } | Inline::Strong { strong: inner } => links_in(inner),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn strong(s: &str) -> Inline {
        Inline::Strong { strong: vec![t(s)] }
    }

    #[test]
    fn renders_inline_markup() {
        let r = render("Use `uv` **now**, see [the *docs*](https://x.org/d) and _more_.");
        assert_eq!(
            r.blocks,
            vec![Block {
                inlines: vec![
                    t("Use "),
                    Inline::Code { code: "uv".into() },
                    t(" "),
                    strong("now"),
                    t(", see "),
                    Inline::Link {
                        href: "https://x.org/d".into(),
                        text: vec![
                            t("the "),
                            Inline::Emphasis {
                                em: vec![t("docs")]
                            }
                        ],
                    },
                    t(" and "),
                    Inline::Emphasis {
                        em: vec![t("more")]
                    },
                    t("."),
                ]
            }]
        );
    }

    #[test]
    fn python_dunder_names_are_not_bold() {
        let r = render(
            "What Is the __pycache__ Folder? Put it in __init__.py, not __Main__ or **init**.",
        );
        assert_eq!(
            r.blocks[0].inlines,
            vec![
                t("What Is the __pycache__ Folder? Put it in __init__.py, not "),
                strong("Main"),
                t(" or "),
                strong("init"),
                t("."),
            ]
        );
        // Bold of more than one word stays bold.
        let r = render("__read this__ and __bool__");
        assert_eq!(
            r.blocks[0].inlines,
            vec![strong("read this"), t(" and __bool__"),]
        );
    }

    #[test]
    fn drops_html_images_and_unsafe_links() {
        let r = render(
            "a <b>bold</b> ![pic](https://i/x.png) [x](javascript:alert(1)) \\<tag\\> &amp; b",
        );
        assert_eq!(r.images, 1);
        assert_eq!(r.unsafe_links, vec!["javascript:alert(1)".to_string()]);
        assert_eq!(r.html_tags, 2);
        assert_eq!(plain(&r.blocks[0].inlines), "a bold  x <tag> & b");
    }

    #[test]
    fn joins_lines_with_a_space_except_between_cjk() {
        let r = render("first line\nsecond 行\n中文");
        assert_eq!(plain(&r.blocks[0].inlines), "first line second 行中文");
    }

    #[test]
    fn code_blocks_become_code_paragraphs() {
        let r = render("text\n\n```python\n>>> 1 + 1\n2\n```\n");
        assert_eq!(r.blocks.len(), 2);
        assert_eq!(
            r.blocks[1].inlines,
            vec![Inline::Code {
                code: ">>> 1 + 1\n2".into()
            }]
        );
    }

    /// Depth of the deepest inline tree.
    fn depth(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Emphasis { em: inner } | Inline::Strong { strong: inner } => {
                    1 + depth(inner)
                }
                Inline::Link { text, .. } => 1 + depth(text),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn deep_nesting_is_capped_and_its_text_kept() {
        // Regression: 10k `*` around a word gave a tree 5k deep, whose
        // recursive walks (and drop) overflowed the stack.
        let deep = format!("{}x{}", "*".repeat(10_000), "*".repeat(10_000));
        let r = render(&deep);
        assert!(depth(&r.blocks[0].inlines) <= MAX_NESTING);
        assert_eq!(plain(&r.blocks[0].inlines), "x");
        let links = format!("{}x{}", "[".repeat(40), "](https://e.com)".repeat(40));
        let r = render(&links);
        assert!(depth(&r.blocks[0].inlines) <= MAX_NESTING);
        assert!(plain(&r.blocks[0].inlines).contains('x'));
        assert!(hrefs(&r.blocks).iter().all(|h| h == "https://e.com"));
        // Ordinary nesting is untouched.
        let r = render("**[*a* `b`](https://e.com)** _c_");
        assert_eq!(depth(&r.blocks[0].inlines), 3);
    }

    #[test]
    fn counts_links_not_images() {
        assert_eq!(count_links("[a](https://a) ![i](https://i) <https://c>"), 2);
    }
}
