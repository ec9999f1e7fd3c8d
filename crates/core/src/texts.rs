//! The entries' folded search texts, read to verify search terms.
//!
//! Each text carries a 128-bit signature of what it holds, so a search that
//! has to read many texts (all of them while the index is being built)
//! rules most out without reading them:
//!
//! - bits 0 to 35: the Latin word characters (`0-9a-z`) a word starts with;
//!   for a one-character Latin term (the first key typed) the bit alone
//!   decides, with no text read;
//! - bits 36 to 63: every other character (CJK, kana, punctuation), hashed;
//! - bits 64 to 127: the first two characters of each Latin word, hashed
//!   (the second key typed).
//!
//! A term's signature is made the same way (a term's first character
//! starts a word by its prefix rule), and a text holding the term has every
//! bit of it: each run of Latin word characters in the term starts a word
//! of the text wherever the term occurs, and every other character is in
//! the text. So a text without them cannot hold it.

use crate::fold::is_word_char;
use crate::index::{latin_digit, Term};

const LATIN_BITS: u32 = 36;
const OTHER_BITS: u32 = 64 - LATIN_BITS;
const PAIR_BITS: u32 = 64;

type Signature = u128;

/// The bit of a Latin word character that starts a word.
fn word_start_bit(c: u8) -> Signature {
    1 << latin_digit(char::from(c.to_ascii_lowercase()))
}

fn hash(key: u32, bits: u32) -> u32 {
    (key.wrapping_mul(0x9E37_79B1) >> 16) % bits
}

/// The bit of any other character.
fn other_bit(c: char) -> Signature {
    1 << (LATIN_BITS + hash(c as u32, OTHER_BITS))
}

/// The bit of a Latin word's first two characters.
fn pair_bit(first: u8, second: u8) -> Signature {
    let key = u32::from(first.to_ascii_lowercase()) << 8 | u32::from(second.to_ascii_lowercase());
    1 << (64 + hash(key, PAIR_BITS))
}

/// The signature of a folded text or term.
fn signature(text: &str) -> Signature {
    let mut bits = 0;
    // The word being read: its first character and its length so far.
    let mut word: Option<(u8, usize)> = None;
    for c in text.chars() {
        if is_word_char(c) {
            let byte = c as u8;
            word = match word {
                None => {
                    bits |= word_start_bit(byte);
                    Some((byte, 1))
                }
                Some((first, 1)) => {
                    bits |= pair_bit(first, byte);
                    Some((first, 2))
                }
                longer => longer,
            };
        } else {
            word = None;
            // Terms are split on white space: none holds any.
            if !c.is_whitespace() {
                bits |= other_bit(c);
            }
        }
    }
    bits
}

impl Term {
    /// Whether a text holds this term exactly when it has the required
    /// bits: a single Latin word character.
    fn decided_by_bits(&self) -> bool {
        let mut chars = self.folded.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if is_word_char(c))
    }
}

/// The folded texts, one per entry, with their signatures. (One string
/// end to end was tried: reading in order is a little faster natively,
/// but a string growing by doubling to tens of megabytes left the wasm
/// memory 80 MB larger at 100k entries, and wasm memory never shrinks.)
#[derive(Debug, Default)]
pub(crate) struct FoldedTexts {
    texts: Vec<String>,
    signatures: Vec<Signature>,
    /// Where each text's title ends and its tag labels start.
    parts: Vec<Parts>,
}

/// An entry's folded text is its title, then the rest of what the entry
/// says (description, link host, sub-link titles), then its tag labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parts {
    pub title_end: u32,
    pub tags_start: u32,
}

/// How well a term matches where it is, best first (see
/// [`FoldedTexts::best_match_score`]).
const IN_TITLE_AS_A_WORD: u32 = 3;
const IN_TITLE: u32 = 2;
const IN_BODY: u32 = 1;

impl FoldedTexts {
    pub fn push(&mut self, folded: String, parts: Parts) {
        self.signatures.push(signature(&folded));
        self.texts.push(folded);
        self.parts.push(parts);
    }

    /// Entry `e`'s folded title, and the rest of its own text after it
    /// (description, host, sub-links; not its tag labels).
    pub fn own_text(&self, e: usize) -> (&[u8], &[u8]) {
        let text = self.texts[e].as_bytes();
        let Parts {
            title_end,
            tags_start,
        } = self.parts[e];
        let title_end = (title_end as usize).min(text.len());
        let tags_start = (tags_start as usize).clamp(title_end, text.len());
        let (title, rest) = text.split_at(title_end);
        (title, &rest[..tags_start - title_end])
    }

