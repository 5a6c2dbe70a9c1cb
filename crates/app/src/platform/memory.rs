//! In-memory side effects, for native tests and component tests: nothing is kept across a
//! reload, nothing touches the browser, and everything done can be read back.
//!
//! [`MemoryPlatform`] holds one of each; [`MemoryPlatform::platform`] hands them to the app.

use super::{
    Bodies, Clock, Document, DownloadFailed, Downloads, LocalFile, LocalFuture, LoginWindow,
    PageSleep, PageTransport, Platform, RunningWorker, Storage, UploadProgress, UploadRecords,
    WorkerEvents, WorkerFailed, Workers,
};
use crate::upload_store::StoredUpload;
use crate::worker::pool;
use crate::worker::protocol::{
    CHUNK_BYTES, Collector, FromWorker, Job, PreviewJob, Progress, failure,
};
use graph::memory::{MemoryTransport, RecordingSleep};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

/// `localStorage` in a map.
#[derive(Debug, Default)]
pub struct MemoryStorage {
    items: RefCell<BTreeMap<String, String>>,
    refuses: Cell<bool>,
}

impl MemoryStorage {
    /// Refuse every write from now on (a private window's quota), or accept them again.
    pub fn refuse_writes(&self, refuse: bool) {
        self.refuses.set(refuse);
    }

    /// Everything stored, by key.
    pub fn items(&self) -> BTreeMap<String, String> {
        self.items.borrow().clone()
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) -> bool {
        if self.refuses.get() {
            return false;
        }
        self.items
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        true
    }

    fn remove(&self, key: &str) {
        self.items.borrow_mut().remove(key);
    }
}

/// A page address and document.
#[derive(Debug, Default)]
pub struct MemoryDocument {
    query: RefCell<String>,
    preferred: RefCell<Option<String>>,
    language: RefCell<Option<String>>,
}

impl MemoryDocument {
    /// The page was opened with `query` (`?graph=…`).
    pub fn open_with_query(&self, query: &str) {
        *self.query.borrow_mut() = query.to_owned();
    }

    /// The browser prefers `tag`.
    pub fn prefer_language(&self, tag: &str) {
        *self.preferred.borrow_mut() = Some(tag.to_owned());
    }

    /// What `<html lang>` was last set to.
    pub fn language(&self) -> Option<String> {
        self.language.borrow().clone()
    }
}

impl Document for MemoryDocument {
    fn query(&self) -> String {
        self.query.borrow().clone()
    }

    fn replace_query(&self, query: &str) {
        *self.query.borrow_mut() = query.to_owned();
    }

    fn preferred_language(&self) -> Option<String> {
        self.preferred.borrow().clone()
    }

    fn set_language(&self, tag: &str) {
        *self.language.borrow_mut() = Some(tag.to_owned());
    }
}

/// Upload records in a map of their JSON text (as IndexedDB holds them).
#[derive(Debug, Default)]
pub struct MemoryUploads {
    records: Rc<RefCell<BTreeMap<String, String>>>,
    missing: Cell<bool>,
}

impl MemoryUploads {
    /// Behave like a browser without IndexedDB (private windows in some browsers).
    pub fn make_unavailable(&self) {
        self.missing.set(true);
    }

    /// The stored records, by key.
    pub fn records(&self) -> BTreeMap<String, StoredUpload> {
        self.records
            .borrow()
            .iter()
            .filter_map(|(key, text)| Some((key.clone(), StoredUpload::from_json(text)?)))
            .collect()
    }
}

impl UploadProgress for MemoryUploads {
    fn open(&self) -> LocalFuture<Option<Rc<dyn UploadRecords>>> {
        let opened: Option<Rc<dyn UploadRecords>> = (!self.missing.get()).then(|| {
            Rc::new(OpenRecords {
                records: Rc::clone(&self.records),
            }) as Rc<dyn UploadRecords>
        });
        Box::pin(async move { opened })
    }
}

struct OpenRecords {
    records: Rc<RefCell<BTreeMap<String, String>>>,
}

impl UploadRecords for OpenRecords {
    fn load(&self, key: &str) -> LocalFuture<Option<StoredUpload>> {
        let found = self
            .records
            .borrow()
            .get(key)
            .and_then(|text| StoredUpload::from_json(text));
        Box::pin(async move { found })
    }

    fn save(&self, record: &StoredUpload) -> LocalFuture<bool> {
        self.records
            .borrow_mut()
            .insert(record.key.id(), record.to_json());
        Box::pin(async { true })
    }

    fn delete(&self, key: &str) -> LocalFuture<bool> {
        self.records.borrow_mut().remove(key);
        Box::pin(async { true })
    }
}

/// A clock that stands still until moved, in UTC unless told otherwise.
#[derive(Debug, Default)]
pub struct FixedClock {
    now_ms: Cell<f64>,
    offset_minutes: Cell<i32>,
}

