//! The query engine: one [`Query`] in, one [`QueryResult`] out.
//!
//! Facets combine with AND, the options inside one facet with OR, and every
//! option is counted disjunctively: with every other facet's choice, the
//! search text and the issue range applied, but not its own facet's. The
//! search text is split on white space into terms that must all match
//! ([`crate::index::Term`]): Latin terms by word prefix, the rest (Chinese,
//! Japanese, punctuation) as substrings, after case, width and accent
//! folding.
//!
//! [`Engine::new`] prepares what does not depend on the query (folded
//! haystacks, facet columns, sort orders) in one pass; the text index is
//! built on the first query with search text, so browsing never waits for
//! it.

use crate::archive::{is_iso_date, Archive, Edition, Entry, Issue, Lang, Status};
use crate::fold::{fold, fold_char};
use crate::index::{Candidates, Term, TextIndex, TextIndexBuilder};
use crate::links::{display_host, normalize_url};
use crate::texts::{FoldedTexts, Parts};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest issue first; entries of one issue in the author's order.
    #[default]
    NewestFirst,
    /// Oldest issue first; entries of one issue in the author's order.
    OldestFirst,
    /// With search text, the entries whose titles hold the terms first
    /// (as whole words before as parts of words), then those whose other
    /// text does, then those only whose tag labels do, newest first within
    /// each; see `FoldedTexts::best_match_score`. Without, newest first.
    BestMatch,
}

/// Everything the viewer can ask.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Search text; empty matches everything.
    pub text: String,
    pub sections: Vec<String>,
    pub tags: Vec<String>,
    pub langs: Vec<Lang>,
    pub editions: Vec<Edition>,
    pub years: Vec<u16>,
    /// Lowest issue number, inclusive.
    pub issue_from: Option<u32>,
    /// Highest issue number, inclusive.
    pub issue_to: Option<u32>,
    /// Also match entries the author removed.
    pub include_removed: bool,
    /// A link that appears in several issues of one edition is listed
    /// once, at its newest appearance.
    pub each_link_once: bool,
    pub sort: Sort,
    /// The window of rows to return: `offset..offset + limit` of the matches.
    pub offset: usize,
    pub limit: usize,
}

impl Query {
    /// The order the results come in: [`Sort::BestMatch`] without search
    /// terms lists newest first.
    pub fn effective_sort(&self) -> Sort {
        self.sort_with(&terms(&self.text))
    }

    /// [`Query::effective_sort`], given the text's terms.
    fn sort_with(&self, terms: &[Term]) -> Sort {
        match self.sort {
            Sort::BestMatch if terms.is_empty() => Sort::NewestFirst,
            sort => sort,
        }
    }
}

/// How many entries one facet option gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount<K> {
    pub key: K,
    pub count: usize,
}

/// The disjunctive counts of every option of every facet, in display order.
/// A section or tag id is shared with the engine: every query counts every
/// option, and copying each id each time was a tenth of a keystroke.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FacetCounts {
    pub sections: Vec<FacetCount<Arc<str>>>,
    pub tags: Vec<FacetCount<Arc<str>>>,
    pub langs: Vec<FacetCount<Lang>>,
    pub editions: Vec<FacetCount<Edition>>,
    /// Newest year first.
    pub years: Vec<FacetCount<u16>>,
}

/// Where the search terms are in a row's text, as byte ranges of the
/// original strings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Highlights {
    pub title: Vec<Range<usize>>,
    /// One list per text leaf of the description (`Text` and `Code`
    /// inlines, depth first, block after block); leaves past its end
    /// have none.
    pub description: Vec<Vec<Range<usize>>>,
    /// Per tag of the entry, in its order: whether one of the tag's labels
    /// (in any language) holds a term, so a match on a topic shows where;
    /// tags past its end (all, without a search) are not marked.
    pub tags: Vec<bool>,
}

/// One row of the result window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index of the entry in `archive.entries`.
    pub entry: usize,
    pub highlights: Highlights,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryResult {
    /// How many entries match.
    pub total: usize,
    /// The requested window of matches, in order.
    pub rows: Vec<Row>,
    pub counts: FacetCounts,
}

/// The facets, as bit positions of a "fails" mask.
const SECTION: u8 = 1;
const TAG: u8 = 2;
const LANG: u8 = 4;
const EDITION: u8 = 8;
const YEAR: u8 = 16;

