//! The browser's `localStorage`: the UI language, and the token only when the person opted in.
//!
//! Storage can be missing or refuse writes (private windows, quotas); the app then simply
//! forgets on reload, so every failure here is ignored on purpose.

use crate::i18n::Lang;

const LANG_KEY: &str = "hashdrop.lang";
const TOKEN_KEY: &str = "hashdrop.token";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The language chosen earlier, if any.
pub fn load_lang() -> Option<Lang> {
    let tag = local_storage()?.get_item(LANG_KEY).ok().flatten()?;
    Lang::from_tag(&tag)
}

/// Remember the chosen language (not personal data).
pub fn save_lang(lang: Lang) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
}

/// The browser's preferred UI language, if it is one of ours.
pub fn browser_lang() -> Option<Lang> {
    let tag = web_sys::window()?.navigator().language()?;
    Lang::from_tag(&tag)
}

/// The token stored by an earlier opt-in.
pub fn load_token() -> Option<String> {
    local_storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|token| !token.is_empty())
}

/// Store the token: only called while "remember on this device" is checked.
pub fn save_token(token: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(TOKEN_KEY, token);
    }
}

/// Remove the stored token.
pub fn forget_token() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(TOKEN_KEY);
    }
}

/// Set `<html lang>` so screen readers pronounce the UI in its language.
pub fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// The page address's query string (`?…`).
pub fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Replace the page address's query (keeping path and hash) without reloading or adding a
/// history entry: used to remove a token someone put in the address.
pub fn replace_search(search: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let url = format!("{path}{search}{hash}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
