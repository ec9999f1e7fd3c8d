//! The page header: title, UI language and theme switches.

use crate::app::View;
use crate::history::page_url;
use leptos::prelude::*;
use weekly_core::archive::Edition;

const THEME_KEY: &str = "weekly-theme";

#[component]
pub fn SiteHeader() -> impl IntoView {
    let view = expect_context::<View>();
    let dark = RwSignal::new(initial_dark());
    Effect::new(move |_| {
        let theme = if dark.get() { "dark" } else { "light" };
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-theme", theme);
        }
    });
    let toggle_theme = move |_| {
        dark.update(|d| *d = !*d);
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ = storage.set_item(
                THEME_KEY,
                if dark.get_untracked() {
                    "dark"
                } else {
                    "light"
                },
            );
        }
    };
    let set_ui = move |ev| {
        let lang = Edition::from_code(&event_target_value(&ev));
        view.update(|s| s.ui_lang = lang);
    };
    view! {
        <header class="site-header">
            <a class="skip-link" href="#results">{view.text(|s| s.skip_to_results)}</a>
            <h1>{view.text(|s| s.site_title)}</h1>
            <Show when=move || view.state.with(|s| s.embed)>
                <a class="full-archive-link" data-testid="full-archive" target="_blank" rel="noopener noreferrer"
                    href=move || view.state.with(|s| page_url(&s.full_view()))>
                    {view.text(|s| s.open_full_archive)}
                </a>
            </Show>
            <div class="header-tools">
                <label class="visually-hidden" for="ui-lang">{view.text(|s| s.ui_language)}</label>
                <select id="ui-lang" class="select" on:change=set_ui data-testid="ui-lang"
                    prop:value=move || view.ui_lang().code().to_string()>
                    <option value="en" lang="en">"English"</option>
                    <option value="zh" lang="zh">"中文"</option>
                    <option value="ja" lang="ja">"日本語"</option>
                </select>
                <button type="button" class="button button-quiet" data-testid="theme-toggle"
                    aria-pressed=move || dark.get().to_string() on:click=toggle_theme>
                    {view.text(|s| s.dark_theme)}
                </button>
            </div>
        </header>
    }
}

/// The stored choice, else the system's preference.
fn initial_dark() -> bool {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    match stored.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    }
}
