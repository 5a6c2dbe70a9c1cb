#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod error;
mod eval;
mod event_type;
mod field;
mod json;
mod number;
mod operator;
mod regex;
mod rule;

pub use error::{RuleError, RuleErrorKind};
pub use eval::{EventFields, FieldValue, Matcher, Preview};
pub use event_type::{CustomEventType, UnknownEventType};
pub use field::{Field, FieldError, FieldKind, FieldPath};
pub use number::Number;
pub use operator::{Operator, UnknownOperator};
pub use regex::RegexError;
pub use rule::{Condition, Operand, Rule};
