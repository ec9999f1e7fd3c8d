//! Repair of mojibake: UTF-8 text whose bytes were decoded with a legacy
//! single-byte character set (Mac Roman, Windows-1252 or Latin-1), so that
//! `🦄` reads `ü¶Ñ`.
//!
//! The repair is conservative. A UTF-8 multi-byte sequence decoded that way
//! becomes a run of non-ASCII characters, each of which is one byte of the
//! legacy set. So the repair looks at maximal runs of non-ASCII characters
//! that the legacy set can encode, turns each back into bytes, and replaces
//! the run only when *every* byte of it is part of a complete, valid UTF-8
//! sequence and every decoded character is plausible text. Correct text
//! (`café`, `naïve`, CJK, real emoji, curly quotes) does not satisfy that and
//! is left alone. Repeated until nothing changes (at most a few rounds, for
//! text that was mangled twice), so repairing is idempotent.

use std::borrow::Cow;

/// The Mac Roman characters of bytes 0x80..=0xFF (Apple's mapping, with the
/// euro sign at 0xDB).
const MAC_ROMAN_HIGH: [u16; 128] = [
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, // 80
    0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8, // 88
    0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, // 90
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC, // 98
    0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, // A0
    0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8, // A8
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, // B0
    0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8, // B8
    0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB, // C0
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, // C8
    0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, // D0
    0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02, // D8
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, // E0
    0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4, // E8
    0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, // F0
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7, // F8
];

/// The Windows-1252 characters of bytes 0x80..=0x9F. The five bytes
/// Windows-1252 leaves undefined decode (as in browsers) to the C1 control
/// of the same value; 0xA0..=0xFF are Latin-1.
const CP1252_C1: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, // 80
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F, // 88
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, // 90
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178, // 98
];

/// A legacy single-byte character set text may have been decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    MacRoman,
    /// Windows-1252, which also covers Latin-1 (ISO 8859-1).
    Cp1252,
}

impl Codec {
    /// The byte a non-ASCII character stands for, if the codec has it.
    pub fn encode(self, c: char) -> Option<u8> {
        let cp = c as u32;
        match self {
            Codec::MacRoman => {
                if cp == 0x00A4 {
                    // The currency sign sat at 0xDB before the euro replaced it.
                    return Some(0xDB);
                }
                MAC_ROMAN_HIGH
                    .iter()
                    .position(|&m| m as u32 == cp)
                    .map(|i| 0x80 + i as u8)
            }
            Codec::Cp1252 => {
                if (0xA0..=0xFF).contains(&cp) {
                    return Some(cp as u8);
                }
                if let Some(i) = CP1252_C1.iter().position(|&m| m as u32 == cp) {
                    return Some(0x80 + i as u8);
                }
                // Latin-1 read the C1 controls as themselves.
                (0x80..=0x9F).contains(&cp).then_some(cp as u8)
            }
        }
    }

    /// The character a byte ≥ 0x80 decodes to.
    pub fn decode(self, b: u8) -> char {
        debug_assert!(b >= 0x80);
        let cp = match self {
            Codec::MacRoman => MAC_ROMAN_HIGH[(b - 0x80) as usize] as u32,
            Codec::Cp1252 if b < 0xA0 => CP1252_C1[(b - 0x80) as usize] as u32,
            Codec::Cp1252 => b as u32,
        };
        char::from_u32(cp).expect("table holds valid code points")
    }

    /// Mangles text the way a wrong decoder does: UTF-8 bytes read with
    /// this codec. For tests and samples.
    pub fn mojibake(self, text: &str) -> String {
        text.bytes()
            .map(|b| if b < 0x80 { b as char } else { self.decode(b) })
            .collect()
    }
}

