//! The reactive side of "Log in with Facebook" (the rules are in [`crate::login`]): the app id,
//! the login in progress, the token it gave and why the last one failed, shared by Connect (which
//! starts a login) and Send (which asks for a new one when a login token expires mid-upload).

use crate::login::{self, LoginError, LoginToken};
use crate::platform::Platform;
use crate::settings::is_valid_version;
use crate::state::AppState;
use crate::steps::Step;
use leptos::prelude::*;

/// The login state, part of [`AppState`]. `Copy`: every field is a signal or a flag.
#[derive(Debug, Clone, Copy)]
pub struct LoginState {
    /// The Meta app id the dialog is opened for: the page's `<meta name="hashdrop-app-id">`, or
    /// typed on Connect.
    pub app_id: RwSignal<String>,
    /// Whether the app id came with the page (then Connect does not ask for it).
    pub app_id_from_page: bool,
    /// The `state` of the login in progress (one use).
    pending: StoredValue<Option<String>>,
    /// Whether a login window is open and awaited.
    pub waiting: RwSignal<bool>,
    /// The token the last login gave (kept while it is the token in use).
    pub token: RwSignal<Option<LoginToken>>,
    /// Why the last login gave no token.
    pub error: RwSignal<Option<LoginError>>,
    /// How many logins gave a token: Send resumes when it changes.
    pub logins: RwSignal<u64>,
    /// This window is the dialog's pop-up: it handed the answer to its opener and closes.
    pub handed_over: bool,
}

impl LoginState {
    /// Reads the page: the app id, and the dialog's answer if this page is where the dialog
    /// came back to. The answer is taken out of the address at once; in the pop-up it goes to
    /// the page that opened it, elsewhere it is refused (no login was started in this page).
    pub fn new(platform: &Platform) -> LoginState {
        let window = &platform.login;
        let page_app_id = window
            .meta(login::APP_ID_META)
            .map(|id| id.trim().to_owned())
            .filter(|id| login::is_app_id(id));
        let query = platform.document.query();
        let fragment = window.fragment();
        let answer = login::answer_in(&query, &fragment);
        let mut handed_over = false;
        let mut error = None;
        if answer.is_some() {
            if let Some(cleaned) = login::query_without_answer(&query) {
                platform.document.replace_query(&cleaned);
            }
            window.clear_fragment();
            let text = format!("{query}#{}", fragment.trim_start_matches('#'));
            handed_over = window.hand_to_opener(&text);
            if !handed_over {
                error = Some(LoginError::StateMismatch);
            }
        } else if fragment == "#_=_" {
            window.clear_fragment();
        }
        LoginState {
            app_id_from_page: page_app_id.is_some(),
            app_id: RwSignal::new(page_app_id.unwrap_or_default()),
            pending: StoredValue::new(None),
            waiting: RwSignal::new(false),
            token: RwSignal::new(None),
            error: RwSignal::new(error),
            logins: RwSignal::new(0),
            handed_over,
        }
    }

    /// Whether `token` is the one the last login gave.
    pub fn gave(self, token: &str) -> bool {
        self.token
            .with_untracked(|t| t.as_ref().is_some_and(|t| t.token == token.trim()))
    }
}

/// Starts a login for the settings on Connect: opens the dialog in a pop-up.
pub fn start(state: AppState) -> Result<(), LoginError> {
    let login = state.login;
    let result = open_dialog(state);
    login.error.set(result.err());
    login.waiting.set(result.is_ok());
    result
}

