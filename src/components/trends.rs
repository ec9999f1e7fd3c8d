//! Topic trends: entries per topic per quarter, as small bar charts with
//! the same figures in a table (the accessible way in). A bar or a cell
//! filters the archive to that topic and quarter's issues.

use crate::app::{Loaded, View};
use crate::facet_model::tag_label;
use crate::url_state::ViewState;
use leptos::prelude::*;
use std::sync::Arc;
use weekly_core::query::{trends, Trends};

/// How many topics the chart shows (the busiest).
const TOPICS_SHOWN: usize = 10;
const BAR_WIDTH: usize = 8;
const CHART_HEIGHT: usize = 32;

#[component]
pub fn TrendsPanel() -> impl IntoView {
    let view = expect_context::<View>();
    let loaded = expect_context::<Loaded>();
    // Computed once, when the panel is first opened.
    let data: StoredValue<Option<Arc<Trends>>> = StoredValue::new(None);
    let open = RwSignal::new(false);
    let archive = loaded.archive.clone();
    let body = move || {
        // A preview's trends would be the first entries' only.
        if !open.get() || !loaded.complete {
            return None;
        }
        let trends = data.with_value(Clone::clone).unwrap_or_else(|| {
            let computed = Arc::new(trends(&archive));
            data.set_value(Some(computed.clone()));
            computed
        });
        Some(render(trends, archive.clone(), view))
    };
    view! {
        <details class="trends" data-testid="trends" on:toggle=move |ev| {
            use wasm_bindgen::JsCast;
            let details = event_target::<web_sys::HtmlElement>(&ev);
            open.set(details.unchecked_into::<web_sys::HtmlDetailsElement>().open());
        }>
            <summary>{view.text(|s| s.trends)}</summary>
            {body}
        </details>
    }
}

fn render(trends: Arc<Trends>, archive: Arc<weekly_core::archive::Archive>, view: View) -> AnyView {
    // The busiest first (ties in the archive's order).
    let entries: Vec<u64> = trends
        .topics
        .iter()
        .map(|(_, counts)| counts.iter().sum::<usize>() as u64)
        .collect();
    let mut busiest = weekly_core::order::by_key(
        (0..entries.len() as u32).filter(|&t| entries[t as usize] > 0),
        |t| u64::MAX - entries[t as usize],
    );
    busiest.truncate(TOPICS_SHOWN);
    let topics: Vec<&(String, Vec<usize>)> = busiest
        .into_iter()
        .map(|t| &trends.topics[t as usize])
        .collect();
    let max = topics
        .iter()
        .flat_map(|(_, c)| c.iter().copied())
        .max()
        .unwrap_or(1)
        .max(1);
    let strings = view.strings();
    // The newest quarter, while it goes on, says so and is drawn lighter:
    // its fewer entries are not a fall.
    let last = trends.quarters.len().saturating_sub(1);
    let partial = |q: usize| trends.last_is_partial && q == last;
    let quarter_label = |q: usize| {
        let (year, quarter) = trends.quarters[q];
        let label = strings.quarter_label(year, quarter);
        if partial(q) {
            label + strings.quarter_so_far
        } else {
            label
        }
    };
    let go = move |tag: String, range: (u32, u32)| {
        move |_| {
            view.update(|s: &mut ViewState| {
                let locked = s.locked.clone();
                *s = ViewState {
                    tags: vec![tag.clone()],
                    issue_from: Some(range.0),
                    issue_to: Some(range.1),
                    locked,
                    ..s.cleared()
                };
            })
        }
    };
    let ui = view.ui_lang();
    let width = trends.quarters.len() * BAR_WIDTH;
    let rows = topics
        .iter()
        .map(|(tag, counts)| {
            let label = tag_label(&archive, tag, ui);
            let bars = counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(q, n)| {
                    let h = (n * CHART_HEIGHT).div_ceil(max);
                    let title = format!("{label}, {}: {n}", quarter_label(q));
                    view! {
                        <rect class="trend-bar" class:is-partial=partial(q) x=(q * BAR_WIDTH + 1).to_string() y=(CHART_HEIGHT - h).to_string()
                            width=(BAR_WIDTH - 2).to_string() height=h.to_string()
                            on:click=go(tag.clone(), trends.issue_ranges[q])>
                            <title>{title}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <div class="trend-row">
                    <span class="trend-label">{label.clone()}</span>
                    // As wide as the column allows (main.css): the bars stretch.
                    <svg class="trend-chart" aria-hidden="true" preserveAspectRatio="none"
                        viewBox=format!("0 0 {width} {CHART_HEIGHT}")>
                        {bars}
                    </svg>
                </div>
            }
        })
        .collect_view();
    let head = (0..trends.quarters.len())
        .map(|q| view! { <th scope="col">{quarter_label(q)}</th> })
        .collect_view();
    let body = topics
        .iter()
        .map(|(tag, counts)| {
            let label = tag_label(&archive, tag, ui);
            let cells = counts
                .iter()
                .enumerate()
                .map(|(q, n)| {
                    let n = *n;
                    let aria = format!("{label}, {}: {n}", quarter_label(q));
                    view! {
                        <td>
                            {(n > 0).then(|| view! {
                                <button type="button" class="trend-cell" aria-label=aria on:click=go(tag.clone(), trends.issue_ranges[q])>
                                    {n}
                                </button>
                            })}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{label}</th>{cells}</tr> }
        })
        .collect_view();
    let scale = strings.trends_scale_line(&quarter_label(0), &quarter_label(last), max);
    view! {
        <div class="trend-charts">{rows}</div>
        <p class="trend-scale" data-testid="trends-scale">{scale}</p>
        <details class="trend-table">
            <summary>{view.text(|s| s.trends_table)}</summary>
            // Not a Tab stop of its own: the figures' buttons take the
            // focus and scroll it along.
            <div class="table-scroll">
                <table data-testid="trends-table">
                    <caption class="visually-hidden">{view.text(|s| s.trends_caption)}</caption>
                    <thead><tr><th scope="col">{view.text(|s| s.topic)}</th>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}
