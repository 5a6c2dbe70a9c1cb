//! The transport the page uses: the graph crate's `fetch` transport.

/// A transport for one call from the page.
pub fn page_transport() -> graph::BrowserTransport {
    graph::BrowserTransport::new()
}
