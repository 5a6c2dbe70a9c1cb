//! Lists the end-to-end cases (`tests/cases/<case>/`) so the test runners compile them in:
//! adding a case is adding a folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not baked in when it compiles: a build script compiled for a
    // checkout at another path (a shared target dir) would otherwise list that checkout's cases.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = Path::new(&manifest).join("tests/cases");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    let mut code = String::from(
        "/// Every case folder: (name, input, settings, expected).\npub const CASES: &[(&str, &[u8], &str, &str)] = &[\n",
    );
    for case in &cases {
        println!("cargo::rerun-if-changed={}", case.display());
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let path = |file: &str| case.join(file).display().to_string();
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?}), include_str!({:?}), include_str!({:?})),",
            path("input.csv"),
            path("settings.json"),
            path("expected.json")
        );
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("cases.rs");
    if let Err(error) = std::fs::write(&out, code) {
        println!("cargo::warning=cannot write {}: {error}", out.display());
    }
}
