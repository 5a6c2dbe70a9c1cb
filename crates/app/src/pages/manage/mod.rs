//! The management screens under `/manage/…`: event sets and datasets, ad tracking, uploads and
//! stats, insights. Each calls Graph with the graph crate's typed client over the page transport,
//! with the endpoint, version and token of the shared [`AppState`] settings.

mod calendar;
mod fields;
mod insights;
mod sets;
mod stats;
mod tracking;

pub use fields::{CheckRow, DateField, KindChoice, SelectField, TextField};
pub use insights::InsightsPage;
pub use sets::SetsPage;
pub use stats::StatsPage;
pub use tracking::TrackingPage;

use crate::components::{Chart, ChartData, CsvDownload, DataTable, StepRequirement, TableData};
use crate::connection::{CheckFailure, Problem};
use crate::i18n::Text;
use crate::settings::{ConnectSettings, SettingsError, is_valid_version};
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
pub const SCREENS: [(&str, Text); 4] = [
    ("/manage/sets", tr!(manage.nav_sets)),
    ("/manage/tracking", tr!(manage.nav_tracking)),
    ("/manage/stats", tr!(manage.nav_stats)),
    ("/manage/insights", tr!(manage.nav_insights)),
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
        state.platform().transport,
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
    Id(Text),
    /// A form's input cannot be sent as it is: what is wrong and what to do.
    Invalid(Text),
    /// The settings cannot call Graph.
    Settings(SettingsError),
}

impl Failure {
    /// A stable code for `data-problem`.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Graph(failure) => failure.problem.code(),
            Failure::Id(_) => "invalid_id",
            Failure::Invalid(_) => "invalid_input",
            Failure::Settings(error) => error.code(),
        }
    }

    /// A failure for a field whose id does not parse.
    pub fn id(field: Text) -> impl Fn(IdError) -> Failure {
        move |_| Failure::Id(field)
    }
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Self {
        Failure::Graph(CheckFailure::from_client(&error))
    }
}

/// What the person can do about a Graph problem on these screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Fix the token, version or endpoint on the Connect page.
    Connect,
    /// Wait, then run the same call again.
    TryAgain,
    /// Change the input (the message says what).
    Edit,
}

