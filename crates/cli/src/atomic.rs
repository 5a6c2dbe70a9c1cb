//! Files that appear whole or not at all: written beside their place under a temporary name,
//! `fsync`ed, renamed over the place, and the folder `fsync`ed. A crash or a `kill -9` leaves the
//! old file or the new one, never half of one.

use crate::exit::CliError;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written; it takes its place on [`AtomicFile::commit`], and is removed when
/// dropped before.
pub struct AtomicFile {
    path: PathBuf,
    temporary: PathBuf,
    writer: Option<BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Start writing the file that will be `path`.
    pub fn create(path: &Path) -> Result<AtomicFile, CliError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = folder(path).join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&temporary)
            .map_err(|e| CliError::io("writing", &temporary, e))?;
        Ok(AtomicFile {
            path: path.to_owned(),
            temporary,
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
        })
    }

    /// Append `bytes`.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        let result = match &mut self.writer {
            Some(writer) => writer.write_all(bytes),
            None => Ok(()),
        };
        result.map_err(|e| CliError::io("writing", &self.temporary, e))
    }

    /// Flush, `fsync`, rename into place, `fsync` the folder.
    pub fn commit(mut self) -> Result<(), CliError> {
        let Some(writer) = self.writer.take() else {
            return Ok(());
        };
        let done = writer
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .and_then(|file| file.sync_all())
            .and_then(|()| std::fs::rename(&self.temporary, &self.path));
        done.map_err(|e| CliError::io("writing", &self.path, e))?;
        // The rename is durable once the folder is synced (not possible on every platform).
        if let Ok(dir) = std::fs::File::open(folder(&self.path)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// The folder `path` is in (`.` for a bare name).
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Write `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_file_appears_whole_on_commit_and_not_at_all_before() {
        let dir = std::env::temp_dir().join(format!("hashdrop-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.ndjson");
        std::fs::write(&path, "old\n").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        let mut abandoned = AtomicFile::create(&path).unwrap();
        abandoned.write_all(b"half").unwrap();
        drop(abandoned);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