/// The archive prepared for queries. Holds no reference to the archive;
/// [`Engine::run`] takes the same archive it was built from.
#[derive(Debug)]
pub struct Engine {
    /// Folded searchable text of each entry and its index, made by
    /// [`Engine::prepare_search`] or step by step by
    /// [`Engine::prepare_search_step`]; until then a search reads the
    /// folded texts made so far.
    search: OnceLock<Search>,
    /// The part of `search` built so far by `prepare_search_step`.
    building: Mutex<SearchBuilder>,
    /// The last search's terms and hits: typing on narrows them.
    last_search: Mutex<Option<LastSearch>>,
    section_ids: Vec<Arc<str>>,
    tag_ids: Vec<Arc<str>>,
    /// Folded labels of each of `tag_ids`, empty for a tag not declared.
    tag_labels: Vec<String>,
    langs: Vec<Lang>,
    editions: Vec<Edition>,
    /// Distinct years, newest first.
    years: Vec<u16>,
    /// Per entry: the position of its value in the lists above (a hostile
    /// archive may hold any number of distinct sections, tags and years).
    section_of: Vec<u32>,
    /// Entry `e`'s tags: `tag_list[tag_starts[e]..tag_starts[e + 1]]`.
    tag_starts: Vec<u32>,
    tag_list: Vec<u32>,
    lang_of: Vec<u8>,
    edition_of: Vec<u8>,
    /// [`NO_YEAR`] when the entry's issue has no readable date.
    year_of: Vec<u16>,
    issue_of: Vec<u32>,
    /// Per entry: its issue's position in `Archive::issues` ([`NO_ISSUE`]
    /// when the archive lacks it).
    issue_pos: Vec<u32>,
    /// Each entry by its place: (edition, issue, section, position).
    place_of: HashMap<(u8, u32, u32, u32), u32>,
    /// Entries sharing one link (same normalized URL), oldest first:
    /// `link_members[link_starts[g]..link_starts[g + 1]]` for group `g`.
    link_group: Vec<u32>,
    link_starts: Vec<u32>,
    link_members: Vec<u32>,
    removed: Vec<bool>,
    /// An earlier appearance of a link that recurs later in its edition.
    repeat: Vec<bool>,
    /// Entry indexes, newest issue first.
    newest_first: Vec<u32>,
    /// Entry indexes, oldest issue first.
    oldest_first: Vec<u32>,
    /// Position of each entry in the two orders.
    newest_rank: Vec<u32>,
    oldest_rank: Vec<u32>,
    /// `newest_first` is the entries' own order (as the builder writes
    /// them): matches, found in entry order, are then already sorted.
    listed_newest_first: bool,
}

