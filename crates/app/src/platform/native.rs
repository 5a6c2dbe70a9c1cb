//! Native builds (`cargo test`): the in-memory platform. The network fails every call as
//! unreachable, the waits return at once.

use super::Platform;
use super::memory::MemoryPlatform;

/// The in-memory platform.
pub fn platform() -> Platform {
    MemoryPlatform::new().platform()
}

/// Natively there is no worker scope to serve: the worker binary does nothing.
pub fn serve_worker() {}

/// Natively there is no page: the site sits at the root.
pub fn page_base() -> String {
    String::new()
}
