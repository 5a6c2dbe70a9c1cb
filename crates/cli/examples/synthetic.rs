//! Write the events crate's deterministic synthetic file (`events::synthetic`) to disk, and its
//! settings beside it, for `cargo xtask bench cli` and `cargo xtask bench file` (`messy`: the
//! messy store export, [`SyntheticFile::messy`]):
//!
//! ```text
//! cargo run --example synthetic -- ROWS OUT.csv SETTINGS.json [messy]
//! ```

use events::synthetic::{SETTINGS_JSON, SyntheticFile};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (rows, out, settings, messy) = match args.as_slice() {
        [rows, out, settings] => (rows, out, settings, false),
        [rows, out, settings, kind] if kind == "messy" => (rows, out, settings, true),
        _ => {
            eprintln!("usage: synthetic ROWS OUT.csv SETTINGS.json [messy]");
            return ExitCode::from(64);
        }
    };
    let Ok(rows) = rows.parse::<u64>() else {
        eprintln!("synthetic: ROWS must be a whole number, not {rows:?}");
        return ExitCode::from(64);
    };
    let generator = if messy {
        SyntheticFile::messy(rows)
    } else {
        SyntheticFile::new(rows)
    };
    match write(generator, out, settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("synthetic: writing {out}: {error}");
            ExitCode::FAILURE
        }
    }
}

fn write(mut generator: SyntheticFile, out: &str, settings: &str) -> std::io::Result<()> {
    std::fs::write(settings, SETTINGS_JSON)?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut chunk = Vec::new();
    while generator.next_chunk(&mut chunk, 1 << 20) {
        file.write_all(&chunk)?;
    }
    file.flush()
}
