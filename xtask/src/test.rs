//! `cargo xtask test`: everything CI runs, in order, each step timed, then one summary line.
//!
//! Every step runs even when an earlier one failed (a formatting slip should not hide a failing
//! test), except that the end-to-end step needs the release build.

use crate::command::{self, Error, cmd};
use crate::{serve, site};
use std::time::{Duration, Instant};

/// Crates with `wasm-bindgen-test` browser tests, run in both headless browsers. The app's are
/// its component and page tests (`crates/app/src/components/tests.rs`, `crates/app/tests/`),
/// mounted on the in-memory platform.
const BROWSER_TEST_CRATES: [&str; 6] = [
    "crates/app",
    "crates/js",
    "crates/rules",
    "crates/matchkeys",
    "crates/graph",
    "crates/events",
];
/// Crates that only build natively (servers and tooling).
const NATIVE_ONLY: [&str; 3] = ["emulator", "hashdrop-cli", "xtask"];
/// The token the end-to-end tests use against the emulator.
const E2E_TOKEN: &str = "e2e-token";
/// The browsers the end-to-end suite runs in (`HASHDROP_E2E_BROWSER`), each its own step over
/// the one release build.
const E2E_BROWSERS: [&str; 2] = ["chromium", "firefox"];

struct Step {
    name: String,
    result: Result<(), Error>,
    took: Duration,
}