/// Whether a character that came out of a repair is believable text, by
/// the length of its UTF-8 sequence.
fn plausible(c: char) -> bool {
    let cp = c as u32;
    match c.len_utf8() {
        // Latin-1 letters and signs, Latin Extended-A, the Greek and
        // Cyrillic alphabets, Hebrew and Arabic letters.
        2 => matches!(cp,
            0x00A0..=0x017F | 0x0386..=0x03CE | 0x0400..=0x045F | 0x05D0..=0x05EA | 0x0620..=0x064A),
        // Everything of the basic plane but private use and specials.
        3 => !matches!(cp, 0xE000..=0xF8FF | 0xFFF0..=0xFFFF),
        // Emoji and pictographs, and the CJK extensions.
        4 => matches!(cp, 0x1F000..=0x1FAFF | 0x20000..=0x3FFFF),
        _ => false,
    }
}

/// Repairs one run of non-ASCII characters, all encodable in `codec`.
/// Returns `None` unless the run is complete, plausible UTF-8. A lone
/// two-byte letter beyond Latin (`—Ø` would give `ѯ`) is not enough:
/// such a run must decode to two of them, or come with a longer sequence.
fn repair_run(run: &[char], codec: Codec) -> Option<String> {
    let bytes: Vec<u8> = run
        .iter()
        .map(|&c| codec.encode(c))
        .collect::<Option<_>>()?;
    let decoded = std::str::from_utf8(&bytes).ok()?;
    if !decoded.chars().all(plausible) {
        return None;
    }
    let beyond_latin1 = decoded
        .chars()
        .filter(|&c| c.len_utf8() == 2 && c as u32 > 0x17F)
        .count();
    let long = decoded.chars().any(|c| c.len_utf8() >= 3);
    (beyond_latin1 == 0 || beyond_latin1 >= 2 || long).then(|| decoded.to_string())
}

/// One round of repair. Each maximal run of non-ASCII characters is tried
/// as Mac Roman, then as Windows-1252 / Latin-1: a run with a character the
/// codec cannot encode (CJK, an emoji) is not that codec's mojibake.
fn repair_once(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_ascii() {
            i += 1;
        }
        let run = &chars[start..i];
        match repair_run(run, Codec::MacRoman).or_else(|| repair_run(run, Codec::Cp1252)) {
            Some(fixed) => {
                out.push_str(&fixed);
                changed = true;
            }
            None => out.extend(run),
        }
    }
    changed.then_some(out)
}

/// Repairs mojibake in `text`; borrowed when nothing needed repair.
pub fn repair(text: &str) -> Cow<'_, str> {
    // Pure ASCII, or text with no character either codec could have made,
    // is returned at once (the common case, and the fast one).
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut current: Option<String> = None;
    for _ in 0..8 {
        match repair_once(current.as_deref().unwrap_or(text)) {
            Some(next) => current = Some(next),
            None => break,
        }
    }
    match current {
        Some(s) if s != text => Cow::Owned(s),
        _ => Cow::Borrowed(text),
    }
}

/// A line that the repair changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RepairedLine {
    /// 1-based line number in the file.
    pub line: usize,
    pub before: String,
    pub after: String,
}

