//! Four SHA-256 computations side by side in the 128-bit registers of wasm SIMD128: lane `j`
//! of every vector holds message `j`'s word. A message that fits one padded block (55 bytes or
//! fewer, as almost every identifier does) waits for three others; a longer one goes to `sha2`
//! (whose own simd128 message schedule the build enables).
//!
//! Everything between the text and the hex digits stays in vectors: each message's block is
//! read as four 16-byte loads straight from the batch's text (or from one reused block buffer
//! near the text's end), padded with a compare and a select, then byte-swapped and transposed
//! into the four lanes by byte shuffles; the 64 rounds and the message schedule run in
//! `v128`s; the state is transposed back by shuffles that also restore the big-endian byte
//! order, and hex-encoded sixteen bytes at a time by a swizzle into the table of the sixteen
//! digits, stored straight into the caller's output.

// The loads and stores of whole vectors from and to byte arrays need raw pointers; each one
// says why it is sound.
#![allow(unsafe_code)]

use core::arch::wasm32::{
    i8x16_shuffle, i8x16_swizzle, u8x16, u8x16_eq, u8x16_lt, u8x16_shr, u8x16_splat, u32x4,
    u32x4_add, u32x4_shl, u32x4_shr, u32x4_splat, v128, v128_and, v128_bitselect, v128_load,
    v128_or, v128_store, v128_xor,
};
use sha2::{Digest, Sha256};

pub(super) const LANES: usize = 4;

/// The longest message whose padding (a `0x80` byte and the 8-byte length) still fits its block.
const ONE_BLOCK: usize = 55;

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The round constants, each splatted across the four lanes once, at compile time.
const KV: [v128; 64] = {
    let mut out = [u32x4(0, 0, 0, 0); 64];
    let mut t = 0;
    while t < 64 {
        out[t] = u32x4(K[t], K[t], K[t], K[t]);
        t += 1;
    }
    out
};

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The four 16-byte parts of one message's padded block, as loaded (message byte order).
type Block = [v128; 4];

pub(super) fn hex_each(text: &[u8], first_start: usize, ends: &[usize], out: &mut [[u8; 64]]) {
    // Up to four one-block messages waiting for a compression, with where their digest goes.
    let mut blocks: [Block; LANES] = [[u8x16_splat(0); 4]; LANES];
    let mut waiting = [0usize; LANES];
    let mut count = 0;
    // The block buffer for messages too close to the end of `text` to be loaded in place:
    // zeroed once, and only the bytes a message wrote are zeroed again.
    let mut tail = [0u8; 64];
    for (index, message) in super::messages(text, first_start, ends) {
        if message.len() > ONE_BLOCK {
            if let Some(hex) = out.get_mut(index) {
                *hex = crate::hex_of(&Sha256::digest(message).into());
            }
            continue;
        }
        let start = ends[index] - message.len();
        let in_place = text
            .get(start..start + 64)
            .and_then(|block| <&[u8; 64]>::try_from(block).ok());
        blocks[count] = match in_place {
            Some(block) => padded(block, message.len()),
            None => {
                tail[..message.len()].copy_from_slice(message);
                let block = padded(&tail, message.len());
                tail[..message.len()].fill(0);
                block
            }
        };
        waiting[count] = index;
        count += 1;
        if count == LANES {
            finish(&blocks, &waiting[..count], out);
            count = 0;
        }
    }
    match count {
        0 => {}
        // One message alone costs less through `sha2` than a compression of four lanes.
        1 => {
            let index = waiting[0];
            let start = index.checked_sub(1).map_or(first_start, |prev| ends[prev]);
            if let (Some(hex), Some(message)) = (out.get_mut(index), text.get(start..ends[index])) {
                *hex = crate::hex_of(&Sha256::digest(message).into());
            }
        }
        _ => finish(&blocks, &waiting[..count], out),
    }
}

/// Lane `i` of [`BYTE_INDEX`]`[k]` is `16 * k + i`: the position of each byte in the block.
const BYTE_INDEX: [v128; 4] = {
    let mut out = [u32x4(0, 0, 0, 0); 4];
    let mut k = 0;
    while k < 4 {
        let b = 16 * k as u8;
        out[k] = u8x16(
            b,
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6,
            b + 7,
            b + 8,
            b + 9,
            b + 10,
            b + 11,
            b + 12,
            b + 13,
            b + 14,
            b + 15,
        );
        k += 1;
    }
    out
};

