//! Deterministic `event_id`s, so that resending a file never counts an event twice.
//!
//! Meta deduplicates offline events by `event_name` + `event_time` + `order_id` +
//! `item_number` (customer fields when there is no order id) and by `event_id`. hashdrop makes
//! the `event_id` a function of what the row says, never of when or how often it is sent:
//! - with an `order_id`: `event_name`, `order_id` and `item_number` (two lines of one order
//!   differ by item; the same order line exported again in another file gets the same id);
//! - without: the row number, `event_name`, `event_time` and the hashed identifiers (two
//!   identical lines of one file stay two events; resending the file repeats their ids).
//!
//! The id is the first 32 hex digits of a SHA-256, so it carries no identifier in clear.

use sha2::{Digest, Sha256};

use crate::payload;
use crate::row::{Event, Keys};

/// Separates the parts of the hashed text (a byte no CSV cell is trimmed to).
const UNIT: &[u8] = b"\x1f";

/// The dedup `event_id` of an event.
pub fn event_id(event: &Event) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"hashdrop-event-v1");
    let mut part = |bytes: &[u8]| {
        hasher.update(UNIT);
        hasher.update(bytes);
    };
    part(event.event_name.as_bytes());
    match &event.order_id {
        Some(order) => {
            part(b"order");
            part(order.as_bytes());
            part(event.item_number.as_deref().unwrap_or_default().as_bytes());
        }
        None => {
            part(b"row");
            part(event.row.to_string().as_bytes());
            part(event.event_time.to_string().as_bytes());
            // The keys' JSON text, exactly as serde writes it (so ids never change).
            let mut keys = String::with_capacity(512);
            match &event.keys {
                Keys::Capi(user_data) => payload::write_user_data(&mut keys, user_data),
                Keys::Ocapi(match_keys) => payload::write_match_keys(&mut keys, match_keys),
            }
            part(keys.as_bytes());
        }
    }
    let digest = hasher.finalize();
    let mut id = String::with_capacity(32);
    for byte in &digest[..16] {
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    id
}

const HEX: &[u8; 16] = b"0123456789abcdef";
