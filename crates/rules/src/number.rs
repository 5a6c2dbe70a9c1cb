//! Numbers as rules and events write them.

use std::fmt;

/// A JSON number kept as written (`100`, `1.50`, `1e2`), so a rule serializes as it was read.
///
/// ```
/// use rules::Number;
/// let price = Number::parse("1.50").unwrap();
/// assert_eq!(price.as_str(), "1.50");
/// assert_eq!(price.value(), 1.5);
/// assert!(Number::parse("1,50").is_none());
/// assert_eq!(Number::from(100).as_str(), "100");
/// ```
#[derive(Debug, Clone)]
pub struct Number {
    text: String,
    value: f64,
}

impl Number {
    /// A number in JSON syntax whose value fits a 64-bit float.
    pub fn parse(text: &str) -> Option<Number> {
        if text.is_empty() || crate::json::number_len(text) != text.len() {
            return None;
        }
        let value: f64 = text.parse().ok()?;
        value.is_finite().then(|| Number {
            text: text.to_owned(),
            value,
        })
    }

    /// A finite float, written the shortest way that reads back to it (`0.1`, `100`).
    pub fn from_f64(value: f64) -> Option<Number> {
        value.is_finite().then(|| Number {
            text: value.to_string(),
            value,
        })
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The number's value.
    pub fn value(&self) -> f64 {
        self.value
    }
}

/// Two numbers are the same rule value when they are written the same (`100` is not `100.0`).
impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.text == other.text
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Number {
        Number {
            text: value.to_string(),
            // Rule values are prices and counts; beyond 2^53 a float rounds, as Meta's would.
            #[allow(clippy::cast_precision_loss)]
            value: value as f64,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The value of an event field's text when it is a number: `"100"`, `" 99.5 "`, `"+3"`, `"-0.25"`,
/// `".5"`, `"1e3"`. Thousands separators, currency signs, `inf` and `NaN` are not numbers.
pub(crate) fn parse_numeric(text: &str) -> Option<f64> {
    let text = text.trim();
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return None;
    }
    if let Some(exponent) = exponent {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if exponent.is_empty() || !digits(exponent) {
            return None;
        }
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A number's text for the text operators (`contains`, `regex_match`) on numeric event values.
pub(crate) fn number_text(value: f64) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_text_that_is_a_number() {
        for (text, value) in [
            ("100", 100.0),
            (" 99.5 ", 99.5),
            ("+3", 3.0),
            ("-0.25", -0.25),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("007", 7.0),
        ] {
            assert_eq!(parse_numeric(text), Some(value), "{text}");
        }
        for text in [
            "", " ", "1,000", "$5", "inf", "NaN", "1e", "--1", ".", "1e400", "0x10", "١٢",
        ] {
            assert_eq!(parse_numeric(text), None, "{text}");
        }
    }

    #[test]
    fn rule_numbers_are_json_numbers() {
        assert!(Number::parse("1e2").is_some());
        for text in ["", "+1", ".5", "01", "1e400", "NaN", " 1"] {
            assert!(Number::parse(text).is_none(), "{text}");
        }
        assert_ne!(Number::parse("100"), Number::parse("100.0"));
        assert_eq!(Number::from_f64(0.1).unwrap().as_str(), "0.1");
        assert!(Number::from_f64(f64::NAN).is_none());
    }
}
