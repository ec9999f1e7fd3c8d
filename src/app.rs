//! The application shell: reads the view from the URL, loads the archive,
//! then shows the viewer, or says why it cannot.

use crate::components::header::SiteHeader;
use crate::components::search_box::SearchBox;
use crate::components::status::{ErrorPanel, LoadingPanel};
use crate::components::viewer::{Viewer, PAGE};
use crate::history::{archive_url, current_state, write_state};
use crate::i18n::{self, Strings};
use crate::load::fetch_archive;
use crate::url_state::ViewState;
use leptos::prelude::*;
use std::sync::Arc;
use weekly_core::archive::{Archive, Edition};
use weekly_core::query::{Engine, Sort};

/// The loaded archive with its search engine, shared by all components.
#[derive(Clone)]
pub struct Loaded {
    pub archive: Arc<Archive>,
    pub engine: Arc<Engine>,
    pub skipped_entries: usize,
    /// Why the first skipped entry was left out, for whoever maintains the
    /// archive.
    pub first_skip_reason: Option<String>,
    /// False for a preview: the first entries, shown while the rest
    /// downloads (their counts are not the archive's yet).
    pub complete: bool,
}

impl Loaded {
    fn new(archive: Archive, skipped_entries: usize, first_skip_reason: Option<String>) -> Loaded {
        let engine = Engine::new(&archive);
        Loaded {
            archive: Arc::new(archive),
            engine: Arc::new(engine),
            skipped_entries,
            first_skip_reason,
            complete: true,
        }
    }
}

/// How long typing pauses before the URL follows the search box.
const URL_AFTER_TYPING: std::time::Duration = std::time::Duration::from_millis(300);

/// The reader's view, with the rules for putting it in the history.
#[derive(Clone, Copy)]
pub struct View {
    pub state: RwSignal<ViewState>,
    /// How many result rows are rendered; back to [`PAGE`] on every new view.
    pub shown: RwSignal<usize>,
    /// The reader is typing a search: the history entry is replaced.
    typing: StoredValue<bool>,
    /// A replacement of the URL waiting for a pause in typing.
    url_write: StoredValue<Option<TimeoutHandle>>,
    /// The UI language, apart from the rest of the view: the UI's words
    /// (hundreds of text nodes) follow it, not every keystroke. Read
    /// through `state`, each of them re-ran and re-subscribed on every
    /// keystroke (quadratic in the number of subscribers).
    ui_lang: Memo<Edition>,
}

impl View {
    /// Changes the view and the URL. Typing a search adds one history
    /// entry for the first keystroke and replaces it with the search once
    /// typing pauses, so one Back returns to the view before the search.
    pub fn set(&self, next: ViewState) {
        let current = self.state.get_untracked();
        if current == next {
            return;
        }
        let text_only = current.differs_only_in_text(&next);
        let push = !(text_only && self.typing.get_value());
        self.typing.set_value(text_only);
        if push {
            // The search typed so far stays in the entry it leaves.
            self.flush_url_write();
            write_state(&next, true);
        } else {
            self.write_url_after_typing();
        }
        self.shown.set(PAGE);
        self.state.set(next);
    }

    /// Replaces the URL with the view once the reader pauses typing
    /// ([`URL_AFTER_TYPING`] after the last key; each key starts the wait
    /// anew), not on every keystroke: `replaceState` is a synchronous trip
    /// to Chromium's browser process, measured at ~2.5 ms per call (more
    /// than the search and its rows), and Chromium ignores history changes
    /// beyond 200 in 10 seconds.
    fn write_url_after_typing(self) {
        self.cancel_url_write();
        let write = move || {
            self.url_write.set_value(None);
            write_state(&self.state.get_untracked(), false);
        };
        match set_timeout_with_handle(write, URL_AFTER_TYPING) {
            Ok(handle) => self.url_write.set_value(Some(handle)),
            Err(_) => write(),
        }
    }

    /// Drops the replacement waiting for a pause; whether one was.
    fn cancel_url_write(self) -> bool {
        let waiting = self.url_write.get_value();
        if let Some(handle) = waiting {
            handle.clear();
            self.url_write.set_value(None);
        }
        waiting.is_some()
    }

    /// Writes a replacement still waiting for a pause now, before another
    /// history entry or when the page is left, so that Back returns to
    /// what the reader typed.
    fn flush_url_write(self) {
        if self.cancel_url_write() {
            write_state(&self.state.get_untracked(), false);
        }
    }

    /// Changes the view with `change` applied to a copy of the current one,
    /// as the reader chose: the entry an "also in" link brought into view
    /// (`at`) is left behind.
    pub fn update(&self, change: impl FnOnce(&mut ViewState)) {
        let mut next = self.state.get_untracked();
        next.at = None;
        change(&mut next);
        self.set(next);
    }

