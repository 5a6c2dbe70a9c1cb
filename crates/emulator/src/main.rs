//! `emulator --port 8787 --token T`: run the Graph API emulator on 127.0.0.1.

use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: emulator [--port PORT] [--token TOKEN]");
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut port: u16 = 8787;
    let mut token = String::from("hashdrop-demo-token");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--port", Some(value)) => match value.parse() {
                Ok(parsed) => port = parsed,
                Err(_) => return usage(),
            },
            ("--token", Some(value)) => token = value,
            _ => return usage(),
        }
    }
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
    let app = emulator::router(emulator::Config { token });
    match axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("emulator: {error}");
            ExitCode::FAILURE
        }
    }
}
