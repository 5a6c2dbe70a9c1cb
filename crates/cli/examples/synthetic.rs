//! Write the events crate's deterministic synthetic file (`events::synthetic`) to disk, and its
//! settings beside it, for `cargo xtask bench cli`:
//!
//! ```text
//! cargo run --example synthetic -- ROWS OUT.csv SETTINGS.json
//! ```

use events::synthetic::{SETTINGS_JSON, SyntheticFile};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rows, out, settings] = args.as_slice() else {
        eprintln!("usage: synthetic ROWS OUT.csv SETTINGS.json");
        return ExitCode::from(64);
    };
    let Ok(rows) = rows.parse::<u64>() else {
        eprintln!("synthetic: ROWS must be a whole number, not {rows:?}");
        return ExitCode::from(64);
    };
    match write(rows, out, settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("synthetic: writing {out}: {error}");
            ExitCode::FAILURE
        }
    }
}

fn write(rows: u64, out: &str, settings: &str) -> std::io::Result<()> {
    std::fs::write(settings, SETTINGS_JSON)?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut generator = SyntheticFile::new(rows);
    let mut chunk = Vec::new();
    while generator.next_chunk(&mut chunk, 1 << 20) {
        file.write_all(&chunk)?;
    }
    file.flush()
}
