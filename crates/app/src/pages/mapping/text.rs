//! The Mapping step's texts, in English and Simplified Chinese (an exhaustive `match` per
//! language: a text without a translation does not compile), and the words people read for the
//! targets' codes and the detection's reasons.

use crate::i18n::Lang;
use events::mapping::EventField;
use matchkeys::MatchKey;

/// Every string the Mapping step shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each variant's English text is its documentation
pub enum T {
    ColumnsTitle,
    ColumnHeader,
    TargetHeader,
    DetectedHeader,
    DetectedUnsure,
    ConfidenceHigh,
    ConfidenceMedium,
    ConfidenceLow,
    Sampled,
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
    UploadTag,
    UploadTagHint,
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
    NamespaceId,
    NamespaceIdHint,
    ProblemsTitle,
    NoMatchKey,
    FieldTwice,
    CustomNameProblem,
    CustomTwice,
    UnknownTarget,
    NoEventTime,
    NoEventName,
    NamespaceWithKeys,
    NamespaceBad,
    BadSetting,
    Apply,
    Applied,
    Save,
    Saved,
    SaveFailed,
    SavedOffer,
    SavedUse,
    SavedForget,
    ConfigTitle,
    ConfigHint,
    ConfigExport,
    ConfigImport,
    ConfigImported,
    ConfigUnknownColumns,
    ConfigFailed,
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
        T::DetectedHeader => "Detected",
        T::DetectedUnsure => "check this one",
        T::ConfidenceHigh => "sure",
        T::ConfidenceMedium => "probably",
        T::ConfidenceLow => "a guess",
        T::Sampled => "{matching} of {sampled} values sampled have this shape",
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
        T::UploadTag => "Upload tag (upload_tag)",
        T::UploadTagHint => {
            "Names this upload in Events Manager and on the event set's uploads. Proposed: the file name and today's date."
        }
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
        T::NamespaceId => "Namespace of customer ids (namespace_id)",
        T::NamespaceIdHint => {
            "Legacy event sets only: send only the customer id column (extern_id) and Meta matches it through the ids first uploaded with identifiers to this event set id. Empty: not used."
        }
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
        T::NamespaceWithKeys => {
            "With a namespace only the customer id (extern_id) may be sent: set these columns to ignore, or empty the namespace:"
        }
        T::NamespaceBad => "The namespace is an event set id (digits only):",
        T::BadSetting => "A setting is not usable:",
        T::Apply => "Apply and prepare again",
        T::Applied => "Prepared again with these settings.",
        T::Save => "Save for files with these columns",
        T::Saved => "Saved on this device (column names and settings only).",
        T::SaveFailed => "This browser did not let the mapping be saved.",
        T::SavedOffer => "A mapping saved for files with these columns is available.",
        T::SavedUse => "Use the saved mapping",
        T::SavedForget => "Forget it",
        T::ConfigTitle => "Use this mapping on the command line",
        T::ConfigHint => {
            "The mapping and settings as the hashdrop command line's --config file (JSON): hashdrop prepare FILE --config FILE.json gives the same hashed file. Importing one fills this page (the target, test code and partner agent stay as on Connect)."
        }
        T::ConfigExport => "Export settings (JSON)",
        T::ConfigImport => "Import settings",
        T::ConfigImported => "Settings imported: check them, then apply.",
        T::ConfigUnknownColumns => "The imported mapping names columns this file does not have:",
        T::ConfigFailed => "This file is not a settings file the command line reads:",
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
        T::DetectedHeader => "识别结果",
        T::DetectedUnsure => "请核对",
        T::ConfidenceHigh => "确定",
        T::ConfidenceMedium => "很可能",
        T::ConfidenceLow => "推测",
        T::Sampled => "抽样的 {sampled} 个值中有 {matching} 个符合此格式",
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
        T::UploadTag => "上传标签（upload_tag）",
        T::UploadTagHint => {
            "在事件管理工具和事件集的上传记录中标识本次上传。默认：文件名加今天的日期。"
        }
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
        T::NamespaceId => "客户编号的命名空间（namespace_id）",
        T::NamespaceIdHint => {
            "仅限旧版离线事件集：只发送客户编号列（extern_id），Meta 通过之前随标识符上传到该事件集编号的客户编号进行匹配。留空则不使用。"
        }
        T::ProblemsTitle => "应用前请先修正",
        T::NoMatchKey => "没有任何列映射为标识符（邮箱、手机号等）：所有行都会被拒绝。",
        T::FieldTwice => "同一事件字段被分配给了多列：",
        T::CustomNameProblem => "自定义数据列需要名称（字母、数字、下划线，不能有冒号）：",
        T::CustomTwice => "两列填写了同一个自定义数据名称：",
        T::UnknownTarget => "此列的选择不是已知的字段或类型：",
        T::NoEventTime => "没有列映射为 event_time：所有行都会被拒绝。",
        T::NoEventName => "没有事件名称列，也没有预设事件名称：所有行都会被拒绝。",
        T::NamespaceWithKeys => {
            "使用命名空间时只能发送客户编号（extern_id）：请将这些列设为忽略，或清空命名空间："
        }
        T::NamespaceBad => "命名空间是一个事件集编号（只能是数字）：",
        T::BadSetting => "有一项设置无法使用：",
        T::Apply => "应用并重新处理",
        T::Applied => "已按这些设置重新处理。",
        T::Save => "为相同列的文件保存",
        T::Saved => "已保存在本设备（仅列名和设置）。",
        T::SaveFailed => "此浏览器不允许保存映射。",
        T::SavedOffer => "有一个为相同列的文件保存的映射。",
        T::SavedUse => "使用已保存的映射",
        T::SavedForget => "删除它",
        T::ConfigTitle => "在命令行中使用此映射",
        T::ConfigHint => {
            "映射和设置导出为 hashdrop 命令行的 --config 文件（JSON）：hashdrop prepare 文件 --config 文件.json 会得到相同的哈希文件。导入后会填入本页（目标、测试代码和合作伙伴代理仍以“连接”中的为准）。"
        }
        T::ConfigExport => "导出设置（JSON）",
        T::ConfigImport => "导入设置",
        T::ConfigImported => "设置已导入：请检查后应用。",
        T::ConfigUnknownColumns => "导入的映射中有此文件没有的列：",
        T::ConfigFailed => "此文件不是命令行可读取的设置文件：",
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

/// The word a person reads for a match key (the code is shown beside it in small type).
pub fn key_word(lang: Lang, key: MatchKey) -> Option<&'static str> {
    let (en, zh) = match key {
        MatchKey::Email => ("Email", "邮箱"),
        MatchKey::Phone => ("Phone", "手机号"),
        MatchKey::Gender => ("Gender", "性别"),
        MatchKey::DateOfBirth => ("Date of birth", "出生日期"),
        MatchKey::BirthYear => ("Year of birth", "出生年份"),
        MatchKey::BirthMonth => ("Month of birth", "出生月份"),
        MatchKey::BirthDay => ("Day of birth", "出生日"),
        MatchKey::LastName => ("Last name", "姓"),
        MatchKey::FirstName => ("First name", "名"),
        MatchKey::FirstInitial => ("First initial", "名的首字母"),
        MatchKey::FirstNameFirst5 => ("First 5 letters of first name", "名的前 5 个字母"),
        MatchKey::LastNameFirst5 => ("First 5 letters of last name", "姓的前 5 个字母"),
        MatchKey::City => ("City", "城市"),
        MatchKey::State => ("State / province", "州/省"),
        MatchKey::Zip => ("ZIP / postal code", "邮政编码"),
        MatchKey::Country => ("Country", "国家/地区"),
        MatchKey::ExternalId => ("Customer id", "客户编号"),
        MatchKey::Madid => ("Mobile advertiser id", "移动广告标识符"),
        MatchKey::LeadId => ("Meta lead id", "Meta 潜在客户编号"),
        _ => return None,
    };
    Some(pick(lang, en, zh))
}

