//! The browser's wait between retries: `setTimeout`.

/// The sleep the upload runner uses.
pub fn page_sleep() -> graph::BrowserSleep {
    graph::BrowserSleep
}
