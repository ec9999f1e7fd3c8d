//! Embed mode: the page tells the frame's host how tall it is, so the
//! host (public/embed.js) sizes the iframe to fit and there is no inner
//! scrollbar.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The message type the host script listens for.
const HEIGHT_MESSAGE: &str = "weekly-archive:height";

/// Posts the document's height to the parent window now and whenever it
/// changes. The height is not a secret, so any parent may read it; the host
/// script checks that the message comes from this frame and origin.
pub fn report_height_to_parent() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let post = move || {
        let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        // The root's box, not its scrollHeight: scrollHeight never drops
        // below the frame's current height, so the frame could not shrink.
        let height = root.get_bounding_client_rect().height().ceil();
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    };
    post();
    let on_resize = Closure::<dyn FnMut()>::new(post);
    let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
        return;
    };
    if let Some(body) = window.document().and_then(|d| d.body()) {
        observer.observe(&body);
    }
    // Both live as long as the page: the observer watches the body for good.
    on_resize.forget();
    std::mem::forget(observer);
}
