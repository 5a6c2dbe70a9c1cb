//! Group events into request bodies: at most 1,000 (CAPI) or 2,000 (OCAPI) events, and at most
//! a byte size, each body exactly what is posted.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use sha2::{Digest, Sha256};

/// The top-level fields every request of a file carries besides `data`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopLevel {
    /// `upload_tag`.
    pub upload_tag: String,
    /// CAPI `test_event_code`.
    pub test_event_code: Option<String>,
    /// CAPI `partner_agent`.
    pub partner_agent: Option<String>,
    /// OCAPI `namespace_id`.
    pub namespace_id: Option<String>,
}

impl TopLevel {
    /// `,"upload_tag":…` and the other fields, as JSON text to close a body with.
    fn json_fields(&self) -> String {
        let mut fields = String::new();
        let mut add = |name: &str, value: &str| {
            fields.push_str(&format!(",\"{name}\":"));
            fields.push_str(&serde_json::to_string(value).unwrap_or_default());
        };
        add("upload_tag", &self.upload_tag);
        if let Some(code) = &self.test_event_code {
            add("test_event_code", code);
        }
        if let Some(agent) = &self.partner_agent {
            add("partner_agent", agent);
        }
        if let Some(namespace) = &self.namespace_id {
            add("namespace_id", namespace);
        }
        fields
    }

    fn serialize_into<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("upload_tag", &self.upload_tag)?;
        if let Some(code) = &self.test_event_code {
            map.serialize_entry("test_event_code", code)?;
        }
        if let Some(agent) = &self.partner_agent {
            map.serialize_entry("partner_agent", agent)?;
        }
        if let Some(namespace) = &self.namespace_id {
            map.serialize_entry("namespace_id", namespace)?;
        }
        Ok(())
    }
}

/// One request body and the data rows it carries.
#[derive(Debug, Clone)]
pub struct Batch {
    /// 0-based position of the batch in the file.
    pub index: usize,
    /// The data-row number of each event, in `data` order.
    pub rows: Vec<u64>,
    /// The events' JSON texts, comma-separated: the inside of `data` (each event serialized
    /// once, when its row was accepted, into one buffer per batch).
    pub(crate) text: String,
    /// Where each event's text ends in `text`.
    ends: Vec<usize>,
    top: TopLevel,
}

impl Batch {
    /// How many events the batch holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the batch holds no event (never true for an emitted batch).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The request body as JSON text, exactly as it is posted.
    pub fn to_json(&self) -> String {
        let top = self.top.json_fields();
        let mut json = String::with_capacity(self.text.len() + top.len() + 12);
        json.push_str("{\"data\":[");
        json.push_str(&self.text);
        json.push(']');
        json.push_str(&top);
        json.push('}');
        json
    }

    /// The request body as a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.to_json()).unwrap_or_default()
    }

    /// The events, each as its JSON text.
    pub fn events(&self) -> impl Iterator<Item = &str> {
        // Each event after the first starts one past the comma that ends the one before.
        let starts = std::iter::once(0).chain(self.ends.iter().map(|end| end + 1));
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.text.get(start..end).unwrap_or_default())
    }

    /// Events already serialized (`text` their JSON texts comma-separated, `ends` where each
    /// ends), to be batched again: a slice's events on their way to the file's batcher.
    pub(crate) fn part(rows: Vec<u64>, text: String, ends: Vec<usize>) -> Batch {
        Batch {
            index: 0,
            rows,
            text,
            ends,
            top: TopLevel::default(),
        }
    }

    /// SHA-256 hex of the body: identifies the batch in an upload plan.
    pub fn digest(&self) -> String {
        let digest = Sha256::digest(self.to_json().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl Serialize for Batch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let data: Vec<&serde_json::value::RawValue> = self
            .events()
            .filter_map(|e| serde_json::from_str(e).ok())
            .collect();
        map.serialize_entry("data", &data)?;
        self.top.serialize_into(&mut map)?;
        map.end()
    }
}

/// An event larger than a whole request may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventTooLarge;

/// Collects events into batches as they come.
#[derive(Debug)]
pub struct Batcher {
    max_events: usize,
    max_bytes: usize,
    top: TopLevel,
    overhead: usize,
    /// The batch being filled: its events' texts, comma-separated, and where each ends.
    text: String,
    ends: Vec<usize>,
    rows: Vec<u64>,
    next_index: usize,
    ready: Vec<Batch>,
}

impl Batcher {
    /// Batches of at most `max_events` events and `max_bytes` bytes of body.
    pub fn new(max_events: usize, max_bytes: usize, top: TopLevel) -> Self {
        let empty = Batch {
            index: 0,
            rows: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
            top: top.clone(),
        };
        let overhead = empty.to_json().len();
        Batcher {
            max_events,
            max_bytes,
            top,
            overhead,
            text: String::new(),
            ends: Vec::new(),
            rows: Vec::new(),
            next_index: 0,
            ready: Vec::new(),
        }
    }

    /// Add the event of data row `row`; closes the current batch first when it would overflow.
    pub fn push(&mut self, row: u64, event: String) -> Result<(), EventTooLarge> {
        self.push_str(row, &event)
    }

    /// [`Batcher::push`] of an event's text the caller keeps (and may reuse for the next row):
    /// the batch copies it into its own buffer.
    pub fn push_str(&mut self, row: u64, event: &str) -> Result<(), EventTooLarge> {
        self.push_with(row, |out| out.push_str(event))
    }

