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
//! - a Latin word of 4 or more characters is also listed in a sorted
//!   vocabulary with the entries holding it, so a longer Latin term's
//!   entries are the union over the words it is a prefix of: exact, with
//!   no text to scan ("typin" is "typing" and "typings").
//!
//! Any term implies keys that every entry containing it must hold, so
//! intersecting their postings never loses a match; verification on the
//! haystack removes the false candidates (pairs that are not adjacent in
//! the term's place, and hash collisions). Keys are hashed into a fixed
//! number of buckets and the postings are one flat array (CSR), which makes
//! the build two linear passes with no hash map and no sorting.

use crate::fold::is_word_char;
use memchr::memmem::Finder;

/// Word prefixes of 1 to 3 characters of `[a-z0-9]` have a slot each, so
/// a short Latin term's postings are exact.
const PREFIX_SLOTS: usize = 36 + 36 * 36 + 36 * 36 * 36;
/// Single characters from U+3000 to U+9FFF (CJK punctuation, kana, CJK
/// ideographs) have a slot each too, so a one-character term's postings
/// are exact.
const CJK_FIRST: u32 = 0x3000;
const CJK_SLOTS: usize = 0xA000 - 0x3000;
/// Hash buckets for every other key (pairs, other characters).
const HASHED: usize = 1 << 17;
const BUCKETS: usize = PREFIX_SLOTS + CJK_SLOTS + HASHED;

/// A search term, folded, with how it matches.
#[derive(Debug, Clone)]
pub struct Term {
    pub folded: String,
    /// The term starts with a Latin word character, so it matches only at
    /// the start of a word (prefix search).
    pub word_start: bool,
    finder: Finder<'static>,
}

impl PartialEq for Term {
    fn eq(&self, other: &Term) -> bool {
        self.folded == other.folded
    }
}

impl Term {
    pub fn new(folded: String) -> Term {
        let word_start = folded.chars().next().is_some_and(is_word_char);
        let finder = Finder::new(folded.as_bytes()).into_owned();
        Term {
            folded,
            word_start,
            finder,
        }
    }

    /// Whether this term's folded bytes occur anywhere in `haystack`, at a
    /// word start or not: true of any text that holds a part where
    /// [`Term::starts_in`] finds it.
    pub fn occurs_in(&self, haystack: &[u8]) -> bool {
        self.finder.find(haystack).is_some()
    }

    /// Whether the folded `haystack` contains this term.
    pub fn is_in(&self, haystack: &str) -> bool {
        self.starts_in(haystack.as_bytes()).next().is_some()
    }

    /// Where this term starts in the folded `haystack`, ascending: every
    /// occurrence, overlapping ones too (a word-start one can overlap one
    /// inside a word: "a-a" in "xa-a-a"); a Latin term only at a word's
    /// start.
    pub fn starts_in<'h>(&'h self, haystack: &'h [u8]) -> impl Iterator<Item = usize> + 'h {
        let mut from = 0;
        std::iter::from_fn(move || {
            while from <= haystack.len() {
                let at = from + self.finder.find(&haystack[from..])?;
                // A UTF-8 term never starts inside a character, so the byte
                // before it ends the character before it.
                from = at + 1;
                if !self.word_start || at == 0 || !haystack[at - 1].is_ascii_alphanumeric() {
                    return Some(at);
                }
            }
            None
        })
    }

    /// The keys every haystack containing this term holds: a slot, or,
    /// for a word run of [`VOCABULARY_MIN`] or more characters, that run as
    /// a word prefix (every run of word characters in a term starts a word
    /// wherever the term occurs).
    fn keys(&self, out: &mut Vec<Key>) {
        let chars: Vec<char> = self.folded.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if is_word_char(c) {
                if i == 0 || !is_word_char(chars[i - 1]) {
                    let run = chars[i..].iter().take_while(|c| is_word_char(**c)).count();
                    if run >= VOCABULARY_MIN {
                        out.push(Key::WordPrefix(chars[i..i + run].iter().collect()));
                    } else {
                        out.push(Key::Slot(prefix_slot(indexed_prefix(&chars[i..]))));
                    }
                }
            } else {
                out.push(Key::Slot(char_slot(c)));
                if let Some(&next) = chars.get(i + 1) {
                    out.push(Key::Slot(pair_slot(c, next)));
                }
            }
        }
    }

    /// Whether the postings of this term's one key are exactly the
    /// haystacks that contain it, so no verification is needed.
    fn is_exact(&self) -> bool {
        let mut chars = self.folded.chars();
        let count = self.folded.chars().count();
        match chars.next() {
            Some(c) if is_word_char(c) => self.folded.chars().all(is_word_char),
            Some(c) => count == 1 && is_direct_char(c),
            None => false,
        }
    }
}

