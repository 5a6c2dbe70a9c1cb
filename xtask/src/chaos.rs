//! `cargo xtask chaos [--seed N] [--events N]`: the chaos run of issue 15 (item 6). At least
//! 50,000 events go through graph's upload runner, natively over real HTTP, to an in-process
//! emulator under a seeded random schedule of every fault it injects and one token that expires
//! mid-run and is replaced; then every event is checked in the emulator by `event_id`. The run
//! itself is `crates/cli/examples/chaos.rs` (over `crates/cli/tests/support/chaos.rs`, which a
//! short seeded schedule also runs as a test): xtask only builds and starts it, so xtask keeps
//! no dependency of its own.

use crate::command::{Error, cmd, run as run_command};

/// Run the chaos example with `args` (`--seed N`, `--events N`).
pub fn run(args: &[String]) -> Result<(), Error> {
    let mut command = cmd("cargo");
    command.args([
        "run",
        "--quiet",
        "--package",
        "hashdrop-cli",
        "--example",
        "chaos",
        "--",
    ]);
    command.args(args);
    run_command(&mut command)
}
