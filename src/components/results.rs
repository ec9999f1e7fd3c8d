//! The result list: count, rows rendered a page at a time, empty state.

use crate::app::{Loaded, View};
use crate::components::entry_card::EntryCard;
use crate::components::status::{EmptyPanel, LoadingPanel};
use crate::components::viewer::{Results, PAGE};
use leptos::html::Div;
use leptos::prelude::*;
use weekly_core::archive::Edition;

/// How close the end of the list may come to the viewport before the next
/// page of rows is added.
const PRELOAD_MARGIN: &str = "800px";

/// How many pages of rows are added, at most, to reach the entry an "also
/// in" link points at (one issue is two or three pages).
const PAGES_TO_REACH_AN_ENTRY: usize = 10;

/// New rows made in the frame of a change: what a 1280×900 screen shows
/// below the search box (and more than a phone's). The others follow in
/// the next task, so a keystroke's frame makes, lays out and paints fewer
/// rows (making rows was 61 % of a keystroke's script). 5 rather than 8:
/// key → paint p95 21.0 against 22.9 ms (medians of three alternating
/// runs, 2026-12-04).
const ROWS_IN_THE_FIRST_FRAME: usize = 5;

/// The id of the "Show more entries" button.
const SHOW_MORE_ID: &str = "show-more";

/// How long the count must stay put before it is announced.
const ANNOUNCE_AFTER: std::time::Duration = std::time::Duration::from_millis(700);