/// The inverted index over the entries' folded haystacks.
#[derive(Debug, Clone, PartialEq)]
pub struct TextIndex {
    /// `postings[offsets[s]..offsets[s + 1]]` are the entries holding slot
    /// `s`, ascending.
    offsets: Vec<u32>,
    postings: Vec<u32>,
    /// The Latin words of [`VOCABULARY_MIN`] or more characters, sorted;
    /// `word_postings[word_offsets[w]..word_offsets[w + 1]]` are the
    /// entries holding `words[w]`, ascending.
    words: Vec<Box<str>>,
    word_offsets: Vec<u32>,
    word_postings: Vec<u32>,
    /// How many haystacks were indexed.
    entries: usize,
}

/// Latin words this long or longer are in the vocabulary; shorter prefixes
/// have exact slots.
const VOCABULARY_MIN: usize = 4;

/// What a term requires of a haystack.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Slot(u32),
    /// A word starting with this (folded, word characters only).
    WordPrefix(String),
}

/// The entries a search must look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidates {
    /// Exactly the entries that contain every term: no verification needed.
    Exact(Vec<u32>),
    /// A superset of them, ascending: verify each.
    Verify(Vec<u32>),
    /// The terms give no slot: every entry is a candidate.
    All,
}

/// Builds a [`TextIndex`] one haystack at a time, and then fills in its
/// postings a slice at a time, so a caller can spread all of the work over
/// several turns of an event loop (at 100k entries filling in the postings
/// alone is a long task).
#[derive(Debug)]
pub struct TextIndexBuilder {
    /// Per slot: the last entry seen in it (so an entry is listed once)
    /// and how many entries hold it, side by side: one cache miss a slot.
    seen: Vec<(u32, u32)>,
    /// Slot of each posting, in entry order, and where each entry ends.
    slots: Vec<u32>,
    ends: Vec<usize>,
    buffer: Vec<char>,
    vocabulary: Vocabulary,
    /// Set by the first [`TextIndexBuilder::finish_step`].
    filling: Option<Filling>,
}

/// The postings being filled in, entry by entry.
#[derive(Debug)]
struct Filling {
    offsets: Vec<u32>,
    /// Where the next entry of each slot goes.
    fill: Vec<u32>,
    postings: Vec<u32>,
    /// Entries whose postings are in.
    done: usize,
    words: WordFilling,
}

impl Default for TextIndexBuilder {
    fn default() -> Self {
        TextIndexBuilder {
            seen: vec![(u32::MAX, 0); BUCKETS],
            slots: Vec::new(),
            ends: Vec::new(),
            buffer: Vec::new(),
            vocabulary: Vocabulary::default(),
            filling: None,
        }
    }
}

impl TextIndexBuilder {
    /// Indexes the next entry's haystack. Only before the first
    /// [`TextIndexBuilder::finish_step`].
    pub fn add(&mut self, haystack: &str) {
        debug_assert!(self.filling.is_none(), "add after finish_step");
        let entry = self.ends.len() as u32;
        let (seen, slots) = (&mut self.seen, &mut self.slots);
        for_each_slot(haystack, &mut self.buffer, |slot| {
            let (last, count) = &mut seen[slot as usize];
            if *last != entry {
                *last = entry;
                *count += 1;
                slots.push(slot);
            }
        });
        self.ends.push(self.slots.len());
        self.vocabulary.add(entry, haystack);
    }

