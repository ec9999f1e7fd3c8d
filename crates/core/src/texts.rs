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
}

impl FoldedTexts {
    pub fn push(&mut self, folded: String) {
        self.signatures.push(signature(&folded));
        self.texts.push(folded);
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

    fn holding(texts: &[&str], term: &str) -> Vec<u32> {
        let mut folded = FoldedTexts::default();
        texts.iter().for_each(|t| folded.push(t.to_string()));
        folded.holding(&[Term::new(term.to_string())], None)
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
