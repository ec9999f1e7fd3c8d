//! The page's state as it lives in the URL query string: the URL is the
//! source of truth, so reload, back/forward and shared links restore the
//! same view.
//!
//! Parameters (all optional; lists are comma-separated; unknown parameters
//! and malformed values are ignored):
//!
//! | name | meaning | example |
//! | --- | --- | --- |
//! | `q` | search text | `q=异步 asyncio` |
//! | `section` | canonical section ids | `section=articles,projects` |
//! | `tag` | topic tag ids | `tag=async` |
//! | `lang` | link languages | `lang=en,zh-en` |
//! | `edition` | editions | `edition=zh` |
//! | `year` | issue years | `year=2024,2025` |
//! | `from`, `to` | issue number range | `from=40&to=60` |
//! | `sort` | `oldest`, or `best` (best match to the search; newest first without one); newest first is the default | `sort=oldest` |
//! | `removed` | `1` shows items the author removed | `removed=1` |
//! | `once` | `1` lists a link that recurs in an edition once | `once=1` |
//! | `ui` | UI language `zh`, `en` or `ja` | `ui=zh` |
//! | `archive` | same-origin path of another archive | `archive=real/archive.json` |
//! | `embed` | `1`: compact embed mode (see `public/embed.js`) | `embed=1` |
//! | `locked` | filters an embed's reader cannot change | `locked=tag,lang` |
//! | `target` | `top`: links open in the top window, not a new tab | `target=top` |

use weekly_core::archive::{Edition, Lang};
use weekly_core::query::{Query, Sort};

/// Where the archive comes from when the URL does not say.
pub const DEFAULT_ARCHIVE: &str = "archive.json";

/// Everything the reader chose, as read from (and written to) the URL.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViewState {
    pub text: String,
    pub sections: Vec<String>,
    pub tags: Vec<String>,
    pub langs: Vec<Lang>,
    pub editions: Vec<Edition>,
    pub years: Vec<u16>,
    pub issue_from: Option<u32>,
    pub issue_to: Option<u32>,
    pub sort: Sort,
    pub show_removed: bool,
    /// List a link that recurs in several issues once (its newest).
    pub each_link_once: bool,
    /// The UI language the reader picked; `None` follows the browser.
    pub ui_lang: Option<Edition>,
    /// A same-origin archive path other than the default.
    pub archive: Option<String>,
    /// Compact mode for an iframe on another site.
    pub embed: bool,
    /// Filters the reader cannot remove (ids of [`LOCKABLE`]).
    pub locked: Vec<String>,
    /// Where links open.
    pub link_target: LinkTarget,
    /// An entry (its id) to bring into view once the results hold it: where
    /// an "also in" link lands. The reader's next change drops it.
    pub at: Option<String>,
}

/// What an embed may lock: the facets, the search and the issue range.
pub const LOCKABLE: [&str; 7] = ["edition", "section", "tag", "lang", "year", "q", "range"];

/// Where the entries' links open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinkTarget {
    /// A new tab (never inside an embed's frame).
    #[default]
    NewTab,
    /// The top window, replacing the page that embeds the archive.
    Top,
}

impl LinkTarget {
    pub fn attr(self) -> &'static str {
        match self {
            LinkTarget::NewTab => "_blank",
            LinkTarget::Top => "_top",
        }
    }
}

/// Longest search text kept from a URL (a pasted novel is cut, not choked on).
const MAX_TEXT: usize = 200;
/// Most values kept per list parameter.
const MAX_VALUES: usize = 64;

