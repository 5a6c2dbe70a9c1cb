//! Upload progress kept across a reload or a crash: which batches of which file a target has
//! accepted, so picking the same file again sends only the rest.
//!
//! Plain Rust here (tested natively); [`crate::platform::UploadProgress`] keeps the records (in
//! the browser's IndexedDB as JSON text). A record holds the file's identity (name, size, SHA-256 of its bytes), the target
//! (endpoint, kind, id), and per batch its index, digest, event count and, once accepted,
//! Meta's `events_received` and `fbtrace_id`: never a value from the file, never the token.
//!
//! A batch is skipped on resume only when the same index carries the same digest and was
//! accepted. The digest covers the settings (all but `now`) and the batch's data rows, and the
//! record's key the file's content hash: a changed file, mapping or setting, or a row that moved
//! in or out of the time window, changes it, and that batch is sent.

use crate::worker::protocol::BatchInfo;
use events::plan::FileIdentity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format of stored records (a record of another version is ignored). Version 1 held
/// digests of the request bodies; version 2 the digests of settings and rows.
pub const RECORD_VERSION: u32 = 2;

/// Which upload a record belongs to: one file to one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadKey {
    /// The file.
    pub file: FileIdentity,
    /// The Graph base URL (Meta's or the emulator's).
    pub endpoint: String,
    /// `capi` (dataset) or `ocapi` (offline event set).
    pub kind: String,
    /// The dataset / offline event set id.
    pub target: String,
}

impl UploadKey {
    /// The IndexedDB key: every part, so another file or target never finds this record.
    pub fn id(&self) -> String {
        format!(
            "v{RECORD_VERSION}|{}|{}|{}|{}|{}|{}",
            self.file.sha256, self.file.size, self.file.name, self.endpoint, self.kind, self.target
        )
    }
}

/// What Meta answered for an accepted batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// `events_received` (CAPI) or `num_processed_entries` (OCAPI).
    pub events_received: u64,
    /// The trace id to quote to Meta support.
    pub fbtrace_id: Option<String>,
    /// The events Graph rejected and the upload left out of this batch before it was accepted
    /// (only when skipping was chosen). Kept with the receipt, so a resumed upload still reports
    /// them and counts them toward the skip guard.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedRow>,
}

/// An event Graph rejected and the upload skipped: where it sits in the CSV and Graph's reason,
/// never a value from the file (Graph only ever gets hashes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// 0-based batch.
    pub batch: usize,
    /// The event's index in the batch as the file produced it.
    pub index_in_batch: usize,
    /// The CSV data row (from 1 after the header), when the index is inside the batch.
    pub row: Option<u64>,
    /// The field Graph named.
    pub field: Option<String>,
    /// Graph's error code.
    pub code: u32,
    /// Graph's error subcode.
    pub subcode: Option<u32>,
    /// Graph's reason, as Graph wrote it.
    pub reason: String,
    /// The trace id of the answer that rejected it.
    pub fbtrace_id: Option<String>,
}

/// One batch of a stored upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBatch {
    /// 0-based index in the file.
    pub index: usize,
    /// Its digest ([`BatchInfo::digest`]).
    pub digest: String,
    /// Events it holds.
    pub events: usize,
    /// Meta's answer, once accepted.
    pub accepted: Option<Receipt>,
}

/// The stored progress of one upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredUpload {
    /// The record format.
    pub version: u32,
    /// File and target.
    pub key: UploadKey,
    /// Every batch of the file, in order.
    pub batches: Vec<StoredBatch>,
    /// When it last changed (milliseconds since the Unix epoch).
    pub updated_ms: f64,
}

impl StoredUpload {
    /// A record of `batches` with none accepted.
    pub fn new(key: UploadKey, batches: &[BatchInfo]) -> StoredUpload {
        StoredUpload {
            version: RECORD_VERSION,
            key,
            batches: batches
                .iter()
                .map(|b| StoredBatch {
                    index: b.index,
                    digest: b.digest.clone(),
                    events: b.events,
                    accepted: None,
                })
                .collect(),
            updated_ms: 0.0,
        }
    }

    /// The record for this upload of `batches`: the stored one's receipts are kept for every
    /// batch whose index and digest still match; everything else starts over.
    pub fn resume(
        stored: Option<StoredUpload>,
        key: UploadKey,
        batches: &[BatchInfo],
    ) -> StoredUpload {
        let mut record = StoredUpload::new(key, batches);
        let Some(stored) = stored.filter(|s| s.version == RECORD_VERSION && s.key == record.key)
        else {
            return record;
        };
        let earlier: BTreeMap<(usize, &str), &Receipt> = stored
            .batches
            .iter()
            .filter_map(|b| Some(((b.index, b.digest.as_str()), b.accepted.as_ref()?)))
            .collect();
        for batch in &mut record.batches {
            batch.accepted = earlier
                .get(&(batch.index, batch.digest.as_str()))
                .map(|r| (*r).clone());
        }
        record.updated_ms = stored.updated_ms;
        record
    }

    /// Note that Meta accepted batch `index`.
    pub fn record_accepted(&mut self, index: usize, receipt: Receipt, now_ms: f64) {
        if let Some(batch) = self.batches.iter_mut().find(|b| b.index == index) {
            batch.accepted = Some(receipt);
            self.updated_ms = now_ms;
        }
    }

