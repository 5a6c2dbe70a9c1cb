//! Generates the `i18n` module of `src/i18n.rs` from the locale files in `locales/`, with
//! leptos_i18n's own parser and code generator (the two crates `leptos_i18n_build` wraps; that
//! wrapper also brings ICU's data exporter and its HTTP client, which this app does not need:
//! the only ICU data it uses, plural rules, is compiled into `icu_plurals`).
//!
//! A warning of the parser fails the build: a key missing from `zh-Hans.json` would otherwise
//! show the English text.

use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::parse_locales;
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let options = ParseOptions::new().interpolate_display(true);
    let config = Config::new("en")?
        .add_locale("zh-Hans")?
        .parse_options(options);
    let parsed = parse_locales(None, config)?;
    for path in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    let problems: Vec<String> = parsed
        .diag
        .errors()
        .iter()
        .map(ToString::to_string)
        .chain(parsed.diag.warnings().iter().map(ToString::to_string))
        .collect();
    if !problems.is_empty() {
        return Err(format!("the locale files have problems:\n{}", problems.join("\n")).into());
    }
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)?;
    let directory = PathBuf::from(std::env::var("OUT_DIR")?).join("i18n");
    std::fs::create_dir_all(&directory)?;
    std::fs::write(directory.join("mod.rs"), code.to_string())?;
    Ok(())
}