impl FixedClock {
    /// Set the time (Unix milliseconds).
    pub fn set_ms(&self, ms: f64) {
        self.now_ms.set(ms);
    }

    /// Set the local time zone's offset (minutes east of UTC).
    pub fn set_offset_minutes(&self, minutes: i32) {
        self.offset_minutes.set(minutes);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> f64 {
        self.now_ms.get()
    }

    fn utc_offset_minutes(&self, _at_ms: f64) -> i32 {
        self.offset_minutes.get()
    }
}

/// A file offered for download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFile {
    /// Its name.
    pub filename: String,
    /// Its type.
    pub mime: String,
    /// Its content.
    pub text: String,
}

/// Downloads kept in a list.
#[derive(Debug, Default)]
pub struct MemoryDownloads {
    saved: RefCell<Vec<SavedFile>>,
}

impl MemoryDownloads {
    /// Every file offered so far, in order.
    pub fn saved(&self) -> Vec<SavedFile> {
        self.saved.borrow().clone()
    }
}

impl Downloads for MemoryDownloads {
    fn save_text(&self, filename: &str, mime: &str, text: &str) -> Result<(), DownloadFailed> {
        self.saved.borrow_mut().push(SavedFile {
            filename: filename.to_owned(),
            mime: mime.to_owned(),
            text: text.to_owned(),
        });
        Ok(())
    }

    fn save_bodies(
        &self,
        filename: &str,
        mime: &str,
        bodies: &Bodies,
    ) -> Result<(), DownloadFailed> {
        let texts = bodies.texts().ok_or(DownloadFailed::Refused)?;
        let text: String = texts.iter().map(|body| format!("{body}\n")).collect();
        self.save_text(filename, mime, &text)
    }
}

/// The File step's worker, run at once on the calling thread: the same [`Collector`] the
/// browser's worker runs, fed one [`CHUNK_BYTES`] slice at a time, with a progress message per
/// slice; for a file worth sharing among the job's workers, the browser's pool
/// ([`pool::run_in_memory`]).
/// Previews are answered at once too ([`PreviewJob::answer_for`]).
/// Only files held in memory can be read.
#[derive(Debug, Default)]
pub struct MemoryWorkers {
    jobs: RefCell<Vec<Job>>,
    previews: RefCell<Vec<PreviewJob>>,
}

impl MemoryWorkers {
    /// The jobs started so far.
    pub fn jobs(&self) -> Vec<Job> {
        self.jobs.borrow().clone()
    }

    /// The previews started so far.
    pub fn previews(&self) -> Vec<PreviewJob> {
        self.previews.borrow().clone()
    }
}

impl Workers for MemoryWorkers {
    fn start(
        &self,
        file: LocalFile,
        job: &Job,
        mut events: WorkerEvents,
    ) -> Result<RunningWorker, WorkerFailed> {
        let bytes = file.memory().ok_or(WorkerFailed)?;
        self.jobs.borrow_mut().push(job.clone());
        let post = &mut events.on_message;
        if pool::worth_a_pool(bytes.len() as u64, job.workers) {
            let total = bytes.len() as u64;
            let progress = |read, rows| {
                let progress = Progress::measure(read, total, rows, 0.0);
                post(FromWorker::Progress(progress), Bodies::default());
            };
            let message = match pool::run_in_memory(job, bytes, progress) {
                Ok((prepared, bodies)) => (FromWorker::Done(prepared), Bodies::from_texts(bodies)),
                Err(error) => (error.message(), Bodies::default()),
            };
            post(message.0, message.1);
            return Ok(RunningWorker::new(()));
        }
        let mut collector = match Collector::new(job.clone()) {
            Ok(collector) => collector,
            Err(error) => {
                post(failure(&error), Bodies::default());
                return Ok(RunningWorker::new(()));
            }
        };
        let total = bytes.len() as u64;
        let mut bodies = Vec::new();
        let mut read = 0u64;
        for chunk in bytes.chunks(CHUNK_BYTES as usize) {
            if let Err(error) = collector.feed(chunk) {
                post(failure(&error), Bodies::default());
                return Ok(RunningWorker::new(()));
            }
            bodies.extend(collector.take_bodies());
            read += chunk.len() as u64;
            let progress = Progress::measure(read, total, collector.rows(), 0.0);
            post(FromWorker::Progress(progress), Bodies::default());
        }
        match collector.finish() {
            Ok((prepared, rest)) => {
                bodies.extend(rest);
                post(FromWorker::Done(prepared), Bodies::from_texts(bodies));
            }
            Err(error) => post(failure(&error), Bodies::default()),
        }
        Ok(RunningWorker::new(()))
    }

