//! Renders the archive's structured description as DOM text and elements.
//! Never HTML: every string becomes a text node, every link is re-checked.

use leptos::prelude::*;
use weekly_core::archive::{Block, Inline};
use weekly_core::links::safe_href;

#[component]
pub fn RichText(blocks: Vec<Block>) -> impl IntoView {
    blocks
        .into_iter()
        .map(|block| view! { <p>{render_inlines(block.inlines)}</p> })
        .collect_view()
}

fn render_inlines(inlines: Vec<Inline>) -> AnyView {
    inlines
        .into_iter()
        .map(render_inline)
        .collect_view()
        .into_any()
}

fn render_inline(inline: Inline) -> AnyView {
    match inline {
        Inline::Text(text) => text.into_any(),
        Inline::Code { code } => view! { <code>{code}</code> }.into_any(),
        Inline::Emphasis { em } => view! { <em>{render_inlines(em)}</em> }.into_any(),
        Inline::Strong { strong } => view! { <strong>{render_inlines(strong)}</strong> }.into_any(),
        Inline::Link { href, text } => match safe_href(&href) {
            Some(href) => view! {
                <a href=href.to_string() target="_blank" rel="noopener noreferrer">
                    {render_inlines(text)}
                </a>
            }
            .into_any(),
            None => render_inlines(text),
        },
    }
}
