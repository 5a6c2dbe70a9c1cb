//! The retry policy: what to do after a failed attempt, and how long to wait.
//!
//! Delays are computed, never slept here: the caller sleeps through a [`crate::Sleep`], so tests
//! run without waiting, and the jitter comes from an injected [`RandomSource`] so it is
//! deterministic under test.

use crate::error::{ClientError, ErrorCode, Retry};
use crate::http::find_header as header;
use serde::Deserialize;
use serde_json::Value;

/// A source of random numbers for jitter (inject a seeded one in tests).
pub trait RandomSource {
    /// The next random 64-bit value.
    fn next_u64(&mut self) -> u64;
}

/// A small, seedable generator (SplitMix64). Seed it from the clock in an app, from a constant in
/// tests.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
}

impl RandomSource for SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// One entry of `X-Business-Use-Case-Usage`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct BusinessUseCaseUsage {
    /// The use case, e.g. `ads_management`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Percent of the call-count limit used.
    #[serde(default)]
    pub call_count: f64,
    /// Percent of the CPU-time limit used.
    #[serde(default)]
    pub total_cputime: f64,
    /// Percent of the total-time limit used.
    #[serde(default)]
    pub total_time: f64,
    /// Minutes until calls are allowed again.
    #[serde(default)]
    pub estimated_time_to_regain_access: f64,
}

/// `X-App-Usage`: percentages of the app's limits.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AppUsage {
    /// Percent of the call-count limit used.
    #[serde(default)]
    pub call_count: f64,
    /// Percent of the CPU-time limit used.
    #[serde(default)]
    pub total_cputime: f64,
    /// Percent of the total-time limit used.
    #[serde(default)]
    pub total_time: f64,
}

/// `X-Ad-Account-Usage`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AdAccountUsage {
    /// Percent of the ad account's limit used.
    #[serde(default)]
    pub acc_id_util_pct: f64,
    /// Seconds until the usage resets.
    #[serde(default)]
    pub reset_time_duration: f64,
}

/// What a response's usage headers say (every part optional: a browser may not expose them).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Usage {
    /// `X-Business-Use-Case-Usage`, all entries of all businesses.
    pub business: Vec<BusinessUseCaseUsage>,
    /// `X-App-Usage`.
    pub app: Option<AppUsage>,
    /// `X-Ad-Account-Usage`.
    pub ad_account: Option<AdAccountUsage>,
}

impl Usage {
    /// Read the usage headers; unreadable ones are ignored.
    pub fn from_headers(headers: &[(String, String)]) -> Usage {
        let business = header(headers, "x-business-use-case-usage")
            .and_then(|raw| serde_json::from_str::<serde_json::Map<String, Value>>(raw).ok())
            .map(|by_business| {
                by_business
                    .into_values()
                    .filter_map(|entries| {
                        serde_json::from_value::<Vec<BusinessUseCaseUsage>>(entries).ok()
                    })
                    .flatten()
                    .collect()
            })
            .unwrap_or_default();
        Usage {
            business,
            app: header(headers, "x-app-usage").and_then(|raw| serde_json::from_str(raw).ok()),
            ad_account: header(headers, "x-ad-account-usage")
                .and_then(|raw| serde_json::from_str(raw).ok()),
        }
    }

    /// How long the headers say to wait before calling again, in milliseconds.
    pub fn wait_hint_ms(&self) -> Option<u64> {
        let business = self
            .business
            .iter()
            .map(|entry| entry.estimated_time_to_regain_access * 60_000.0)
            .fold(0.0_f64, f64::max);
        let account = self
            .ad_account
            .as_ref()
            .filter(|usage| usage.acc_id_util_pct >= 100.0)
            .map_or(0.0, |usage| usage.reset_time_duration * 1_000.0);
        let wait = business.max(account);
        // Saturating float-to-int conversion; the value is non-negative and finite here.
        (wait > 0.0 && wait.is_finite()).then_some(wait.round() as u64)
    }

    /// The highest percentage of any limit, to slow down before being throttled.
    pub fn highest_percent(&self) -> f64 {
        let business = self
            .business
            .iter()
            .flat_map(|u| [u.call_count, u.total_cputime, u.total_time]);
        let app = self
            .app
            .iter()
            .flat_map(|u| [u.call_count, u.total_cputime, u.total_time]);
        let account = self.ad_account.iter().map(|u| u.acc_id_util_pct);
        business.chain(app).chain(account).fold(0.0, f64::max)
    }
}

