//! One module per screen. Pages own data loading and actions; they read and write
//! [`crate::state::AppState`] and compose [`crate::components`].

mod connect;
pub(crate) mod conversions;
mod file;
mod later_steps;
pub mod manage;
mod not_found;

pub use connect::ConnectPage;
pub use conversions::ConversionsPage;
pub use file::FilePage;
pub use later_steps::{CheckPage, MappingPage, SendPage};
pub use not_found::NotFoundPage;
