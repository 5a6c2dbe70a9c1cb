//! The network and the waits the Graph client uses, as values a [`super::Platform`] can hold:
//! graph's `Transport` and `Sleep` return `impl Future`, so they cannot be trait objects; these
//! adapters box the futures.

use graph::{HttpRequest, HttpResponse, Sleep, Transport, TransportError};
use std::rc::Rc;

use super::LocalFuture;

/// graph's [`Transport`], object-safe.
trait SendRequest {
    fn send_boxed(&self, request: HttpRequest)
    -> LocalFuture<Result<HttpResponse, TransportError>>;
}

impl<T: Transport + 'static> SendRequest for Rc<T> {
    fn send_boxed(
        &self,
        request: HttpRequest,
    ) -> LocalFuture<Result<HttpResponse, TransportError>> {
        let transport = Rc::clone(self);
        Box::pin(async move { transport.send(request).await })
    }
}

/// The transport every Graph call of the page goes through. Cheap to clone (shared).
#[derive(Clone)]
pub struct PageTransport(Rc<dyn SendRequest>);

impl PageTransport {
    /// Send through `transport` (kept shared: a test reads back what its script recorded).
    pub fn new<T: Transport + 'static>(transport: Rc<T>) -> PageTransport {
        PageTransport(Rc::new(transport))
    }
}

impl Transport for PageTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        self.0.send_boxed(request)
    }
}

impl std::fmt::Debug for PageTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageTransport")
    }
}

/// graph's [`Sleep`], object-safe.
trait Wait {
    fn sleep_boxed(&self, ms: u64) -> LocalFuture<()>;
}

impl<S: Sleep + 'static> Wait for Rc<S> {
    fn sleep_boxed(&self, ms: u64) -> LocalFuture<()> {
        let sleep = Rc::clone(self);
        Box::pin(async move { sleep.sleep(ms).await })
    }
}

/// The waits between retries. Cheap to clone (shared).
#[derive(Clone)]
pub struct PageSleep(Rc<dyn Wait>);

impl PageSleep {
    /// Wait with `sleep` (kept shared: a test reads back the waits it recorded).
    pub fn new<S: Sleep + 'static>(sleep: Rc<S>) -> PageSleep {
        PageSleep(Rc::new(sleep))
    }
}

impl Sleep for PageSleep {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        self.0.sleep_boxed(ms)
    }
}

impl std::fmt::Debug for PageSleep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageSleep")
    }
}
