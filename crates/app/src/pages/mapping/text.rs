//! The Mapping step's words for the targets (match keys and event fields) and the detection's
//! reasons and confidences, from the locale files: an exhaustive `match` on each of the matchkeys
//! and events crates' enums, so a new code without a text does not compile.

use crate::i18n::Lang;
use events::detect::{Confidence, DetectReason};
use events::mapping::EventField;
use matchkeys::MatchKey;

/// The word a person reads for a match key (the code is shown beside it in small type).
pub fn key_word(lang: Lang, key: MatchKey) -> &'static str {
    lang.t(match key {
        MatchKey::Email => tr!(mapping.key_email),
        MatchKey::Phone => tr!(mapping.key_phone),
        MatchKey::Gender => tr!(mapping.key_gender),
        MatchKey::DateOfBirth => tr!(mapping.key_date_of_birth),
        MatchKey::BirthYear => tr!(mapping.key_birth_year),
        MatchKey::BirthMonth => tr!(mapping.key_birth_month),
        MatchKey::BirthDay => tr!(mapping.key_birth_day),
        MatchKey::LastName => tr!(mapping.key_last_name),
        MatchKey::FirstName => tr!(mapping.key_first_name),
        MatchKey::FirstInitial => tr!(mapping.key_first_initial),
        MatchKey::FirstNameFirst5 => tr!(mapping.key_first_name_first5),
        MatchKey::LastNameFirst5 => tr!(mapping.key_last_name_first5),
        MatchKey::City => tr!(mapping.key_city),
        MatchKey::State => tr!(mapping.key_state),
        MatchKey::Zip => tr!(mapping.key_zip),
        MatchKey::Country => tr!(mapping.key_country),
        MatchKey::ExternalId => tr!(mapping.key_external_id),
        MatchKey::Madid => tr!(mapping.key_madid),
        MatchKey::LeadId => tr!(mapping.key_lead_id),
    })
}

/// The word a person reads for an event field.
pub fn field_word(lang: Lang, field: EventField) -> &'static str {
    lang.t(match field {
        EventField::EventName => tr!(mapping.field_event_name),
        EventField::EventTime => tr!(mapping.field_event_time),
        EventField::Value => tr!(mapping.field_value),
        EventField::Currency => tr!(mapping.field_currency),
        EventField::OrderId => tr!(mapping.field_order_id),
        EventField::ItemNumber => tr!(mapping.field_item_number),
        EventField::EventId => tr!(mapping.field_event_id),
        EventField::ActionSource => tr!(mapping.field_action_source),
        EventField::ContentType => tr!(mapping.field_content_type),
        EventField::Contents => tr!(mapping.field_contents),
        EventField::ContentIds => tr!(mapping.field_content_ids),
        EventField::ContentId => tr!(mapping.field_content_id),
        EventField::Quantity => tr!(mapping.field_quantity),
        EventField::ItemPrice => tr!(mapping.field_item_price),
        EventField::Brand => tr!(mapping.field_brand),
        EventField::Category => tr!(mapping.field_category),
        EventField::DataProcessingOptions => tr!(mapping.field_data_processing_options),
        EventField::DataProcessingOptionsCountry => {
            tr!(mapping.field_data_processing_options_country)
        }
        EventField::DataProcessingOptionsState => tr!(mapping.field_data_processing_options_state),
    })
}

/// Why detection chose a column's target, in the person's words.
pub fn reason_word(lang: Lang, reason: DetectReason) -> &'static str {
    lang.t(match reason {
        DetectReason::HeaderName => tr!(mapping.reason_header_name),
        DetectReason::HeaderAbbreviation => tr!(mapping.reason_header_abbreviation),
        DetectReason::HeaderValuesDisagree => tr!(mapping.reason_header_values_disagree),
        DetectReason::ValuesEmail => tr!(mapping.reason_values_email),
        DetectReason::ValuesPhone => tr!(mapping.reason_values_phone),
        DetectReason::ValuesUnixSeconds => tr!(mapping.reason_values_unix_seconds),
        DetectReason::ValuesUnixMilliseconds => tr!(mapping.reason_values_unix_milliseconds),
        DetectReason::ValuesDate => tr!(mapping.reason_values_date),
        DetectReason::ValuesCurrency => tr!(mapping.reason_values_currency),
        DetectReason::ValuesAmount => tr!(mapping.reason_values_amount),
        DetectReason::ValuesEventName => tr!(mapping.reason_values_event_name),
        DetectReason::ValuesLeadId => tr!(mapping.reason_values_lead_id),
        DetectReason::ValuesCountry => tr!(mapping.reason_values_country),
        DetectReason::ValuesStateCode => tr!(mapping.reason_values_state_code),
        DetectReason::ValuesStateName => tr!(mapping.reason_values_state_name),
        DetectReason::ValuesZip => tr!(mapping.reason_values_zip),
        DetectReason::ValuesUniqueCodesWithTime => {
            tr!(mapping.reason_values_unique_codes_with_time)
        }
        DetectReason::TargetTaken => tr!(mapping.reason_target_taken),
        DetectReason::AmbiguousName => tr!(mapping.reason_ambiguous_name),
        DetectReason::Unrecognised => tr!(mapping.reason_unrecognised),
    })
}

/// How sure detection is, in the person's words, and whether the person should check it.
pub fn confidence_word(lang: Lang, confidence: Confidence) -> (&'static str, bool) {
    match confidence {
        Confidence::High => (lang.t(tr!(mapping.confidence_high)), false),
        Confidence::Medium => (lang.t(tr!(mapping.confidence_medium)), false),
        Confidence::Low => (lang.t(tr!(mapping.confidence_low)), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_and_field_has_a_word_in_both_languages() {
        for lang in Lang::ALL {
            for key in MatchKey::ALL {
                let word = key_word(lang, key);
                assert!(!word.is_empty(), "{key:?} {lang:?}");
                assert_ne!(word, key.capi_name(), "{key:?} {lang:?}");
            }
            for field in EventField::ALL {
                let word = field_word(lang, field);
                assert!(!word.is_empty(), "{field:?} {lang:?}");
                assert_ne!(word, field.name(), "{field:?} {lang:?}");
            }
        }
        assert_eq!(key_word(Lang::En, MatchKey::Zip), "ZIP / postal code");
        assert_eq!(key_word(Lang::ZhHans, MatchKey::Email), "邮箱");
        assert_eq!(
            field_word(Lang::En, EventField::EventId),
            "Event id (deduplication)"
        );
    }

    #[test]
    fn every_reason_and_confidence_of_the_detection_has_words_in_both_languages() {
        for lang in Lang::ALL {
            for reason in DetectReason::ALL {
                let word = reason_word(lang, reason);
                assert!(!word.is_empty(), "{reason:?} {lang:?}");
                assert_ne!(word, reason.code(), "{reason:?} {lang:?}");
            }
            for confidence in Confidence::ALL {
                let (word, _) = confidence_word(lang, confidence);
                assert!(!word.is_empty(), "{confidence:?} {lang:?}");
                assert_ne!(word, confidence.code(), "{confidence:?} {lang:?}");
            }
        }
        assert_eq!(
            reason_word(Lang::En, DetectReason::ValuesUniqueCodesWithTime),
            "unique codes beside a time: order numbers"
        );
        assert!(confidence_word(Lang::En, Confidence::Low).1);
        assert!(!confidence_word(Lang::En, Confidence::Medium).1);
    }
}
