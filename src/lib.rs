//! The viewer: thin Leptos components over `weekly_core`.

mod app;
mod components;
mod embed;
mod facet_model;
mod history;
mod i18n;
mod load;
mod row_marks;
mod timing;
mod url_state;

pub use app::App;