fn open_dialog(state: AppState) -> Result<(), LoginError> {
    let login = state.login;
    let app_id = login.app_id.get_untracked();
    if !login::is_app_id(&app_id) {
        return Err(LoginError::NoAppId);
    }
    let settings = state.settings.get_untracked();
    let endpoint = settings.endpoint().map_err(|_| LoginError::Settings)?;
    if !is_valid_version(settings.version.trim()) {
        return Err(LoginError::Settings);
    }
    let platform = state.platform();
    let random = platform.login.random().ok_or(LoginError::Failed)?;
    let nonce = login::state_from(&random);
    let redirect_uri = format!("{}{}", platform.login.origin(), Step::Connect.href());
    let url = login::dialog_url(&endpoint, &settings.version, &app_id, &redirect_uri, &nonce);
    login.pending.set_value(Some(nonce));
    if platform.login.open(&url) {
        Ok(())
    } else {
        login.pending.set_value(None);
        Err(LoginError::PopupBlocked)
    }
}

/// Listens for the pop-up's answers for the life of the page.
pub fn listen(state: AppState) {
    state
        .platform()
        .login
        .listen(Box::new(move |answer| receive(state, &answer)));
}

/// Takes a pop-up's answer: a token with the state this page sent replaces the token in use
/// (and a check made with the old one stays valid for the same target); anything else is said.
pub fn receive(state: AppState, answer: &str) {
    let login = state.login;
    let (query, fragment) = answer.split_once('#').unwrap_or((answer, ""));
    let Some(answer) = login::answer_in(query, fragment) else {
        return;
    };
    let expected = login.pending.try_update_value(Option::take).flatten();
    let now_ms = state.platform().now_ms();
    let _ = login.waiting.try_set(false);
    match login::accept(answer, expected.as_deref(), now_ms) {
        Ok(token) => {
            let old = state.settings.with_untracked(|s| s.token.clone());
            let new = token.token.clone();
            state.settings.update(|s| s.token.clone_from(&new));
            state.connected.update(|connected| {
                if let Some(connected) = connected.as_mut().filter(|c| c.settings.token == old) {
                    connected.settings.token.clone_from(&new);
                }
            });
            login.token.set(Some(token));
            login.error.set(None);
            login.logins.update(|n| *n += 1);
        }
        Err(error) => login.error.set(Some(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::memory::MemoryPlatform;
    use crate::platform::{Document, LoginWindow};
    use any_spawner::Executor;

    /// The app's state on `memory`, with the owner that keeps its signals alive.
    fn app(memory: &MemoryPlatform) -> (Owner, AppState) {
        let owner = Owner::new();
        owner.set();
        let _ = Executor::init_futures_executor();
        let state = AppState::new(memory.platform());
        (owner, state)
    }

    fn ready(state: AppState) {
        state.settings.update(|s| {
            s.use_emulator = true;
            s.target_id = "400000000000004".into();
        });
        state.login.app_id.set("800000000000008".into());
    }

    fn state_of(url: &str) -> String {
        url.split("state=").nth(1).unwrap_or_default().to_owned()
    }

    #[test]
    fn a_login_opens_the_dialog_and_takes_the_token_with_its_state() {
        let memory = MemoryPlatform::new().at_ms(1_000_000.0);
        let (_owner, state) = app(&memory);
        ready(state);
        assert_eq!(start(state), Ok(()));
        let opened = memory.login.opened();
        assert_eq!(opened.len(), 1);
        assert!(opened[0].starts_with("http://127.0.0.1:8787/v24.0/dialog/oauth?client_id=800000000000008&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fconnect&response_type=token"), "{}", opened[0]);
        let nonce = state_of(&opened[0]);
        assert_eq!(nonce.len(), 32);
        memory.login.deliver(&format!(
            "#access_token=EAAlogin&expires_in=60&state={nonce}"
        ));
        assert_eq!(state.settings.get_untracked().token, "EAAlogin");
        assert!(state.login.gave("EAAlogin"));
        assert_eq!(
            state.login.token.get_untracked().unwrap().expires_at_ms,
            Some(1_060_000.0)
        );
        assert_eq!(state.login.logins.get_untracked(), 1);
        // The state is one use: the same answer again is refused.
        memory
            .login
            .deliver(&format!("#access_token=EAAother&state={nonce}"));
        assert_eq!(state.settings.get_untracked().token, "EAAlogin");
        assert_eq!(
            state.login.error.get_untracked(),
            Some(LoginError::StateMismatch)
        );
        // The token stays in memory unless "remember" is on.
        Executor::poll_local();
        assert_eq!(memory.storage.items().get("hashdrop.token"), None);
    }

    #[test]
    fn a_wrong_state_a_cancel_a_blocked_popup_and_no_app_id_are_refused() {
        let memory = MemoryPlatform::new();
        let (_owner, state) = app(&memory);
        assert_eq!(start(state), Err(LoginError::NoAppId));
        ready(state);
        memory.login.block_popups(true);
        assert_eq!(start(state), Err(LoginError::PopupBlocked));
        memory.login.block_popups(false);
        start(state).unwrap();
        memory
            .login
            .deliver("#access_token=EAAforged&expires_in=60&state=not-mine");
        assert_eq!(state.settings.get_untracked().token, "");
        assert_eq!(
            state.login.error.get_untracked(),
            Some(LoginError::StateMismatch)
        );
        start(state).unwrap();
        let nonce = state_of(&memory.login.opened()[1]);
        memory.login.deliver(&format!(
            "?error=access_denied&error_reason=user_denied&state={nonce}#_=_"
        ));
        assert_eq!(
            state.login.error.get_untracked(),
            Some(LoginError::Cancelled)
        );
        assert!(!state.login.waiting.get_untracked());
    }

    #[test]
    fn the_pop_up_hands_the_answer_over_and_clears_its_address() {
        let memory = MemoryPlatform::new();
        memory.login.opened_by_page();
        memory.login.set_meta("hashdrop-app-id", "800000000000008");
        memory.document.open_with_query("");
        memory
            .login
            .open_with_fragment("#access_token=EAAx&expires_in=60&state=s1");
        let (_owner, state) = app(&memory);
        assert!(state.login.handed_over);
        assert!(state.login.app_id_from_page);
        assert_eq!(state.login.app_id.get_untracked(), "800000000000008");
        assert_eq!(memory.login.fragment(), "", "the token left the address");
        assert_eq!(
            memory.login.handed(),
            ["#access_token=EAAx&expires_in=60&state=s1"]
        );
        assert_eq!(state.settings.get_untracked().token, "", "not used here");
    }

    #[test]
    fn an_answer_in_a_page_that_started_no_login_is_refused_and_removed() {
        let memory = MemoryPlatform::new();
        memory
            .document
            .open_with_query("?v=v24.0&error=access_denied&state=s");
        memory.login.open_with_fragment("#_=_");
        let (_owner, state) = app(&memory);
        assert!(!state.login.handed_over);
        assert_eq!(
            state.login.error.get_untracked(),
            Some(LoginError::StateMismatch)
        );
        assert_eq!(memory.document.query(), "?v=v24.0");
        assert_eq!(memory.login.fragment(), "");
    }

    #[test]
    fn a_new_login_keeps_a_check_made_with_the_old_login_token() {
        let memory = MemoryPlatform::new();
        let (_owner, state) = app(&memory);
        ready(state);
        start(state).unwrap();
        let nonce = state_of(&memory.login.opened()[0]);
        memory
            .login
            .deliver(&format!("#access_token=EAAold&expires_in=60&state={nonce}"));
        state.connected.set(Some(crate::state::Connected {
            target: crate::connection::TargetInfo {
                id: "400000000000004".into(),
                name: None,
            },
            settings: state.settings.get_untracked(),
        }));
        start(state).unwrap();
        let nonce = state_of(&memory.login.opened()[1]);
        memory
            .login
            .deliver(&format!("#access_token=EAAnew&expires_in=60&state={nonce}"));
        assert_eq!(state.settings.get_untracked().token, "EAAnew");
        assert!(state.current_connection().is_some());
        assert_eq!(state.login.logins.get_untracked(), 2);
    }
}
