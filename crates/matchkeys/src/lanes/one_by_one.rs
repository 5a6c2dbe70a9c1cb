//! `sha2`, one message at a time (its SHA-NI path where the CPU has it, its portable one
//! elsewhere).

use sha2::{Digest, Sha256};

pub(super) const LANES: usize = 1;

pub(super) fn hex_each(text: &[u8], first_start: usize, ends: &[usize], out: &mut [[u8; 64]]) {
    for ((_, message), hex) in super::messages(text, first_start, ends).zip(out.iter_mut()) {
        *hex = crate::hex_of(&Sha256::digest(message).into());
    }
}
