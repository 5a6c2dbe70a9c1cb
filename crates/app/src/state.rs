//! The state every screen shares, provided once by [`crate::App`] as a context.

use crate::connection::TargetInfo;
use crate::i18n::{Key, Lang};
use crate::settings::{ConnectSettings, Endpoint, Preset};
use crate::storage;
use crate::worker_protocol::Prepared;
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
}

/// The chosen file and the settings of its last preparation.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file as the browser gave it (a handle, not its contents).
    pub file: web_sys::File,
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
    /// Build the state from the page address and storage, and keep storage in sync.
    ///
    /// The token comes only from an earlier opt-in, never from the address.
    pub fn from_page() -> AppState {
        let search = storage::location_search();
        let preset = Preset::from_query(&search);
        if let Some(cleaned) = crate::settings::query_without_token(&search) {
            storage::replace_search(&cleaned);
        }
        let mut settings = ConnectSettings::default();
        preset.apply(&mut settings);
        if let Some(token) = storage::load_token() {
            settings.token = token;
            settings.remember = true;
        }
        let lang = storage::load_lang()
            .or_else(storage::browser_lang)
            .unwrap_or_default();
        let state = AppState {
            lang: RwSignal::new(lang),
            settings: RwSignal::new(settings),
            connected: RwSignal::new(None),
            preset: StoredValue::new(preset),
            prepared: RwSignal::new(None),
            source: RwSignal::new_local(None),
        };
        state.sync_with_storage();
        state
    }

    /// Effects: the only code that writes storage and `<html lang>`.
    fn sync_with_storage(self) {
        Effect::new(move |_| {
            let lang = self.lang.get();
            storage::save_lang(lang);
            storage::set_document_lang(lang);
        });
        Effect::new(move |_| {
            self.settings.with(|s| {
                if s.remember && !s.token.trim().is_empty() {
                    storage::save_token(s.token.trim());
                } else if !s.remember {
                    storage::forget_token();
                }
            })
        });
    }

    /// The text of `key` in the current language (reactive).
    pub fn t(self, key: Key) -> &'static str {
        self.lang.get().t(key)
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
