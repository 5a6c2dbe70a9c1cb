//! `cargo xtask bench [matchkeys|events]...`: speed and memory figures, natively and in wasm.
//!
//! Benchmarks measure; they never pass or fail on a number. Each one runs a crate's `bench`
//! example natively (optimised for speed, not size) and, where it has one, a Node script that
//! runs the same work inside the `hashdrop` wasm package built with its `bench` feature, or
//! inside a bare wasm module of the crate's own (`matchkeys`: `examples/wasm_bench.rs`). Each
//! prints its own figures and the ratio to the hashing floor (a bare `sha2` loop).

use crate::command::{self, Error, cmd};

/// One benchmark: which crate's `examples/bench.rs` and which Node script measure it.
struct Bench {
    name: &'static str,
    krate: &'static str,
    /// Cargo features the crate's `bench` example needs.
    features: &'static [&'static str],
    /// `crates/js/bench/<script>`: runs the wasm side, given the built package's folder.
    node_script: Option<&'static str>,
    /// A bare wasm module of the crate's own (`examples/<name>.rs`, a `cdylib` built for
    /// wasm32 with the bench's features) and the Node script under the crate that times it,
    /// given the module's path: the wasm side without building the whole npm package.
    wasm_example: Option<(&'static str, &'static str)>,
}

const BENCHES: [Bench; 2] = [
    Bench {
        name: "matchkeys",
        krate: "matchkeys",
        features: &["bench"],
        node_script: None,
        wasm_example: Some(("wasm_bench", "bench/wasm.mjs")),
    },
    Bench {
        name: "events",
        krate: "events",
        features: &[],
        node_script: Some("events.mjs"),
        wasm_example: None,
    },
];

/// Run the named benchmarks (all when none are named).
pub fn run(names: &[String]) -> Result<(), Error> {
    let selected: Vec<&Bench> = if names.is_empty() {
        BENCHES.iter().collect()
    } else {
        names
            .iter()
            .map(|name| {
                BENCHES.iter().find(|b| b.name == name).ok_or_else(|| {
                    let known: Vec<&str> = BENCHES.iter().map(|b| b.name).collect();
                    Error::Other(format!(
                        "unknown benchmark `{name}` (known: {})",
                        known.join(", ")
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    crate::setup::run()?;
    let package = command::root()
        .join("target")
        .join("bench")
        .join("hashdrop-node");
    let needs_wasm = selected.iter().any(|b| b.node_script.is_some());
    if needs_wasm {
        build_node_package(&package, true, &["--features", "bench"])?;
    }
    for bench in selected {
        println!("\n==> bench {} (native)", bench.name);
        let mut native = cmd("cargo");
        native.args([
            "run",
            "--quiet",
            "--locked",
            "--profile",
            "bench-native",
            "--package",
            bench.krate,
            "--example",
            "bench",
        ]);
        if !bench.features.is_empty() {
            native.args(["--features", &bench.features.join(",")]);
        }
        command::run(&mut native)?;
        if let Some(script) = bench.node_script {
            println!("\n==> bench {} (wasm, Node {})", bench.name, node_version());
            let script = command::root()
                .join("crates")
                .join("js")
                .join("bench")
                .join(script);
            command::run(cmd("node").arg(script).arg(&package))?;
        }
        if let Some((example, script)) = bench.wasm_example {
            println!("\n==> bench {} (wasm, Node {})", bench.name, node_version());
            let mut build = cmd("cargo");
            build.args([
                "build",
                "--quiet",
                "--locked",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "--package",
                bench.krate,
                "--example",
                example,
                "--features",
                &bench.features.join(","),
            ]);
            command::run(&mut build)?;
            let module = command::root()
                .join("target")
                .join("wasm32-unknown-unknown")
                .join("release")
                .join("examples")
                .join(format!("{example}.wasm"));
            let script = command::root()
                .join("crates")
                .join(bench.krate)
                .join(script);
            command::run(cmd("node").arg(script).arg(module))?;
        }
    }
    Ok(())
}

/// `wasm-pack build --target nodejs` of `crates/js` into `out_dir` (an absolute path: wasm-pack
/// takes `--out-dir` relative to the crate), optimised for release or not. `cargo_args` (such
/// as `--features bench`) go after the crate's path, where wasm-pack hands them to cargo: before
/// it, wasm-pack would take the path for one of cargo's arguments and build the workspace root.
pub fn build_node_package(
    out_dir: &std::path::Path,
    release: bool,
    cargo_args: &[&str],
) -> Result<(), Error> {
    let mut build = cmd("wasm-pack");
    build.args(["build", "--target", "nodejs", "--mode", "no-install"]);
    if release {
        build.arg("--release");
    }
    command::run(
        build
            .arg("--out-dir")
            .arg(out_dir)
            .arg("crates/js")
            .args(cargo_args),
    )
}

fn node_version() -> String {
    command::output(cmd("node").arg("--version")).unwrap_or_else(|| "unknown".into())
}
