//! Everything the emulator holds: the Graph objects (seeded and created), the events it accepted,
//! the rejected calls, the registered tokens and the clock. Serializable, so `--state FILE` can
//! keep a demo across restarts.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// The seeded demo business.
pub const BUSINESS_ID: &str = "100000000000001";
/// The seeded second business (a client or agency).
pub const CLIENT_BUSINESS_ID: &str = "100000000000009";
/// The seeded ad account's number (`act_` + this is its node id).
pub const AD_ACCOUNT_ID: &str = "200000000000002";
/// The seeded ad.
pub const AD_ID: &str = "300000000000003";
/// The seeded dataset (pixel).
pub const DATASET_ID: &str = "400000000000004";
/// The seeded ad's campaign.
pub const CAMPAIGN_ID: &str = "500000000000005";
/// The seeded ad's ad set.
pub const ADSET_ID: &str = "600000000000006";

/// A business.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Business {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// An ad account (keyed by its number, without `act_`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdAccount {
    /// The number, without `act_`.
    pub account_id: String,
    /// Its name.
    pub name: String,
    /// The owning business.
    pub business: String,
    /// Its currency.
    pub currency: String,
}

/// A business (and ad account) granted access to a dataset or an offline event set.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Share {
    /// The business.
    pub business: String,
    /// The ad account number, for ad-account shares.
    #[serde(default)]
    pub account_id: Option<String>,
    /// The tasks granted, for agency shares.
    #[serde(default)]
    pub permitted_tasks: Vec<String>,
}

/// A dataset (pixel) or an offline event set: both receive events.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventSource {
    /// Its id.
    pub id: String,
    /// `dataset` (CAPI) or `offline_set` (OCAPI).
    pub kind: SourceKind,
    /// Its name.
    pub name: String,
    /// Its description (offline event sets).
    #[serde(default)]
    pub description: Option<String>,
    /// The owning business.
    pub business: String,
    /// The owning ad account number (datasets).
    #[serde(default)]
    pub ad_account: Option<String>,
    /// Unix seconds.
    pub creation_time: i64,
    /// Ad accounts it is shared with.
    #[serde(default)]
    pub ad_accounts: Vec<Share>,
    /// Businesses it is shared with.
    #[serde(default)]
    pub agencies: Vec<Share>,
}

/// What an event source is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A CAPI dataset (pixel).
    Dataset,
    /// An OCAPI offline event set.
    OfflineSet,
}

/// An ad.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ad {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The ad account number.
    pub account_id: String,
    /// Its ad set.
    pub adset_id: String,
    /// Its campaign.
    pub campaign_id: String,
    /// `tracking_specs`, exactly as last written.
    pub tracking_specs: Value,
}

/// A custom conversion.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CustomConversion {
    /// Its id.
    pub id: String,
    /// The ad account number.
    pub account_id: String,
    /// The claiming business, if any.
    #[serde(default)]
    pub business: Option<String>,
    /// Its name.
    pub name: String,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The dataset or offline event set it counts.
    #[serde(default)]
    pub event_source_id: Option<String>,
    /// The rule, as JSON text.
    #[serde(default)]
    pub rule: Option<String>,
    /// The advanced rule, as JSON text.
    #[serde(default)]
    pub advanced_rule: Option<String>,
    /// One of the 20 event types, upper case.
    #[serde(default)]
    pub custom_event_type: Option<String>,
    /// The default value.
    pub default_conversion_value: f64,
    /// The action source type.
    #[serde(default)]
    pub action_source_type: Option<String>,
    /// Unix seconds.
    pub creation_time: i64,
    /// How many events had arrived when it was created: earlier ones are never counted (Meta
    /// does not backfill custom conversions).
    #[serde(default)]
    pub events_at_creation: usize,
}

/// An event the emulator accepted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReceivedEvent {
    /// The dataset or offline event set it was sent to.
    pub target: String,
    /// `capi` or `ocapi`.
    pub api: String,
    /// The call's `upload_tag`.
    #[serde(default)]
    pub upload_tag: Option<String>,
    /// The call's `test_event_code`.
    #[serde(default)]
    pub test_event_code: Option<String>,
    /// When it arrived (emulator clock, Unix seconds).
    pub received_at: i64,
    /// Whether an identical event (same dedup key) had already arrived.
    pub duplicate: bool,
    /// Whether it was matched to a person when it arrived: by a strong key, or (OCAPI) by an
    /// `extern_id` its namespace already knows. `None` in state files written before this was
    /// kept: the strong keys alone decide then.
    #[serde(default)]
    pub matched: Option<bool>,
    /// The event exactly as sent.
    pub event: Value,
}

