//! Guess the mapping of a file: from its header names (English and Chinese), or from the values
//! of its first records when it has no header.

use matchkeys::{Country, DateOrder, MatchKey};

use crate::fields::number::{self, DecimalSeparator};
use crate::fields::time::{self, TimeZone};
use crate::fields::{currency, names};
use crate::mapping::{EventField, Mapping, Target};

/// Header spellings, compared after [`fold`] (lower case, no spaces or punctuation).
const HEADER_NAMES: &[(&str, &[&str])] = &[
    (
        "em",
        &[
            "email",
            "emailaddress",
            "mail",
            "em",
            "邮箱",
            "电子邮箱",
            "电子邮件",
            "邮件",
            "邮箱地址",
        ],
    ),
    (
        "ph",
        &[
            "phone",
            "phonenumber",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "tel",
            "telephone",
            "cell",
            "cellphone",
            "ph",
            "手机号",
            "手机",
            "电话",
            "手机号码",
            "电话号码",
            "联系电话",
        ],
    ),
    (
        "fn",
        &[
            "firstname",
            "first",
            "givenname",
            "forename",
            "fn",
            "名",
            "名字",
        ],
    ),
    (
        "ln",
        &[
            "lastname",
            "last",
            "surname",
            "familyname",
            "ln",
            "姓",
            "姓氏",
        ],
    ),
    ("ge", &["gender", "sex", "ge", "gen", "性别"]),
    (
        "db",
        &[
            "dob",
            "dateofbirth",
            "birthdate",
            "birthday",
            "db",
            "出生日期",
            "生日",
        ],
    ),
    ("doby", &["birthyear", "yearofbirth", "doby", "出生年份"]),
    ("dobm", &["birthmonth", "dobm", "出生月份"]),
    ("dobd", &["birthday_day", "dobd", "出生日"]),
    ("ct", &["city", "town", "ct", "城市"]),
    (
        "st",
        &["state", "region", "province", "st", "省份", "省", "州"],
    ),
    (
        "zp",
        &[
            "zip",
            "zipcode",
            "postalcode",
            "postcode",
            "postal",
            "zp",
            "邮编",
            "邮政编码",
        ],
    ),
    ("country", &["country", "countrycode", "国家", "国家地区"]),
    (
        "external_id",
        &[
            "externalid",
            "externid",
            "customerid",
            "userid",
            "memberid",
            "客户编号",
            "会员编号",
            "用户编号",
        ],
    ),
    (
        "madid",
        &[
            "madid",
            "idfa",
            "gaid",
            "aaid",
            "advertisingid",
            "广告标识符",
        ],
    ),
    ("lead_id", &["leadid", "线索编号", "线索id"]),
    (
        "event_name",
        &[
            "eventname",
            "event",
            "eventtype",
            "事件名称",
            "事件",
            "事件类型",
        ],
    ),
    (
        "event_time",
        &[
            "eventtime",
            "time",
            "timestamp",
            "date",
            "datetime",
            "purchasedate",
            "purchasetime",
            "orderdate",
            "ordertime",
            "transactiondate",
            "transactiontime",
            "saledate",
            "事件时间",
            "时间",
            "日期",
            "下单时间",
            "订单时间",
            "交易时间",
        ],
    ),
    (
        "value",
        &[
            "value",
            "amount",
            "total",
            "revenue",
            "ordervalue",
            "ordertotal",
            "sales",
            "saleamount",
            "purchasevalue",
            "金额",
            "价值",
            "订单金额",
            "销售额",
        ],
    ),
    ("currency", &["currency", "currencycode", "货币", "币种"]),
    (
        "order_id",
        &[
            "orderid",
            "order",
            "orderno",
            "ordernumber",
            "transactionid",
            "receipt",
            "receiptnumber",
            "receiptno",
            "订单编号",
            "订单号",
        ],
    ),
    (
        "item_number",
        &[
            "itemnumber",
            "item",
            "itemno",
            "sku",
            "lineitem",
            "商品编号",
        ],
    ),
    ("event_id", &["eventid", "事件编号"]),
    ("action_source", &["actionsource"]),
    ("content_type", &["contenttype"]),
    ("contents", &["contents"]),
    ("content_ids", &["contentids", "productids"]),
    ("content_id", &["contentid", "productid", "商品id"]),
    ("quantity", &["quantity", "qty", "数量"]),
    ("item_price", &["itemprice", "unitprice", "price", "单价"]),
    ("brand", &["brand", "品牌"]),
    ("category", &["category", "品类", "类目"]),
    ("data_processing_options", &["dataprocessingoptions", "dpo"]),
    (
        "data_processing_options_country",
        &["dataprocessingoptionscountry", "dpocountry"],
    ),
    (
        "data_processing_options_state",
        &["dataprocessingoptionsstate", "dpostate"],
    ),
];