impl Engine {
    pub fn new(archive: &Archive) -> Engine {
        let issue_positions: HashMap<(Edition, u32), u32> = archive
            .issues
            .iter()
            .enumerate()
            .map(|(p, i)| ((i.edition, i.number), p as u32))
            .collect();
        // Each entry's issue looked up once, each issue's date read once
        // (year, and YYYYMMDD or 0): not once per use per entry.
        let issue_pos: Vec<u32> = archive
            .entries
            .iter()
            .map(|e| {
                issue_positions
                    .get(&(e.edition, e.issue))
                    .copied()
                    .unwrap_or(NO_ISSUE)
            })
            .collect();
        let issue_dates: Vec<(Option<u16>, u64)> = archive
            .issues
            .iter()
            .map(|i| (year(&i.date), date_number(&i.date)))
            .collect();
        let date_of = |entry: usize| {
            issue_dates
                .get(issue_pos[entry] as usize)
                .copied()
                .unwrap_or((None, 0))
        };

        let mut section_ids = IdList::new(archive.sections.iter().map(|s| s.id.as_str()));
        let mut tag_ids = IdList::new(archive.tags.iter().map(|t| t.id.as_str()));
        let langs: Vec<Lang> = Lang::ALL
            .into_iter()
            .filter(|l| archive.entries.iter().any(|e| e.lang == *l))
            .collect();
        let editions: Vec<Edition> = Edition::ALL
            .into_iter()
            .filter(|ed| archive.entries.iter().any(|e| e.edition == *ed))
            .collect();
        // Newest first.
        let mut by_year: Vec<(u64, u32)> = (0..archive.entries.len())
            .filter_map(|e| date_of(e).0)
            .map(|y| (u64::from(u16::MAX - y), u32::from(y)))
            .collect();
        crate::order::sort_pairs(&mut by_year);
        let mut years: Vec<u16> = by_year.into_iter().map(|(_, y)| y as u16).collect();
        years.dedup();
        let year_index: HashMap<u16, u16> = years
            .iter()
            .enumerate()
            .map(|(i, &y)| (y, i as u16))
            .collect();

        let n = archive.entries.len();
        let mut engine = Engine {
            search: OnceLock::new(),
            building: Mutex::default(),
            last_search: Mutex::default(),
            section_of: Vec::with_capacity(n),
            tag_starts: vec![0],
            tag_list: Vec::new(),
            lang_of: Vec::with_capacity(n),
            edition_of: Vec::with_capacity(n),
            year_of: Vec::with_capacity(n),
            issue_of: Vec::with_capacity(n),
            issue_pos: Vec::with_capacity(n),
            place_of: HashMap::default(),
            link_group: Vec::new(),
            link_starts: Vec::new(),
            link_members: Vec::new(),
            removed: Vec::with_capacity(n),
            repeat: Vec::new(),
            newest_first: Vec::new(),
            oldest_first: Vec::new(),
            newest_rank: Vec::new(),
            listed_newest_first: false,
            oldest_rank: Vec::new(),
            section_ids: Vec::new(),
            tag_ids: Vec::new(),
            tag_labels: Vec::new(),
            langs,
            editions,
            years,
        };
        for (index, entry) in archive.entries.iter().enumerate() {
            engine
                .section_of
                .push(section_ids.position_or_push(&entry.section));
            for tag in &entry.tags {
                let t = tag_ids.position_or_push(tag);
                engine.tag_list.push(t);
            }
            engine.tag_starts.push(engine.tag_list.len() as u32);
            engine.lang_of.push(index_of(&engine.langs, &entry.lang));
            engine
                .edition_of
                .push(index_of(&engine.editions, &entry.edition));
            engine.year_of.push(
                date_of(index)
                    .0
                    .and_then(|y| year_index.get(&y).copied())
                    .unwrap_or(NO_YEAR),
            );
            engine.issue_of.push(entry.issue);
            engine.issue_pos.push(issue_pos[index]);
            let place = (
                entry.edition as u8,
                entry.issue,
                *engine.section_of.last().unwrap_or(&0),
                entry.position,
            );
            // The first entry at a place wins (a hostile archive may repeat one).
            let index = engine.issue_pos.len() as u32 - 1;
            engine.place_of.entry(place).or_insert(index);
            engine.removed.push(entry.status == Status::Removed);
        }
        engine.section_ids = section_ids.ids;
        // Each tag's labels, folded and joined, where it is declared (the
        // first declaration of a repeated id).
        engine.tag_labels = vec![String::new(); tag_ids.ids.len()];
        for tag in archive.tags.iter().rev() {
            let labels = [&tag.labels.zh, &tag.labels.en, &tag.labels.ja];
            engine.tag_labels[tag_ids.positions[tag.id.as_str()] as usize] =
                fold(&labels.map(|s| s.as_str()).join("\n"));
        }
        engine.tag_ids = tag_ids.ids;

        // Newest issue first; within an issue, the archive's order (which
        // is the author's). Editions of the same date: zh, en, ja.
        // One packed key per entry, so both orders are plain sorts of
        // integers (fast, and one sort in the wasm instead of one per
        // comparator): date (YYYYMMDD, 0 when unreadable), edition, issue.
        let packed = |i: usize, e: &Entry, newest: bool| -> u64 {
            let date = date_of(i).1;
            let issue = u64::from(e.issue);
            let edition = e.edition as u64;
            if newest {
                // Newest date first; one date's editions in their order (zh,
                // en, ja); newest issue first.
                ((DATE_MAX - date) << 34) | (edition << 32) | (u64::from(u32::MAX) - issue)
            } else {
                (date << 34) | (edition << 32) | issue
            }
        };
        // Ties (one issue's entries) keep the archive's order: the
        // author's.
        let order_by = |newest: bool| -> Vec<u32> {
            let mut keyed: Vec<(u64, u32)> = archive
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| (packed(i, e, newest), i as u32))
                .collect();
            crate::order::sort_pairs(&mut keyed);
            keyed.into_iter().map(|(_, i)| i).collect()
        };
        engine.newest_first = order_by(true);
        engine.oldest_first = order_by(false);
        let rank_of = |order: &[u32]| {
            let mut rank = vec![0u32; order.len()];
            order
                .iter()
                .enumerate()
                .for_each(|(r, &e)| rank[e as usize] = r as u32);
            rank
        };
        engine.newest_rank = rank_of(&engine.newest_first);
        engine.oldest_rank = rank_of(&engine.oldest_first);
        engine.listed_newest_first = (0..).zip(&engine.newest_first).all(|(i, &e)| i == e);
        engine.group_links(archive);
        engine
    }

    /// Groups the entries by normalized link; entries without a link are
    /// alone in their group.
    fn group_links(&mut self, archive: &Archive) {
        let mut group_of_key: HashMap<String, u32> = HashMap::default();
        let mut sizes: Vec<u32> = Vec::new();
        for entry in &archive.entries {
            let group = match &entry.url {
                Some(url) => *group_of_key.entry(normalize_url(url)).or_insert_with(|| {
                    sizes.push(0);
                    sizes.len() as u32 - 1
                }),
                None => {
                    sizes.push(0);
                    sizes.len() as u32 - 1
                }
            };
            sizes[group as usize] += 1;
            self.link_group.push(group);
        }
        self.link_starts = Vec::with_capacity(sizes.len() + 1);
        self.link_starts.push(0);
        for size in &sizes {
            let last = *self.link_starts.last().unwrap_or(&0);
            self.link_starts.push(last + size);
        }
        let mut fill = self.link_starts.clone();
        self.repeat = vec![false; archive.entries.len()];
        self.link_members = vec![0; archive.entries.len()];
        // In the oldest-first order, so "also in" lists read in time order.
        for &e in &self.oldest_first {
            let g = self.link_group[e as usize] as usize;
            self.link_members[fill[g] as usize] = e;
            fill[g] += 1;
        }
        // In the newest-first order, the first entry of a link in an
        // edition is its newest appearance; the others are repeats.
        let mut seen: rustc_hash::FxHashSet<(u32, Edition)> = Default::default();
        for &e in &self.newest_first {
            let entry = &archive.entries[e as usize];
            if entry.url.is_some() && !seen.insert((self.link_group[e as usize], entry.edition)) {
                self.repeat[e as usize] = true;
            }
        }
    }

    /// Whether the archive's entries are in the order they are listed
    /// newest first (as the builder writes them, see [`in_listing_order`]).
    pub fn is_in_listing_order(&self) -> bool {
        self.listed_newest_first
    }

    /// How many entries the archive has.
    fn len(&self) -> usize {
        self.issue_of.len()
    }

    /// The issue entry `entry` belongs to.
    pub fn issue<'a>(&self, archive: &'a Archive, entry: usize) -> Option<&'a Issue> {
        archive.issues.get(*self.issue_pos.get(entry)? as usize)
    }

    /// What a reader may want beside `entry`, oldest issue first: every
    /// other entry with the same link (any edition, any issue), and, in
    /// each other edition where that link does not appear, the entry at
    /// the same place (issue of the same number and date, section,
    /// position). The editions translate each other, and a translation
    /// often links another URL (the Chinese translation of an English
    /// article); an entry there whose own link also appears in this
    /// entry's edition is another item, not the translation, and is left
    /// out.
    pub fn related(&self, archive: &Archive, entry: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self.same_link(entry).collect();
        let Some(this) = archive.entries.get(entry) else {
            return out;
        };
        let date = self.issue(archive, entry).map(|i| i.date.as_str());
        for &edition in &self.editions {
            let present = |o: &usize| archive.entries[*o].edition == edition;
            if edition == this.edition || out.iter().any(present) {
                continue;
            }
            let place = (
                edition as u8,
                this.issue,
                self.section_of[entry],
                this.position,
            );
            let Some(&other) = self.place_of.get(&place) else {
                continue;
            };
            let other = other as usize;
            let same_issue =
                date.is_some() && self.issue(archive, other).map(|i| i.date.as_str()) == date;
            let own_link_here = archive.entries[other].url.is_some()
                && self
                    .same_link(other)
                    .any(|o| archive.entries[o].edition == this.edition);
            if same_issue && !own_link_here {
                out.push(other);
            }
        }
        crate::order::by_key(out.into_iter().map(|o| o as u32), |o| {
            u64::from(self.oldest_rank[o as usize])
        })
        .into_iter()
        .map(|o| o as usize)
        .collect()
    }

    /// The other entries with the same link (in any edition), oldest
    /// issue first.
    pub fn same_link(&self, entry: usize) -> impl Iterator<Item = usize> + '_ {
        let members = match self.link_group.get(entry).map(|&g| g as usize) {
            Some(g) => {
                &self.link_members[self.link_starts[g] as usize..self.link_starts[g + 1] as usize]
            }
            None => &[],
        };
        members
            .iter()
            .map(|&e| e as usize)
            .filter(move |&e| e != entry)
    }

    /// Builds the whole text index now (natively, where a moment's wait
    /// does not matter; a page uses [`Engine::prepare_search_step`]).
    /// `archive` must be the archive the engine was built from.
    pub fn prepare_search(&self, archive: &Archive) {
        self.search.get_or_init(|| {
            let mut building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
            let mut builder = std::mem::take(&mut *building);
            builder.fold_texts(archive, self.entry_tags(), usize::MAX);
            builder.index_texts(usize::MAX);
            builder.finish()
        });
    }

    /// Builds the next part of the text index: `count` more entries.
    /// Returns whether the index is complete. Lets a page build it in
    /// slices between frames instead of freezing for the whole of it. A
    /// search before the end does not wait for the index: it reads every
    /// entry's folded text (made first, the cheap part) from start to end.
    pub fn prepare_search_step(&self, archive: &Archive, count: usize) -> bool {
        if self.search.get().is_some() {
            return true;
        }
        let mut building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        if !building.step(archive, self.entry_tags(), count) {
            return false;
        }
        let built = std::mem::take(&mut *building).finish();
        drop(building);
        let _ = self.search.set(built);
        true
    }

    /// Answers `query` over `archive`, which must be the archive the engine
    /// was built from.
    pub fn run(&self, archive: &Archive, query: &Query) -> QueryResult {
        let terms = terms(&query.text);
        // The entries holding every search term, ascending; `None` when
        // there is no search text.
        let text_hits: Option<Vec<u32>> =
            (!terms.is_empty()).then(|| self.text_hits(archive, &terms));

        let filter = Filter {
            sections: Selection::of(&query.sections, &self.section_ids, |o, c| **o == **c),
            tags: Selection::of(&query.tags, &self.tag_ids, |o, c| **o == **c),
            langs: Selection::of(&query.langs, &self.langs, PartialEq::eq),
            editions: Selection::of(&query.editions, &self.editions, PartialEq::eq),
            years: Selection::of(&query.years, &self.years, PartialEq::eq),
        };
        let mut counts = Counts {
            sections: vec![0; self.section_ids.len()],
            tags: vec![0; self.tag_ids.len()],
            langs: vec![0; self.langs.len()],
            editions: vec![0; self.editions.len()],
            years: vec![0; self.years.len()],
        };
        let mut matched: Vec<u32> = Vec::new();
        // The text's hits, or every entry: an index into one or the other
        // (a `dyn Iterator` over either was a call per entry).
        let hits = text_hits.as_deref();
        let scanned = hits.map_or(self.len(), <[u32]>::len);
        // The loop reads slices: indexing one is built into the language,
        // while a Vec's goes through a call that the size-optimized build
        // does not inline (a tenth of a keystroke's engine time).
        let (removed, repeat, issue_of) = (&self.removed[..], &self.repeat[..], &self.issue_of[..]);
        let (section_of, lang_of) = (&self.section_of[..], &self.lang_of[..]);
        let (edition_of, year_of) = (&self.edition_of[..], &self.year_of[..]);
        let entry_tags = self.entry_tags();
        // Nothing chosen (as while typing a search): every entry that is
        // scanned passes the facets, and no entry is asked which it fails.
        let any_chosen = filter.any_active();
        let Counts {
            sections: section_counts,
            tags: tag_counts,
            langs: lang_counts,
            editions: edition_counts,
            years: year_counts,
        } = &mut counts;
        let (section_counts, tag_counts) = (&mut section_counts[..], &mut tag_counts[..]);
        let (lang_counts, edition_counts) = (&mut lang_counts[..], &mut edition_counts[..]);
        let year_counts = &mut year_counts[..];
        for i in 0..scanned {
            let e = hits.map_or(i, |hits| hits[i] as usize);
            if (removed[e] && !query.include_removed)
                || (query.each_link_once && repeat[e])
                || query.issue_from.is_some_and(|from| issue_of[e] < from)
                || query.issue_to.is_some_and(|to| issue_of[e] > to)
            {
                continue;
            }
            // Which facets the entry fails, as a mask.
            let mut fails = 0;
            if any_chosen {
                if !filter.sections.allows(section_of[e] as usize) {
                    fails |= SECTION;
                }
                if filter.tags.active
                    && !entry_tags
                        .of(e)
                        .iter()
                        .any(|&t| filter.tags.allows(t as usize))
                {
                    fails |= TAG;
                }
                if !filter.langs.allows(lang_of[e] as usize) {
                    fails |= LANG;
                }
                if !filter.editions.allows(edition_of[e] as usize) {
                    fails |= EDITION;
                }
                // NO_YEAR is past the end of every selection: no year filter allows it.
                if !filter.years.allows(year_of[e] as usize) {
                    fails |= YEAR;
                }
            }
            if fails == 0 {
                matched.push(e as u32);
            }
            // An entry counts for a facet's options when it passes every
            // other facet: a match, for all of them.
            let counts_for = |facet: u8| fails & !facet == 0;
            if counts_for(SECTION) {
                section_counts[section_of[e] as usize] += 1;
            }
            if counts_for(TAG) {
                entry_tags
                    .of(e)
                    .iter()
                    .for_each(|&t| tag_counts[t as usize] += 1);
            }
            if counts_for(LANG) {
                lang_counts[lang_of[e] as usize] += 1;
            }
            if counts_for(EDITION) {
                edition_counts[edition_of[e] as usize] += 1;
            }
            if counts_for(YEAR) && year_of[e] != NO_YEAR {
                year_counts[year_of[e] as usize] += 1;
            }
        }

        let total = matched.len();
        let sort = query.sort_with(&terms);
        let (order, rank) = match sort {
            Sort::NewestFirst | Sort::BestMatch => (&self.newest_first, &self.newest_rank),
            Sort::OldestFirst => (&self.oldest_first, &self.oldest_rank),
        };
        let end = query.offset.saturating_add(query.limit).min(total);
        let window: Vec<u32> = if sort == Sort::BestMatch {
            // Best score first, then newest: every match is scored.
            let mut keyed: Vec<(u64, u32)> = self.with_texts(archive, |texts| {
                matched
                    .iter()
                    .map(|&e| {
                        let worse = u32::MAX - texts.best_match_score(e as usize, &terms);
                        (u64::from(worse) << 32 | u64::from(rank[e as usize]), e)
                    })
                    .collect()
            });
            crate::order::sort_pairs(&mut keyed);
            keyed
                .get(query.offset..end)
                .unwrap_or_default()
                .iter()
                .map(|&(_, e)| e)
                .collect()
        } else if sort == Sort::NewestFirst && self.listed_newest_first {
            // Found in entry order, which is this order.
            matched.get(query.offset..end).unwrap_or_default().to_vec()
        } else if total * 8 < order.len() {
            // Few matches: sort them by rank.
            matched = crate::order::by_key(matched, |e| u64::from(rank[e as usize]));
            matched.get(query.offset..end).unwrap_or_default().to_vec()
        } else {
            // Many: walk the precomputed order, marking matches.
            let mut is_match = vec![false; order.len()];
            matched.iter().for_each(|&e| is_match[e as usize] = true);
            order
                .iter()
                .copied()
                .filter(|&e| is_match[e as usize])
                .skip(query.offset)
                .take(end.saturating_sub(query.offset))
                .collect()
        };
        let rows = if terms.is_empty() {
            let unmarked = |e: u32| Row {
                entry: e as usize,
                highlights: Highlights::default(),
            };
            window.into_iter().map(unmarked).collect()
        } else {
            self.with_texts(archive, |texts| {
                window
                    .into_iter()
                    .map(|e| {
                        let e = e as usize;
                        let (title, body) = texts.own_text(e);
                        Row {
                            entry: e,
                            highlights: Highlights {
                                tags: self.tag_marks(e, &terms),
                                ..highlights_from_folded(&archive.entries[e], &terms, title, body)
                            },
                        }
                    })
                    .collect()
            })
        };
        QueryResult {
            total,
            rows,
            counts: counts.into_facet_counts(self),
        }
    }

    /// The entries holding every one of `terms` (not empty), ascending.
    fn text_hits(&self, archive: &Archive, terms: &[Term]) -> Vec<u32> {
        let mut last = self
            .last_search
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Typing on: the hits are among the last search's.
        let narrowed = last
            .as_ref()
            .filter(|l| l.holds_every_hit_of(terms))
            .map(|l| l.hits.as_slice());
        let hits = match self.search.get() {
            Some(search) => match search.index.candidates(terms) {
                Candidates::Exact(exact) => exact,
                Candidates::Verify(candidates) => {
                    let fewest = match narrowed {
                        Some(hits) if hits.len() < candidates.len() => hits,
                        _ => &candidates,
                    };
                    search.texts.holding(terms, Some(fewest))
                }
                Candidates::All => search.texts.holding(terms, narrowed),
            },
            // The index is still being built: the texts are read.
            None => self.with_texts(archive, |texts| texts.holding(terms, narrowed)),
        };
        *last = Some(LastSearch {
            terms: terms.iter().map(|t| t.folded.clone()).collect(),
            hits: hits.clone(),
        });
        hits
    }

    /// Every entry's folded text: the built search's, else the builder's,
    /// folded to the end first.
    fn with_texts<R>(&self, archive: &Archive, read: impl FnOnce(&FoldedTexts) -> R) -> R {
        if let Some(search) = self.search.get() {
            return read(&search.texts);
        }
        let mut building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        building.fold_texts(archive, self.entry_tags(), usize::MAX);
        read(&building.texts)
    }

    /// Per tag of entry `e`: whether one of its labels holds a term.
    fn tag_marks(&self, e: usize, terms: &[Term]) -> Vec<bool> {
        self.entry_tags()
            .of(e)
            .iter()
            .map(|&t| {
                let labels = &self.tag_labels[t as usize];
                terms.iter().any(|term| term.is_in(labels))
            })
            .collect()
    }

    fn entry_tags(&self) -> EntryTags<'_> {
        EntryTags {
            starts: &self.tag_starts,
            list: &self.tag_list,
            labels: &self.tag_labels,
        }
    }

    /// Heap bytes of the folded text and its index, once built.
    pub fn index_bytes(&self) -> Option<usize> {
        self.search
            .get()
            .map(|s| s.index.heap_bytes() + s.texts.heap_bytes())
    }
}