/// How many times to try, and how long to wait between tries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// The first delay after a transient failure, doubled each time.
    pub base_delay_ms: u64,
    /// The longest delay after a transient failure.
    pub max_delay_ms: u64,
    /// The first delay after throttling, doubled each time.
    pub throttle_base_delay_ms: u64,
    /// The longest wait hashdrop accepts for throttling; beyond it, stop and tell the user.
    pub max_throttle_delay_ms: u64,
    /// When a successful answer's usage headers report this percentage of a limit or more,
    /// pause before the next call instead of waiting to be throttled.
    pub slow_down_at_percent: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay_ms: 1_000,
            max_delay_ms: 30_000,
            throttle_base_delay_ms: 10_000,
            max_throttle_delay_ms: 15 * 60_000,
            slow_down_at_percent: 90,
        }
    }
}

/// Why a request is tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryReason {
    /// A transient failure, of this kind.
    Transient(ErrorCode),
    /// Meta throttled the calls.
    Throttled,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Wait, then resend the same request.
    Retry {
        /// Why.
        reason: RetryReason,
        /// How long to wait first.
        delay_ms: u64,
    },
    /// Stop: the user must act, or retrying cannot help.
    Stop {
        /// Why, for the person using the app.
        explanation: String,
    },
}

impl RetryPolicy {
    /// What to do after `attempt` (1 for the first) failed with `error`.
    pub fn decide(
        &self,
        error: &ClientError,
        attempt: u32,
        random: &mut dyn RandomSource,
    ) -> Decision {
        let retry = error.retry();
        if matches!(retry, Retry::FixAccess | Retry::Never) {
            return Decision::Stop {
                explanation: error.explanation(),
            };
        }
        if attempt >= self.max_attempts {
            return Decision::Stop {
                explanation: format!(
                    "Gave up after {attempt} attempts: {} Nothing after the last accepted batch \
                     was lost; resume the upload later.",
                    error.explanation()
                ),
            };
        }
        if retry == Retry::Again {
            let delay_ms = jittered(
                backoff(self.base_delay_ms, attempt, self.max_delay_ms),
                random,
            );
            return Decision::Retry {
                reason: RetryReason::Transient(error.kind()),
                delay_ms,
            };
        }
        let backoff_ms = jittered(
            backoff(
                self.throttle_base_delay_ms,
                attempt,
                self.max_throttle_delay_ms,
            ),
            random,
        );
        let hint_ms = match error {
            ClientError::Graph(failure) => failure.usage.wait_hint_ms(),
            _ => None,
        };
        let delay_ms = match hint_ms {
            // Wait what Meta asks, plus up to 10% so parallel clients do not all return at once.
            Some(hint) => hint + random.next_u64() % (hint / 10 + 1),
            None => backoff_ms,
        };
        if delay_ms > self.max_throttle_delay_ms {
            return Decision::Stop {
                explanation: format!(
                    "Meta asks to wait about {} minutes before calling again. Resume the upload \
                     later: nothing accepted so far will be sent twice.",
                    delay_ms.div_ceil(60_000)
                ),
            };
        }
        Decision::Retry {
            reason: RetryReason::Throttled,
            delay_ms,
        }
    }
}

impl RetryPolicy {
    /// The pause before the next call after a success whose headers report `usage`; `None`
    /// while usage is below [`RetryPolicy::slow_down_at_percent`].
    pub fn pace(&self, usage: &Usage, random: &mut dyn RandomSource) -> Option<u64> {
        if usage.highest_percent() < f64::from(self.slow_down_at_percent) {
            return None;
        }
        let delay = usage
            .wait_hint_ms()
            .unwrap_or_else(|| jittered(self.throttle_base_delay_ms, random));
        Some(delay.min(self.max_throttle_delay_ms))
    }
}

fn backoff(base_ms: u64, attempt: u32, max_ms: u64) -> u64 {
    let doublings = attempt.saturating_sub(1).min(32);
    base_ms.saturating_mul(1 << doublings).min(max_ms)
}