    /// Fills in the postings of up to `count` more entries (the first call
    /// also lays out where every slot's postings go). Returns whether all
    /// are in, so that [`TextIndexBuilder::finish`] is then only moves.
    pub fn finish_step(&mut self, count: usize) -> bool {
        let filling = self.filling.get_or_insert_with(|| {
            let mut offsets = Vec::with_capacity(BUCKETS + 1);
            offsets.push(0);
            let mut total = 0;
            for &(_, count) in &self.seen {
                total += count;
                offsets.push(total);
            }
            Filling {
                fill: offsets[..BUCKETS].to_vec(),
                offsets,
                postings: vec![0; self.slots.len()],
                done: 0,
                words: self.vocabulary.start_filling(),
            }
        });
        let until = filling.done.saturating_add(count).min(self.ends.len());
        let begin = filling.done.checked_sub(1).map_or(0, |e| self.ends[e]);
        let end = until.checked_sub(1).map_or(0, |e| self.ends[e]);
        let mut entry = filling.done;
        for (at, &slot) in (begin..end).zip(&self.slots[begin..end]) {
            while at >= self.ends[entry] {
                entry += 1;
            }
            let fill = &mut filling.fill[slot as usize];
            filling.postings[*fill as usize] = entry as u32;
            *fill += 1;
        }
        filling.done = until;
        filling.words.fill_until(&self.vocabulary, until as u32);
        until == self.ends.len()
    }

    /// The index, filling in whatever [`TextIndexBuilder::finish_step`]
    /// has not.
    pub fn finish(mut self) -> TextIndex {
        self.finish_step(usize::MAX);
        let filling = self.filling.expect("finish_step started filling");
        let (words, word_offsets, word_postings) = filling.words.finish();
        TextIndex {
            entries: self.ends.len(),
            offsets: filling.offsets,
            postings: filling.postings,
            words,
            word_offsets,
            word_postings,
        }
    }
}

impl TextIndex {
    /// Indexes the haystacks, one per entry, in one pass over the text.
    pub fn build<'a>(haystacks: impl Iterator<Item = &'a str>) -> TextIndex {
        let mut builder = TextIndexBuilder::default();
        haystacks.for_each(|h| builder.add(h));
        builder.finish()
    }

    /// The entries that may contain all `terms`.
    pub fn candidates(&self, terms: &[Term]) -> Candidates {
        let mut all = Vec::new();
        terms.iter().for_each(|t| t.keys(&mut all));
        // A few keys per term: each once, without a sort.
        let mut keys: Vec<Key> = Vec::with_capacity(all.len());
        for key in all {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let unions: Vec<Vec<u32>> = keys
            .iter()
            .filter_map(|k| match k {
                Key::WordPrefix(prefix) => Some(self.word_prefix_union(prefix)),
                Key::Slot(_) => None,
            })
            .collect();
        let lists: Vec<&[u32]> = keys
            .iter()
            .filter_map(|k| match k {
                Key::Slot(s) => Some(self.list(*s)),
                Key::WordPrefix(_) => None,
            })
            .chain(unions.iter().map(Vec::as_slice))
            .collect();
        // Shortest first: the intersection only ever shrinks.
        let lists: Vec<&[u32]> =
            crate::order::by_key(0..lists.len() as u32, |i| lists[i as usize].len() as u64)
                .into_iter()
                .map(|i| lists[i as usize])
                .collect();
        let Some((first, rest)) = lists.split_first() else {
            return Candidates::All;
        };
        let mut out = first.to_vec();
        for list in rest {
            if out.is_empty() {
                break;
            }
            intersect_in_place(&mut out, list);
        }
        if terms.iter().all(Term::is_exact) {
            Candidates::Exact(out)
        } else {
            Candidates::Verify(out)
        }
    }

    /// The entries holding a word that starts with `prefix`, ascending.
    fn word_prefix_union(&self, prefix: &str) -> Vec<u32> {
        let start = self.words.partition_point(|w| &**w < prefix);
        let count = self.words[start..]
            .iter()
            .take_while(|w| w.starts_with(prefix))
            .count();
        let at = |w: usize| self.word_offsets[w] as usize;
        if count == 1 {
            return self.word_postings[at(start)..at(start + 1)].to_vec();
        }
        // A bitmap over the entries: linear in the postings, no sorting
        // (the words of a short prefix may hold most of the archive).
        let mut bits = vec![0u64; self.entries.div_ceil(64)];
        for w in start..start + count {
            for &e in &self.word_postings[at(w)..at(w + 1)] {
                bits[e as usize / 64] |= 1 << (e % 64);
            }
        }
        let mut union = Vec::new();
        for (i, &word) in bits.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                union.push(i as u32 * 64 + word.trailing_zeros());
                word &= word - 1;
            }
        }
        union
    }

    fn list(&self, slot: u32) -> &[u32] {
        let slot = slot as usize;
        &self.postings[self.offsets[slot] as usize..self.offsets[slot + 1] as usize]
    }

    /// Heap bytes held by the index.
    pub fn heap_bytes(&self) -> usize {
        (self.offsets.capacity()
            + self.postings.capacity()
            + self.word_offsets.capacity()
            + self.word_postings.capacity())
            * 4
            + self.words.iter().map(|w| w.len() + 16).sum::<usize>()
    }
}

