//! Text folding for search: case, width and accents are ignored.
//!
//! Every character of the input folds to at most one character, so a match
//! in folded text maps back to exact byte ranges of the original (for the
//! `<mark>` highlights). The tables are small and hand-written on purpose:
//! `str::to_lowercase` would pull Unicode's full case tables into the wasm
//! bundle for scripts the newsletter does not use.

/// Folds one character: full-width ASCII to ASCII, upper to lower case
/// (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic), Latin letters to
/// their base letter without accents, ideographic space to a space.
/// Combining accents fold to nothing.
pub fn fold_char(c: char) -> Option<char> {
    let code = c as u32;
    let folded = match code {
        0x41..=0x5A => (code + 0x20) as u8 as char,
        0..=0x7F => c,
        // Combining diacritical marks: the accent of a decomposed letter.
        0x300..=0x36F => return None,
        0xC0..=0x17F => latin_base(code).unwrap_or(c),
        // Full-width ASCII variants (Ａ, ｂ, ０, ！ ...).
        0xFF01..=0xFF5E => return fold_char(char::from_u32(code - 0xFEE0)?),
        0x3000 => ' ',
        // Greek capitals (without the final-sigma subtlety).
        0x391..=0x3A9 if code != 0x3A2 => char::from_u32(code + 0x20)?,
        // Cyrillic capitals.
        0x410..=0x42F => char::from_u32(code + 0x20)?,
        0x400..=0x40F => char::from_u32(code + 0x50)?,
        _ => c,
    };
    Some(folded)
}

/// The base letter of a Latin-1 Supplement or Latin Extended-A letter.
fn latin_base(code: u32) -> Option<char> {
    // Latin-1 Supplement letters U+00C0..U+00FF, one base letter each;
    // '.' keeps the character as it is (×, ÷, ß, Æ, Ð, Þ ...).
    const LATIN1: &[u8; 64] = b"aaaaaa.ceeeeiiii.nooooo.ouuuuy..aaaaaa.ceeeeiiii.nooooo.ouuuuy.y";
    // Latin Extended-A U+0100..U+017F: pairs of upper/lower case.
    const EXT_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkkllllllllllnnnnnnnnnoooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    let base = match code {
        0xC0..=0xFF => LATIN1[(code - 0xC0) as usize],
        0x100..=0x17F => EXT_A[(code - 0x100) as usize],
        _ => b'.',
    };
    match base {
        b'.' => match code {
            0xC6 => Some('æ'),
            0xD0 => Some('ð'),
            0xDE => Some('þ'),
            0x152 => Some('œ'),
            0x132 => Some('ĳ'),
            _ => None,
        },
        b => Some(b as char),
    }
}

/// True for the characters that make up a Latin word once folded: ASCII
/// letters and digits. Latin words match by prefix; everything else (CJK,
/// kana, punctuation) matches as a substring.
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The length in bytes of `fold(text)`, without making it.
pub fn folded_len(text: &str) -> usize {
    // Most characters fold to one of their own length (ASCII, CJK, kana,
    // Greek, Cyrillic): only those whose first byte says they may not are
    // decoded.
    if text.is_ascii() {
        return text.len();
    }
    let mut len = text.len();
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if may_fold_to_another_length(byte) {
            // Such a byte starts a character: it is not 0x80..=0xBF.
            if let Some(c) = text[at..].chars().next() {
                len = len - c.len_utf8() + fold_char(c).map_or(0, char::len_utf8);
            }
        }
    }
    len
}

/// Whether a character starting with this UTF-8 byte may fold to one of
/// another length: Latin-1 and Latin Extended-A letters (U+00C0..U+017F
/// fold to ASCII), combining accents (U+0300..U+036F fold to nothing),
/// the ideographic space (U+3000) and full-width ASCII (U+FF01..U+FF5E).
fn may_fold_to_another_length(first_byte: u8) -> bool {
    matches!(first_byte, 0xC3..=0xC5 | 0xCC | 0xCD | 0xE3 | 0xEF)
}

/// Folds a whole string (for the query and the index).
pub fn fold(text: &str) -> String {
    // Most of the archive's text is ASCII: copied a run at a time and
    // lowered in place, with no character decoding; the rest character by
    // character. The output is allocated once.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.extend(fold_char(c));
            rest = chars.as_str();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_and_accents() {
        assert_eq!(fold("Python ＰＹＴＨＯＮ３"), "python python3");
        assert_eq!(fold("Café Ñandú Ångström"), "cafe nandu angstrom");
        assert_eq!(fold("Łódź Œuvre ŠKODA"), "lodz œuvre skoda");
        assert_eq!(fold("Cafe\u{301}"), "cafe");
        assert_eq!(fold("ΑΒΓ Привет"), "αβγ привет");
        assert_eq!(fold("异步　编程"), "异步 编程");
        assert_eq!(fold("ß × ÷"), "ß × ÷");
    }

    #[test]
    fn the_folded_length_is_that_of_the_folded_text() {
        for text in [
            "",
            "ascii Only",
            "Cafe\u{301} ＰＹ 异步　Ω",
            "ß×÷ ſ Ǆ \u{10FFFF}",
        ] {
            assert_eq!(folded_len(text), fold(text).len(), "{text:?}");
        }
        assert_ne!(
            folded_len("ＰＹ"),
            "ＰＹ".len(),
            "full width folds to fewer bytes"
        );
    }

    #[test]
    fn every_character_folds_to_the_length_folded_len_says() {
        let mut buffer = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.encode_utf8(&mut buffer);
            assert_eq!(folded_len(text), fold(text).len(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn every_latin_letter_folds_to_an_ascii_lowercase_letter_or_itself() {
        for code in 0xC0..=0x17Fu32 {
            let c = char::from_u32(code).unwrap();
            let f = fold_char(c).unwrap();
            if f != c && !"æðþœĳ".contains(f) {
                assert!(f.is_ascii_lowercase(), "{c} → {f}");
            }
        }
        assert_eq!(fold_char('Ÿ'), Some('y'));
        assert_eq!(fold_char('ž'), Some('z'));
        assert_eq!(fold_char('ſ'), Some('s'));
    }
}
