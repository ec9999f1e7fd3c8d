//! Fetching the archive over HTTP and turning every failure into a message
//! a reader can act on.

use gloo_net::http::{Request, Response};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};
use weekly_core::archive::Archive;
use weekly_core::chunked::ChunkedLoader;
use weekly_core::load::{LoadError, Loaded};

/// Why the archive could not be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The request never got an answer (offline, blocked, DNS ...).
    Network(String),
    /// The server answered with an error status.
    Status { status: u16, url: String },
    /// The server answered with something that is not JSON (an HTML page).
    NotJsonContent { content_type: String },
    /// The body is not a readable archive.
    Archive(LoadError),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network(reason) => {
                write!(f, "The archive could not be downloaded: {reason}. Check your connection and retry.")
            }
            FetchError::Status { status: 404, url } => {
                write!(f, "The archive was not found at {url} (HTTP 404).")
            }
            FetchError::Status { status, url } => {
                write!(f, "The server answered HTTP {status} for {url}. Retry in a moment.")
            }
            FetchError::NotJsonContent { content_type } => write!(
                f,
                "The server sent {content_type} instead of the archive's JSON; the archive address is probably wrong."
            ),
            FetchError::Archive(e) => write!(f, "The archive cannot be read: {e}."),
        }
    }
}

/// Downloads and reads the archive at `url`. While it downloads,
/// `show_preview` is given the archive read so far (see [`Previews`]), and
/// answers whether a longer one would show more.
pub async fn fetch_archive(
    url: &str,
    show_preview: impl FnMut(Archive) -> bool,
) -> Result<Loaded, FetchError> {
    crate::timing::mark("weekly-archive-wanted");
    let response = match take_prefetched(url) {
        Some(promise) => wasm_bindgen_futures::JsFuture::from(promise)
            .await
            // fetch() resolves to a Response or rejects.
            .map(|raw| Response::from(raw.unchecked_into::<web_sys::Response>()))
            .map_err(|e| FetchError::Network(js_error_text(&e)))?,
        None => Request::get(url)
            .send()
            .await
            .map_err(|e| FetchError::Network(e.to_string()))?,
    };
    if !response.ok() {
        return Err(FetchError::Status {
            status: response.status(),
            url: url.to_string(),
        });
    }
    let content_type = response.headers().get("content-type").unwrap_or_default();
    if content_type.contains("html") {
        return Err(FetchError::NotJsonContent { content_type });
    }
    // Entries are read as their bytes arrive, so little is left to read
    // when the download ends. The length a server announces is a hint (of
    // the compressed size, if the body is compressed), not trusted for more.
    let expected = response
        .headers()
        .get("content-length")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let mut loader = ChunkedLoader::with_capacity(expected.min(256 << 20));
    let mut previews = Previews {
        next_at: Some(PREVIEW_FIRST),
        show: show_preview,
    };
    read_body(&response, &mut loader, &mut previews).await?;
    crate::timing::mark("weekly-archive-bytes");
    // Invalid UTF-8 becomes U+FFFD, as a browser decodes text: one bad
    // byte must not hide the whole archive (the loader sees to it).
    let loaded = loader.finish().map_err(FetchError::Archive);
    crate::timing::mark("weekly-archive-read");
    loaded
}

