//! Four SHA-256 computations side by side in the 128-bit registers of wasm SIMD128: lane `j`
//! of every vector holds message `j`'s word. A message that fits one padded block (55 bytes or
//! fewer, as almost every identifier does) waits for three others; a longer one goes to `sha2`
//! (whose own simd128 message schedule the build enables).
//!
//! Only safe intrinsics are used: the words are gathered with the `u32x4` constructor and read
//! back with `u32x4_extract_lane`, so no raw pointer is ever dereferenced.

use core::arch::wasm32::{
    i8x16_shuffle, u32x4, u32x4_add, u32x4_extract_lane, u32x4_shl, u32x4_shr, u32x4_splat, v128,
    v128_bitselect, v128_or, v128_xor,
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

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

pub(super) fn digest_each(text: &[u8], first_start: usize, ends: &[usize], out: &mut [[u8; 32]]) {
    // Up to four one-block messages waiting for a compression, with where their digest goes.
    let mut blocks = [[0u8; 64]; LANES];
    let mut waiting = [0usize; LANES];
    let mut count = 0;
    for (index, message) in super::messages(text, first_start, ends) {
        if message.len() > ONE_BLOCK {
            if let Some(digest) = out.get_mut(index) {
                *digest = Sha256::digest(message).into();
            }
            continue;
        }
        pad(message, &mut blocks[count]);
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
            if let (Some(digest), Some(message)) =
                (out.get_mut(index), text.get(start..ends[index]))
            {
                *digest = Sha256::digest(message).into();
            }
        }
        _ => finish(&blocks, &waiting[..count], out),
    }
}

/// `message` (at most [`ONE_BLOCK`] bytes) as its single padded SHA-256 block.
fn pad(message: &[u8], block: &mut [u8; 64]) {
    *block = [0; 64];
    block[..message.len()].copy_from_slice(message);
    block[message.len()] = 0x80;
    let bits = (message.len() as u64) * 8;
    block[56..].copy_from_slice(&bits.to_be_bytes());
}

/// Compress the four blocks and write the digests of the first `waiting.len()` lanes.
fn finish(blocks: &[[u8; 64]; LANES], waiting: &[usize], out: &mut [[u8; 32]]) {
    let state = compress(blocks);
    for (lane, &index) in waiting.iter().enumerate() {
        if let Some(digest) = out.get_mut(index) {
            for (word, bytes) in state.iter().zip(digest.chunks_exact_mut(4)) {
                bytes.copy_from_slice(&lane_of(*word, lane).to_be_bytes());
            }
        }
    }
}

fn lane_of(v: v128, lane: usize) -> u32 {
    match lane {
        0 => u32x4_extract_lane::<0>(v),
        1 => u32x4_extract_lane::<1>(v),
        2 => u32x4_extract_lane::<2>(v),
        _ => u32x4_extract_lane::<3>(v),
    }
}

#[inline(always)]
fn rotr(x: v128, n: u32) -> v128 {
    v128_or(u32x4_shr(x, n), u32x4_shl(x, 32 - n))
}

#[inline(always)]
fn add(a: v128, b: v128) -> v128 {
    u32x4_add(a, b)
}

#[inline(always)]
fn big_sigma0(a: v128) -> v128 {
    v128_xor(v128_xor(rotr(a, 2), rotr(a, 13)), rotr(a, 22))
}

#[inline(always)]
fn big_sigma1(e: v128) -> v128 {
    v128_xor(v128_xor(rotr(e, 6), rotr(e, 11)), rotr(e, 25))
}

/// One round, with the eight working variables named in their current roles: instead of
/// shifting every variable down a place, the next round names them one place further on (the
/// caller writes eight rounds with the names rotated), so no value is moved between rounds.
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $kw:expr) => {
        // Ch(e, f, g): f where e has a 1, g where it has a 0.
        let t1 = add(
            add($h, big_sigma1($e)),
            add(v128_bitselect($f, $g, $e), $kw),
        );
        // Maj(a, b, c): where a and b differ, c decides; where they agree, they do.
        let t2 = add(big_sigma0($a), v128_bitselect($c, $b, v128_xor($a, $b)));
        $d = add($d, t1);
        $h = add(t1, t2);
    };
}

/// The initial state plus one compression of each lane's block.
fn compress(blocks: &[[u8; 64]; LANES]) -> [v128; 8] {
    // The message schedule, then each word plus its round constant (what each round adds).
    let mut w = [u32x4_splat(0); 64];
    for (t, word) in w.iter_mut().take(16).enumerate() {
        // Little-endian reads are single loads in wasm; one shuffle then reverses the bytes of
        // all four words at once (SHA-256 words are big-endian).
        let at = |block: &[u8; 64]| {
            u32::from_le_bytes([
                block[4 * t],
                block[4 * t + 1],
                block[4 * t + 2],
                block[4 * t + 3],
            ])
        };
        let le = u32x4(
            at(&blocks[0]),
            at(&blocks[1]),
            at(&blocks[2]),
            at(&blocks[3]),
        );
        *word = i8x16_shuffle::<3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12>(le, le);
    }
    for t in 16..64 {
        let s0 = v128_xor(
            v128_xor(rotr(w[t - 15], 7), rotr(w[t - 15], 18)),
            u32x4_shr(w[t - 15], 3),
        );
        let s1 = v128_xor(
            v128_xor(rotr(w[t - 2], 17), rotr(w[t - 2], 19)),
            u32x4_shr(w[t - 2], 10),
        );
        w[t] = add(add(w[t - 16], s0), add(w[t - 7], s1));
    }
    for (word, k) in w.iter_mut().zip(K) {
        *word = add(*word, u32x4_splat(k));
    }
    // A closure: a `#[target_feature]` function does not coerce to `FnMut`.
    #[allow(clippy::redundant_closure)]
    let initial = H0.map(|word| u32x4_splat(word));
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = initial;
    for kw in w.chunks_exact(8) {
        round!(a, b, c, d, e, f, g, h, kw[0]);
        round!(h, a, b, c, d, e, f, g, kw[1]);
        round!(g, h, a, b, c, d, e, f, kw[2]);
        round!(f, g, h, a, b, c, d, e, kw[3]);
        round!(e, f, g, h, a, b, c, d, kw[4]);
        round!(d, e, f, g, h, a, b, c, kw[5]);
        round!(c, d, e, f, g, h, a, b, kw[6]);
        round!(b, c, d, e, f, g, h, a, kw[7]);
    }
    let mut state = [a, b, c, d, e, f, g, h];
    for (word, start) in state.iter_mut().zip(initial) {
        *word = add(*word, start);
    }
    state
}
