//! The loading and error states: designed panels, never a blank page.

use crate::i18n::Strings;
use leptos::prelude::*;

/// Shown while the archive downloads. Reserves the space results will take
/// so nothing jumps when they arrive.
#[component]
pub fn LoadingPanel(strings: &'static Strings) -> impl IntoView {
    view! {
        <div class="status status-loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <p>{strings.loading}</p>
        </div>
    }
}

/// Shown when the archive cannot be shown, with a way to try again.
#[component]
pub fn ErrorPanel(
    strings: &'static Strings,
    message: String,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="status status-error" role="alert" data-testid="load-error">
            <h2>{strings.error_title}</h2>
            <p class="status-message">{message}</p>
            <button type="button" class="button" on:click=move |_| on_retry()>
                {strings.retry}
            </button>
        </div>
    }
}
