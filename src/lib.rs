//! The viewer: thin Leptos components over `weekly_core`.

mod app;
mod components;
mod i18n;
mod load;
mod url_state;

pub use app::App;
