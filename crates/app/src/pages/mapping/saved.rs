//! Saved mappings: a [`MappingDraft`] kept in `localStorage` under a key made from the file's
//! column names, offered again when a file with the same columns comes.
//!
//! What is stored is column *names* and settings only (the draft never holds a cell's value).
//! Only files with a header are saved: without one the "names" are indexes, and any file of the
//! same width would look alike.

use super::model::MappingDraft;

/// Prefix of every saved mapping's storage key.
const PREFIX: &str = "hashdrop.mapping.";

/// The storage key of files whose header is `columns` (in order): the prefix and the SHA-256 of
/// the names, so that a long header makes a short key.
pub fn shape_key(columns: &[String]) -> String {
    let names = serde_json::to_string(columns).unwrap_or_default();
    format!("{PREFIX}{}", matchkeys::sha256_hex(&names))
}

/// The stored text of a draft.
pub fn to_stored(draft: &MappingDraft) -> String {
    serde_json::to_string(draft).unwrap_or_default()
}

/// A stored draft for a file with `columns`; `None` when the text is not one, or is for other
/// columns (a hash collision or an edited entry).
pub fn from_stored(text: &str, columns: &[String]) -> Option<MappingDraft> {
    let draft: MappingDraft = serde_json::from_str(text).ok()?;
    (draft.column_names() == columns).then_some(draft)
}

/// Read and write saved mappings in [`crate::platform::Storage`] (failures ignored: a mapping is not saved in a
/// private window, and nothing else changes).
pub mod store {
    use super::{MappingDraft, from_stored, shape_key, to_stored};
    use crate::platform::Storage;

    /// The mapping saved for files with these columns.
    pub fn load(storage: &dyn Storage, columns: &[String]) -> Option<MappingDraft> {
        from_stored(&storage.get(&shape_key(columns))?, columns)
    }

    /// Save `draft` for files with its columns; whether it was stored.
    pub fn save(storage: &dyn Storage, draft: &MappingDraft) -> bool {
        storage.set(&shape_key(&draft.column_names()), &to_stored(draft))
    }

    /// Forget the mapping saved for files with these columns.
    pub fn forget(storage: &dyn Storage, columns: &[String]) {
        storage.remove(&shape_key(columns));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    fn draft(columns: &[String]) -> MappingDraft {
        let mapping = serde_json::json!({ "Email": "em", "Date": "event_time" });
        MappingDraft::new(columns, &mapping, &events::Settings::new(1_795_132_800))
    }

    #[test]
    fn the_key_depends_on_the_names_and_their_order_only() {
        let a = shape_key(&names(&["Email", "Date"]));
        assert!(a.starts_with("hashdrop.mapping."));
        assert_eq!(a.len(), PREFIX.len() + 64);
        assert_eq!(a, shape_key(&names(&["Email", "Date"])));
        assert_ne!(a, shape_key(&names(&["Date", "Email"])));
        assert_ne!(a, shape_key(&names(&["Email", "Date", "Store"])));
        // Names are joined unambiguously: ["a,b"] is not ["a", "b"].
        assert_ne!(shape_key(&names(&["a,b"])), shape_key(&names(&["a", "b"])));
    }

    #[test]
    fn a_stored_draft_comes_back_for_the_same_columns_only() {
        let columns = names(&["Email", "Date"]);
        let mut saved = draft(&columns);
        saved.day_first = true;
        let text = to_stored(&saved);
        assert_eq!(from_stored(&text, &columns), Some(saved));
        assert_eq!(from_stored(&text, &names(&["Email", "Time"])), None);
        assert_eq!(from_stored("{not json", &columns), None);
    }

    #[test]
    fn a_saved_mapping_is_offered_again_until_forgotten() {
        let memory = crate::platform::memory::MemoryPlatform::new();
        let storage = &*memory.storage;
        let columns = names(&["Email", "Date"]);
        assert_eq!(store::load(storage, &columns), None);
        assert!(store::save(storage, &draft(&columns)));
        assert_eq!(store::load(storage, &columns), Some(draft(&columns)));
        assert_eq!(store::load(storage, &names(&["Date", "Email"])), None);
        store::forget(storage, &columns);
        assert_eq!(store::load(storage, &columns), None);
        memory.storage.refuse_writes(true);
        assert!(!store::save(storage, &draft(&columns)));
    }

    #[test]
    fn only_names_and_settings_are_stored() {
        let columns = names(&["Email", "Date"]);
        let mut saved = draft(&columns);
        // The upload tag names one file's upload: it is never saved for other files.
        saved.upload_tag = "sales.csv 2026-12-07".into();
        let text = to_stored(&saved);
        assert!(!text.contains("2026-12-07"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "actionSource",
                "columns",
                "country",
                "currency",
                "dayFirst",
                "decimalComma",
                "eventName",
                "namespaceId",
                "timeZone"
            ]
        );
        assert_eq!(
            value["columns"][0],
            serde_json::json!({"column": "Email", "choice": "em", "customName": "", "customNumber": false})
        );
    }
}
