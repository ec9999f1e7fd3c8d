//! The viewer's components, one concern each.

pub mod entry_card;
pub mod entry_list;
pub mod rich_text;
pub mod status;
