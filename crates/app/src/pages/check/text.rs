//! The Check step's words for the events crate's rejection codes, from the locale files: an
//! exhaustive `match` on [`RejectCode`], so a new code without a text does not compile.

use crate::i18n::Lang;
use events::row::RejectCode;

/// What a rejection code means, in `lang`.
pub fn reason(lang: Lang, code: RejectCode) -> &'static str {
    lang.t(match code {
        RejectCode::MissingEventName => tr!(check.reason_missing_event_name),
        RejectCode::BadEventName => tr!(check.reason_bad_event_name),
        RejectCode::MissingEventTime => tr!(check.reason_missing_event_time),
        RejectCode::BadEventTime => tr!(check.reason_bad_event_time),
        RejectCode::EventTimeTooOld => tr!(check.reason_event_time_too_old),
        RejectCode::EventTimeFuture => tr!(check.reason_event_time_future),
        RejectCode::BadValue => tr!(check.reason_bad_value),
        RejectCode::BadCurrency => tr!(check.reason_bad_currency),
        RejectCode::BadActionSource => tr!(check.reason_bad_action_source),
        RejectCode::BadContents => tr!(check.reason_bad_contents),
        RejectCode::BadCustomData => tr!(check.reason_bad_custom_data),
        RejectCode::BadDataProcessingOptions => tr!(check.reason_bad_data_processing_options),
        RejectCode::MultipleExternId => tr!(check.reason_multiple_extern_id),
        RejectCode::NoMatchKey => tr!(check.reason_no_match_key),
        RejectCode::EventTooLarge => tr!(check.reason_event_too_large),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rejection_code_has_a_text_in_both_languages() {
        for code in RejectCode::ALL {
            for lang in Lang::ALL {
                let text = reason(lang, code);
                assert!(!text.is_empty(), "{code:?} {lang:?}");
                assert_ne!(text, code.code(), "{code:?} {lang:?}");
            }
        }
        assert_eq!(
            reason(Lang::En, RejectCode::NoMatchKey),
            "no usable identifier"
        );
        assert_eq!(
            reason(Lang::ZhHans, RejectCode::NoMatchKey),
            "没有可用的标识符"
        );
    }
}