    /// The UI language: the reader's choice, else the browser's language.
    pub fn ui_lang(&self) -> Edition {
        self.ui_lang.get()
    }

    /// The UI language now, for what is re-created when it changes.
    pub fn ui_lang_untracked(&self) -> Edition {
        self.ui_lang.get_untracked()
    }

    pub fn strings(&self) -> &'static Strings {
        i18n::strings(self.ui_lang())
    }

    /// One of the UI's words, following the reader's language:
    /// `view.text(|s| s.retry)`. Every call returns the same closure type,
    /// so the wasm carries one reactive text node for all of the words
    /// instead of one per word (each is a few hundred bytes).
    pub fn text(
        self,
        pick: fn(&Strings) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || pick(self.strings())
    }
}

fn browser_ui_lang() -> Edition {
    let lang = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    i18n::ui_lang_for(&lang)
}

#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new(current_state());
    // Asked once: the browser's language does not change under the page.
    let browser_lang = browser_ui_lang();
    let view = View {
        state,
        shown: RwSignal::new(PAGE),
        typing: StoredValue::new(false),
        url_write: StoredValue::new(None),
        ui_lang: Memo::new(move |_| state.with(|s| s.ui_lang).unwrap_or(browser_lang)),
    };
    provide_context(view);
    // Back and forward: the URL is the truth.
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        // A replacement still waiting belongs to the entry just left.
        view.cancel_url_write();
        view.typing.set_value(false);
        view.shown.set(PAGE);
        view.state.set(current_state());
    });
    let _ = window_event_listener(leptos::ev::pagehide, move |_| view.flush_url_write());
    if view.state.with_untracked(|s| s.embed) {
        if let Some(html) = document().document_element() {
            let _ = html.class_list().add_1("is-embed");
        }
        crate::embed::report_height_to_parent();
    }
    Effect::new(move |_| {
        let lang = view.ui_lang();
        if let Some(html) = document().document_element() {
            // Chinese as the newsletter writes it (Simplified), so the
            // browser picks those glyphs; the others are the edition codes.
            let code = match lang {
                Edition::Zh => "zh-CN",
                other => other.code(),
            };
            let _ = html.set_attribute("lang", code);
        }
        // The tab and the history list say it in the reader's language too.
        document().set_title(crate::i18n::strings(lang).site_title);
    });

    let source = Memo::new(move |_| view.state.with(archive_url));
    // The first entries, while the rest downloads.
    let preview = RwSignal::new(None::<Loaded>);
    let archive = LocalResource::new(move || {
        let url = source.get();
        async move {
            preview.set(None);
            // Not once the reader has asked for another archive: this
            // download may run on, its result unused.
            let wanted = url.clone();
            let current = move || source.with_untracked(|now| *now == wanted);
            let show_preview = |archive: Archive| current() && show_preview(archive, view, preview);
            let loaded = fetch_archive(&url, show_preview).await?;
            let loaded = Loaded::new(
                loaded.archive,
                loaded.skipped_entries,
                loaded.first_skip_reason,
            );
            crate::timing::mark("weekly-engine-ready");
            if current() {
                preview.set(None);
            }
            Ok::<_, crate::load::FetchError>(loaded)
        }
    });
    let body = move || match archive.get() {
        None => match preview.get() {
            Some(loaded) => view! { <Viewer loaded /> }.into_any(),
            None => view! { <LoadingPanel /> }.into_any(),
        },
        Some(Err(error)) => {
            view! { <ErrorPanel message=error.to_string() on_retry=move || archive.refetch() /> }
                .into_any()
        }
        Some(Ok(loaded)) => view! { <Viewer loaded /> }.into_any(),
    };
    view! {
        <SiteHeader />
        // Outside the body: it stays (with the reader's focus and caret)
        // while a preview gives way to the whole archive.
        <main id="main" class="site-main"><SearchBox />{body}</main>
    }
}

/// Shows `archive`, the first entries of the archive, if they are the
/// first the reader's view lists (written newest first, as the builder
/// writes them, and listed so) and any of them is a result. Whether a
/// longer one would show more: this one has less than a page of results.
fn show_preview(archive: Archive, view: View, preview: RwSignal<Option<Loaded>>) -> bool {
    let query = view.state.with_untracked(|s| s.to_query(0, PAGE));
    if query.effective_sort() != Sort::NewestFirst {
        return false;
    }
    let loaded = Loaded {
        complete: false,
        ..Loaded::new(archive, 0, None)
    };
    if !loaded.engine.is_in_listing_order() {
        return false;
    }
    let rows = loaded.engine.run(&loaded.archive, &query).rows.len();
    if rows > 0 {
        preview.set(Some(loaded));
    }
    rows < PAGE
}