#[component]
pub fn ResultList() -> impl IntoView {
    let view = expect_context::<View>();
    let loaded = expect_context::<Loaded>();
    let Results(result) = expect_context::<Results>();
    let archive = StoredValue::new(loaded.archive.clone());
    // A preview: the first entries, while the rest downloads.
    let complete = loaded.complete;
    let total = move || result.with(|r| r.total);
    let more_left = move || result.with(|r| r.rows.len() < r.total);
    // The button's press adds a page and takes the focus to its first row,
    // where the reader goes on (the button may go with the last page).
    let show_more = move || {
        let first_new = result.with_untracked(|r| (r.rows.len() < r.total).then_some(r.rows.len()));
        if let Some(first_new) = first_new {
            view.shown.update(|n| *n += PAGE);
            request_animation_frame(move || focus_row(first_new));
        }
    };
    // The count a screen reader hears: once typing pauses, not per key.
    let announced = RwSignal::new(String::new());
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        let count = view.strings().results(total());
        if !complete {
            return;
        }
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || announced.set(count), ANNOUNCE_AFTER).ok();
        pending.set_value(handle);
    });
    let end = NodeRef::<Div>::new();
    // The rows the list has made, and the pass that made them.
    let made = StoredValue::new(MadeRows::default());
    let last_pass = StoredValue::new(0u32);
    // Add rows while the end of the list is near the viewport. (An
    // IntersectionObserver, not a scroll listener: in an embed the page
    // scrolls in the host, and the observer still sees it.)
    let end_visible = RwSignal::new(false);
    let rearm = watch_visibility(end, end_visible);
    // One page per sighting of the list's end: the flag is cleared, a page
    // added, and the observer asked again once the new rows are laid out
    // (so a tall screen still fills, and one sighting never loads all).
    // Rows still to be made (see `each` below): the list's end is not
    // where it will be, so a sighting waits until they are.
    let making = StoredValue::new(false);
    let passes = RwSignal::new(0u32);
    Effect::new(move |_| {
        if end_visible.get()
            && !making.get_value()
            && result.with_untracked(|r| r.rows.len() < r.total)
        {
            end_visible.set(false);
            // The last page takes the "Show more entries" button away: if
            // it has the focus (a reader tabbed to it, and it scrolled into
            // view), the focus goes where the button would have sent it.
            let (first_new, last_page) =
                result.with_untracked(|r| (r.rows.len(), r.rows.len() + PAGE >= r.total));
            let button_focused = document()
                .active_element()
                .is_some_and(|el| el.id() == SHOW_MORE_ID);
            view.shown.update(|n| *n += PAGE);
            if last_page && button_focused {
                request_animation_frame(move || focus_row(first_new));
            }
            // Ask again only after the new rows are laid out: asked at
            // once, the observer could still see the old end and load on.
            request_animation_frame(move || request_animation_frame(rearm));
        }
    });
    // The entry an "also in" link points at (`at`): rows are added until it
    // is rendered, then it is brought into view and focused, once.
    let reached: StoredValue<Option<String>> = StoredValue::new(None);
    Effect::new(move |_| {
        let Some(at) = view.state.with(|s| s.at.clone()) else {
            reached.set_value(None);
            return;
        };
        if !complete || reached.with_value(|r| r.as_deref() == Some(at.as_str())) {
            return;
        }
        let Some(index) = archive.with_value(|a| a.entries.iter().position(|e| e.id == at)) else {
            return;
        };
        let (rendered, more) = result.with(|r| {
            (
                r.rows.iter().any(|row| row.entry == index),
                r.rows.len() < r.total,
            )
        });
        if rendered {
            reached.set_value(Some(at.clone()));
            // Once the row is in the DOM and laid out (it may be made
            // in the pass after the first frame).
            request_animation_frame(move || bring_into_view(&at));
        } else if more && view.shown.get_untracked() < PAGE * PAGES_TO_REACH_AN_ENTRY {
            view.shown.update(|n| *n += PAGE);
        }
    });
    let surprise = {
        let loaded = loaded.clone();
        move |_| {
            let total = result.with_untracked(|r| r.total);
            if total == 0 {
                return;
            }
            let pick = ((js_sys::Math::random() * total as f64) as usize).min(total - 1);
            let query = view.state.with_untracked(|s| s.to_query(pick, 1));
            let row = loaded
                .engine
                .run(&loaded.archive, &query)
                .rows
                .into_iter()
                .next();
            let url = row
                .and_then(|r| loaded.archive.entries.get(r.entry))
                .and_then(|e| {
                    e.url
                        .as_deref()
                        .and_then(weekly_core::links::safe_href)
                        .map(str::to_string)
                });
            if let (Some(url), Some(window)) = (url, web_sys::window()) {
                let _ = window.open_with_url_and_target_and_features(
                    &url,
                    "_blank",
                    "noopener,noreferrer",
                );
            }
        }
    };
    let feed = move || view.state.with(feed_for);
    view! {
        <div class="result-bar">
            // A preview's count is not the archive's: it says it loads.
            <p class="result-count" data-testid=if complete { "result-count" } else { "loading" }>
                {move || if complete { view.strings().results(total()) } else { view.strings().loading.into() }}
            </p>
            <p class="visually-hidden" role="status" data-testid="results-announcement">{announced}</p>
            <button type="button" class="button button-quiet" data-testid="surprise" on:click=surprise
                disabled=move || total() == 0 || !complete>
                {view.text(|s| s.surprise_me)}
            </button>
            {move || feed().map(|href| view! {
                <a class="feed-link" href=href data-testid="feed-link" type="application/rss+xml">
                    {view.strings().feed}
                </a>
            })}
        </div>
        <Show when=move || { total() > 0 } fallback=move || if complete {
            view! { <EmptyPanel /> }.into_any()
        } else {
            view! { <LoadingPanel /> }.into_any()
        }>
            <div class="entries" data-testid="entries">
                // Keyed by entry: a row that stays while the reader types
                // is kept, and only its marks change.
                <For
                    each=move || {
                        // And by the UI language: a row's words are fixed
                        // when it is made.
                        let ui = view.ui_lang();
                        let pass = passes.get();
                        let rows = result.with(|r| r.rows.iter().map(|row| (row.entry, ui)).collect::<Vec<_>>());
                        // A change makes its first new rows now and the
                        // rest in a second pass, after the frame.
                        let second_pass = last_pass.get_value() != pass;
                        last_pass.set_value(pass);
                        let cut = (!second_pass)
                            .then(|| made.with_value(|m| first_frame_end(&rows, |row| m.contains(*row), ROWS_IN_THE_FIRST_FRAME)))
                            .flatten();
                        let rows = match cut {
                            Some(end) => {
                                making.set_value(true);
                                request_animation_frame(move || set_timeout(move || {
                                    // Unless the list is gone meanwhile (new
                                    // results, the whole archive in).
                                    if passes.try_update(|n| *n += 1).is_some() {
                                        // Sightings count again once the
                                        // rest is laid out: one made while
                                        // only the first rows were is stale
                                        // (it loaded a page unasked on a
                                        // slow machine).
                                        request_animation_frame(move || {
                                            if passes.try_get_untracked().is_some() {
                                                making.set_value(false);
                                                rearm();
                                            }
                                        });
                                    }
                                }, std::time::Duration::ZERO));
                                rows[..end].to_vec()
                            }
                            None => rows,
                        };
                        made.update_value(|m| m.set(ui, &rows));
                        rows
                    }
                    key=|row| *row
                    children=move |(index, _)| {
                        let highlights = crate::row_marks::row_highlights(result, index);
                        let entry = archive.with_value(|a| a.entries[index].clone());
                        view! { <EntryCard index entry highlights /> }
                    }
                />
            </div>
            <div node_ref=end class="list-end">
                <Show when=more_left>
                    <button type="button" id=SHOW_MORE_ID class="button button-quiet" data-testid="show-more" on:click=move |_| show_more()>
                        {view.text(|s| s.show_more)}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

/// Frames a row the focus goes to is waited for: it may be made in the
/// pass after a change's first frame (see [`ROWS_IN_THE_FIRST_FRAME`]).
const FRAMES_TO_WAIT_FOR_A_ROW: u32 = 10;

/// Focuses the row at `index` of the list (0-based).
fn focus_row(index: usize) {
    let selector = format!(
        ".entries > [data-testid=\"entry\"]:nth-child({})",
        index + 1
    );
    when_made(selector, FRAMES_TO_WAIT_FOR_A_ROW, |_| {});
}

/// Focuses the element `selector` finds (as a target the keyboard does
/// not stop at, `tabindex=-1`), then hands it to `then`; one not in the
/// page yet is looked for again, a frame later, `tries` more times.
fn when_made(selector: String, tries: u32, then: impl FnOnce(&web_sys::Element) + 'static) {
    use wasm_bindgen::JsCast;
    match document().query_selector(&selector) {
        Ok(Some(el)) => {
            let _ = el.set_attribute("tabindex", "-1");
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
            then(&el);
        }
        _ if tries > 0 => request_animation_frame(move || when_made(selector, tries - 1, then)),
        _ => {}
    }
}

/// The rows the list has made: a bit per entry index, for the UI language
/// they were made in (a row is keyed by both). A HashSet cost more bytes.
#[derive(Default)]
struct MadeRows {
    ui: Option<Edition>,
    bits: Vec<u64>,
}

impl MadeRows {
    fn contains(&self, (entry, ui): (usize, Edition)) -> bool {
        self.ui == Some(ui)
            && self
                .bits
                .get(entry / 64)
                .is_some_and(|w| w >> (entry % 64) & 1 == 1)
    }

    /// Now exactly `rows`, all made in `ui`.
    fn set(&mut self, ui: Edition, rows: &[(usize, Edition)]) {
        self.ui = Some(ui);
        self.bits.clear();
        for &(entry, _) in rows {
            if self.bits.len() <= entry / 64 {
                self.bits.resize(entry / 64 + 1, 0);
            }
            self.bits[entry / 64] |= 1 << (entry % 64);
        }
    }
}

/// The end of the rows a change makes in its first frame: all of `rows`
/// (None) unless more than `first` of them are new to the list, else up
/// to the first new row past `first`.
fn first_frame_end<K>(rows: &[K], is_made: impl Fn(&K) -> bool, first: usize) -> Option<usize> {
    let mut new = 0;
    rows.iter().position(|row| {
        let is_new = !is_made(row);
        new += is_new as usize;
        is_new && new > first
    })
}

/// Scrolls the row of entry `id` to the top of the view and focuses it (so
/// a screen reader reads on from there), marked for a moment.
fn bring_into_view(id: &str) {
    // `id` is an entry id (letters, digits, '-', '_': see url_state), safe
    // inside the quotes.
    when_made(
        format!("[data-entry-id=\"{id}\"]"),
        FRAMES_TO_WAIT_FOR_A_ROW,
        |row| {
            let _ = row.class_list().add_1("is-target");
            // The focus scrolled it only into view: to the top.
            row.scroll_into_view_with_bool(true);
        },
    );
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
                // Sightings not yet delivered are of the list as it was.
                o.take_records();
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

/// The feed of the current view, when it is one tag, one section or one
/// edition and nothing else: `feeds/<kind>-<id>.xml` next to the archive
/// (the builder's naming, see `crates/builder/src/feeds.rs`).
fn feed_for(state: &crate::url_state::ViewState) -> Option<String> {
    let others_empty = state.text.trim().is_empty()
        && state.langs.is_empty()
        && state.years.is_empty()
        && state.issue_from.is_none()
        && state.issue_to.is_none();
    let file = match (
        state.tags.as_slice(),
        state.sections.as_slice(),
        state.editions.as_slice(),
    ) {
        ([tag], [], []) => format!("tag-{tag}.xml"),
        ([], [section], []) => format!("section-{section}.xml"),
        ([], [], [edition]) => format!("edition-{}.xml", edition.code()),
        _ => return None,
    };
    if !others_empty {
        return None;
    }
    let archive = crate::history::archive_url(state);
    let base = archive.rsplit_once('/').map(|(dir, _)| dir).unwrap_or(".");
    Some(format!("{base}/feeds/{file}"))
}

#[cfg(test)]
mod tests {
    use super::first_frame_end;
    use std::collections::HashSet;

    #[test]
    fn a_change_makes_its_first_new_rows_and_keeps_the_made_ones() {
        let made: HashSet<u32> = [1, 2, 3].into();
        let is_made = |row: &u32| made.contains(row);
        // Few new rows: all at once.
        assert_eq!(first_frame_end(&[9, 1, 8, 2], is_made, 2), None);
        assert_eq!(first_frame_end(&[1, 2, 3], is_made, 0), None);
        // Made rows are kept wherever they are; the third new row waits.
        assert_eq!(first_frame_end(&[7, 1, 8, 2, 9, 3], is_made, 2), Some(4));
        assert_eq!(first_frame_end(&[7, 8, 9], |_| false, 1), Some(1));
    }

    #[test]
    fn made_rows_are_the_last_set_in_its_ui_language() {
        use super::MadeRows;
        use weekly_core::archive::Edition::{En, Zh};
        let mut made = MadeRows::default();
        assert!(!made.contains((0, En)));
        made.set(En, &[(3, En), (64, En), (200, En)]);
        assert!(made.contains((3, En)) && made.contains((64, En)) && made.contains((200, En)));
        assert!(!made.contains((4, En)) && !made.contains((63, En)) && !made.contains((999, En)));
        assert!(
            !made.contains((3, Zh)),
            "rows made in another language are new"
        );
        made.set(En, &[(64, En)]);
        assert!(!made.contains((3, En)) && made.contains((64, En)));
    }
}
