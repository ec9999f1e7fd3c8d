//! The search box: `/` focuses it, Esc clears it.

use crate::app::View;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn SearchBox() -> impl IntoView {
    let view = expect_context::<View>();
    let input = NodeRef::<Input>::new();
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing_somewhere() {
            return;
        }
        if let Some(input) = input.get_untracked() {
            ev.prevent_default();
            let _ = input.focus();
            input.select();
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !view.state.with_untracked(|s| s.is_locked("q")) {
            ev.prevent_default();
            view.update(|s| s.text.clear());
        }
    };
    view! {
        <div class="search" role="search">
            <label for="search-input" class="search-label">{view.text(|s| s.search_label)}</label>
            <input
                id="search-input"
                node_ref=input
                class="search-input"
                type="search"
                autocomplete="off"
                spellcheck="false"
                data-testid="search"
                aria-describedby="search-hint"
                placeholder=view.text(|s| s.search_placeholder)
                prop:value=move || view.state.with(|s| s.text.clone())
                readonly=move || view.state.with(|s| s.is_locked("q"))
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    view.update(|s| s.text = text);
                }
                on:keydown=on_keydown
            />
            <p id="search-hint" class="search-hint">{view.text(|s| s.search_hint)}</p>
        </div>
    }
}

/// After a button changed the view: if the focus went with the button
/// (clear all, the empty state's button, the last chip), it goes to the
/// search box, where a reader starts again, not to the page.
pub fn keep_focus() {
    use wasm_bindgen::JsCast;
    request_animation_frame(|| {
        let document = document();
        let lost = document
            .active_element()
            .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
        if let Some(input) = document
            .get_element_by_id("search-input")
            .filter(|_| lost)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = input.focus();
        }
    });
}

/// Whether the focus is where `/` is typed (a text field, a list to pick
/// from by typing): there it is just a character. On a checkbox, a button
/// or a link it goes to the search box.
fn typing_somewhere() -> bool {
    /// Inputs that take no typed text.
    const NOT_TYPED_INTO: [&str; 8] = [
        "checkbox", "radio", "button", "submit", "reset", "range", "color", "file",
    ];
    document().active_element().is_some_and(|el| {
        match el.tag_name().to_ascii_lowercase().as_str() {
            "input" => {
                let kind = el
                    .get_attribute("type")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                !NOT_TYPED_INTO.contains(&kind.as_str())
            }
            "textarea" | "select" => true,
            _ => el.has_attribute("contenteditable"),
        }
    })
}
