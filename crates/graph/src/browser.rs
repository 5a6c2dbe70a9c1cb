//! The browser side effects: [`BrowserTransport`] over `fetch` (gloo-net) with a timeout and
//! `AbortController` cancellation, and [`BrowserSleep`] over `setTimeout`. The only module of
//! the crate that touches JavaScript.

use crate::error::TransportError;
use crate::http::{HttpRequest, HttpResponse, Method, Sleep, Transport};
use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use web_sys::AbortController;

type InFlight = Rc<RefCell<Vec<(u64, AbortController)>>>;

/// Sends requests with `fetch`. Clone it freely: clones share the in-flight requests, so a
/// [`CancelHandle`] from any clone cancels them all.
#[derive(Debug, Clone, Default)]
pub struct BrowserTransport {
    in_flight: InFlight,
    next_id: Rc<Cell<u64>>,
}

/// Cancels every request in flight on its transport (the "Cancel" button).
#[derive(Debug, Clone)]
pub struct CancelHandle {
    in_flight: InFlight,
}

impl CancelHandle {
    /// Abort every request in flight; each fails with [`TransportError::Cancelled`].
    pub fn cancel(&self) {
        for (_, controller) in self.in_flight.borrow_mut().drain(..) {
            controller.abort();
        }
    }
}

impl BrowserTransport {
    /// A transport with nothing in flight.
    pub fn new() -> Self {
        BrowserTransport::default()
    }

    /// A handle that cancels this transport's requests.
    pub fn cancel_handle(&self) -> CancelHandle {
        CancelHandle {
            in_flight: Rc::clone(&self.in_flight),
        }
    }

    async fn fetch(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let controller = AbortController::new().map_err(|_| TransportError::Network {
            detail: "this browser has no AbortController".to_owned(),
        })?;
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        self.in_flight.borrow_mut().push((id, controller.clone()));
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let controller = controller.clone();
            let timed_out = Rc::clone(&timed_out);
            let millis = u32::try_from(request.timeout_ms).unwrap_or(u32::MAX);
            Timeout::new(millis, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let signal = controller.signal();
        let result = send(&request, &signal).await;
        // Dropping the timer clears it; the request is no longer cancellable.
        drop(timer);
        self.in_flight
            .borrow_mut()
            .retain(|(other, _)| *other != id);
        result.map_err(|detail| {
            if timed_out.get() {
                TransportError::Timeout {
                    after_ms: request.timeout_ms,
                }
            } else if signal.aborted() {
                TransportError::Cancelled
            } else {
                TransportError::Network { detail }
            }
        })
    }
}

async fn send(
    request: &HttpRequest,
    signal: &web_sys::AbortSignal,
) -> Result<HttpResponse, String> {
    let method = match request.method {
        Method::Get => FetchMethod::GET,
        Method::Post => FetchMethod::POST,
        Method::Delete => FetchMethod::DELETE,
    };
    let mut builder = RequestBuilder::new(&request.url)
        .method(method)
        .abort_signal(Some(signal));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match &request.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    }
    .map_err(|error| error.to_string())?;
    let response = built.send().await.map_err(|error| error.to_string())?;
    let status = response.status();
    let headers = response.headers().entries().collect();
    let body = response.text().await.map_err(|error| error.to_string())?;
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

impl Transport for BrowserTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        self.fetch(request)
    }
}

/// Waits with `setTimeout`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserSleep;

impl Sleep for BrowserSleep {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        gloo_timers::future::TimeoutFuture::new(u32::try_from(ms).unwrap_or(u32::MAX))
    }
}
