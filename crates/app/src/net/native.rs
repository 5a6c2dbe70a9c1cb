//! Native builds (`cargo test`) never reach the network: an empty in-memory transport, whose
//! every call fails as unreachable.

/// A transport for one call from the page.
pub fn page_transport() -> graph::memory::MemoryTransport {
    graph::memory::MemoryTransport::new()
}
