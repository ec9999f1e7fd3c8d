//! The page's state as it lives in the URL query string.

/// Where the archive comes from when the URL does not say.
pub const DEFAULT_ARCHIVE: &str = "archive.json";

/// Reads `?archive=<path>` from the current URL and returns the absolute
/// URL to fetch. Only same-origin addresses are accepted, so a crafted link
/// cannot make the viewer show someone else's archive.
pub fn archive_url() -> String {
    let Some(window) = web_sys::window() else {
        return DEFAULT_ARCHIVE.to_string();
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let requested = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|params| params.get("archive"))
        .filter(|path| !path.trim().is_empty());
    let href = location.href().unwrap_or_default();
    let origin = location.origin().unwrap_or_default();
    requested
        .and_then(|path| same_origin_url(&path, &href, &origin))
        .unwrap_or_else(|| DEFAULT_ARCHIVE.to_string())
}

fn same_origin_url(path: &str, base: &str, origin: &str) -> Option<String> {
    let url = web_sys::Url::new_with_base(path, base).ok()?;
    (url.origin() == origin).then(|| url.href())
}
