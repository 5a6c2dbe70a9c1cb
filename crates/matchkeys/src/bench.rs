//! Deterministic benchmark data and the measured loops, shared by the native benchmark
//! (`examples/bench.rs`) and the wasm one (`hashdrop`'s `bench` feature), so both environments
//! run exactly the same work. Not part of the stable API (feature `bench`).

use crate::{Api, Context, Country, HashBatch, MatchKey, RawRecord, UserData, sha256_hex_into};

/// A small, fast, deterministic generator (xorshift64*): no external data, same records on
/// every run and platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let index = usize::try_from(self.next() % items.len() as u64).unwrap_or(0);
        items[index]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + u8::try_from(self.next() % 10).unwrap_or(0)))
            .collect()
    }
}

const FIRST: [&str; 12] = [
    "Mary",
    "JOHN",
    " james ",
    "Patricia",
    "Zoé",
    "Seán",
    "Jean-Pierre",
    "Li",
    "Anaïs",
    "Robert",
    "Jennifer",
    "Michael",
];
const LAST: [&str; 12] = [
    "Smith",
    "Johnson",
    "O'Brien",
    "van Dijk",
    "Müller",
    "Lefèvre",
    "Garcia",
    "WILLIAMS",
    "Brown ",
    "Jones",
    "Nguyen Van",
    "Krüger",
];
const DOMAINS: [&str; 6] = [
    "gmail.com",
    "Yahoo.com",
    "outlook.com",
    "example.co.uk",
    "web.de",
    "orange.fr",
];

/// One typical record: e-mail, phone, first name, last name, ZIP and country, written the messy
/// way real exports write them (mixed case, spaces, national phone layouts, ZIP+4, names).
pub fn records(n: usize) -> Vec<RawRecord> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|i| {
            let first = rng.pick(&FIRST);
            let last = rng.pick(&LAST);
            let mut record = RawRecord::new();
            record.push(
                MatchKey::Email,
                format!(
                    " {}.{}{}@{} ",
                    first.trim(),
                    last.trim().replace(' ', ""),
                    i % 97,
                    rng.pick(&DOMAINS)
                ),
            );
            let (phone, zip, country) = match rng.next() % 4 {
                0 | 1 => (
                    format!("({}) 555-{}", 200 + rng.next() % 700, rng.digits(4)),
                    format!("{}-{}", rng.digits(5), rng.digits(4)),
                    "US",
                ),
                2 => (
                    format!("020 {} {}", rng.digits(4), rng.digits(4)),
                    "SW1A 1AA".to_owned(),
                    "United Kingdom",
                ),
                _ => (format!("+49 176 {}", rng.digits(8)), rng.digits(5), "de"),
            };
            record.push(MatchKey::Phone, phone);
            record.push(MatchKey::FirstName, first);
            record.push(MatchKey::LastName, last);
            record.push(MatchKey::Zip, zip);
            record.push(MatchKey::Country, country);
            record
        })
        .collect()
}

/// The normalized strings of `records` (what the hashing floor hashes).
pub fn normalized(records: &[RawRecord], ctx: &Context<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for record in records {
        let country = record
            .entries()
            .find(|(key, _)| *key == MatchKey::Country)
            .and_then(|(_, raw)| Country::parse(raw).ok());
        let ctx = ctx.with_country(country);
        for (key, raw) in record.entries() {
            if let Ok(Some(value)) = crate::normalize(key, raw, &ctx) {
                out.push(value.value);
            }
        }
    }
    out
}

/// Normalize and hash every value of every record with [`hash`](crate::hash), the record's
/// country in context. Returns a checksum so the work cannot be optimized away.
pub fn hash_values(records: &[RawRecord], ctx: &Context<'_>) -> u64 {
    let mut sum = 0u64;
    for record in records {
        let country = record
            .entries()
            .find(|(key, _)| *key == MatchKey::Country)
            .and_then(|(_, raw)| Country::parse(raw).ok());
        let ctx = ctx.with_country(country);
        for (key, raw) in record.entries() {
            if let Ok(Some(hashed)) = crate::hash(key, raw, Api::Capi, &ctx) {
                sum = sum.wrapping_add(u64::from(hashed.as_bytes()[0]));
            }
        }
    }
    sum
}

/// Build each record's CAPI `user_data` ([`UserData::build`]). Returns a checksum.
pub fn build_user_data(records: &[RawRecord], ctx: &Context<'_>) -> u64 {
    let mut sum = 0u64;
    for record in records {
        let built = UserData::build(record, ctx);
        sum = sum.wrapping_add(built.keys.keys().count() as u64);
    }
    sum
}

/// The hashing floor: SHA-256 hex of each already-normalized string, nothing else.
pub fn sha256_floor(strings: &[String]) -> u64 {
    let mut out = [0u8; 64];
    let mut sum = 0u64;
    for value in strings {
        sha256_hex_into(value, &mut out);
        sum = sum.wrapping_add(u64::from(out[0]));
    }
    sum
}

/// The same strings as [`sha256_floor`], hashed together through one reused [`HashBatch`]
/// (4 lanes of SIMD128 in wasm), [`BATCH`] strings at a time as a file's rows would be.
/// Returns the same checksum as [`sha256_floor`] when both are right.
pub fn sha256_batch(strings: &[String], batch: &mut HashBatch) -> u64 {
    let mut sum = 0u64;
    for chunk in strings.chunks(BATCH) {
        batch.clear();
        for value in chunk {
            batch.push(value);
        }
        batch.hash();
        sum = (0..chunk.len())
            .filter_map(|index| batch.hex(index))
            .fold(sum, |sum, hex| {
                sum.wrapping_add(u64::from(hex.as_bytes()[0]))
            });
    }
    sum
}

/// Strings per batch in [`sha256_batch`]: [`MANY`] records of six identifiers.
pub const BATCH: usize = MANY * 6;

/// Records per [`UserData::build_many`] call in [`build_user_data_many`]: a few thousand values,
/// as the events pipeline would hand over.
pub const MANY: usize = 512;

/// [`UserData::build_many`] of the records, [`MANY`] at a time with one reused batch. Returns
/// the same checksum as [`build_user_data`].
pub fn build_user_data_many(
    records: &[RawRecord],
    ctx: &Context<'_>,
    batch: &mut HashBatch,
) -> u64 {
    let mut sum = 0u64;
    for chunk in records.chunks(MANY) {
        let entries: Vec<Vec<(MatchKey, &str)>> = chunk
            .iter()
            .map(|record| record.entries().collect())
            .collect();
        for built in UserData::build_many(entries.iter().map(Vec::as_slice), ctx, batch) {
            sum = sum.wrapping_add(built.keys.keys().count() as u64);
        }
    }
    sum
}
