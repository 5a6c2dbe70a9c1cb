//! A table of figures (the accessible twin of a chart), its CSV, and a download button.

use crate::state::use_app_state;
use leptos::prelude::*;

/// Column headers and rows of text, as shown and as downloaded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableData {
    /// The header cells.
    pub headers: Vec<String>,
    /// The rows; each as long as `headers`.
    pub rows: Vec<Vec<String>>,
}

impl TableData {
    /// A table with these headers and no rows.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        TableData {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// The table as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote
    /// or line break quoted, quotes doubled). A cell that a spreadsheet would run as a formula
    /// (starting with `=`, `+`, `@`, or `-` not followed by a digit) gets a leading `'`.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(self.rows.iter()) {
            let line: Vec<String> = row.iter().map(|cell| csv_field(cell)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

fn csv_field(cell: &str) -> String {
    let formula = match cell.as_bytes() {
        [b'=' | b'+' | b'@', ..] => true,
        [b'-', next, ..] => !next.is_ascii_digit(),
        [b'-'] => false,
        _ => false,
    };
    let cell = if formula {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// A table of `data`, with a caption; `id` lets a chart point at it.
#[component]
pub fn DataTable(
    /// The figures.
    data: Signal<TableData>,
    /// The caption.
    caption: Signal<String>,
    /// The element id (for `aria-describedby`).
    id: &'static str,
    /// The `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=format!("{id}-caption")>
            <table class="data-table" id=id data-testid=testid>
                <caption id=format!("{id}-caption")>{caption}</caption>
                <thead>
                    <tr>
                        {move || {
                            data.with(|d| {
                                d.headers
                                    .iter()
                                    .map(|h| view! { <th scope="col">{h.clone()}</th> })
                                    .collect_view()
                            })
                        }}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        data.with(|d| {
                            d.rows
                                .iter()
                                .map(|row| {
                                    view! {
                                        <tr>
                                            {row
                                                .iter()
                                                .map(|cell| view! { <td>{cell.clone()}</td> })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// A button that downloads `data` as a CSV file named `filename` (a Blob and an object URL:
/// nothing is uploaded).
#[component]
pub fn CsvDownload(
    /// The figures.
    data: Signal<TableData>,
    /// The file name, e.g. `uploads.csv`.
    filename: &'static str,
    /// The button text.
    text: Signal<&'static str>,
    /// The `data-testid`.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let state = use_app_state();
    let download = move |_| {
        let csv = data.with_untracked(TableData::to_csv);
        // A failure here (no DOM) leaves the page as it is; the table still shows the figures.
        let _ = state
            .platform()
            .downloads
            .save_text(filename, "text/csv;charset=utf-8", &csv);
    };
    view! {
        <button type="button" class="button button-secondary" data-testid=testid on:click=download>
            {text}
        </button>
    }
}