    /// The accepted batches and Meta's answers.
    pub fn accepted(&self) -> BTreeMap<usize, Receipt> {
        self.batches
            .iter()
            .filter_map(|b| Some((b.index, b.accepted.clone()?)))
            .collect()
    }

    /// How many batches are accepted.
    pub fn accepted_count(&self) -> usize {
        self.batches.iter().filter(|b| b.accepted.is_some()).count()
    }

    /// Whether every batch is accepted.
    pub fn is_complete(&self) -> bool {
        self.batches.iter().all(|b| b.accepted.is_some())
    }

    /// The JSON text stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A record from its stored text; `None` when it is not one.
    pub fn from_json(text: &str) -> Option<StoredUpload> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(target: &str) -> UploadKey {
        UploadKey {
            file: FileIdentity {
                name: "sales.csv".into(),
                size: 1234,
                sha256: "ab".repeat(32),
            },
            endpoint: "http://127.0.0.1:8787".into(),
            kind: "capi".into(),
            target: target.into(),
        }
    }

    fn infos(digests: &[&str]) -> Vec<BatchInfo> {
        digests
            .iter()
            .enumerate()
            .map(|(index, digest)| BatchInfo {
                index,
                rows: vec![(index as u64 * 10 + 1, 10)],
                events: 10,
                digest: (*digest).into(),
            })
            .collect()
    }

    fn receipt(n: u64) -> Receipt {
        Receipt {
            events_received: n,
            fbtrace_id: Some(format!("T{n}")),
            skipped: Vec::new(),
        }
    }

    #[test]
    fn skipped_rows_survive_a_reload_with_their_batch() {
        let skipped = SkippedRow {
            batch: 1,
            index_in_batch: 3,
            row: Some(14),
            field: Some("event_time".into()),
            code: 100,
            subcode: Some(2_804_003),
            reason: "event_time too old".into(),
            fbtrace_id: Some("TR".into()),
        };
        let mut first = StoredUpload::new(key("4"), &infos(&["a", "b"]));
        first.record_accepted(
            1,
            Receipt {
                skipped: vec![skipped.clone()],
                ..receipt(9)
            },
            1.0,
        );
        let stored = StoredUpload::from_json(&first.to_json());
        let again = StoredUpload::resume(stored, key("4"), &infos(&["a", "b"]));
        assert_eq!(again.accepted()[&1].skipped, [skipped]);
        // A record written before skipping existed reads as skipping nothing.
        let old = r#"{"events_received":3,"fbtrace_id":null}"#;
        let receipt: Receipt = serde_json::from_str(old).unwrap();
        assert!(receipt.skipped.is_empty());
    }

    #[test]
    fn resuming_keeps_only_batches_with_the_same_index_and_digest() {
        let mut first = StoredUpload::new(key("4"), &infos(&["a", "b", "c"]));
        first.record_accepted(0, receipt(10), 5.0);
        first.record_accepted(1, receipt(10), 6.0);
        let stored = StoredUpload::from_json(&first.to_json());
        assert_eq!(stored.as_ref(), Some(&first));
        // Batch 1's body changed (another mapping, say): it is sent again; batch 0 is not.
        let again = StoredUpload::resume(stored, key("4"), &infos(&["a", "B", "c"]));
        assert_eq!(again.accepted().keys().copied().collect::<Vec<_>>(), [0]);
        assert_eq!(again.accepted()[&0], receipt(10));
        assert_eq!(again.accepted_count(), 1);
        assert!(!again.is_complete());
        assert_eq!(again.updated_ms, 6.0);
    }

    #[test]
    fn another_target_file_or_version_resumes_nothing() {
        let mut first = StoredUpload::new(key("4"), &infos(&["a"]));
        first.record_accepted(0, receipt(1), 1.0);
        assert!(first.is_complete());
        let other = StoredUpload::resume(Some(first.clone()), key("5"), &infos(&["a"]));
        assert_eq!(other.accepted_count(), 0);
        let mut old = first.clone();
        old.version = 0;
        assert_eq!(
            StoredUpload::resume(Some(old), key("4"), &infos(&["a"])).accepted_count(),
            0
        );
        assert_ne!(key("4").id(), key("5").id());
        let mut renamed = key("4");
        renamed.file.sha256 = "cd".repeat(32);
        assert_ne!(renamed.id(), key("4").id());
        assert_eq!(StoredUpload::from_json("{"), None);
    }

    #[test]
    fn a_record_holds_ids_digests_counts_and_traces_only() {
        let mut record = StoredUpload::new(key("4"), &infos(&["d0"]));
        record.record_accepted(0, receipt(10), 1.0);
        record.record_accepted(9, receipt(1), 2.0);
        assert_eq!(record.updated_ms, 1.0, "an unknown batch changes nothing");
        let value: serde_json::Value = serde_json::from_str(&record.to_json()).unwrap();
        let fields: Vec<&str> = value["batches"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(fields, ["accepted", "digest", "events", "index"]);
        assert!(!record.to_json().contains("token"));
    }
}
