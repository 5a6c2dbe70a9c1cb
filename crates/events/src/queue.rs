//! Rows whose fields are checked, waiting for their identifiers to be hashed together.
//!
//! Hashing a row's identifiers alone hands matchkeys six or eight short values; hashing a few
//! hundred rows at once hands it a few thousand, which it normalizes into one buffer and hashes
//! in lanes ([`matchkeys::HashBatch`]: four at a time with wasm SIMD128, `sha2`'s SHA-NI path
//! natively). The queue keeps each row's identifier cells in one buffer (the CSV reader's
//! record is gone by the time the rows are hashed), and gives the rows back in file order,
//! each exactly what [`RowPreparer::prepare`] makes of it alone.

use std::ops::Range;

use matchkeys::{Api, Context, HashBatch, MatchKey, MatchKeys, UserData};

use crate::csv::Record;
use crate::row::{Event, Keys, PreparedRow, RowPreparer};

/// Rows queued before their identifiers are hashed: enough to fill the lanes many times over,
/// few enough that the queue stays a few hundred KiB whatever the file size.
pub(crate) const QUEUE_ROWS: usize = 512;

/// One identifier cell of a queued row.
struct Cell {
    key: MatchKey,
    /// Where it is in [`RowQueue::cells`].
    text: Range<usize>,
    /// Its column.
    column: usize,
}

/// A queued row.
enum Queued {
    /// Done before hashing (a rejected field, several OCAPI `extern_id`s).
    Done(PreparedRow),
    /// Its event without keys, and its identifiers in [`RowQueue::entries`].
    Keys {
        row: u64,
        event: Box<Event>,
        cells: Range<usize>,
    },
}

/// Rows in file order, their identifiers hashed together on [`RowQueue::flush`].
#[derive(Default)]
pub(crate) struct RowQueue {
    rows: Vec<Queued>,
    /// The identifier cells of every queued row, one after the other.
    cells: String,
    entries: Vec<Cell>,
    /// Reused flush after flush, so hashing allocates nothing per value.
    batch: HashBatch,
}

impl RowQueue {
    /// Rows waiting.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Check the fields of data row `row` and queue it.
    pub(crate) fn push(&mut self, preparer: &RowPreparer, row: u64, record: &Record<'_>) {
        let event = match preparer.checked_fields(row, record) {
            Ok(event) => event,
            Err(rejected) => {
                self.rows.push(Queued::Done(rejected));
                return;
            }
        };
        let first = self.entries.len();
        for (column, key, cell) in preparer.key_cells(record) {
            let start = self.cells.len();
            self.cells.push_str(cell);
            self.entries.push(Cell {
                key,
                text: start..self.cells.len(),
                column,
            });
        }
        let keys = self.entries[first..].iter().map(|cell| cell.key);
        if let Some(rejected) = preparer.multiple_extern_id(row, keys) {
            if let Some(start) = self.entries.get(first).map(|cell| cell.text.start) {
                self.cells.truncate(start);
            }
            self.entries.truncate(first);
            self.rows.push(Queued::Done(rejected));
            return;
        }
        self.rows.push(Queued::Keys {
            row,
            event: Box::new(event),
            cells: first..self.entries.len(),
        });
    }

    /// Hash every queued row's identifiers together and hand each row to `each`, in file
    /// order. `each` gives back the keys of an event it has written out, whose strings the
    /// next flushes reuse for their hashes (so a file's rows allocate no string per hash once
    /// the first queue's come back). The queue is empty afterwards (its allocations kept).
    pub(crate) fn flush(
        &mut self,
        preparer: &RowPreparer,
        mut each: impl FnMut(PreparedRow) -> Option<Keys>,
    ) {
        if self.rows.is_empty() {
            return;
        }
        let raw: Vec<(MatchKey, &str)> = self
            .entries
            .iter()
            .map(|cell| {
                (
                    cell.key,
                    self.cells.get(cell.text.clone()).unwrap_or_default(),
                )
            })
            .collect();
        let records = self.rows.iter().filter_map(|queued| match queued {
            Queued::Keys { cells, .. } => raw.get(cells.clone()),
            Queued::Done(_) => None,
        });
        let ctx = Context::new(preparer.options());
        let mut built: Box<dyn Iterator<Item = (Keys, Built)>> = match preparer.api() {
            Api::Ocapi => Box::new(
                MatchKeys::build_many(records, &ctx, &mut self.batch)
                    .into_iter()
                    .map(|b| (Keys::Ocapi(b.keys), (b.rejected, b.warnings))),
            ),
            _ => Box::new(
                UserData::build_many(records, &ctx, &mut self.batch)
                    .into_iter()
                    .map(|b| (Keys::Capi(b.keys), (b.rejected, b.warnings))),
            ),
        };
        let mut columns = Vec::new();
        for queued in self.rows.drain(..) {
            let done = match queued {
                Queued::Done(prepared) => each(prepared),
                Queued::Keys { row, event, cells } => {
                    let Some((keys, (rejected, warnings))) = built.next() else {
                        // build_many gives one result per record it was handed.
                        continue;
                    };
                    columns.clear();
                    columns.extend(self.entries[cells].iter().map(|cell| cell.column));
                    each(preparer.finish_keys(row, event, keys, &rejected, &warnings, &columns))
                }
            };
            match done {
                Some(Keys::Capi(keys)) => keys.recycle(&mut self.batch),
                Some(Keys::Ocapi(keys)) => keys.recycle(&mut self.batch),
                None => {}
            }
        }
        drop(built);
        self.cells.clear();
        self.entries.clear();
    }
}

