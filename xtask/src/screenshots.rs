//! `cargo xtask screenshots`: build the app, start the emulator, and save a headless-Chromium
//! screenshot of every screen into `docs/screenshots/` (`tests/e2e/screenshots.mjs`).

use crate::command::{self, Error, cmd};
use crate::serve;

/// The token the screenshots connect with.
const TOKEN: &str = "screenshot-token";

/// Regenerate `docs/screenshots/*.png`.
pub fn run() -> Result<(), Error> {
    serve::build_app()?;
    let emulator = serve::start_emulator(0, TOKEN)?;
    let app = serve::serve_app(0)?;
    let script = command::root()
        .join("tests")
        .join("e2e")
        .join("screenshots.mjs");
    command::run(
        cmd("node")
            .arg(script)
            .env("HASHDROP_APP_URL", &app)
            .env("HASHDROP_EMULATOR_URL", &emulator.url)
            .env("HASHDROP_TOKEN", TOKEN),
    )
}
