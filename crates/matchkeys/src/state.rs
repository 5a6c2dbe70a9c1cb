//! US states and Canadian provinces: full names to their 2-letter postal codes.
//!
//! No well-kept crate carries this small, stable table, so it lives here (USPS and Canada Post
//! codes, including DC and the inhabited US territories).

/// `(squashed name, code)`: the name lowercase with spaces and punctuation removed.
const US: [(&str, &str); 56] = [
    ("alabama", "al"),
    ("alaska", "ak"),
    ("arizona", "az"),
    ("arkansas", "ar"),
    ("california", "ca"),
    ("colorado", "co"),
    ("connecticut", "ct"),
    ("delaware", "de"),
    ("districtofcolumbia", "dc"),
    ("florida", "fl"),
    ("georgia", "ga"),
    ("hawaii", "hi"),
    ("idaho", "id"),
    ("illinois", "il"),
    ("indiana", "in"),
    ("iowa", "ia"),
    ("kansas", "ks"),
    ("kentucky", "ky"),
    ("louisiana", "la"),
    ("maine", "me"),
    ("maryland", "md"),
    ("massachusetts", "ma"),
    ("michigan", "mi"),
    ("minnesota", "mn"),
    ("mississippi", "ms"),
    ("missouri", "mo"),
    ("montana", "mt"),
    ("nebraska", "ne"),
    ("nevada", "nv"),
    ("newhampshire", "nh"),
    ("newjersey", "nj"),
    ("newmexico", "nm"),
    ("newyork", "ny"),
    ("northcarolina", "nc"),
    ("northdakota", "nd"),
    ("ohio", "oh"),
    ("oklahoma", "ok"),
    ("oregon", "or"),
    ("pennsylvania", "pa"),
    ("rhodeisland", "ri"),
    ("southcarolina", "sc"),
    ("southdakota", "sd"),
    ("tennessee", "tn"),
    ("texas", "tx"),
    ("utah", "ut"),
    ("vermont", "vt"),
    ("virginia", "va"),
    ("washington", "wa"),
    ("westvirginia", "wv"),
    ("wisconsin", "wi"),
    ("wyoming", "wy"),
    ("puertorico", "pr"),
    ("guam", "gu"),
    ("usvirginislands", "vi"),
    ("americansamoa", "as"),
    ("northernmarianaislands", "mp"),
];

const CA: [(&str, &str); 13] = [
    ("alberta", "ab"),
    ("britishcolumbia", "bc"),
    ("manitoba", "mb"),
    ("newbrunswick", "nb"),
    ("newfoundlandandlabrador", "nl"),
    ("novascotia", "ns"),
    ("northwestterritories", "nt"),
    ("nunavut", "nu"),
    ("ontario", "on"),
    ("princeedwardisland", "pe"),
    ("quebec", "qc"),
    ("saskatchewan", "sk"),
    ("yukon", "yt"),
];

/// The postal code of a US state or Canadian province, from its squashed name or its code.
/// With `Some(country)`, only that country's table is searched (`b"us"` or `b"ca"`; `None` for
/// any other country). With no known country, a full name of either table maps to its code
/// (no name is in both), and a code is not taken as one: without a country, `ca` could be
/// California or Canada's own abbreviation, so it is kept as written.
pub(crate) fn code(country: Option<[u8; 2]>, squashed: &str) -> Option<&'static str> {
    let squashed = match squashed {
        // Accented and short spellings people write.
        "québec" => "quebec",
        "washingtondc" => "districtofcolumbia",
        other => other,
    };
    let in_table = |table: &[(&str, &'static str)], codes: bool| {
        table
            .iter()
            .find(|(name, code)| *name == squashed || (codes && *code == squashed))
            .map(|(_, code)| *code)
    };
    match country.as_ref() {
        Some(b"us") => in_table(&US, true),
        Some(b"ca") => in_table(&CA, true),
        Some(_) => None,
        None => in_table(&US, false).or_else(|| in_table(&CA, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_name_is_in_both_tables() {
        for (name, _) in US {
            assert!(CA.iter().all(|(other, _)| *other != name), "{name}");
        }
    }
}
