//! What the facet panel and the filter chips show, derived from the
//! archive, the engine's counts and the view state. Pure, so it is tested
//! natively.

use crate::i18n::Strings;
use crate::url_state::{toggle, ViewState};
use weekly_core::archive::{Archive, Edition, Labels, Lang};
use weekly_core::query::FacetCounts;

/// The facets a reader can filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Edition,
    Section,
    Tag,
    Lang,
    Year,
}

impl Facet {
    /// Display order of the panel.
    pub const ALL: [Facet; 5] = [
        Facet::Edition,
        Facet::Section,
        Facet::Tag,
        Facet::Lang,
        Facet::Year,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Facet::Edition => "edition",
            Facet::Section => "section",
            Facet::Tag => "tag",
            Facet::Lang => "lang",
            Facet::Year => "year",
        }
    }

    pub fn title(self, strings: &Strings) -> &'static str {
        match self {
            Facet::Edition => strings.edition,
            Facet::Section => strings.section,
            Facet::Tag => strings.topic,
            Facet::Lang => strings.link_language,
            Facet::Year => strings.year,
        }
    }

    /// Adds or removes one option (by its code) in the view state.
    pub fn toggle(self, state: &mut ViewState, code: &str) {
        match self {
            Facet::Edition => {
                if let Some(e) = Edition::from_code(code) {
                    toggle(&mut state.editions, e)
                }
            }
            Facet::Section => toggle(&mut state.sections, code.to_string()),
            Facet::Tag => toggle(&mut state.tags, code.to_string()),
            Facet::Lang => {
                if let Some(l) = Lang::from_code(code) {
                    toggle(&mut state.langs, l)
                }
            }
            Facet::Year => {
                if let Ok(y) = code.parse() {
                    toggle(&mut state.years, y)
                }
            }
        }
    }

    /// The codes selected in this facet.
    pub fn selected(self, state: &ViewState) -> Vec<String> {
        match self {
            Facet::Edition => state
                .editions
                .iter()
                .map(|e| e.code().to_string())
                .collect(),
            Facet::Section => state.sections.clone(),
            Facet::Tag => state.tags.clone(),
            Facet::Lang => state.langs.iter().map(|l| l.code().to_string()).collect(),
            Facet::Year => state.years.iter().map(u16::to_string).collect(),
        }
    }
}

/// One option of a facet, as the panel renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetOption {
    pub code: String,
    pub label: String,
    /// Entries the view would have with this option added (disjunctive).
    pub count: usize,
    pub checked: bool,
}

impl FacetOption {
    /// An option that would give nothing is shown, but cannot be picked.
    pub fn disabled(&self) -> bool {
        self.count == 0 && !self.checked
    }
}

/// The options of `facet`, in the engine's order, labelled in `ui`.
pub fn facet_options(
    facet: Facet,
    counts: &FacetCounts,
    archive: &Archive,
    state: &ViewState,
    strings: &Strings,
    ui: Edition,
) -> Vec<FacetOption> {
    let selected = facet.selected(state);
    let option = |code: String, label: String, count: usize| FacetOption {
        checked: selected.contains(&code),
        code,
        label,
        count,
    };
    match facet {
        Facet::Edition => counts
            .editions
            .iter()
            .map(|c| {
                option(
                    c.key.code().into(),
                    strings.edition_name(c.key).into(),
                    c.count,
                )
            })
            .collect(),
        Facet::Section => counts
            .sections
            .iter()
            .map(|c| {
                option(
                    c.key.to_string(),
                    section_label(archive, &c.key, ui),
                    c.count,
                )
            })
            .collect(),
        Facet::Tag => counts
            .tags
            .iter()
            .map(|c| option(c.key.to_string(), tag_label(archive, &c.key, ui), c.count))
            .collect(),
        Facet::Lang => counts
            .langs
            .iter()
            .map(|c| {
                option(
                    c.key.code().into(),
                    strings.lang_name(c.key).into(),
                    c.count,
                )
            })
            .collect(),
        Facet::Year => counts
            .years
            .iter()
            .map(|c| option(c.key.to_string(), c.key.to_string(), c.count))
            .collect(),
    }
}