    fn preview(
        &self,
        file: LocalFile,
        job: &PreviewJob,
        mut events: WorkerEvents,
    ) -> Result<RunningWorker, WorkerFailed> {
        let bytes = file.memory().ok_or(WorkerFailed)?;
        self.previews.borrow_mut().push(job.clone());
        (events.on_message)(job.answer_for(bytes), Bodies::default());
        Ok(RunningWorker::new(()))
    }
}

/// What a page does with a login answer handed over by a pop-up.
type AnswerListener = Box<dyn FnMut(String)>;

/// The login windows: the pop-ups opened are listed, an answer is delivered by the test.
#[derive(Default)]
pub struct MemoryLogin {
    fragment: RefCell<String>,
    meta: RefCell<BTreeMap<String, String>>,
    opened: RefCell<Vec<String>>,
    blocks_popups: Cell<bool>,
    opener: Cell<bool>,
    handed: RefCell<Vec<String>>,
    listener: RefCell<Option<AnswerListener>>,
    counter: Cell<u8>,
}

impl std::fmt::Debug for MemoryLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryLogin")
            .field("opened", &self.opened)
            .finish_non_exhaustive()
    }
}

impl MemoryLogin {
    /// The page address has this fragment.
    pub fn open_with_fragment(&self, fragment: &str) {
        *self.fragment.borrow_mut() = fragment.to_owned();
    }

    /// The page has `<meta name="{name}" content="{content}">`.
    pub fn set_meta(&self, name: &str, content: &str) {
        self.meta
            .borrow_mut()
            .insert(name.to_owned(), content.to_owned());
    }

    /// The browser blocks pop-ups (or allows them again).
    pub fn block_popups(&self, block: bool) {
        self.blocks_popups.set(block);
    }

    /// This page was opened by a page of its origin (it is the dialog's pop-up).
    pub fn opened_by_page(&self) {
        self.opener.set(true);
    }

    /// The addresses opened in pop-ups, oldest first.
    pub fn opened(&self) -> Vec<String> {
        self.opened.borrow().clone()
    }

    /// What this page handed to its opener.
    pub fn handed(&self) -> Vec<String> {
        self.handed.borrow().clone()
    }

    /// A pop-up hands `answer` over to this page.
    pub fn deliver(&self, answer: &str) {
        let listener = self.listener.borrow_mut().take();
        if let Some(mut listener) = listener {
            listener(answer.to_owned());
            *self.listener.borrow_mut() = Some(listener);
        }
    }
}

impl LoginWindow for MemoryLogin {
    fn fragment(&self) -> String {
        self.fragment.borrow().clone()
    }

    fn clear_fragment(&self) {
        self.fragment.borrow_mut().clear();
    }

    fn meta(&self, name: &str) -> Option<String> {
        self.meta.borrow().get(name).cloned()
    }

    fn origin(&self) -> String {
        "http://127.0.0.1:8080".to_owned()
    }

    fn random(&self) -> Option<[u8; 16]> {
        // Different each time, as the browser's would be (tests compare states, not values).
        let n = self.counter.get().wrapping_add(1);
        self.counter.set(n);
        Some([n; 16])
    }

    fn open(&self, url: &str) -> bool {
        if self.blocks_popups.get() {
            return false;
        }
        self.opened.borrow_mut().push(url.to_owned());
        true
    }

    fn hand_to_opener(&self, answer: &str) -> bool {
        if !self.opener.get() {
            return false;
        }
        self.handed.borrow_mut().push(answer.to_owned());
        true
    }

    fn listen(&self, on_answer: Box<dyn FnMut(String)>) {
        *self.listener.borrow_mut() = Some(on_answer);
    }
}

/// One in-memory implementation of each side effect, kept so that a test can script and read
/// them back.
#[derive(Debug, Clone, Default)]
pub struct MemoryPlatform {
    /// `localStorage`.
    pub storage: Rc<MemoryStorage>,
    /// The page address and document.
    pub document: Rc<MemoryDocument>,
    /// Upload progress.
    pub uploads: Rc<MemoryUploads>,
    /// The clock.
    pub clock: Rc<FixedClock>,
    /// Downloads.
    pub downloads: Rc<MemoryDownloads>,
    /// The File step's worker.
    pub workers: Rc<MemoryWorkers>,
    /// The login windows.
    pub login: Rc<MemoryLogin>,
    /// The network: scripted answers, recorded requests (every request fails until answers are
    /// pushed).
    pub transport: Rc<MemoryTransport>,
    /// The waits between retries (returns at once, records them).
    pub sleep: Rc<RecordingSleep>,
}

impl MemoryPlatform {
    /// Empty storage, no query, the clock at the Unix epoch.
    pub fn new() -> MemoryPlatform {
        MemoryPlatform::default()
    }

    /// The same, with the clock at `ms` (Unix milliseconds).
    pub fn at_ms(self, ms: f64) -> MemoryPlatform {
        self.clock.set_ms(ms);
        self
    }

