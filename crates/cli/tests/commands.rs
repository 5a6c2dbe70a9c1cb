//! `check` and `prepare`, settings and usage errors, through the built binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use support::*;

/// The sample's settings as the events crate's case folder gives them.
fn sample_settings() -> events::Settings {
    events::Settings::from_json(
        r#"{"now": 1795132800, "timeZone": "UTC", "dateOrder": "mdy", "eventName": "Purchase"}"#,
    )
    .unwrap()
}

#[test]
fn check_prints_prepare_uploads_summary_and_rejections_as_json() {
    let dir = scratch("check-json");
    let file = sample_in(&dir);
    let (code, stdout, _) = run(hashdrop(&dir).arg("check").arg(&file).args([
        "--now",
        "1795132800",
        "--event-name",
        "Purchase",
        "--json",
    ]));
    assert_eq!(code, 1, "rows were rejected: exit 1");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let expected =
        events::prepare_bytes(sample_settings(), &std::fs::read(SAMPLE).unwrap()).unwrap();
    assert_eq!(
        report["summary"],
        serde_json::to_value(&expected.summary).unwrap()
    );
    assert_eq!(
        report["rejected"],
        serde_json::to_value(&expected.output.rejected).unwrap()
    );
    assert_eq!(report["summary"]["accepted"], SAMPLE_ACCEPTED);
    let coverage = report["coverage"].as_array().unwrap();
    assert_eq!(coverage[0]["key"], "em");
    assert_eq!(coverage[0]["low"], false);
}

#[test]
fn check_writes_the_rejection_report_and_prints_rows_and_coverage() {
    let dir = scratch("check-report");
    let file = sample_in(&dir);
    let report = dir.join("rejected.csv");
    let (code, stdout, _) = run(hashdrop(&dir)
        .arg("check")
        .arg(&file)
        .args([
            "--now",
            "1795132800",
            "--event-name",
            "Purchase",
            "--report",
        ])
        .arg(&report));
    assert_eq!(code, 1);
    let expected =
        events::prepare_bytes(sample_settings(), &std::fs::read(SAMPLE).unwrap()).unwrap();
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        events::report::rejection_csv(&expected.output.rejected, &expected.output.warnings)
    );
    assert!(
        stdout.contains("300 rows, 287 accepted, 13 rejected"),
        "{stdout}"
    );
    assert!(stdout.contains("row 127: no usable identifier"), "{stdout}");
    assert!(stdout.contains("match-key coverage"), "{stdout}");
    // Only codes, rows and columns: never a value of the file.
    assert!(!stdout.contains("fisherj@yahoo.com"));
}

/// What the page's "Download the hashed file" gives: the worker's settings for a file (its
/// name and size, `now`, the event name), each body `Batch::to_json` and a newline.
fn app_download(file: &std::path::Path) -> Vec<u8> {
    let bytes = std::fs::read(file).unwrap();
    let mut settings = events::Settings::new(NOW);
    settings.event_name = Some("Purchase".into());
    settings.file = Some(events::settings::FileInfo {
        name: "store-sales.csv".into(),
        size: bytes.len() as u64,
    });
    let mut preparation = events::Preparation::new(settings).unwrap();
    let mut download = String::new();
    for chunk in bytes.chunks(1 << 20) {
        preparation.feed(chunk).unwrap();
        for batch in preparation.take_output().batches {
            download.push_str(&batch.to_json());
            download.push('\n');
        }
    }
    for batch in preparation.finish().unwrap().output.batches {
        download.push_str(&batch.to_json());
        download.push('\n');
    }
    download.into_bytes()
}

