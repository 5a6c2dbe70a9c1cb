//! A slice's output as bytes, for a thread that shares no memory with the one that combines
//! (a Web Worker posts an `ArrayBuffer`): [`SliceOutput::encode`] where the slice is prepared,
//! [`SliceOutput::decode`] then [`super::Combination::add_slice`] where the file is put back
//! together.
//!
//! The events' JSON texts, most of the bytes, travel as they are, after a small JSON head
//! (where each event ends, its row, the rejections, warnings, previews and counts): no event
//! is escaped into a JSON string or parsed again.
//!
//! ```
//! use events::{Settings, slices::{self, SliceOutput}};
//! let mut settings = Settings::new(1795132800);
//! settings.event_name = Some("Purchase".into());
//! let file = b"email,value,currency,time\na@example.com,1,USD,2026-11-01 10:00\n";
//! let layout = slices::layout_of(&settings, file).unwrap();
//! let bounds = slices::cut(file, &layout, 1)[0];
//! let finished = slices::prepare_slice(settings, &layout, file, bounds).unwrap();
//! let bytes = SliceOutput::from(finished).encode();
//! let back = SliceOutput::decode(&bytes).unwrap();
//! assert_eq!(back.summary.accepted, 1);
//! assert_eq!(back.output.batches[0].rows, [1]);
//! ```

use serde::{Deserialize, Serialize};

use crate::batch::Batch;
use crate::report::{Counts, Summary};
use crate::row::{Preview, PreviewIdentifier, RejectCode, Rejection, RowWarning};
use crate::{Finished, Output};

/// What [`super::Combination::add_slice`] takes of a slice: its events, rejections, warnings
/// and previews, and its counts.
#[derive(Debug, Clone, Default)]
pub struct SliceOutput {
    /// The slice's output (its events in one or more batches, to be batched again).
    pub output: Output,
    /// The slice's counts.
    pub summary: Summary,
}

impl From<Finished> for SliceOutput {
    fn from(finished: Finished) -> Self {
        SliceOutput {
            output: finished.output,
            summary: finished.summary,
        }
    }
}

/// Why bytes are not a slice's output (they come from another thread of this program: a
/// damaged message, never a user's mistake). Carries no value of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// Shorter than their own head says.
    Truncated,
    /// The head is not the JSON of a slice's output (at this byte of the head).
    Head {
        /// Byte offset in the head.
        at: usize,
    },
    /// The events' text is not UTF-8, or an event's end is past it.
    Events,
    /// A code or key name that is none of the program's.
    UnknownName,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::Truncated => f.write_str("a slice's output was cut short"),
            WireError::Head { at } => {
                write!(f, "a slice's output head cannot be read (at byte {at})")
            }
            WireError::Events => f.write_str("a slice's events cannot be read"),
            WireError::UnknownName => f.write_str("a slice's output names an unknown code"),
        }
    }
}

impl std::error::Error for WireError {}

/// The head: everything but the events' text.
#[derive(Serialize, Deserialize)]
struct Head {
    /// Where each event's text ends (events are separated by one comma).
    ends: Vec<usize>,
    rows: Vec<u64>,
    rejected: Vec<(u64, Option<String>, RejectCode)>,
    warnings: Vec<(u64, String, String)>,
    previews: Vec<WirePreview>,
    counts: [u64; 3],
    rejected_by_reason: Vec<(String, u64)>,
    warnings_by_code: Vec<(String, u64)>,
    coverage: Vec<(String, u64)>,
}

/// A preview row: `(column, key, normalized, sent, error)` per identifier.
type WireIdentifier = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

#[derive(Serialize, Deserialize)]
struct WirePreview {
    row: u64,
    identifiers: Vec<WireIdentifier>,
}

/// `text` as the `&'static str` the codes and key names are (see
/// [`crate::report::known_name`]); any other text is a damaged message.
fn name(text: &str) -> Result<&'static str, WireError> {
    crate::report::known_name(text).ok_or(WireError::UnknownName)
}

fn counts_out(counts: &Counts) -> Vec<(String, u64)> {
    counts.iter().map(|(n, c)| (n.to_owned(), c)).collect()
}

fn counts_in(pairs: &[(String, u64)]) -> Result<Counts, WireError> {
    let mut counts = Counts::default();
    for (n, c) in pairs {
        counts.add_count(name(n)?, *c);
    }
    Ok(counts)
}

