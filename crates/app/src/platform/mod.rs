//! Everything the app asks of the browser, behind traits: storage (`localStorage`), the page
//! document and address, upload progress (IndexedDB), the clock, downloads, the File step's
//! worker, and the network and waits the Graph client uses.
//!
//! [`Platform`] bundles one implementation of each. The browser's are in `browser/`; the
//! in-memory ones in [`memory`] make models and pages testable natively (and in component tests,
//! where nothing may touch the real storage). The host's platform is chosen here, once, with the
//! only `cfg(target_arch)` of the app: [`Platform::host`] is the browser's in wasm32 builds and
//! the in-memory one natively.

mod bodies;
mod file;
pub mod memory;
mod network;

// The platform is chosen here, once: the browser's, or the in-memory one natively.
#[cfg(target_arch = "wasm32")]
#[path = "browser/mod.rs"]
mod host;
#[cfg(not(target_arch = "wasm32"))]
#[path = "native.rs"]
mod host;

pub use bodies::Bodies;
pub use file::LocalFile;
pub use host::{page_base, serve_worker};
pub use network::{PageSleep, PageTransport};

use crate::upload_store::StoredUpload;
use crate::worker::protocol::{FromWorker, Job, PreviewJob};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A future run on the page's single thread.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Key-value text kept across reloads (`localStorage`). Storage can be missing or refuse writes
/// (private windows, quotas): reads then find nothing and writes say `false`.
pub trait Storage {
    /// The text stored under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Store `value` under `key`; whether it was stored.
    fn set(&self, key: &str, value: &str) -> bool;
    /// Remove `key` (nothing when it is absent).
    fn remove(&self, key: &str);
}

/// The page itself: its address and its document.
pub trait Document {
    /// The page address's query string (`?…`, or empty).
    fn query(&self) -> String;
    /// Replace the address's query (keeping path and hash) without reloading or adding a history
    /// entry.
    fn replace_query(&self, query: &str);
    /// The browser's preferred language tag (`en-US`, `zh-CN`, …).
    fn preferred_language(&self) -> Option<String>;
    /// Set `<html lang>`.
    fn set_language(&self, tag: &str);
}

/// The windows of "Log in with Facebook" (see [`crate::login`]): the dialog's pop-up, and the
/// pop-up's way back to the page that opened it.
pub trait LoginWindow {
    /// The page address's fragment (`#…`, or empty).
    fn fragment(&self) -> String;
    /// Remove the fragment from the address, without reloading or adding a history entry.
    fn clear_fragment(&self);
    /// The `content` of the page's `<meta name="{name}">`.
    fn meta(&self, name: &str) -> Option<String>;
    /// The page's origin (`https://example.org`).
    fn origin(&self) -> String;
    /// 16 bytes from the browser's cryptographic generator (`None` without one).
    fn random(&self) -> Option<[u8; 16]>;
    /// Open `url` in a pop-up window; `false` when the browser blocked it.
    fn open(&self, url: &str) -> bool;
    /// Hand `answer` (the dialog's answer: the address's query, `#` and fragment) to the pages of
    /// this origin (the one that opened this pop-up takes it) and close this window where the
    /// browser lets it; `false` when it cannot be handed over.
    fn hand_to_opener(&self, answer: &str) -> bool;
    /// Call `on_answer` with every answer a pop-up of this origin hands over.
    fn listen(&self, on_answer: Box<dyn FnMut(String)>);
}

/// Upload progress kept across reloads (IndexedDB): [`UploadProgress::open`] gives the records,
/// or `None` when the browser has no database to give (the upload then runs without resume).
pub trait UploadProgress {
    /// Open (on first use create) the records.
    fn open(&self) -> LocalFuture<Option<Rc<dyn UploadRecords>>>;
}

/// Open upload records, one per [`crate::upload_store::UploadKey::id`].
pub trait UploadRecords {
    /// The record stored under `key`, if any.
    fn load(&self, key: &str) -> LocalFuture<Option<StoredUpload>>;
    /// Write `record`: the write is queued before this returns, so writes land in call order;
    /// the future says whether it was committed.
    fn save(&self, record: &StoredUpload) -> LocalFuture<bool>;
    /// Remove the record under `key`; the future says whether it was done.
    fn delete(&self, key: &str) -> LocalFuture<bool>;
}

/// The time.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// The local time zone's offset from UTC at `at_ms`, in minutes east of Greenwich (+480 in
    /// Beijing).
    fn utc_offset_minutes(&self, at_ms: f64) -> i32;
}

/// Why a download could not be offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DownloadFailed {
    /// The page has no document to click a link in.
    NoDocument,
    /// The browser refused to make the file (a body could not be kept, say).
    Refused,
}

