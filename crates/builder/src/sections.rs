//! What the newsletter's headings and marks mean: canonical sections shared
//! by all editions, boilerplate sections, and the language marks after links.

use weekly_core::archive::{Edition, Labels, Lang, SectionInfo};

/// A canonical section: id and labels, in display order.
pub struct SectionDef {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub ja: &'static str,
    /// Lower-cased fragments of a heading that mean this section.
    keys: &'static [&'static str],
    /// Items of the section are numbered (the others have one unnumbered
    /// entry per heading).
    pub numbered: bool,
}

/// The canonical sections in display order. `picks` is checked before
/// `media` so that "播客推荐" (a podcast pick) is not taken for podcasts.
pub const SECTIONS: &[SectionDef] = &[
    SectionDef {
        id: "articles",
        zh: "文章&教程",
        en: "Articles & Tutorials",
        ja: "記事&チュートリアル",
        keys: &[
            "文章",
            "教程",
            "article",
            "tutorial",
            "記事",
            "チュートリアル",
        ],
        numbered: true,
    },
    SectionDef {
        id: "projects",
        zh: "项目&资源",
        en: "Projects & Resources",
        ja: "プロジェクト&リソース",
        keys: &[
            "项目",
            "资源",
            "project",
            "resource",
            "プロジェクト",
            "リソース",
        ],
        numbered: true,
    },
    SectionDef {
        id: "media",
        zh: "播客&视频",
        en: "Podcasts & Videos",
        ja: "ポッドキャスト&動画",
        keys: &["播客", "视频", "podcast", "video", "ポッドキャスト", "動画"],
        numbered: true,
    },
    SectionDef {
        id: "discussions",
        zh: "讨论&问题",
        en: "Discussions & Questions",
        ja: "ディスカッション&トピック",
        keys: &[
            "讨论",
            "问题",
            "discussion",
            "question",
            "ディスカッション",
            "トピック",
        ],
        numbered: true,
    },
    SectionDef {
        id: "books",
        zh: "赠书",
        en: "Book giveaways",
        ja: "書籍プレゼント",
        keys: &["赠书", "好书", "giveaway", "book", "書籍", "プレゼント"],
        numbered: false,
    },
    SectionDef {
        id: "picks",
        zh: "推荐",
        en: "Picks",
        ja: "おすすめ",
        keys: &["产品推荐", "播客推荐", "product pick", "おすすめ"],
        numbered: false,
    },
];

/// Lower-cased fragments of boilerplate headings (no entries).
const BOILERPLATE: &[&str] = &[
    "赞助",
    "支持",
    "关于",
    "订阅",
    "往年回顾",
    "往期",
    "品牌",
    "关联阅读",
    "序言",
    "附录",
    "后记",
    "subscribe",
    "sponsor",
    "support",
    "about",
    "looking back",
    "past review",
    "previous year",
    "brand",
    "partnership",
    "related reading",
    "バックナンバー",
    "購読",
    "スポンサー",
    "について",
];

/// What a heading introduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadingKind {
    /// A canonical entry section (index into [`SECTIONS`]).
    Entries(usize),
    /// Subscribe, sponsor, looking back ...: no entries.
    Boilerplate,
    /// Anything else: reported, no entries.
    Unknown,
}

/// Classifies a heading's plain text.
pub fn classify(heading: &str) -> HeadingKind {
    let text = heading.to_lowercase();
    // Picks first: "播客推荐" is a pick, not the podcasts section.
    let picks = SECTIONS
        .iter()
        .position(|s| s.id == "picks")
        .expect("picks");
    if SECTIONS[picks].keys.iter().any(|k| text.contains(k)) {
        return HeadingKind::Entries(picks);
    }
    if BOILERPLATE.iter().any(|k| text.contains(k)) {
        return HeadingKind::Boilerplate;
    }
    // A numbered heading ("1、Awesome Python Weekly") is not a section.
    if text.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return HeadingKind::Unknown;
    }
    for (i, s) in SECTIONS.iter().enumerate() {
        if s.keys.iter().any(|k| text.contains(k)) {
            return HeadingKind::Entries(i);
        }
    }
    HeadingKind::Unknown
}

/// Display order of a section id (unknown ids sort last).
pub fn order(id: &str) -> usize {
    SECTIONS
        .iter()
        .position(|s| s.id == id)
        .unwrap_or(SECTIONS.len())
}

/// The archive's section list.
pub fn section_infos() -> Vec<SectionInfo> {
    SECTIONS
        .iter()
        .map(|s| SectionInfo {
            id: s.id.to_string(),
            labels: Labels {
                zh: s.zh.to_string(),
                en: s.en.to_string(),
                ja: s.ja.to_string(),
            },
        })
        .collect()
}

/// Strips leading emoji, symbols and spaces from a heading ("🐿️ 项目" →
/// "项目"), and trailing spaces.
pub fn clean_heading(text: &str) -> String {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end()
        .to_string()
}

/// Whether a text starts with an emoji or pictographic symbol (a heading
/// line without `#` is recognised by it).
pub fn starts_with_emoji(text: &str) -> bool {
    text.trim_start().chars().next().is_some_and(is_emoji)
}

