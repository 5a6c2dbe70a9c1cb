//! `regex_match` patterns: PCRE syntax, run by `fancy-regex`.
//!
//! Meta says "the full PCRE grammar is supported". `fancy-regex` runs most of what people write:
//! look-ahead and look-behind (also variable-length), back references (`\1`, `\k<name>`),
//! atomic groups, possessive quantifiers, conditionals, `\K`, `\G`, `\g<name>` subroutine calls,
//! inline flags, Unicode classes. Before compiling, the pattern is scanned for the PCRE
//! constructs it cannot run, so the error names the construct and where it is, instead of a
//! parser message about an "unknown group flag".

use std::fmt;

/// How many backtracking steps one match may take before it gives up (and does not match).
const BACKTRACK_LIMIT: usize = 1_000_000;

/// Why a `regex_match` pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    position: Option<usize>,
    construct: Option<(&'static str, String)>,
    message: String,
}

impl RegexError {
    /// The 1-based character position in the pattern, when known.
    pub fn position(&self) -> Option<usize> {
        self.position
    }

    /// For a PCRE construct the engine does not support, its name (e.g. `"recursion"`).
    pub fn construct(&self) -> Option<&'static str> {
        self.construct.as_ref().map(|(name, _)| *name)
    }
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.construct, self.position) {
            (Some((name, text)), Some(at)) => write!(
                f,
                "the pattern uses {name} `{text}` at character {at}, which is not supported{}",
                self.message
            ),
            (_, Some(at)) => write!(f, "invalid pattern at character {at}: {}", self.message),
            (_, None) => write!(f, "invalid pattern: {}", self.message),
        }
    }
}

/// Compile a pattern, refusing the constructs the engine cannot run.
pub(crate) fn compile(pattern: &str) -> Result<fancy_regex::Regex, RegexError> {
    if let Some(error) = unsupported(pattern) {
        return Err(error);
    }
    fancy_regex::RegexBuilder::new(pattern)
        .backtrack_limit(BACKTRACK_LIMIT)
        .build()
        .map_err(|error| match error {
            fancy_regex::Error::ParseError(at, kind) => RegexError {
                position: Some(char_position(pattern, at)),
                construct: None,
                message: kind.to_string(),
            },
            other => RegexError {
                position: None,
                construct: None,
                message: other.to_string(),
            },
        })
}

/// 1-based character position of a byte offset.
fn char_position(pattern: &str, byte: usize) -> usize {
    pattern
        .char_indices()
        .take_while(|(i, _)| *i < byte)
        .count()
        + 1
}

fn refuse(pattern: &str, byte: usize, len: usize, name: &'static str, hint: &str) -> RegexError {
    let text: String = pattern[byte..].chars().take(len).collect();
    RegexError {
        position: Some(char_position(pattern, byte)),
        construct: Some((name, text)),
        message: hint.to_owned(),
    }
}

