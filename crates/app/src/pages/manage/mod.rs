//! The management screens under `/manage/…`: event sets and datasets, ad tracking, uploads and
//! stats, insights. Each calls Graph with the graph crate's typed client over the page transport,
//! with the endpoint, version and token of the shared [`AppState`] settings.

mod insights;
mod sets;
mod stats;
mod text;
mod tracking;

pub use insights::InsightsPage;
pub use sets::SetsPage;
pub use stats::StatsPage;
pub use text::{M, tm};
pub use tracking::TrackingPage;

use crate::components::{Chart, ChartData, CsvDownload, DataTable, StepRequirement, TableData};
use crate::connection::CheckFailure;
use crate::i18n::Key;
use crate::settings::{ConnectSettings, SettingsError, TargetKind, is_valid_version};
use crate::state::AppState;
use graph::{AccessToken, Client, ClientError, IdError, Settings, Transport};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The seeded demo business (the emulator's; a real one is typed in).
pub const DEMO_BUSINESS: &str = "100000000000001";
/// The seeded client / agency business.
pub const CLIENT_BUSINESS: &str = "100000000000009";
/// The seeded ad account.
pub const DEMO_ACCOUNT: &str = "act_200000000000002";
/// The seeded ad.
pub const DEMO_AD: &str = "300000000000003";

/// The management screens, in nav order: path, label.
pub const SCREENS: [(&str, M); 4] = [
    ("/manage/sets", M::NavSets),
    ("/manage/tracking", M::NavTracking),
    ("/manage/stats", M::NavStats),
    ("/manage/insights", M::NavInsights),
];

/// Why the settings cannot call Graph yet (no token, bad version, endpoint not allowed).
pub fn usable(settings: &ConnectSettings) -> Result<(), SettingsError> {
    if settings.token.trim().is_empty() {
        return Err(SettingsError::TokenMissing);
    }
    if !is_valid_version(settings.version.trim()) {
        return Err(SettingsError::Version);
    }
    settings.endpoint().map(|_| ())
}

/// A client for the current settings (read once, when an action starts).
pub fn graph_client(state: AppState) -> Result<Client<impl Transport>, Failure> {
    let settings = state.settings.get_untracked();
    usable(&settings).map_err(Failure::Settings)?;
    let endpoint = settings.endpoint().map_err(Failure::Settings)?;
    Ok(Client::new(
        crate::net::page_transport(),
        Settings::with_base_url(endpoint.base_url()).version(settings.version.trim()),
        AccessToken::new(settings.token.trim()),
    ))
}

/// Why an action failed, in the person's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Graph (or the network) said no: the problem and the graph crate's explanation.
    Graph(CheckFailure),
    /// An id field is not an id.
    Id(M),
    /// The settings cannot call Graph.
    Settings(SettingsError),
}

impl Failure {
    /// A stable code for `data-problem`.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Graph(failure) => failure.problem.code(),
            Failure::Id(_) => "invalid_id",
            Failure::Settings(error) => error.code(),
        }
    }

    /// A failure for a field whose id does not parse.
    pub fn id(field: M) -> impl Fn(IdError) -> Failure {
        move |_| Failure::Id(field)
    }
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Self {
        Failure::Graph(CheckFailure::from_client(&error))
    }
}

/// The result of one action: `None` before it ran.
pub type Outcome<T> = Option<Result<T, Failure>>;

