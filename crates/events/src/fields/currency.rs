//! `currency`: an ISO 4217 code, trimmed, case-insensitive, written upper-case.

use std::cell::Cell;

/// The upper-case ISO 4217 code `raw` names (`" usd"` -> `"USD"`), if it names one.
///
/// ```
/// assert_eq!(events::fields::currency::parse(" eur "), Some("EUR"));
/// assert_eq!(events::fields::currency::parse("US$"), None);
/// ```
pub fn parse(raw: &str) -> Option<&'static str> {
    lookup(key(raw)?)
}

/// [`parse`] for one file's rows: remembers the last code it found. A file nearly always
/// carries one currency, and finding a code in ISO 4217's list compares it with the codes
/// before it one by one (a tenth of a row's preparation time in wasm before this cache).
///
/// ```
/// let recent = events::fields::currency::Recent::default();
/// assert_eq!(recent.parse("usd"), Some("USD"));
/// assert_eq!(recent.parse(" USD"), Some("USD"));
/// assert_eq!(recent.parse("US$"), None);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Recent(Cell<Option<([u8; 3], &'static str)>>);

impl Recent {
    /// The same answer as [`parse`].
    pub fn parse(&self, raw: &str) -> Option<&'static str> {
        let key = key(raw)?;
        if let Some((last, code)) = self.0.get()
            && last == key
        {
            return Some(code);
        }
        let code = lookup(key)?;
        self.0.set(Some((key, code)));
        Some(code)
    }
}

/// `raw` trimmed and upper-cased, when it is three ASCII letters.
fn key(raw: &str) -> Option<[u8; 3]> {
    let mut key: [u8; 3] = raw.trim().as_bytes().try_into().ok()?;
    if !key.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    key.make_ascii_uppercase();
    Some(key)
}

/// The ISO 4217 code spelled by `key` (three upper-case ASCII letters), if there is one.
fn lookup(key: [u8; 3]) -> Option<&'static str> {
    let code = std::str::from_utf8(&key).ok()?;
    iso_currency::Currency::from_code(code).map(|c| c.code())
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

    #[test]
    fn the_cache_answers_as_parse_does_whatever_the_order() {
        let recent = super::Recent::default();
        for raw in [
            "usd", "USD", "eur", "XYZ", "eur ", "US$", "usd", "", "cny", "CNY",
        ] {
            assert_eq!(recent.parse(raw), parse(raw), "{raw}");
        }
    }
}