/// Lower case, without spaces, punctuation or symbols (`"E-mail Address"` -> `"emailaddress"`).
fn fold(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The target a header names, if any (`custom_data.<name>` headers included).
pub fn target_for_header(header: &str) -> Option<Target> {
    let trimmed = header.trim();
    if trimmed.starts_with("custom_data.") {
        return Target::parse(trimmed).ok();
    }
    let folded = fold(trimmed);
    if folded.is_empty() {
        return None;
    }
    HEADER_NAMES
        .iter()
        .find(|(_, spellings)| spellings.contains(&folded.as_str()))
        .and_then(|(target, _)| Target::parse(target).ok())
}

/// Whether a first record looks like a header: at least one cell names a target, or no cell
/// looks like a value while the next record's cells do.
pub fn looks_like_header(first: &[String], second: Option<&[String]>, hints: &ValueHints) -> bool {
    if first.iter().any(|cell| target_for_header(cell).is_some()) {
        return true;
    }
    let values_in = |cells: &[String]| cells.iter().filter(|c| sniff(c, hints).is_some()).count();
    match second {
        Some(second) => values_in(first) == 0 && values_in(second) > 0,
        None => false,
    }
}

/// The file settings value sniffing needs.
#[derive(Debug, Clone)]
pub struct ValueHints {
    /// Date order of the file.
    pub date_order: DateOrder,
    /// Decimal separator of the file.
    pub decimal_separator: DecimalSeparator,
}

/// What one cell's text looks like.
fn sniff(cell: &str, hints: &ValueHints) -> Option<Target> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    let digits = cell.bytes().filter(u8::is_ascii_digit).count();
    let key = |k| Some(Target::Key(k));
    let field = |f| Some(Target::Field(f));
    if let Some((local, domain)) = cell.split_once('@')
        && !local.is_empty()
        && domain.contains('.')
    {
        return key(MatchKey::Email);
    }
    if names::is_standard_event(cell) {
        return field(EventField::EventName);
    }
    if currency::parse(cell).is_some()
        && cell.len() == 3
        && cell.bytes().all(|b| b.is_ascii_uppercase())
    {
        return field(EventField::Currency);
    }
    let looks_like_date = cell.contains(['-', '/', ':']) && digits >= 6;
    if looks_like_date && time::parse(cell, &TimeZone::Fixed(0), hints.date_order).is_ok() {
        return field(EventField::EventTime);
    }
    if (15..=17).contains(&digits) && digits == cell.len() {
        return key(MatchKey::LeadId);
    }
    let phone_chars = cell
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone_chars
        && (7..=15).contains(&digits)
        && (cell.starts_with('+') || cell.contains(['(', ' ', '-']) || digits >= 10)
    {
        return key(MatchKey::Phone);
    }
    if number::parse(cell, hints.decimal_separator).is_some() && cell.contains(['.', ',']) {
        return field(EventField::Value);
    }
    if cell.chars().all(char::is_alphabetic) && Country::parse(cell).is_ok() {
        return key(MatchKey::Country);
    }
    None
}