impl ViewState {
    /// Reads the state from decoded query-string pairs. Later duplicates of a
    /// single-valued parameter win; list parameters accumulate.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> ViewState {
        let mut state = ViewState::default();
        for (key, value) in pairs {
            let value = value.as_ref().trim();
            match key.as_ref() {
                "q" => state.text = value.chars().take(MAX_TEXT).collect(),
                "section" => push_list(&mut state.sections, value, |v| {
                    is_id(v).then(|| v.to_string())
                }),
                "tag" => push_list(&mut state.tags, value, |v| is_id(v).then(|| v.to_string())),
                "lang" => push_list(&mut state.langs, value, Lang::from_code),
                "edition" => push_list(&mut state.editions, value, Edition::from_code),
                "year" => push_list(&mut state.years, value, |v| {
                    v.parse().ok().filter(|y| (2000..=2999).contains(y))
                }),
                "from" => state.issue_from = value.parse().ok(),
                "to" => state.issue_to = value.parse().ok(),
                "sort" => state.sort = sort_from_param(value),
                "removed" => state.show_removed = value == "1",
                "once" => state.each_link_once = value == "1",
                "ui" => state.ui_lang = Edition::from_code(value),
                "archive" => state.archive = (!value.is_empty()).then(|| value.to_string()),
                "embed" => state.embed = value == "1",
                "locked" => push_list(&mut state.locked, value, |v| {
                    LOCKABLE.contains(&v).then(|| v.to_string())
                }),
                "at" => state.at = is_entry_id(value).then(|| value.to_string()),
                "target" => {
                    state.link_target = if value == "top" {
                        LinkTarget::Top
                    } else {
                        LinkTarget::NewTab
                    }
                }
                _ => {}
            }
        }
        state
    }

    /// The query-string pairs for this state, in a fixed order, defaults left out.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut list = |name, values: Vec<String>| {
            if !values.is_empty() {
                pairs.push((name, values.join(",")));
            }
        };
        list("section", self.sections.clone());
        list("tag", self.tags.clone());
        list(
            "lang",
            self.langs.iter().map(|l| l.code().to_string()).collect(),
        );
        list(
            "edition",
            self.editions.iter().map(|e| e.code().to_string()).collect(),
        );
        list("year", self.years.iter().map(u16::to_string).collect());
        if !self.text.trim().is_empty() {
            pairs.insert(0, ("q", self.text.clone()));
        }
        if let Some(from) = self.issue_from {
            pairs.push(("from", from.to_string()));
        }
        if let Some(to) = self.issue_to {
            pairs.push(("to", to.to_string()));
        }
        if let Some(value) = sort_param(self.sort) {
            pairs.push(("sort", value.into()));
        }
        if self.each_link_once {
            pairs.push(("once", "1".into()));
        }
        if self.show_removed {
            pairs.push(("removed", "1".into()));
        }
        if let Some(ui) = self.ui_lang {
            pairs.push(("ui", ui.code().into()));
        }
        if let Some(archive) = &self.archive {
            pairs.push(("archive", archive.clone()));
        }
        if self.embed {
            pairs.push(("embed", "1".into()));
        }
        if !self.locked.is_empty() {
            pairs.push(("locked", self.locked.join(",")));
        }
        if self.link_target == LinkTarget::Top {
            pairs.push(("target", "top".into()));
        }
        if let Some(at) = &self.at {
            pairs.push(("at", at.clone()));
        }
        pairs
    }

    /// The query string for this state (no `?`), encoded as
    /// `URLSearchParams` encodes it. In Rust: every row builds "also in"
    /// links with it, and a round of JS calls per pair cost ~10 ms per
    /// page of rows.
    pub fn to_query_string(&self) -> String {
        let mut query = String::new();
        for (key, value) in self.to_pairs() {
            if !query.is_empty() {
                query.push('&');
            }
            form_encode(key, &mut query);
            query.push('=');
            form_encode(&value, &mut query);
        }
        query
    }

    /// Whether the reader may change the filter `id` (one of [`LOCKABLE`]).
    pub fn is_locked(&self, id: &str) -> bool {
        self.locked.iter().any(|l| l == id)
    }

    /// The same view outside the embed: what "open the full archive" opens.
    pub fn full_view(&self) -> ViewState {
        ViewState {
            embed: false,
            locked: Vec::new(),
            link_target: LinkTarget::NewTab,
            ..self.clone()
        }
    }

    /// Whether any facet or the issue range narrows the view (the search
    /// aside).
    pub fn has_filters(&self) -> bool {
        !self.sections.is_empty()
            || !self.tags.is_empty()
            || !self.langs.is_empty()
            || !self.editions.is_empty()
            || !self.years.is_empty()
            || self.issue_from.is_some()
            || self.issue_to.is_some()
    }

    /// The same view with every filter and the search removed, except
    /// those an embed locked.
    pub fn cleared(&self) -> ViewState {
        let keep = |id: &str| self.is_locked(id);
        ViewState {
            text: if keep("q") {
                self.text.clone()
            } else {
                String::new()
            },
            sections: if keep("section") {
                self.sections.clone()
            } else {
                Vec::new()
            },
            tags: if keep("tag") {
                self.tags.clone()
            } else {
                Vec::new()
            },
            langs: if keep("lang") {
                self.langs.clone()
            } else {
                Vec::new()
            },
            editions: if keep("edition") {
                self.editions.clone()
            } else {
                Vec::new()
            },
            years: if keep("year") {
                self.years.clone()
            } else {
                Vec::new()
            },
            issue_from: self.issue_from.filter(|_| keep("range")),
            issue_to: self.issue_to.filter(|_| keep("range")),
            sort: self.sort,
            show_removed: self.show_removed,
            each_link_once: self.each_link_once,
            ui_lang: self.ui_lang,
            archive: self.archive.clone(),
            embed: self.embed,
            locked: self.locked.clone(),
            link_target: self.link_target,
            at: None,
        }
    }

    /// Whether `other` differs from this state only in its search text: the
    /// reader is typing, so the history entry is replaced, not added.
    pub fn differs_only_in_text(&self, other: &ViewState) -> bool {
        self.text != other.text
            && ViewState {
                text: other.text.clone(),
                ..self.clone()
            } == *other
    }

    /// The engine query for this state, for one window of rows.
    pub fn to_query(&self, offset: usize, limit: usize) -> Query {
        Query {
            text: self.text.clone(),
            sections: self.sections.clone(),
            tags: self.tags.clone(),
            langs: self.langs.clone(),
            editions: self.editions.clone(),
            years: self.years.clone(),
            issue_from: self.issue_from,
            issue_to: self.issue_to,
            include_removed: self.show_removed,
            each_link_once: self.each_link_once,
            sort: self.sort,
            offset,
            limit,
        }
    }
}

