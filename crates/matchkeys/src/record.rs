//! One record's identifiers to CAPI `user_data` or OCAPI `match_keys`.

use crate::error::{ErrorKind, MatchKeyError};
use crate::normalize::{self, Outcome};
use crate::{Api, Context, Country, HashBatch, MatchKey, Prepared, Warning};
use serde::Serialize;

/// One record of raw identifiers. A key may appear several times (two e-mail columns).
#[derive(Debug, Clone, Default)]
pub struct RawRecord {
    entries: Vec<(MatchKey, String)>,
}

impl RawRecord {
    /// An empty record.
    pub fn new() -> Self {
        RawRecord::default()
    }

    /// Add a raw value. Its index (0-based, in push order) is what [`Built`] reports against.
    pub fn push(&mut self, key: MatchKey, raw: impl Into<String>) {
        self.entries.push((key, raw.into()));
    }

    /// The raw values in push order.
    pub fn entries(&self) -> impl Iterator<Item = (MatchKey, &str)> + '_ {
        self.entries.iter().map(|(key, raw)| (*key, raw.as_str()))
    }

    /// Number of values pushed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The context for a record: its first valid `country` value beats the default. Also returns
/// that value's index and country, so it is not parsed a second time.
fn record_context<'a, S: AsRef<str>>(
    entries: &[(MatchKey, S)],
    ctx: &Context<'a>,
) -> (Context<'a>, Option<(usize, Country)>) {
    let own = entries
        .iter()
        .enumerate()
        .filter(|(_, (key, _))| *key == MatchKey::Country)
        .find_map(|(index, (_, raw))| Country::parse(raw.as_ref()).ok().map(|c| (index, c)));
    match own {
        Some((_, country)) => (ctx.with_country(Some(country)), own),
        None => (*ctx, None),
    }
}

/// What building one record's keys produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Built<T> {
    /// The keys, ready to serialize.
    pub keys: T,
    /// Values that could not be normalized and were dropped, by index into the record's pushes.
    pub rejected: Vec<(usize, MatchKeyError)>,
    /// Values kept with a remark, by index into the record's pushes.
    pub warnings: Vec<(usize, Warning)>,
}

/// A value waiting for its place in the output.
enum Value {
    /// Sent as it is (unhashed keys, digests passed through).
    Text(String),
    /// Its hash, by index in the batch.
    Hash(usize),
}

/// One value of a record, in push order, once normalized.
struct Pending {
    /// Index into the record's pushes.
    index: usize,
    /// The key whose slot receives it (the OCAPI date parts go to `doby`, `dobm`, `dobd`).
    slot: MatchKey,
    value: Value,
    warning: Option<Warning>,
}

/// Values to hash into the slots of the given keys, when a key is handled specially (OCAPI
/// splits a full date of birth into three parts).
type Special = Option<Result<Vec<(MatchKey, String)>, MatchKeyError>>;