/// Repairs a whole file's text line by line, returning the repaired text and
/// the lines that changed.
pub fn repair_text(text: &str) -> (Cow<'_, str>, Vec<RepairedLine>) {
    if text.is_ascii() {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut changes = Vec::new();
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let fixed = repair(line);
        if let Cow::Owned(f) = &fixed {
            changes.push(RepairedLine {
                line: i + 1,
                before: line.trim_end_matches(['\n', '\r']).to_string(),
                after: f.trim_end_matches(['\n', '\r']).to_string(),
            });
        }
        out.push_str(&fixed);
    }
    if changes.is_empty() {
        (Cow::Borrowed(text), changes)
    } else {
        (Cow::Owned(out), changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tables_round_trip() {
        for b in 0x80..=0xFFu8 {
            for codec in [Codec::MacRoman, Codec::Cp1252] {
                assert_eq!(codec.encode(codec.decode(b)), Some(b), "{codec:?} {b:#x}");
            }
        }
    }

    #[test]
    fn repairs_mac_roman_emoji() {
        let bad = Codec::MacRoman.mojibake("## 🦄Articles & 🐿️Projects");
        assert_eq!(bad, "## \u{F8FF}ü¶ÑArticles & \u{F8FF}üêøÔ∏èProjects");
        assert_eq!(repair(&bad), "## 🦄Articles & 🐿️Projects");
    }

    #[test]
    fn repairs_cp1252_and_latin1() {
        for s in ["café crème", "周刊 🐢 音视频", "naïve — “quoted”"] {
            let bad = Codec::Cp1252.mojibake(s);
            assert_ne!(bad, s);
            assert_eq!(repair(&bad), s, "{bad}");
        }
    }

    #[test]
    fn leaves_correct_text_alone() {
        for s in [
            "café naïve Ångström façade über señor crème brûlée São Paulo Œuvre",
            "Python潮流周刊#7：如何系统地自学Python？",
            "🦄文章&教程 🐿️项目&资源 🐢 🥂 🎁 ①②③",
            "“curly” ‘quotes’ — dashes… © ® ™ ° ± µ ¶ • ≠ √",
            "Ünïcödé ÀÉÎÕÜ àéîõü ñÑ çÇ ß ø Ø æ Æ å Å",
            "日本語のテキスト、記事＆チュートリアル",
        ] {
            assert_eq!(repair(s), s);
        }
    }

    #[test]
    fn reports_repaired_lines() {
        let text = format!("ok\n{}\nfine é\n", Codec::MacRoman.mojibake("🐢 x"));
        let (fixed, lines) = repair_text(&text);
        assert_eq!(fixed, "ok\n🐢 x\nfine é\n");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].line, 2);
        assert_eq!(lines[0].after, "🐢 x");
    }

    /// Realistic pieces of text: words, CJK, emoji, accented Latin.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ,.:()#&-]{1,8}",
            prop::sample::select(vec![
                "café",
                "naïve",
                "Ångström",
                "façade",
                "über",
                "señor",
                "crème",
                "brûlée",
                "São",
                "Œuvre",
                "Müller",
                "Łukasz",
                "Dvořák",
                "½",
                "°C",
                "—",
                "“",
                "”",
                "…",
                "€5",
                "™",
                "¿qué?",
                "¡sí!",
                "Straße",
                "Øre",
                "æble",
            ])
            .prop_map(str::to_string),
            "[\u{4e00}-\u{9fa5}]{1,4}",
            "[\u{3040}-\u{30ff}]{1,3}",
            prop::sample::select(vec![
                "🦄", "🐿️", "🐢", "🥂", "🐱", "🐼", "🐧", "🎁", "🐍", "👍🏽", "①", "⑫", "＆", "：",
            ])
            .prop_map(str::to_string),
        ]
    }

    /// Pieces joined by a space, as words are: two pieces that are both
    /// Latin-1 letters and signs glued together ("é½½") can be as much
    /// mojibake of a CJK character as correct text, and no repair can tell.
    /// CJK and emoji pieces are also glued, in the `glued` pieces.
    fn text() -> impl Strategy<Value = String> {
        let glued = prop::sample::select(vec![
            "周刊🐢音视频",
            "🦄文章&教程",
            "中文“引号”",
            "《流畅的Python》",
            "日本語テキスト",
            "🐿️项目",
        ])
        .prop_map(str::to_string);
        prop::collection::vec(prop_oneof![piece(), glued], 0..12).prop_map(|v| v.join(" "))
    }

    proptest! {
        #[test]
        fn mojibake_repairs_back_exactly(s in text()) {
            for codec in [Codec::MacRoman, Codec::Cp1252] {
                let bad = codec.mojibake(&s);
                let fixed = repair(&bad).into_owned();
                prop_assert_eq!(fixed.as_str(), s.as_str(), "{:?} {:?}", codec, bad);
            }
        }

        #[test]
        fn correct_text_is_unchanged(s in text()) {
            let fixed = repair(&s).into_owned();
            prop_assert_eq!(fixed.as_str(), s.as_str());
        }

        #[test]
        fn repair_is_idempotent(s in "\\PC{0,24}") {
            let once = repair(&s).into_owned();
            let twice = repair(&once).into_owned();
            prop_assert_eq!(twice.as_str(), once.as_str());
        }
    }
}
