//! Reading the file: in chunks through the events crate's streaming [`events::Preparation`], so
//! memory stays bounded whatever the file's size, and its identity (size and SHA-256) and records.

use crate::exit::CliError;
use events::plan::FileIdentity;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// Bytes read at a time (the page's worker reads 1 MiB slices too).
pub const CHUNK_BYTES: usize = 1 << 20;

/// Whether to read on after a chunk's output was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next chunk.
    Continue,
    /// Stop reading (the upload stopped).
    Stop,
}

/// The size of the file at `path`.
pub fn size(path: &Path) -> Result<u64, CliError> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| CliError::io("reading", path, e))
}

/// Read `path` chunk by chunk, calling `each` with every chunk.
fn read_chunks(
    path: &Path,
    mut each: impl FnMut(&[u8]) -> Result<Flow, CliError>,
) -> Result<Flow, CliError> {
    let mut file = std::fs::File::open(path).map_err(|e| CliError::io("opening", path, e))?;
    let mut buffer = vec![0; CHUNK_BYTES];
    loop {
        let read = read_chunk(&mut file, &mut buffer, path)?;
        if read == 0 {
            return Ok(Flow::Continue);
        }
        if each(buffer.get(..read).unwrap_or_default())? == Flow::Stop {
            return Ok(Flow::Stop);
        }
    }
}

/// Read the next bytes of `file` (at `path`) into `buffer`; 0 at its end.
pub fn read_chunk(
    file: &mut std::fs::File,
    buffer: &mut [u8],
    path: &Path,
) -> Result<usize, CliError> {
    loop {
        match file.read(buffer) {
            Ok(read) => return Ok(read),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CliError::io("reading", path, e)),
        }
    }
}

/// What one pass over the file learns before preparing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Name, size and SHA-256 (what an upload's progress is kept under).
    pub identity: FileIdentity,
    /// CSV records after the first (the header): what the skip share of an upload counts.
    pub data_records: u64,
}

/// Read `path` once for its identity and its number of CSV records (line ends outside quoted
/// fields, so a quoted line break does not count).
pub fn scan(path: &Path) -> Result<Scan, CliError> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut records = Records::default();
    read_chunks(path, |chunk| {
        hasher.update(chunk);
        records.feed(chunk);
        size += chunk.len() as u64;
        Ok(Flow::Continue)
    })?;
    let identity = FileIdentity {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        size,
        sha256: hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    };
    Ok(Scan {
        identity,
        data_records: records.finish().saturating_sub(1),
    })
}

/// Counts CSV records (non-empty lines, a quoted line break inside its record).
#[derive(Debug, Default)]
struct Records {
    /// Records ended so far.
    ended: u64,
    /// Inside a quoted field.
    quoted: bool,
    /// The current record has a byte other than a line end.
    open: bool,
}

impl Records {
    fn feed(&mut self, chunk: &[u8]) {
        for &byte in chunk {
            match byte {
                b'"' => {
                    self.quoted = !self.quoted;
                    self.open = true;
                }
                b'\n' | b'\r' if !self.quoted => {
                    if self.open {
                        self.ended += 1;
                    }
                    self.open = false;
                }
                _ => self.open = true,
            }
        }
    }

    fn finish(self) -> u64 {
        self.ended + u64::from(self.open)
    }
}

/// Prepare the file at `path` with `settings` on `jobs` threads ([`crate::pool`] for more than
/// one), handing each chunk's output (batches, rejected rows, warnings) to `each` with the bytes
/// read so far and the rows checked so far. `None` when `each` stopped the reading; otherwise
/// the end of the file, its output already handed over. The outputs put together are the same
/// for any number of threads.
pub fn prepare(
    path: &Path,
    settings: events::Settings,
    jobs: usize,
    each: impl FnMut(events::Output, Position) -> Result<Flow, CliError>,
) -> Result<Option<events::Finished>, CliError> {
    if jobs > 1 {
        crate::pool::prepare(path, settings, jobs, each)
    } else {
        prepare_on_one(path, settings, each)
    }
}

/// [`prepare`] on this thread alone.
fn prepare_on_one(
    path: &Path,
    settings: events::Settings,
    mut each: impl FnMut(events::Output, Position) -> Result<Flow, CliError>,
) -> Result<Option<events::Finished>, CliError> {
    let mut preparation = events::Preparation::new(settings)?;
    let mut bytes = 0u64;
    let flow = read_chunks(path, |chunk| {
        preparation.feed(chunk)?;
        bytes += chunk.len() as u64;
        let position = Position {
            bytes,
            rows: preparation.rows_read(),
            last: false,
        };
        each(preparation.take_output(), position)
    })?;
    if flow == Flow::Stop {
        return Ok(None);
    }
    let mut finished = preparation.finish()?;
    let position = Position {
        bytes,
        rows: finished.summary.rows,
        last: true,
    };
    if each(std::mem::take(&mut finished.output), position)? == Flow::Stop {
        return Ok(None);
    }
    Ok(Some(finished))
}

/// How far the reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Bytes read.
    pub bytes: u64,
    /// Data rows checked.
    pub rows: u64,
    /// The end of the file: the output handed over with it is the last.
    pub last: bool,
}

#[cfg(test)]
mod tests {
    use super::Records;

    fn count(chunks: &[&str]) -> u64 {
        let mut records = Records::default();
        for chunk in chunks {
            records.feed(chunk.as_bytes());
        }
        records.finish()
    }

    #[test]
    fn records_are_line_ends_outside_quotes() {
        assert_eq!(count(&["a,b\r\n1,2\r\n3,4\r\n"]), 3);
        assert_eq!(count(&["a,b\n1,2\n3,4"]), 3, "no line end after the last");
        assert_eq!(
            count(&["a,b\n\n1,\"x\ny\"\n", "\n"]),
            2,
            "blank lines, a quoted break"
        );
        assert_eq!(
            count(&["a,\"x", "\n\"\"y\"\n2,3\n"]),
            2,
            "a quote split across chunks"
        );
        assert_eq!(count(&[""]), 0);
    }
}