    /// The app's view of these.
    pub fn platform(&self) -> Platform {
        Platform {
            storage: self.storage.clone(),
            document: self.document.clone(),
            uploads: self.uploads.clone(),
            clock: self.clock.clone(),
            downloads: self.downloads.clone(),
            workers: self.workers.clone(),
            login: self.login.clone(),
            transport: PageTransport::new(Rc::clone(&self.transport)),
            sleep: PageSleep::new(Rc::clone(&self.sleep)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;

    #[test]
    fn storage_keeps_text_until_removed_and_can_refuse() {
        let memory = MemoryPlatform::new();
        let storage = memory.platform().storage;
        assert!(storage.set("a", "1"));
        assert_eq!(storage.get("a").as_deref(), Some("1"));
        storage.remove("a");
        assert_eq!(storage.get("a"), None);
        memory.storage.refuse_writes(true);
        assert!(!storage.set("a", "2"));
        assert!(memory.storage.items().is_empty());
    }

    #[test]
    fn the_worker_previews_a_rule_on_a_file_held_in_memory() {
        let memory = MemoryPlatform::new();
        let job = PreviewJob {
            rule: r#"{"event_name":{"eq":"Lead"}}"#.into(),
            event_name: "Lead".into(),
        };
        let csv = "email,event_time\nA@Example.com,2026-11-19T10:00:00Z\n,2026-11-19T10:00:00Z\n";
        let messages = Rc::new(RefCell::new(Vec::new()));
        let seen = Rc::clone(&messages);
        let started = memory.platform().workers.preview(
            LocalFile::in_memory("sales.csv", csv.as_bytes().to_vec()),
            &job,
            WorkerEvents {
                on_message: Box::new(move |message, _| seen.borrow_mut().push(message)),
                on_error: Box::new(|| {}),
            },
        );
        assert!(started.is_ok());
        assert_eq!(memory.workers.previews(), vec![job]);
        let messages = messages.take();
        let [FromWorker::Previewed(preview)] = messages.as_slice() else {
            panic!("one preview: {messages:?}");
        };
        assert_eq!((preview.rows, preview.rejected, preview.matched), (2, 1, 1));
        assert_eq!(preview.listed[0].row, 1);
    }

    #[test]
    fn the_worker_prepares_a_file_held_in_memory() {
        let memory = MemoryPlatform::new();
        let mut settings = events::Settings::new(1_795_132_800);
        settings.event_name = Some("Lead".into());
        settings.file = Some(events::settings::FileInfo {
            name: "sales.csv".into(),
            size: 0,
        });
        let job = Job::new(settings);
        let csv = "email,event_time\nA@Example.com,2026-11-19T10:00:00Z\nnot-an-email,2026-11-19T10:00:00Z\n";
        let messages = Rc::new(RefCell::new(Vec::new()));
        let seen = Rc::clone(&messages);
        let started = memory.platform().workers.start(
            LocalFile::in_memory("sales.csv", csv.as_bytes().to_vec()),
            &job,
            WorkerEvents {
                on_message: Box::new(move |message, bodies| {
                    seen.borrow_mut().push((message, bodies.len()))
                }),
                on_error: Box::new(|| {}),
            },
        );
        assert!(started.is_ok());
        let messages = messages.borrow();
        assert!(matches!(messages[0].0, FromWorker::Progress(_)));
        let Some((FromWorker::Done(prepared), bodies)) = messages.last() else {
            panic!("no Done: {messages:?}");
        };
        assert_eq!(prepared.summary.accepted, 1, "{:?}", prepared.rejected);
        assert_eq!(prepared.summary.rejected, 1);
        assert_eq!(*bodies, 1);
        assert_eq!(memory.workers.jobs().len(), 1);
    }

    #[test]
    fn upload_records_survive_between_openings_unless_unavailable() {
        let memory = MemoryPlatform::new();
        let uploads = memory.platform().uploads;
        assert!(block_on(uploads.open()).is_some());
        memory.uploads.make_unavailable();
        assert!(block_on(uploads.open()).is_none());
    }

    #[test]
    fn downloads_are_kept_with_their_names() {
        let memory = MemoryPlatform::new();
        let downloads = memory.platform().downloads;
        assert_eq!(downloads.save_text("a.csv", "text/csv", "x,y\n"), Ok(()));
        let bodies = Bodies::from_texts(vec!["{\"a\":1}".into(), "{\"b\":2}".into()]);
        assert_eq!(
            downloads.save_bodies("a.ndjson", "application/x-ndjson", &bodies),
            Ok(())
        );
        let saved = memory.downloads.saved();
        assert_eq!(saved[0].filename, "a.csv");
        assert_eq!(saved[1].text, "{\"a\":1}\n{\"b\":2}\n");
    }
}
