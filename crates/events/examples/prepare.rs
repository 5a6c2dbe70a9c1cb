//! Prepare a CSV file from the command line and print what would be sent:
//! `cargo run -p events --example prepare -- FILE.csv SETTINGS.json`.
//!
//! Prints one JSON object: `batches` (the request bodies), `rejected`, `warnings`, `mapping`,
//! `summary`, and `previews` when the settings ask for them.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [csv, settings] = args.as_slice() else {
        eprintln!("usage: prepare FILE.csv SETTINGS.json");
        return ExitCode::FAILURE;
    };
    let read = |path: &str| std::fs::read(path).map_err(|e| format!("{path}: {e}"));
    let result = read(csv).and_then(|bytes| {
        let text = read(settings)?;
        let settings: events::Settings =
            serde_json::from_slice(&text).map_err(|e| format!("{settings}: {e}"))?;
        events::prepare_bytes(settings, &bytes).map_err(|e| e.to_string())
    });
    match result {
        Ok(finished) => {
            let output = serde_json::json!({
                "batches": finished.output.batches.iter().map(|b| b.to_value()).collect::<Vec<_>>(),
                "rejected": finished.output.rejected,
                "warnings": finished.output.warnings,
                "previews": finished.output.previews,
                "mapping": finished.mapping,
                "summary": finished.summary,
            });
            println!("{output:#}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
