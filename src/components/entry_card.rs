//! One entry of the archive as a reader sees it.

use crate::app::{Loaded, View};
use crate::components::marked::marked_text;
use crate::components::rich_text::RichText;
use crate::facet_model::{section_label, tag_label, Facet};
use crate::history::page_url;
use crate::url_state::ViewState;
use leptos::prelude::*;
use weekly_core::archive::{Entry, Status};
use weekly_core::links::{display_host, safe_href};
use weekly_core::query::Highlights;

#[component]
pub fn EntryCard(
    index: usize,
    entry: Entry,
    /// Where the search terms are; a row stays mounted while the reader
    /// types, and only its marked text follows.
    highlights: Signal<Highlights>,
) -> impl IntoView {
    let view = expect_context::<View>();
    let loaded = expect_context::<Loaded>();
    // Rows are re-created when the UI language changes (the result list
    // keys them by it), so their words need not follow it: no reactive
    // node per word and row.
    let ui = view.ui_lang_untracked();
    let strings = crate::i18n::strings(ui);
    let target = view.state.with_untracked(|s| s.link_target.attr());
    let archive = loaded.archive.clone();
    let href = entry.url.as_deref().and_then(safe_href).map(str::to_string);
    let host = href.as_deref().and_then(display_host).map(str::to_string);
    let issue = loaded.engine.issue(&archive, index);
    let date = issue.map(|i| i.date.clone()).unwrap_or_default();
    let issue_href = issue.and_then(|i| archive.issue_page_url(i));
    let title = {
        let text = entry.title.clone();
        move || highlights.with(|h| marked_text(&text, &h.title))
    };
    let archived = href.as_deref().and_then(|url| wayback_url(url, &date));
    let (archive_param, ui_lang, embed) = view
        .state
        .with_untracked(|s| (s.archive.clone(), s.ui_lang, s.embed));
    let also_in: Vec<(String, ViewState, String)> = loaded
        .engine
        .related(&archive, index)
        .into_iter()
        .filter_map(|other| archive.entries.get(other))
        .map(|other| {
            let place = ViewState {
                editions: vec![other.edition],
                issue_from: Some(other.issue),
                issue_to: Some(other.issue),
                at: Some(other.id.clone()),
                archive: archive_param.clone(),
                ui_lang,
                ..ViewState::default()
            };
            let url = page_url(&place);
            (
                strings.edition_issue(other.edition, other.issue),
                place,
                url,
            )
        })
        .collect();
    let lang = entry.lang;
    let status = entry.status;
    let tags = entry.tags.clone();
    let edition = entry.edition;
    let section_text = section_label(&archive, &entry.section, ui);
    let issue_text = format!("{} · {date}", strings.edition_issue(edition, entry.issue));
    // The entry's own words are in its edition's language (the UI's words
    // around them are in the UI's); links that read alike on every card
    // ("Archived copy", "English #12") are described by the card's title.
    let text_lang = edition.code();
    let title_id = format!("title-{}", entry.id);
    view! {
        <article class="entry" class:is-removed=status == Status::Removed data-testid="entry" data-entry-id=entry.id.clone()>
            <h3 class="entry-title" id=title_id.clone() lang=text_lang>
                {match href {
                    Some(href) => view! { <a href=href target=target rel="noopener noreferrer">{title}</a> }.into_any(),
                    None => view! { <span>{title}</span> }.into_any(),
                }}
            </h3>
            <p class="entry-meta">
                {host.map(|h| view! { <span class="entry-host">{h}</span> })}
                <span class="badge badge-lang" data-lang=lang.code()>{strings.lang_name(lang)}</span>
                <span class="entry-section">{section_text}</span>
                {match issue_href {
                    Some(url) => view! {
                        <a class="entry-issue" href=url target=target rel="noopener noreferrer" title=strings.issue_link_title>
                            {issue_text}
                        </a>
                    }.into_any(),
                    None => view! { <span class="entry-issue">{issue_text}</span> }.into_any(),
                }}
                {(status != Status::Normal).then(|| view! {
                    <span class="badge badge-status">
                        {if status == Status::Removed { strings.removed } else { strings.title_only }}
                    </span>
                })}
            </p>
            {(!entry.description.is_empty()).then(|| {
                let blocks = entry.description;
                view! {
                    <div class="entry-description" lang=text_lang>
                        {move || view! { <RichText blocks=blocks.clone() highlights=highlights.with(|h| h.description.clone()) target /> }}
                    </div>
                }
            })}
            {(!entry.children.is_empty()).then(|| view! {
                <ul class="entry-children" lang=text_lang>
                    {entry.children.into_iter().filter_map(|child| {
                        let href = safe_href(&child.url)?.to_string();
                        Some(view! { <li><a href=href target=target rel="noopener noreferrer">{child.title}</a></li> })
                    }).collect_view()}
                </ul>
            })}
            {(!also_in.is_empty()).then(|| view! {
                <p class="entry-also" data-testid="also-in">
                    {strings.also_in} " "
                    {also_in.into_iter().map(|(label, place, url)| {
                        let described_by = title_id.clone();
                        // In the page, go there in place; from an embed,
                        // open the full archive outside the frame.
                        let go = move |ev: leptos::ev::MouseEvent| {
                            if !embed {
                                ev.prevent_default();
                                view.set(place.clone());
                            }
                        };
                        view! { <a href=url target=if embed { target } else { "_self" } on:click=go aria-describedby=described_by>{label}</a> " " }
                    }).collect_view()}
                </p>
            })}
            {archived.map(|url| view! {
                <p class="entry-archived">
                    <a href=url target=target rel="noopener noreferrer" title=strings.archived_copy_title data-testid="archived-copy"
                        aria-describedby=title_id.clone()>
                        {strings.archived_copy}
                    </a>
                </p>
            })}
            {(!tags.is_empty()).then(|| view! {
                <ul class="entry-tags">
                    {tags.into_iter().enumerate().map(|(i, tag)| {
                        let label = tag_label(&archive, &tag, ui);
                        // Marked when the search matched one of its labels
                        // (perhaps in another language than the one shown).
                        let matched = move || highlights.with(|h| h.tags.get(i) == Some(&true));
                        view! {
                            <li>
                                <button type="button" class="tag" class:is-match=matched title=strings.filter_by_tag
                                    on:click=move |_| view.update(|s| if !s.tags.contains(&tag) { Facet::Tag.toggle(s, &tag) })>
                                    {label}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </article>
    }
}

/// The Internet Archive's copy of `url` nearest to the issue's date
/// (`YYYY-MM-DD`): nothing is fetched, the Wayback Machine redirects.
pub fn wayback_url(url: &str, date: &str) -> Option<String> {
    let stamp: String = date.chars().filter(char::is_ascii_digit).collect();
    (stamp.len() == 8 && url.starts_with("http"))
        .then(|| format!("https://web.archive.org/web/{stamp}/{url}"))
}

#[cfg(test)]
mod tests {
    use super::wayback_url;

    #[test]
    fn archived_copies_point_at_the_issue_date() {
        assert_eq!(
            wayback_url("https://example.com/a?b=1", "2024-03-02").as_deref(),
            Some("https://web.archive.org/web/20240302/https://example.com/a?b=1")
        );
        assert_eq!(wayback_url("https://example.com", ""), None);
        assert_eq!(wayback_url("mailto:a@b.c", "2024-03-02"), None);
    }
}
