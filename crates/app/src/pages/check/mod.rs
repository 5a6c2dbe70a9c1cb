//! Step 4, Check: the validation summary (rows, accepted, rejected by reason, dropped
//! identifiers), match-key coverage with a warning when it is low, the rejected rows (paged),
//! and the rejection report as a CSV download (made on the page from row numbers, columns and
//! codes: no value from the file).

mod model;
mod text;

use crate::components::CsvDownload;
use crate::i18n::Text;
use crate::i18n::i18n::td_string;
use crate::state::AppState;
use crate::steps::Step;
use crate::worker::protocol::Prepared;
use events::row::RejectCode;
use leptos::prelude::*;
use model::{KeyCoverage, coverage, page_count, page_range, percent_text};
use std::sync::Arc;
use text::reason;

/// Step 4: review the rows.
#[component]
pub fn CheckPage() -> impl IntoView {
    view! {
        <super::PreparedStep
            name="check"
            offline=true
            title=tr!(check_title)
            intro=tr!(check_intro)
            render=|state, prepared| view! { <CheckReport state prepared/> }.into_any()
        />
    }
}

/// Everything the Check step shows for one prepared file.
#[component]
fn CheckReport(state: AppState, prepared: Arc<Prepared>) -> impl IntoView {
    let lang = move || state.lang.get();
    let text = move |key| lang().t(key);
    let s = prepared.summary;
    let keys = coverage(&prepared);
    let low: Vec<String> = keys
        .iter()
        .filter(|k| k.low)
        .map(|k| k.key.clone())
        .collect();
    let report_source = prepared.clone();
    let hashed = prepared.clone();
    let download_hashed = move |_| super::download_hashed(&*state.platform().downloads, &hashed);
    let report = Signal::derive(move || model::report(&report_source));
    view! {
        <section class="check-summary" aria-labelledby="check-summary-title">
            <h2 id="check-summary-title">{move || text(tr!(check.summary_title))} ": " {prepared.file_name.clone()}</h2>
            <dl class="file-figures" data-testid="check-summary">
                <dt>{move || text(tr!(check.rows))}</dt>
                <dd data-testid="check-rows">{s.rows}</dd>
                <dt>{move || text(tr!(check.accepted))}</dt>
                <dd data-testid="check-accepted">{s.accepted}</dd>
                <dt>{move || text(tr!(check.rejected))}</dt>
                <dd data-testid="check-rejected">{s.rejected}</dd>
                <dt>{move || text(tr!(check.warnings))}</dt>
                <dd data-testid="check-warnings">{s.warnings}</dd>
            </dl>
        </section>
        {(s.accepted == 0).then(|| view! {
            <div class="notice notice-error" role="alert" data-testid="check-nothing-accepted">
                <p>{move || text(tr!(check.nothing_accepted))}</p>
            </div>
        })}
        {(s.accepted > 0 && !low.is_empty()).then(|| {
            let list = low.join(", ");
            view! {
                <div class="notice notice-warn" role="alert" data-testid="check-low-coverage" data-keys=list.clone()>
                    <p>{move || text(tr!(check.low_coverage))} " " <strong>{list.clone()}</strong></p>
                </div>
            }
        })}
        <div class="columns two">
            {counts_table(state, "check-reasons", tr!(check.by_reason_title), prepared.rejected_by_reason.clone(), true)}
            {counts_table(state, "check-warning-codes", tr!(check.warnings_title), prepared.warnings_by_code.clone(), false)}
        </div>
        {coverage_table(state, keys)}
        <RejectedTable state prepared=prepared.clone()/>
        <div class="actions check-actions">
            <CsvDownload
                data=report
                filename="hashdrop-rejections.csv"
                text=Signal::derive(move || state.lang.get().t(tr!(check.download)))
                testid="check-download"
            />
            <button type="button" class="button button-secondary" data-testid="check-download-hashed" on:click=download_hashed>
                {move || lang().t(tr!(send.preprocess))}
            </button>
            <a class="button button-secondary" href=Step::Mapping.href() data-testid="check-back">
                {move || text(tr!(check.edit_mapping))}
            </a>
            <a class="button" href=Step::Send.href() data-testid="check-continue">
                {move || text(tr!(check.continue_button))}
            </a>
        </div>
        <p class="hint">{move || text(tr!(check.download_hint))}</p>
    }
}

