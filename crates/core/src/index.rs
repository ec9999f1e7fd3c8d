//! The search index: which entries may contain a search term.
//!
//! Every entry's searchable text is folded ([`crate::fold`]) into one
//! haystack. The index maps short keys of that text to the entries holding
//! them, and a search only verifies the entries that hold every key of its
//! terms. Keys are what the search semantics need, nothing more:
//!
//! - a Latin word (ASCII letters and digits) gives its first 1, 2 and 3
//!   characters, since Latin terms match words by prefix;
//! - every other character (CJK, kana, punctuation) gives itself and the
//!   pair it forms with the next character, since such terms match as
//!   substrings ("异步" holds the pair 异步; "异" holds the unigram).
//!
//! Any term implies keys that every entry containing it must hold, so
//! intersecting their postings never loses a match; verification on the
//! haystack removes the false candidates (pairs that are not adjacent in
//! the term's place, and hash collisions). Keys are hashed into a fixed
//! number of buckets and the postings are one flat array (CSR), which makes
//! the build two linear passes with no hash map and no sorting.

use crate::fold::is_word_char;

/// Number of hash buckets (a power of two).
const BUCKETS: usize = 1 << 17;

/// A search term, folded, with how it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub folded: String,
    /// The term starts with a Latin word character, so it matches only at
    /// the start of a word (prefix search).
    pub word_start: bool,
}

impl Term {
    pub fn new(folded: String) -> Term {
        let word_start = folded.chars().next().is_some_and(is_word_char);
        Term { folded, word_start }
    }

    /// Whether the folded `haystack` contains this term.
    pub fn is_in(&self, haystack: &str) -> bool {
        if !self.word_start {
            return haystack.contains(self.folded.as_str());
        }
        haystack
            .match_indices(self.folded.as_str())
            .any(|(at, _)| at == 0 || !haystack.as_bytes()[at - 1].is_ascii_alphanumeric())
    }

    /// The keys every haystack containing this term holds.
    fn keys(&self, out: &mut Vec<u32>) {
        let chars: Vec<char> = self.folded.chars().collect();
        for i in 0..chars.len() {
            let c = chars[i];
            if is_word_char(c) {
                if i == 0 || !is_word_char(chars[i - 1]) {
                    out.push(prefix_key(&chars[i..]));
                }
            } else {
                out.push(hash(&[c]));
                if let Some(&next) = chars.get(i + 1) {
                    out.push(hash(&[c, next]));
                }
            }
        }
    }
}

/// The inverted index over the entries' folded haystacks.
#[derive(Debug, Clone)]
pub struct TextIndex {
    /// `postings[offsets[b]..offsets[b + 1]]` are the entries of bucket `b`,
    /// ascending.
    offsets: Vec<u32>,
    postings: Vec<u32>,
}

impl TextIndex {
    /// Indexes the haystacks, one per entry.
    pub fn build<'a>(haystacks: impl Iterator<Item = &'a str> + Clone) -> TextIndex {
        // The last entry counted in each bucket, so an entry counts once.
        let mut last = vec![u32::MAX; BUCKETS];
        let mut offsets = vec![0u32; BUCKETS + 1];
        let mut buffer = Vec::new();
        for (entry, haystack) in haystacks.clone().enumerate() {
            for_each_key(haystack, &mut buffer, |key| {
                let b = bucket(key);
                if last[b] != entry as u32 {
                    last[b] = entry as u32;
                    offsets[b + 1] += 1;
                }
            });
        }
        for b in 0..BUCKETS {
            offsets[b + 1] += offsets[b];
        }
        let mut postings = vec![0u32; offsets[BUCKETS] as usize];
        let mut fill = offsets.clone();
        last.fill(u32::MAX);
        for (entry, haystack) in haystacks.enumerate() {
            for_each_key(haystack, &mut buffer, |key| {
                let b = bucket(key);
                if last[b] != entry as u32 {
                    last[b] = entry as u32;
                    postings[fill[b] as usize] = entry as u32;
                    fill[b] += 1;
                }
            });
        }
        TextIndex { offsets, postings }
    }

    /// The entries that may contain all `terms`, ascending, or `None` when
    /// the terms give no key (every entry is a candidate).
    pub fn candidates(&self, terms: &[Term]) -> Option<Vec<u32>> {
        let mut keys = Vec::new();
        terms.iter().for_each(|t| t.keys(&mut keys));
        let mut buckets: Vec<usize> = keys.into_iter().map(bucket).collect();
        buckets.sort_unstable();
        buckets.dedup();
        let mut lists: Vec<&[u32]> = buckets.iter().map(|&b| self.list(b)).collect();
        lists.sort_by_key(|l| l.len());
        let (first, rest) = lists.split_first()?;
        let mut out = first.to_vec();
        for list in rest {
            if out.is_empty() {
                break;
            }
            intersect_in_place(&mut out, list);
        }
        Some(out)
    }

    fn list(&self, bucket: usize) -> &[u32] {
        &self.postings[self.offsets[bucket] as usize..self.offsets[bucket + 1] as usize]
    }

    /// Heap bytes held by the index.
    pub fn heap_bytes(&self) -> usize {
        (self.offsets.capacity() + self.postings.capacity()) * 4
    }
}