/// The padded block of a message of `len` (at most [`ONE_BLOCK`]) bytes, the first bytes of
/// `bytes`: the message, `0x80`, zeros, and the length in bits as the block's last word. The
/// bytes of `bytes` after the message are masked out, whatever they are.
#[inline(always)]
fn padded(bytes: &[u8; 64], len: usize) -> Block {
    let len_v = u8x16_splat(len as u8);
    let mut block = [u8x16_splat(0); 4];
    for (k, part) in block.iter_mut().enumerate() {
        // SAFETY: `bytes` is 64 readable bytes and `16 * k + 16 <= 64`, so the pointer is
        // valid for the 16 bytes `v128_load` reads; wasm loads need no alignment.
        let loaded = unsafe { v128_load(bytes.as_ptr().add(16 * k).cast::<v128>()) };
        let at = BYTE_INDEX[k];
        let kept = v128_and(loaded, u8x16_lt(at, len_v));
        let end_mark = v128_and(u8x16_eq(at, len_v), u8x16_splat(0x80));
        *part = v128_or(kept, end_mark);
    }
    // The length in bits, big-endian, in the last 4 bytes (a one-block message has fewer
    // than 2^32 bits, so the word before it stays zero).
    let bits = (len as u32 * 8).to_be_bytes();
    let length = u8x16(
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, bits[0], bits[1], bits[2], bits[3],
    );
    block[3] = v128_or(block[3], length);
    block
}

/// Compress the four blocks (lanes past `waiting.len()` hold whatever an earlier group left)
/// and write the hex digests of the first `waiting.len()` lanes.
fn finish(blocks: &[Block; LANES], waiting: &[usize], out: &mut [[u8; 64]]) {
    let state = compress(transpose_words(blocks));
    let [a, b, c, d, e, f, g, h] = state;
    // Back from one word of every lane a vector to one lane's words a vector, each word's
    // bytes put back in big-endian order.
    let first = lanes_of(a, b, c, d);
    let second = lanes_of(e, f, g, h);
    for (lane, &index) in waiting.iter().enumerate() {
        if let Some(hex) = out.get_mut(index) {
            let [low, high] = hex_digits(first[lane]);
            let [low2, high2] = hex_digits(second[lane]);
            for (k, part) in [low, high, low2, high2].into_iter().enumerate() {
                // SAFETY: `hex` is 64 writable bytes and `16 * k + 16 <= 64`, so the pointer
                // is valid for the 16 bytes `v128_store` writes; wasm stores need no alignment.
                unsafe { v128_store(hex.as_mut_ptr().add(16 * k).cast::<v128>(), part) };
            }
        }
    }
}

/// The 16 schedule words, word `t` of every lane in vector `t`, as big-endian numbers.
#[inline(always)]
fn transpose_words(blocks: &[Block; LANES]) -> [v128; 16] {
    let mut w = [u8x16_splat(0); 16];
    for k in 0..4 {
        let [m0, m1, m2, m3] = [blocks[0][k], blocks[1][k], blocks[2][k], blocks[3][k]];
        // Interleave words 0 and 1 (then 2 and 3) of two messages, reversing each word's
        // bytes on the way: message-order bytes become big-endian numbers.
        let lo01 = i8x16_shuffle::<3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20>(m0, m1);
        let hi01 =
            i8x16_shuffle::<11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28>(m0, m1);
        let lo23 = i8x16_shuffle::<3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20>(m2, m3);
        let hi23 =
            i8x16_shuffle::<11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28>(m2, m3);
        w[4 * k] = low_halves(lo01, lo23);
        w[4 * k + 1] = high_halves(lo01, lo23);
        w[4 * k + 2] = low_halves(hi01, hi23);
        w[4 * k + 3] = high_halves(hi01, hi23);
    }
    w
}

/// The low 8 bytes of `a`, then the low 8 bytes of `b`.
#[inline(always)]
fn low_halves(a: v128, b: v128) -> v128 {
    i8x16_shuffle::<0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23>(a, b)
}

/// The high 8 bytes of `a`, then the high 8 bytes of `b`.
#[inline(always)]
fn high_halves(a: v128, b: v128) -> v128 {
    i8x16_shuffle::<8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31>(a, b)
}

