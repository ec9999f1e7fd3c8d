//! One entry of the archive as a reader sees it.

use crate::components::rich_text::RichText;
use crate::i18n::Strings;
use leptos::prelude::*;
use weekly_core::archive::{Entry, Issue, Status};
use weekly_core::links::{display_host, safe_href};

#[component]
pub fn EntryCard(
    entry: Entry,
    issue: Option<Issue>,
    section_label: String,
    strings: &'static Strings,
) -> impl IntoView {
    let href = entry.url.as_deref().and_then(safe_href).map(str::to_string);
    let host = href.as_deref().and_then(display_host).map(str::to_string);
    let status_note = match entry.status {
        Status::Normal => None,
        Status::TitleOnly => Some(strings.title_only),
        Status::Removed => Some(strings.removed),
    };
    let date = issue.map(|i| i.date).unwrap_or_default();
    let title = entry.title;
    view! {
        <article class="entry" data-testid="entry" data-entry-id=entry.id>
            <h3 class="entry-title">
                {match href {
                    Some(href) => view! {
                        <a href=href target="_blank" rel="noopener noreferrer">{title}</a>
                    }
                    .into_any(),
                    None => view! { <span>{title}</span> }.into_any(),
                }}
            </h3>
            <p class="entry-meta">
                {host.map(|h| view! { <span class="entry-host">{h}</span> })}
                <span class="badge badge-lang" title="language of the link">{entry.lang.code()}</span>
                <span class="entry-section">{section_label}</span>
                <span class="entry-issue">{format!("#{} · {}", entry.issue, date)}</span>
                {status_note.map(|note| view! { <span class="badge badge-status">{note}</span> })}
            </p>
            <div class="entry-description">
                <RichText blocks=entry.description />
            </div>
        </article>
    }
}
