//! Presentational pieces: narrow props (`Signal`, `Callback`), no API calls, no shared state.

mod chart;
mod endpoint_badge;
mod file_drop;
mod hash_tryout;
mod lang_switch;
mod rule_builder;
mod step_indicator;
mod step_requirement;
mod table;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
mod text_field;

pub use chart::{Chart, ChartData, Series};
pub use endpoint_badge::EndpointBadge;
pub use file_drop::FileDrop;
pub use hash_tryout::HashTryout;
pub use lang_switch::LangSwitch;
pub use rule_builder::RuleBuilder;
pub use step_indicator::StepIndicator;
pub use step_requirement::StepRequirement;
pub use table::{CsvDownload, DataTable, TableData};
pub use text_field::TextField;
