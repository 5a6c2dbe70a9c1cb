//! A streaming CSV reader: bytes go in by chunks, records come out as soon as they are complete.
//!
//! The state machine is `csv-core`'s (quoted fields with delimiters, doubled quotes and line
//! breaks inside, CRLF or LF). This module adds what a dropped file needs around it: the UTF-8
//! byte order mark, delimiter detection on the first line, and UTF-8 validation per record, so
//! a file of any size is read with memory bounded by its longest record.

use std::fmt;

use crate::Delimiter;

/// How many bytes are kept, at most, while waiting for the end of the first line to detect the
/// delimiter; past that the delimiter is detected from what has arrived.
const DETECTION_LIMIT: usize = 64 * 1024;

/// Why a file cannot be read as CSV text. Never carries the file's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvError {
    /// The file starts with a UTF-16 byte order mark: it must be saved as UTF-8.
    Utf16,
    /// A record is not valid UTF-8 (the file is in another encoding, such as Latin-1 or GBK).
    InvalidUtf8 {
        /// The 1-based number of the record (the header, when there is one, is record 1).
        record: u64,
    },
}

impl CsvError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Utf16 => "utf16_file",
            Self::InvalidUtf8 { .. } => "invalid_utf8",
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Utf16 => f.write_str(
                "the file is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8",
            ),
            Self::InvalidUtf8 { record } => write!(
                f,
                "record {record} is not valid UTF-8: save the file as UTF-8 (it looks like another encoding)"
            ),
        }
    }
}

impl std::error::Error for CsvError {}

/// One record of a CSV file, borrowed from the reader until the next one.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    number: u64,
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// The 1-based number of this record in the file (a header counts as record 1).
    pub fn number(&self) -> u64 {
        self.number
    }

    /// How many fields this record has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether this record has no field.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The field at `index` (unquoted, unescaped), if the record has that many.
    pub fn get(&self, index: usize) -> Option<&'a str> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        self.text.get(start..end)
    }

    /// Every field in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl Record<'_> {
    /// A copy that outlives the reader's buffer.
    pub fn to_owned(&self) -> OwnedRecord {
        OwnedRecord {
            number: self.number,
            text: self.text.to_string(),
            ends: self.ends.to_vec(),
        }
    }
}

/// A record copied out of the reader (kept while the mapping is being detected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedRecord {
    number: u64,
    text: String,
    ends: Vec<usize>,
}

impl OwnedRecord {
    /// Borrow it as a [`Record`].
    pub fn as_record(&self) -> Record<'_> {
        Record {
            number: self.number,
            text: &self.text,
            ends: &self.ends,
        }
    }

    /// Its fields as strings.
    pub fn fields(&self) -> Vec<String> {
        self.as_record().iter().map(str::to_string).collect()
    }
}

/// What the reader knows about the file so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dialect {
    /// The delimiter in use (`None` until the first line has arrived).
    pub delimiter: Option<Delimiter>,
    /// Whether the file started with a UTF-8 byte order mark.
    pub bom: bool,
}

/// A CSV reader fed by chunks of bytes.
///
/// ```
/// use events::csv::CsvReader;
/// let mut reader = CsvReader::new(None);
/// let mut rows = Vec::new();
/// let mut collect = |r: events::csv::Record<'_>| rows.push(r.iter().map(String::from).collect::<Vec<_>>());
/// reader.feed(b"\xEF\xBB\xBFemail;note\na@b.co;\"x;", &mut collect).unwrap();
/// reader.feed(b"\ny\"\n", &mut collect).unwrap();
/// reader.finish(&mut collect).unwrap();
/// assert_eq!(rows, [vec!["email", "note"], vec!["a@b.co", "x;\ny"]]);
/// ```
pub struct CsvReader {
    forced: Option<Delimiter>,
    dialect: Dialect,
    /// Bytes held back until the delimiter is known.
    pending: Vec<u8>,
    core: Option<csv_core::Reader>,
    output: Vec<u8>,
    ends: Vec<usize>,
    output_len: usize,
    ends_len: usize,
    records: u64,
    failed: Option<CsvError>,
}

