//! A resumable upload plan: which batches of which file Meta has accepted.
//!
//! A file is identified by name, size and the SHA-256 of its bytes (computed while streaming).
//! Batches are deterministic (same file, same settings: same bodies), so resuming is streaming
//! the file again and sending only the batches [`UploadPlan::should_send`] allows. A batch is
//! recognized by its index *and* the digest of its body, so a changed file or changed settings
//! never skip a batch that was not sent.
//!
//! A batch sent without some of its events (Graph rejected them and the upload skipped them)
//! is still recorded under the digest of the body the file produced, with the rows left out
//! beside it: resuming streams the file again, gets that same body, finds it accepted and sends
//! nothing, and the report still lists the skipped rows with Graph's reasons.

use serde::{Deserialize, Serialize};

use crate::batch::Batch;
use crate::report::SkippedRow;
use crate::settings::Settings;

/// SHA-256 of `settings`' JSON with `now` left out, for [`batch_digest`]: `now` moves between
/// two sessions of one upload, and what it changes (which rows are inside the time window)
/// shows in the rows.
pub fn settings_fingerprint(settings: &Settings) -> [u8; 32] {
    use sha2::Digest;
    let mut timeless = settings.clone();
    timeless.now = 0;
    let json = serde_json::to_string(&timeless).unwrap_or_default();
    sha2::Sha256::digest(json.as_bytes()).into()
}

/// The resume digest of batch `index` holding the data rows `rows`, prepared with the settings
/// whose [`settings_fingerprint`] is `settings`.
///
/// A resumed upload skips a batch only when the same rows of the same file (the upload is
/// keyed by the file's name, size and content hash) were accepted with the same settings, so
/// an event is never lost (a batch whose rows changed is sent) nor sent twice. Hashing the row
/// numbers rather than the body (~650 bytes an event) keeps this off the way: hashing a million
/// rows' bodies took 2.1 of the 9.5 s a browser worker spent on them.
///
/// ```
/// use events::{Settings, plan};
/// let settings = plan::settings_fingerprint(&Settings::new(1795132800));
/// let later = plan::settings_fingerprint(&Settings::new(1795132860));
/// assert_eq!(plan::batch_digest(&settings, 0, &[1, 2]), plan::batch_digest(&later, 0, &[1, 2]));
/// assert_ne!(plan::batch_digest(&settings, 0, &[1, 2]), plan::batch_digest(&settings, 1, &[1, 2]));
/// ```
pub fn batch_digest(settings: &[u8; 32], index: usize, rows: &[u64]) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"hashdrop-batch-v2");
    hasher.update(settings);
    hasher.update((index as u64).to_le_bytes());
    for row in rows {
        hasher.update(row.to_le_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The identity of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileIdentity {
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 hex of the file's bytes.
    pub sha256: String,
}

/// What became of one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    /// Not sent yet, or sent without an answer.
    Pending,
    /// Meta answered with success.
    Accepted,
}

/// One batch of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedBatch {
    /// 0-based index in the file.
    pub index: usize,
    /// SHA-256 hex of the request body.
    pub digest: String,
    /// How many events it holds.
    pub events: usize,
    /// First and last data rows.
    pub rows: (u64, u64),
    /// Sent and accepted, or not.
    pub status: BatchStatus,
    /// The rows Graph rejected and the upload left out of this batch before it was accepted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedRow>,
}

/// The plan of one file's upload; serialize it to keep it across a reload.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UploadPlan {
    /// The file, once it has been read to the end.
    pub file: Option<FileIdentity>,
    /// Every batch, in order.
    pub batches: Vec<PlannedBatch>,
}

impl UploadPlan {
    /// An empty plan.
    pub fn new() -> Self {
        Self::default()
    }

    /// Note a batch the file produced (keeps the status of a batch already planned).
    pub fn add(&mut self, batch: &Batch) {
        let digest = batch.digest();
        let planned = PlannedBatch {
            index: batch.index,
            digest,
            events: batch.len(),
            rows: (
                batch.rows.first().copied().unwrap_or(0),
                batch.rows.last().copied().unwrap_or(0),
            ),
            status: BatchStatus::Pending,
            skipped: Vec::new(),
        };
        match self.batches.iter_mut().find(|b| b.index == batch.index) {
            Some(existing) if existing.digest == planned.digest => {}
            Some(existing) => *existing = planned,
            None => self.batches.push(planned),
        }
    }

    /// Record that Meta accepted the batch at `index`.
    pub fn mark_accepted(&mut self, index: usize) {
        if let Some(batch) = self.batches.iter_mut().find(|b| b.index == index) {
            batch.status = BatchStatus::Accepted;
        }
    }

    /// Record that Meta accepted the batch at `index` once `skipped` were left out of it (the
    /// batch keeps the digest of its full body, so resuming recognises it).
    pub fn mark_accepted_skipping(&mut self, index: usize, skipped: Vec<SkippedRow>) {
        if let Some(batch) = self.batches.iter_mut().find(|b| b.index == index) {
            batch.status = BatchStatus::Accepted;
            batch.skipped = skipped;
        }
    }

    /// Every row skipped so far, in batch order.
    pub fn skipped(&self) -> impl Iterator<Item = &SkippedRow> {
        self.batches.iter().flat_map(|b| &b.skipped)
    }

    /// Whether `batch` must be sent: false only when this very body was accepted before.
    pub fn should_send(&self, batch: &Batch) -> bool {
        let digest = batch.digest();
        !self.batches.iter().any(|b| {
            b.index == batch.index && b.digest == digest && b.status == BatchStatus::Accepted
        })
    }

    /// Whether the plan was made for `file` (a plan of another file resumes nothing).
    pub fn is_for(&self, file: &FileIdentity) -> bool {
        self.file.as_ref().is_none_or(|f| f == file)
    }

    /// Whether every batch has been accepted.
    pub fn is_complete(&self) -> bool {
        self.file.is_some()
            && self
                .batches
                .iter()
                .all(|b| b.status == BatchStatus::Accepted)
    }
}