/// The Latin words of the haystacks while the index is built: each word
/// gets an id on first sight, and the (word, entry) pairs are kept in entry
/// order, once per entry.
#[derive(Debug, Default)]
struct Vocabulary {
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    /// Per word id: the last entry that held it.
    last: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

impl Vocabulary {
    fn add(&mut self, entry: u32, haystack: &str) {
        // Runs of ASCII letters and digits; every other byte (also of
        // non-ASCII characters) ends a word, as in `Term::is_in`.
        let bytes = haystack.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i - start < VOCABULARY_MIN {
                continue;
            }
            let word = &haystack[start..i];
            let id = match self.ids.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.ids.len() as u32;
                    self.ids.insert(word.into(), id);
                    self.last.push(u32::MAX);
                    id
                }
            };
            if self.last[id as usize] != entry {
                self.last[id as usize] = entry;
                self.pairs.push((id, entry));
            }
        }
    }

    /// Sorts the words and lays out where each one's postings go.
    fn start_filling(&mut self) -> WordFilling {
        let mut by_id: Vec<(Box<str>, u32)> = std::mem::take(&mut self.ids).into_iter().collect();
        by_id.sort_unstable();
        let mut rank = vec![0u32; by_id.len()];
        by_id
            .iter()
            .enumerate()
            .for_each(|(r, (_, id))| rank[*id as usize] = r as u32);
        let mut offsets = vec![0u32; by_id.len() + 1];
        self.pairs
            .iter()
            .for_each(|&(id, _)| offsets[rank[id as usize] as usize + 1] += 1);
        for w in 0..by_id.len() {
            offsets[w + 1] += offsets[w];
        }
        WordFilling {
            fill: offsets.clone(),
            offsets,
            postings: vec![0; self.pairs.len()],
            rank,
            words: by_id.into_iter().map(|(w, _)| w).collect(),
            done: 0,
        }
    }
}

/// The vocabulary's postings being filled in (CSR), pair by pair.
#[derive(Debug)]
struct WordFilling {
    words: Vec<Box<str>>,
    /// Rank of each word id in `words`.
    rank: Vec<u32>,
    offsets: Vec<u32>,
    fill: Vec<u32>,
    postings: Vec<u32>,
    /// Pairs whose entry is in.
    done: usize,
}

impl WordFilling {
    /// Fills in the pairs of the entries before `entry`. Pairs are in entry
    /// order, so each word's postings ascend.
    fn fill_until(&mut self, vocabulary: &Vocabulary, entry: u32) {
        let pairs = &vocabulary.pairs[self.done..];
        let count = pairs.partition_point(|&(_, e)| e < entry);
        for &(id, entry) in &pairs[..count] {
            let w = self.rank[id as usize] as usize;
            self.postings[self.fill[w] as usize] = entry;
            self.fill[w] += 1;
        }
        self.done += count;
    }

