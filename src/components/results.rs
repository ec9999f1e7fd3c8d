//! The result list: count, rows rendered a page at a time, empty state.

use crate::app::{Loaded, View};
use crate::components::entry_card::EntryCard;
use crate::components::status::EmptyPanel;
use crate::components::viewer::{Results, PAGE};
use leptos::html::Div;
use leptos::prelude::*;

/// How close the end of the list may come to the viewport before the next
/// page of rows is added.
const PRELOAD_MARGIN: &str = "800px";

#[component]
pub fn ResultList() -> impl IntoView {
    let view = expect_context::<View>();
    let loaded = expect_context::<Loaded>();
    let Results(result) = expect_context::<Results>();
    let archive = StoredValue::new(loaded.archive.clone());
    let total = move || result.with(|r| r.total);
    let more_left = move || result.with(|r| r.rows.len() < r.total);
    let show_more = move || {
        if more_left() {
            view.shown.update(|n| *n += PAGE);
        }
    };
    let end = NodeRef::<Div>::new();
    // Add rows while the end of the list is near the viewport. (An
    // IntersectionObserver, not a scroll listener: in an embed the page
    // scrolls in the host, and the observer still sees it.)
    let end_visible = RwSignal::new(false);
    let rearm = watch_visibility(end, end_visible);
    // One page per sighting of the list's end: the flag is cleared, a page
    // added, and the observer asked again once the new rows are laid out
    // (so a tall screen still fills, and one sighting never loads all).
    Effect::new(move |_| {
        if end_visible.get() && result.with_untracked(|r| r.rows.len() < r.total) {
            end_visible.set(false);
            view.shown.update(|n| *n += PAGE);
            rearm();
        }
    });
    let query_text = move || view.state.with(|s| s.text.clone());
    view! {
        <p class="result-count" role="status" aria-live="polite" data-testid="result-count">
            {move || view.strings().results(total())}
        </p>
        <Show when=move || { total() > 0 } fallback=|| view! { <EmptyPanel /> }>
            <div class="entries" data-testid="entries">
                <For
                    each=move || {
                        let text = query_text();
                        result.with(|r| r.rows.iter().map(|row| (row.entry, text.clone(), row.highlights.clone())).collect::<Vec<_>>())
                    }
                    key=|(entry, text, _)| (*entry, text.clone())
                    children=move |(entry, _, highlights)| {
                        let entry = archive.with_value(|a| a.entries[entry].clone());
                        view! { <EntryCard entry highlights /> }
                    }
                />
            </div>
            <div node_ref=end class="list-end">
                <Show when=more_left>
                    <button type="button" class="button button-quiet" on:click=move |_| show_more()>
                        {move || view.strings().loading_more}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

/// Sets `visible` while the element of `node` is within [`PRELOAD_MARGIN`]
/// of the viewport. The returned function re-observes the element, which
/// reports its state afresh after the next layout.
fn watch_visibility(node: NodeRef<Div>, visible: RwSignal<bool>) -> impl Fn() + Copy + 'static {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

    let observer: StoredValue<Option<SendWrapper<IntersectionObserver>>> = StoredValue::new(None);
    let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(last) = entries.iter().last() {
            visible.set(
                last.unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting(),
            );
        }
    });
    let options = IntersectionObserverInit::new();
    options.set_root_margin(PRELOAD_MARGIN);
    let observe = move || {
        let el = node.get_untracked();
        observer.with_value(|o| {
            if let Some(o) = o {
                o.disconnect();
                if let Some(el) = &el {
                    o.observe(el);
                }
            }
        });
    };
    let Ok(created) =
        IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options)
    else {
        return observe;
    };
    on_change.forget();
    observer.set_value(Some(SendWrapper::new(created)));
    // The list end is re-created when results go to none and come back.
    Effect::new(move |_| {
        node.track();
        observe();
    });
    on_cleanup(move || {
        observer
            .with_value(|o| o.as_ref().map(|o| o.disconnect()))
            .unwrap_or_default()
    });
    observe
}
