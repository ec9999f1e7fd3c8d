//! The list of entries, rendered a page at a time.

use crate::components::entry_card::EntryCard;
use crate::i18n::Strings;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use weekly_core::archive::{Archive, Edition};

/// How many rows one update adds at most.
const PAGE: usize = 50;

#[component]
pub fn EntryList(
    archive: Arc<Archive>,
    strings: &'static Strings,
    ui_lang: Edition,
) -> impl IntoView {
    let total = archive.entries.len();
    let (shown, set_shown) = signal(PAGE.min(total));
    let issues: Arc<HashMap<(Edition, u32), usize>> = Arc::new(
        archive
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| ((issue.edition, issue.number), i))
            .collect(),
    );
    let rows = {
        let archive = archive.clone();
        move || {
            let archive = archive.clone();
            let issues = issues.clone();
            (0..shown.get())
                .map(move |i| {
                    let entry = archive.entries[i].clone();
                    let issue = issues
                        .get(&(entry.edition, entry.issue))
                        .map(|&k| archive.issues[k].clone());
                    let section_label = archive
                        .sections
                        .iter()
                        .find(|s| s.id == entry.section)
                        .map(|s| s.labels.get(ui_lang).to_string())
                        .unwrap_or_else(|| entry.section_title.clone());
                    view! { <EntryCard entry issue section_label strings /> }
                })
                .collect_view()
        }
    };
    view! {
        <p class="result-count" aria-live="polite">{format!("{total} {}", strings.entries_count)}</p>
        <div class="entries">{rows}</div>
        <Show when=move || { shown.get() < total }>
            <button type="button" class="button" on:click=move |_| set_shown.update(|n| *n = (*n + PAGE).min(total))>
                {strings.show_more}
            </button>
        </Show>
    }
}
