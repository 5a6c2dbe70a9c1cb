//! Which byte separates the fields of a delimited text file.

/// The field separator of a delimited text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;` (common in European spreadsheet exports)
    Semicolon,
    /// a tab (`.tsv`)
    Tab,
    /// `|`
    Pipe,
}

impl Delimiter {
    /// Every delimiter hashdrop recognises, in order of preference when counts tie.
    pub const ALL: [Delimiter; 4] = [Self::Comma, Self::Semicolon, Self::Tab, Self::Pipe];

    /// The delimiter written as text (`","`, `";"`, `"\t"`, `"|"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Comma => ",",
            Self::Semicolon => ";",
            Self::Tab => "\t",
            Self::Pipe => "|",
        }
    }

    /// The delimiter a text names: the character itself or its English name.
    pub fn from_name(name: &str) -> Option<Delimiter> {
        match name {
            "," | "comma" => Some(Self::Comma),
            ";" | "semicolon" => Some(Self::Semicolon),
            "\t" | "tab" => Some(Self::Tab),
            "|" | "pipe" => Some(Self::Pipe),
            _ => None,
        }
    }

    /// The byte this delimiter stands for.
    pub fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
            Self::Pipe => b'|',
        }
    }

    /// Pick the delimiter that occurs most often outside quotes in the first line of `sample`.
    /// A line with none of them is a one-column file, read as comma-separated.
    pub fn detect(sample: &str) -> Delimiter {
        let first_line = sample.lines().next().unwrap_or_default();
        let mut counts = [0usize; 4];
        let mut quoted = false;
        for byte in first_line.bytes() {
            if byte == b'"' {
                quoted = !quoted;
            } else if !quoted && let Some(i) = Self::ALL.iter().position(|d| d.byte() == byte) {
                counts[i] += 1;
            }
        }
        let mut best = Self::Comma;
        let mut best_count = 0;
        for (delimiter, count) in Self::ALL.into_iter().zip(counts) {
            if count > best_count {
                best = delimiter;
                best_count = count;
            }
        }
        best
    }
}

impl serde::Serialize for Delimiter {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Delimiter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Delimiter::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom("expected a delimiter: \",\", \";\", \"\\t\" or \"|\"")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_delimiter_from_the_header() {
        assert_eq!(Delimiter::detect("a,b,c\n1,2,3"), Delimiter::Comma);
        assert_eq!(Delimiter::detect("a;b;c"), Delimiter::Semicolon);
        assert_eq!(Delimiter::detect("a\tb\tc"), Delimiter::Tab);
        assert_eq!(Delimiter::detect("a|b|c"), Delimiter::Pipe);
    }

    #[test]
    fn ignores_delimiters_inside_quotes() {
        assert_eq!(Delimiter::detect("\"a,b,c\";d;e"), Delimiter::Semicolon);
    }

    #[test]
    fn single_column_files_read_as_comma() {
        assert_eq!(Delimiter::detect("email"), Delimiter::Comma);
        assert_eq!(Delimiter::detect(""), Delimiter::Comma);
    }
}