/// Gives the body's bytes to `loader` chunk by chunk as they arrive: the
/// last chunk lands about when the download ends, where `arrayBuffer()`
/// resolved 40-100 ms after it (the browser assembles the whole body
/// first). Bytes, not `text()`: the archive crosses into wasm once, as
/// UTF-8, instead of being decoded to a JS string and encoded back.
async fn read_body(
    response: &Response,
    loader: &mut ChunkedLoader,
    previews: &mut Previews<impl FnMut(Archive) -> bool>,
) -> Result<(), FetchError> {
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{ReadableStreamDefaultReader, ReadableStreamReadResult};
    let network = |e: JsValue| FetchError::Network(js_error_text(&e));
    let Some(body) = response.body() else {
        // No body stream (an empty body, or a browser without streams).
        let bytes = response
            .binary()
            .await
            .map_err(|e| FetchError::Network(e.to_string()))?;
        loader.push(&bytes);
        return Ok(());
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let started = crate::timing::now();
    loop {
        let read = reader.read();
        // Reading has caught up with the network when the next chunk is
        // not there yet: a preview then costs no time, and is painted
        // while the chunk travels. Chunks that are there already (a fast
        // network, a cache) are read on: the whole comes soon, unless the
        // archive is so large that reading it takes long by itself.
        let reading_long = || {
            crate::timing::now()
                .zip(started)
                .is_some_and(|(now, then)| now - then >= LONG_READ_MS)
        };
        if previews.is_due(loader) && (reading_long() || waits_for_network(&read).await) {
            previews.offer(loader);
        }
        let result: ReadableStreamReadResult = JsFuture::from(read)
            .await
            .map_err(network)?
            .unchecked_into();
        if result.get_done().unwrap_or(true) {
            return Ok(());
        }
        // Copied out of JS whole (no zeroed buffer to copy into: zeroing
        // runs byte by byte in the -Oz build).
        let chunk: js_sys::Uint8Array = result.get_value().unchecked_into();
        loader.push(&chunk.to_vec());
    }
}

/// No chunk for this long: reading waits for the network.
const NETWORK_WAIT: std::time::Duration = std::time::Duration::from_millis(2);
/// Reading for this long with chunks always there (a large archive on a
/// fast link): a preview is worth its cost. The real archive reads in
/// about 100 ms: with a preview halfway, its first rows paint about 60 ms
/// sooner and the whole about 50 ms later (A/B, 2026-12-02); at 200 ms it
/// got none.
const LONG_READ_MS: f64 = 50.0;

/// Whether `read` (a chunk of the body) is not there within
/// [`NETWORK_WAIT`].
async fn waits_for_network(read: &js_sys::Promise) -> bool {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        leptos::prelude::set_timeout(
            move || drop(resolve.call0(&JsValue::UNDEFINED)),
            NETWORK_WAIT,
        )
    });
    let first = js_sys::Promise::race(&js_sys::Array::of2(read, &timer));
    // The timer's `undefined`, not the read's result object.
    wasm_bindgen_futures::JsFuture::from(first)
        .await
        .is_ok_and(|r| r.is_undefined())
}

/// The first entries are shown before the download ends, from the first
/// [`PREVIEW_FIRST`] on; while a preview holds less than a page of
/// results, again once [`PREVIEW_GROWTH`] times as many have come, up to
/// [`PREVIEW_MAX`] (beyond, the preview costs more than it shows).
struct Previews<F> {
    next_at: Option<usize>,
    /// Shows a preview; whether a longer one would show more (this one
    /// holds less than a page of results).
    show: F,
}

const PREVIEW_FIRST: usize = crate::components::viewer::PAGE;
const PREVIEW_GROWTH: usize = 8;
const PREVIEW_MAX: usize = 4096;

impl<F: FnMut(Archive) -> bool> Previews<F> {
    /// Whether enough entries have come for the next preview.
    fn is_due(&self, loader: &ChunkedLoader) -> bool {
        self.next_at.is_some_and(|at| loader.entries_read() >= at)
    }

    /// Shows a preview of what `loader` has read.
    fn offer(&mut self, loader: &ChunkedLoader) {
        let read = loader.entries_read();
        self.next_at = None;
        let Some(archive) = loader.preview() else {
            return;
        };
        if (self.show)(archive) && read * PREVIEW_GROWTH <= PREVIEW_MAX {
            self.next_at = Some(read * PREVIEW_GROWTH);
        }
    }
}
/// The name of the global where boot.js (scripts/finalize-html.mjs) leaves
/// the archive download it starts beside the wasm's:
/// `{ url, response, abort }`.
const PREFETCH: &str = "weeklyArchivePrefetch";

/// The response promise boot.js started for `url`, if it asked for the
/// same address; taken once (a retry downloads again). A download for
/// another address is aborted, not left half-read.
fn take_prefetched(url: &str) -> Option<js_sys::Promise> {
    let global = js_sys::global();
    let key = JsValue::from_str(PREFETCH);
    let prefetch = js_sys::Reflect::get(&global, &key)
        .ok()
        .filter(JsValue::is_object)?;
    let _ = js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
    let field = |name: &str| {
        js_sys::Reflect::get(&prefetch, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    let wanted = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .and_then(|href| web_sys::Url::new_with_base(url, &href).ok())
        .map(|u| u.href());
    if wanted.is_some() && field("url").as_string() == wanted {
        return field("response").dyn_into().ok();
    }
    let abort = field("abort");
    if abort.is_function() {
        let _ = abort
            .unchecked_ref::<js_sys::Function>()
            .call0(&JsValue::UNDEFINED);
    }
    None
}

/// "TypeError: Failed to fetch", as gloo-net words a failed request
/// (fetch() rejects with a TypeError or an AbortError, both with toString).
fn js_error_text(error: &JsValue) -> String {
    String::from(error.unchecked_ref::<js_sys::Error>().to_string())
}