/// The word a person reads for an event field.
pub fn field_word(lang: Lang, field: EventField) -> Option<&'static str> {
    let (en, zh) = match field {
        EventField::EventName => ("Event name", "事件名称"),
        EventField::EventTime => ("Event time", "事件时间"),
        EventField::Value => ("Value", "金额"),
        EventField::Currency => ("Currency", "币种"),
        EventField::OrderId => ("Order id", "订单编号"),
        EventField::ItemNumber => ("Item number", "商品编号（item_number）"),
        EventField::EventId => ("Event id (deduplication)", "事件编号（去重）"),
        EventField::ActionSource => ("Action source", "行为来源"),
        EventField::ContentType => ("Content type", "内容类型"),
        EventField::Contents => ("Contents (JSON)", "内容（JSON）"),
        EventField::ContentIds => ("Product ids", "商品编号列表"),
        EventField::ContentId => ("Product id", "商品编号"),
        EventField::Quantity => ("Quantity", "数量"),
        EventField::ItemPrice => ("Item price", "单价"),
        EventField::Brand => ("Brand", "品牌"),
        EventField::Category => ("Category", "类别"),
        EventField::DataProcessingOptions => ("Data processing options", "数据处理选项"),
        EventField::DataProcessingOptionsCountry => {
            ("Data processing country", "数据处理国家/地区")
        }
        EventField::DataProcessingOptionsState => ("Data processing state", "数据处理州/省"),
        _ => return None,
    };
    Some(pick(lang, en, zh))
}