/// A call the emulator rejected as a whole (for the upload log's error figures).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RejectedCall {
    /// The target.
    pub target: String,
    /// The call's `upload_tag`.
    #[serde(default)]
    pub upload_tag: Option<String>,
    /// How many events the call carried.
    pub entries: usize,
    /// When (Unix seconds).
    pub at: i64,
    /// The error message answered.
    pub message: String,
}

/// One accepted events call.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AcceptedCall {
    /// The target.
    pub target: String,
    /// The call's `upload_tag`.
    #[serde(default)]
    pub upload_tag: Option<String>,
    /// When (Unix seconds).
    pub at: i64,
    /// How many events it carried.
    pub entries: usize,
    /// The call's other top-level parameters (`namespace_id`, `partner_agent`, `upload_id`, …).
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

/// A token registered through the control API.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct TokenGrant {
    /// Object ids it may access (`*` = everything).
    pub allow: Vec<String>,
    /// Expired tokens answer 190 / 463.
    #[serde(default)]
    pub expired: bool,
    /// When it expires (Unix seconds of the emulator's clock): tokens issued by the login
    /// dialog. From then on it answers 190 / 463.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Objects created with it (it may access them too).
    #[serde(default)]
    pub created: Vec<String>,
}

/// The whole state.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Store {
    /// The next id to hand out.
    pub next_id: u64,
    /// Businesses by id.
    pub businesses: BTreeMap<String, Business>,
    /// Ad accounts by number.
    pub ad_accounts: BTreeMap<String, AdAccount>,
    /// Datasets and offline event sets by id.
    pub sources: BTreeMap<String, EventSource>,
    /// Ads by id.
    pub ads: BTreeMap<String, Ad>,
    /// Custom conversions by id.
    pub custom_conversions: BTreeMap<String, CustomConversion>,
    /// Accepted events, in arrival order.
    pub events: Vec<ReceivedEvent>,
    /// Accepted events calls.
    pub calls: Vec<AcceptedCall>,
    /// Rejected events calls.
    pub rejected: Vec<RejectedCall>,
    /// Registered tokens.
    pub tokens: BTreeMap<String, TokenGrant>,
    /// The guide's `{dataset_id, extern_id} -> {facebook_user_id}` entries: for each offline
    /// event set, the `extern_id`s it received beside matched `match_keys`. A later call naming
    /// the set as its `namespace_id` (or sent to the set itself) resolves `extern_id`s alone
    /// through them.
    #[serde(default)]
    pub extern_ids: BTreeMap<String, std::collections::BTreeSet<String>>,
    /// A fixed clock (Unix seconds); `None` = the system clock.
    pub now: Option<i64>,
}

/// What a node id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// A business.
    Business,
    /// An ad account (`act_…`).
    AdAccount,
    /// A dataset.
    Dataset,
    /// An offline event set.
    OfflineSet,
    /// An ad.
    Ad,
    /// A custom conversion.
    CustomConversion,
}

impl Store {
    /// The seeded state (`now` is kept by the caller).
    pub fn seeded(creation_time: i64) -> Self {
        let mut store = Self {
            next_id: 900_000_000_000_001,
            ..Self::default()
        };
        for (id, name) in [
            (BUSINESS_ID, "hashdrop Demo Business"),
            (CLIENT_BUSINESS_ID, "hashdrop Demo Client Business"),
        ] {
            store.businesses.insert(
                id.into(),
                Business {
                    id: id.into(),
                    name: name.into(),
                },
            );
        }
        store.ad_accounts.insert(
            AD_ACCOUNT_ID.into(),
            AdAccount {
                account_id: AD_ACCOUNT_ID.into(),
                name: "hashdrop Demo Ad Account".into(),
                business: BUSINESS_ID.into(),
                currency: "USD".into(),
            },
        );
        store.sources.insert(
            DATASET_ID.into(),
            EventSource {
                id: DATASET_ID.into(),
                kind: SourceKind::Dataset,
                name: "hashdrop Demo Dataset".into(),
                description: None,
                business: BUSINESS_ID.into(),
                ad_account: Some(AD_ACCOUNT_ID.into()),
                creation_time,
                ad_accounts: Vec::new(),
                agencies: Vec::new(),
            },
        );
        store.ads.insert(
            AD_ID.into(),
            Ad {
                id: AD_ID.into(),
                name: "hashdrop Demo Ad".into(),
                account_id: AD_ACCOUNT_ID.into(),
                adset_id: ADSET_ID.into(),
                campaign_id: CAMPAIGN_ID.into(),
                tracking_specs: json!([
                    {"action.type": ["offsite_conversion"], "fb_pixel": [DATASET_ID]}
                ]),
            },
        );
        store
    }