/// A table of `(code, count)`, the code explained (`reasons`) or shown as it is.
fn counts_table(
    state: AppState,
    testid: &'static str,
    title: Text,
    counts: Vec<(String, u64)>,
    reasons: bool,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let empty = counts.is_empty();
    let rows = counts
        .into_iter()
        .map(|(code, count)| {
            let shown = code.clone();
            view! {
                <tr data-testid=format!("{testid}-row") data-code=code.clone() data-count=count.to_string()>
                    <th scope="row">
                        <code>{shown}</code>
                        {reasons.then(|| {
                            let known = RejectCode::from_code(&code);
                            let code = code.clone();
                            let text = move || match known {
                                Some(known) => reason(lang(), known).to_owned(),
                                None => lang().unknown_reason(&code),
                            };
                            view! { " " <span class="hint">{text}</span> }
                        })}
                    </th>
                    <td class="number">{count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="preview-table" data-testid=testid>
                <caption>{move || lang().t(title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || lang().t(tr!(check.reason))}</th>
                        <th scope="col">{move || lang().t(tr!(check.count))}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    {empty.then(|| view! {
                        <tr><td colspan="2" class="empty">{move || lang().t(tr!(check.no_rejections))}</td></tr>
                    })}
                </tbody>
            </table>
        </div>
    }
}

/// Coverage per key: rows and share, the low ones flagged.
fn coverage_table(state: AppState, keys: Vec<KeyCoverage>) -> impl IntoView {
    let lang = move || state.lang.get();
    let rows = keys
        .into_iter()
        .map(|k| {
            view! {
                <tr data-testid="check-coverage-row" data-key=k.key.clone() data-rows=k.rows.to_string() data-low=k.low.to_string()>
                    <th scope="row"><code>{k.key.clone()}</code></th>
                    <td class="number">{k.rows}</td>
                    <td class="number">
                        <span class="coverage-bar" aria-hidden="true"><meter min="0" max="100" value=k.percent.to_string()></meter></span>
                        {percent_text(k.percent)}
                        {k.low.then(|| view! { " " <span class="flag">{move || lang().t(tr!(check.low_flag))}</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="check-coverage" aria-labelledby="check-coverage-title">
            <h2 id="check-coverage-title">{move || lang().t(tr!(check.coverage_title))}</h2>
            <p class="hint">{move || lang().t(tr!(check.coverage_hint))}</p>
            <div class="table-wrap">
                <table class="preview-table" data-testid="check-coverage">
                    <thead>
                        <tr>
                            <th scope="col">{move || lang().t(tr!(check.key))}</th>
                            <th scope="col">{move || lang().t(tr!(check.rows_with_key))}</th>
                            <th scope="col">{move || lang().t(tr!(check.share))}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The rejected rows, [`model::ROWS_PER_PAGE`] at a time.
#[component]
fn RejectedTable(state: AppState, prepared: Arc<Prepared>) -> impl IntoView {
    let lang = move || state.lang.get();
    let total = prepared.rejected.len();
    let pages = page_count(total);
    let page = RwSignal::new(0usize);
    let rows = move || {
        let range = page_range(total, page.get());
        prepared.rejected[range]
            .iter()
            .map(|r| {
                let r_code = r.code;
                let code = r_code.code();
                view! {
                    <tr data-testid="check-rejected-row" data-row=r.row.to_string() data-code=code data-column=r.column.clone().unwrap_or_default()>
                        <th scope="row">{r.row}</th>
                        <td>{r.column.clone().unwrap_or_else(|| lang().t(tr!(check.no_column)).to_owned())}</td>
                        <td><code>{code}</code> " " <span class="hint">{move || reason(lang(), r_code)}</span></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let position = move || {
        let range = page_range(total, page.get());
        let shown = if total == 0 {
            "0".to_owned()
        } else {
            format!("{}–{}", range.start + 1, range.end)
        };
        let total = lang().count(total as u64);
        td_string!(lang().locale(), check.page_of, shown, total)
    };
    view! {
        <section class="check-rejected" aria-labelledby="check-rejected-title">
            <h2 id="check-rejected-title">{move || lang().t(tr!(check.rejected_title))}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="check-rejected-title">
                <table class="preview-table" data-testid="check-rejected-table" data-total=total.to_string()>
                    <thead>
                        <tr>
                            <th scope="col">{move || lang().t(tr!(check.row))}</th>
                            <th scope="col">{move || lang().t(tr!(check.column))}</th>
                            <th scope="col">{move || lang().t(tr!(check.why))}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="pager" data-testid="check-pager">
                <p role="status" data-testid="check-page-position">{position}</p>
                {(pages > 1).then(|| view! {
                    <div class="actions">
                        <button type="button" class="button button-secondary" data-testid="check-page-previous"
                            prop:disabled=move || page.get() == 0
                            on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                            {move || lang().t(tr!(check.previous))}
                        </button>
                        <button type="button" class="button button-secondary" data-testid="check-page-next"
                            prop:disabled=move || page.get() + 1 >= pages
                            on:click=move |_| page.update(|p| *p = (*p + 1).min(pages - 1))>
                            {move || lang().t(tr!(check.next))}
                        </button>
                    </div>
                })}
            </div>
        </section>
    }
}