/// Normalize every value of every record, hash them all in one [`HashBatch`] (in lanes where
/// the platform has them), then fill each record's `T`. `special` handles a key itself when it
/// returns `Some`; `slot` says where the other keys go (`None`: no field for this API).
fn build_all<'r, T: Default, S: AsRef<str> + 'r>(
    records: impl IntoIterator<Item = &'r [(MatchKey, S)]>,
    ctx: &Context<'_>,
    api: Api,
    batch: &mut HashBatch,
    mut special: impl FnMut(MatchKey, &str, &Context<'_>) -> Special,
    slot: impl for<'a> Fn(&'a mut T, MatchKey) -> Option<Slot<'a>>,
) -> Vec<Built<T>> {
    batch.clear();
    let mut pending = Vec::with_capacity(batch.capacity());
    // Each record's output so far, and where its values end in `pending`.
    let mut built = Vec::new();
    // Every value is normalized into this one buffer, then copied into the batch.
    let mut scratch = String::new();
    for entries in records {
        let (ctx, own_country) = record_context(entries, ctx);
        let mut record = Built {
            keys: T::default(),
            rejected: Vec::new(),
            warnings: Vec::new(),
        };
        for (index, (key, raw)) in entries.iter().enumerate() {
            let (key, raw) = (*key, raw.as_ref());
            if let Some(done) = special(key, raw, &ctx) {
                match done {
                    Err(error) => record.rejected.push((index, error)),
                    Ok(parts) => pending.extend(parts.into_iter().map(|(slot, part)| Pending {
                        index,
                        slot,
                        value: Value::Hash(batch.push(&part)),
                        warning: None,
                    })),
                }
                continue;
            }
            if slot(&mut record.keys, key).is_none() {
                continue;
            }
            let prepared = match own_country {
                // The country value the context came from: already parsed, and a parsed
                // country is never a digest.
                Some((own_index, country)) if own_index == index => {
                    scratch.clear();
                    scratch.push_str(country.as_str());
                    Ok(Prepared::ToHash(None))
                }
                _ => crate::prepare(key, raw, api, &ctx, &mut scratch),
            };
            let (value, warning) = match prepared {
                Err(error) => {
                    record.rejected.push((index, error));
                    continue;
                }
                Ok(Prepared::Empty) => continue,
                Ok(Prepared::Ready(warning)) => (Value::Text(scratch.clone()), warning),
                Ok(Prepared::ToHash(warning)) => (Value::Hash(batch.push(&scratch)), warning),
            };
            pending.push(Pending {
                index,
                slot: key,
                value,
                warning,
            });
        }
        built.push((record, pending.len()));
    }
    batch.hash();
    let mut values = pending.into_iter();
    let mut start = 0;
    built
        .into_iter()
        .map(|(mut record, end)| {
            for Pending {
                index,
                slot: key,
                value,
                warning,
            } in values.by_ref().take(end - start)
            {
                let value = match value {
                    Value::Text(text) => text,
                    Value::Hash(at) => batch.hex_owned(at),
                };
                match slot(&mut record.keys, key) {
                    Some(Slot::Many(values)) => add(values, value),
                    Some(Slot::One(value_slot)) => set_once(value_slot, value),
                    None => continue,
                }
                if let Some(warning) = warning {
                    record.warnings.push((index, warning));
                }
            }
            start = end;
            record
        })
        .collect()
}

/// [`build_all`] of one record.
fn build_one<T: Default, S: AsRef<str>>(
    entries: &[(MatchKey, S)],
    ctx: &Context<'_>,
    api: Api,
    special: impl FnMut(MatchKey, &str, &Context<'_>) -> Special,
    slot: impl for<'a> Fn(&'a mut T, MatchKey) -> Option<Slot<'a>>,
) -> Built<T> {
    // One batch per thread, reused record after record: building a record then allocates
    // nothing for its hashing once the batch has held the longest record so far.
    ONE_RECORD_BATCH.with(|reused| {
        let built = match reused.try_borrow_mut() {
            Ok(mut batch) => build_all([entries], ctx, api, &mut batch, special, slot),
            // Only when `special` or `slot` built a record themselves (re-entrance).
            Err(_) => build_all([entries], ctx, api, &mut HashBatch::new(), special, slot),
        };
        built.into_iter().next().unwrap_or_else(|| Built {
            keys: T::default(),
            rejected: Vec::new(),
            warnings: Vec::new(),
        })
    })
}

thread_local! {
    /// The batch [`build_one`] reuses. Its size is that of the largest record built on this
    /// thread (a few hundred bytes for real records).
    static ONE_RECORD_BATCH: std::cell::RefCell<HashBatch> =
        std::cell::RefCell::new(HashBatch::new());
}

fn add(values: &mut Vec<String>, value: String) {
    if !values.contains(&value) {
        values.push(value);
    }
}

fn set_once(slot: &mut Option<String>, value: String) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// CAPI `user_data`: hashed keys are arrays of deduplicated hashes, in the order Meta documents
/// (em, ph, fn, ln, ge, db, ct, st, zp, country, external_id); `madid` and `lead_id` are plain
/// strings, sent raw (the first value wins). Serializes to exactly the JSON Meta takes; absent
/// keys are left out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct UserData {
    /// E-mail hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub em: Vec<String>,
    /// Phone hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ph: Vec<String>,
    /// First-name hashes.
    #[serde(rename = "fn", skip_serializing_if = "Vec::is_empty")]
    pub first_name: Vec<String>,
    /// Last-name hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ln: Vec<String>,
    /// Gender hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ge: Vec<String>,
    /// Date-of-birth hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub db: Vec<String>,
    /// City hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ct: Vec<String>,
    /// State hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub st: Vec<String>,
    /// Postal-code hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zp: Vec<String>,
    /// Country hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub country: Vec<String>,
    /// External ids (hashed unless [`Options::hash_external_id`](crate::Options) is off).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub external_id: Vec<String>,
    /// Mobile advertiser id, lowercase, not hashed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub madid: Option<String>,
    /// Lead id, digits, not hashed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
}

