//! Many normalized values in one buffer, hashed together in lanes.

use crate::lanes;

/// Normalized values collected into one buffer, then SHA-256-hashed together: four at a time
/// in the lanes of wasm SIMD128, through `sha2` (SHA-NI where the CPU has it) natively. Values
/// longer than one SHA-256 block (55 bytes) take `sha2` everywhere. The digests are exactly
/// [`sha256_hex`](crate::sha256_hex)'s.
///
/// Reuse one batch for many records ([`HashBatch::clear`] keeps the allocations), so hashing
/// a file allocates nothing per value.
///
/// ```
/// let mut batch = matchkeys::HashBatch::new();
/// let mary = batch.push("mary");
/// let us = batch.push("us");
/// batch.hash();
/// assert_eq!(batch.hex(mary), Some(matchkeys::sha256_hex("mary").as_str()));
/// assert_eq!(batch.hex(us), Some(matchkeys::sha256_hex("us").as_str()));
/// ```
#[derive(Debug, Clone, Default)]
pub struct HashBatch {
    /// Every value, one after the other.
    text: Vec<u8>,
    /// Where each value ends in `text` (the next one starts there).
    ends: Vec<usize>,
    /// The hex digest of each value hashed so far (the first `hex.len()` values), written
    /// there by the lanes directly.
    hex: Vec<[u8; 64]>,
    /// Strings handed back by [`HashBatch::recycle`], reused for the next owned hashes.
    spare: Vec<String>,
}

impl HashBatch {
    /// An empty batch.
    pub fn new() -> Self {
        HashBatch::default()
    }

    /// An empty batch with room for `values` values of `bytes` bytes in all, so that filling
    /// it up to there allocates nothing more.
    pub fn with_capacity(values: usize, bytes: usize) -> Self {
        HashBatch {
            text: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(values),
            hex: Vec::with_capacity(values),
            spare: Vec::new(),
        }
    }

    /// Add a normalized value (hashed as its UTF-8 bytes, as is); returns its index.
    pub fn push(&mut self, normalized: &str) -> usize {
        self.text.extend_from_slice(normalized.as_bytes());
        self.ends.push(self.text.len());
        self.ends.len() - 1
    }

    /// Number of values pushed since the batch was made or cleared.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// How many values the batch holds without allocating.
    pub fn capacity(&self) -> usize {
        self.ends.capacity()
    }

    /// Whether no value was pushed.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Hash every value pushed since the last call.
    pub fn hash(&mut self) {
        let done = self.hex.len();
        if done == self.ends.len() {
            return;
        }
        let first_start = done.checked_sub(1).map_or(0, |last| self.ends[last]);
        self.hex.resize(self.ends.len(), [0; 64]);
        lanes::hex_each(
            &self.text,
            first_start,
            &self.ends[done..],
            &mut self.hex[done..],
        );
    }

    /// The SHA-256 of value `index` as 64 lowercase hex characters, once [`HashBatch::hash`]
    /// has run since it was pushed; `None` before, or for an index never returned by
    /// [`HashBatch::push`].
    #[allow(unsafe_code)]
    pub fn hex(&self, index: usize) -> Option<&str> {
        let hex = self.hex_bytes(index)?;
        debug_assert!(hex.is_ascii());
        // SAFETY: every byte of `self.hex` is ASCII, so valid UTF-8: the vector only grows by
        // `resize` with zeros, which `lanes::hex_each` then overwrites with lowercase hex
        // digits (a table of them natively, a swizzle of nibbles into them in wasm). Checking
        // it again on every read was 2% of the wasm pipeline's time.
        Some(unsafe { std::str::from_utf8_unchecked(hex) })
    }

    /// [`HashBatch::hex`] as the 64 ASCII bytes, for writers that copy bytes.
    ///
    /// ```
    /// let mut batch = matchkeys::HashBatch::new();
    /// let us = batch.push("us");
    /// assert_eq!(batch.hex_bytes(us), None);
    /// batch.hash();
    /// assert_eq!(batch.hex_bytes(us).map(|hex| &hex[..]), Some(matchkeys::sha256_hex("us").as_bytes()));
    /// ```
    pub fn hex_bytes(&self, index: usize) -> Option<&[u8; 64]> {
        self.hex.get(index)
    }

    /// [`HashBatch::hex`] as an owned `String`, made from a string handed back by
    /// [`HashBatch::recycle`] when there is one (so filling record after record allocates no
    /// string per hash once the first records' strings come back); empty for an index not
    /// hashed.
    pub(crate) fn hex_owned(&mut self, index: usize) -> String {
        let mut owned = self.spare.pop().unwrap_or_default();
        owned.clear();
        owned.push_str(self.hex(index).unwrap_or_default());
        owned
    }

    /// Hand back strings that are no longer needed (the hashes of records already written
    /// out, by [`UserData::recycle`](crate::UserData::recycle) or
    /// [`MatchKeys::recycle`](crate::MatchKeys::recycle)), for the next records' hashes. The
    /// batch keeps at most as many as it has held values, so what it keeps stays bounded by
    /// the largest batch.
    ///
    /// ```
    /// use matchkeys::{Context, HashBatch, MatchKey, Options, UserData};
    /// let options = Options::new(2026);
    /// let ctx = Context::new(&options);
    /// let mut batch = HashBatch::new();
    /// let rows = [[(MatchKey::Email, "a@example.com")], [(MatchKey::Email, "b@example.com")]];
    /// let first = UserData::build_many(rows.iter().map(|r| &r[..]), &ctx, &mut batch);
    /// let pointers: Vec<*const u8> = first.iter().map(|b| b.keys.em[0].as_ptr()).collect();
    /// for built in first {
    ///     built.keys.recycle(&mut batch);
    /// }
    /// let again = UserData::build_many(rows.iter().map(|r| &r[..]), &ctx, &mut batch);
    /// assert_eq!(again[0].keys.em, [matchkeys::sha256_hex("a@example.com")]);
    /// // The same allocations, reused.
    /// assert!(again.iter().all(|b| pointers.contains(&b.keys.em[0].as_ptr())));
    /// ```
    pub fn recycle(&mut self, strings: impl IntoIterator<Item = String>) {
        let keep = self.hex.capacity().max(self.ends.capacity());
        for string in strings {
            if self.spare.len() >= keep {
                break;
            }
            self.spare.push(string);
        }
    }

    /// Forget every value, keeping the allocations for the next ones.
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.hex.clear();
    }

    /// How many values the platform hashes at once: 4 in wasm with SIMD128, 1 natively (where
    /// `sha2`'s SHA-NI path is faster than any lanes).
    pub fn lanes() -> usize {
        lanes::LANES
    }
}