fn label_in(labels: Option<&Labels>, ui: Edition, id: &str) -> String {
    labels
        .map(|l| l.get(ui))
        .filter(|l| !l.is_empty())
        .unwrap_or(id)
        .to_string()
}

/// A section's label in the UI language (its id when the archive has none).
pub fn section_label(archive: &Archive, id: &str, ui: Edition) -> String {
    label_in(
        archive
            .sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| &s.labels),
        ui,
        id,
    )
}

/// A topic tag's label in the UI language (its id when the archive has none).
pub fn tag_label(archive: &Archive, id: &str, ui: Edition) -> String {
    label_in(
        archive.tags.iter().find(|t| t.id == id).map(|t| &t.labels),
        ui,
        id,
    )
}

/// One active filter, as a removable chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    pub label: String,
    pub remove: ChipTarget,
    /// Locked by an embed: shown, but the reader cannot remove it.
    pub locked: bool,
}

/// What removing a chip takes out of the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChipTarget {
    Option(Facet, String),
    IssueFrom,
    IssueTo,
    /// One issue: from and to the same number.
    Issue,
}

impl ChipTarget {
    pub fn remove_from(&self, state: &mut ViewState) {
        match self {
            ChipTarget::Option(facet, code) => facet.toggle(state, code),
            ChipTarget::IssueFrom => state.issue_from = None,
            ChipTarget::IssueTo => state.issue_to = None,
            ChipTarget::Issue => (state.issue_from, state.issue_to) = (None, None),
        }
    }
}

