//! The viewer's components, one concern each.

pub mod chips;
pub mod entry_card;
pub mod facets;
pub mod header;
pub mod marked;
pub mod results;
pub mod rich_text;
pub mod search_box;
pub mod status;
pub mod trends;
pub mod viewer;
