//! The login dialog's windows in the browser: `window.open` for the pop-up, a `BroadcastChannel`
//! of this origin back to the page that opened it, `crypto.getRandomValues` for `state`, and
//! `history.replaceState` to take the answer out of the address.

use super::super::LoginWindow;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The channel's name.
const CHANNEL: &str = "hashdrop-login";
/// What a pop-up's message starts with, so other messages are ignored.
const PREFIX: &str = "hashdrop-login:";

/// The browser's login windows.
pub struct PopupLogin;

impl LoginWindow for PopupLogin {
    fn fragment(&self) -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    }

    fn clear_fragment(&self) {
        super::replace_address(None, Some(""));
    }

    fn meta(&self, name: &str) -> Option<String> {
        let document = web_sys::window()?.document()?;
        document
            .query_selector(&format!("meta[name=\"{name}\"]"))
            .ok()??
            .get_attribute("content")
    }

    fn origin(&self) -> String {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }

    fn random(&self) -> Option<[u8; 16]> {
        // Through `Reflect`, as web-sys's `Crypto` binding would be one more feature to build.
        let window = web_sys::window()?;
        let crypto = js_sys::Reflect::get(&window, &"crypto".into()).ok()?;
        let fill = js_sys::Reflect::get(&crypto, &"getRandomValues".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let array = js_sys::Uint8Array::new_with_length(16);
        fill.call1(&crypto, &array).ok()?;
        let mut bytes = [0u8; 16];
        array.copy_to(&mut bytes);
        Some(bytes)
    }

    fn open(&self, url: &str) -> bool {
        web_sys::window()
            .and_then(|w| {
                // A new window each time: an earlier one may still be open (a browser does not
                // always let a page close a pop-up that went to another origin and back).
                w.open_with_url_and_target_and_features(url, "_blank", "popup,width=600,height=720")
                    .ok()
            })
            .flatten()
            .is_some()
    }

    fn hand_to_opener(&self, answer: &str) -> bool {
        let Some(channel) = channel() else {
            return false;
        };
        let message = wasm_bindgen::JsValue::from_str(&format!("{PREFIX}{answer}"));
        let posted = call(&channel, "postMessage", &message);
        let _ = call(&channel, "close", &wasm_bindgen::JsValue::UNDEFINED);
        // Closing works where the browser still counts this window as opened by the page; else
        // the window says the login is done and the person closes it.
        if posted && let Some(window) = web_sys::window() {
            let _ = window.close();
        }
        posted
    }

    fn listen(&self, mut on_answer: Box<dyn FnMut(String)>) {
        let Some(channel) = channel() else {
            return;
        };
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if let Some(answer) = event
                    .data()
                    .as_string()
                    .and_then(|text| text.strip_prefix(PREFIX).map(str::to_owned))
                {
                    on_answer(answer);
                }
            },
        );
        let _ = js_sys::Reflect::set(&channel, &"onmessage".into(), listener.as_ref());
        // The page listens for its whole life: neither the listener nor the channel is dropped.
        listener.forget();
        std::mem::forget(channel);
    }
}

/// This origin's `BroadcastChannel` for login answers. A channel, not `window.opener`: the
/// page's `Cross-Origin-Opener-Policy` (`same-origin`) cuts the pop-up off from its opener as soon
/// as it visits the dialog's origin, while a channel reaches every page of this origin.
fn channel() -> Option<wasm_bindgen::JsValue> {
    // Through `Reflect`, as web-sys's binding would be one more feature to build.
    let constructor = js_sys::Reflect::get(&js_sys::global(), &"BroadcastChannel".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let name = js_sys::Array::of1(&CHANNEL.into());
    js_sys::Reflect::construct(&constructor, &name).ok()
}

/// Calls `object.method(argument)`; whether it returned normally.
fn call(object: &wasm_bindgen::JsValue, method: &str, argument: &wasm_bindgen::JsValue) -> bool {
    js_sys::Reflect::get(object, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .is_some_and(|f| f.call1(object, argument).is_ok())
}
