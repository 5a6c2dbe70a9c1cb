//! The Check step's texts, in English and Simplified Chinese (an exhaustive `match` per
//! language: a text without a translation does not compile).

use crate::i18n::Lang;

/// Every string the Check step shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each variant's English text is its documentation
pub enum C {
    SummaryTitle,
    Rows,
    Accepted,
    Rejected,
    Warnings,
    ByReasonTitle,
    WarningsTitle,
    Reason,
    Count,
    NoRejections,
    CoverageTitle,
    CoverageHint,
    Key,
    RowsWithKey,
    Share,
    LowCoverage,
    LowFlag,
    NothingAccepted,
    RejectedTitle,
    Row,
    Column,
    Why,
    NoColumn,
    PageOf,
    Previous,
    Next,
    Download,
    DownloadHint,
    Continue,
    EditMapping,
}

/// The text of `key` in `lang`.
pub fn tc(lang: Lang, key: C) -> &'static str {
    match lang {
        Lang::En => en(key),
        Lang::ZhHans => zh(key),
    }
}

fn en(key: C) -> &'static str {
    match key {
        C::SummaryTitle => "Validation summary",
        C::Rows => "Rows read",
        C::Accepted => "Accepted",
        C::Rejected => "Rejected",
        C::Warnings => "Identifiers dropped",
        C::ByReasonTitle => "Rejected rows by reason",
        C::WarningsTitle => {
            "Identifiers dropped, by kind (the row is still sent on its other identifiers)"
        }
        C::Reason => "Reason",
        C::Count => "Rows",
        C::NoRejections => "No row was rejected.",
        C::CoverageTitle => "Match-key coverage",
        C::CoverageHint => {
            "How many accepted rows carry each identifier. A key is low when fewer than half of the accepted rows carry it."
        }
        C::Key => "Identifier",
        C::RowsWithKey => "Accepted rows with it",
        C::Share => "Share",
        C::LowCoverage => {
            "Low coverage: fewer than half of the accepted rows carry these identifiers. Check the mapping (a wrong column, date order or country) before sending:"
        }
        C::LowFlag => "low",
        C::NothingAccepted => "No row was accepted: there is nothing to send. Check the mapping.",
        C::RejectedTitle => "Rejected rows",
        C::Row => "Row",
        C::Column => "Column",
        C::Why => "Why",
        C::NoColumn => "—",
        C::PageOf => "Rows {} of {}",
        C::Previous => "Previous rows",
        C::Next => "Next rows",
        C::Download => "Download the rejection report (CSV)",
        C::DownloadHint => {
            "Row numbers, columns and reasons only: the report holds no value from the file."
        }
        C::Continue => "Next: send",
        C::EditMapping => "Back to the mapping",
    }
}

fn zh(key: C) -> &'static str {
    match key {
        C::SummaryTitle => "校验摘要",
        C::Rows => "读取行数",
        C::Accepted => "接受",
        C::Rejected => "拒绝",
        C::Warnings => "丢弃的标识符",
        C::ByReasonTitle => "按原因统计的拒绝行",
        C::WarningsTitle => "按类型统计的丢弃标识符（该行仍以其他标识符发送）",
        C::Reason => "原因",
        C::Count => "行数",
        C::NoRejections => "没有被拒绝的行。",
        C::CoverageTitle => "匹配键覆盖率",
        C::CoverageHint => "每个标识符出现在多少接受的行中。少于一半接受行含有的键视为覆盖率低。",
        C::Key => "标识符",
        C::RowsWithKey => "含此键的接受行",
        C::Share => "占比",
        C::LowCoverage => {
            "覆盖率低：少于一半的接受行含有以下标识符。发送前请检查映射（列、日期顺序或国家是否有误）："
        }
        C::LowFlag => "低",
        C::NothingAccepted => "没有被接受的行：无可发送。请检查映射。",
        C::RejectedTitle => "被拒绝的行",
        C::Row => "行",
        C::Column => "列",
        C::Why => "原因",
        C::NoColumn => "—",
        C::PageOf => "第 {} 行，共 {} 行",
        C::Previous => "上一页",
        C::Next => "下一页",
        C::Download => "下载拒绝报告（CSV）",
        C::DownloadHint => "仅含行号、列名和原因：报告中没有文件里的任何值。",
        C::Continue => "下一步：发送",
        C::EditMapping => "返回映射",
    }
}

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
        assert_eq!(tc(Lang::ZhHans, C::PageOf).matches("{}").count(), 2);
    }
}
