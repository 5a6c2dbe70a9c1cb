#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod ads;
mod client;
pub mod custom_conversions;
pub mod datasets;
mod de;
mod error;
mod http;
mod id;
pub mod insights;
pub mod memory;
pub mod offline;
mod retry;
mod settings;
pub mod upload;

// The only module that touches JavaScript: the transport and sleep over `fetch`/`setTimeout`.
#[cfg(target_arch = "wasm32")]
mod browser;

// The native transport and sleep (feature `native`): the command line and native tools.
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
mod native;

#[cfg(target_arch = "wasm32")]
pub use browser::{BrowserSleep, BrowserTransport, CancelHandle};
pub use client::{Client, Created, Cursors, GraphRequest, Page, Pager, Paging, Reply, Success};
pub use error::{
    ClientError, ErrorClass, ErrorCode, EventFieldError, GraphError, GraphFailure, Retry,
    TransportError,
};
pub use http::{FORM_CONTENT_TYPE, HttpRequest, HttpResponse, Method, Sleep, Transport};
pub use id::{AdAccountId, IdError, Node, ObjectId};
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub use native::{NativeSleep, NativeTransport};
pub use retry::{
    AdAccountUsage, AppUsage, BusinessUseCaseUsage, Decision, RandomSource, RetryPolicy,
    RetryReason, SplitMix64, Usage,
};
pub use settings::{
    AccessToken, DEFAULT_API_VERSION, DEFAULT_BASE_URL, Settings, SettingsError, is_api_version,
};