impl CsvReader {
    /// A reader; `delimiter` forces one, `None` detects it from the first line.
    pub fn new(delimiter: Option<Delimiter>) -> Self {
        CsvReader {
            forced: delimiter,
            dialect: Dialect::default(),
            pending: Vec::new(),
            core: None,
            output: vec![0; 1024],
            ends: vec![0; 32],
            output_len: 0,
            ends_len: 0,
            records: 0,
            failed: None,
        }
    }

    /// A reader that takes a file up from a record boundary past its start (a slice of it): the
    /// file's `delimiter`, no byte order mark to look for, and `records_before` records already
    /// read, so record numbers (and errors) count from the file's start.
    pub fn resume(delimiter: Delimiter, records_before: u64) -> Self {
        let mut core = parser(delimiter);
        // csv-core drops a UTF-8 byte order mark at the start of its first input; past the
        // file's start those bytes are a field's text. A line end read first (a blank line,
        // skipped) puts the parser past its start without a record.
        let _ = core.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        let mut reader = CsvReader::new(Some(delimiter));
        reader.dialect.delimiter = Some(delimiter);
        reader.core = Some(core);
        reader.records = records_before;
        reader
    }

    /// What has been detected so far.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Read the next chunk, calling `on_record` for every record it completes.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        on_record: &mut impl FnMut(Record<'_>),
    ) -> Result<(), CsvError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if self.core.is_none() {
            self.pending.extend_from_slice(chunk);
            let has_line = self.pending.contains(&b'\n');
            if !has_line && self.pending.len() < DETECTION_LIMIT {
                return Ok(());
            }
            let pending = std::mem::take(&mut self.pending);
            let rest = self.start(&pending)?;
            return self.parse(rest, on_record);
        }
        self.parse(chunk, on_record)
    }

    /// Signal the end of the file, emitting the last record if it had no final line break.
    pub fn finish(&mut self, on_record: &mut impl FnMut(Record<'_>)) -> Result<(), CsvError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if self.core.is_none() {
            let pending = std::mem::take(&mut self.pending);
            let rest = self.start(&pending)?;
            self.parse(rest, on_record)?;
        }
        loop {
            match self.step(&[], on_record)? {
                (csv_core::ReadRecordResult::End, _) => return Ok(()),
                (_, _) => continue,
            }
        }
    }

    /// Handle the byte order mark and pick the delimiter; returns the bytes left to parse.
    fn start<'b>(&mut self, head: &'b [u8]) -> Result<&'b [u8], CsvError> {
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            self.failed = Some(CsvError::Utf16);
            return Err(CsvError::Utf16);
        }
        let body = match head.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            Some(body) => {
                self.dialect.bom = true;
                body
            }
            None => head,
        };
        let delimiter = self
            .forced
            .unwrap_or_else(|| Delimiter::detect(&String::from_utf8_lossy(first_line(body))));
        self.dialect.delimiter = Some(delimiter);
        self.core = Some(parser(delimiter));
        Ok(body)
    }

    fn parse(
        &mut self,
        mut input: &[u8],
        on_record: &mut impl FnMut(Record<'_>),
    ) -> Result<(), CsvError> {
        // An empty input tells csv-core the file has ended: only `finish` may send one.
        while !input.is_empty() {
            let (result, consumed) = self.step(input, on_record)?;
            input = &input[consumed..];
            if result == csv_core::ReadRecordResult::InputEmpty {
                break;
            }
        }
        Ok(())
    }

    /// One call into csv-core; grows the buffers it fills and emits a finished record.
    fn step(
        &mut self,
        input: &[u8],
        on_record: &mut impl FnMut(Record<'_>),
    ) -> Result<(csv_core::ReadRecordResult, usize), CsvError> {
        use csv_core::ReadRecordResult as R;
        let Some(core) = self.core.as_mut() else {
            return Ok((R::End, 0));
        };
        let (result, consumed, written, ended) = core.read_record(
            input,
            &mut self.output[self.output_len..],
            &mut self.ends[self.ends_len..],
        );
        self.output_len += written;
        self.ends_len += ended;
        match result {
            R::OutputFull => self.output.resize(self.output.len() * 2, 0),
            R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
            R::Record => {
                self.records += 1;
                let number = self.records;
                let bytes = &self.output[..self.output_len];
                let text = match std::str::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(_) => {
                        let error = CsvError::InvalidUtf8 { record: number };
                        self.failed = Some(error.clone());
                        return Err(error);
                    }
                };
                on_record(Record {
                    number,
                    text,
                    ends: &self.ends[..self.ends_len],
                });
                self.output_len = 0;
                self.ends_len = 0;
            }
            R::InputEmpty | R::End => {}
        }
        Ok((result, consumed))
    }
}

