//! Entry point of the wasm app: install the panic hook, then mount.
//!
//! The hook prints a panic's message in dev builds (`make serve`); the
//! release build aborts at once on a panic (scripts/release-wasm-env.sh),
//! and boot.js then shows that the viewer stopped.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(weekly_viewer::App);
}
