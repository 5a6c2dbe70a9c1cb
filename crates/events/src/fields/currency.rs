//! `currency`: an ISO 4217 code, trimmed, case-insensitive, written upper-case.

/// The upper-case ISO 4217 code `raw` names (`" usd"` -> `"USD"`), if it names one.
///
/// ```
/// assert_eq!(events::fields::currency::parse(" eur "), Some("EUR"));
/// assert_eq!(events::fields::currency::parse("US$"), None);
/// ```
pub fn parse(raw: &str) -> Option<&'static str> {
    let code = raw.trim();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let upper = code.to_ascii_uppercase();
    iso_currency::Currency::from_code(&upper).map(|c| c.code())
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_codes_in_any_case_and_refuses_the_rest() {
        assert_eq!(parse("usd"), Some("USD"));
        assert_eq!(parse("\u{a0}GBP"), Some("GBP"));
        assert_eq!(parse("CNY"), Some("CNY"));
        for bad in ["", "US", "USDX", "RMB", "US$", "€", "XYZ"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
