//! The Mapping step's texts, in English and Simplified Chinese (an exhaustive `match` per
//! language: a text without a translation does not compile).

use crate::i18n::Lang;

/// Every string the Mapping step shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each variant's English text is its documentation
pub enum T {
    ColumnsTitle,
    ColumnHeader,
    TargetHeader,
    TargetOf,
    GroupIgnore,
    GroupKeys,
    GroupFields,
    GroupCustom,
    Ignore,
    Custom,
    CustomName,
    CustomType,
    CustomString,
    CustomNumber,
    PresetsTitle,
    PresetsHint,
    EventName,
    Currency,
    ActionSource,
    ActionSourceDefault,
    FileSettingsTitle,
    DateOrder,
    DateMdy,
    DateDmy,
    TimeZone,
    TimeZoneHint,
    Country,
    CountryHint,
    Decimal,
    DecimalPoint,
    DecimalComma,
    ProblemsTitle,
    NoMatchKey,
    FieldTwice,
    CustomNameProblem,
    CustomTwice,
    UnknownTarget,
    NoEventTime,
    NoEventName,
    BadSetting,
    Apply,
    Applied,
    Save,
    Saved,
    SaveFailed,
    SavedOffer,
    SavedUse,
    SavedForget,
    SummaryTitle,
    Rows,
    Accepted,
    Rejected,
    Warnings,
    PreviewTitle,
    PreviewHint,
    PreviewRow,
    PreviewOutcome,
    PreviewAccepted,
    PreviewEmpty,
    PreviewNone,
    Normalized,
    Sent,
    Continue,
}

/// The text of `key` in `lang`.
pub fn tx(lang: Lang, key: T) -> &'static str {
    match lang {
        Lang::En => en(key),
        Lang::ZhHans => zh(key),
    }
}

fn en(key: T) -> &'static str {
    match key {
        T::ColumnsTitle => "Columns",
        T::ColumnHeader => "Column",
        T::TargetHeader => "Sent as",
        T::TargetOf => "What column {} holds",
        T::GroupIgnore => "Not sent",
        T::GroupKeys => "Identifiers (hashed)",
        T::GroupFields => "Event fields",
        T::GroupCustom => "Custom data",
        T::Ignore => "Ignore this column",
        T::Custom => "custom_data.…",
        T::CustomName => "Custom data name for column {}",
        T::CustomType => "Custom data type for column {}",
        T::CustomString => "text",
        T::CustomNumber => "number",
        T::PresetsTitle => "Values for rows without them",
        T::PresetsHint => "Used when the file has no such column, or the cell is empty.",
        T::EventName => "Event name",
        T::Currency => "Currency (ISO 4217, e.g. USD)",
        T::ActionSource => "Action source",
        T::ActionSourceDefault => "physical_store (default)",
        T::FileSettingsTitle => "How the file writes things",
        T::DateOrder => "Date order",
        T::DateMdy => "Month first (03/04 = 4 March)",
        T::DateDmy => "Day first (03/04 = 3 April)",
        T::TimeZone => "Time zone of times without one",
        T::TimeZoneHint => "UTC, an offset such as +08:00, or a name such as Asia/Shanghai.",
        T::Country => "Default country",
        T::CountryHint => "Two letters (e.g. US), for rows without a country column or cell.",
        T::Decimal => "Decimal separator",
        T::DecimalPoint => "Point (12.50)",
        T::DecimalComma => "Comma (12,50)",
        T::ProblemsTitle => "Fix these before applying",
        T::NoMatchKey => {
            "No column is mapped to an identifier (email, phone, …): every row would be rejected."
        }
        T::FieldTwice => "An event field is given to more than one column:",
        T::CustomNameProblem => "A custom data column needs a name (letters, digits, _; no colon):",
        T::CustomTwice => "Two columns fill the same custom data name:",
        T::UnknownTarget => "This column's choice is not a known field or type:",
        T::NoEventTime => "No column is mapped to event_time: every row would be rejected.",
        T::NoEventName => {
            "No event-name column and no preset event name: every row would be rejected."
        }
        T::BadSetting => "A setting is not usable:",
        T::Apply => "Apply and prepare again",
        T::Applied => "Prepared again with these settings.",
        T::Save => "Save for files with these columns",
        T::Saved => "Saved on this device (column names and settings only).",
        T::SaveFailed => "This browser did not let the mapping be saved.",
        T::SavedOffer => "A mapping saved for files with these columns is available.",
        T::SavedUse => "Use the saved mapping",
        T::SavedForget => "Forget it",
        T::SummaryTitle => "With this mapping",
        T::Rows => "Rows read",
        T::Accepted => "Accepted",
        T::Rejected => "Rejected",
        T::Warnings => "Identifiers dropped",
        T::PreviewTitle => "The first rows after normalization",
        T::PreviewHint => {
            "Normalized values are shown here only, on this device. The hashes below them are what is sent."
        }
        T::PreviewRow => "Row",
        T::PreviewOutcome => "Outcome",
        T::PreviewAccepted => "accepted",
        T::PreviewEmpty => "empty",
        T::PreviewNone => "No identifier column is mapped, so there is nothing to preview.",
        T::Normalized => "normalized",
        T::Sent => "sent",
        T::Continue => "Next: check the rows",
    }
}