/// Four vectors of one word per lane to four vectors of one lane's four words, each word's
/// bytes in big-endian (digest) order.
#[inline(always)]
fn lanes_of(a: v128, b: v128, c: v128, d: v128) -> [v128; 4] {
    // Words of lanes 0 and 1 (then 2 and 3) of `a` and `b`, byte-reversed.
    let ab_lo = i8x16_shuffle::<3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20>(a, b);
    let ab_hi = i8x16_shuffle::<11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28>(a, b);
    let cd_lo = i8x16_shuffle::<3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20>(c, d);
    let cd_hi = i8x16_shuffle::<11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28>(c, d);
    [
        low_halves(ab_lo, cd_lo),
        high_halves(ab_lo, cd_lo),
        low_halves(ab_hi, cd_hi),
        high_halves(ab_hi, cd_hi),
    ]
}

/// The 32 lowercase hex digits of 16 bytes, as two vectors (bytes 0-7, then 8-15).
#[inline(always)]
fn hex_digits(bytes: v128) -> [v128; 2] {
    const DIGITS: v128 = u8x16(
        b'0', b'1', b'2', b'3', b'4', b'5', b'6', b'7', b'8', b'9', b'a', b'b', b'c', b'd', b'e',
        b'f',
    );
    let high = i8x16_swizzle(DIGITS, u8x16_shr(bytes, 4));
    let low = i8x16_swizzle(DIGITS, v128_and(bytes, u8x16_splat(0x0f)));
    [
        i8x16_shuffle::<0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23>(high, low),
        i8x16_shuffle::<8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31>(high, low),
    ]
}

#[inline(always)]
fn rotr(x: v128, n: u32) -> v128 {
    v128_or(u32x4_shr(x, n), u32x4_shl(x, 32 - n))
}

#[inline(always)]
fn add(a: v128, b: v128) -> v128 {
    u32x4_add(a, b)
}

/// Σ0 and Σ1 of the rounds: the xor of three rotations.
#[inline(always)]
fn big_sigma(x: v128, [r1, r2, r3]: [u32; 3]) -> v128 {
    v128_xor(v128_xor(rotr(x, r1), rotr(x, r2)), rotr(x, r3))
}

/// σ0 and σ1 of the message schedule: the xor of two rotations and a shift.
#[inline(always)]
fn small_sigma(x: v128, [r1, r2, shift]: [u32; 3]) -> v128 {
    v128_xor(v128_xor(rotr(x, r1), rotr(x, r2)), u32x4_shr(x, shift))
}

/// Sixteen rounds, from round `t0`, over the sixteen schedule words `w` as they are. The
/// working variables move down a place each round in the source only: once unrolled, a move
/// is a renaming and costs nothing.
#[inline(always)]
fn sixteen_rounds(w: &[v128; 16], t0: usize, state: &mut [v128; 8]) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (t, word) in w.iter().enumerate() {
        // Ch(e, f, g): f where e has a 1, g where it has a 0.
        let t1 = add(
            add(h, big_sigma(e, [6, 11, 25])),
            add(v128_bitselect(f, g, e), add(*word, KV[t0 + t])),
        );
        // Maj(a, b, c): where a and b differ, c decides; where they agree, they do.
        let t2 = add(
            big_sigma(a, [2, 13, 22]),
            v128_bitselect(c, b, v128_xor(a, b)),
        );
        [h, g, f, e, d, c, b, a] = [g, f, e, add(d, t1), c, b, a, add(t1, t2)];
    }
    *state = [a, b, c, d, e, f, g, h];
}

/// The initial state plus one compression of each lane's block, whose schedule words `w` are.
#[inline(always)]
fn compress(mut w: [v128; 16]) -> [v128; 8] {
    // A closure: a `#[target_feature]` function does not coerce to `FnMut`.
    #[allow(clippy::redundant_closure)]
    let initial = H0.map(|word| u32x4_splat(word));
    let mut state = initial;
    sixteen_rounds(&w, 0, &mut state);
    for t0 in [16, 32, 48] {
        // The next sixteen schedule words, each in the place of the word sixteen before it.
        for t in 0..16 {
            w[t] = add(
                add(w[t], small_sigma(w[(t + 1) % 16], [7, 18, 3])),
                add(w[(t + 9) % 16], small_sigma(w[(t + 14) % 16], [17, 19, 10])),
            );
        }
        sixteen_rounds(&w, t0, &mut state);
    }
    for (word, start) in state.iter_mut().zip(initial) {
        *word = add(*word, start);
    }
    state
}
