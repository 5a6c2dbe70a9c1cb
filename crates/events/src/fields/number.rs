//! `value`, prices and numeric custom data: decimals written with the file's separator.

/// Which character separates the integer part from the fraction; the other one (and spaces or
/// apostrophes) may group thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalSeparator {
    /// `1,249.00`
    #[default]
    Point,
    /// `1.249,00`
    Comma,
}

impl DecimalSeparator {
    fn byte(self) -> u8 {
        match self {
            Self::Point => b'.',
            Self::Comma => b',',
        }
    }

    fn grouping(self) -> u8 {
        match self {
            Self::Point => b',',
            Self::Comma => b'.',
        }
    }
}

/// A finite decimal number (`"2,154.99"` -> `2154.99` with [`DecimalSeparator::Point`]), or
/// `None` when the text is not one. Thousands groups must have three digits.
///
/// ```
/// use events::fields::number::{parse, DecimalSeparator};
/// assert_eq!(parse(" 1.462,05 ", DecimalSeparator::Comma), Some(1462.05));
/// assert_eq!(parse("-12,50", DecimalSeparator::Comma), Some(-12.5));
/// assert_eq!(parse("12.5.0", DecimalSeparator::Point), None);
/// ```
pub fn parse(raw: &str, separator: DecimalSeparator) -> Option<f64> {
    let text = raw.trim();
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (integer, fraction) = match digits.rfind(char::from(separator.byte())) {
        Some(at) => (&digits[..at], Some(&digits[at + 1..])),
        None => (digits, None),
    };
    let is_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    // The common case, digits with at most one decimal point: parsed as it is, no copy.
    if separator == DecimalSeparator::Point && is_digits(integer) && fraction.is_none_or(is_digits)
    {
        return text.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    let mut plain = String::with_capacity(digits.len() + 1);
    if negative {
        plain.push('-');
    }
    push_integer(integer, separator.grouping(), &mut plain)?;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        plain.push('.');
        plain.push_str(fraction);
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Append the integer part without its thousands separators, checking groups of three.
fn push_integer(integer: &str, grouping: u8, out: &mut String) -> Option<()> {
    let groups: Vec<&str> = integer
        .split(|c: char| c as u32 == u32::from(grouping) || c == ' ' || c == '\'' || c == '\u{a0}')
        .collect();
    let (first, rest) = groups.split_first()?;
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(first) || (!rest.is_empty() && first.len() > 3) {
        return None;
    }
    if !rest.iter().all(|g| g.len() == 3 && all_digits(g)) {
        return None;
    }
    for group in groups {
        out.push_str(group);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalSeparator::{Comma, Point};

    #[test]
    fn reads_both_conventions() {
        assert_eq!(parse("169.43", Point), Some(169.43));
        assert_eq!(parse("2,154.99", Point), Some(2154.99));
        assert_eq!(parse(" 33.81", Point), Some(33.81));
        assert_eq!(parse("-64.03", Point), Some(-64.03));
        assert_eq!(parse("5,9", Comma), Some(5.9));
        assert_eq!(parse("1 234,50", Comma), Some(1234.5));
        assert_eq!(parse("1000", Comma), Some(1000.0));
        assert_eq!(parse("+5", Point), Some(5.0));
        assert_eq!(parse("007.50", Point), Some(7.5));
        assert_eq!(parse("1,000.25", Point), parse("1000.25", Point));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in [
            "",
            "-",
            "abc",
            "$12",
            "12,34,5",
            "1,2345.00",
            ".",
            "1.",
            "1e5",
            "NaN",
            "inf",
            "12.5.0",
            "-.5",
            "+-5",
            "1.2e3",
        ] {
            assert_eq!(parse(bad, Point), None, "{bad}");
        }
    }
}
