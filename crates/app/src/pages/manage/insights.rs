//! `/manage/insights`: an ad account's offline conversions (`actions`, `action_values`,
//! `unique_actions` by action type) per day, with the attribution windows they need (the guide:
//! offline conversions show up only with `28d_view`), at a level and over a date range; every
//! page of the answer is followed with the client's cursor pager.

use super::calendar::{day_start, months_before};
use super::{
    ActionStatus, CheckRow, DEMO_ACCOUNT, DateField, Failure, Figures, ManageFrame, SelectField,
    TextField, graph_client,
};
use crate::components::{ChartData, Series, TableData};
use crate::i18n::{Lang, Text};
use crate::state::{AppState, use_app_state};
use graph::AdAccountId;
use graph::insights::{
    self, ActionValue, AttributionWindow, DatePreset, DateRange, InsightsQuery, InsightsRow, Level,
};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The attribution windows offered, with the one offline conversions need first.
pub const WINDOWS: [(AttributionWindow, &str); 6] = [
    (AttributionWindow::View28d, "28d_view"),
    (AttributionWindow::View7d, "7d_view"),
    (AttributionWindow::View1d, "1d_view"),
    (AttributionWindow::Click28d, "28d_click"),
    (AttributionWindow::Click7d, "7d_click"),
    (AttributionWindow::Click1d, "1d_click"),
];

/// Which figure the chart draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// `actions`.
    Actions,
    /// `action_values`.
    Values,
    /// `unique_actions`.
    Unique,
}

impl Metric {
    fn of(self, row: &InsightsRow) -> &[ActionValue] {
        match self {
            Metric::Actions => &row.actions,
            Metric::Values => &row.action_values,
            Metric::Unique => &row.unique_actions,
        }
    }

    fn parse(text: &str) -> Metric {
        match text {
            "action_values" => Metric::Values,
            "unique_actions" => Metric::Unique,
            _ => Metric::Actions,
        }
    }
}

fn amount(values: &[ActionValue], action_type: &str) -> Option<f64> {
    values
        .iter()
        .filter(|v| v.action_type == action_type)
        .map(|v| v.value)
        .reduce(|a, b| a + b)
}

fn cell(value: Option<f64>) -> String {
    match value {
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.2}"),
        None => String::new(),
    }
}

fn day(row: &InsightsRow) -> String {
    row.date_start.clone().unwrap_or_default()
}

fn action_types(rows: &[InsightsRow]) -> Vec<String> {
    let mut types: Vec<String> = rows
        .iter()
        .flat_map(|row| {
            row.actions
                .iter()
                .chain(&row.action_values)
                .chain(&row.unique_actions)
                .map(|v| v.action_type.clone())
        })
        .collect();
    types.sort();
    types.dedup();
    types
}

/// One table row per (day, action type): actions, values, unique actions.
pub fn insights_table(rows: &[InsightsRow], lang: Lang) -> TableData {
    let mut table = TableData::new(
        [
            tr!(manage.day),
            tr!(manage.action_type),
            tr!(manage.actions),
            tr!(manage.action_values),
            tr!(manage.unique_actions),
        ]
        .map(|k| lang.t(k)),
    );
    for row in rows {
        for action_type in action_types(std::slice::from_ref(row)) {
            table.rows.push(vec![
                day(row),
                action_type.clone(),
                cell(amount(&row.actions, &action_type)),
                cell(amount(&row.action_values, &action_type)),
                cell(amount(&row.unique_actions, &action_type)),
            ]);
        }
    }
    table
}

/// One line per action type of `metric`, over the days in order (rows of the same day, e.g.
/// from several campaigns, are added up).
pub fn insights_chart(rows: &[InsightsRow], metric: Metric) -> ChartData {
    let mut days: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for row in rows {
        let bucket = days.entry(day(row)).or_default();
        for value in metric.of(row) {
            *bucket.entry(value.action_type.clone()).or_default() += value.value;
        }
    }
    let types = action_types(rows);
    ChartData {
        labels: days
            .keys()
            .map(|d| d.get(5..).unwrap_or(d).to_owned())
            .collect(),
        series: types
            .iter()
            .map(|t| Series {
                name: t.clone(),
                values: days
                    .values()
                    .map(|b| b.get(t).copied().unwrap_or_default())
                    .collect(),
            })
            .collect(),
    }
}

/// How many months back Graph keeps insights.
pub const KEPT_MONTHS: i64 = 37;

