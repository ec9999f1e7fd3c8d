//! Active filters as removable chips, with one "clear all". Filters an
//! embed locked are shown too, but cannot be removed.

use crate::app::{Loaded, View};
use crate::facet_model::active_chips;
use leptos::prelude::*;

#[component]
pub fn ActiveFilters() -> impl IntoView {
    let view = expect_context::<View>();
    let loaded = expect_context::<Loaded>();
    let strings = move || view.strings();
    let chips = Memo::new(move |_| {
        view.state
            .with(|s| active_chips(&loaded.archive, s, view.strings(), view.ui_lang()))
    });
    let any_removable = move || chips.with(|c| c.iter().any(|chip| !chip.locked));
    view! {
        <Show when=move || chips.with(|c| !c.is_empty())>
            <div class="chips" role="group" aria-label=view.text(|s| s.active_filters) data-testid="chips">
                {move || chips.get().into_iter().map(|chip| {
                    if chip.locked {
                        return view! { <span class="chip chip-locked">{chip.label}</span> }.into_any();
                    }
                    let remove = chip.remove.clone();
                    let aria = format!("{}: {}", strings().remove_filter, chip.label);
                    view! {
                        <button type="button" class="chip" aria-label=aria
                            on:click=move |_| {
                                view.update(|s| remove.remove_from(s));
                                crate::components::search_box::keep_focus();
                            }>
                            <span>{chip.label}</span>
                            <span class="chip-x" aria-hidden="true">"×"</span>
                        </button>
                    }.into_any()
                }).collect_view()}
                <Show when=any_removable>
                    <button type="button" class="chip chip-clear" data-testid="clear-all"
                        on:click=move |_| {
                            view.update(|s| *s = s.cleared());
                            crate::components::search_box::keep_focus();
                        }>
                        {view.text(|s| s.clear_all)}
                    </button>
                </Show>
            </div>
        </Show>
    }
}
