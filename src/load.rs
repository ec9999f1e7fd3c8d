//! Fetching the archive over HTTP and turning every failure into a message
//! a reader can act on.

use gloo_net::http::Request;
use std::fmt;
use weekly_core::load::{load_archive, LoadError, Loaded};

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

/// Downloads and reads the archive at `url`.
pub async fn fetch_archive(url: &str) -> Result<Loaded, FetchError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
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
    // Bytes, not `text()`: the archive then crosses into wasm once, as
    // UTF-8, instead of being decoded to a JS string and encoded back.
    let bytes = response
        .binary()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    crate::timing::mark("weekly-archive-bytes");
    // Invalid UTF-8 becomes U+FFFD, as a browser decodes text: one bad
    // byte must not hide the whole archive.
    let text = String::from_utf8_lossy(&bytes);
    let loaded = load_archive(&text).map_err(FetchError::Archive);
    crate::timing::mark("weekly-archive-read");
    loaded
}
