//! Renders the archive's structured description as DOM text and elements.
//! Never HTML: every string becomes a text node, every link is re-checked.

use crate::components::marked::marked_text;
use leptos::prelude::*;
use std::ops::Range;
use weekly_core::archive::{Block, Inline};
use weekly_core::links::safe_href;

/// A description, with the search highlights of each text leaf (in
/// depth-first order, as the engine numbers them).
#[component]
pub fn RichText(
    blocks: Vec<Block>,
    highlights: Vec<Vec<Range<usize>>>,
    /// Where links open (`_blank` or `_top`).
    target: &'static str,
) -> impl IntoView {
    let mut leaves = Leaves {
        highlights,
        next: 0,
        target,
    };
    blocks
        .into_iter()
        .map(|block| {
            let inner = leaves.render_all(block.inlines);
            view! { <p>{inner}</p> }
        })
        .collect_view()
}

/// Walks the text leaves in order, handing each its highlight ranges.
struct Leaves {
    highlights: Vec<Vec<Range<usize>>>,
    next: usize,
    target: &'static str,
}

impl Leaves {
    fn take(&mut self) -> Vec<Range<usize>> {
        let ranges = self
            .highlights
            .get_mut(self.next)
            .map(std::mem::take)
            .unwrap_or_default();
        self.next += 1;
        ranges
    }

    fn render_all(&mut self, inlines: Vec<Inline>) -> AnyView {
        inlines
            .into_iter()
            .map(|i| self.render(i))
            .collect::<Vec<_>>()
            .into_any()
    }

    fn render(&mut self, inline: Inline) -> AnyView {
        match inline {
            Inline::Text(text) => marked_text(&text, &self.take()),
            Inline::Code { code } => {
                let inner = marked_text(&code, &self.take());
                view! { <code>{inner}</code> }.into_any()
            }
            Inline::Emphasis { em } => {
                let inner = self.render_all(em);
                view! { <em>{inner}</em> }.into_any()
            }
            Inline::Strong { strong } => {
                let inner = self.render_all(strong);
                view! { <strong>{inner}</strong> }.into_any()
            }
            Inline::Link { href, text } => {
                let inner = self.render_all(text);
                match safe_href(&href) {
                    Some(href) => view! {
                        <a href=href.to_string() target=self.target rel="noopener noreferrer">{inner}</a>
                    }
                    .into_any(),
                    None => inner,
                }
            }
        }
    }
}