impl UserData {
    /// Normalize and hash every value of `record`. The record's own `country` value (its first
    /// valid one) sets the context country. The OCAPI-only keys (`doby`, `dobm`, `dobd`, `fi`,
    /// `f5first`, `f5last`) have no CAPI field and are skipped.
    pub fn build(record: &RawRecord, ctx: &Context<'_>) -> Built<UserData> {
        Self::build_from(&record.entries, ctx)
    }

    /// [`UserData::build`] of values the caller lends instead of a [`RawRecord`] of owned
    /// copies (a CSV row's cells): `entries` in push order, with the same indexes in
    /// [`Built`].
    ///
    /// ```
    /// use matchkeys::{Context, MatchKey, Options, UserData};
    /// let options = Options::new(2026);
    /// let row = [(MatchKey::Email, " A@Example.com "), (MatchKey::Zip, "94301-1234")];
    /// let built = UserData::build_from(&row, &Context::new(&options));
    /// assert_eq!(built.keys.em.len(), 1);
    /// assert_eq!(built.keys.zp, [matchkeys::sha256_hex("94301")]);
    /// ```
    pub fn build_from<S: AsRef<str>>(
        entries: &[(MatchKey, S)],
        ctx: &Context<'_>,
    ) -> Built<UserData> {
        build_one(entries, ctx, Api::Capi, |_, _, _| None, UserData::slot)
    }

    /// [`UserData::build`] of many records, their values hashed together in one `batch` (in
    /// lanes where the platform has them): the fastest way through a file. The batch is
    /// cleared first and may be reused call after call, so its allocations are made once.
    /// The results are in the records' order, each exactly what [`UserData::build_from`] gives.
    pub fn build_many<'r, S: AsRef<str> + 'r>(
        records: impl IntoIterator<Item = &'r [(MatchKey, S)]>,
        ctx: &Context<'_>,
        batch: &mut HashBatch,
    ) -> Vec<Built<UserData>> {
        build_all(
            records,
            ctx,
            Api::Capi,
            batch,
            |_, _, _| None,
            UserData::slot,
        )
    }

    fn slot(&mut self, key: MatchKey) -> Option<Slot<'_>> {
        Some(match key {
            MatchKey::Email => Slot::Many(&mut self.em),
            MatchKey::Phone => Slot::Many(&mut self.ph),
            MatchKey::FirstName => Slot::Many(&mut self.first_name),
            MatchKey::LastName => Slot::Many(&mut self.ln),
            MatchKey::Gender => Slot::Many(&mut self.ge),
            MatchKey::DateOfBirth => Slot::Many(&mut self.db),
            MatchKey::City => Slot::Many(&mut self.ct),
            MatchKey::State => Slot::Many(&mut self.st),
            MatchKey::Zip => Slot::Many(&mut self.zp),
            MatchKey::Country => Slot::Many(&mut self.country),
            MatchKey::ExternalId => Slot::Many(&mut self.external_id),
            MatchKey::Madid => Slot::One(&mut self.madid),
            MatchKey::LeadId => Slot::One(&mut self.lead_id),
            _ => return None,
        })
    }

    fn present(&self, key: MatchKey) -> bool {
        match key {
            MatchKey::Email => !self.em.is_empty(),
            MatchKey::Phone => !self.ph.is_empty(),
            MatchKey::FirstName => !self.first_name.is_empty(),
            MatchKey::LastName => !self.ln.is_empty(),
            MatchKey::Gender => !self.ge.is_empty(),
            MatchKey::DateOfBirth => !self.db.is_empty(),
            MatchKey::City => !self.ct.is_empty(),
            MatchKey::State => !self.st.is_empty(),
            MatchKey::Zip => !self.zp.is_empty(),
            MatchKey::Country => !self.country.is_empty(),
            MatchKey::ExternalId => !self.external_id.is_empty(),
            MatchKey::Madid => self.madid.is_some(),
            MatchKey::LeadId => self.lead_id.is_some(),
            _ => false,
        }
    }

    /// Whether no key is present (the event would have nothing to match on).
    pub fn is_empty(&self) -> bool {
        self.keys().next().is_none()
    }

    /// The keys present, in CAPI order (for coverage counts).
    pub fn keys(&self) -> impl Iterator<Item = MatchKey> + '_ {
        MatchKey::ALL.into_iter().filter(|key| self.present(*key))
    }

    /// Hand this record's strings to `batch` once they are written out, for the next records'
    /// hashes ([`HashBatch::recycle`]).
    pub fn recycle(self, batch: &mut HashBatch) {
        let lists = [
            self.em,
            self.ph,
            self.first_name,
            self.ln,
            self.ge,
            self.db,
            self.ct,
            self.st,
            self.zp,
            self.country,
            self.external_id,
        ];
        let single = self.madid.into_iter().chain(self.lead_id);
        batch.recycle(lists.into_iter().flatten().chain(single));
    }
}

