//! The Check step's texts, in English and Simplified Chinese (an exhaustive `match` per
//! language: a text without a translation does not compile).

use crate::i18n::Lang;

/// What a reason code means, in `lang` (the code itself when it is not one of the events
/// crate's known codes).
pub fn reason(lang: Lang, code: &str) -> String {
    let zh = lang == Lang::ZhHans;
    let text = match code {
        "missing_event_name" if zh => "没有事件名称",
        "missing_event_name" => "no event name",
        "bad_event_name" if zh => "事件名称无效",
        "bad_event_name" => "the event name is not valid",
        "missing_event_time" if zh => "没有事件时间",
        "missing_event_time" => "no event time",
        "bad_event_time" if zh => "事件时间无法识别",
        "bad_event_time" => "the event time cannot be read",
        "event_time_too_old" if zh => "事件早于上传时间窗口",
        "event_time_too_old" => "older than the upload window",
        "event_time_future" if zh => "事件时间在未来",
        "event_time_future" => "the event time is in the future",
        "bad_value" if zh => "金额不是正数（购买事件必须有金额）",
        "bad_value" => "the value is not a positive number",
        "bad_currency" if zh => "币种不是 ISO 4217 代码",
        "bad_currency" => "the currency is not an ISO 4217 code",
        "bad_action_source" if zh => "行为来源无效",
        "bad_action_source" => "not one of Meta's action sources",
        "bad_contents" if zh => "商品信息无法识别",
        "bad_contents" => "the products cannot be read",
        "bad_custom_data" if zh => "数字类型的自定义数据不是数字",
        "bad_custom_data" => "a numeric custom_data cell is not a number",
        "bad_data_processing_options" if zh => "数据处理选项无效",
        "bad_data_processing_options" => "the data processing options are not valid",
        "multiple_extern_id" if zh => "一行中有多个 extern_id",
        "multiple_extern_id" => "more than one extern_id",
        "no_match_key" if zh => "没有可用的标识符",
        "no_match_key" => "no usable identifier",
        "event_too_large" if zh => "事件过大",
        "event_too_large" => "the event is too large for a request",
        other => other,
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_of_the_events_crate_has_a_text_in_both_languages() {
        for code in [
            "missing_event_name",
            "bad_event_name",
            "missing_event_time",
            "bad_event_time",
            "event_time_too_old",
            "event_time_future",
            "bad_value",
            "bad_currency",
            "bad_action_source",
            "bad_contents",
            "bad_custom_data",
            "bad_data_processing_options",
            "multiple_extern_id",
            "no_match_key",
            "event_too_large",
        ] {
            for lang in Lang::ALL {
                assert_ne!(reason(lang, code), code, "{code} {lang:?}");
            }
        }
        assert_eq!(reason(Lang::En, "something_new"), "something_new");
    }
}