/// Why detection chose a column's target, in the person's words; `None` for a reason code this
/// app does not know yet (the code is then shown as it is).
pub fn reason_word(lang: Lang, code: &str) -> Option<&'static str> {
    let (en, zh) = match code {
        "header_name" => ("the header names it", "列名指明了它"),
        "header_abbreviation" => ("the header is a short form of it", "列名是它的缩写"),
        "header_values_disagree" => (
            "the header names it, but most values do not look like it",
            "列名指明了它，但多数值不像",
        ),
        "values_email" => ("the values are e-mail addresses", "值是邮箱地址"),
        "values_phone" => ("the values are phone numbers", "值是电话号码"),
        "values_unix_seconds" => (
            "the values are Unix times in seconds",
            "值是以秒计的 Unix 时间",
        ),
        "values_unix_milliseconds" => (
            "the values are Unix times in milliseconds",
            "值是以毫秒计的 Unix 时间",
        ),
        "values_date" => ("the values are dates", "值是日期"),
        "values_currency" => ("the values are currency codes", "值是币种代码"),
        "values_amount" => ("the values are amounts", "值是金额"),
        "values_event_name" => ("the values are event names", "值是事件名称"),
        "values_lead_id" => ("the values are Meta lead ids", "值是 Meta 潜在客户编号"),
        "values_country" => ("the values are countries", "值是国家/地区"),
        "values_state_code" => ("the values are state codes", "值是州/省代码"),
        "values_state_name" => ("the values are state names", "值是州/省名称"),
        "values_zip" => ("the values are postal codes", "值是邮政编码"),
        "values_unique_codes_with_time" => (
            "unique codes beside a time: order numbers",
            "与时间并列的唯一编码：订单号",
        ),
        "target_taken" => (
            "another column already fills that field",
            "另一列已填写该字段",
        ),
        "ambiguous_name" => (
            "the name says too little and the values did not decide",
            "列名含义不明，值也无法判断",
        ),
        "unrecognised" => (
            "neither the name nor the values say what it holds",
            "列名和值都无法说明其内容",
        ),
        _ => return None,
    };
    Some(pick(lang, en, zh))
}

fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::ZhHans => zh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_and_field_has_a_word_in_both_languages() {
        for lang in Lang::ALL {
            for key in MatchKey::ALL {
                assert!(key_word(lang, key).is_some(), "{key:?} {lang:?}");
            }
            for field in EventField::ALL {
                assert!(field_word(lang, field).is_some(), "{field:?} {lang:?}");
            }
        }
        assert_eq!(key_word(Lang::En, MatchKey::Zip), Some("ZIP / postal code"));
        assert_eq!(key_word(Lang::ZhHans, MatchKey::Email), Some("邮箱"));
    }

    #[test]
    fn every_reason_the_detection_gives_has_words() {
        let codes = [
            "header_name",
            "header_abbreviation",
            "header_values_disagree",
            "values_email",
            "values_phone",
            "values_unix_seconds",
            "values_unix_milliseconds",
            "values_date",
            "values_currency",
            "values_amount",
            "values_event_name",
            "values_lead_id",
            "values_country",
            "values_state_code",
            "values_state_name",
            "values_zip",
            "values_unique_codes_with_time",
            "target_taken",
            "ambiguous_name",
            "unrecognised",
        ];
        for lang in Lang::ALL {
            for code in codes {
                assert!(reason_word(lang, code).is_some(), "{code} {lang:?}");
            }
        }
    }

    #[test]
    fn texts_with_a_column_have_one_placeholder_in_both_languages() {
        for key in [T::TargetOf, T::CustomName, T::CustomType] {
            for lang in Lang::ALL {
                assert_eq!(tx(lang, key).matches("{}").count(), 1, "{key:?} {lang:?}");
            }
        }
        for lang in Lang::ALL {
            let text = tx(lang, T::Sampled);
            assert!(text.contains("{matching}") && text.contains("{sampled}"));
        }
        for key in [T::TargetOf] {
            for lang in Lang::ALL {
                assert_eq!(tx(lang, key).matches("{}").count(), 1, "{key:?} {lang:?}");
            }
        }
    }
}