/// Guess a mapping: by header names when `header` holds them, else from the sampled values
/// (three in five of a column's non-empty cells must agree). Event fields are given to one column only;
/// identifiers may repeat.
pub fn detect_mapping(
    columns: &[String],
    has_header: bool,
    sample: &[Vec<String>],
    hints: &ValueHints,
) -> Mapping {
    let mut mapping = Mapping::new();
    let mut taken: Vec<Target> = Vec::new();
    for (index, column) in columns.iter().enumerate() {
        let by_name = if has_header {
            target_for_header(column)
        } else {
            None
        };
        let guess = by_name.or_else(|| guess_from_values(index, sample, hints));
        let target = guess.filter(|t| t.repeatable() || !taken.contains(t));
        if let Some(target) = &target {
            taken.push(target.clone());
        }
        let name = if has_header {
            column.clone()
        } else {
            index.to_string()
        };
        mapping.set(name, target);
    }
    mapping
}

fn guess_from_values(index: usize, sample: &[Vec<String>], hints: &ValueHints) -> Option<Target> {
    let mut votes: Vec<(Target, usize)> = Vec::new();
    let mut filled = 0;
    for record in sample {
        let Some(cell) = record.get(index).filter(|c| !c.trim().is_empty()) else {
            continue;
        };
        filled += 1;
        if let Some(target) = sniff(cell, hints) {
            match votes.iter_mut().find(|(t, _)| *t == target) {
                Some(vote) => vote.1 += 1,
                None => votes.push((target, 1)),
            }
        }
    }
    let (target, count) = votes.into_iter().max_by_key(|(_, count)| *count)?;
    (count * 5 >= filled * 3).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints() -> ValueHints {
        ValueHints {
            date_order: DateOrder::MonthFirst,
            decimal_separator: DecimalSeparator::Point,
        }
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn header_names_in_english_and_chinese() {
        let cases = [
            ("E-mail Address", "em"),
            ("邮箱", "em"),
            ("phone_number", "ph"),
            ("手机号", "ph"),
            ("zip", "zp"),
            ("Postal Code", "zp"),
            ("event_time", "event_time"),
            ("Order ID", "order_id"),
            ("姓", "ln"),
            ("名", "fn"),
            ("城市", "ct"),
            ("省份", "st"),
            ("邮编", "zp"),
            ("国家", "country"),
            ("事件时间", "event_time"),
            ("事件名称", "event_name"),
            ("线索编号", "lead_id"),
            ("Order no.", "order_id"),
            ("Purchase Date", "event_time"),
            ("custom_data.store", "custom_data.store"),
        ];
        for (header, target) in cases {
            assert_eq!(
                target_for_header(header).map(|t| t.name()).as_deref(),
                Some(target),
                "{header}"
            );
        }
        assert_eq!(target_for_header("Store ID"), None);
        assert_eq!(target_for_header("Comment"), None);
    }

    #[test]
    fn values_without_a_header() {
        let sample = vec![
            strings(&[
                "a@b.co",
                "+1 650 555 1212",
                "2026-10-01 10:00",
                "12.50",
                "USD",
                "x",
            ]),
            strings(&[
                "c@d.org",
                "(415) 555-0100",
                "2026-10-02 11:00",
                "7.00",
                "USD",
                "y",
            ]),
        ];
        let first = &sample[0];
        assert!(!looks_like_header(first, Some(&sample[1]), &hints()));
        let columns: Vec<String> = (0..6).map(|i| i.to_string()).collect();
        let mapping = detect_mapping(&columns, false, &sample, &hints());
        assert_eq!(
            serde_json::to_string(&mapping).unwrap(),
            r#"{"0":"em","1":"ph","2":"event_time","3":"value","4":"currency","5":null}"#
        );
    }

    #[test]
    fn a_header_of_unknown_names_is_still_a_header() {
        let first = strings(&["Kundenmail", "Betrag"]);
        let second = strings(&["a@b.co", "12.50"]);
        assert!(looks_like_header(&first, Some(&second), &hints()));
    }

    #[test]
    fn event_fields_go_to_one_column_only() {
        let columns = strings(&["Date", "Time", "Email", "E-mail"]);
        let mapping = detect_mapping(&columns, true, &[], &hints());
        assert_eq!(
            serde_json::to_string(&mapping).unwrap(),
            r#"{"Date":"event_time","Time":null,"Email":"em","E-mail":"em"}"#
        );
    }
}
