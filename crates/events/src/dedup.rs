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

use std::cell::RefCell;

use crate::row::{Event, Keys};
use crate::{json, payload};

/// Separates the parts of the hashed text (a byte no CSV cell is trimmed to).
const UNIT: &[u8] = b"\x1f";

thread_local! {
    /// The text [`event_id`] hashes besides the event's own strings (numbers, the keys' JSON),
    /// reused row after row so that an id allocates only itself.
    static PART: RefCell<String> = RefCell::new(String::with_capacity(1024));
}

/// The dedup `event_id` of an event.
pub fn event_id(event: &Event) -> String {
    PART.with(|reused| match reused.try_borrow_mut() {
        Ok(mut part) => event_id_with(event, &mut part),
        Err(_) => event_id_with(event, &mut String::new()),
    })
}

/// [`event_id`], writing the numbers and the keys' JSON into `text` (cleared first).
fn event_id_with(event: &Event, text: &mut String) -> String {
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
            // The numbers in decimal as `to_string` writes them, and the keys' JSON text
            // exactly as serde writes it (so ids never change).
            text.clear();
            json::uint(text, event.row);
            part(text.as_bytes());
            text.clear();
            json::int(text, event.event_time);
            part(text.as_bytes());
            text.clear();
            match &event.keys {
                Keys::Capi(user_data) => payload::write_user_data(text, user_data),
                Keys::Ocapi(match_keys) => payload::write_match_keys(text, match_keys),
            }
            part(text.as_bytes());
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