/// Run every check; fail if any failed.
pub fn run() -> Result<(), Error> {
    let started = Instant::now();
    let mut steps: Vec<Step> = Vec::new();
    let mut step = |name: &str, work: &mut dyn FnMut() -> Result<(), Error>| {
        println!("\n==> {name}");
        let begun = Instant::now();
        let result = work();
        if let Err(error) = &result {
            println!("==> {name}: FAILED: {error}");
        }
        steps.push(Step {
            name: name.to_owned(),
            result,
            took: begun.elapsed(),
        });
        steps.last().is_some_and(|s| s.result.is_ok())
    };

    if !step("setup", &mut crate::setup::run) {
        return summary(&steps, started);
    }
    step("rustfmt", &mut || {
        command::run(cmd("cargo").args(["fmt", "--all", "--check"]))
    });
    step("clippy (native)", &mut || {
        command::run(cmd("cargo").args([
            "clippy",
            "--locked",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    });
    step("clippy (wasm32)", &mut || {
        let mut clippy = cmd("cargo");
        clippy.args([
            "clippy",
            "--locked",
            "--workspace",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
        ]);
        for krate in NATIVE_ONLY {
            clippy.args(["--exclude", krate]);
        }
        command::run(clippy.args(["--", "-D", "warnings"]))
    });
    step("docs", &mut || {
        command::run(
            cmd("cargo")
                .args(["doc", "--locked", "--workspace", "--no-deps"])
                .env("RUSTDOCFLAGS", "-D warnings"),
        )
    });
    step("native tests", &mut || {
        command::run(cmd("cargo").args(["test", "--locked", "--workspace"]))
    });
    for browser in ["chrome", "firefox"] {
        for krate in BROWSER_TEST_CRATES {
            step(
                &format!("browser tests ({krate}, headless {browser})"),
                &mut || {
                    command::run(cmd("wasm-pack").args([
                        "test",
                        "--headless",
                        &format!("--{browser}"),
                        "--mode",
                        "no-install",
                        krate,
                    ]))
                },
            );
        }
    }
    step(
        "npm package (packed; Node ESM/CJS, TypeScript, esbuild/Vite/webpack in Chromium and Firefox)",
        &mut npm_package,
    );
    let built = step("release build (trunk)", &mut serve::build_app);
    if built {
        for browser in E2E_BROWSERS {
            step(
                &format!("end-to-end tests (headless {browser})"),
                &mut || end_to_end(browser, &[]),
            );
        }
    }
    summary(&steps, started)
}

/// The npm package the way partners use it: `cargo xtask pack` builds the wasm once and packs
/// the tarball; it is installed (`npm install --no-save`, offline) into `tests/npm-consumers`
/// (whose own tools come from its lockfile, cached like setup's); then the package's Node tests
/// (`crates/js/tests-js`) and the consumers (`tests/npm-consumers/run.mjs`: Node ESM and CJS,
/// TypeScript, esbuild, Vite and webpack bundles in headless Chromium and Firefox) run against it,
/// each asserting real hashes against the shared vectors.
fn npm_package() -> Result<(), Error> {
    let root = command::root();
    let packed = crate::pack::build()?;
    let consumers = root.join("tests").join("npm-consumers");
    crate::setup::npm_ci_cached(&consumers)?;
    command::run(
        cmd("npm")
            .current_dir(&consumers)
            .args([
                "install",
                "--no-save",
                "--offline",
                "--no-audit",
                "--no-fund",
            ])
            .arg(&packed.tarball),
    )?;
    let files = node_tests(&root.join("crates").join("js").join("tests-js"))?;
    command::run(
        cmd("node")
            .arg("--test")
            .args(&files)
            .env("HASHDROP_CONSUMERS", &consumers),
    )?;
    let vectors = root
        .join("crates")
        .join("matchkeys")
        .join("tests")
        .join("data")
        .join("matchkeys-vectors.jsonl");
    command::run(cmd("node").arg(consumers.join("run.mjs")).arg(vectors))
}

/// The `*.test.mjs` files of `dir`, sorted.
fn node_tests(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::Other(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    Ok(files)
}

/// The hosted-page tests' sites, all written from the one release build: the production variant
/// under [`PAGES_BASE`] served GitHub Pages-like from `served`, a copy of it (`first`) and a newer
/// build of the same site (`next`, another app id: another `index.html`, so another service worker
/// cache), which the update test puts in place and then takes back.
const PAGES_SITES: [&str; 3] = [
    "target/e2e-pages/served",
    "target/e2e-pages/first",
    "target/e2e-pages/next",
];
/// The path the hosted-page tests serve the site under, as a GitHub project page is.
const PAGES_BASE: &str = "/hashdrop/";

/// Write the hosted-page tests' sites (see [`PAGES_SITES`]) from the last release build; returns
/// the served site's root folder.
fn write_pages_sites() -> Result<std::path::PathBuf, Error> {
    let release = site::Release::existing()?;
    let root = command::root();
    for (dir, app_id) in PAGES_SITES
        .iter()
        .zip([None, None, Some("1000000000000001")])
    {
        let variant = site::Variant::new(
            PAGES_BASE,
            app_id.map(str::to_owned),
            site::Policy::Production,
        )?;
        release.write(&variant, &root.join(dir).join(PAGES_BASE.trim_matches('/')))?;
    }
    Ok(root.join(PAGES_SITES[0]))
}

/// Start the emulator (strict CORS: every preflight refused), the development site and the
/// production site under a sub-path (GitHub Pages-like), then run the end-to-end tests in
/// `browser` (`chromium` or `firefox`) with Node's runner: `files`, or every
/// `tests/e2e/*.test.mjs` when none are named.
fn end_to_end(browser: &str, files: &[std::path::PathBuf]) -> Result<(), Error> {
    let emulator = serve::start_test_emulator(E2E_TOKEN)?;
    let app = serve::serve_app(0)?;
    let pages_root = write_pages_sites()?;
    let pages = serve::serve_pages(&pages_root)?;
    let site_dir = |i: usize| {
        command::root()
            .join(PAGES_SITES[i])
            .join(PAGES_BASE.trim_matches('/'))
    };
    let dir = command::root().join("tests").join("e2e");
    let files = if files.is_empty() {
        node_tests(&dir)?
    } else {
        files.to_vec()
    };
    if files.is_empty() {
        return Err(Error::Other(format!(
            "no *.test.mjs files in {}",
            dir.display()
        )));
    }
    command::run(
        cmd("node")
            .arg("--test")
            // One file at a time: the files share one emulator, whose clock and faults a test
            // sets, and whose record of requests the privacy scans read.
            .arg("--test-concurrency=1")
            .args(&files)
            .env("HASHDROP_APP_URL", &app)
            .env("HASHDROP_PAGES_URL", format!("{pages}{PAGES_BASE}"))
            .env("HASHDROP_PAGES_DIR", site_dir(0))
            .env("HASHDROP_PAGES_FIRST", site_dir(1))
            .env("HASHDROP_PAGES_NEXT", site_dir(2))
            .env("HASHDROP_EMULATOR_URL", &emulator.url)
            .env("HASHDROP_TOKEN", E2E_TOKEN)
            .env("HASHDROP_E2E_BROWSER", browser),
    )
}

/// `cargo xtask e2e [--browser chromium|firefox] [--no-build] [FILE…]`: the release build and the
/// development site (unless `--no-build`: then the site is written again from the last build),
/// then the end-to-end tests in one browser, all of them or
/// the files named (paths, or names under `tests/e2e/` such as `send.test.mjs`).
pub fn e2e(args: &[String]) -> Result<(), Error> {
    let mut browser = "chromium".to_owned();
    let mut build = true;
    let mut files = Vec::new();
    let dir = command::root().join("tests").join("e2e");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--browser" => {
                browser = args
                    .next()
                    .filter(|b| E2E_BROWSERS.contains(&b.as_str()))
                    .cloned()
                    .ok_or_else(|| {
                        Error::Other(format!(
                            "--browser takes one of {}",
                            E2E_BROWSERS.join(", ")
                        ))
                    })?;
            }
            "--no-build" => build = false,
            file => {
                let path = std::path::PathBuf::from(file);
                files.push(if path.exists() { path } else { dir.join(file) });
            }
        }
    }
    if build {
        serve::build_app()?;
    } else {
        serve::write_dev_site(&site::Release::existing()?)?;
    }
    end_to_end(&browser, &files)
}

fn summary(steps: &[Step], started: Instant) -> Result<(), Error> {
    println!("\n==> summary");
    for step in steps {
        let verdict = if step.result.is_ok() {
            "ok    "
        } else {
            "FAILED"
        };
        println!(
            "  {verdict} {:>7.1}s  {}",
            step.took.as_secs_f64(),
            step.name
        );
    }
    let failed = steps.iter().filter(|s| s.result.is_err()).count();
    println!("  total {:.1}s", started.elapsed().as_secs_f64());
    println!("summary: {} passed, {failed} failed", steps.len() - failed);
    if failed == 0 {
        Ok(())
    } else {
        Err(Error::Other(format!("{failed} step(s) failed")))
    }
}