/// The `sort` parameter's value for an order; the default (newest first)
/// has none.
pub fn sort_param(sort: Sort) -> Option<&'static str> {
    match sort {
        Sort::NewestFirst => None,
        Sort::OldestFirst => Some("oldest"),
        Sort::BestMatch => Some("best"),
    }
}

/// The order a `sort` value names; anything else is the default.
pub fn sort_from_param(value: &str) -> Sort {
    match value {
        "oldest" => Sort::OldestFirst,
        "best" => Sort::BestMatch,
        _ => Sort::NewestFirst,
    }
}

/// The value of the sort menu's default option.
pub const NEWEST: &str = "newest";

/// Adds the comma-separated values that parse, without duplicates.
fn push_list<T: PartialEq>(list: &mut Vec<T>, value: &str, parse: impl Fn(&str) -> Option<T>) {
    for item in value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
        if let Some(parsed) = parse(item) {
            if list.len() < MAX_VALUES && !list.contains(&parsed) {
                list.push(parsed);
            }
        }
    }
}

/// Section and tag ids are short lowercase ASCII slugs.
/// An entry id as the builder makes them (`zh-12-articles-3`).
fn is_entry_id(value: &str) -> bool {
    value.len() <= 80 && is_id_bytes(value)
}

fn is_id(value: &str) -> bool {
    value.len() <= 40 && is_id_bytes(value)
}

fn is_id_bytes(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Toggles `value` in a facet list: adds it if absent, removes it if present.
pub fn toggle<T: PartialEq>(list: &mut Vec<T>, value: T) {
    match list.iter().position(|v| *v == value) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(value),
    }
}

