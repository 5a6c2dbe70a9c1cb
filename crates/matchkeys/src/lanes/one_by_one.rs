//! `sha2`, one message at a time (its SHA-NI path where the CPU has it, its portable one
//! elsewhere).

use sha2::{Digest, Sha256};

pub(super) const LANES: usize = 1;

pub(super) fn digest_each(text: &[u8], first_start: usize, ends: &[usize], out: &mut [[u8; 32]]) {
    for ((_, message), digest) in super::messages(text, first_start, ends).zip(out.iter_mut()) {
        *digest = Sha256::digest(message).into();
    }
}
