#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod atomic;
mod check;
mod cli;
mod config;
mod exit;
mod input;
mod pool;
mod prepare;
mod progress;
mod state;
mod token;
mod upload;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version print to standard output and succeed.
            let code = if error.use_stderr() {
                exit::USAGE
            } else {
                exit::DONE
            };
            let _ = error.print();
            return exit::exit(code);
        }
    };
    let result = match &cli.command {
        cli::Command::Check {
            input,
            report,
            json,
        } => check::run(input, report.as_deref(), *json),
        cli::Command::Prepare { input, output } => prepare::run(input, output.as_deref()),
        cli::Command::Upload(upload) => upload::run(upload),
    };
    match result {
        Ok(code) => exit::exit(code),
        Err(error) => {
            eprintln!("hashdrop: {error}");
            exit::exit(error.exit_code())
        }
    }
}
