//! The app's two UI languages, English and Simplified Chinese.
//!
//! Every sentence lives in the locale files `crates/app/locales/en.json` and `zh-Hans.json`,
//! read at compile time by [`leptos_i18n`]: a key missing from the files, or an interpolation
//! argument the sentence does not name, does not compile. [`tr!`](crate::tr) names a sentence
//! as a [`Text`] (a function of the locale) so that code can pass it around;
//! [`td_string!`](self::i18n::td_string) fills in arguments and picks plural forms.
//!
//! The app keeps its own choice of language ([`Lang`], stored under its own key and written to
//! `<html lang>` by [`crate::state`]); `Lang` only maps it to the library's [`Locale`].

// The macro reads `[package.metadata.leptos-i18n]` in Cargo.toml and the files in `locales/`.
// Its build.rs replacement (`leptos_i18n_build`) generates the same module but brings ICU's data
// exporter with its HTTP client into the build; this app uses no ICU data beyond plural rules.
#[allow(deprecated, missing_docs)]
mod generated {
    leptos_i18n::load_locales!();
}

pub use generated::i18n;
pub use generated::i18n::Locale;

/// A sentence of the locale files, named by its key (made by [`tr!`](crate::tr)), so that code
/// can pass it around and tests can compare it; [`Lang::t`] reads it in a language.
#[derive(Clone, Copy)]
pub struct Text {
    key: &'static str,
    lookup: fn(Locale) -> &'static str,
}

impl Text {
    /// A sentence from its key and its lookup (use [`tr!`](crate::tr), which checks the key).
    pub const fn new(key: &'static str, lookup: fn(Locale) -> &'static str) -> Text {
        Text { key, lookup }
    }

    /// The sentence's key in the locale files.
    pub fn key(self) -> &'static str {
        self.key
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.key == other.key
    }
}

impl Eq for Text {}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)
    }
}

/// Names a sentence of the locale files (`tr!(manage.load)`) as a [`Text`]; an unknown key does
/// not compile.
#[macro_export]
macro_rules! tr {
    ($($key:tt)+) => {
        $crate::i18n::Text::new(stringify!($($key)+), |locale| {
            $crate::i18n::i18n::td_string!(locale, $($key)+)
        })
    };
}

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    ZhHans,
}

impl Lang {
    /// Both languages, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhHans];

    /// The BCP 47 tag (for `<html lang>` and storage).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
        }
    }

    /// The language's own name, as its speakers write it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhHans => "简体中文",
        }
    }

    /// A language from a stored or browser tag (`en-GB`, `zh-CN`, `zh-Hans`); `None` if neither.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::ZhHans),
            _ => None,
        }
    }

    /// The library's locale for this language.
    pub fn locale(self) -> Locale {
        match self {
            Lang::En => Locale::en,
            Lang::ZhHans => Locale::zh_Hans,
        }
    }

    /// The text of `text` in this language.
    pub fn t(self, text: Text) -> &'static str {
        (text.lookup)(self.locale())
    }

    /// A count as this language writes it for people: digits grouped by thousands
    /// (`1,000,000` in English and in Simplified Chinese alike). Automation reads the plain
    /// number from a `data-` attribute instead.
    pub fn count(self, n: u64) -> String {
        let separator = match self {
            Lang::En | Lang::ZhHans => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn counts_are_grouped_by_thousands() {
        for lang in Lang::ALL {
            assert_eq!(lang.count(0), "0");
            assert_eq!(lang.count(999), "999");
            assert_eq!(lang.count(1_000), "1,000");
            assert_eq!(lang.count(1_000_000), "1,000,000");
            assert_eq!(lang.count(12_345_678), "12,345,678");
        }
    }

    /// Every leaf of a locale file as (dotted key, text).
    fn leaves(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    leaves(&path, value, out);
                }
            }
            serde_json::Value::String(text) => out.push((prefix.to_owned(), text.clone())),
            other => panic!("{prefix}: not a string or an object: {other}"),
        }
    }

    fn locale_file(text: &str) -> Vec<(String, String)> {
        let value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        let mut out = Vec::new();
        leaves("", &value, &mut out);
        out
    }

    fn english() -> Vec<(String, String)> {
        locale_file(include_str!("../locales/en.json"))
    }

    fn chinese() -> Vec<(String, String)> {
        locale_file(include_str!("../locales/zh-Hans.json"))
    }

    /// The library falls back to English for a key missing from the Chinese file (with only a
    /// warning), so the files are compared here.
    #[test]
    fn both_locale_files_have_the_same_keys_and_no_empty_text() {
        let english = english();
        let chinese = chinese();
        // Chinese has one plural category (`other`); English has `one` and `other`.
        let keys = |file: &[(String, String)]| -> Vec<String> {
            let mut keys: Vec<String> = file
                .iter()
                .map(|(key, _)| {
                    key.trim_end_matches("_one")
                        .trim_end_matches("_other")
                        .to_owned()
                })
                .collect();
            keys.dedup();
            keys
        };
        assert_eq!(keys(&english), keys(&chinese));
        for (key, text) in english.iter().chain(&chinese) {
            assert!(!text.trim().is_empty(), "{key} is empty");
        }
    }

    #[test]
    fn chinese_is_not_english_copied() {
        // Brand names, field codes and a dash may coincide; prose must be translated.
        let english = english();
        let chinese = chinese();
        let same: Vec<&str> = chinese
            .iter()
            .filter(|(key, text)| english.iter().any(|(k, t)| k == key && t == text))
            .map(|(key, _)| key.as_str())
            .collect();
        assert_eq!(
            same,
            ["check.no_column", "endpoint_meta", "mapping.custom", "send.col_trace"]
        );
    }

    #[test]
    fn a_text_is_looked_up_in_the_chosen_language() {
        let text = crate::tr!(step_send);
        assert_eq!(Lang::En.t(text), "Send");
        assert_eq!(Lang::ZhHans.t(text), "发送");
    }

    #[test]
    fn tags_round_trip_and_browser_tags_are_understood() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr-FR"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