    /// [`Batcher::push`] of an event that `write` appends to the text it is given: the event
    /// is written straight into the batch, with no copy of it made (but when it does not fit
    /// the batch being filled, which is then closed and the event moved to the next one).
    pub fn push_with(
        &mut self,
        row: u64,
        write: impl FnOnce(&mut String),
    ) -> Result<(), EventTooLarge> {
        let before = self.text.len();
        // One comma between events.
        let comma = !self.ends.is_empty();
        if comma {
            self.text.push(',');
        }
        let start = self.text.len();
        write(&mut self.text);
        if self.overhead + (self.text.len() - start) > self.max_bytes {
            self.text.truncate(before);
            return Err(EventTooLarge);
        }
        if comma && self.overhead + self.text.len() > self.max_bytes {
            let event = self.text.split_off(start);
            self.text.truncate(before);
            self.close();
            self.text.push_str(&event);
        }
        self.ends.push(self.text.len());
        self.rows.push(row);
        if self.ends.len() >= self.max_events {
            self.close();
        }
        Ok(())
    }

    /// Close the batch being filled, if it holds anything.
    pub fn close(&mut self) {
        if self.ends.is_empty() {
            return;
        }
        // The next batch is likely as large: reserve it once instead of growing step by step.
        let size = self.text.len();
        let text = std::mem::replace(&mut self.text, String::with_capacity(size));
        let batch = Batch {
            index: self.next_index,
            rows: std::mem::take(&mut self.rows),
            text,
            ends: std::mem::take(&mut self.ends),
            top: self.top.clone(),
        };
        self.next_index += 1;
        self.ready.push(batch);
    }

    /// The batches completed so far.
    pub fn take_ready(&mut self) -> Vec<Batch> {
        std::mem::take(&mut self.ready)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: u64) -> String {
        format!("{{\"n\":{n}}}")
    }

    #[test]
    fn closes_on_the_event_count() {
        let mut batcher = Batcher::new(
            2,
            10_000,
            TopLevel {
                upload_tag: "t".into(),
                ..TopLevel::default()
            },
        );
        for n in 1..=5 {
            batcher.push(n, event(n)).unwrap();
        }
        batcher.close();
        let batches = batcher.take_ready();
        assert_eq!(
            batches.iter().map(|b| b.rows.clone()).collect::<Vec<_>>(),
            [vec![1, 2], vec![3, 4], vec![5]]
        );
        assert_eq!(
            batches[0].to_json(),
            r#"{"data":[{"n":1},{"n":2}],"upload_tag":"t"}"#
        );
        assert_eq!(batches[2].index, 2);
        assert_eq!(
            serde_json::to_string(&batches[0]).unwrap(),
            batches[0].to_json()
        );
    }

    #[test]
    fn closes_before_the_byte_limit() {
        let top = TopLevel {
            upload_tag: "t".into(),
            test_event_code: Some("TEST1".into()),
            ..TopLevel::default()
        };
        let limit = 75;
        let mut batcher = Batcher::new(1000, limit, top);
        for n in 1..=20 {
            batcher.push(n, event(n)).unwrap();
        }
        batcher.close();
        let batches = batcher.take_ready();
        assert!(batches.len() > 1);
        for batch in &batches {
            assert!(batch.to_json().len() <= limit, "{}", batch.to_json());
        }
        let rows: Vec<u64> = batches.iter().flat_map(|b| b.rows.clone()).collect();
        assert_eq!(rows, (1..=20).collect::<Vec<_>>());
        let big = format!("\"{}\"", "x".repeat(100));
        assert_eq!(batcher.push(21, big), Err(EventTooLarge));
    }

    #[test]
    fn events_written_in_place_fill_each_batch_up_to_the_limit() {
        let top = TopLevel {
            upload_tag: "t".into(),
            ..TopLevel::default()
        };
        let limit = 80;
        let mut batcher = Batcher::new(1000, limit, top);
        let big = format!("\"{}\"", "x".repeat(100));
        let mut kept = Vec::new();
        for n in 1..=30u64 {
            // A too-large event in the middle of a batch leaves nothing of itself behind.
            let text = if n % 7 == 0 { big.clone() } else { event(n) };
            let result = batcher.push_with(n, |out| out.push_str(&text));
            assert_eq!(result.is_err(), n % 7 == 0, "event {n}");
            if result.is_ok() {
                kept.push(n);
            }
        }
        batcher.close();
        let batches = batcher.take_ready();
        assert!(batches.len() > 2);
        let rows: Vec<u64> = batches.iter().flat_map(|b| b.rows.clone()).collect();
        assert_eq!(rows, kept);
        for (batch, next) in batches.iter().zip(batches.iter().skip(1)) {
            let json = batch.to_json();
            assert!(json.len() <= limit, "{json}");
            let events: Vec<String> = batch.events().map(str::to_owned).collect();
            let expected: Vec<String> = batch.rows.iter().map(|n| event(*n)).collect();
            assert_eq!(events, expected);
            // Closed only when the next event did not fit.
            let first_next = event(next.rows[0]);
            assert!(
                json.len() + 1 + first_next.len() > limit,
                "{json} + {first_next}"
            );
        }
    }
}