impl SliceOutput {
    /// The bytes to post: a 4-byte little-endian head length, the head's JSON, the events.
    pub fn encode(self) -> Vec<u8> {
        let SliceOutput { output, summary } = self;
        let events: usize = output.batches.iter().map(|b| b.text.len() + 1).sum();
        let mut text = String::with_capacity(events);
        let mut ends = Vec::new();
        let mut rows = Vec::new();
        for batch in &output.batches {
            for event in batch.events() {
                if !ends.is_empty() {
                    text.push(',');
                }
                text.push_str(event);
                ends.push(text.len());
            }
            rows.extend_from_slice(&batch.rows);
        }
        let head = Head {
            ends,
            rows,
            rejected: output
                .rejected
                .into_iter()
                .map(|r| (r.row, r.column, r.code))
                .collect(),
            warnings: output
                .warnings
                .into_iter()
                .map(|w| (w.row, w.column, w.code.to_owned()))
                .collect(),
            previews: output
                .previews
                .into_iter()
                .map(|p| WirePreview {
                    row: p.row,
                    identifiers: p
                        .identifiers
                        .into_iter()
                        .map(|i| {
                            let error = i.error.map(str::to_owned);
                            (i.column, i.key.to_owned(), i.normalized, i.sent, error)
                        })
                        .collect(),
                })
                .collect(),
            counts: [summary.rows, summary.accepted, summary.rejected],
            rejected_by_reason: counts_out(&summary.rejected_by_reason),
            warnings_by_code: counts_out(&summary.warnings_by_code),
            coverage: counts_out(&summary.coverage),
        };
        let head = serde_json::to_vec(&head).unwrap_or_default();
        let mut bytes = Vec::with_capacity(4 + head.len() + text.len());
        bytes.extend_from_slice(&(head.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&head);
        bytes.extend_from_slice(text.as_bytes());
        bytes
    }

    /// The slice's output from the bytes [`SliceOutput::encode`] made.
    pub fn decode(bytes: &[u8]) -> Result<SliceOutput, WireError> {
        let length: [u8; 4] = bytes
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or(WireError::Truncated)?;
        let length = u32::from_le_bytes(length) as usize;
        let head = bytes.get(4..4 + length).ok_or(WireError::Truncated)?;
        let text = bytes.get(4 + length..).unwrap_or_default();
        let head: Head = serde_json::from_slice(head).map_err(|e| WireError::Head {
            at: e.column().saturating_sub(1),
        })?;
        let text = String::from_utf8(text.to_vec()).map_err(|_| WireError::Events)?;
        if head.ends.len() != head.rows.len()
            || head.ends.windows(2).any(|w| w[0] >= w[1])
            || head.ends.last().is_some_and(|&end| end != text.len())
            || (head.ends.is_empty() && !text.is_empty())
            || head.ends.iter().any(|&end| !text.is_char_boundary(end))
        {
            return Err(WireError::Events);
        }
        let mut output = Output::default();
        if !head.ends.is_empty() {
            output.batches.push(Batch::part(head.rows, text, head.ends));
        }
        output.rejected = head
            .rejected
            .into_iter()
            .map(|(row, column, code)| Rejection::new(row, column, code))
            .collect();
        output.warnings = head
            .warnings
            .into_iter()
            .map(|(row, column, code)| {
                Ok(RowWarning {
                    row,
                    column,
                    code: name(&code)?,
                })
            })
            .collect::<Result<_, WireError>>()?;
        output.previews = head
            .previews
            .into_iter()
            .map(|p| {
                let identifiers = p
                    .identifiers
                    .into_iter()
                    .map(|(column, key, normalized, sent, error)| {
                        Ok(PreviewIdentifier {
                            column,
                            key: name(&key)?,
                            normalized,
                            sent,
                            error: error.as_deref().map(name).transpose()?,
                        })
                    })
                    .collect::<Result<_, WireError>>()?;
                Ok(Preview {
                    row: p.row,
                    identifiers,
                })
            })
            .collect::<Result<_, WireError>>()?;
        let [rows, accepted, rejected] = head.counts;
        let summary = Summary {
            rows,
            accepted,
            rejected,
            rejected_by_reason: counts_in(&head.rejected_by_reason)?,
            warnings_by_code: counts_in(&head.warnings_by_code)?,
            coverage: counts_in(&head.coverage)?,
            batches: 0,
        };
        Ok(SliceOutput { output, summary })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        assert_eq!(
            SliceOutput::decode(&[1, 0]).unwrap_err(),
            WireError::Truncated
        );
        assert_eq!(
            SliceOutput::decode(&[9, 0, 0, 0, b'{']).unwrap_err(),
            WireError::Truncated
        );
        assert!(matches!(
            SliceOutput::decode(&[1, 0, 0, 0, b'{']).unwrap_err(),
            WireError::Head { .. }
        ));
        let mut bytes = SliceOutput::default().encode();
        assert!(
            SliceOutput::decode(&bytes)
                .unwrap()
                .output
                .batches
                .is_empty()
        );
        bytes.extend_from_slice(b"{}");
        assert_eq!(SliceOutput::decode(&bytes).unwrap_err(), WireError::Events);
    }

    #[test]
    fn names_read_back_as_the_programs_own_and_nothing_else() {
        let read = name(&String::from("invalid_email")).unwrap();
        assert!(std::ptr::eq(read, matchkeys::ErrorKind::Email.code()));
        assert_eq!(name("not_a_code"), Err(WireError::UnknownName));
    }
}