/// csv-core's parser for `delimiter` (its defaults otherwise: `"` quotes, doubled inside a
/// quoted field, and `\r`, `\n` or `\r\n` end a record).
fn parser(delimiter: Delimiter) -> csv_core::Reader {
    csv_core::ReaderBuilder::new()
        .delimiter(delimiter.byte())
        .build()
}

fn first_line(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_in_chunks(input: &[u8], chunk: usize) -> Result<(Vec<Vec<String>>, Dialect), CsvError> {
        let mut reader = CsvReader::new(None);
        let mut rows = Vec::new();
        let mut collect = |r: Record<'_>| rows.push(r.iter().map(String::from).collect::<Vec<_>>());
        for piece in input.chunks(chunk.max(1)) {
            reader.feed(piece, &mut collect)?;
        }
        reader.finish(&mut collect)?;
        Ok((rows, reader.dialect()))
    }

    #[test]
    fn every_chunk_size_reads_the_same_records() {
        let input = "\u{FEFF}a;b;c\r\n1;\"x;\"\"y\"\"\r\nz\";3\r\n\"\";;\r\nlast;é;€".as_bytes();
        let (expected, dialect) = read_in_chunks(input, input.len()).unwrap();
        assert_eq!(
            expected,
            [
                vec!["a", "b", "c"],
                vec!["1", "x;\"y\"\r\nz", "3"],
                vec!["", "", ""],
                vec!["last", "é", "€"]
            ]
        );
        assert!(dialect.bom);
        assert_eq!(dialect.delimiter, Some(Delimiter::Semicolon));
        for size in 1..input.len() {
            assert_eq!(
                read_in_chunks(input, size).unwrap().0,
                expected,
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn utf16_files_are_refused() {
        let input = [0xFF, 0xFE, b'a', 0, b'\n', 0];
        assert_eq!(read_in_chunks(&input, 3).unwrap_err(), CsvError::Utf16);
    }

    #[test]
    fn invalid_utf8_names_the_record() {
        let input = b"name,city\nJos\xe9,Paris\n";
        let error = read_in_chunks(input, 4).unwrap_err();
        assert_eq!(error, CsvError::InvalidUtf8 { record: 2 });
        assert_eq!(error.code(), "invalid_utf8");
        assert!(error.to_string().contains("record 2"));
    }

    #[test]
    fn blank_lines_and_a_missing_final_newline() {
        let (rows, _) = read_in_chunks(b"a,b\n\n1,2", 2).unwrap();
        assert_eq!(rows, [vec!["a", "b"], vec!["1", "2"]]);
    }

    #[test]
    fn long_fields_grow_the_buffers() {
        let long = "x".repeat(10_000);
        let fields = vec!["f"; 100].join(",");
        let input = format!("{long}\n{fields}\n");
        let (rows, _) = read_in_chunks(input.as_bytes(), 777).unwrap();
        assert_eq!(rows[0], [long]);
        assert_eq!(rows[1].len(), 100);
    }
}
