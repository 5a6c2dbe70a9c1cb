//! SHA-256 of many short messages at once. The platform is chosen here and only here: 4 lanes of
//! wasm SIMD128 where the build enables it, `sha2` one message at a time everywhere else.
//! Natively `sha2` detects SHA-NI at run time (these machines have it), whose dedicated
//! rounds take fewer instructions per block than a lane of SSE/AVX2 multi-buffer SHA-256,
//! which must build every rotation from two shifts and an or; a wider native multi-buffer was
//! not written or measured.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[path = "simd128.rs"]
mod platform;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[path = "one_by_one.rs"]
mod platform;

/// SHA-256 of each message of `text`: message `i` is `text[start..ends[i]]`, where `start` is
/// `first_start` for the first one and the previous end for the others. `out[i]` receives its
/// digest as 64 lowercase hex digits; `out` is as long as `ends`.
pub(crate) fn hex_each(text: &[u8], first_start: usize, ends: &[usize], out: &mut [[u8; 64]]) {
    platform::hex_each(text, first_start, ends, out);
}

/// How many messages the platform hashes at once (1 where it hashes one by one).
pub(crate) const LANES: usize = platform::LANES;

/// The messages of `text` with their index (see [`digest_each`]).
fn messages<'a>(
    text: &'a [u8],
    first_start: usize,
    ends: &'a [usize],
) -> impl Iterator<Item = (usize, &'a [u8])> + 'a {
    let mut start = first_start;
    ends.iter().enumerate().map(move |(index, &end)| {
        let message = text.get(start..end).unwrap_or_default();
        start = end;
        (index, message)
    })
}
