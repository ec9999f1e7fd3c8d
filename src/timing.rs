//! Performance marks for the benchmark (`performance.getEntriesByName`):
//! `weekly-query` measures each engine run; `weekly-archive-wanted` marks
//! the app asking for the archive (it has started); `weekly-archive-bytes`,
//! `weekly-archive-read` and `weekly-engine-ready` mark the steps from the
//! downloaded archive to a ready engine, and `weekly-first-results` the
//! frame that shows the first results. Cheap, and silent where the browser
//! has no Performance API.

pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

pub fn measure(name: &str, start_mark: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start_mark);
        // Keep the buffer small in long sessions: only the measures matter.
        performance.clear_marks_with_mark_name(start_mark);
    }
}

/// Milliseconds since the page started, where the browser can tell.
pub fn now() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}
