//! The state every screen shares, provided once by [`crate::App`] as a context.

use crate::connection::TargetInfo;
use crate::i18n::{Lang, Text};
use crate::platform::{LocalFile, Platform};
use crate::settings::{ConnectSettings, Endpoint, Preset};
use crate::storage;
use crate::worker::protocol::Prepared;
use leptos::prelude::*;
use std::sync::Arc;

/// Shared, reactive app state. `Copy`: every field is an arena-allocated signal.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The UI language.
    pub lang: RwSignal<Lang>,
    /// What the Connect screen holds.
    pub settings: RwSignal<ConnectSettings>,
    /// The target the last successful check reached, for the settings it was made with.
    pub connected: RwSignal<Option<Connected>>,
    /// What the page address preset (shown once on Connect).
    pub preset: StoredValue<Preset>,
    /// The file the File step prepared (hashed batches, rejected rows, warnings), for the
    /// later steps.
    pub prepared: RwSignal<Option<Arc<Prepared>>>,
    /// The chosen file and the settings `prepared` was made with, so the Mapping step can
    /// prepare it again with edited settings without the person choosing it again. The `File`
    /// is a handle: its bytes are only ever read in the worker.
    pub source: RwSignal<Option<Source>, LocalStorage>,
    /// "Log in with Facebook": the app id, the login in progress, the token it gave.
    pub login: crate::login_flow::LoginState,
    /// The side effects (storage, the worker, the network, …).
    platform: StoredValue<Platform, LocalStorage>,
}

/// The chosen file and the settings of its last preparation.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file as the browser gave it (a handle, not its contents).
    pub file: LocalFile,
    /// The settings of the last preparation (the mapping is `None` when it was detected).
    pub settings: events::Settings,
}

/// A successful connection check and the settings it was made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connected {
    /// The reached dataset / event set.
    pub target: TargetInfo,
    /// The settings at the time (a later edit makes the check stale).
    pub settings: ConnectSettings,
}

impl AppState {
    /// Build the state from the page address and storage of `platform`, and keep storage in
    /// sync.
    ///
    /// The token comes only from an earlier opt-in, never from the address.
    pub fn new(platform: Platform) -> AppState {
        // First: a login answer in the address is taken out of it before anything else reads it.
        let login = crate::login_flow::LoginState::new(&platform);
        let search = platform.document.query();
        let preset = Preset::from_query(&search);
        if let Some(cleaned) = crate::settings::query_without_token(&search) {
            platform.document.replace_query(&cleaned);
        }
        let mut settings = ConnectSettings::default();
        preset.apply(&mut settings);
        if let Some(token) = storage::load_token(&*platform.storage) {
            settings.token = token;
            settings.remember = true;
        }
        let lang = storage::load_lang(&*platform.storage)
            .or_else(|| storage::browser_lang(&*platform.document))
            .unwrap_or_default();
        let state = AppState {
            lang: RwSignal::new(lang),
            settings: RwSignal::new(settings),
            connected: RwSignal::new(None),
            preset: StoredValue::new(preset),
            prepared: RwSignal::new(None),
            source: RwSignal::new_local(None),
            login,
            platform: StoredValue::new_local(platform),
        };
        state.sync_with_storage();
        crate::login_flow::listen(state);
        state
    }

    /// The side effects the app runs on.
    pub fn platform(self) -> Platform {
        self.platform.get_value()
    }

    /// Effects: the only code that writes storage and `<html lang>`.
    fn sync_with_storage(self) {
        Effect::new(move |_| {
            let lang = self.lang.get();
            let platform = self.platform();
            storage::save_lang(&*platform.storage, lang);
            platform.document.set_language(lang.tag());
        });
        Effect::new(move |_| {
            let storage = self.platform().storage;
            self.settings.with(|s| {
                if s.remember && !s.token.trim().is_empty() {
                    storage::save_token(&*storage, s.token.trim());
                } else if !s.remember {
                    storage::forget_token(&*storage);
                }
            })
        });
    }

    /// The text of `key` in the current language (reactive).
    pub fn t(self, text: Text) -> &'static str {
        self.lang.get().t(text)
    }

    /// The endpoint the app talks to, when the settings name an allowed one.
    pub fn endpoint(self) -> Option<Endpoint> {
        self.settings.with(|s| s.endpoint().ok())
    }

    /// The reached target, if the check is still valid for the current settings.
    pub fn current_connection(self) -> Option<TargetInfo> {
        let connected = self.connected.get()?;
        self.settings
            .with(|s| s.same_connection(&connected.settings))
            .then_some(connected.target)
    }
}

/// The shared state (provided by [`crate::App`]).
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::memory::MemoryPlatform;
    use crate::platform::{Document, Storage};
    use any_spawner::Executor;

    #[test]
    fn the_state_reads_the_address_and_storage_and_drops_a_token_from_the_address() {
        let owner = Owner::new();
        owner.set();
        let memory = MemoryPlatform::new();
        memory
            .document
            .open_with_query("?graph=http://127.0.0.1:8787&access_token=SECRET&dataset=123");
        memory.storage.set("hashdrop.token", "EAAB");
        memory.storage.set("hashdrop.lang", "zh-Hans");
        let _ = Executor::init_futures_executor();
        let state = AppState::new(memory.platform());
        assert!(!memory.document.query().contains("SECRET"));
        assert_eq!(state.lang.get_untracked(), Lang::ZhHans);
        let settings = state.settings.get_untracked();
        assert_eq!(settings.token, "EAAB");
        assert!(settings.remember);
        // Unticking "remember" forgets the stored token; the language lands on `<html lang>`.
        Executor::poll_local();
        state.settings.update(|s| s.remember = false);
        Executor::poll_local();
        assert_eq!(memory.storage.get("hashdrop.token"), None);
        assert_eq!(memory.document.language().as_deref(), Some("zh-Hans"));
    }

    #[test]
    fn without_storage_the_browser_language_is_used() {
        let owner = Owner::new();
        owner.set();
        let memory = MemoryPlatform::new();
        memory.document.prefer_language("zh-CN");
        let _ = Executor::init_futures_executor();
        let state = AppState::new(memory.platform());
        assert_eq!(state.lang.get_untracked(), Lang::ZhHans);
        assert_eq!(state.settings.get_untracked().token, "");
    }
}
