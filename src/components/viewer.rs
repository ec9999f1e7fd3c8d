//! The viewer: search, facets and results over one loaded archive.

use crate::app::{Loaded, View};
use crate::components::chips::ActiveFilters;
use crate::components::facets::FacetPanel;
use crate::components::results::ResultList;
use crate::components::trends::TrendsPanel;
use leptos::prelude::*;
use weekly_core::query::{FacetCounts, QueryResult, Sort};

/// How many rows are rendered first, and added per update.
pub const PAGE: usize = 20;

/// The current query's result, shared by the facets and the list.
#[derive(Clone, Copy)]
pub struct Results(pub Memo<QueryResult>);

/// The facet counts the panel shows: the result's, set after the frame
/// that paints the list. A keystroke's frame then lays out and paints the
/// rows alone; the panel's counts, some sixty options, were about 40 % of
/// its layout and 60 % of its paint (a trace of typing on the real archive),
/// and follow in the next task.
#[derive(Clone, Copy)]
pub struct ShownCounts(pub ReadSignal<FacetCounts>);

fn counts_a_frame_late(result: Memo<QueryResult>) -> ReadSignal<FacetCounts> {
    let counts = RwSignal::new(result.with_untracked(|r| r.counts.clone()));
    Effect::new(move |first: Option<()>| {
        let next = result.with(|r| r.counts.clone());
        if first.is_some() {
            request_animation_frame(move || {
                set_timeout(move || counts.set(next), std::time::Duration::ZERO)
            });
        }
    });
    counts.read_only()
}

#[component]
pub fn Viewer(loaded: Loaded) -> impl IntoView {
    let view = expect_context::<View>();
    let result = {
        let loaded = loaded.clone();
        Memo::new(move |_| {
            let query = view.state.with(|s| s.to_query(0, view.shown.get()));
            // A preview holds the newest entries: other orders wait for
            // the whole archive (no results, so the list says it loads).
            if !loaded.complete && query.effective_sort() != Sort::NewestFirst {
                return QueryResult::default();
            }
            let started = crate::timing::now();
            let result = loaded.engine.run(&loaded.archive, &query);
            if let Some((start, end)) = started.zip(crate::timing::now()) {
                crate::timing::measure_span("weekly-query", start, end);
            }
            result
        })
    };
    provide_context(Results(result));
    provide_context(ShownCounts(counts_a_frame_late(result)));
    // (A preview is only shown with results: its frame is the first.)
    request_animation_frame(|| crate::timing::mark("weekly-first-results"));
    // Index the text while the reader looks at the first results (until
    // it is ready a search reads every entry's text): a slice per task, so
    // the page answers input in between (the whole real archive takes
    // ~300 ms), starting after the frame that shows the results. Not for
    // a preview: it is small, and soon gone.
    if loaded.complete {
        let loaded = loaded.clone();
        request_animation_frame(move || prepare_search_in_slices(loaded));
    }
    provide_context(loaded.clone());
    let skipped = loaded.skipped_entries;
    let reason = loaded.first_skip_reason.clone();
    view! {
        {(skipped > 0).then(|| view! {
            <p class="notice" role="note" data-testid="skipped-entries">
                {move || format!("{skipped} {}", view.strings().skipped_entries)}
                // The loader's words, for whoever maintains the archive.
                {reason.map(|r| view! { " " <span class="notice-detail" data-testid="skip-reason">{format!("({r})")}</span> })}
            </p>
        })}
        <div class="layout">
            <FacetPanel />
            <section id="results" class="results" aria-labelledby="results-title"
                aria-busy=(!loaded.complete).then_some("true")>
                <h2 id="results-title" class="visually-hidden">{view.text(|s| s.results_heading)}</h2>
                <ActiveFilters />
                <TrendsPanel />
                <ResultList />
            </section>
        </div>
    }
}

/// Entries indexed (or, once all are in, filled into the postings) per
/// step; a step is well under a millisecond.
const INDEX_STEP: usize = 64;
/// Work per task while the page is idle: steps until this many
/// milliseconds have passed, then the browser's turn (input, paint). A
/// fixed number of entries per task instead made hundreds of tasks at
/// 100k entries, each also waiting out the timer's 4 ms clamp.
const INDEX_TASK_MS: f64 = 8.0;

fn prepare_search_in_slices(loaded: Loaded) {
    set_timeout(
        move || {
            let started = crate::timing::now();
            loop {
                if loaded
                    .engine
                    .prepare_search_step(&loaded.archive, INDEX_STEP)
                {
                    crate::timing::mark("weekly-search-ready");
                    return;
                }
                // Without a clock, one step per task.
                let elapsed = crate::timing::now()
                    .zip(started)
                    .map(|(now, then)| now - then);
                if elapsed.is_none_or(|ms| ms >= INDEX_TASK_MS) {
                    break;
                }
            }
            prepare_search_in_slices(loaded);
        },
        std::time::Duration::ZERO,
    );
}