/// Puts the entries in the order the viewer lists them when nothing is
/// chosen ([`Sort::NewestFirst`]), the engine's own order: the builder
/// writes them so, and then the first entries read from the file are the
/// first rows to show, before the rest has arrived (and for any filter or
/// search, the matches among them are the first matches).
pub fn in_listing_order(archive: &mut Archive) {
    let order = Engine::new(archive).newest_first;
    let mut entries: Vec<Option<Entry>> = std::mem::take(&mut archive.entries)
        .into_iter()
        .map(Some)
        .collect();
    archive.entries = order
        .iter()
        .filter_map(|&e| entries[e as usize].take())
        .collect();
}

#[derive(Debug)]
struct Search {
    texts: FoldedTexts,
    index: TextIndex,
}

/// A search's folded terms and the entries holding them all.
#[derive(Debug)]
struct LastSearch {
    terms: Vec<String>,
    hits: Vec<u32>,
}

impl LastSearch {
    /// Whether every entry holding all of `terms` is among these hits:
    /// when each of these terms begins one of `terms` (a term's
    /// occurrence begins with its prefix's, at the same word start), as
    /// when the reader types on.
    fn holds_every_hit_of(&self, terms: &[Term]) -> bool {
        self.terms
            .iter()
            .all(|old| terms.iter().any(|t| t.folded.starts_with(old.as_str())))
    }
}

