//! Performance marks for the benchmark (`performance.getEntriesByName`):
//! `weekly-query` measures each engine run (see [`measure_span`]);
//! `weekly-archive-wanted` marks the app asking for the archive (it has
//! started); `weekly-archive-bytes`, `weekly-archive-read` and
//! `weekly-engine-ready` mark the steps from the downloaded archive to a
//! ready engine, and `weekly-first-results` the frame that shows the first
//! results. A mark costs tens of microseconds, once per load for these;
//! all are silent where the browser has no Performance API.

pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Records the span from `start` to `end` ([`now`] readings) as the
/// measure `name`. The span is timed with `now()`, which costs nothing,
/// and recorded once it has ended: a `performance.mark()` costs tens of
/// microseconds (50-65 us, the first of a task, in Chromium here), so a
/// span that starts with one is mostly the mark.
pub fn measure_span(name: &str, start: f64, end: f64) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"end".into(), &end.into());
    let _ = measure_with_options(name, &options);
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.measure(name, { start, end })`, which web-sys has only
    /// behind its unstable APIs. Throws (caught) without a Performance API.
    #[wasm_bindgen(catch, js_namespace = performance, js_name = measure)]
    fn measure_with_options(
        name: &str,
        options: &js_sys::Object,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

/// Milliseconds since the page started, where the browser can tell.
pub fn now() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}
