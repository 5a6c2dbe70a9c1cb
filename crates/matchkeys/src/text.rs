//! Text folding shared by the free-text keys: NFC, Unicode lowercase, keep some characters.
//!
//! ASCII input (most of it) skips normalization entirely: it is already NFC and its lowercase
//! is byte-for-byte.

use std::borrow::Cow;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Letters of every script and digits (names, states). Combining marks stay with their letter.
pub(crate) fn letter_or_digit(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Letters of every script (cities).
pub(crate) fn letter(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// Anything but whitespace (e-mail, postal codes keep their punctuation).
pub(crate) fn any(_: char) -> bool {
    true
}

/// NFC, lowercase, keep the characters `keep` accepts, of an already-trimmed value. The result
/// is NFC again (removing a character between a letter and its accent could otherwise leave a
/// decomposed pair), so folding twice changes nothing.
pub(crate) fn fold(trimmed: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(trimmed.len());
    fold_into(trimmed, keep, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), reusing its allocation.
pub(crate) fn fold_into(trimmed: &str, keep: impl Fn(char) -> bool, out: &mut String) {
    out.clear();
    if trimmed.is_ascii() {
        out.extend(
            trimmed
                .bytes()
                .map(|b| char::from(b.to_ascii_lowercase()))
                .filter(|&c| keep(c)),
        );
        return;
    }
    // Text that is already NFC (precomposed accents, as almost every export writes them) needs
    // no decomposition and recomposition: NFC of it is itself.
    let nfc: Cow<'_, str> = if is_nfc_quick(trimmed.chars()) == IsNormalized::Yes {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.nfc().collect())
    };
    // The whole string at once, never char by char: Unicode's lowercase mapping is context-
    // sensitive (a capital sigma that ends a word becomes `ς`), and the context is the text as
    // written, before any character is dropped.
    out.extend(nfc.to_lowercase().chars().filter(|&c| keep(c)));
    if is_nfc_quick(out.chars()) != IsNormalized::Yes {
        *out = out.nfc().collect();
    }
}

/// Whether `value` is 64 hex digits: an already-hashed SHA-256.
pub(crate) fn is_sha256_hex(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}
