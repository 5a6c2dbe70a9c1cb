//! In-memory side effects for native tests: a scripted [`MemoryTransport`] that records every
//! request, and a [`RecordingSleep`] that returns at once and records the delays.

use crate::error::TransportError;
use crate::http::{HttpRequest, HttpResponse, Sleep, Transport};
use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Mutex, PoisonError};

/// Answers scripted responses in order, and records the requests.
#[derive(Debug, Default)]
pub struct MemoryTransport {
    script: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    requests: Mutex<Vec<HttpRequest>>,
}

impl MemoryTransport {
    /// An empty script: every request fails with a network error until responses are pushed.
    pub fn new() -> Self {
        MemoryTransport::default()
    }

    /// Queue a response with `status` and a JSON `body`.
    pub fn respond(&self, status: u16, body: &str) -> &Self {
        self.respond_with_headers(status, &[], body)
    }

    /// Queue a response with headers.
    pub fn respond_with_headers(&self, status: u16, headers: &[(&str, &str)], body: &str) -> &Self {
        self.push(Ok(HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.to_owned(),
        }))
    }

    /// Queue a transport failure.
    pub fn fail(&self, error: TransportError) -> &Self {
        self.push(Err(error))
    }

    fn push(&self, answer: Result<HttpResponse, TransportError>) -> &Self {
        self.script
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(answer);
        self
    }

    /// Every request sent so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many scripted answers are left.
    pub fn pending(&self) -> usize {
        self.script
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Transport for MemoryTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request);
        let answer = self
            .script
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
            .unwrap_or_else(|| {
                Err(TransportError::Network {
                    detail: "the in-memory script is empty".to_owned(),
                })
            });
        std::future::ready(answer)
    }
}

/// Never waits; remembers how long it was asked to.
#[derive(Debug, Default)]
pub struct RecordingSleep {
    delays: Mutex<Vec<u64>>,
}

impl RecordingSleep {
    /// A sleep that has not slept yet.
    pub fn new() -> Self {
        RecordingSleep::default()
    }

    /// Every delay asked for, in order.
    pub fn delays(&self) -> Vec<u64> {
        self.delays
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        self.delays
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(ms);
        std::future::ready(())
    }
}
