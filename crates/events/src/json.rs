//! JSON text written straight into a `String`, for the per-row hot path (one event per row).
//!
//! Going through serde costs more than the event's hashes do once they are computed: every
//! 64-digit hash is scanned byte by byte through the serializer's escaping machinery. These
//! helpers write exactly the text `serde_json` writes (same escapes, same number formats), and
//! `payload`'s tests compare the two byte for byte.

/// A JSON object being written: `{`, then `"key":value` pairs with commas, then `}`.
pub(crate) struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Object<'a> {
    /// Open an object at the end of `out`.
    pub(crate) fn new(out: &'a mut String) -> Self {
        out.push('{');
        Object { out, empty: true }
    }

    /// Write `"name":` (with the comma before it when needed) and return the text to write the
    /// value into.
    pub(crate) fn key(&mut self, name: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        string(self.out, name);
        self.out.push(':');
        self.out
    }

    /// Close the object.
    pub(crate) fn end(self) {
        self.out.push('}');
    }
}

/// A JSON string: quoted, escaped the way `serde_json` escapes (`\"`, `\\`, the short escapes
/// of `\b \t \n \f \r`, `\u00XX` for the other control characters; nothing else).
pub(crate) fn string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    // Almost every string (every hash) needs no escape: check that first, then copy it whole.
    if !needs_escape(bytes) {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0c => "\\f",
            b'\r' => "\\r",
            0x00..=0x1f => {
                out.push_str(&text[start..i]);
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        // Every byte that needs escaping is ASCII, so `start..i` are char boundaries.
        out.push_str(&text[start..i]);
        out.push_str(escape);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// Whether any byte of `bytes` is a control character, `"` or `\\`. Written without a branch
/// per byte so that the compiler compares many bytes at once (SSE2 natively, simd128 in wasm):
/// a 64-digit hash is checked in a few instructions.
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// An array of strings.
pub(crate) fn strings<S: AsRef<str>>(out: &mut String, items: &[S]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, item.as_ref());
    }
    out.push(']');
}

/// A signed integer.
pub(crate) fn int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    uint(out, n.unsigned_abs());
}

/// An unsigned integer.
pub(crate) fn uint(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Always ASCII digits, so this never falls back.
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

/// A float, formatted by `serde_json` itself (shortest round-trip digits, `100.0`, `1e21`,
/// `null` for a non-finite value), written through a stack buffer instead of a new `String`.
pub(crate) fn float(out: &mut String, value: f64) {
    let mut buf = [0u8; 40];
    let mut rest = &mut buf[..];
    let written = serde_json::to_writer(&mut rest, &value)
        .ok()
        .map(|()| 40 - rest.len());
    match written.and_then(|n| std::str::from_utf8(&buf[..n]).ok()) {
        Some(text) => out.push_str(text),
        // Never reached (a float is at most 24 characters); stays exact if it ever were.
        None => out.push_str(&serde_json::to_string(&value).unwrap_or_else(|_| "null".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }

    #[test]
    fn strings_are_escaped_like_serde_json() {
        let mut every_byte = String::new();
        for b in 0u8..=0x7f {
            every_byte.push(char::from(b));
        }
        for text in [
            "",
            "plain",
            "a\"b\\c",
            "tab\there\nnew\r\u{8}\u{c}",
            "\u{0}\u{1f}\u{7f}",
            "中文 é 😀 / </script>",
            &every_byte,
        ] {
            let mut out = String::new();
            string(&mut out, text);
            assert_eq!(out, serde_text(text), "{text:?}");
        }
    }

    #[test]
    fn every_escaped_byte_is_found_at_every_position() {
        for b in (0u8..0x20).chain([b'"', b'\\']) {
            for position in 0..19 {
                let mut bytes = vec![b'a'; 19];
                bytes[position] = b;
                assert!(needs_escape(&bytes), "{b:#x} at {position}");
            }
        }
        for b in (0x20u8..=0xff).filter(|b| *b != b'"' && *b != b'\\') {
            assert!(!needs_escape(&[b; 19]), "{b:#x}");
        }
    }

    #[test]
    fn numbers_are_formatted_like_serde_json() {
        for n in [0, 1, -1, 9, 10, 1_795_132_800, i64::MIN, i64::MAX] {
            let mut out = String::new();
            int(&mut out, n);
            assert_eq!(out, serde_text(&n));
        }
        for n in [0, 7, u64::MAX] {
            let mut out = String::new();
            uint(&mut out, n);
            assert_eq!(out, serde_text(&n));
        }
        for v in [
            0.0,
            -0.0,
            12.5,
            100.0,
            0.1 + 0.2,
            1e21,
            1e-7,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
        ] {
            let mut out = String::new();
            float(&mut out, v);
            assert_eq!(out, serde_text(&v), "{v}");
        }
    }

    #[test]
    fn objects_put_commas_between_pairs() {
        let mut out = String::new();
        let mut object = Object::new(&mut out);
        string(object.key("a"), "x");
        uint(object.key("b\""), 2);
        object.end();
        assert_eq!(out, r#"{"a":"x","b\"":2}"#);
        let mut empty = String::new();
        Object::new(&mut empty).end();
        assert_eq!(empty, "{}");
    }
}
