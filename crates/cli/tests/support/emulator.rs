//! The Graph API emulator in-process on a free port, and its control API (called with the
//! graph crate's native transport, which sends any request as given).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use graph::{HttpRequest, Method, NativeTransport, Transport};
use serde_json::Value;

/// The token the test emulator allows everything.
pub const TOKEN: &str = "EAAtest-cli-token-0123456789";
/// The emulator's clock and the settings' `now` (the sample's events fall in its window).
pub const NOW: i64 = 1_795_132_800;
/// The emulator's seeded dataset.
pub const DATASET: &str = "400000000000004";
/// An emulator on 127.0.0.1, for the test's life.
pub struct Emulator {
    /// Its base URL.
    pub url: String,
}

impl Emulator {
    /// Start one (its own runtime on its own thread).
    pub fn start() -> Emulator {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                sender.send(listener.local_addr().unwrap()).unwrap();
                let app = emulator::router(emulator::Config::new(TOKEN).with_now(NOW));
                axum::serve(listener, app).await.unwrap();
            });
        });
        let address = receiver.recv().unwrap();
        Emulator {
            url: format!("http://{address}"),
        }
    }

    /// Call the control API (`/__emulator/<path>`) and return its JSON answer.
    pub fn control(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let request = HttpRequest {
            method,
            url: format!("{}/__emulator/{path}", self.url),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.map(|b| b.to_string()),
            timeout_ms: 120_000,
        };
        let response =
            futures_executor::block_on(NativeTransport::with_proxy(None).send(request)).unwrap();
        assert!(response.status < 300, "{path}: {}", response.body);
        serde_json::from_str(&response.body).unwrap_or(Value::Null)
    }

    /// Queue a fault (`/__emulator/faults`).
    pub fn fault(&self, fault: Value) {
        self.control(Method::Post, "faults", Some(fault));
    }

    /// Clear the pending faults.
    pub fn clear_faults(&self) {
        self.control(Method::Delete, "faults", None);
    }

    /// What arrived at the dataset: `{ data, received, unique, duplicates }`.
    pub fn events(&self) -> Value {
        self.control(Method::Get, &format!("events?target={DATASET}"), None)
    }

    /// Events received (duplicates included) and duplicates, at the dataset.
    pub fn counts(&self) -> (u64, u64) {
        let events = self.events();
        (
            events["received"].as_u64().unwrap(),
            events["duplicates"].as_u64().unwrap(),
        )
    }

    /// How many times each event id arrived at the dataset.
    pub fn arrivals(&self) -> std::collections::BTreeMap<String, u64> {
        let mut arrivals = std::collections::BTreeMap::new();
        for event in self.events()["data"].as_array().unwrap() {
            let id = event["event_id"].as_str().unwrap().to_owned();
            *arrivals.entry(id).or_insert(0) += 1;
        }
        arrivals
    }
}
