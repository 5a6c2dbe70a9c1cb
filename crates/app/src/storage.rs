//! What the app keeps in [`crate::platform::Storage`]: the UI language, and the token only when
//! the person opted in.
//!
//! Storage can be missing or refuse writes (private windows, quotas); the app then simply
//! forgets on reload, so every failure here is ignored on purpose.

use crate::i18n::Lang;
use crate::platform::{Document, Storage};

const LANG_KEY: &str = "hashdrop.lang";
const TOKEN_KEY: &str = "hashdrop.token";

/// The language chosen earlier, if any.
pub fn load_lang(storage: &dyn Storage) -> Option<Lang> {
    Lang::from_tag(&storage.get(LANG_KEY)?)
}

/// Remember the chosen language (not personal data).
pub fn save_lang(storage: &dyn Storage, lang: Lang) {
    let _ = storage.set(LANG_KEY, lang.tag());
}

/// The browser's preferred UI language, if it is one of ours.
pub fn browser_lang(document: &dyn Document) -> Option<Lang> {
    Lang::from_tag(&document.preferred_language()?)
}

/// The token stored by an earlier opt-in.
pub fn load_token(storage: &dyn Storage) -> Option<String> {
    storage.get(TOKEN_KEY).filter(|token| !token.is_empty())
}

/// Store the token: only called while "remember on this device" is checked.
pub fn save_token(storage: &dyn Storage, token: &str) {
    let _ = storage.set(TOKEN_KEY, token);
}

/// Remove the stored token.
pub fn forget_token(storage: &dyn Storage) {
    storage.remove(TOKEN_KEY);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::memory::MemoryPlatform;

    #[test]
    fn the_token_is_kept_until_forgotten_and_an_empty_one_is_none() {
        let memory = MemoryPlatform::new();
        let storage = &*memory.storage;
        assert_eq!(load_token(storage), None);
        save_token(storage, "EAAB");
        assert_eq!(load_token(storage).as_deref(), Some("EAAB"));
        forget_token(storage);
        assert_eq!(load_token(storage), None);
        save_token(storage, "");
        assert_eq!(load_token(storage), None);
    }

    #[test]
    fn the_language_comes_from_storage_then_the_browser() {
        let memory = MemoryPlatform::new();
        assert_eq!(load_lang(&*memory.storage), None);
        memory.document.prefer_language("zh-CN");
        assert_eq!(browser_lang(&*memory.document), Some(Lang::ZhHans));
        save_lang(&*memory.storage, Lang::En);
        assert_eq!(load_lang(&*memory.storage), Some(Lang::En));
    }
}
