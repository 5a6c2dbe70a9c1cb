//! The handle every request gets: the configuration, the state behind one lock, the pending
//! faults, and the trace-id counter.

use crate::Config;
use crate::clock::system_now;
use crate::faults::Fault;
use crate::state::Store;
use crate::wire::RequestLog;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Shared by all requests.
#[derive(Clone)]
pub struct Emulator {
    /// How it was started.
    pub config: Arc<Config>,
    store: Arc<Mutex<Store>>,
    faults: Arc<Mutex<Vec<Fault>>>,
    traces: Arc<AtomicU64>,
    requests: Arc<Mutex<RequestLog>>,
    login_lifetime: Arc<AtomicI64>,
}

impl Emulator {
    /// A handle around `store`.
    pub fn new(config: Config, store: Store) -> Self {
        let login_lifetime = Arc::new(AtomicI64::new(config.login_lifetime));
        Self {
            login_lifetime,
            config: Arc::new(config),
            store: Arc::new(Mutex::new(store)),
            faults: Arc::default(),
            traces: Arc::default(),
            requests: Arc::default(),
        }
    }

    /// The state (a panic elsewhere never makes it unusable: the data stays consistent per call).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The pending faults.
    pub fn faults(&self) -> MutexGuard<'_, Vec<Fault>> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The record of every Graph request received, with its raw body.
    pub fn requests(&self) -> MutexGuard<'_, RequestLog> {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How long a token the login dialog issues lives, in seconds.
    pub fn login_lifetime(&self) -> i64 {
        self.login_lifetime.load(Ordering::Relaxed)
    }

    /// Sets the lifetime of the tokens the login dialog issues from now on.
    pub fn set_login_lifetime(&self, seconds: i64) {
        self.login_lifetime.store(seconds, Ordering::Relaxed);
    }

    /// A fresh `fbtrace_id` (11 characters, like Meta's).
    pub fn trace_id(&self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        let n = self.traces.fetch_add(1, Ordering::Relaxed);
        let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B;
        (0..11)
            .map(|_| {
                let c = ALPHABET[usize::try_from(x % 64).unwrap_or(0)];
                x /= 64;
                x = x.wrapping_add(n.wrapping_mul(31));
                char::from(c)
            })
            .collect()
    }

    /// Saves the state to `--state FILE`, if one was given.
    pub fn persist(&self) {
        if let Some(path) = &self.config.state_file
            && let Err(error) = self.store().save(path)
        {
            eprintln!("emulator: {error}");
        }
    }
}

/// The emulator's clock: the fixed `now` if one is set, else the system clock.
pub fn now(store: &Store) -> i64 {
    store.now.unwrap_or_else(system_now)
}
