//! `cargo xtask <command>`: hashdrop's tool installs and orchestration.
//!
//! - `setup`: install everything the project needs, from the package registries only.
//! - `serve`: build the app, start the Graph API emulator, serve both on 127.0.0.1.
//! - `test`: everything CI runs, ending with a one-line summary.
//! - `e2e`: the end-to-end tests alone, in one browser.
//! - `bench`: speed and memory figures, natively and in wasm.
//! - `pack`: the npm package, `target/npm/hashdrop-<version>.tgz`.
//! - `dist`: the release site for any static host; `verify`: compare a hosted copy with it.

mod bench;
mod chaos;
mod command;
mod dist;
mod pack;
mod screenshots;
mod serve;
mod setup;
mod site;
mod static_server;
mod test;
mod verify;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup                 install the wasm toolchain, browsers and Node packages (idempotent)
  serve [--port N] [--emulator-port N] [--token T]
                        build the app, start the Graph API emulator, serve the app on 127.0.0.1
  dist [--base /path/] [--app-id ID] [--out DIR]
                        the release site for any static host (default: served at /, into dist/):
                        deep-link fallbacks, _headers, the service worker, SHA256SUMS
  verify URL [--no-build]
                        compare every file of the hosted copy at URL with this commit's build
  e2e [--browser chromium|firefox] [--no-build] [FILE]...
                        the release build, then the end-to-end tests (all, or the files named)
                        in one headless browser against the emulator in strict CORS mode
  bench [matchkeys|events|cli|paint|workers|file]... [--no-build] [--rows N]
                        speed and memory figures natively and in wasm (all when none named);
                        paint: first load of the built app (--no-build: dist/ as it is);
                        workers: the npm package's prepareUploadParallel with 1, 2 and 4
                        workers; file: the app's File step in headless Chromium with 1, 2
                        and 4 workers (--rows N: smaller files than 1,000,000 rows)
  pack                  build the npm package: target/npm/hashdrop-<version>.tgz
  chaos [--seed N] [--events N]
                        50,000 events (or N) through the upload runner to the emulator under a
                        seeded schedule of every fault; checks each event arrived once
  screenshots           build the app, start the emulator, save docs/screenshots/*.png
  test                  run everything CI runs: fmt, clippy (native + wasm32), docs, native
                        tests, browser tests in headless Chromium and Firefox, the release
                        build and the end-to-end tests in Chromium and in Firefox
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("serve") => serve::run(&args[1..]),
        Some("test") => test::run(),
        Some("e2e") => test::e2e(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("pack") => pack::run(),
        Some("dist") => dist::run(&args[1..]),
        Some("verify") => verify::run(&args[1..]),
        Some("screenshots") => screenshots::run(),
        Some("chaos") => chaos::run(&args[1..]),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}
