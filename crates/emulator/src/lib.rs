#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod auth;
pub mod clock;
mod control;
pub mod cors;
pub mod dedup;
pub mod error;
pub mod faults;
pub mod fields;
pub mod oauth;
pub mod request;
pub mod routes;
mod shared;
pub mod state;
pub mod validate;
pub mod wire;

use axum::{Router, middleware};
use std::path::PathBuf;

pub use error::GraphError;
pub use state::{StateFileError, Store};

/// The most events one Conversions API request may carry.
pub const CAPI_BATCH_LIMIT: usize = 1_000;
/// The most events one Offline Conversions API request may carry.
pub const OCAPI_BATCH_LIMIT: usize = 2_000;

/// What the emulator is started with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The access token that is allowed everything.
    pub token: String,
    /// Origins allowed by CORS; empty = any `http://127.0.0.1:*` and `http://localhost:*`.
    pub origins: Vec<String>,
    /// Load the state from this file at start and save it after every change.
    pub state_file: Option<PathBuf>,
    /// A fixed clock (Unix seconds) instead of the system clock.
    pub now: Option<i64>,
    /// Refuse every CORS preflight, so that a browser call that needs one fails (Graph is not
    /// known to allow any header in a preflight; the app's calls are "simple" requests).
    pub strict_cors: bool,
    /// How long a token issued by the login dialog (`/dialog/oauth`) lives, in seconds of the
    /// emulator's clock.
    pub login_lifetime: i64,
}

impl Config {
    /// A configuration with `token` allowed everything and the defaults for the rest.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            origins: Vec::new(),
            state_file: None,
            now: None,
            strict_cors: false,
            login_lifetime: oauth::DEFAULT_LOGIN_LIFETIME,
        }
    }

    /// Allows these CORS origins (instead of any local one).
    pub fn with_origins(mut self, origins: Vec<String>) -> Self {
        self.origins = origins;
        self
    }

    /// Keeps the state in `path`.
    pub fn with_state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Refuses every CORS preflight (`--strict-cors`).
    pub fn with_strict_cors(mut self, strict: bool) -> Self {
        self.strict_cors = strict;
        self
    }

    /// Login tokens issued by the dialog live `seconds` (`--login-lifetime`).
    pub fn with_login_lifetime(mut self, seconds: i64) -> Self {
        self.login_lifetime = seconds;
        self
    }

    /// Fixes the clock at `now` (Unix seconds).
    pub fn with_now(mut self, now: i64) -> Self {
        self.now = Some(now);
        self
    }
}

/// The emulator's routes; a state file that cannot be read is reported and replaced by the seeds.
pub fn router(config: Config) -> Router {
    match try_router(config.clone()) {
        Ok(router) => router,
        Err(error) => {
            eprintln!("emulator: {error}; starting from the seeded state");
            build(config.clone(), fresh_store(&config))
        }
    }
}

/// The emulator's routes, failing when `--state FILE` exists but cannot be loaded.
pub fn try_router(config: Config) -> Result<Router, StateFileError> {
    let store = match &config.state_file {
        Some(path) if path.exists() => {
            let mut store = Store::load(path)?;
            if config.now.is_some() {
                store.now = config.now;
            }
            store
        }
        _ => fresh_store(&config),
    };
    Ok(build(config, store))
}

/// The seeded state for `config` (its clock set).
pub fn fresh_store(config: &Config) -> Store {
    let now = config.now.unwrap_or_else(clock::system_now);
    let mut store = Store::seeded(now);
    store.now = config.now;
    store
}

fn build(config: Config, store: Store) -> Router {
    let emulator = shared::Emulator::new(config, store);
    let cors = cors::layer(&emulator.config.origins);
    let strict = emulator.config.strict_cors;
    // Outermost first: strict preflight refusal, CORS, the wire record, faults, the routes.
    let dialog = axum::routing::get(oauth::consent).post(oauth::decide);
    let router = Router::new()
        .nest("/__emulator", control::routes())
        .route("/dialog/oauth", dialog.clone())
        .route("/{version}/dialog/oauth", dialog)
        .fallback(routes::graph)
        .layer(middleware::from_fn_with_state(
            emulator.clone(),
            faults::apply,
        ))
        .layer(middleware::from_fn_with_state(
            emulator.clone(),
            wire::record,
        ))
        .layer(cors);
    let router = if strict {
        router.layer(middleware::from_fn(cors::refuse_preflight))
    } else {
        router
    };
    router.with_state(emulator)
}