/// The first PCRE construct in `pattern` that the engine cannot run, if any.
fn unsupported(pattern: &str) -> Option<RegexError> {
    let chars: Vec<(usize, char)> = pattern.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let mut i = 0;
    let mut in_class = false;
    while let Some(c) = at(i) {
        let byte = chars[i].0;
        match c {
            '\\' => {
                let next = at(i + 1)?;
                let found = match next {
                    'Q' => Some((2, "the quoted sequence", "; escape each character instead")),
                    'X' => Some((2, "the extended grapheme cluster", "")),
                    'C' => Some((2, "the single code unit escape", "")),
                    'c' => Some((
                        3,
                        "the control-character escape",
                        "; write `\\x01` style escapes",
                    )),
                    'o' => Some((2, "the octal escape", "; write `\\x{…}`")),
                    '0' => Some((2, "the octal escape", "; write `\\x{…}`")),
                    'h' | 'H' | 'v' | 'V' => Some((
                        2,
                        "the PCRE whitespace class",
                        "; this engine reads it differently: write `[ \\t]` or `[\\n\\r]`",
                    )),
                    'g' if matches!(at(i + 2), Some('{' | '-' | '+'))
                        && !matches!((at(i + 2), at(i + 3)), (Some('{'), Some(c)) if c.is_alphabetic() || c == '_') =>
                    {
                        Some((
                            3,
                            "the numbered or relative back reference",
                            "; write `\\1`",
                        ))
                    }
                    _ => None,
                };
                if let Some((len, name, hint)) = found {
                    return Some(refuse(pattern, byte, len, name, hint));
                }
                i += 2;
            }
            '[' if !in_class => {
                in_class = true;
                i += 1;
                if at(i) == Some('^') {
                    i += 1;
                }
                if at(i) == Some(']') {
                    i += 1;
                }
            }
            '[' if at(i + 1) == Some(':') => {
                // A POSIX class such as `[:alpha:]` inside a class.
                i += 2;
                while let Some(c) = at(i) {
                    i += 1;
                    if c == ']' {
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                i += 1;
            }
            '(' if !in_class && at(i + 1) == Some('*') => {
                let name: String = chars[i + 2..]
                    .iter()
                    .map(|(_, c)| *c)
                    .take_while(|c| *c != ')' && *c != ':')
                    .collect();
                if name != "FAIL" && name != "F" {
                    return Some(refuse(
                        pattern,
                        byte,
                        name.chars().count() + 3,
                        "the backtracking control verb or start option",
                        "",
                    ));
                }
                i += 2;
            }
            '(' if !in_class && at(i + 1) == Some('?') => {
                let after = at(i + 2);
                let recursion = match after {
                    Some('R' | '&' | '0'..='9') => true,
                    Some('+' | '-') => at(i + 3).is_some_and(|c| c.is_ascii_digit()),
                    Some('P') => at(i + 3) == Some('>'),
                    _ => false,
                };
                let found = if recursion {
                    let len = chars[i..].iter().take_while(|(_, c)| *c != ')').count() + 1;
                    Some((
                        len,
                        "recursion or a subroutine call",
                        "; `\\g<1>` and `\\g<name>` subroutine calls work",
                    ))
                } else {
                    match after {
                        Some('C') => Some((3, "a callout", "")),
                        Some('|') => Some((3, "a branch-reset group", "")),
                        Some('J') => Some((3, "the duplicate group names option", "")),
                        Some('#') => {
                            // A comment runs to the next `)`.
                            while at(i).is_some_and(|c| c != ')') {
                                i += 1;
                            }
                            None
                        }
                        _ => None,
                    }
                };
                if let Some((len, name, hint)) = found {
                    return Some(refuse(pattern, byte, len, name, hint));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_what_pcre_users_write() {
        for (pattern, text) in [
            (r"example\.com.*purchase$", "https://example.com/a/purchase"),
            (r"(?<=/order/)\d+", "/order/123"),
            (r"^(?!.*test).*thanks", "/thanks"),
            (r"(\w)\1", "book"),
            (r"(?<w>a)\k<w>", "aa"),
            (r"a++b", "aab"),
            (r"(?>a+)b", "aab"),
            (r"(?i)ICECREAM", "icecream"),
            (r"[[:digit:]]{3}", "a123"),
            (r"[]x]", "]"),
            (r"(?#why)a", "a"),
            (r"(a)\g<1>", "aa"),
        ] {
            let regex = compile(pattern).unwrap();
            assert!(regex.is_match(text).unwrap(), "{pattern} on {text}");
        }
    }

    #[test]
    fn names_unsupported_constructs_and_where_they_are() {
        for (pattern, construct, at, text) in [
            ("a(?R)?b", "recursion or a subroutine call", 2, "(?R)"),
            ("(a|b(?1))", "recursion or a subroutine call", 5, "(?1)"),
            ("(?&name)", "recursion or a subroutine call", 1, "(?&name)"),
            (
                "x(*SKIP)(*FAIL)|a",
                "the backtracking control verb or start option",
                2,
                "(*SKIP)",
            ),
            (r"é\Qa.b\E", "the quoted sequence", 2, r"\Q"),
            ("(?|(a)|(b))", "a branch-reset group", 1, "(?|"),
            (r"a\h", "the PCRE whitespace class", 2, r"\h"),
            (
                r"(a)\g{-1}",
                "the numbered or relative back reference",
                4,
                r"\g{",
            ),
            ("(?C1)a", "a callout", 1, "(?C"),
        ] {
            let error = compile(pattern).unwrap_err();
            assert_eq!(error.construct(), Some(construct), "{pattern}");
            assert_eq!(error.position(), Some(at), "{pattern}");
            assert!(
                error
                    .to_string()
                    .contains(&format!("`{text}` at character {at}")),
                "{error}"
            );
        }
    }

    #[test]
    fn escaped_or_classed_lookalikes_are_not_constructs() {
        for pattern in [r"\(\?R\)", r"[(?R)]", r"\\Q", r"[\\]Q"] {
            assert!(unsupported(pattern).is_none(), "{pattern}");
        }
    }

    #[test]
    fn syntax_errors_carry_the_character_position() {
        let error = compile("é**").unwrap_err();
        assert_eq!(error.construct(), None);
        assert_eq!(error.position(), Some(3));
        assert_eq!(
            error.to_string(),
            "invalid pattern at character 3: Target of repeat operator is invalid"
        );
    }
}