#[test]
fn prepare_writes_the_apps_hashed_download_byte_for_byte() {
    let dir = scratch("prepare");
    let file = sample_in(&dir);
    let out = dir.join("store-sales.hashed.ndjson");
    let (code, stdout, _) = run(hashdrop(&dir)
        .arg("prepare")
        .arg(&file)
        .args(["--now", "1795132800", "--event-name", "Purchase", "-o"])
        .arg(&out));
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let written = std::fs::read(&out).unwrap();
    assert_eq!(written, app_download(&file));
    // The upload tag is the file's name, as in the page.
    assert!(String::from_utf8_lossy(&written).contains(r#""upload_tag":"store-sales.csv""#));
    // Standard output gives the same bytes.
    let output = hashdrop(&dir)
        .arg("prepare")
        .arg(&file)
        .args(["--now", "1795132800", "--event-name", "Purchase"])
        .output()
        .unwrap();
    assert_eq!(output.stdout, written);
}

#[test]
fn a_config_file_takes_prepare_uploads_option_names_and_flags_override_it() {
    let dir = scratch("config");
    let file = sample_in(&dir);
    let json = config(
        &dir,
        "settings.json",
        r#"{"eventName": "Lead", "now": 1795132800, "maxBatchEvents": 100, "uploadTag": "nightly"}"#,
    );
    let toml = config(
        &dir,
        "settings.toml",
        "eventName = \"Lead\"\nnow = 1795132800\nmaxBatchEvents = 100\nuploadTag = \"nightly\"\n",
    );
    let mut outputs = Vec::new();
    for path in [&json, &toml] {
        let output = hashdrop(&dir)
            .arg("prepare")
            .arg(&file)
            .arg("--config")
            .arg(path)
            .args(["--event-name", "Purchase"])
            .output()
            .unwrap();
        outputs.push(String::from_utf8(output.stdout).unwrap());
    }
    assert_eq!(
        outputs[0], outputs[1],
        "JSON and TOML give the same settings"
    );
    let lines: Vec<Value> = outputs[0]
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        3,
        "maxBatchEvents 100: 287 events in 3 batches"
    );
    assert_eq!(lines[0]["upload_tag"], "nightly");
    assert_eq!(
        lines[0]["data"][0]["event_name"], "Purchase",
        "the flag wins"
    );
}

#[test]
fn an_unknown_option_or_a_bad_setting_is_a_usage_error() {
    let dir = scratch("usage");
    let file = sample_in(&dir);
    let bad = config(&dir, "bad.json", r#"{"eventNam": "Purchase"}"#);
    let (code, _, stderr) = run(hashdrop(&dir)
        .arg("check")
        .arg(&file)
        .arg("--config")
        .arg(&bad));
    assert_eq!(code, 64);
    assert!(stderr.contains("eventNam"), "{stderr}");
    let (code, _, stderr) = run(hashdrop(&dir)
        .arg("check")
        .arg(&file)
        .args(["--time-zone", "Mars/Olympus"]));
    assert_eq!(code, 64);
    assert!(stderr.contains("settings"), "{stderr}");
    let (code, _, _) = run(hashdrop(&dir).args(["upload"]).arg(&file));
    assert_eq!(code, 64, "a target is required");
    let (code, _, _) = run(hashdrop(&dir).args(["frobnicate"]));
    assert_eq!(code, 64);
    let (code, stdout, _) = run(hashdrop(&dir).args(["--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("upload"));
}

#[test]
fn a_file_that_is_not_csv_text_stops_with_its_code() {
    let dir = scratch("not-csv");
    let file = dir.join("utf16.csv");
    std::fs::write(&file, [0xFF, 0xFE, b'a', 0, b',', 0, b'b', 0, b'\n', 0]).unwrap();
    let (code, _, stderr) = run(hashdrop(&dir).arg("check").arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("utf16"), "{stderr}");
    let (code, _, stderr) = run(hashdrop(&dir).arg("check").arg(dir.join("missing.csv")));
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.csv"), "{stderr}");
}

#[test]
fn on_a_terminal_progress_is_a_bar_with_rows_rate_and_time_left() {
    let dir = scratch("terminal");
    let file = sample_in(&dir);
    // `script` (util-linux) gives the command a pseudo-terminal.
    let line = format!(
        "{} check {} --now 1795132800 --event-name Purchase > /dev/null",
        env!("CARGO_BIN_EXE_hashdrop"),
        file.display()
    );
    let (code, stdout, _) =
        run(std::process::Command::new("script").args(["-qec", &line, "/dev/null"]));
    assert_eq!(code, 1);
    assert!(stdout.contains('█'), "{stdout}");
    assert!(stdout.contains("300 rows"), "{stdout}");
    assert!(
        stdout.contains("rows/s") && stdout.contains("left"),
        "{stdout}"
    );
    // Not a terminal: plain lines, no bar.
    let (_, _, stderr) = run(hashdrop(&dir).arg("check").arg(&file).args([
        "--now",
        "1795132800",
        "--event-name",
        "Purchase",
    ]));
    assert!(
        !stderr.contains('█') && stderr.starts_with("hashdrop: "),
        "{stderr}"
    );
}
