//! Reading and writing the page's URL and history (browser glue for
//! [`crate::url_state`]).

use crate::url_state::{ViewState, DEFAULT_ARCHIVE};
use wasm_bindgen::JsValue;

/// The view state in the page's current URL.
pub fn current_state() -> ViewState {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let pairs = search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(key), decode(value))
        });
    ViewState::from_pairs(pairs)
}

/// Decodes one form-encoded component; malformed escapes give "" (ignored).
fn decode(component: &str) -> String {
    js_sys::decode_uri_component(&component.replace('+', " "))
        .map(String::from)
        .unwrap_or_default()
}

/// Writes `state` into the URL: a new history entry when `push`, else the
/// current entry is replaced.
pub fn write_state(state: &ViewState, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = page_url(state);
    let Ok(history) = window.history() else {
        return;
    };
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// The absolute address of this page showing `state`.
pub fn page_url(state: &ViewState) -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    let query = state.to_query_string();
    if query.is_empty() {
        base
    } else {
        format!("{base}?{query}")
    }
}

/// The absolute URL of the archive to fetch. Only same-origin addresses
/// are accepted, so a crafted link cannot make the viewer show someone
/// else's archive.
pub fn archive_url(state: &ViewState) -> String {
    let Some(window) = web_sys::window() else {
        return DEFAULT_ARCHIVE.to_string();
    };
    let location = window.location();
    let href = location.href().unwrap_or_default();
    let origin = location.origin().unwrap_or_default();
    state
        .archive
        .as_deref()
        .and_then(|path| web_sys::Url::new_with_base(path, &href).ok())
        .filter(|url| url.origin() == origin)
        .map(|url| url.href())
        .unwrap_or_else(|| DEFAULT_ARCHIVE.to_string())
}