/// Files offered to the person (saved by the browser, never uploaded).
pub trait Downloads {
    /// Offer `text` as a file named `filename` of type `mime`.
    fn save_text(&self, filename: &str, mime: &str, text: &str) -> Result<(), DownloadFailed>;
    /// Offer every body followed by a newline (NDJSON), exactly as each would be posted, as a
    /// file named `filename` of type `mime`. The browser joins the bodies' blobs, so nothing is
    /// copied into the page.
    fn save_bodies(
        &self,
        filename: &str,
        mime: &str,
        bodies: &Bodies,
    ) -> Result<(), DownloadFailed>;
}

/// What a worker reports to the page.
pub struct WorkerEvents {
    /// Every message, with the bodies of `Done` (none with the others).
    pub on_message: Box<dyn FnMut(FromWorker, Bodies)>,
    /// The worker could not load or run.
    pub on_error: Box<dyn FnMut()>,
}

/// The worker could not be started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerFailed;

/// A running worker; dropping it stops the worker.
pub struct RunningWorker(#[allow(dead_code)] Box<dyn std::any::Any>);

impl RunningWorker {
    /// A handle that stops whatever `running` holds when dropped.
    pub fn new(running: impl std::any::Any) -> RunningWorker {
        RunningWorker(Box::new(running))
    }
}

impl std::fmt::Debug for RunningWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RunningWorker")
    }
}

/// The File step's worker: reads a file, prepares it and reports (see
/// [`crate::worker::protocol`]); the same worker previews a custom conversion's rule on a file.
pub trait Workers {
    /// The machine's logical cores (`navigator.hardwareConcurrency`), for the number of
    /// workers ([`crate::worker::pool::workers_for_cores`]).
    fn cores(&self) -> usize {
        1
    }

    /// Prepare `file` for `job`; messages arrive through `events` until the worker is dropped.
    fn start(
        &self,
        file: LocalFile,
        job: &Job,
        events: WorkerEvents,
    ) -> Result<RunningWorker, WorkerFailed>;

    /// Preview `job`'s rule on `file`, read chunk by chunk in the worker: `events` hears one
    /// [`FromWorker::Previewed`] or [`FromWorker::PreviewFailed`] (or [`FromWorker::Failed`]
    /// when the file cannot be read), unless the worker is dropped first.
    fn preview(
        &self,
        file: LocalFile,
        job: &PreviewJob,
        events: WorkerEvents,
    ) -> Result<RunningWorker, WorkerFailed>;
}

/// One implementation of each side effect. Cheap to clone (shared).
#[derive(Clone)]
pub struct Platform {
    /// `localStorage`.
    pub storage: Rc<dyn Storage>,
    /// The page address and document.
    pub document: Rc<dyn Document>,
    /// Upload progress (IndexedDB).
    pub uploads: Rc<dyn UploadProgress>,
    /// The time.
    pub clock: Rc<dyn Clock>,
    /// Files offered to the person.
    pub downloads: Rc<dyn Downloads>,
    /// The File step's worker.
    pub workers: Rc<dyn Workers>,
    /// The login dialog's windows.
    pub login: Rc<dyn LoginWindow>,
    /// The network the Graph client sends through.
    pub transport: PageTransport,
    /// The waits between retries.
    pub sleep: PageSleep,
}

impl Platform {
    /// The platform the app runs on: the browser's in wasm32 builds, in-memory natively.
    pub fn host() -> Platform {
        host::platform()
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> f64 {
        self.clock.now_ms()
    }

    /// The current time in Unix seconds.
    pub fn now_seconds(&self) -> i64 {
        (self.clock.now_ms() / 1000.0).floor() as i64
    }

    /// Today's date in the local time zone, `YYYY-MM-DD`.
    pub fn local_today(&self) -> String {
        let now = self.clock.now_ms();
        local_date(now, self.clock.utc_offset_minutes(now))
    }
}

impl std::fmt::Debug for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Platform")
    }
}

/// The date (`YYYY-MM-DD`) of the instant `ms` (Unix milliseconds) at `offset_minutes` east of
/// UTC.
pub fn local_date(ms: f64, offset_minutes: i32) -> String {
    let (Ok(at), Ok(offset)) = (
        jiff::Timestamp::from_millisecond(ms as i64),
        jiff::tz::Offset::from_seconds(offset_minutes.saturating_mul(60)),
    ) else {
        return String::new();
    };
    offset.to_datetime(at).date().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_date_follows_the_offset() {
        // 2026-12-07T20:30:00Z
        let ms = 1_796_675_400_000.0;
        assert_eq!(local_date(ms, 0), "2026-12-07");
        assert_eq!(
            local_date(ms, 480),
            "2026-12-08",
            "Beijing is past midnight"
        );
        assert_eq!(local_date(ms, -600), "2026-12-07");
        assert_eq!(local_date(0.0, -60), "1969-12-31");
    }

    #[test]
    fn a_memory_platform_reports_its_fixed_clock() {
        let platform = memory::MemoryPlatform::new().at_ms(1_796_675_400_000.0);
        let platform = platform.platform();
        assert_eq!(platform.now_seconds(), 1_796_675_400);
        assert_eq!(platform.local_today(), "2026-12-07");
    }
}