/// Where one key's values go in the output.
enum Slot<'a> {
    Many(&'a mut Vec<String>),
    One(&'a mut Option<String>),
}

/// OCAPI `match_keys` (legacy names): hashed keys are arrays of deduplicated hashes, as the
/// source documents show for `email` and `phone`; `lead_id` is a plain string. A full date of
/// birth (`db`) is split into `doby`, `dobm` and `dobd`, the parts OCAPI takes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MatchKeys {
    /// E-mail hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email: Vec<String>,
    /// Phone hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phone: Vec<String>,
    /// Gender hashes.
    #[serde(rename = "gen", skip_serializing_if = "Vec::is_empty")]
    pub gender: Vec<String>,
    /// Birth-year hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub doby: Vec<String>,
    /// Birth-month hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dobm: Vec<String>,
    /// Birth-day hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dobd: Vec<String>,
    /// Last-name hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ln: Vec<String>,
    /// First-name hashes.
    #[serde(rename = "fn", skip_serializing_if = "Vec::is_empty")]
    pub first_name: Vec<String>,
    /// First-initial hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fi: Vec<String>,
    /// Hashes of the first five characters of the first name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub f5first: Vec<String>,
    /// Hashes of the first five characters of the last name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub f5last: Vec<String>,
    /// City hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ct: Vec<String>,
    /// State hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub st: Vec<String>,
    /// Postal-code hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zip: Vec<String>,
    /// Country hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub country: Vec<String>,
    /// External ids (hashed unless [`Options::hash_external_id`](crate::Options) is off).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extern_id: Vec<String>,
    /// Mobile advertiser id hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub madid: Vec<String>,
    /// Lead id, digits, not hashed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
}

impl MatchKeys {
    /// Normalize and hash every value of `record` for OCAPI. The record's own `country` value
    /// (its first valid one) sets the context country.
    pub fn build(record: &RawRecord, ctx: &Context<'_>) -> Built<MatchKeys> {
        Self::build_from(&record.entries, ctx)
    }

    /// [`MatchKeys::build`] of values the caller lends (see [`UserData::build_from`]).
    pub fn build_from<S: AsRef<str>>(
        entries: &[(MatchKey, S)],
        ctx: &Context<'_>,
    ) -> Built<MatchKeys> {
        build_one(entries, ctx, Api::Ocapi, Self::split_date, Self::some_slot)
    }

    /// [`MatchKeys::build`] of many records, hashed together in one `batch` (see
    /// [`UserData::build_many`]).
    pub fn build_many<'r, S: AsRef<str> + 'r>(
        records: impl IntoIterator<Item = &'r [(MatchKey, S)]>,
        ctx: &Context<'_>,
        batch: &mut HashBatch,
    ) -> Vec<Built<MatchKeys>> {
        build_all(
            records,
            ctx,
            Api::Ocapi,
            batch,
            Self::split_date,
            Self::some_slot,
        )
    }

    /// A full date of birth goes to OCAPI as its three parts.
    fn split_date(key: MatchKey, raw: &str, ctx: &Context<'_>) -> Special {
        (key == MatchKey::DateOfBirth).then(|| {
            Ok(match Self::date_parts(raw, ctx)? {
                Some([year, month, day]) => vec![
                    (MatchKey::BirthYear, year),
                    (MatchKey::BirthMonth, month),
                    (MatchKey::BirthDay, day),
                ],
                None => Vec::new(),
            })
        })
    }

