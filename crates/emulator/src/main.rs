//! `emulator [--port 8787] [--token T] [--state FILE] [--origin URL]... [--now UNIX] [--strict-cors]
//! [--login-lifetime SECONDS]`:
//! run the Graph API emulator on 127.0.0.1 (`--strict-cors` refuses every CORS preflight). The first line printed names its URL (`cargo xtask serve`
//! reads it).

use std::process::ExitCode;

const USAGE: &str = "usage: emulator [--port PORT] [--token TOKEN] [--state FILE] [--origin URL]... [--now UNIX_SECONDS] [--strict-cors] [--login-lifetime SECONDS]";

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// A token for this run when none is given: unguessable enough for a local demo.
fn generated_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mixed = (nanos ^ (u128::from(std::process::id()) << 64))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
    format!("hashdrop-demo-{:016x}", (mixed >> 32) as u64)
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut port: u16 = 8787;
    let mut token = None;
    let mut config = emulator::Config::new("");
    let mut origins = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        if arg == "--strict-cors" {
            config = config.with_strict_cors(true);
            continue;
        }
        let Some(value) = args.next() else {
            return usage();
        };
        match arg.as_str() {
            "--port" => match value.parse() {
                Ok(parsed) => port = parsed,
                Err(_) => return usage(),
            },
            "--token" => token = Some(value),
            "--state" => config = config.with_state_file(value),
            "--origin" => origins.push(value),
            "--login-lifetime" => match value.parse() {
                Ok(seconds) if seconds > 0 => config = config.with_login_lifetime(seconds),
                _ => return usage(),
            },
            "--now" => match value.parse() {
                Ok(now) => config = config.with_now(now),
                Err(_) => return usage(),
            },
            _ => return usage(),
        }
    }
    let generated = token.is_none();
    config.token = token.unwrap_or_else(generated_token);
    let config = config.with_origins(origins);
    let token = config.token.clone();
    let app = match emulator::try_router(config) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("emulator: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    println!("Graph API emulator listening on http://{address} (token: {token})");
    if generated {
        println!("  generated demo token: {token}");
    }
    println!(
        "  seeded: business {}, ad account act_{}, dataset {}, ad {}",
        emulator::state::BUSINESS_ID,
        emulator::state::AD_ACCOUNT_ID,
        emulator::state::DATASET_ID,
        emulator::state::AD_ID
    );
    match axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("emulator: {error}");
            ExitCode::FAILURE
        }
    }
}
