//! Pure core of the weekly viewer: the archive model, its loader and the
//! query engine. No I/O and no browser: it compiles natively and to wasm32.

pub mod archive;
pub mod chunked;
pub mod fold;
pub mod index;
pub mod links;
pub mod load;
pub mod order;
pub mod query;
mod texts;
