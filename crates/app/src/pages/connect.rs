//! Step 1: the token (from "Log in with Facebook" or pasted), the target and the endpoint, and a
//! check that the token reaches the target.

use crate::components::{HashTryout, TextField};
use crate::connection::{self, CheckFailure, TargetInfo};
use crate::i18n::Text;
use crate::login_flow;
use crate::settings::{ConnectSettings, SettingsError, Target, TargetKind};
use crate::state::{AppState, Connected, use_app_state};
use crate::steps::Step;
use crate::storage;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

type CheckResult = Result<TargetInfo, CheckFailure>;

/// The Connect screen.
#[component]
pub fn ConnectPage() -> impl IntoView {
    let state = use_app_state();
    let t = move |key| state.t(key);
    let lang = Signal::derive(move || state.lang.get());
    let invalid = RwSignal::new(None::<SettingsError>);
    let forgotten = RwSignal::new(false);

    let check = Action::new_local(move |(target, settings): &(Target, ConnectSettings)| {
        let (target, settings) = (target.clone(), settings.clone());
        async move {
            let result =
                connection::check_connection(state.platform().transport, &target, &settings.token)
                    .await;
            state
                .connected
                .set(result.as_ref().ok().map(|target| Connected {
                    target: target.clone(),
                    settings,
                }));
            result
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let settings = state.settings.get_untracked();
        match settings.target() {
            Err(error) => invalid.set(Some(error)),
            Ok(target) => {
                invalid.set(None);
                check.dispatch_local((target, settings));
            }
        }
    };

    let edit = move |apply: fn(&mut ConnectSettings, String)| {
        Callback::new(move |value: String| {
            forgotten.set(false);
            state.settings.update(|s| apply(s, value));
        })
    };
    let field = move |read: fn(&ConnectSettings) -> String| {
        Signal::derive(move || state.settings.with(read))
    };
    let text = move |key: Text| Signal::derive(move || t(key));
    let is_emulator = move || state.settings.with(|s| s.use_emulator);
    let kind = move || state.settings.with(|s| s.target_kind);

    // A login that gave a token checks the connection at once when the target is filled in.
    Effect::new(move |seen: Option<u64>| {
        let logins = state.login.logins.get();
        if seen.is_some_and(|seen| seen != logins) {
            let settings = state.settings.get_untracked();
            if let Ok(target) = settings.target() {
                check.dispatch_local((target, settings));
            }
        }
        logins
    });

    let forget = move |_| {
        storage::forget_token(&*state.platform().storage);
        state.settings.update(|s| {
            s.remember = false;
            s.token.clear();
        });
        forgotten.set(true);
    };

    view! {
        <div class="columns" data-testid="page-connect">
            <section class="card main-card" aria-labelledby="connect-title">
                <h1 id="connect-title" data-testid="page-title">{move || t(tr!(connect_title))}</h1>
                <p class="intro">{move || t(tr!(connect_intro))}</p>
                <PresetNotices state/>
                <form class="form" on:submit=on_submit novalidate=true>
                    <LoginField state/>
                    <div class="field">
                        <TextField
                            id="connect-token"
                            testid="connect-token"
                            input_type="password"
                            label=text(tr!(token_label))
                            hint=text(tr!(token_hint))
                            value=field(|s| s.token.clone())
                            on_input=edit(|s, v| s.token = v)
                        />
                        <div class="check-row">
                            <input
                                id="connect-remember"
                                data-testid="connect-remember"
                                type="checkbox"
                                aria-describedby="connect-remember-hint"
                                prop:checked=move || state.settings.with(|s| s.remember)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    forgotten.set(false);
                                    state.settings.update(|s| s.remember = on);
                                }
                            />
                            <label for="connect-remember">{move || t(tr!(remember_label))}</label>
                        </div>
                        <p class="hint" id="connect-remember-hint">{move || t(tr!(remember_hint))}</p>
                        <Show when=move || state.settings.with(|s| s.remember)>
                            <button
                                type="button"
                                class="button button-secondary"
                                data-testid="connect-forget"
                                on:click=forget
                            >
                                {move || t(tr!(forget_button))}
                            </button>
                        </Show>
                        <Show when=move || forgotten.get()>
                            <p class="hint" role="status" data-testid="connect-forgotten">
                                {move || t(tr!(forgotten))}
                            </p>
                        </Show>
                    </div>

                    <fieldset class="field">
                        <legend>{move || t(tr!(target_kind_label))}</legend>
                        <div class="check-row">
                            <input
                                id="connect-kind-capi"
                                data-testid="connect-kind-capi"
                                type="radio"
                                name="target-kind"
                                prop:checked=move || kind() == TargetKind::Capi
                                on:change=move |_| state.settings.update(|s| s.target_kind = TargetKind::Capi)
                            />
                            <label for="connect-kind-capi">{move || t(tr!(target_capi))}</label>
                        </div>
                        <div class="check-row">
                            <input
                                id="connect-kind-ocapi"
                                data-testid="connect-kind-ocapi"
                                type="radio"
                                name="target-kind"
                                prop:checked=move || kind() == TargetKind::Ocapi
                                on:change=move |_| state.settings.update(|s| s.target_kind = TargetKind::Ocapi)
                            />
                            <label for="connect-kind-ocapi">{move || t(tr!(target_ocapi))}</label>
                        </div>
                        <p class="hint">
                            {move || match kind() {
                                TargetKind::Capi => t(tr!(target_capi_hint)),
                                TargetKind::Ocapi => t(tr!(target_ocapi_hint)),
                            }}
                        </p>
                        <TextField
                            id="connect-target-id"
                            testid="connect-target-id"
                            inputmode="numeric"
                            label=Signal::derive(move || match kind() {
                                TargetKind::Capi => t(tr!(dataset_id_label)),
                                TargetKind::Ocapi => t(tr!(event_set_id_label)),
                            })
                            value=field(|s| s.target_id.clone())
                            on_input=edit(|s, v| s.target_id = v)
                        />
                    </fieldset>

                    <fieldset class="field">
                        <legend>{move || t(tr!(endpoint_choice_label))}</legend>
                        <div class="check-row">
                            <input
                                id="connect-endpoint-meta"
                                data-testid="connect-endpoint-meta"
                                type="radio"
                                name="endpoint"
                                prop:checked=move || !is_emulator()
                                on:change=move |_| state.settings.update(|s| s.use_emulator = false)
                            />
                            <label for="connect-endpoint-meta">{move || t(tr!(endpoint_meta_choice))}</label>
                        </div>
                        <div class="check-row">
                            <input
                                id="connect-endpoint-emulator"
                                data-testid="connect-endpoint-emulator"
                                type="radio"
                                name="endpoint"
                                prop:checked=is_emulator
                                on:change=move |_| state.settings.update(|s| s.use_emulator = true)
                            />
                            <label for="connect-endpoint-emulator">
                                {move || t(tr!(endpoint_emulator_choice))}
                            </label>
                        </div>
                        <Show when=is_emulator>
                            <TextField
                                id="connect-emulator-url"
                                testid="connect-emulator-url"
                                input_type="url"
                                label=text(tr!(emulator_url_label))
                                hint=text(tr!(emulator_url_hint))
                                value=field(|s| s.emulator_url.clone())
                                on_input=edit(|s, v| s.emulator_url = v)
                            />
                        </Show>
                    </fieldset>

                    <div class="field-row">
                        <div class="field">
                            <TextField
                                id="connect-version"
                                testid="connect-version"
                                label=text(tr!(version_label))
                                hint=text(tr!(version_hint))
                                value=field(|s| s.version.clone())
                                on_input=edit(|s, v| s.version = v)
                            />
                        </div>
                        <div class="field">
                            <TextField
                                id="connect-test-code"
                                testid="connect-test-code"
                                label=text(tr!(test_code_label))
                                hint=text(tr!(test_code_hint))
                                value=field(|s| s.test_event_code.clone())
                                on_input=edit(|s, v| s.test_event_code = v)
                            />
                        </div>
                    </div>

                    <details class="field connect-advanced" data-testid="connect-advanced">
                        <summary>{move || t(tr!(advanced_settings))}</summary>
                        <TextField
                            id="connect-partner-agent"
                            testid="connect-partner-agent"
                            label=text(tr!(partner_agent_label))
                            hint=text(tr!(partner_agent_hint))
                            value=field(|s| s.partner_agent.clone())
                            on_input=edit(|s, v| s.partner_agent = v)
                        />
                    </details>

                    <div class="actions">
                        <button
                            type="submit"
                            class="button"
                            data-testid="connect-check"
                            prop:disabled=move || check.pending().get()
                        >
                            {move || t(tr!(check_button))}
                        </button>
                    </div>
                </form>
                <CheckStatus state invalid pending=check.pending().into() result=check.value().into()/>
            </section>
            <aside class="side-column">
                <HashTryout lang/>
            </aside>
        </div>
    }
}

/// "Log in with Facebook": the app id (when the page has none), the button, and how the last
/// login went.
#[component]
fn LoginField(state: AppState) -> impl IntoView {
    let t = move |key| state.t(key);
    let login = state.login;
    let status = move || {
        if login.waiting.get() {
            return ("waiting", None, t(tr!(login_waiting)));
        }
        if let Some(error) = login.error.get() {
            return ("error", Some(error.code()), t(error.message()));
        }
        let current = login.token.with(|token| {
            token
                .as_ref()
                .is_some_and(|token| state.settings.with(|s| s.token.trim() == token.token))
        });
        if current {
            ("done", None, t(tr!(login_done)))
        } else {
            ("idle", None, "")
        }
    };
    let status = Memo::new(move |_| status());
    view! {
        <div class="field login-field">
            {(!login.app_id_from_page)
                .then(|| {
                    view! {
                        <TextField
                            id="connect-app-id"
                            testid="connect-app-id"
                            inputmode="numeric"
                            label=Signal::derive(move || t(tr!(app_id_label)))
                            hint=Signal::derive(move || t(tr!(app_id_hint)))
                            value=Signal::derive(move || login.app_id.get())
                            on_input=Callback::new(move |value: String| login.app_id.set(value))
                        />
                    }
                })}
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="connect-login"
                    on:click=move |_| {
                        let _ = login_flow::start(state);
                    }
                >
                    {move || t(tr!(login_button))}
                </button>
            </div>
            <p class="hint">{move || t(tr!(login_hint))}</p>
            <p
                class="hint"
                role="status"
                aria-live="polite"
                data-testid="connect-login-status"
                data-state=move || status.get().0
                data-problem=move || status.get().1
            >
                {move || status.get().2}
            </p>
        </div>
    }
}

/// What the page address preset, and that a token in it was dropped.
#[component]
fn PresetNotices(state: AppState) -> impl IntoView {
    let preset = state.preset.get_value();
    let t = move |key| state.t(key);
    view! {
        {preset
            .applied()
            .then(|| {
                view! {
                    <p class="notice notice-info" data-testid="connect-preset-notice">
                        {move || t(tr!(preset_applied))}
                    </p>
                }
            })}
        {preset
            .endpoint_rejected
            .then(|| {
                view! {
                    <p class="notice notice-warn" data-testid="connect-preset-rejected">
                        {move || t(tr!(preset_rejected))}
                    </p>
                }
            })}
        {preset
            .token_stripped
            .then(|| {
                view! {
                    <p class="notice notice-warn" data-testid="connect-token-stripped">
                        {move || t(tr!(token_stripped))}
                    </p>
                }
            })}
    }
}

/// The live result of the check: invalid input, checking, connected, or the problem.
#[component]
fn CheckStatus(
    state: AppState,
    invalid: RwSignal<Option<SettingsError>>,
    pending: Signal<bool>,
    result: Signal<Option<CheckResult>>,
) -> impl IntoView {
    let t = move |key| state.t(key);
    let status = move || {
        if pending.get() {
            return ("checking", None, t(tr!(checking)).to_owned(), None);
        }
        if let Some(error) = invalid.get() {
            return (
                "invalid",
                Some(error.code()),
                t(error.message()).to_owned(),
                None,
            );
        }
        if let Some(target) = state.current_connection() {
            let text = format!("{} {}", t(tr!(connected)), target.label());
            return ("connected", None, text, None);
        }
        match result.get() {
            Some(Err(failure)) => (
                "error",
                Some(failure.problem.code()),
                t(failure.problem.message()).to_owned(),
                failure.detail,
            ),
            _ => ("idle", None, String::new(), None),
        }
    };
    let status = Memo::new(move |_| status());
    view! {
        <div
            class="status"
            data-testid="connect-status"
            data-state=move || status.get().0
            data-problem=move || status.get().1
            role="status"
            aria-live="polite"
        >
            <p class="status-text" data-testid="connect-status-text">{move || status.get().2}</p>
            {move || {
                status
                    .get()
                    .3
                    .map(|detail| {
                        view! {
                            <details class="status-detail">
                                <summary>{t(tr!(problem_detail))}</summary>
                                <code data-testid="connect-status-detail">{detail}</code>
                            </details>
                        }
                    })
            }}
            <Show when=move || status.get().0 == "connected">
                <a class="button" href=Step::File.href() data-testid="connect-next">
                    {move || t(tr!(next_file))}
                </a>
            </Show>
        </div>
    }
}