/// Every active filter, facet by facet, then the issue range.
pub fn active_chips(
    archive: &Archive,
    state: &ViewState,
    strings: &Strings,
    ui: Edition,
) -> Vec<Chip> {
    let mut chips = Vec::new();
    for facet in Facet::ALL {
        for code in facet.selected(state) {
            let label = match facet {
                Facet::Edition => {
                    Edition::from_code(&code).map(|e| strings.edition_name(e).to_string())
                }
                Facet::Section => Some(section_label(archive, &code, ui)),
                Facet::Tag => Some(tag_label(archive, &code, ui)),
                Facet::Lang => Lang::from_code(&code).map(|l| strings.lang_name(l).to_string()),
                Facet::Year => Some(code.clone()),
            }
            .unwrap_or_else(|| code.clone());
            chips.push(Chip {
                label: format!("{}{}{label}", facet.title(strings), strings.chip_separator),
                remove: ChipTarget::Option(facet, code),
                locked: state.is_locked(facet.id()),
            });
        }
    }
    let range_locked = state.is_locked("range");
    if let (Some(from), Some(to)) = (state.issue_from, state.issue_to) {
        if from == to {
            chips.push(Chip {
                label: strings.one_issue(from),
                remove: ChipTarget::Issue,
                locked: range_locked,
            });
            return chips;
        }
    }
    if let Some(from) = state.issue_from {
        chips.push(Chip {
            label: format!("{} #{from}", strings.issue_from),
            remove: ChipTarget::IssueFrom,
            locked: range_locked,
        });
    }
    if let Some(to) = state.issue_to {
        chips.push(Chip {
            label: format!("{} #{to}", strings.issue_to),
            remove: ChipTarget::IssueTo,
            locked: range_locked,
        });
    }
    chips
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};
    use weekly_core::archive::{SectionInfo, TagInfo, FORMAT_VERSION};
    use weekly_core::query::FacetCount;

    fn archive() -> Archive {
        let labels = |zh: &str, en: &str| Labels {
            zh: zh.into(),
            en: en.into(),
            ja: String::new(),
        };
        Archive {
            format_version: FORMAT_VERSION,
            issues: vec![],
            entries: vec![],
            sections: vec![SectionInfo {
                id: "articles".into(),
                labels: labels("文章&教程", "Articles & Tutorials"),
            }],
            tags: vec![TagInfo {
                id: "async".into(),
                labels: labels("异步", "Async"),
            }],
            issue_url: None,
        }
    }

    fn counts() -> FacetCounts {
        FacetCounts {
            sections: vec![
                FacetCount {
                    key: "articles".into(),
                    count: 3,
                },
                FacetCount {
                    key: "picks".into(),
                    count: 0,
                },
            ],
            tags: vec![FacetCount {
                key: "async".into(),
                count: 0,
            }],
            langs: vec![FacetCount {
                key: Lang::En,
                count: 2,
            }],
            editions: vec![FacetCount {
                key: Edition::Zh,
                count: 5,
            }],
            years: vec![FacetCount {
                key: 2025,
                count: 1,
            }],
        }
    }

    #[test]
    fn options_are_labelled_counted_and_checked() {
        let mut state = ViewState::default();
        state.tags.push("async".into());
        let sections = facet_options(
            Facet::Section,
            &counts(),
            &archive(),
            &state,
            &ZH,
            Edition::Zh,
        );
        assert_eq!(sections[0].label, "文章&教程");
        assert_eq!(
            sections[1].label, "picks",
            "a section without labels shows its id"
        );
        assert!(sections[1].disabled() && !sections[0].disabled());
        let tags = facet_options(Facet::Tag, &counts(), &archive(), &state, &EN, Edition::En);
        assert_eq!((tags[0].label.as_str(), tags[0].checked), ("Async", true));
        assert!(
            !tags[0].disabled(),
            "a checked option stays clickable even at 0"
        );
        let langs = facet_options(Facet::Lang, &counts(), &archive(), &state, &EN, Edition::En);
        assert_eq!(
            (langs[0].code.as_str(), langs[0].label.as_str()),
            ("en", "English")
        );
    }

    #[test]
    fn toggling_adds_and_removes_each_kind() {
        let mut state = ViewState::default();
        for (facet, code) in [
            (Facet::Edition, "ja"),
            (Facet::Lang, "zh-en"),
            (Facet::Year, "2024"),
            (Facet::Section, "books"),
        ] {
            facet.toggle(&mut state, code);
            assert_eq!(facet.selected(&state), [code]);
            facet.toggle(&mut state, code);
            assert!(facet.selected(&state).is_empty());
        }
        Facet::Edition.toggle(&mut state, "fr");
        assert!(state.editions.is_empty(), "unknown codes change nothing");
    }

    #[test]
    fn chips_list_every_filter_and_remove_it() {
        let mut state = ViewState::default();
        Facet::Tag.toggle(&mut state, "async");
        Facet::Edition.toggle(&mut state, "en");
        state.issue_from = Some(40);
        let chips = active_chips(&archive(), &state, &EN, Edition::En);
        let labels: Vec<_> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Edition: English edition", "Topic: Async", "From issue #40"]
        );
        assert!(chips.iter().all(|c| !c.locked));
        for chip in chips {
            chip.remove.remove_from(&mut state);
        }
        assert!(!state.has_filters());
    }

    #[test]
    fn one_issue_is_one_chip_in_the_ui_language() {
        let mut state = ViewState {
            issue_from: Some(36),
            issue_to: Some(36),
            ..ViewState::default()
        };
        Facet::Tag.toggle(&mut state, "async");
        let chips = active_chips(&archive(), &state, &ZH, Edition::Zh);
        let labels: Vec<_> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["主题：异步", "第 36 期"]);
        chips[1].remove.remove_from(&mut state);
        assert_eq!((state.issue_from, state.issue_to), (None, None));
        assert!(state.has_filters(), "the topic stays");
        state.issue_to = Some(40);
        let labels: Vec<_> = active_chips(&archive(), &state, &EN, Edition::En)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, ["Topic: Async", "To issue #40"]);
    }

    #[test]
    fn locked_filters_make_locked_chips() {
        let mut state = ViewState::default();
        Facet::Tag.toggle(&mut state, "async");
        Facet::Lang.toggle(&mut state, "en");
        state.locked = vec!["tag".into()];
        let chips = active_chips(&archive(), &state, &EN, Edition::En);
        let locked: Vec<_> = chips.iter().map(|c| (c.label.as_str(), c.locked)).collect();
        assert_eq!(
            locked,
            [("Topic: Async", true), ("Link language: English", false)]
        );
    }
}
