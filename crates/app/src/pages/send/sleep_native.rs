//! Native builds (`cargo test`) never send: a sleep that returns at once and records the waits.

/// The sleep the upload runner uses.
pub fn page_sleep() -> graph::memory::RecordingSleep {
    graph::memory::RecordingSleep::new()
}