/// [`Search`] while it is being built, entry by entry: first every
/// entry's folded text (enough to answer a search by reading them all),
/// then the index over them.
#[derive(Debug, Default)]
struct SearchBuilder {
    texts: FoldedTexts,
    /// Haystacks in the index so far.
    indexed: usize,
    index: TextIndexBuilder,
}

impl SearchBuilder {
    /// Does the next part of the work, up to `count` entries: folds their
    /// text, or once all are folded indexes them, or once all are indexed
    /// fills in their postings. Returns whether the index is ready for
    /// [`SearchBuilder::finish`].
    fn step(&mut self, archive: &Archive, tags: EntryTags<'_>, count: usize) -> bool {
        if self.texts.len() < archive.entries.len() {
            self.fold_texts(archive, tags, count);
            return false;
        }
        if self.indexed < self.texts.len() {
            self.index_texts(count);
            return false;
        }
        self.index.finish_step(count)
    }

    /// Folds the searchable text of up to `count` more of `archive`'s
    /// entries.
    fn fold_texts(&mut self, archive: &Archive, tags: EntryTags<'_>, count: usize) {
        let start = self.texts.len();
        for (e, entry) in archive.entries.iter().enumerate().skip(start).take(count) {
            let (text, parts) = searchable_text(entry, tags.labels_of(e));
            self.texts.push(text, parts);
        }
    }

