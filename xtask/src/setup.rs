//! `cargo xtask setup`: install what hashdrop needs, idempotently, from the package registries.
//!
//! Versions known to work together on these machines are recorded in the README's "Toolchain"
//! section. Each tool is checked first and installed only when missing or at another version.

use crate::command::{self, Error, cmd};
use std::path::Path;

const WASM_PACK: &str = "0.15.1";
/// Trunk 0.22 needs a newer rustc than the pinned stable toolchain.
const TRUNK: &str = "0.21.14";
const GECKODRIVER: &str = "0.37.1";
const WASM32: &str = "wasm32-unknown-unknown";
/// Debian packages, each with the file that shows it is installed: the browsers the tests
/// drive, Chromium's WebDriver, and a CJK font so the Chinese UI renders in headless
/// screenshots (without one, every Chinese character comes out as an empty box).
const DEBIAN_PACKAGES: [(&str, &str); 4] = [
    ("chromium", "chromium"),
    ("chromedriver", "chromium-driver"),
    ("firefox-esr", "firefox-esr"),
    (
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "fonts-wqy-microhei",
    ),
];

/// One thing setup checks and, when needed, installs.
type Step = fn() -> Result<Outcome, Error>;

/// What one setup step did.
enum Outcome {
    Present(String),
    Installed(String),
}

/// Install everything, saying what was done.
pub fn run() -> Result<(), Error> {
    run_steps(&[
        ("rust target", wasm32_target),
        ("wasm-bindgen-cli", wasm_bindgen_cli),
        ("wasm-pack", wasm_pack),
        ("trunk", trunk),
        ("browsers and CJK font", browsers),
        ("geckodriver", geckodriver),
        ("node packages", node_packages),
    ])
}

/// Install only what the release build needs (`cargo xtask dist`, `verify`): no browsers, so it
/// also runs on a CI machine that is not Debian (GitHub's Ubuntu runners).
pub fn build_tools() -> Result<(), Error> {
    run_steps(&[
        ("rust target", wasm32_target),
        ("wasm-bindgen-cli", wasm_bindgen_cli),
        ("trunk", trunk),
        ("node packages", node_packages),
    ])
}

fn run_steps(steps: &[(&str, Step)]) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let mut installed = 0;
    for (name, step) in steps {
        match step()? {
            Outcome::Present(what) => println!("setup: {name}: {what} already installed"),
            Outcome::Installed(what) => {
                installed += 1;
                println!("setup: {name}: installed {what}");
            }
        }
    }
    println!(
        "setup: done in {:.0?}: {installed} installed, {} already present",
        started.elapsed(),
        steps.len() - installed
    );
    Ok(())
}

/// The `wasm-bindgen` version in `Cargo.lock`: the CLI must equal it exactly.
pub fn locked_wasm_bindgen() -> Result<String, Error> {
    let path = command::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .map_err(|e| Error::Other(format!("cannot read {}: {e}", path.display())))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    Err(Error::Other("Cargo.lock has no wasm-bindgen entry".into()))
}

/// The version a tool reports (`tool --version` -> second word), if it runs.
fn installed_version(program: &str) -> Option<String> {
    let out = command::output(cmd(program).arg("--version"))?;
    let text = out.lines().next()?.to_owned();
    text.split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_owned)
}

fn cargo_tool(program: &str, krate: &str, version: &str) -> Result<Outcome, Error> {
    let what = format!("{program} {version}");
    if installed_version(program).as_deref() == Some(version) {
        return Ok(Outcome::Present(what));
    }
    let install = |locked: &[&str]| {
        command::run(
            cmd("cargo")
                .args(["install", "--force", krate, "--version", version])
                .args(locked),
        )
    };
    // A tool's own lockfile can name a dependency version the registry no longer serves
    // (wasm-bindgen-cli 0.2.130 does); then resolve afresh within its semver bounds.
    if install(&["--locked"]).is_err() {
        println!(
            "setup: {krate} {version} does not install with its own Cargo.lock; resolving afresh"
        );
        install(&[])?;
    }
    match installed_version(program) {
        Some(found) if found == version => Ok(Outcome::Installed(what)),
        found => Err(Error::Other(format!(
            "installed {krate} {version} but `{program} --version` reports {found:?}: is another {program} earlier on PATH?"
        ))),
    }
}