/// What matchkeys dropped from one row: rejected values and values kept with a remark, by
/// index into the row's identifiers.
type Built = (
    Vec<(usize, matchkeys::MatchKeyError)>,
    Vec<(usize, matchkeys::Warning)>,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::{CsvReader, OwnedRecord};
    use crate::mapping::{EventField, Target};
    use crate::settings::Settings;

    fn records(text: &str) -> Vec<OwnedRecord> {
        let mut reader = CsvReader::new(None);
        let mut out = Vec::new();
        reader
            .feed(text.as_bytes(), &mut |r| out.push(r.to_owned()))
            .unwrap();
        reader.finish(&mut |r| out.push(r.to_owned())).unwrap();
        out
    }

    /// Keep `row`, and hand a copy of its keys back to the queue, as a writer that is done
    /// with them does: the next flushes then write their hashes into strings that still hold
    /// older ones.
    fn hand_back(row: PreparedRow, kept: &mut Vec<PreparedRow>) -> Option<Keys> {
        let keys = match &row.outcome {
            crate::row::Outcome::Accepted(event) => Some(event.keys.clone()),
            crate::row::Outcome::Rejected(_) => None,
        };
        kept.push(row);
        keys
    }

    #[test]
    fn queued_rows_come_back_in_file_order_each_as_prepared_alone() {
        let mut settings = Settings::new(1_795_132_800);
        settings.event_name = Some("Purchase".into());
        let names = ["email", "phone", "country", "time", "value", "currency"];
        let targets = [
            Some(Target::Key(MatchKey::Email)),
            Some(Target::Key(MatchKey::Phone)),
            Some(Target::Key(MatchKey::Country)),
            Some(Target::Field(EventField::EventTime)),
            Some(Target::Field(EventField::Value)),
            Some(Target::Field(EventField::Currency)),
        ];
        let preparer =
            RowPreparer::new(&settings, names.map(String::from).to_vec(), &targets).unwrap();
        // Accepted rows, rows with a dropped identifier, rows rejected before hashing (a bad
        // time) and after (no key left), over more than two queues' worth.
        let mut text = String::new();
        for i in 0..(2 * QUEUE_ROWS + 100) {
            text.push_str(&match i % 4 {
                0 => format!(
                    " A{i}@Example.com ,+1 650 555 {:04},US,1795000000,10,USD\n",
                    i % 10_000
                ),
                1 => format!(
                    "not-an-email{i},650 555 {:04},,1795000000,10,USD\n",
                    i % 10_000
                ),
                2 => format!("b{i}@example.com,,US,yesterday,10,USD\n"),
                _ => "nobody,,,1795000000,10,USD\n".to_string(),
            });
        }
        let records = records(&text);
        let mut queue = RowQueue::default();
        let mut queued = Vec::new();
        for (n, record) in records.iter().enumerate() {
            queue.push(&preparer, n as u64 + 1, &record.as_record());
            if queue.len() >= QUEUE_ROWS {
                queue.flush(&preparer, |row| hand_back(row, &mut queued));
                assert_eq!(queue.len(), 0);
            }
        }
        assert_eq!(queue.len(), 100);
        queue.flush(&preparer, |row| hand_back(row, &mut queued));
        let alone: Vec<PreparedRow> = records
            .iter()
            .enumerate()
            .map(|(n, record)| preparer.prepare(n as u64 + 1, &record.as_record()))
            .collect();
        assert_eq!(queued.len(), alone.len());
        assert_eq!(queued, alone);
        let accepted = |rows: &[PreparedRow]| {
            rows.iter()
                .filter(|row| matches!(row.outcome, crate::row::Outcome::Accepted(_)))
                .count()
        };
        assert!(accepted(&queued) >= QUEUE_ROWS / 2);
        assert!(queued.iter().any(|row| !row.warnings.is_empty()));
    }
}