fn zh(key: T) -> &'static str {
    match key {
        T::ColumnsTitle => "列",
        T::ColumnHeader => "列名",
        T::TargetHeader => "发送为",
        T::TargetOf => "列 {} 的内容",
        T::GroupIgnore => "不发送",
        T::GroupKeys => "标识符（哈希）",
        T::GroupFields => "事件字段",
        T::GroupCustom => "自定义数据",
        T::Ignore => "忽略此列",
        T::Custom => "custom_data.…",
        T::CustomName => "列 {} 的自定义数据名称",
        T::CustomType => "列 {} 的自定义数据类型",
        T::CustomString => "文本",
        T::CustomNumber => "数字",
        T::PresetsTitle => "缺少时使用的值",
        T::PresetsHint => "文件没有该列或单元格为空时使用。",
        T::EventName => "事件名称",
        T::Currency => "币种（ISO 4217，例如 CNY）",
        T::ActionSource => "行为来源",
        T::ActionSourceDefault => "physical_store（默认）",
        T::FileSettingsTitle => "文件的书写方式",
        T::DateOrder => "日期顺序",
        T::DateMdy => "月在前（03/04 = 3 月 4 日）",
        T::DateDmy => "日在前（03/04 = 4 月 3 日）",
        T::TimeZone => "未注明时区的时间所用时区",
        T::TimeZoneHint => "UTC、偏移量（如 +08:00）或时区名（如 Asia/Shanghai）。",
        T::Country => "默认国家/地区",
        T::CountryHint => "两个字母（如 CN），用于没有国家列或单元格为空的行。",
        T::Decimal => "小数点",
        T::DecimalPoint => "点（12.50）",
        T::DecimalComma => "逗号（12,50）",
        T::ProblemsTitle => "应用前请先修正",
        T::NoMatchKey => "没有任何列映射为标识符（邮箱、手机号等）：所有行都会被拒绝。",
        T::FieldTwice => "同一事件字段被分配给了多列：",
        T::CustomNameProblem => "自定义数据列需要名称（字母、数字、下划线，不能有冒号）：",
        T::CustomTwice => "两列填写了同一个自定义数据名称：",
        T::UnknownTarget => "此列的选择不是已知的字段或类型：",
        T::NoEventTime => "没有列映射为 event_time：所有行都会被拒绝。",
        T::NoEventName => "没有事件名称列，也没有预设事件名称：所有行都会被拒绝。",
        T::BadSetting => "有一项设置无法使用：",
        T::Apply => "应用并重新处理",
        T::Applied => "已按这些设置重新处理。",
        T::Save => "为相同列的文件保存",
        T::Saved => "已保存在本设备（仅列名和设置）。",
        T::SaveFailed => "此浏览器不允许保存映射。",
        T::SavedOffer => "有一个为相同列的文件保存的映射。",
        T::SavedUse => "使用已保存的映射",
        T::SavedForget => "删除它",
        T::SummaryTitle => "按此映射",
        T::Rows => "读取行数",
        T::Accepted => "接受",
        T::Rejected => "拒绝",
        T::Warnings => "丢弃的标识符",
        T::PreviewTitle => "规范化后的前几行",
        T::PreviewHint => "规范化后的值只在本设备上显示。其下方的哈希值才是发送的内容。",
        T::PreviewRow => "行",
        T::PreviewOutcome => "结果",
        T::PreviewAccepted => "接受",
        T::PreviewEmpty => "空",
        T::PreviewNone => "没有映射任何标识符列，无可预览。",
        T::Normalized => "规范化",
        T::Sent => "发送",
        T::Continue => "下一步：检查数据行",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_with_a_column_have_one_placeholder_in_both_languages() {
        for key in [T::TargetOf, T::CustomName, T::CustomType] {
            for lang in Lang::ALL {
                assert_eq!(tx(lang, key).matches("{}").count(), 1, "{key:?} {lang:?}");
            }
        }
    }
}