fn wasm32_target() -> Result<Outcome, Error> {
    let installed = command::output(cmd("rustup").args(["target", "list", "--installed"]));
    if installed.is_some_and(|list| list.lines().any(|line| line.trim() == WASM32)) {
        return Ok(Outcome::Present(WASM32.into()));
    }
    command::run(cmd("rustup").args(["target", "add", WASM32]))?;
    Ok(Outcome::Installed(WASM32.into()))
}

fn wasm_bindgen_cli() -> Result<Outcome, Error> {
    cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &locked_wasm_bindgen()?)
}

fn wasm_pack() -> Result<Outcome, Error> {
    cargo_tool("wasm-pack", "wasm-pack", WASM_PACK)
}

fn trunk() -> Result<Outcome, Error> {
    cargo_tool("trunk", "trunk", TRUNK)
}

fn geckodriver() -> Result<Outcome, Error> {
    cargo_tool("geckodriver", "geckodriver", GECKODRIVER)
}

fn on_path(program: &str) -> bool {
    std::env::split_paths(&command::tool_path()).any(|dir| dir.join(program).is_file())
}

/// A marker is a program looked up on `PATH`, or an absolute path to a file.
fn is_installed(marker: &str) -> bool {
    if marker.starts_with('/') {
        Path::new(marker).is_file()
    } else {
        on_path(marker)
    }
}

fn browsers() -> Result<Outcome, Error> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .filter(|(marker, _)| !is_installed(marker))
        .map(|(_, package)| *package)
        .collect();
    let all = DEBIAN_PACKAGES.map(|(_, package)| package).join(", ");
    if missing.is_empty() {
        return Ok(Outcome::Present(all));
    }
    let is_root =
        command::output(std::process::Command::new("id").arg("-u")).as_deref() == Some("0");
    if !is_root || !on_path("apt-get") {
        return Err(Error::Other(format!(
            "missing browser packages: {}. This machine is not a Debian machine where setup runs as \
             root, so install them yourself: on Debian/Ubuntu `sudo apt-get install -y {}`; \
             elsewhere install Chromium with its matching ChromeDriver, Firefox and a CJK font \
             (WenQuanYi Micro Hei), and put `chromium`, `chromedriver` and `firefox-esr` (or \
             links to them) on PATH",
            missing.join(", "),
            missing.join(" ")
        )));
    }
    command::run(cmd("apt-get").args(["update", "-qq"]))?;
    command::run(
        cmd("apt-get")
            .args(["install", "-y", "-qq"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    Ok(Outcome::Installed(missing.join(", ")))
}

/// `npm ci` in `tests/` unless `node_modules` already holds exactly `package-lock.json`.
fn node_packages() -> Result<Outcome, Error> {
    let what = "playwright-core, puppeteer-core, binaryen (wasm-opt), typescript".to_owned();
    if npm_ci_cached(&command::node_dir())? {
        Ok(Outcome::Installed(what))
    } else {
        Ok(Outcome::Present(what))
    }
}

/// `npm ci` in `dir` unless its `node_modules` already holds exactly its `package-lock.json`
/// (a stamp file keeps the lockfile it was installed from). Returns whether it installed.
pub fn npm_ci_cached(dir: &Path) -> Result<bool, Error> {
    if !on_path("npm") {
        return Err(Error::Other(
            "npm is missing: install Node.js 20 or later with npm (Debian: `apt-get install -y nodejs npm`)".into(),
        ));
    }
    let lock = read(&dir.join("package-lock.json"))?;
    let stamp = dir.join("node_modules").join(".hashdrop-lock");
    if std::fs::read(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(false);
    }
    command::run(
        cmd("npm")
            .current_dir(dir)
            .args(["ci", "--no-audit", "--no-fund"])
            // puppeteer-core downloads no browser; this keeps it so should a dependency change.
            .env("PUPPETEER_SKIP_DOWNLOAD", "1"),
    )?;
    std::fs::write(&stamp, &lock)
        .map_err(|e| Error::Other(format!("cannot write {}: {e}", stamp.display())))?;
    Ok(true)
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::Other(format!("cannot read {}: {e}", path.display())))
}