    /// The sorted words and their postings.
    fn finish(self) -> (Vec<Box<str>>, Vec<u32>, Vec<u32>) {
        (self.words, self.offsets, self.postings)
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

/// Calls `f` with every slot of one haystack (with repeats), using
/// `buffer` for its characters.
fn for_each_slot(haystack: &str, buffer: &mut Vec<char>, mut f: impl FnMut(u32)) {
    buffer.clear();
    buffer.extend(haystack.chars());
    let chars = buffer.as_slice();
    for (i, &c) in chars.iter().enumerate() {
        if is_word_char(c) {
            if i == 0 || !is_word_char(chars[i - 1]) {
                // One slot per prefix length, so "p", "py" and "pyt" are
                // all slots of "python".
                let prefix = indexed_prefix(&chars[i..]);
                (1..=prefix.len()).for_each(|n| f(prefix_slot(&prefix[..n])));
            }
        } else if !c.is_whitespace() {
            f(char_slot(c));
            if let Some(&next) = chars.get(i + 1).filter(|n| !n.is_whitespace()) {
                f(pair_slot(c, next));
            }
        }
    }
}

/// The longest prefix of a word that has slots: its first (up to) three
/// word characters.
fn indexed_prefix(word: &[char]) -> &[char] {
    let len = word
        .iter()
        .take(3)
        .take_while(|c| is_word_char(**c))
        .count();
    &word[..len]
}

/// A folded Latin word character (`[0-9a-z]`) as a number from 0 to 35.
pub(crate) fn latin_digit(c: char) -> u32 {
    match c {
        '0'..='9' => c as u32 - '0' as u32,
        _ => c as u32 - 'a' as u32 + 10,
    }
}

/// The slot of a word prefix of 1 to 3 `[a-z0-9]` characters.
fn prefix_slot(prefix: &[char]) -> u32 {
    let value = prefix.iter().fold(0, |acc, &c| acc * 36 + latin_digit(c));
    match prefix.len() {
        1 => value,
        2 => 36 + value,
        _ => 36 + 36 * 36 + value,
    }
}

fn is_direct_char(c: char) -> bool {
    (CJK_FIRST..CJK_FIRST + CJK_SLOTS as u32).contains(&(c as u32))
}

/// The slot of one character that is not part of a Latin word.
fn char_slot(c: char) -> u32 {
    if is_direct_char(c) {
        (PREFIX_SLOTS as u32) + (c as u32 - CJK_FIRST)
    } else {
        hashed_slot(c as u32)
    }
}

/// The slot of a character and the one after it.
fn pair_slot(c: char, next: char) -> u32 {
    hashed_slot((c as u32).wrapping_mul(0x9E37_79B1) ^ (next as u32).rotate_left(16))
}

fn hashed_slot(key: u32) -> u32 {
    let h = key.wrapping_mul(0x2545_F491);
    (PREFIX_SLOTS + CJK_SLOTS) as u32 + ((h ^ (h >> 15)) & (HASHED as u32 - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(haystacks: &[&str], term: &str) -> Vec<u32> {
        let index = TextIndex::build(haystacks.iter().copied());
        match index.candidates(&[Term::new(term.to_string())]) {
            Candidates::Exact(list) | Candidates::Verify(list) => list,
            Candidates::All => (0..haystacks.len() as u32).collect(),
        }
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
        // The word-start match overlaps an earlier one inside a word.
        assert!(Term::new("a-a".into()).is_in("xa-a-a"));
        assert_eq!(
            Term::new("a-a".into())
                .starts_in(b"xa-a-a a-a")
                .collect::<Vec<_>>(),
            [3, 7]
        );
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
    fn long_latin_terms_are_answered_exactly_from_the_vocabulary() {
        let haystacks = [
            "typing tutorial",
            "typings and stubs",
            "untyping",
            "typ",
            "typo typing",
            "python3.12 typing",
            "异步typing编程",
        ];
        let index = TextIndex::build(haystacks.iter().copied());
        let exact = |term: &str| match index.candidates(&[Term::new(term.into())]) {
            Candidates::Exact(list) => list,
            other => panic!("{term}: {other:?}"),
        };
        assert_eq!(exact("typin"), vec![0, 1, 4, 5, 6]);
        assert_eq!(exact("typings"), vec![1]);
        assert_eq!(exact("typingsx"), Vec::<u32>::new());
        assert_eq!(exact("python3"), vec![5]);
        assert_eq!(exact("zzzz"), Vec::<u32>::new());
        // Several terms: the intersection, still exact.
        match index.candidates(&[Term::new("typing".into()), Term::new("tuto".into())]) {
            Candidates::Exact(list) => assert_eq!(list, vec![0]),
            other => panic!("{other:?}"),
        }
        // A term with other characters keeps a superset to verify.
        match index.candidates(&[Term::new("python3.12".into())]) {
            Candidates::Verify(list) => assert!(list.contains(&5)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn postings_filled_in_slices_are_the_postings_filled_at_once() {
        let haystacks = [
            "asyncio 教程",
            "",
            "python typing typings",
            "异步编程 async",
            "",
            "pytest fixtures python",
            "uv",
        ];
        let whole = TextIndex::build(haystacks.iter().copied());
        for count in [1, 2, 3, 100] {
            let mut builder = TextIndexBuilder::default();
            haystacks.iter().for_each(|h| builder.add(h));
            let mut steps = 1;
            while !builder.finish_step(count) {
                steps += 1;
            }
            assert_eq!(steps, haystacks.len().div_ceil(count), "{count} at a time");
            assert_eq!(builder.finish(), whole, "{count} at a time");
        }
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
