//! The File step's workers, in plain Rust (tested natively; the browser's side of them is
//! [`crate::platform`]'s): what the page and the workers say to each other ([`protocol`]), and
//! how one file is shared among many workers ([`pool`]). The bin `main.rs` beside this module
//! is the worker itself.

pub mod pool;
pub mod protocol;