    /// Indexes up to `count` more of the folded texts.
    fn index_texts(&mut self, count: usize) {
        let end = self.indexed.saturating_add(count).min(self.texts.len());
        for text in self
            .texts
            .starting_at(self.indexed)
            .take(end - self.indexed)
        {
            self.index.add(text);
        }
        self.indexed = end;
    }

    fn finish(self) -> Search {
        Search {
            texts: self.texts,
            index: self.index.finish(),
        }
    }
}

/// Each entry's tags (positions in the engine's tag ids) and the tags'
/// folded labels: what the search reads of an entry's tags.
#[derive(Clone, Copy)]
struct EntryTags<'a> {
    /// `list[starts[e]..starts[e + 1]]` are entry `e`'s tags.
    starts: &'a [u32],
    list: &'a [u32],
    labels: &'a [String],
}

impl<'a> EntryTags<'a> {
    // Called per matching entry while counting: inlined even in the
    // size-optimized build, which a plain #[inline] does not get (a perf
    // profile showed the call at 3 % of a keystroke).
    #[inline(always)]
    fn of(self, e: usize) -> &'a [u32] {
        &self.list[self.starts[e] as usize..self.starts[e + 1] as usize]
    }

    /// The labels of entry `e`'s tags the archive declares.
    fn labels_of(self, e: usize) -> impl Iterator<Item = &'a str> {
        self.of(e)
            .iter()
            .map(move |&t| self.labels[t as usize].as_str())
            .filter(|labels| !labels.is_empty())
    }
}

/// The options chosen in one facet.
struct Selection {
    /// Something is chosen (possibly only options the archive lacks, which
    /// then match nothing).
    active: bool,
    allowed: Box<[bool]>,
}

impl Selection {
    /// Which of `options` are among `chosen`, compared by `same`.
    fn of<O, C>(chosen: &[C], options: &[O], same: impl Fn(&O, &C) -> bool) -> Selection {
        Selection {
            active: !chosen.is_empty(),
            allowed: options
                .iter()
                .map(|o| chosen.iter().any(|c| same(o, c)))
                .collect(),
        }
    }

    #[inline]
    fn allows(&self, option: usize) -> bool {
        !self.active || self.allowed.get(option).copied().unwrap_or(false)
    }
}

struct Filter {
    sections: Selection,
    tags: Selection,
    langs: Selection,
    editions: Selection,
    years: Selection,
}

impl Filter {
    fn any_active(&self) -> bool {
        [
            &self.sections,
            &self.tags,
            &self.langs,
            &self.editions,
            &self.years,
        ]
        .iter()
        .any(|s| s.active)
    }
}

struct Counts {
    sections: Vec<usize>,
    tags: Vec<usize>,
    langs: Vec<usize>,
    editions: Vec<usize>,
    years: Vec<usize>,
}

