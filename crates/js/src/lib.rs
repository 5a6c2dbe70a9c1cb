//! The npm package partners embed: hashdrop's hashing core with a small JavaScript API.
//!
//! This crate only translates types; every rule lives in `matchkeys`.
#![deny(missing_docs)]

#[cfg(feature = "bench")]
mod bench;
mod error;
mod keys;
mod many;
mod options;
#[cfg(feature = "upload")]
pub mod slices;
#[cfg(feature = "upload")]
pub mod upload;

pub use keys::{hash, hash_user_data, normalize};
pub use many::hash_user_data_many;
