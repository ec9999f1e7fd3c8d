//! Text with search matches wrapped in `<mark>`.

use leptos::prelude::*;
use std::ops::Range;

/// Renders `text` with the byte `ranges` marked. Ranges that are out of
/// bounds, overlap or cut a character are skipped, never a panic.
pub fn marked_text(text: &str, ranges: &[Range<usize>]) -> AnyView {
    if ranges.is_empty() {
        return text.to_string().into_any();
    }
    let mut parts = Vec::new();
    let mut at = 0;
    for range in ranges {
        if range.start < at || range.start >= range.end {
            continue;
        }
        let (Some(before), Some(hit)) = (text.get(at..range.start), text.get(range.clone())) else {
            continue;
        };
        if !before.is_empty() {
            parts.push(before.to_string().into_any());
        }
        parts.push(view! { <mark>{hit.to_string()}</mark> }.into_any());
        at = range.end;
    }
    if let Some(rest) = text.get(at..).filter(|r| !r.is_empty()) {
        parts.push(rest.to_string().into_any());
    }
    parts.into_any()
}
