//! Entry point of the wasm app: install the panic hook, then mount.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(weekly_viewer::App);
}