/// A custom `since`–`until` range (`YYYY-MM-DD`, both days included) checked the way Graph checks
/// it before anything is sent: both dates, since ≤ until, until not after `today`, since within
/// the [`KEPT_MONTHS`] Graph keeps. The error is what to tell the person.
pub fn custom_range(since: &str, until: &str, today: &str) -> Result<DateRange, Text> {
    let (Some(first), Some(last)) = (day_start(since), day_start(until)) else {
        return Err(tr!(manage.range_missing));
    };
    let today = day_start(today).ok_or(tr!(manage.range_missing))?;
    if first > last {
        return Err(tr!(manage.range_reversed));
    }
    if last > today {
        return Err(tr!(manage.range_future));
    }
    if first < months_before(today, KEPT_MONTHS) {
        return Err(tr!(manage.range_too_old));
    }
    Ok(DateRange::TimeRange {
        since: since.trim().to_owned(),
        until: until.trim().to_owned(),
    })
}

/// The range a preset's `<select>` value stands for.
fn preset_range(preset: &str) -> DateRange {
    DateRange::Preset(match preset {
        "last_7d" => DatePreset::Last7d,
        "last_14d" => DatePreset::Last14d,
        "last_90d" => DatePreset::Last90d,
        "maximum" => DatePreset::Maximum,
        _ => DatePreset::Last28d,
    })
}

/// What the person asked for.
#[derive(Debug, Clone)]
struct Ask {
    account: String,
    level: String,
    /// The range, or what is wrong with the custom one.
    range: Result<DateRange, Text>,
    windows: Vec<AttributionWindow>,
    limit: u32,
}

/// The query for `ask` over `range`: one row per day, by action type.
fn query(ask: &Ask, range: DateRange) -> InsightsQuery {
    let mut query = InsightsQuery::offline_conversions(range);
    query.level = Some(match ask.level.as_str() {
        "campaign" => Level::Campaign,
        "adset" => Level::Adset,
        "ad" => Level::Ad,
        _ => Level::Account,
    });
    query.action_attribution_windows = ask.windows.clone();
    query.time_increment = Some(1);
    query.limit = Some(ask.limit);
    query
}

/// Every row, and how many pages the pager fetched.
#[derive(Debug, Clone, PartialEq)]
struct Fetched {
    rows: Vec<InsightsRow>,
    pages: usize,
}

async fn fetch(state: AppState, ask: Ask, pages: RwSignal<usize>) -> Result<Fetched, Failure> {
    let range = ask.range.clone().map_err(Failure::Invalid)?;
    let client = graph_client(state)?;
    let account = AdAccountId::new(&ask.account).map_err(Failure::id(tr!(manage.ad_account)))?;
    let mut pager = insights::pages(&account, &query(&ask, range));
    let mut fetched = Fetched {
        rows: Vec::new(),
        pages: 0,
    };
    pages.set(0);
    while let Some(page) = pager.next_page(&client).await? {
        fetched.rows.extend(page.data);
        fetched.pages += 1;
        pages.set(fetched.pages);
    }
    Ok(fetched)
}

fn done_fetched(fetched: &Fetched, lang: Lang) -> String {
    if fetched.rows.is_empty() {
        lang.t(tr!(manage.no_insights)).to_owned()
    } else {
        format!(
            "{} {} · {} {}",
            fetched.rows.len(),
            lang.t(tr!(manage.days_loaded)),
            fetched.pages,
            lang.t(tr!(manage.pages_loaded))
        )
    }
}