/// Keeps the items of `out` that are also in `list` (both ascending).
fn intersect_in_place(out: &mut Vec<u32>, list: &[u32]) {
    let mut j = 0;
    out.retain(|&x| {
        // Gallop: postings of common keys are long, candidates few.
        let mut step = 1;
        while j + step < list.len() && list[j + step] < x {
            j += step;
            step *= 2;
        }
        let end = (j + step + 1).min(list.len());
        j += list[j..end].partition_point(|&y| y < x);
        j < list.len() && list[j] == x
    });
}

/// Calls `f` with every key of one haystack (with repeats), using
/// `buffer` for its characters.
fn for_each_key(haystack: &str, buffer: &mut Vec<char>, mut f: impl FnMut(u32)) {
    buffer.clear();
    buffer.extend(haystack.chars());
    let chars = buffer.as_slice();
    for (i, &c) in chars.iter().enumerate() {
        if is_word_char(c) {
            if i == 0 || !is_word_char(chars[i - 1]) {
                // One key per prefix length, so "p", "py" and "pyt" are
                // all keys of "python".
                let word = &chars[i..];
                let len = word
                    .iter()
                    .take(3)
                    .take_while(|c| is_word_char(**c))
                    .count();
                (1..=len).for_each(|n| f(word_prefix_hash(&word[..n])));
            }
        } else if !c.is_whitespace() {
            f(hash(&[c]));
            if let Some(&next) = chars.get(i + 1).filter(|n| !n.is_whitespace()) {
                f(hash(&[c, next]));
            }
        }
    }
}

/// The key of a term's word: its first (up to) three word characters.
fn prefix_key(chars: &[char]) -> u32 {
    let len = chars
        .iter()
        .take(3)
        .take_while(|c| is_word_char(**c))
        .count();
    word_prefix_hash(&chars[..len])
}

fn word_prefix_hash(chars: &[char]) -> u32 {
    // Tagged apart from the substring keys: "ab" as a word prefix is not
    // the pair "ab" of other text.
    hash(chars) ^ 0x9E37_79B9
}

fn hash(chars: &[char]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for &c in chars {
        h = (h ^ c as u32).wrapping_mul(0x0100_0193);
        h ^= h >> 15;
    }
    h
}

fn bucket(key: u32) -> usize {
    (key.wrapping_mul(0x2545_F491) >> 15) as usize & (BUCKETS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(haystacks: &[&str], term: &str) -> Vec<u32> {
        let index = TextIndex::build(haystacks.iter().copied());
        index
            .candidates(&[Term::new(term.to_string())])
            .unwrap_or_else(|| (0..haystacks.len() as u32).collect())
    }

    #[test]
    fn latin_terms_match_word_prefixes_only() {
        let term = Term::new("async".into());
        assert!(term.is_in("asyncio in python"));
        assert!(term.is_in("使用async编程"));
        assert!(term.is_in("the (async) way"));
        assert!(!term.is_in("trioasync"));
        assert!(!term.is_in("asyn"));
        assert!(Term::new("c++".into()).is_in("learn c++ now"));
    }

    #[test]
    fn other_terms_match_substrings() {
        assert!(Term::new("步编".into()).is_in("异步编程"));
        assert!(!Term::new("编步".into()).is_in("异步编程"));
    }

    #[test]
    fn candidates_include_every_real_match() {
        let haystacks = [
            "asyncio tutorial",
            "异步编程入门",
            "fastapi 与 async",
            "python3.12 发布",
            "nothing here",
        ];
        assert_eq!(candidates(&haystacks, "async"), vec![0, 2]);
        assert_eq!(candidates(&haystacks, "a"), vec![0, 2]);
        assert!(candidates(&haystacks, "异步").contains(&1));
        assert!(candidates(&haystacks, "步").contains(&1));
        assert!(candidates(&haystacks, "12").contains(&3));
        assert!(candidates(&haystacks, "python3").contains(&3));
        assert!(candidates(&haystacks, "与").contains(&2));
        assert!(candidates(&haystacks, "zzz").is_empty());
    }

    #[test]
    fn intersection_gallops_correctly() {
        let mut out: Vec<u32> = (0..100).map(|x| x * 3).collect();
        let list: Vec<u32> = (0..1000).filter(|x| x % 2 == 0).collect();
        intersect_in_place(&mut out, &list);
        assert_eq!(
            out,
            (0..100)
                .map(|x| x * 3)
                .filter(|x| x % 2 == 0)
                .collect::<Vec<_>>()
        );
    }
}
