//! Every `data-testid` the app's source writes literally is listed in the README's "Stable
//! selectors" section, the list partners' automation relies on.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// The Rust files under `dir`, recursively.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, found)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    Ok(())
}

/// The literal test ids in `source`: every `data-testid="…"`.
fn literal_test_ids(source: &str) -> impl Iterator<Item = &str> {
    const ATTRIBUTE: &str = "data-testid=\"";
    source.match_indices(ATTRIBUTE).filter_map(|(at, _)| {
        let rest = &source[at + ATTRIBUTE.len()..];
        rest.find('"').map(|end| &rest[..end])
    })
}

#[test]
fn every_literal_test_id_is_listed_in_the_readme() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"));
    let readme = fs::read_to_string(crate_dir.join("../../README.md")).expect("the README");
    let selectors = readme
        .split("### Stable selectors")
        .nth(1)
        .expect("the README has a Stable selectors section");
    let selectors = selectors.split("\n## ").next().unwrap_or(selectors);

    let mut files = Vec::new();
    rust_files(&crate_dir.join("src"), &mut files).expect("the source folder is readable");
    let mut checked = 0;
    let mut missing = Vec::new();
    for file in &files {
        let source = fs::read_to_string(file).expect("a readable source file");
        for id in literal_test_ids(&source) {
            checked += 1;
            if !selectors.contains(&format!("`{id}`")) {
                missing.push(format!("{id} ({})", file.display()));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} test ids found: is the scan still right?"
    );
    assert!(
        missing.is_empty(),
        "not in the README's Stable selectors: {missing:#?}"
    );
}

#[test]
fn the_scan_finds_test_ids() {
    let ids: Vec<_> =
        literal_test_ids(r#"<p data-testid="a-b">x</p><i data-testid="c"/>"#).collect();
    assert_eq!(ids, ["a-b", "c"]);
}