/// The insights screen.
#[component]
pub fn InsightsPage() -> impl IntoView {
    let state = use_app_state();
    let lang = move || state.lang.get();
    let account = RwSignal::new(DEMO_ACCOUNT.to_owned());
    let level = RwSignal::new("account".to_owned());
    let preset = RwSignal::new("last_28d".to_owned());
    let since = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let metric = RwSignal::new("actions".to_owned());
    let limit = RwSignal::new("7".to_owned());
    let windows: Vec<(AttributionWindow, &'static str, RwSignal<bool>)> = WINDOWS
        .iter()
        .map(|&(w, name)| (w, name, RwSignal::new(w == AttributionWindow::View28d)))
        .collect();
    let chosen = StoredValue::new(windows.clone());
    let pages = RwSignal::new(0usize);
    let fetching = Action::new_local(move |ask: &Ask| fetch(state, ask.clone(), pages));
    let fetched = move || fetching.value().get().and_then(Result::ok);
    let last = StoredValue::new(None::<Ask>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let windows = chosen.with_value(|all| {
            all.iter()
                .filter(|(_, _, on)| on.get_untracked())
                .map(|(w, _, _)| *w)
                .collect()
        });
        let ask = Ask {
            account: account.get_untracked(),
            level: level.get_untracked(),
            range: match preset.get_untracked().as_str() {
                "custom" => custom_range(
                    &since.get_untracked(),
                    &until.get_untracked(),
                    &state.platform().local_today(),
                ),
                other => Ok(preset_range(other)),
            },
            windows,
            limit: limit
                .get_untracked()
                .trim()
                .parse()
                .unwrap_or(7)
                .clamp(1, 500),
        };
        last.set_value(Some(ask.clone()));
        fetching.dispatch_local(ask);
    };
    let chart = Signal::derive(move || {
        fetched()
            .map(|f| insights_chart(&f.rows, Metric::parse(&metric.get())))
            .unwrap_or_default()
    });
    let table = Signal::derive(move || {
        fetched()
            .map(|f| insights_table(&f.rows, lang()))
            .unwrap_or_default()
    });
    let boxes = windows
        .into_iter()
        .map(|(_, name, on)| {
            view! {
                <CheckRow id=format!("insights-window-{name}") checked=on.into()
                    on_change=Callback::new(move |checked| on.set(checked))>
                    <code>{name}</code>
                </CheckRow>
            }
        })
        .collect_view();

    view! {
        <ManageFrame state title=tr!(manage.insights_title) intro=tr!(manage.insights_intro) testid="page-manage-insights">
            <form class="form" on:submit=on_submit>
                <div class="field-row">
                    <TextField state id="insights-account" label=tr!(manage.ad_account) value=account/>
                    <SelectField state id="insights-level" label=tr!(manage.level) value=level
                        options=vec![("account", tr!(manage.level_account)), ("campaign", tr!(manage.level_campaign)), ("adset", tr!(manage.level_adset)), ("ad", tr!(manage.level_ad))]/>
                </div>
                <div class="field-row">
                    <SelectField state id="insights-range" label=tr!(manage.date_range) value=preset
                        options=vec![("last_7d", tr!(manage.last7d)), ("last_14d", tr!(manage.last14d)), ("last_28d", tr!(manage.last28d)), ("last_90d", tr!(manage.last90d)), ("maximum", tr!(manage.maximum)), ("custom", tr!(manage.custom_range))]/>
                    <TextField state id="insights-limit" label=tr!(manage.page_size) value=limit hint=tr!(manage.page_size_hint) numeric=true/>
                </div>
                <Show when=move || preset.get() == "custom">
                    <fieldset class="field" data-testid="insights-custom-range">
                        <legend>{move || lang().t(tr!(manage.custom_range))}</legend>
                        <div class="field-row">
                            <DateField state id="insights-since" label=tr!(manage.since) value=since/>
                            <DateField state id="insights-until" label=tr!(manage.until) value=until/>
                        </div>
                        <p class="hint">{move || lang().t(tr!(manage.range_hint))}</p>
                    </fieldset>
                </Show>
                <fieldset class="field">
                    <legend>{move || lang().t(tr!(manage.windows))}</legend>
                    <div class="window-boxes">{boxes}</div>
                    <p class="hint">{move || lang().t(tr!(manage.windows_hint))}</p>
                </fieldset>
                <div class="actions">
                    <button type="submit" class="button" data-testid="insights-load" prop:disabled=move || fetching.pending().get()>
                        {move || lang().t(tr!(manage.load))}
                    </button>
                </div>
            </form>
            <Show when=move || fetching.pending().get()>
                <p class="hint" data-testid="insights-progress" role="status">
                    {move || format!("{} {}", pages.get(), lang().t(tr!(manage.pages_loaded)))}
                </p>
            </Show>
            <ActionStatus state pending=fetching.pending().into() outcome=fetching.value().into() done=done_fetched testid="insights-status"
                retry=Callback::new(move |_| if let Some(ask) = last.get_value() { fetching.dispatch_local(ask); })/>
            <Show when=move || fetched().is_some()>
                <section class="manage-section" aria-labelledby="insights-chart-title">
                    <h2 id="insights-chart-title">{move || lang().t(tr!(manage.insights_chart_title))}</h2>
                    <SelectField state id="insights-metric" label=tr!(manage.metric) value=metric
                        options=vec![("actions", tr!(manage.actions)), ("action_values", tr!(manage.action_values)), ("unique_actions", tr!(manage.unique_actions))]/>
                    <Figures state name="insights" title=tr!(manage.insights_chart_title) empty=tr!(manage.no_insights) chart table table_id="insights-table" chart_testid="insights-chart" filename="insights.csv"/>
                </section>
            </Show>
        </ManageFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;
    use graph::memory::MemoryTransport;
    use graph::{AccessToken, Client, Settings};

    const PAGE_1: &str = r#"{"data":[
        {"date_start":"2026-11-25","date_stop":"2026-11-25",
         "actions":[{"28d_view":"20","action_type":"link_click","value":"20"},{"action_type":"offline_conversion.purchase","value":"2"}],
         "action_values":[{"action_type":"offline_conversion.purchase","value":"20.5"}]}],
        "paging":{"cursors":{"after":"MACZD"},"next":"http://127.0.0.1:8787/v24.0/act_2/insights?after=MACZD"}}"#;
    const PAGE_2: &str = r#"{"data":[
        {"date_start":"2026-11-26","date_stop":"2026-11-26","actions":[{"action_type":"link_click","value":"21"}],
         "unique_actions":[{"action_type":"link_click","value":"18"}]}],
        "paging":{"cursors":{"after":"MADZD"}}}"#;

    fn rows() -> Vec<InsightsRow> {
        let transport = MemoryTransport::new();
        transport.respond(200, PAGE_1);
        transport.respond(200, PAGE_2);
        let client = Client::new(
            &transport,
            Settings::with_base_url("http://127.0.0.1:8787"),
            AccessToken::new("T"),
        );
        let ask = Ask {
            account: "act_2".into(),
            level: "ad".into(),
            range: Ok(preset_range("last_7d")),
            windows: vec![AttributionWindow::View28d, AttributionWindow::Click1d],
            limit: 1,
        };
        let range = ask.range.clone().unwrap();
        let rows = block_on(
            insights::pages(
                &AdAccountId::new(&ask.account).unwrap(),
                &query(&ask, range),
            )
            .collect_all(&client),
        )
        .unwrap();
        let requests = transport.requests();
        assert_eq!(requests.len(), 2, "the pager followed the cursor once");
        assert!(
            requests[0]
                .logical_url()
                .contains("action_attribution_windows=%5B%2228d_view%22%2C%221d_click%22%5D"),
            "{}",
            requests[0].logical_url()
        );
        assert!(
            requests[0].logical_url().contains("level=ad")
                && requests[0].logical_url().contains("time_increment=1")
        );
        assert!(
            requests[0].logical_url().contains("date_preset=last_7d")
                && requests[0].logical_url().contains("limit=1")
        );
        assert!(requests[1].logical_url().contains("after=MACZD"));
        rows
    }

    #[test]
    fn a_custom_range_is_checked_before_anything_is_sent() {
        let today = "2026-12-02";
        assert_eq!(
            custom_range("2026-11-01", "2026-11-30", today),
            Ok(DateRange::TimeRange {
                since: "2026-11-01".into(),
                until: "2026-11-30".into()
            })
        );
        assert!(
            custom_range("2026-12-02", "2026-12-02", today).is_ok(),
            "one day, today"
        );
        assert_eq!(
            custom_range("", "2026-11-30", today),
            Err(tr!(manage.range_missing))
        );
        assert_eq!(
            custom_range("2026-02-30", "2026-11-30", today),
            Err(tr!(manage.range_missing))
        );
        assert_eq!(
            custom_range("2026-11-30", "2026-11-01", today),
            Err(tr!(manage.range_reversed))
        );
        assert_eq!(
            custom_range("2026-11-30", "2026-12-03", today),
            Err(tr!(manage.range_future))
        );
        // 37 months back from 2026-12-02 is 2023-11-02.
        assert!(custom_range("2023-11-02", "2023-11-30", today).is_ok());
        assert_eq!(
            custom_range("2023-11-01", "2023-11-30", today),
            Err(tr!(manage.range_too_old))
        );
        // From a 31st back into a 30-day month: the month's last day.
        assert_eq!(
            months_before(day_start("2027-12-31").unwrap(), 37),
            day_start("2024-11-30").unwrap()
        );
    }

    #[test]
    fn a_custom_range_goes_out_as_time_range() {
        let ask = Ask {
            account: "act_2".into(),
            level: "account".into(),
            range: custom_range("2026-11-01", "2026-11-07", "2026-12-02"),
            windows: vec![AttributionWindow::View28d],
            limit: 25,
        };
        let request = insights::insights(
            &AdAccountId::new("act_2").unwrap(),
            &query(&ask, ask.range.clone().unwrap()),
        );
        assert_eq!(
            request.param_value("time_range"),
            Some(r#"{"since":"2026-11-01","until":"2026-11-07"}"#)
        );
        assert_eq!(request.param_value("date_preset"), None);
    }

    #[test]
    fn every_page_is_tabled_per_day_and_action_type() {
        let table = insights_table(&rows(), Lang::En);
        assert_eq!(
            table.rows,
            vec![
                vec!["2026-11-25", "link_click", "20", "", ""],
                vec![
                    "2026-11-25",
                    "offline_conversion.purchase",
                    "2",
                    "20.50",
                    ""
                ],
                vec!["2026-11-26", "link_click", "21", "", "18"],
            ]
        );
    }

    #[test]
    fn the_chart_has_one_line_per_action_type_of_the_metric() {
        let chart = insights_chart(&rows(), Metric::Actions);
        assert_eq!(chart.labels, ["11-25", "11-26"]);
        assert_eq!(chart.series[0].name, "link_click");
        assert_eq!(chart.series[0].values, [20.0, 21.0]);
        assert_eq!(chart.series[1].values, [2.0, 0.0]);
        let values = insights_chart(&rows(), Metric::parse("action_values"));
        assert_eq!(values.series[1].values, [20.5, 0.0]);
    }
}
