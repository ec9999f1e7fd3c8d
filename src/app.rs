//! The application shell: loads the archive, then shows it, or says why not.

use crate::components::entry_list::EntryList;
use crate::components::status::{ErrorPanel, LoadingPanel};
use crate::i18n::{self, Strings};
use crate::load::fetch_archive;
use crate::url_state::archive_url;
use leptos::prelude::*;
use std::sync::Arc;
use weekly_core::archive::{Archive, Edition};

#[component]
pub fn App() -> impl IntoView {
    let ui_lang = Edition::En;
    let strings: &'static Strings = i18n::strings(ui_lang);
    let url = archive_url();
    let archive = LocalResource::new(move || {
        let url = url.clone();
        async move {
            fetch_archive(&url)
                .await
                .map(|loaded| (Arc::new(loaded.archive), loaded.skipped_entries))
        }
    });
    let body = move || match archive.get() {
        None => view! { <LoadingPanel strings /> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorPanel strings message=error.to_string() on_retry=move || archive.refetch() />
        }
        .into_any(),
        Some(Ok((archive, skipped))) => {
            view! { <Viewer archive skipped strings ui_lang /> }.into_any()
        }
    };
    view! {
        <header class="site-header">
            <h1>{strings.site_title}</h1>
        </header>
        <main class="site-main">{body}</main>
    }
}

#[component]
fn Viewer(
    archive: Arc<Archive>,
    skipped: usize,
    strings: &'static Strings,
    ui_lang: Edition,
) -> impl IntoView {
    view! {
        {(skipped > 0).then(|| view! {
            <p class="notice" role="note" data-testid="skipped-entries">
                {format!("{skipped} {}", strings.skipped_entries)}
            </p>
        })}
        <EntryList archive strings ui_lang />
    }
}
