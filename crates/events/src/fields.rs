//! Parsers for the event fields of a row: each takes the cell's text and the file's settings
//! and returns the typed value, or a reason a person can act on (never the cell's text).

pub mod currency;
pub mod names;
pub mod number;
pub mod time;
