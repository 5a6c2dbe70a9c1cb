//! Upload progress kept on disk, so that the same command finishes an interrupted upload
//! without resending a batch Meta accepted.
//!
//! One record per file path and target (endpoint, API, id), holding the file's identity (size
//! and SHA-256 of its bytes), the `now` the upload started with (so a resumed run makes the
//! same batches), and the events crate's [`UploadPlan`]: each accepted batch by index and the
//! digest of its body. A batch is skipped only when this very body was accepted. Every write is
//! atomic: a temporary file, `fsync`, rename, `fsync` of the folder; a `kill -9` leaves the old
//! record or the new one, never half of one.

use crate::exit::CliError;
use events::plan::{FileIdentity, UploadPlan};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The format of records (a record of another version is not read).
pub const RECORD_VERSION: u32 = 1;

/// Which upload a record belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadKey {
    /// The file's absolute path.
    pub path: String,
    /// The Graph base URL.
    pub endpoint: String,
    /// `capi` (dataset) or `ocapi` (offline event set).
    pub kind: String,
    /// The dataset or offline event set id.
    pub target: String,
}

impl UploadKey {
    /// The record's file name: a digest of every part of the key.
    fn file_name(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [&self.path, &self.endpoint, &self.kind, &self.target] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        let digest: String = hasher.finalize()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("upload-{digest}.json")
    }
}

/// What Meta answered for an accepted batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// `events_received` (CAPI) or `num_processed_entries` (OCAPI).
    pub events_received: u64,
    /// The trace id to quote to Meta support.
    pub fbtrace_id: Option<String>,
}

/// The stored progress of one upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// [`RECORD_VERSION`].
    pub version: u32,
    /// Which upload.
    pub key: UploadKey,
    /// The file when the upload started.
    pub file: FileIdentity,
    /// The `now` the upload started with.
    pub now: i64,
    /// The accepted batches (index and body digest).
    pub plan: UploadPlan,
    /// Meta's answers, by batch.
    pub receipts: BTreeMap<usize, Receipt>,
    /// Whether every batch of the file was accepted.
    pub complete: bool,
}

impl Record {
    /// A new upload of `file`.
    pub fn new(key: UploadKey, file: FileIdentity, now: i64) -> Record {
        let plan = UploadPlan {
            file: Some(file.clone()),
            batches: Vec::new(),
        };
        Record {
            version: RECORD_VERSION,
            key,
            file,
            now,
            plan,
            receipts: BTreeMap::new(),
            complete: false,
        }
    }

    /// Batches accepted so far.
    pub fn accepted(&self) -> usize {
        self.receipts.len()
    }
}

/// The state folder: `$XDG_STATE_HOME/hashdrop`, else `~/.local/state/hashdrop`.
pub fn default_dir() -> Result<PathBuf, CliError> {
    if let Some(state) = std::env::var_os("XDG_STATE_HOME").filter(|s| !s.is_empty()) {
        return Ok(PathBuf::from(state).join("hashdrop"));
    }
    match std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        Some(home) => Ok(PathBuf::from(home).join(".local/state/hashdrop")),
        None => Err(CliError::usage(
            "neither XDG_STATE_HOME nor HOME is set: pass --state DIR",
        )),
    }
}

/// The records of one state folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in `dir` (created when missing, readable by its owner only).
    pub fn open(dir: &Path) -> Result<Store, CliError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| CliError::io("creating the state folder", dir, e))?;
        Ok(Store {
            dir: dir.to_owned(),
        })
    }

    /// Where the record of `key` is kept.
    pub fn path(&self, key: &UploadKey) -> PathBuf {
        self.dir.join(key.file_name())
    }

    /// The record of `key`, if one of this version is kept.
    pub fn load(&self, key: &UploadKey) -> Result<Option<Record>, CliError> {
        let path = self.path(key);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(CliError::io("reading", path, e)),
        };
        let record: Record = serde_json::from_str(&text).map_err(|e| {
            CliError::Stopped(format!(
                "the upload record {} cannot be read ({e}); remove it or run with --restart",
                path.display()
            ))
        })?;
        Ok((record.version == RECORD_VERSION && record.key == *key).then_some(record))
    }

    /// Keep `record`, atomically.
    pub fn save(&self, record: &Record) -> Result<(), CliError> {
        let json = serde_json::to_vec(record)
            .map_err(|e| CliError::Stopped(format!("the upload record cannot be written: {e}")))?;
        crate::atomic::write_atomically(&self.path(&record.key), &json)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key(target: &str) -> UploadKey {
        UploadKey {
            path: "/data/sales.csv".into(),
            endpoint: "https://graph.facebook.com".into(),
            kind: "capi".into(),
            target: target.into(),
        }
    }

    fn identity() -> FileIdentity {
        FileIdentity {
            name: "sales.csv".into(),
            size: 3,
            sha256: "ab".repeat(32),
        }
    }

    #[test]
    fn a_record_is_read_back_under_its_key_only() {
        let dir = std::env::temp_dir().join(format!("hashdrop-state-{}", std::process::id()));
        let store = Store::open(&dir).unwrap();
        let mut record = Record::new(key("1"), identity(), 1_795_132_800);
        record.receipts.insert(
            0,
            Receipt {
                events_received: 3,
                fbtrace_id: Some("T".into()),
            },
        );
        store.save(&record).unwrap();
        assert_eq!(store.load(&key("1")).unwrap(), Some(record));
        assert_eq!(store.load(&key("2")).unwrap(), None);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        std::fs::write(store.path(&key("3")), "{not json").unwrap();
        assert!(matches!(store.load(&key("3")), Err(CliError::Stopped(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_default_folder_follows_xdg() {
        // Read-only checks of the rule (the environment is the test process's own).
        let dir = default_dir();
        if let Some(state) = std::env::var_os("XDG_STATE_HOME").filter(|s| !s.is_empty()) {
            assert_eq!(dir.unwrap(), PathBuf::from(state).join("hashdrop"));
        } else if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
            assert_eq!(
                dir.unwrap(),
                PathBuf::from(home).join(".local/state/hashdrop")
            );
        }
    }
}
