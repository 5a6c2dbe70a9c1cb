//! `--jobs N`: preparing on N cores gives, byte for byte, what one core gives (`prepare`,
//! `check`, `upload`), and an upload prepared on some number of cores resumes on any other.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use support::*;

/// Rows of the generated file: about 1.4 MB, so four threads get sixteen slices.
const ROWS: u64 = 12_000;

/// A store export with what makes slicing hard: a byte order mark, CRLF line ends, notes
/// quoted across lines with doubled quotes, and rows that are rejected or lose an identifier.
fn export_in(dir: &Path) -> PathBuf {
    let mut text =
        String::from("\u{FEFF}email,phone,first name,order time,amount,currency,note\r\n");
    for i in 0..ROWS {
        let email = match i % 97 {
            0 => String::new(),
            1 => format!("not-an-email-{i}"),
            _ => format!("Customer.{i}@Example.com"),
        };
        let phone = if i % 97 == 0 {
            String::new()
        } else {
            format!("+1 (650) 555-{:04}", i % 10_000)
        };
        let note = match i % 5 {
            0 => format!("\"gift wrap\r\n\"\"fragile\"\", row {i}\nthird line\""),
            1 => "\"a, b\"".to_owned(),
            _ => String::new(),
        };
        let amount = if i % 89 == 0 {
            "n/a".to_owned()
        } else {
            format!("{}.{:02}", i % 500, i % 100)
        };
        let _ = write!(
            text,
            "{email},{phone},Ana {i},2026-11-{:02} 1{}:30,{amount},usd,{note}\r\n",
            1 + i % 19,
            i % 10,
        );
    }
    let path = dir.join("export.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// `hashdrop ARGS FILE --now NOW --event-name Purchase --jobs JOBS`: exit code, standard output.
fn hashdrop_jobs(dir: &Path, args: &[&str], file: &Path, jobs: u32) -> (i32, Vec<u8>) {
    let output = hashdrop(dir)
        .args(args)
        .arg(file)
        .args(["--now", &NOW.to_string(), "--event-name", "Purchase"])
        .args(["--jobs", &jobs.to_string()])
        .output()
        .unwrap();
    (output.status.code().unwrap_or(-1), output.stdout)
}

#[test]
fn prepare_on_one_two_and_four_cores_writes_the_same_bytes() {
    let dir = scratch("jobs-prepare");
    let file = export_in(&dir);
    let (code, one) = hashdrop_jobs(&dir, &["prepare"], &file, 1);
    assert_eq!(code, 1, "rows are rejected: exit 1");
    let text = String::from_utf8(one.clone()).unwrap();
    assert!(
        text.lines().count() >= 12,
        "{} bodies",
        text.lines().count()
    );
    for jobs in [2, 4] {
        let (code, bytes) = hashdrop_jobs(&dir, &["prepare"], &file, jobs);
        assert_eq!(code, 1);
        assert!(
            bytes == one,
            "--jobs {jobs} wrote other bytes than --jobs 1"
        );
    }
}

#[test]
fn check_on_one_and_four_cores_reports_the_same() {
    let dir = scratch("jobs-check");
    let file = export_in(&dir);
    let mut reports = Vec::new();
    for jobs in [1, 4] {
        let report = dir.join(format!("rejected-{jobs}.csv"));
        let (code, json) = hashdrop_jobs(
            &dir,
            &["check", "--json", "--report", report.to_str().unwrap()],
            &file,
            jobs,
        );
        assert_eq!(code, 1);
        reports.push((json, std::fs::read(&report).unwrap()));
    }
    assert!(reports[0] == reports[1], "--jobs 4 reported otherwise");
    let json: Value = serde_json::from_slice(&reports[0].0).unwrap();
    assert_eq!(json["summary"]["rows"], ROWS);
    assert!(json["summary"]["rejected"].as_u64().unwrap() > 100);
    assert!(json["warnings"].as_array().unwrap().len() > 100);
}

#[test]
fn an_upload_prepared_on_four_cores_resumes_on_one() {
    let emulator = Emulator::start();
    let dir = scratch("jobs-upload");
    let file = export_in(&dir);
    let settings = config(&dir, "settings.json", r#"{"maxBatchEvents": 500}"#);
    let dry = |jobs: &str| {
        let (code, stdout, stderr) = run(upload(
            &dir,
            &file,
            &emulator,
            &["--dry-run", "--json", "--jobs", jobs, "--config"],
        )
        .arg(&settings));
        assert_eq!(code, 1, "{stderr}");
        stdout
    };
    assert_eq!(dry("1"), dry("4"), "the dry run's report depends on --jobs");
    let (code, stdout, stderr) = run(upload(
        &dir,
        &file,
        &emulator,
        &["--json", "--jobs", "4", "--config"],
    )
    .arg(&settings));
    assert_eq!(code, 1, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let accepted = report["summary"]["accepted"].as_u64().unwrap();
    let arrivals = emulator.arrivals();
    assert_eq!(arrivals.len() as u64, accepted);
    assert!(arrivals.values().all(|n| *n == 1));
    let batches = report["batches"].as_array().unwrap();
    assert!(batches.len() >= 23, "{} batches", batches.len());
    assert!(batches.iter().all(|b| b["status"] == "accepted"));
    // The same upload on one core finds every batch, by its digest, accepted already.
    let (code, stdout, stderr) = run(upload(
        &dir,
        &file,
        &emulator,
        &["--json", "--jobs", "1", "--config"],
    )
    .arg(&settings));
    assert_eq!(code, 1, "{stderr}");
    let again: Value = serde_json::from_str(&stdout).unwrap();
    let statuses: Vec<&Value> = again["batches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["status"])
        .collect();
    assert_eq!(statuses.len(), batches.len());
    assert!(
        statuses.iter().all(|s| *s == "accepted_earlier"),
        "{statuses:?}"
    );
    assert_eq!(
        emulator.arrivals().len() as u64,
        accepted,
        "nothing sent again"
    );
}

#[test]
fn jobs_must_be_a_positive_number() {
    let dir = scratch("jobs-usage");
    let file = sample_in(&dir);
    for jobs in ["0", "many"] {
        let (code, _, stderr) = run(hashdrop(&dir)
            .args(["check"])
            .arg(&file)
            .args(["--jobs", jobs]));
        assert_eq!(code, 64, "--jobs {jobs}: {stderr}");
    }
}