impl Counts {
    fn into_facet_counts(self, engine: &Engine) -> FacetCounts {
        fn zip<K: Clone>(keys: &[K], counts: Vec<usize>) -> Vec<FacetCount<K>> {
            keys.iter()
                .cloned()
                .zip(counts)
                .map(|(key, count)| FacetCount { key, count })
                .collect()
        }
        FacetCounts {
            sections: zip(&engine.section_ids, self.sections),
            tags: zip(&engine.tag_ids, self.tags),
            langs: zip(&engine.langs, self.langs),
            editions: zip(&engine.editions, self.editions),
            years: zip(&engine.years, self.years),
        }
    }
}

/// The search terms of a query text: folded, split on white space.
pub fn terms(text: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for word in fold(text).split_whitespace() {
        let term = Term::new(word.to_string());
        if !terms.contains(&term) {
            terms.push(term);
        }
    }
    terms
}

/// Everything a search looks at in an entry, folded, one per line: title,
/// description, link host, sub-link titles, then its tags' labels
/// (`tag_labels`, folded).
fn searchable_text<'a>(
    entry: &Entry,
    tag_labels: impl Iterator<Item = &'a str>,
) -> (String, Parts) {
    // Folding is character by character: the parts fold one by one.
    let mut text = fold(&entry.title);
    let title_end = text.len();
    let mut body = String::from("\n");
    body.push_str(&crate::archive::plain_text(&entry.description));
    if let Some(host) = entry.url.as_deref().and_then(display_host) {
        body.push('\n');
        body.push_str(host);
    }
    for child in &entry.children {
        body.push('\n');
        body.push_str(&child.title);
    }
    text.push_str(&fold(&body));
    let tags_start = text.len();
    for labels in tag_labels {
        text.push('\n');
        text.push_str(labels);
    }
    // Longer texts are not in an archive the viewer reads (entries over
    // 64 KiB are skipped); saturating keeps a native caller's huge entry
    // searchable, only its score's parts then blur.
    let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let parts = Parts {
        title_end: at(title_end),
        tags_start: at(tags_start),
    };
    (text, parts)
}

/// The highlight ranges of `terms` in an entry's title and description.
pub fn highlights(entry: &Entry, terms: &[Term]) -> Highlights {
    if terms.is_empty() {
        return Highlights::default();
    }
    let mut description = Vec::new();
    for block in &entry.description {
        block.for_each_text_leaf(&mut |leaf| description.push(ranges_in(leaf, terms)));
    }
    Highlights {
        title: ranges_in(&entry.title, terms),
        description,
        tags: Vec::new(),
    }
}

/// [`highlights`], read from the entry's folded text (`title`, `body`:
/// the rest of its own text, see [`searchable_text`]) instead of folding
/// every part again: the folded body holds the description's text leaves
/// one after the other, so each leaf's folded text is a slice of it. A
/// part, or a leaf, whose folded text holds none of the terms' bytes has
/// no marks and is not mapped; most rows match in only some of them.
fn highlights_from_folded(entry: &Entry, terms: &[Term], title: &[u8], body: &[u8]) -> Highlights {
    let held = |folded: &[u8]| terms.iter().any(|t| t.occurs_in(folded));
    let mut description = Vec::new();
    if held(body) {
        // The body starts with the line break after the title; the
        // description's blocks are joined by one.
        let mut at = 0;
        for block in &entry.description {
            at += "\n".len();
            block.for_each_text_leaf(&mut |leaf| {
                let len = crate::fold::folded_len(leaf);
                description.push(match body.get(at..at + len) {
                    Some(folded) if held(folded) => ranges_in_folded(leaf, folded, terms),
                    Some(_) => Vec::new(),
                    // Not this entry's folded text (a bug): fold the leaf.
                    None => ranges_in(leaf, terms),
                });
                at += len;
            });
        }
    }
    Highlights {
        title: if held(title) {
            ranges_in_folded(&entry.title, title, terms)
        } else {
            Vec::new()
        },
        description,
        tags: Vec::new(),
    }
}

/// Byte ranges of `text` where any term matches, sorted and merged.
pub fn ranges_in(text: &str, terms: &[Term]) -> Vec<Range<usize>> {
    ranges_in_folded(text, fold(text).as_bytes(), terms)
}