/// The tabs of the management screens, and a note when the settings cannot call Graph yet.
#[component]
pub fn ManageFrame(
    /// The shared state.
    state: AppState,
    /// The screen's title.
    title: M,
    /// What the screen does.
    intro: M,
    /// The screen's `data-testid`.
    testid: &'static str,
    /// The screen's content.
    children: Children,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let location = use_location();
    let ready = move || state.settings.with(|s| usable(s).is_ok());
    let tabs = SCREENS
        .iter()
        .map(|&(path, label)| {
            let current = move || (location.pathname.get() == path).then_some("page");
            let slug = path.trim_start_matches("/manage/");
            view! {
                <li>
                    <a href=path aria-current=current data-testid=format!("manage-tab-{slug}")>
                        {move || tm(lang(), label)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card manage" data-testid=testid>
            <nav class="manage-tabs" aria-label=move || tm(lang(), M::NavLabel) data-testid="manage-tabs">
                <ul>{tabs}</ul>
            </nav>
            <h1 data-testid="page-title">{move || tm(lang(), title)}</h1>
            <p class="intro">{move || tm(lang(), intro)}</p>
            <Show when=ready>
                <p class="hint" data-testid="manage-connection">
                    {move || {
                        let endpoint = state.endpoint().map(|e| e.base_url().to_owned()).unwrap_or_default();
                        let version = state.settings.with(|s| s.version.trim().to_owned());
                        format!("{} {endpoint} ({version})", tm(lang(), M::UsingConnection))
                    }}
                </p>
            </Show>
            <Show when=move || !ready()>
                <StepRequirement
                    message=Signal::derive(move || tm(lang(), M::NeedsToken))
                    href="/connect"
                    link_text=Signal::derive(move || state.t(Key::GoToConnect))
                />
            </Show>
            {children()}
        </section>
    }
}

/// The live state of one action: idle, working, done (with `done`'s text) or the failure with
/// what to do next.
#[component]
pub fn ActionStatus<T: Clone + Send + Sync + 'static>(
    /// The shared state.
    state: AppState,
    /// Whether the action is running.
    pending: Signal<bool>,
    /// Its last outcome.
    outcome: Signal<Outcome<T>>,
    /// The text for a success.
    done: fn(&T, crate::i18n::Lang) -> String,
    /// The `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let view_state = move || {
        if pending.get() {
            return "working";
        }
        match outcome.get() {
            None => "idle",
            Some(Ok(_)) => "done",
            Some(Err(_)) => "error",
        }
    };
    let problem = move || match outcome.get() {
        Some(Err(failure)) => Some(failure.code()),
        _ => None,
    };
    let text = move || {
        let lang = lang();
        if pending.get() {
            return tm(lang, M::Working).to_owned();
        }
        match outcome.get() {
            None => String::new(),
            Some(Ok(value)) => done(&value, lang),
            Some(Err(Failure::Graph(failure))) => lang.t(failure.problem.message()).to_owned(),
            Some(Err(Failure::Id(field))) => {
                format!("{} {}", tm(lang, M::InvalidId), tm(lang, field))
            }
            Some(Err(Failure::Settings(error))) => lang.t(error.message()).to_owned(),
        }
    };
    let detail = move || match outcome.get() {
        Some(Err(Failure::Graph(failure))) => failure.detail,
        _ => None,
    };
    view! {
        <div
            class="status"
            data-testid=testid
            data-state=view_state
            data-problem=problem
            role="status"
            aria-live="polite"
        >
            <p class="status-text" data-testid=format!("{testid}-text")>{text}</p>
            {move || {
                detail()
                    .map(|detail| {
                        view! {
                            <details class="status-detail" open=true>
                                <summary>{state.t(Key::ProblemDetail)}</summary>
                                <code data-testid=format!("{testid}-detail")>{detail}</code>
                            </details>
                        }
                    })
            }}
        </div>
    }
}

/// The shared [`crate::components::TextField`] in a `.field`, with a management text as label.
#[component]
pub fn TextField(
    /// The shared state (for the label's language).
    state: AppState,
    /// The input's id (and `data-testid`).
    id: &'static str,
    /// The label.
    label: M,
    /// The value.
    value: RwSignal<String>,
    /// A hint under the field.
    #[prop(optional)]
    hint: Option<M>,
    /// `inputmode="numeric"` for ids.
    #[prop(optional)]
    numeric: bool,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let label = Signal::derive(move || tm(lang(), label));
    let on_input = Callback::new(move |text: String| value.set(text));
    let inputmode = if numeric { "numeric" } else { "text" };
    let field = match hint {
        Some(hint) => view! {
            <crate::components::TextField id testid=id inputmode label value=value.into() on_input
                hint=Signal::derive(move || tm(lang(), hint))/>
        }
        .into_any(),
        None => view! {
            <crate::components::TextField id testid=id inputmode label value=value.into() on_input/>
        }
        .into_any(),
    };
    view! { <div class="field">{field}</div> }
}

/// A labelled `<select>` bound to `value`, with `(value, label)` options.
#[component]
pub fn SelectField(
    /// The shared state (for the label's language).
    state: AppState,
    /// The select's id (and `data-testid`).
    id: &'static str,
    /// The label.
    label: M,
    /// The options: Graph's value and its label.
    options: Vec<(&'static str, M)>,
    /// The chosen value.
    value: RwSignal<String>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let options = options
        .into_iter()
        .map(|(option, text)| {
            view! {
                <option value=option selected=move || value.get() == option>
                    {move || tm(lang(), text)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id>{move || tm(lang(), label)}</label>
            <select id=id data-testid=id on:change=move |ev| value.set(event_target_value(&ev))>
                {options}
            </select>
        </div>
    }
}

/// Figures drawn and tabled: an empty note, the chart, the same numbers as a table, a CSV.
/// Test ids are `{name}-empty`, `{name}-chart`, `{name}-table`, `{name}-csv`.
#[component]
pub fn Figures(
    /// The shared state.
    state: AppState,
    /// The test id prefix and the CSV's name.
    name: &'static str,
    /// The chart's and table's title.
    title: M,
    /// The note shown when there are no rows.
    empty: M,
    /// The chart.
    chart: Signal<ChartData>,
    /// The table.
    table: Signal<TableData>,
    /// The table's element id (`{name}-table`).
    table_id: &'static str,
    /// The chart's test id (`{name}-chart`).
    chart_testid: &'static str,
    /// The CSV file name.
    filename: &'static str,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let title = Signal::derive(move || tm(lang(), title).to_owned());
    view! {
        <Show when=move || table.with(|t| t.rows.is_empty())>
            <p class="empty" data-testid=format!("{name}-empty")>{move || tm(lang(), empty)}</p>
        </Show>
        <Chart data=chart label=title described_by=table_id testid=chart_testid/>
        <DataTable data=table caption=title id=table_id testid=table_id/>
        <CsvDownload data=table filename text=Signal::derive(move || tm(lang(), M::DownloadCsv)) testid=format!("{name}-csv")/>
    }
}

/// The offline event set / dataset radios; test ids `{prefix}-kind-ocapi`, `{prefix}-kind-capi`.
#[component]
pub fn KindChoice(
    /// The shared state.
    state: AppState,
    /// The id prefix.
    prefix: &'static str,
    /// The choice.
    kind: RwSignal<TargetKind>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let radio = move |choice: TargetKind, suffix: &'static str, label: M| {
        let id = format!("{prefix}-kind-{suffix}");
        view! {
            <div class="check-row">
                <input id=id.clone() data-testid=id.clone() type="radio" name=format!("{prefix}-kind")
                    prop:checked=move || kind.get() == choice on:change=move |_| kind.set(choice)/>
                <label for=id>{move || tm(lang(), label)}</label>
            </div>
        }
    };
    view! {
        <fieldset class="field">
            <legend>{move || tm(lang(), M::Kind)}</legend>
            {radio(TargetKind::Ocapi, "ocapi", M::KindOcapi)}
            {radio(TargetKind::Capi, "capi", M::KindCapi)}
        </fieldset>
    }
}
