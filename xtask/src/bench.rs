//! `cargo xtask bench [matchkeys|events|cli]...`: speed and memory figures, natively and in wasm.
//!
//! Benchmarks measure; they never pass or fail on a number. Each one runs a crate's `bench`
//! example natively (optimised for speed, not size) and, where it has one, a Node script that
//! runs the same work inside the `hashdrop` wasm package built with its `bench` feature, or
//! inside a bare wasm module of the crate's own (`matchkeys`: `examples/wasm_bench.rs`). Each
//! prints its own figures and the ratio to the hashing floor (a bare `sha2` loop). `cli` times
//! the built `hashdrop prepare` on a generated 1,000,000-row file ([`cli`]). `paint` times the
//! first load of the built app's Connect screen in headless Chromium ([`paint`]). `workers`
//! times the npm package's `prepareUploadParallel` with 1, 2 and 4 workers ([`workers`]); `file`
//! times the File step in headless Chromium on the clean and the messy 1,000,000-row files with
//! 1, 2 and 4 workers ([`file()`]).

use crate::command::{self, Error, cmd};
use std::time::Instant;

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
    // `--no-build` (for `paint`): measure the app already in `dist/`.
    let build = !names.iter().any(|n| n == NO_BUILD);
    // `--rows N` (for `workers` and `file`): a smaller file, to try the benchmark out.
    let rows = match names.iter().position(|n| n == ROWS) {
        Some(at) => names
            .get(at + 1)
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(|| Error::Other(format!("{ROWS} takes a number of rows")))?,
        None => FILE_ROWS,
    };
    let mut names: Vec<&String> = names.iter().filter(|n| *n != NO_BUILD).collect();
    if let Some(at) = names.iter().position(|n| *n == ROWS) {
        names.drain(at..(at + 2).min(names.len()));
    }
    let with_cli = names.is_empty() || names.iter().any(|n| *n == CLI);
    let with_paint = names.is_empty() || names.iter().any(|n| *n == PAINT);
    let with_file = names.is_empty() || names.iter().any(|n| *n == FILE);
    let with_workers = names.is_empty() || names.iter().any(|n| *n == WORKERS);
    let selected: Vec<&Bench> = if names.is_empty() {
        BENCHES.iter().collect()
    } else {
        names
            .iter()
            .filter(|name| **name != CLI && **name != PAINT && **name != WORKERS && **name != FILE)
            .map(|name| {
                BENCHES.iter().find(|b| b.name == *name).ok_or_else(|| {
                    let mut known: Vec<&str> = BENCHES.iter().map(|b| b.name).collect();
                    known.extend([CLI, PAINT, WORKERS, FILE]);
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
    let needs_wasm = with_workers || selected.iter().any(|b| b.node_script.is_some());
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
    if with_workers {
        workers(&package, rows)?;
    }
    if with_cli {
        cli()?;
    }
    if with_paint {
        paint(build)?;
    }
    if with_file {
        file(build && !with_paint, rows)?;
    }
    Ok(())
}

/// The npm package's multi-worker preparation.
const WORKERS: &str = "workers";

/// `cargo xtask bench workers [--rows N]`: the packed npm package (`cargo xtask pack`'s
/// `target/npm/package`) runs `prepareUploadParallel` in Node with 1, 2 and 4 workers on the
/// generated clean and messy files (1,000,000 rows each, made by the bench build of
/// the package in `package`), beside `prepareUpload`: rows per second of wall time and the ratio of 2 workers
/// to 1 (`crates/js/bench/workers.mjs`).
fn workers(package: &std::path::Path, rows: u64) -> Result<(), Error> {
    println!(
        "\n==> bench workers (npm package, prepareUploadParallel, Node {})",
        node_version()
    );
    let packed = crate::pack::build()?;
    let npm_package = packed
        .tarball
        .parent()
        .map(|dir| dir.join("package"))
        .ok_or_else(|| Error::Other("the tarball has no folder".into()))?;
    let script = command::root()
        .join("crates")
        .join("js")
        .join("bench")
        .join("workers.mjs");
    let mut node = cmd("node");
    node.arg(script).arg(package).arg(npm_package);
    node.arg(rows.to_string());
    command::run(&mut node)
}

/// The File step's benchmark.
const FILE: &str = "file";
/// `cargo xtask bench workers|file --rows N`: the files' size.
const ROWS: &str = "--rows";
/// Rows of the `workers` and `file` benchmarks' files.
const FILE_ROWS: u64 = 1_000_000;
/// The emulator's token for the benchmark's connection.
const BENCH_TOKEN: &str = "e2e-token";

/// `cargo xtask bench file [--rows N] [--no-build]`: the events crate's synthetic file, clean and
/// messy (`events::synthetic`, written by `crates/cli/examples/synthetic.rs`), each prepared by
/// the release app's File step in headless Chromium with 1, 2 and 4 workers, three times each
/// (`tests/e2e/bench-file.mjs`, against the local emulator): the median seconds from choosing
/// the file to "done" while the page answers clicks, rows/s, and the ratio of 2 workers to 1.
fn file(build: bool, rows: u64) -> Result<(), Error> {
    println!("\n==> bench file (the File step in headless Chromium, 1, 2 and 4 workers)");
    let built = build_cli(&[])?;
    let root = command::root();
    let generator = built.join("examples").join("synthetic");
    let dir = root.join("target").join("bench").join("file");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Other(format!("cannot create {}: {e}", dir.display())))?;
    let settings = dir.join("settings.json");
    let mut files = Vec::new();
    for kind in ["clean", "messy"] {
        let csv = dir.join(format!("{kind}-{rows}.csv"));
        let mut write = cmd(&generator.to_string_lossy());
        write.arg(rows.to_string()).arg(&csv).arg(&settings);
        if kind == "messy" {
            write.arg("messy");
        }
        command::run(&mut write)?;
        files.push(format!("{kind}={}", csv.display()));
    }
    if build {
        crate::serve::build_app()?;
    }
    let app = crate::serve::serve_app(0)?;
    let emulator = crate::serve::start_emulator(0, BENCH_TOKEN)?;
    let mut bench = cmd("node");
    bench
        .arg(root.join("tests").join("e2e").join("bench-file.mjs"))
        .args(["--workers", "1,2,4", "--runs", "3"]);
    for file in &files {
        bench.args(["--file", file]);
    }
    command::run(
        bench
            .env("HASHDROP_APP_URL", &app)
            .env("HASHDROP_EMULATOR_URL", &emulator.url)
            .env("HASHDROP_TOKEN", BENCH_TOKEN),
    )
}

/// The first-load benchmark.
const PAINT: &str = "paint";
/// `cargo xtask bench paint --no-build`: measure `dist/` as it is.
const NO_BUILD: &str = "--no-build";
/// Cold loads measured; the median is reported.
const PAINT_RUNS: u32 = 9;

/// `cargo xtask bench paint [--no-build]`: the release build (Trunk, as `cargo xtask serve` and
/// the end-to-end tests use it) served by the local static server, and `tests/e2e/bench-paint.mjs`
/// loading `/connect` cold in headless Chromium [`PAINT_RUNS`] times: the median time to first
/// paint, to the Connect screen in the document and to the page's wasm downloaded, beside the
/// page's and the worker's wasm sizes (raw and gzipped).
fn paint(build: bool) -> Result<(), Error> {
    println!("\n==> bench paint (first load of /connect, headless Chromium)");
    if build {
        crate::serve::build_app()?;
    }
    let app = crate::serve::serve_app(0)?;
    let root = command::root();
    command::run(
        cmd("node")
            .arg(root.join("tests").join("e2e").join("bench-paint.mjs"))
            .arg(root.join("dist"))
            .arg(PAINT_RUNS.to_string())
            .env("HASHDROP_APP_URL", &app),
    )
}

/// The command line's benchmark.
const CLI: &str = "cli";
/// Rows of the command line's benchmark file.
const CLI_ROWS: u64 = 1_000_000;
/// The browser's figure for the same file, from the README's benchmark section.
const BROWSER_FIGURE: &str = "1,000,000 rows in 6.3-6.5 s in headless Chromium, from choosing \
                              the file to \"done\", worker included (about 155,000 rows/s)";

/// `cargo xtask bench cli`: build `hashdrop` with the `bench-native` profile, write the events
/// crate's synthetic 1,000,000-row file (`crates/cli/examples/synthetic.rs`), and time
/// `hashdrop prepare` on it, the bodies going to `/dev/null`, with `--jobs 1` and with one
/// thread per core: wall time, user and system CPU time and peak resident memory (from
/// `/usr/bin/time` when present, else wall time only), the ratio of the two rates, the load
/// average around each run (other work on the machine shares its cores), and the browser's
/// figure beside them.
fn cli() -> Result<(), Error> {
    println!("\n==> bench cli (native, `hashdrop prepare`)");
    let built = build_cli(&["--bin", "hashdrop"])?;
    let root = command::root();
    let dir = root.join("target").join("bench").join("cli");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Other(format!("cannot create {}: {e}", dir.display())))?;
    let csv = dir.join(format!("synthetic-{CLI_ROWS}.csv"));
    let settings = dir.join("settings.json");
    command::run(
        cmd(&built.join("examples").join("synthetic").to_string_lossy())
            .arg(CLI_ROWS.to_string())
            .arg(&csv)
            .arg(&settings),
    )?;
    let bytes = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "hashdrop prepare, {} rows ({:.1} MB, six identifiers a row) to NDJSON bodies, on 1 \
         core and on all {cores} (--jobs {cores}), the same bodies either way (the tests check \
         it):",
        thousands(CLI_ROWS),
        bytes as f64 / 1e6
    );
    let run = CliRun {
        hashdrop: built.join("hashdrop"),
        csv,
        settings,
        timing: dir.join("time.txt"),
    };
    let one = run.measure(1)?;
    let all = run.measure(cores)?;
    println!(
        "  all cores / 1 core: {:.2}x the rows/s",
        all.rate() / one.rate().max(1e-9)
    );
    println!("  the browser (README): {BROWSER_FIGURE}");
    Ok(())
}

/// Build the command line crate's `synthetic` example (and `extra` targets) with the
/// `bench-native` profile; the folder they are in.
fn build_cli(extra: &[&str]) -> Result<std::path::PathBuf, Error> {
    command::run(
        cmd("cargo")
            .args([
                "build",
                "--quiet",
                "--locked",
                "--profile",
                "bench-native",
                "--package",
                "hashdrop-cli",
                "--example",
                "synthetic",
            ])
            .args(extra),
    )?;
    Ok(command::root().join("target").join("bench-native"))
}

/// `hashdrop prepare` on the benchmark's file.
struct CliRun {
    hashdrop: std::path::PathBuf,
    csv: std::path::PathBuf,
    settings: std::path::PathBuf,
    /// Where `/usr/bin/time` writes its figures.
    timing: std::path::PathBuf,
}

/// One timed run's figures.
struct CliFigures {
    wall: f64,
}

impl CliFigures {
    /// Rows per second of wall time.
    fn rate(&self) -> f64 {
        CLI_ROWS as f64 / self.wall.max(1e-9)
    }
}

impl CliRun {
    /// Time one run on `jobs` threads and print its line.
    fn measure(&self, jobs: usize) -> Result<CliFigures, Error> {
        let time = std::path::Path::new("/usr/bin/time");
        let _ = std::fs::remove_file(&self.timing);
        let mut prepare = if time.exists() {
            let mut timed = cmd(&time.to_string_lossy());
            // Wall seconds, user and system CPU seconds, peak resident KiB.
            timed
                .args(["-f", "%e %U %S %M", "-o"])
                .arg(&self.timing)
                .arg(&self.hashdrop);
            timed
        } else {
            cmd(&self.hashdrop.to_string_lossy())
        };
        prepare
            .arg("prepare")
            .arg(&self.csv)
            .arg("--config")
            .arg(&self.settings)
            .args(["--jobs", &jobs.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let load_before = load_average();
        let started = Instant::now();
        let status = prepare
            .status()
            .map_err(|e| Error::Other(format!("cannot run {}: {e}", self.hashdrop.display())))?;
        let mut wall = started.elapsed().as_secs_f64();
        let load_after = load_average();
        // 1: done with rejected rows, still a full preparation.
        if !matches!(status.code(), Some(0 | 1)) {
            return Err(Error::Other(format!(
                "hashdrop prepare --jobs {jobs} failed: {status}"
            )));
        }
        let measured = std::fs::read_to_string(&self.timing).ok().and_then(|text| {
            let fields: Vec<f64> = text
                .lines()
                .last()?
                .split_whitespace()
                .map(|f| f.parse().ok())
                .collect::<Option<_>>()?;
            match fields.as_slice() {
                [wall, user, system, peak_kib] => Some((*wall, *user, *system, *peak_kib)),
                _ => None,
            }
        });
        let cores = if jobs == 1 {
            "1 core:    ".to_owned()
        } else {
            format!("{jobs} cores:   ")
        };
        let rows = CLI_ROWS as f64;
        let load = format!("load average {load_before} before, {load_after} after");
        match measured {
            Some((timed_wall, user, system, peak_kib)) => {
                wall = timed_wall;
                println!(
                    "  {cores}{} rows/s (wall {wall:.2} s; user {user:.2} s, system \
                     {system:.2} s of CPU; peak RSS {:.1} MiB; {load})",
                    thousands((rows / wall.max(1e-9)) as u64),
                    peak_kib / 1024.0
                );
            }
            None => println!(
                "  {cores}{} rows/s (wall {wall:.2} s; no /usr/bin/time for CPU time and peak \
                 memory; {load})",
                thousands((rows / wall.max(1e-9)) as u64)
            ),
        }
        Ok(CliFigures { wall })
    }
}

/// The one-minute load average (`/proc/loadavg`), or `?` where there is none.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