    /// `YYYY`, `MM`, `DD` of a full date of birth. An already-hashed `db` cannot be split.
    fn date_parts(raw: &str, ctx: &Context<'_>) -> Result<Option<[String; 3]>, MatchKeyError> {
        match normalize::outcome(MatchKey::DateOfBirth, raw, ctx)? {
            Outcome::Empty => Ok(None),
            Outcome::Hashed(_) => Err(MatchKeyError::new(
                MatchKey::DateOfBirth,
                ErrorKind::DateLayout,
            )),
            Outcome::Value(date, _) => Ok(Some([
                date[..4].to_owned(),
                date[4..6].to_owned(),
                date[6..].to_owned(),
            ])),
        }
    }

    /// Every key has a field in OCAPI.
    fn some_slot(&mut self, key: MatchKey) -> Option<Slot<'_>> {
        Some(self.slot(key))
    }

    fn slot(&mut self, key: MatchKey) -> Slot<'_> {
        match key {
            MatchKey::Email => Slot::Many(&mut self.email),
            MatchKey::Phone => Slot::Many(&mut self.phone),
            MatchKey::Gender => Slot::Many(&mut self.gender),
            MatchKey::BirthYear | MatchKey::DateOfBirth => Slot::Many(&mut self.doby),
            MatchKey::BirthMonth => Slot::Many(&mut self.dobm),
            MatchKey::BirthDay => Slot::Many(&mut self.dobd),
            MatchKey::LastName => Slot::Many(&mut self.ln),
            MatchKey::FirstName => Slot::Many(&mut self.first_name),
            MatchKey::FirstInitial => Slot::Many(&mut self.fi),
            MatchKey::FirstNameFirst5 => Slot::Many(&mut self.f5first),
            MatchKey::LastNameFirst5 => Slot::Many(&mut self.f5last),
            MatchKey::City => Slot::Many(&mut self.ct),
            MatchKey::State => Slot::Many(&mut self.st),
            MatchKey::Zip => Slot::Many(&mut self.zip),
            MatchKey::Country => Slot::Many(&mut self.country),
            MatchKey::ExternalId => Slot::Many(&mut self.extern_id),
            MatchKey::Madid => Slot::Many(&mut self.madid),
            MatchKey::LeadId => Slot::One(&mut self.lead_id),
        }
    }

    fn present(&self, key: MatchKey) -> bool {
        let many = match key {
            MatchKey::Email => &self.email,
            MatchKey::Phone => &self.phone,
            MatchKey::Gender => &self.gender,
            MatchKey::BirthYear => &self.doby,
            MatchKey::BirthMonth => &self.dobm,
            MatchKey::BirthDay => &self.dobd,
            MatchKey::LastName => &self.ln,
            MatchKey::FirstName => &self.first_name,
            MatchKey::FirstInitial => &self.fi,
            MatchKey::FirstNameFirst5 => &self.f5first,
            MatchKey::LastNameFirst5 => &self.f5last,
            MatchKey::City => &self.ct,
            MatchKey::State => &self.st,
            MatchKey::Zip => &self.zip,
            MatchKey::Country => &self.country,
            MatchKey::ExternalId => &self.extern_id,
            MatchKey::Madid => &self.madid,
            MatchKey::LeadId => return self.lead_id.is_some(),
            MatchKey::DateOfBirth => return false,
        };
        !many.is_empty()
    }

    /// Whether no key is present.
    pub fn is_empty(&self) -> bool {
        self.keys().next().is_none()
    }

    /// The keys present (`db` is reported as its parts).
    pub fn keys(&self) -> impl Iterator<Item = MatchKey> + '_ {
        MatchKey::ALL.into_iter().filter(|key| self.present(*key))
    }

    /// Hand this record's strings to `batch` once they are written out, for the next records'
    /// hashes ([`HashBatch::recycle`]).
    pub fn recycle(self, batch: &mut HashBatch) {
        let lists = [
            self.email,
            self.phone,
            self.gender,
            self.doby,
            self.dobm,
            self.dobd,
            self.ln,
            self.first_name,
            self.fi,
            self.f5first,
            self.f5last,
            self.ct,
            self.st,
            self.zip,
            self.country,
            self.extern_id,
            self.madid,
        ];
        batch.recycle(lists.into_iter().flatten().chain(self.lead_id));
    }
}