/// Whether a char is an emoji or pictographic symbol.
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

/// The language a mark like `(英)` or `（中译）` names. The marks mean the
/// same in every edition (`(Chinese)` in the English one is zh, `（英語）` in
/// the Japanese one is en); the edition is passed for marks that would not.
pub fn lang_mark(mark: &str, _edition: Edition) -> Option<Lang> {
    let m = mark.trim().to_lowercase();
    let lang = match m.as_str() {
        "英" | "英文" | "英语" | "英語" | "english" | "eng" | "en" | "in english" => {
            Lang::En
        }
        "中"
        | "中文"
        | "中译"
        | "中譯"
        | "chinese"
        | "中国語"
        | "中国语"
        | "in chinese"
        | "chinese translation" => Lang::Zh,
        "中英"
        | "中英文"
        | "中英双语"
        | "chinese & english"
        | "chinese and english"
        | "bilingual" => Lang::ZhEn,
        "日" | "日文" | "日语" | "日本語" | "japanese" | "in japanese" => Lang::Ja,
        _ => return None,
    };
    Some(lang)
}

/// Splits a language mark off the start of a text: `" (英)：rest"` gives
/// the language and `"：rest"`.
pub fn leading_lang_mark(text: &str, edition: Edition) -> Option<(Lang, &str)> {
    let t = text.trim_start();
    let (open, close) = if t.starts_with('(') {
        ('(', [')', '）'])
    } else if t.starts_with('（') {
        ('（', ['）', ')'])
    } else {
        return None;
    };
    let inner_start = open.len_utf8();
    let end = t[inner_start..].find(close)?;
    let inner = &t[inner_start..inner_start + end];
    let lang = lang_mark(inner, edition)?;
    let close_len = t[inner_start + end..].chars().next()?.len_utf8();
    Some((lang, &t[inner_start + end + close_len..]))
}

/// Splits a language mark off the end of a text: `"Title（英文）"` gives
/// `"Title"` and the language.
pub fn trailing_lang_mark(text: &str, edition: Edition) -> Option<(&str, Lang)> {
    let t = text.trim_end();
    let close = t.chars().last()?;
    if close != ')' && close != '）' {
        return None;
    }
    let body = &t[..t.len() - close.len_utf8()];
    let open = body.rfind(['(', '（'])?;
    let inner = &body[open..];
    let inner = inner
        .strip_prefix('(')
        .or_else(|| inner.strip_prefix('（'))?;
    let lang = lang_mark(inner, edition)?;
    Some((body[..open].trim_end(), lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(h: &str) -> Option<&'static str> {
        match classify(h) {
            HeadingKind::Entries(i) => Some(SECTIONS[i].id),
            _ => None,
        }
    }

    #[test]
    fn classifies_headings_of_every_edition() {
        assert_eq!(id("🦄文章&教程"), Some("articles"));
        assert_eq!(id("🐿️ Projects & Resources"), Some("projects"));
        assert_eq!(id("🐢Podcasts & Videos"), Some("media"));
        assert_eq!(id("🥂Discussion & Question"), Some("discussions"));
        assert_eq!(id("🐢 ポッドキャスト＆動画"), Some("media"));
        assert_eq!(id("🐢赠书福利"), Some("books"));
        assert_eq!(id("🐢 Book Giveaway"), Some("books"));
        assert_eq!(id("🐱播客推荐"), Some("picks"));
        assert_eq!(id("🐱产品推荐"), Some("picks"));
        assert_eq!(classify("🐼欢迎订阅"), HeadingKind::Boilerplate);
        assert_eq!(classify("🐱赞助&支持"), HeadingKind::Boilerplate);
        assert_eq!(classify("🐧 Looking Back"), HeadingKind::Boilerplate);
        assert_eq!(classify("🐱 Brand Partnership"), HeadingKind::Boilerplate);
        assert_eq!(classify("1、Awesome Python Weekly"), HeadingKind::Unknown);
    }

    #[test]
    fn reads_language_marks() {
        let zh = Edition::Zh;
        assert_eq!(leading_lang_mark(" (英)", zh), Some((Lang::En, "")));
        assert_eq!(
            leading_lang_mark("（英文）：x", zh),
            Some((Lang::En, "：x"))
        );
        assert_eq!(leading_lang_mark("(中译)", zh), Some((Lang::Zh, "")));
        assert_eq!(leading_lang_mark("(中英)", zh), Some((Lang::ZhEn, "")));
        assert_eq!(leading_lang_mark("(Japanese)", zh), Some((Lang::Ja, "")));
        assert_eq!(leading_lang_mark("(star 3K)", zh), None);
        assert_eq!(
            trailing_lang_mark("关于 PyPI 的文章（英文）", zh),
            Some(("关于 PyPI 的文章", Lang::En))
        );
        assert_eq!(trailing_lang_mark("Title (v2)", zh), None);
    }

    #[test]
    fn cleans_headings() {
        assert_eq!(clean_heading("🐿️ 项目&资源 "), "项目&资源");
        assert!(starts_with_emoji("🦄Articles"));
        assert!(!starts_with_emoji("Python 潮流周刊"));
    }
}
