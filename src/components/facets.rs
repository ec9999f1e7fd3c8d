//! The facet panel: one group of checkboxes per facet, each option with its
//! disjunctive count, plus the issue range.

use crate::app::{Loaded, View};
use crate::components::viewer::ShownCounts;
use crate::facet_model::{facet_options, Facet};
use leptos::prelude::*;

#[component]
pub fn FacetPanel() -> impl IntoView {
    let view = expect_context::<View>();
    // Counts of a preview are not the archive's: options come with it.
    let complete = expect_context::<Loaded>().complete;
    // Open beside the results on wide screens; folded above them on
    // phones and in embeds, so the results come first.
    let open = !view.state.with_untracked(|s| s.embed) && is_wide_screen();
    view! {
        <aside class="facets-panel" aria-labelledby="facets-title" data-testid="facets">
            <details class="facets" prop:open=open>
                <summary><h2 id="facets-title" class="facets-title">{view.text(|s| s.filters)}</h2></summary>
                {complete.then(|| Facet::ALL.map(|facet| view! { <FacetGroup facet /> }).collect_view())}
                <IssueRange />
                <SortAndRemoved />
            </details>
        </aside>
    }
}

/// Not the narrow layout of `main.css` (`max-width: 48rem`, one column):
/// the same query, so the panel never opens above the results at exactly
/// 48rem.
fn is_wide_screen() -> bool {
    !window()
        .match_media("(max-width: 48rem)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Options beyond which a list may scroll (`max-height: 16rem`): such a
/// list takes the focus itself, so a keyboard can scroll it when none of
/// its options can be focused (all disabled). Shorter lists are no extra
/// Tab stop.
const OPTIONS_THAT_FIT: usize = 8;

#[component]
fn FacetGroup(facet: Facet) -> impl IntoView {
    let view = expect_context::<View>();
    let loaded = expect_context::<Loaded>();
    let ShownCounts(counts) = expect_context::<ShownCounts>();
    let options = Memo::new(move |_| {
        let ui = view.ui_lang();
        let strings = view.strings();
        view.state.with(|state| {
            counts.with(|c| facet_options(facet, c, &loaded.archive, state, strings, ui))
        })
    });
    let title_id = format!("facet-title-{}", facet.id());
    let has_options =
        move || options.with(|o| !o.is_empty()) && !view.state.with(|s| s.is_locked(facet.id()));
    view! {
        <Show when=has_options>
            <fieldset class="facet" data-facet=facet.id()>
                <legend id=title_id.clone()>{move || facet.title(view.strings())}</legend>
                // A list that takes the focus is named by its facet.
                <ul class="facet-options" aria-labelledby=title_id.clone()
                    tabindex=move || options.with(|o| o.len() > OPTIONS_THAT_FIT).then_some("0")>
                    {move || options.get().into_iter().map(|option| {
                        let id = format!("facet-{}-{}", facet.id(), option.code);
                        let code = option.code.clone();
                        let disabled = option.disabled();
                        view! {
                            <li class="facet-option" class:is-disabled=disabled>
                                <input type="checkbox" id=id.clone() value=option.code.clone()
                                    prop:checked=option.checked disabled=disabled
                                    on:change=move |_| view.update(|s| facet.toggle(s, &code)) />
                                <label for=id>
                                    <span class="facet-label">{option.label}</span>
                                    <span class="facet-count">{option.count}</span>
                                </label>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </fieldset>
        </Show>
    }
}

/// From/to issue numbers.
#[component]
fn IssueRange() -> impl IntoView {
    let view = expect_context::<View>();
    let parse = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<u32>().ok();
    view! {
        <Show when=move || !view.state.with(|s| s.is_locked("range"))>
        <fieldset class="facet facet-range">
            <legend>{view.text(|s| s.issue_range)}</legend>
            <div class="range-inputs">
                <label>
                    <span>{view.text(|s| s.issue_from)}</span>
                    <input type="number" min="0" inputmode="numeric" class="input" data-testid="issue-from"
                        prop:value=move || view.state.with(|s| s.issue_from.map(|n| n.to_string()).unwrap_or_default())
                        on:change=move |ev| { let n = parse(&ev); view.update(|s| s.issue_from = n) } />
                </label>
                <label>
                    <span>{view.text(|s| s.issue_to)}</span>
                    <input type="number" min="0" inputmode="numeric" class="input" data-testid="issue-to"
                        prop:value=move || view.state.with(|s| s.issue_to.map(|n| n.to_string()).unwrap_or_default())
                        on:change=move |ev| { let n = parse(&ev); view.update(|s| s.issue_to = n) } />
                </label>
            </div>
        </fieldset>
        </Show>
    }
}

/// Sort order and whether removed items are listed.
#[component]
fn SortAndRemoved() -> impl IntoView {
    use crate::url_state::{sort_from_param, sort_param, NEWEST};
    let view = expect_context::<View>();
    view! {
        <div class="facet facet-sort">
            <label for="sort">{view.text(|s| s.sort)}</label>
            <select id="sort" class="select" data-testid="sort"
                prop:value=move || sort_param(view.state.with(|s| s.sort)).unwrap_or(NEWEST)
                on:change=move |ev| {
                    let sort = sort_from_param(&event_target_value(&ev));
                    view.update(|s| s.sort = sort);
                }>
                <option value=NEWEST>{view.text(|s| s.newest_first)}</option>
                <option value="oldest">{view.text(|s| s.oldest_first)}</option>
                // Without search text it lists newest first.
                <option value="best">{view.text(|s| s.best_match)}</option>
            </select>
            <label class="checkbox-line">
                <input type="checkbox" prop:checked=move || view.state.with(|s| s.show_removed)
                    on:change=move |_| view.update(|s| s.show_removed = !s.show_removed) />
                <span>{view.text(|s| s.show_removed)}</span>
            </label>
            <label class="checkbox-line">
                <input type="checkbox" data-testid="each-link-once" prop:checked=move || view.state.with(|s| s.each_link_once)
                    on:change=move |_| view.update(|s| s.each_link_once = !s.each_link_once) />
                <span>{view.text(|s| s.each_link_once)}</span>
            </label>
        </div>
    }
}