/// Appends `component` form-encoded: space as `+`, every byte but
/// `A-Z a-z 0-9 * - . _` as `%XX` (the `application/x-www-form-urlencoded`
/// serializer of the URL standard).
fn form_encode(component: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in component.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> ViewState {
        ViewState::from_pairs(query.split('&').filter_map(|kv| kv.split_once('=')))
    }

    #[test]
    fn reads_every_parameter() {
        let s = parse("q=异步 io&section=articles,projects&tag=async&lang=en,zh-en&edition=zh&year=2024&from=40&to=60&sort=oldest&removed=1&once=1&ui=zh&archive=real/archive.json&at=en-159-articles-3");
        assert_eq!(s.text, "异步 io");
        assert_eq!(s.at.as_deref(), Some("en-159-articles-3"));
        assert_eq!(s.sections, ["articles", "projects"]);
        assert_eq!(s.tags, ["async"]);
        assert_eq!(s.langs, [Lang::En, Lang::ZhEn]);
        assert_eq!(s.editions, [Edition::Zh]);
        assert_eq!(s.years, [2024]);
        assert_eq!((s.issue_from, s.issue_to), (Some(40), Some(60)));
        assert_eq!(s.sort, Sort::OldestFirst);
        assert!(s.show_removed);
        assert!(s.each_link_once);
        assert_eq!(s.ui_lang, Some(Edition::Zh));
        assert_eq!(s.archive.as_deref(), Some("real/archive.json"));
    }

    #[test]
    fn query_string_is_form_encoded_and_reads_back() {
        let s = parse("q=a b&section=articles,projects&archive=real/archive.json");
        assert_eq!(
            s.to_query_string(),
            "q=a+b&section=articles%2Cprojects&archive=real%2Farchive.json"
        );
        let s = ViewState {
            text: "异步 *-._~+&=%".into(),
            ..ViewState::default()
        };
        let query = s.to_query_string();
        assert_eq!(query, "q=%E5%BC%82%E6%AD%A5+*-._%7E%2B%26%3D%25");
        let decoded = query.strip_prefix("q=").unwrap().replace('+', " ");
        let bytes: Vec<u8> = decoded
            .split('%')
            .enumerate()
            .flat_map(|(i, part)| {
                let (hex, rest) = if i == 0 { ("", part) } else { part.split_at(2) };
                let byte = u8::from_str_radix(hex, 16).ok();
                byte.into_iter().chain(rest.bytes())
            })
            .collect();
        assert_eq!(String::from_utf8(bytes).unwrap(), s.text);
        assert_eq!(ViewState::default().to_query_string(), "");
    }

    #[test]
    fn ignores_unknown_and_malformed_values() {
        let s = parse("utm_source=x&lang=klingon,en&edition=fr&year=99,abc,2025&from=-3&to=ten&sort=random&ui=fr&section=<script>,articles&tag=&at=\"><b>");
        assert_eq!(s.at, None, "not an entry id");
        assert_eq!(s.langs, [Lang::En]);
        assert!(s.editions.is_empty());
        assert_eq!(s.years, [2025]);
        assert_eq!((s.issue_from, s.issue_to), (None, None));
        assert_eq!(s.sort, Sort::NewestFirst);
        assert_eq!(s.ui_lang, None, "no French UI");
        assert_eq!(s.sections, ["articles"]);
        assert!(s.tags.is_empty());
    }

    #[test]
    fn round_trips_through_pairs() {
        let s =
            parse("q=py 教&tag=async,typing&lang=ja&year=2023,2026&to=12&ui=en&at=zh-1-books-2");
        let again = ViewState::from_pairs(s.to_pairs());
        assert_eq!(again, s);
        assert_eq!(ViewState::default().to_pairs(), vec![]);
        for sort in [Sort::NewestFirst, Sort::OldestFirst, Sort::BestMatch] {
            let s = ViewState {
                sort,
                ..ViewState::default()
            };
            assert_eq!(ViewState::from_pairs(s.to_pairs()).sort, sort);
        }
        assert_eq!(parse("sort=best").sort, Sort::BestMatch);
        assert_eq!(
            s.to_pairs()[0],
            ("q", "py 教".to_string()),
            "the search comes first"
        );
    }

    #[test]
    fn duplicate_values_collapse_and_lists_are_bounded() {
        let s = parse("tag=a,a,b&tag=b");
        assert_eq!(s.tags, ["a", "b"]);
        let many = (0..500)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse(&format!("tag={many}")).tags.len(), MAX_VALUES);
        assert_eq!(
            parse(&format!("q={}", "x".repeat(5000))).text.len(),
            MAX_TEXT
        );
    }

    #[test]
    fn clearing_keeps_sort_language_and_archive() {
        let s = parse("q=x&tag=a&sort=oldest&ui=zh&archive=a.json");
        assert!(s.has_filters() && !s.text.is_empty());
        let c = s.cleared();
        assert!(!c.has_filters() && c.text.is_empty());
        assert_eq!(
            (c.sort, c.ui_lang, c.archive.as_deref()),
            (Sort::OldestFirst, Some(Edition::Zh), Some("a.json"))
        );
    }

    #[test]
    fn embeds_lock_filters_and_open_the_full_view() {
        let s = parse("embed=1&tag=async&lang=en&q=io&locked=tag,bogus,q&target=top");
        assert!(s.embed);
        assert_eq!(s.locked, ["tag", "q"]);
        assert_eq!(s.link_target, LinkTarget::Top);
        let c = s.cleared();
        assert_eq!(
            (c.tags.as_slice(), c.text.as_str()),
            (["async".to_string()].as_slice(), "io")
        );
        assert!(c.langs.is_empty(), "an unlocked filter is cleared");
        let full = s.full_view();
        assert!(!full.embed && full.locked.is_empty() && full.link_target == LinkTarget::NewTab);
        assert_eq!(full.tags, ["async"]);
        assert_eq!(ViewState::from_pairs(s.to_pairs()), s);
    }

    #[test]
    fn typing_is_told_apart_from_other_changes() {
        let a = parse("q=asy&tag=async");
        assert!(a.differs_only_in_text(&parse("q=asyn&tag=async")));
        assert!(!a.differs_only_in_text(&parse("q=asyn")));
        assert!(!a.differs_only_in_text(&a.clone()));
    }

    #[test]
    fn toggle_adds_then_removes() {
        let mut v = vec![1, 2];
        toggle(&mut v, 3);
        toggle(&mut v, 1);
        assert_eq!(v, [2, 3]);
    }
}
