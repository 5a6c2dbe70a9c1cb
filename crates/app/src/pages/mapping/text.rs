//! The Mapping step's texts, in English and Simplified Chinese (an exhaustive `match` per
//! language: a text without a translation does not compile), and the words people read for the
//! targets' codes and the detection's reasons.

use crate::i18n::Lang;
use events::mapping::EventField;
use matchkeys::MatchKey;

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
}