/// "Equal jitter": half the delay, plus a random part of the other half.
fn jittered(delay_ms: u64, random: &mut dyn RandomSource) -> u64 {
    let half = delay_ms / 2;
    half + random.next_u64() % (delay_ms - half + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{GraphError, GraphFailure, TransportError};

    /// Always answers the same value: makes jitter predictable.
    struct Constant(u64);
    impl RandomSource for Constant {
        fn next_u64(&mut self) -> u64 {
            self.0
        }
    }

    fn graph(code: u32, headers: &[(&str, &str)]) -> ClientError {
        let headers: Vec<_> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ClientError::Graph(Box::new(GraphFailure {
            status: 400,
            error: GraphError::from_body(&format!(
                r#"{{"error":{{"message":"m","code":{code}}}}}"#
            ))
            .unwrap(),
            object: "400000000000004".into(),
            permission: "ads_management",
            usage: Usage::from_headers(&headers),
        }))
    }

    #[test]
    fn transient_errors_back_off_exponentially_with_bounded_jitter() {
        let policy = RetryPolicy::default();
        let timeout = ClientError::Transport(TransportError::Timeout { after_ms: 1 });
        let low = policy.decide(&timeout, 1, &mut Constant(0));
        assert_eq!(
            low,
            Decision::Retry {
                reason: RetryReason::Transient(ErrorCode::Timeout),
                delay_ms: 500
            }
        );
        let high = policy.decide(&timeout, 3, &mut Constant(u64::MAX));
        let Decision::Retry { delay_ms, .. } = high else {
            panic!("{high:?}")
        };
        assert!((2_000..=4_000).contains(&delay_ms), "{delay_ms}");
        assert!(matches!(
            policy.decide(&timeout, 6, &mut Constant(0)),
            Decision::Stop { .. }
        ));
    }

    #[test]
    fn jitter_is_deterministic_for_a_seed() {
        let policy = RetryPolicy::default();
        let error = graph(2, &[]);
        let delays = |seed| {
            let mut random = SplitMix64::new(seed);
            (1..5)
                .map(|attempt| policy.decide(&error, attempt, &mut random))
                .collect::<Vec<_>>()
        };
        assert_eq!(delays(7), delays(7));
        assert_ne!(delays(7), delays(8));
    }

    #[test]
    fn throttling_honours_the_business_use_case_wait() {
        let policy = RetryPolicy::default();
        let usage = r#"{"100000000000001":[{"type":"ads_management","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":2}]}"#;
        let error = graph(80_004, &[("X-Business-Use-Case-Usage", usage)]);
        assert_eq!(
            policy.decide(&error, 1, &mut Constant(0)),
            Decision::Retry {
                reason: RetryReason::Throttled,
                delay_ms: 120_000
            }
        );
        let Decision::Retry { delay_ms, .. } = policy.decide(&error, 1, &mut Constant(u64::MAX))
        else {
            panic!()
        };
        assert!((120_000..=132_000).contains(&delay_ms));
    }

    #[test]
    fn throttling_without_hint_uses_a_long_backoff() {
        let policy = RetryPolicy::default();
        let Decision::Retry { reason, delay_ms } =
            policy.decide(&graph(4, &[]), 2, &mut Constant(0))
        else {
            panic!()
        };
        assert_eq!(reason, RetryReason::Throttled);
        assert_eq!(delay_ms, 10_000);
    }

    #[test]
    fn a_wait_longer_than_the_policy_accepts_stops_with_an_explanation() {
        let usage = r#"{"1":[{"type":"ads_management","estimated_time_to_regain_access":60}]}"#;
        let error = graph(17, &[("x-business-use-case-usage", usage)]);
        let Decision::Stop { explanation } =
            RetryPolicy::default().decide(&error, 1, &mut Constant(0))
        else {
            panic!()
        };
        assert!(explanation.contains("60 minutes"), "{explanation}");
    }

    #[test]
    fn token_permission_and_invalid_parameter_stop_at_once() {
        let policy = RetryPolicy::default();
        for code in [190, 104, 10, 200, 100, 270, 2635] {
            assert!(
                matches!(
                    policy.decide(&graph(code, &[]), 1, &mut Constant(0)),
                    Decision::Stop { .. }
                ),
                "{code}"
            );
        }
    }

    #[test]
    fn high_usage_on_success_slows_down() {
        let policy = RetryPolicy::default();
        let busy = Usage::from_headers(&[(
            "x-app-usage".into(),
            r#"{"call_count":92,"total_time":10,"total_cputime":5}"#.into(),
        )]);
        assert_eq!(policy.pace(&busy, &mut Constant(0)), Some(5_000));
        let calm = Usage::from_headers(&[(
            "x-app-usage".into(),
            r#"{"call_count":40,"total_time":10,"total_cputime":5}"#.into(),
        )]);
        assert_eq!(policy.pace(&calm, &mut Constant(0)), None);
        assert_eq!(policy.pace(&Usage::default(), &mut Constant(0)), None);
    }

    #[test]
    fn reads_app_and_ad_account_usage() {
        let usage = Usage::from_headers(&[
            (
                "X-App-Usage".into(),
                r#"{"call_count":95,"total_time":10,"total_cputime":5}"#.into(),
            ),
            (
                "X-Ad-Account-Usage".into(),
                r#"{"acc_id_util_pct":100,"reset_time_duration":90}"#.into(),
            ),
        ]);
        assert_eq!(usage.highest_percent(), 100.0);
        assert_eq!(usage.wait_hint_ms(), Some(90_000));
        assert_eq!(Usage::from_headers(&[]).wait_hint_ms(), None);
        let garbage = Usage::from_headers(&[("x-app-usage".into(), "{".into())]);
        assert_eq!(garbage, Usage::default());
    }
}