/// [`ranges_in`] of `text`, whose folded form is `hay`.
fn ranges_in_folded(text: &str, hay: &[u8], terms: &[Term]) -> Vec<Range<usize>> {
    // The terms are found in the folded text with memmem (16 bytes at a
    // time), and only the few hits are mapped back to the original:
    // folding keeps one character per character, so the folded and
    // original characters pair up.
    let mut found: Vec<(u64, u32)> = Vec::new();
    for term in terms.iter().filter(|t| !t.folded.is_empty()) {
        for at in term.starts_in(hay) {
            // Byte offsets of one text: they fit 32 bits each.
            found.push(((at as u64) << 32 | (at + term.folded.len()) as u64, 0));
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    // One term's starts come in order.
    if terms.len() > 1 {
        crate::order::sort_pairs(&mut found);
    }
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in found
        .into_iter()
        .map(|(k, _)| (k >> 32) as usize..(k & u64::from(u32::MAX)) as usize)
    {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    // ASCII folds byte for byte.
    if text.is_ascii() {
        return merged;
    }
    // Merged, the bounds rise strictly: one pass over the text, up to the
    // last one, maps them. A folded character starts where its original
    // does; a range ends where the next folded character's original starts
    // (after any combining accents of its last letter), or at the end of
    // the text.
    let mut bounds = merged.iter().flat_map(|r| [r.start, r.end]).peekable();
    let mut mapped = Vec::with_capacity(merged.len() * 2);
    let mut at_folded = 0;
    for (start, c) in text.char_indices() {
        if bounds.peek().is_none() {
            break;
        }
        let Some(f) = fold_char(c) else { continue };
        while bounds.next_if_eq(&at_folded).is_some() {
            mapped.push(start);
        }
        at_folded += f.len_utf8();
    }
    mapped.extend(bounds.map(|_| text.len()));
    mapped.chunks_exact(2).map(|b| b[0]..b[1]).collect()
}

/// The largest date [`date_number`] gives.
const DATE_MAX: u64 = 99_991_231;

/// `YYYY-MM-DD` as the number YYYYMMDD (ordered like the dates); 0 for
/// anything else.
fn date_number(date: &str) -> u64 {
    if !is_iso_date(date) {
        return 0;
    }
    date.bytes()
        .filter(u8::is_ascii_digit)
        .fold(0, |n, c| n * 10 + u64::from(c - b'0'))
}

fn year(date: &str) -> Option<u16> {
    date.get(..4)?.parse().ok()
}

fn index_of<T: PartialEq>(list: &[T], value: &T) -> u8 {
    list.iter().position(|v| v == value).unwrap_or(0) as u8
}

/// `issue_pos` of an entry whose issue is not in the archive.
const NO_ISSUE: u32 = u32::MAX;

/// `year_of` of an entry whose issue has no readable date.
const NO_YEAR: u16 = u16::MAX;

/// Distinct ids in first-seen order, with their positions for constant-time
/// lookup (an archive may hold tens of thousands of distinct ids).
struct IdList {
    ids: Vec<Arc<str>>,
    positions: HashMap<Arc<str>, u32>,
}

impl IdList {
    fn new<'a>(declared: impl Iterator<Item = &'a str>) -> IdList {
        let mut list = IdList {
            ids: Vec::new(),
            positions: HashMap::default(),
        };
        declared.for_each(|id| {
            list.position_or_push(id);
        });
        list
    }

    fn position_or_push(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.positions.get(id) {
            return i;
        }
        let id: Arc<str> = id.into();
        self.ids.push(id.clone());
        self.positions.insert(id, self.ids.len() as u32 - 1);
        self.ids.len() as u32 - 1
    }
}

/// Entries per topic per quarter, for the trends view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trends {
    /// Quarters with issues, oldest first: (year, quarter 1..=4).
    pub quarters: Vec<(u16, u8)>,
    /// The lowest and highest issue number published in each quarter.
    pub issue_ranges: Vec<(u32, u32)>,
    /// Per topic (in the archive's tag order): entries per quarter.
    pub topics: Vec<(String, Vec<usize>)>,
    /// The newest quarter is still going on: a weekly issue may still come
    /// in it after the newest one (dated more than 6 days before its end),
    /// so its counts are not comparable with the others' yet.
    pub last_is_partial: bool,
}

/// Counts the archive's entries (removed ones aside) per topic tag and
/// quarter of their issue's date.
pub fn trends(archive: &Archive) -> Trends {
    let quarter_of = |date: &str| -> Option<(u16, u8)> {
        let year = date.get(..4)?.parse().ok()?;
        let month: u8 = date.get(5..7)?.parse().ok()?;
        (1..=12)
            .contains(&month)
            .then(|| (year, (month - 1) / 3 + 1))
    };
    let mut packed: Vec<(u64, u32)> = archive
        .issues
        .iter()
        .filter_map(|i| quarter_of(&i.date))
        .map(|(year, q)| ((u64::from(year) << 8) | u64::from(q), 0))
        .collect();
    crate::order::sort_pairs(&mut packed);
    let mut quarters: Vec<(u16, u8)> = packed
        .into_iter()
        .map(|(k, _)| ((k >> 8) as u16, k as u8))
        .collect();
    quarters.dedup();
    let mut issue_ranges = vec![(u32::MAX, 0u32); quarters.len()];
    let mut quarter_of_issue: HashMap<(Edition, u32), usize> = HashMap::default();
    for issue in &archive.issues {
        if let Some(q) = quarter_of(&issue.date).and_then(|q| quarters.binary_search(&q).ok()) {
            let range = &mut issue_ranges[q];
            *range = (range.0.min(issue.number), range.1.max(issue.number));
            quarter_of_issue.insert((issue.edition, issue.number), q);
        }
    }
    let mut topics: Vec<(String, Vec<usize>)> = archive
        .tags
        .iter()
        .map(|t| (t.id.clone(), vec![0; quarters.len()]))
        .collect();
    for entry in archive
        .entries
        .iter()
        .filter(|e| e.status != Status::Removed)
    {
        let Some(&q) = quarter_of_issue.get(&(entry.edition, entry.issue)) else {
            continue;
        };
        for tag in &entry.tags {
            if let Some((_, counts)) = topics.iter_mut().find(|(id, _)| id == tag) {
                counts[q] += 1;
            }
        }
    }
    let newest = archive.issues.iter().map(|i| i.date.as_str()).max();
    Trends {
        last_is_partial: newest.is_some_and(quarter_goes_on_after),
        quarters,
        issue_ranges,
        topics,
    }
}

/// Whether a weekly issue can still come in the quarter of `date`
/// (`YYYY-MM-DD`) after it.
fn quarter_goes_on_after(date: &str) -> bool {
    let field = |range: std::ops::Range<usize>| date.get(range)?.parse::<u8>().ok();
    let (Some(month), Some(day)) = (field(5..7), field(8..10)) else {
        return false;
    };
    let last_month = month.div_ceil(3) * 3;
    let days_in_last_month = if last_month == 3 || last_month == 12 {
        31
    } else {
        30
    };
    month < last_month || days_in_last_month - day.min(days_in_last_month) >= 7
}
