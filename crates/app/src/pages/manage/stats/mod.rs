//! `/manage/stats`: an offline event set's uploads (tag, time, events, matched, valid, errors)
//! and its stats over a time range, grouped by upload or event time; or a dataset's stats by
//! event, source, processing result, match keys or PII. Charted, tabled, downloadable as CSV.
//!
//! One job per file: [`graph_time`] reads and writes Graph's times, [`axis`] lays out the time
//! buckets, [`figures`] makes the chart and tables, [`query`] asks Graph; this file is the page.

mod axis;
mod figures;
mod graph_time;
mod query;

use super::{ActionStatus, DateField, Figures, KindChoice, ManageFrame, SelectField, TextField};
use crate::components::{CsvDownload, DataTable};
use crate::i18n::Lang;
use crate::i18n::i18n::td_string;
use crate::settings::TargetKind;
use crate::state::use_app_state;
use leptos::prelude::*;
use query::{Fetched, Query, load};

fn done_loaded(fetched: &Fetched, lang: Lang) -> String {
    match fetched.table_rows() {
        0 => lang.t(tr!(manage.no_stats)).to_owned(),
        count => td_string!(lang.locale(), manage.rows_loaded, count),
    }
}

/// The uploads and stats screen.
#[component]
pub fn StatsPage() -> impl IntoView {
    let state = use_app_state();
    let lang = move || state.lang.get();
    let kind = RwSignal::new(TargetKind::Ocapi);
    let id = RwSignal::new(
        state
            .settings
            .with_untracked(|s| s.target_id.trim().to_owned()),
    );
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let aggregation = RwSignal::new("upload_time".to_owned());
    let dataset_aggregation = RwSignal::new("event".to_owned());
    let granularity = RwSignal::new("daily".to_owned());
    let loading = Action::new_local(move |query: &Query| load(state, query.clone()));
    let last = StoredValue::new(None::<Query>);
    // Drawn from what Graph sent in the language shown now: a language switch redraws the table
    // and the legend.
    let loaded = move || {
        let lang = lang();
        loading
            .value()
            .get()
            .and_then(Result::ok)
            .map(|fetched| fetched.figures(lang))
    };
    let is_ocapi = move || kind.get() == TargetKind::Ocapi;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = kind.get_untracked();
        let query = Query {
            kind,
            id: id.get_untracked(),
            from: from.get_untracked(),
            until: until.get_untracked(),
            aggregation: match kind {
                TargetKind::Ocapi => aggregation.get_untracked(),
                TargetKind::Capi => dataset_aggregation.get_untracked(),
            },
            granularity: granularity.get_untracked(),
            now: state.platform().now_seconds(),
        };
        last.set_value(Some(query.clone()));
        loading.dispatch_local(query);
    };
    let uploads = Signal::derive(move || loaded().and_then(|l| l.uploads).unwrap_or_default());
    let chart = Signal::derive(move || loaded().map(|l| l.chart).unwrap_or_default());
    let table = Signal::derive(move || loaded().map(|l| l.table).unwrap_or_default());

    view! {
        <ManageFrame state title=tr!(manage.stats_title) intro=tr!(manage.stats_intro) testid="page-manage-stats">
            <form class="form" on:submit=on_submit>
                <KindChoice state prefix="stats" kind/>
                <TextField state id="stats-id" label=tr!(manage.set_id) value=id numeric=true/>
                <div class="field-row">
                    <DateField state id="stats-from" label=tr!(manage.from) value=from/>
                    <DateField state id="stats-until" label=tr!(manage.until) value=until/>
                </div>
                <div class="field-row">
                    <Show
                        when=is_ocapi
                        fallback=move || view! {
                            <SelectField state id="stats-dataset-aggregation" label=tr!(manage.aggregation) value=dataset_aggregation
                                options=vec![
                                    ("event", tr!(manage.agg_event)),
                                    ("event_source", tr!(manage.agg_event_source)),
                                    ("event_processing_results", tr!(manage.agg_processing)),
                                    ("match_keys", tr!(manage.agg_match_keys)),
                                    ("had_pii", tr!(manage.agg_had_pii)),
                                ]/>
                        }
                    >
                        <SelectField state id="stats-aggregation" label=tr!(manage.aggregation) value=aggregation
                            options=vec![("upload_time", tr!(manage.agg_upload_time)), ("event_time", tr!(manage.agg_event_time))]/>
                    </Show>
                    <SelectField state id="stats-granularity" label=tr!(manage.granularity) value=granularity
                        options=vec![("daily", tr!(manage.daily)), ("hourly", tr!(manage.hourly))]/>
                </div>
                <div class="actions">
                    <button type="submit" class="button" data-testid="stats-load" prop:disabled=move || loading.pending().get()>
                        {move || lang().t(tr!(manage.load))}
                    </button>
                </div>
            </form>
            <ActionStatus state pending=loading.pending().into() outcome=loading.value().into() done=done_loaded testid="stats-status"
                retry=Callback::new(move |_| if let Some(query) = last.get_value() { loading.dispatch_local(query); })/>

            <Show when=move || loaded().is_some_and(|l| l.uploads.is_some())>
                <section class="manage-section" aria-labelledby="stats-uploads-title">
                    <h2 id="stats-uploads-title">{move || lang().t(tr!(manage.uploads_title))}</h2>
                    <Show when=move || uploads.with(|u| u.rows.is_empty())>
                        <p class="empty" data-testid="stats-uploads-empty">{move || lang().t(tr!(manage.no_uploads))}</p>
                    </Show>
                    <DataTable data=uploads caption=Signal::derive(move || lang().t(tr!(manage.uploads_title)).to_owned()) id="stats-uploads" testid="stats-uploads-table"/>
                    <CsvDownload data=uploads filename="uploads.csv" text=Signal::derive(move || lang().t(tr!(manage.download_csv))) testid="stats-uploads-csv"/>
                </section>
            </Show>

            <Show when=move || loaded().is_some()>
                <section class="manage-section" aria-labelledby="stats-chart-title">
                    <h2 id="stats-chart-title">{move || lang().t(tr!(manage.stats_chart_title))}</h2>
                    <Figures state name="stats" title=tr!(manage.stats_chart_title) empty=tr!(manage.no_stats) chart table table_id="stats-table" chart_testid="stats-chart" filename="stats.csv"/>
                </section>
            </Show>
        </ManageFrame>
    }
}
