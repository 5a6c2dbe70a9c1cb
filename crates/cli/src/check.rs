//! `hashdrop check`: the Check step of the page on the command line. The summary, the match-key
//! coverage (with the page's "low" flag) and the rejected rows, and the rejection report.

use crate::cli::Input;
use crate::config::{self, Extra};
use crate::exit::{self, CliError};
use crate::input::{self, Flow};
use crate::progress::Progress;
use std::fmt::Write as _;
use std::path::Path;

/// Run `check`; the exit code on success.
pub fn run(input: &Input, report: Option<&Path>, json: bool) -> Result<u8, CliError> {
    let size = input::size(&input.file)?;
    let settings = config::settings(input, size, &Extra::default())?;
    let mut progress = Progress::new(size);
    let mut rejected = Vec::new();
    let mut warnings = Vec::new();
    let finished = input::prepare(&input.file, settings, input.jobs(), |output, position| {
        rejected.extend(output.rejected);
        warnings.extend(output.warnings);
        progress.advance(position);
        Ok(Flow::Continue)
    })?
    .ok_or_else(|| CliError::Stopped("the file was not read to its end".to_owned()))?;
    progress.finish("checked");
    if let Some(path) = report {
        let csv = events::report::rejection_csv(&rejected, &warnings);
        crate::atomic::write_atomically(path, csv.as_bytes())?;
    }
    let coverage = events::report::coverage(&finished.summary, &finished.mapping);
    if json {
        let value = serde_json::json!({
            "summary": finished.summary,
            "coverage": coverage,
            "mapping": finished.mapping,
            "rejected": rejected,
            "warnings": warnings,
        });
        println!("{value}");
    } else {
        print!(
            "{}",
            text(&input.file, &finished.summary, &coverage, &rejected)
        );
    }
    Ok(if finished.summary.rejected > 0 {
        exit::DONE_WITH_REJECTIONS
    } else {
        exit::DONE
    })
}

/// The summary for a person.
fn text(
    file: &Path,
    summary: &events::report::Summary,
    coverage: &[events::report::KeyCoverage],
    rejected: &[events::row::Rejection],
) -> String {
    let mut out = String::new();
    let dropped: u64 = summary.warnings_by_code.iter().map(|(_, n)| n).sum();
    let _ = writeln!(
        out,
        "{}: {} rows, {} accepted, {} rejected, {} identifiers dropped, {} batches",
        file.display(),
        summary.rows,
        summary.accepted,
        summary.rejected,
        dropped,
        summary.batches
    );
    for (title, counts) in [
        ("rejected by reason", &summary.rejected_by_reason),
        ("identifiers dropped", &summary.warnings_by_code),
    ] {
        if counts.iter().next().is_some() {
            let list: Vec<String> = counts.iter().map(|(n, c)| format!("{n} {c}")).collect();
            let _ = writeln!(out, "{title}: {}", list.join(", "));
        }
    }
    let _ = writeln!(out, "match-key coverage of the accepted rows:");
    for key in coverage {
        let _ = writeln!(
            out,
            "  {:<12} {:>9} {:>6.1} %{}",
            key.key,
            key.rows,
            key.percent,
            if key.low { "  low" } else { "" }
        );
    }
    let low: Vec<&str> = coverage.iter().filter(|k| k.low).map(|k| k.key).collect();
    if !low.is_empty() {
        let _ = writeln!(
            out,
            "warning: few accepted rows carry {} (below {} %): check the mapping",
            low.join(", "),
            events::report::LOW_COVERAGE_PERCENT
        );
    }
    if !rejected.is_empty() {
        let _ = writeln!(out, "rejected rows:");
        for r in rejected {
            let column = r
                .column
                .as_deref()
                .map(|c| format!(", column {c:?}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  row {}{column}: {} ({})",
                r.row,
                r.message,
                r.code.code()
            );
        }
    }
    out
}