    /// How well entry `e`'s text, which holds every term, answers them:
    /// for each term, 3 when the title holds it as a whole word ("uv" in
    /// "uv 0.5", not in "uvicorn"), 2 when the title holds it otherwise, 1
    /// when only the description, host or sub-links do, 0 when only the
    /// tag labels do; summed over the terms.
    pub fn best_match_score(&self, e: usize, terms: &[Term]) -> u32 {
        let (title, body) = self.own_text(e);
        terms
            .iter()
            .map(|term| {
                let mut in_title = term.starts_in(title).peekable();
                if in_title.peek().is_none() {
                    return if term.starts_in(body).next().is_some() {
                        IN_BODY
                    } else {
                        0
                    };
                }
                let ends_a_word = |at: usize| {
                    let end = at + term.folded.len();
                    !(term
                        .folded
                        .as_bytes()
                        .last()
                        .is_some_and(u8::is_ascii_alphanumeric)
                        && title.get(end).is_some_and(u8::is_ascii_alphanumeric))
                };
                if in_title.any(ends_a_word) {
                    IN_TITLE_AS_A_WORD
                } else {
                    IN_TITLE
                }
            })
            .sum()
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// The texts from entry `start` on.
    pub fn starting_at(&self, start: usize) -> impl Iterator<Item = &str> {
        self.texts[start..].iter().map(String::as_str)
    }

    /// The entries among `among` (every entry when `None`, else ascending)
    /// whose text holds every term, ascending.
    pub fn holding(&self, terms: &[Term], among: Option<&[u32]>) -> Vec<u32> {
        let required = terms.iter().fold(0, |bits, t| bits | signature(&t.folded));
        let to_read: Vec<&Term> = terms.iter().filter(|t| !t.decided_by_bits()).collect();
        let holds = |&e: &u32| {
            self.signatures[e as usize] & required == required
                && to_read.iter().all(|t| t.is_in(&self.texts[e as usize]))
        };
        match among {
            Some(entries) => entries.iter().copied().filter(holds).collect(),
            None => (0..self.len() as u32).filter(holds).collect(),
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.texts.iter().map(String::capacity).sum::<usize>() + self.signatures.capacity() * 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that are all title.
    fn all_title(texts: &[&str]) -> FoldedTexts {
        let mut folded = FoldedTexts::default();
        for t in texts {
            let end = t.len() as u32;
            folded.push(
                t.to_string(),
                Parts {
                    title_end: end,
                    tags_start: end,
                },
            );
        }
        folded
    }

    fn holding(texts: &[&str], term: &str) -> Vec<u32> {
        all_title(texts).holding(&[Term::new(term.to_string())], None)
    }

    #[test]
    fn a_match_scores_by_where_it_is_and_whether_it_is_a_whole_word() {
        let mut folded = FoldedTexts::default();
        // title | body | tag labels
        for (title, body, tags) in [
            ("uv 0.5 released", "\nfaster installs", "\npackaging 打包"),
            ("uvicorn tips", "\nasgi server uv", "\nweb"),
            ("asgi", "\nrunning uvicorn", "\nweb"),
            ("django", "\nnotes", "\nweb 异步"),
            ("异步编程", "", ""),
            ("c++ and py", "", ""),
        ] {
            let text = format!("{title}{body}{tags}");
            let title_end = title.len() as u32;
            let tags_start = (title.len() + body.len()) as u32;
            folded.push(
                text,
                Parts {
                    title_end,
                    tags_start,
                },
            );
        }
        let score = |e: usize, query: &str| {
            let terms = crate::query::terms(query);
            folded.best_match_score(e, &terms)
        };
        assert_eq!(score(0, "uv"), IN_TITLE_AS_A_WORD);
        assert_eq!(score(1, "uv"), IN_TITLE);
        assert_eq!(score(2, "uv"), IN_BODY);
        assert_eq!(score(3, "异步"), 0, "in the tag labels only");
        assert_eq!(
            score(4, "异步"),
            IN_TITLE_AS_A_WORD,
            "a CJK term has no word bounds to miss"
        );
        assert_eq!(score(4, "异"), IN_TITLE_AS_A_WORD);
        assert_eq!(score(5, "c++"), IN_TITLE_AS_A_WORD, "ends in punctuation");
        assert_eq!(score(5, "c++ p"), IN_TITLE_AS_A_WORD + IN_TITLE);
        assert_eq!(score(1, "uv asgi"), IN_TITLE + IN_BODY);
        assert_eq!(score(0, "packaging"), 0);
    }

    #[test]
    fn a_one_letter_term_is_decided_by_the_words_first_letters() {
        let texts = ["async io", "basyn", "x-ray", "9lives", "中文a"];
        assert_eq!(holding(&texts, "a"), vec![0, 4]);
        assert_eq!(holding(&texts, "r"), vec![2]);
        assert_eq!(holding(&texts, "9"), vec![3]);
        assert_eq!(holding(&texts, "y"), Vec::<u32>::new());
    }

    #[test]
    fn other_characters_rule_texts_out_and_the_text_decides_the_rest() {
        let texts = ["异步编程", "同步", "c++ tips", "a+b"];
        assert_eq!(holding(&texts, "异步"), vec![0]);
        assert_eq!(holding(&texts, "步"), vec![0, 1]);
        assert_eq!(holding(&texts, "步编"), vec![0]);
        assert_eq!(holding(&texts, "c++"), vec![2]);
        // "+b": its b starts a word after the '+'.
        assert_eq!(holding(&texts, "+b"), vec![3]);
        assert_eq!(holding(&texts, "+t"), Vec::<u32>::new());
    }

    #[test]
    fn two_letter_terms_are_ruled_out_by_the_words_first_two_letters() {
        let texts = ["pandas and polars", "a spam", "p", "pa", "x.pa9"];
        assert_eq!(holding(&texts, "pa"), vec![0, 3, 4]);
        assert_eq!(holding(&texts, "po"), vec![0]);
        assert_eq!(holding(&texts, "pan"), vec![0]);
        assert_eq!(holding(&texts, "sp"), vec![1]);
        assert_eq!(holding(&texts, "a9"), Vec::<u32>::new());
        assert_eq!(holding(&texts, "x.pa"), vec![4]);
    }
}