/// The message for `problem` on the management screens (the objects here are ad accounts, ads,
/// sets and datasets, not only the upload target) and the next step it leads to.
pub fn explain(problem: Problem) -> (Text, NextStep) {
    match problem {
        Problem::TokenInvalid => (tr!(manage.problem_token_invalid), NextStep::Connect),
        Problem::TokenExpired => (tr!(manage.problem_token_expired), NextStep::Connect),
        Problem::TokenMissing => (tr!(manage.problem_token_missing), NextStep::Connect),
        Problem::Version => (tr!(manage.problem_version), NextStep::Connect),
        Problem::Unexpected => (tr!(manage.problem_unexpected), NextStep::Connect),
        Problem::Permission => (tr!(manage.problem_permission), NextStep::Edit),
        Problem::NotFound => (tr!(manage.problem_not_found), NextStep::Edit),
        Problem::Throttled => (tr!(manage.problem_throttled), NextStep::TryAgain),
        Problem::Server => (tr!(manage.problem_server), NextStep::TryAgain),
        Problem::Unreachable => (tr!(manage.problem_unreachable), NextStep::TryAgain),
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
    title: Text,
    /// What the screen does.
    intro: Text,
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
            let current = move || (crate::links::route(&location.pathname.get()) == path).then_some("page");
            let slug = path.trim_start_matches("/manage/");
            view! {
                <li>
                    <a href=crate::links::href(path) aria-current=current data-testid=format!("manage-tab-{slug}")>
                        {move || lang().t(label)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card manage" data-testid=testid>
            <nav class="manage-tabs" aria-label=move || lang().t(tr!(manage.nav_label)) data-testid="manage-tabs">
                <ul>{tabs}</ul>
            </nav>
            <h1 data-testid="page-title">{move || lang().t(title)}</h1>
            <p class="intro">{move || lang().t(intro)}</p>
            <Show when=ready>
                <p class="hint" data-testid="manage-connection">
                    {move || {
                        let endpoint = state.endpoint().map(|e| e.base_url().to_owned()).unwrap_or_default();
                        let version = state.settings.with(|s| s.version.trim().to_owned());
                        format!("{} {endpoint} ({version})", lang().t(tr!(manage.using_connection)))
                    }}
                </p>
            </Show>
            <Show when=move || !ready()>
                <StepRequirement
                    message=Signal::derive(move || lang().t(tr!(manage.needs_token)))
                    href=crate::steps::Step::Connect.href()
                    link_text=Signal::derive(move || state.t(tr!(go_to_connect)))
                />
            </Show>
            {children()}
        </section>
    }
}

/// The live state of one action: idle, working, done (with `done`'s text) or the failure with
/// what to do next: a link to Connect for token and version problems, a "Try again" button
/// (when the page gives `retry`) for throttling, server and network problems.
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
    /// Runs the same call again (read-only calls only).
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let next_step = move || match outcome.get() {
        Some(Err(Failure::Graph(failure))) if !pending.get() => Some(explain(failure.problem).1),
        _ => None,
    };
    // Changes with every start and end of a run, so a test can wait for *this* run's outcome.
    let version = Memo::new(move |previous: Option<&u32>| {
        pending.track();
        outcome.track();
        previous.map_or(0, |v| v.wrapping_add(1))
    });
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
            return lang.t(tr!(manage.working)).to_owned();
        }
        match outcome.get() {
            None => String::new(),
            Some(Ok(value)) => done(&value, lang),
            Some(Err(Failure::Graph(failure))) => lang.t(explain(failure.problem).0).to_owned(),
            Some(Err(Failure::Id(field))) => {
                format!("{} {}", lang.t(tr!(manage.invalid_id)), lang.t(field))
            }
            Some(Err(Failure::Invalid(problem))) => lang.t(problem).to_owned(),
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
            data-version=move || version.get().to_string()
            role="status"
            aria-live="polite"
        >
            <p class="status-text" data-testid=format!("{testid}-text")>{text}</p>
            {move || match next_step() {
                Some(NextStep::Connect) => Some(view! {
                    <p class="status-next">
                        <a href=crate::steps::Step::Connect.href() data-testid=format!("{testid}-connect")>{move || lang().t(tr!(manage.fix_on_connect))}</a>
                    </p>
                }.into_any()),
                Some(NextStep::TryAgain) => retry.map(|retry| view! {
                    <p class="status-next">
                        <button type="button" class="button button-secondary" data-testid=format!("{testid}-retry")
                            on:click=move |_| retry.run(())>
                            {move || lang().t(tr!(manage.try_again))}
                        </button>
                    </p>
                }.into_any()),
                _ => None,
            }}
            {move || {
                detail()
                    .map(|detail| {
                        view! {
                            <details class="status-detail" open=true>
                                <summary>{state.t(tr!(problem_detail))}</summary>
                                <code data-testid=format!("{testid}-detail")>{detail}</code>
                            </details>
                        }
                    })
            }}
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
    title: Text,
    /// The note shown when there are no rows.
    empty: Text,
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
    let title = Signal::derive(move || lang().t(title).to_owned());
    view! {
        <Show when=move || table.with(|t| t.rows.is_empty())>
            <p class="empty" data-testid=format!("{name}-empty")>{move || lang().t(empty)}</p>
        </Show>
        <Chart data=chart label=title described_by=table_id testid=chart_testid/>
        <DataTable data=table caption=title id=table_id testid=table_id/>
        <CsvDownload data=table filename text=Signal::derive(move || lang().t(tr!(manage.download_csv))) testid=format!("{name}-csv")/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_graph_problem_says_what_to_do_next() {
        assert_eq!(
            explain(Problem::TokenExpired),
            (tr!(manage.problem_token_expired), NextStep::Connect)
        );
        assert_eq!(explain(Problem::Throttled).1, NextStep::TryAgain);
        assert_eq!(explain(Problem::Server).1, NextStep::TryAgain);
        assert_eq!(explain(Problem::Unreachable).1, NextStep::TryAgain);
        assert_eq!(explain(Problem::Permission).1, NextStep::Edit);
        let failure = Failure::from(ClientError::Status { status: 503 });
        assert_eq!(failure.code(), "server");
        assert_eq!(
            Failure::Invalid(tr!(manage.range_future)).code(),
            "invalid_input"
        );
    }
}
