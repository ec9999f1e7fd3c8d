//! The loading, error and empty states: designed panels, never a blank page.

use crate::app::View;
use leptos::prelude::*;

/// Shown while the archive downloads. It takes the space the results will
/// take, so nothing jumps when they arrive.
#[component]
pub fn LoadingPanel() -> impl IntoView {
    let view = expect_context::<View>();
    view! {
        <div class="status status-loading" role="status" aria-live="polite" data-testid="loading">
            <span class="spinner" aria-hidden="true"></span>
            <p>{view.text(|s| s.loading)}</p>
        </div>
    }
}

/// Shown when the archive cannot be shown, with a way to try again.
#[component]
pub fn ErrorPanel(message: String, on_retry: impl Fn() + 'static) -> impl IntoView {
    let view = expect_context::<View>();
    view! {
        <div class="status status-error" role="alert" data-testid="load-error">
            <svg class="status-icon" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M12 2 1 21h22L12 2zm0 6 .01 0M11 10h2v5h-2zm0 7h2v2h-2z" />
            </svg>
            <h2>{view.text(|s| s.error_title)}</h2>
            <p class="status-message">{message}</p>
            <button type="button" class="button" on:click=move |_| on_retry()>
                {view.text(|s| s.retry)}
            </button>
        </div>
    }
}

/// Shown when the filters and search match nothing: what to try, and a
/// button that clears what the reader may clear (not an embed's locks).
#[component]
pub fn EmptyPanel() -> impl IntoView {
    let view = expect_context::<View>();
    // Only the search to blame: say so, and offer to clear just that.
    let search_only = move || view.state.with(|s| !s.has_filters());
    view! {
        <div class="status status-empty" data-testid="no-results">
            // Under the list's "Results" heading.
            <h3>{view.text(|s| s.no_results_title)}</h3>
            <p>{move || if search_only() { view.strings().no_results_search_hint } else { view.strings().no_results_hint }}</p>
            <Show when=move || view.state.with(|s| *s != s.cleared())>
                <button type="button" class="button" on:click=move |_| {
                    view.update(|s| *s = s.cleared());
                    crate::components::search_box::keep_focus();
                }>
                    {move || if search_only() { view.strings().clear_search } else { view.strings().clear_filters }}
                </button>
            </Show>
        </div>
    }
}