    /// A fresh id.
    pub fn new_id(&mut self) -> String {
        let id = self.next_id;
        self.next_id += 1;
        id.to_string()
    }

    /// What `id` names, if anything.
    pub fn node(&self, id: &str) -> Option<Node> {
        if let Some(number) = id.strip_prefix("act_") {
            return self
                .ad_accounts
                .contains_key(number)
                .then_some(Node::AdAccount);
        }
        if self.businesses.contains_key(id) {
            Some(Node::Business)
        } else if let Some(source) = self.sources.get(id) {
            Some(match source.kind {
                SourceKind::Dataset => Node::Dataset,
                SourceKind::OfflineSet => Node::OfflineSet,
            })
        } else if self.ads.contains_key(id) {
            Some(Node::Ad)
        } else if self.custom_conversions.contains_key(id) {
            Some(Node::CustomConversion)
        } else {
            None
        }
    }

    /// Events sent to `target` (duplicates included).
    pub fn events_for<'a>(&'a self, target: &'a str) -> impl Iterator<Item = &'a ReceivedEvent> {
        self.events.iter().filter(move |e| e.target == target)
    }

    /// Loads a state file.
    pub fn load(path: &Path) -> Result<Self, StateFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| StateFileError::Read {
            path: path.display().to_string(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| StateFileError::Parse {
            path: path.display().to_string(),
            source,
        })
    }

    /// Saves to a state file (written next to it, then renamed, so a crash never leaves half a file).
    pub fn save(&self, path: &Path) -> Result<(), StateFileError> {
        let write_error = |source| StateFileError::Write {
            path: path.display().to_string(),
            source,
        };
        let text = serde_json::to_string_pretty(self).map_err(|source| StateFileError::Parse {
            path: path.display().to_string(),
            source,
        })?;
        let temporary = path.with_extension("tmp");
        std::fs::write(&temporary, text).map_err(write_error)?;
        std::fs::rename(&temporary, path).map_err(write_error)
    }
}

/// Why a state file could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum StateFileError {
    /// It could not be read.
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// It is not a state file.
    Parse {
        /// The file.
        path: String,
        /// Why.
        source: serde_json::Error,
    },
    /// It could not be written.
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

impl StateFileError {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Read { .. } => "state_read",
            Self::Parse { .. } => "state_parse",
            Self::Write { .. } => "state_write",
        }
    }
}

impl std::fmt::Display for StateFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Read { path, source } => write!(f, "cannot read the state file {path}: {source}"),
            Self::Parse { path, source } => {
                write!(
                    f,
                    "the state file {path} is not an emulator state: {source}"
                )
            }
            Self::Write { path, source } => {
                write!(f, "cannot write the state file {path}: {source}")
            }
        }
    }
}

impl std::error::Error for StateFileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_objects_are_found_by_id() {
        let store = Store::seeded(0);
        assert_eq!(store.node(BUSINESS_ID), Some(Node::Business));
        assert_eq!(store.node(CLIENT_BUSINESS_ID), Some(Node::Business));
        assert_eq!(store.node("act_200000000000002"), Some(Node::AdAccount));
        assert_eq!(store.node(AD_ACCOUNT_ID), None);
        assert_eq!(store.node(DATASET_ID), Some(Node::Dataset));
        assert_eq!(store.node(AD_ID), Some(Node::Ad));
        assert_eq!(store.node("42"), None);
    }

    #[test]
    fn state_file_round_trip() {
        let dir = std::env::temp_dir().join(format!("emulator-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        let mut store = Store::seeded(5);
        let id = store.new_id();
        store.now = Some(1_795_132_800);
        store.save(&path).unwrap();
        let loaded = Store::load(&path).unwrap();
        assert_eq!(loaded.next_id, store.next_id);
        assert_eq!(loaded.now, Some(1_795_132_800));
        assert!(loaded.node(&id).is_none());
        assert_eq!(loaded.node(DATASET_ID), Some(Node::Dataset));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_state_file_is_a_read_error() {
        let error = Store::load(Path::new("/nonexistent/emulator/state.json")).unwrap_err();
        assert_eq!(error.code(), "state_read");
    }
}
