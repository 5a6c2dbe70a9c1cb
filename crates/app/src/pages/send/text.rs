//! The Send screen's words for its typed states and problems, and its sentences with numbers:
//! every text is one sentence of the locale files (numbers filled in by interpolation, so each
//! language orders its words), reached by an exhaustive `match` (a new state, problem or guard
//! without a text does not compile).

use super::model::{BatchState, StopProblem};
use crate::connection::Problem;
use crate::i18n::Lang;
use crate::i18n::i18n::td_string;
use graph::ErrorCode;
use graph::upload::SkipGuard;

/// The text of a batch's state in the report (`dry`: a pending batch would be sent).
pub fn status_text(lang: Lang, state: &BatchState, dry: bool) -> &'static str {
    lang.t(match state {
        BatchState::Pending if dry => tr!(send.status_would_send),
        BatchState::Pending => tr!(send.status_not_sent),
        BatchState::Sending { .. } => tr!(send.status_sending),
        BatchState::Waiting { .. } => tr!(send.status_waiting),
        BatchState::Accepted { earlier: false, .. } => tr!(send.status_accepted),
        BatchState::Accepted { earlier: true, .. } => tr!(send.status_accepted_earlier),
        BatchState::Failed => tr!(send.status_failed),
    })
}

/// What to do after a stop with this problem.
pub fn next_step(lang: Lang, problem: StopProblem) -> &'static str {
    lang.t(match problem {
        StopProblem::Connection(
            Problem::TokenInvalid | Problem::TokenExpired | Problem::TokenMissing,
        ) => tr!(send.next_token),
        StopProblem::Connection(Problem::Permission) => tr!(send.next_permission),
        StopProblem::Connection(Problem::Throttled) => tr!(send.next_throttled),
        StopProblem::Connection(Problem::Server | Problem::Unreachable) => tr!(send.next_server),
        StopProblem::Connection(Problem::Version) => tr!(send.next_version),
        StopProblem::BadBody => tr!(send.next_bad_body),
        StopProblem::TooManySkipped => tr!(send.next_too_many_skipped),
        StopProblem::Connection(Problem::NotFound | Problem::Unexpected)
        | StopProblem::InvalidEvent => tr!(send.next_other),
    })
}

/// Seconds with one decimal.
fn seconds(ms: u64) -> String {
    format!("{:.1}", ms as f64 / 1000.0)
}

/// Why a transient failure happened, in the person's words, from the graph crate's error code
/// (read once here; a code this app does not know yet reads as "a temporary failure").
fn reason_text(lang: Lang, reason: ErrorCode) -> &'static str {
    lang.t(match reason {
        ErrorCode::Network => tr!(send.transient_network),
        ErrorCode::Timeout => tr!(send.transient_timeout),
        ErrorCode::GraphTransient => tr!(send.transient_graph),
        ErrorCode::HttpStatus | ErrorCode::GraphOther => tr!(send.transient_server),
        ErrorCode::BadJson => tr!(send.transient_bad_json),
        // Retried only when Graph answered them with a server error status (or never: a
        // cancel, a throttle): a temporary failure, without more to say.
        ErrorCode::GraphThrottled
        | ErrorCode::GraphBlocked
        | ErrorCode::GraphToken
        | ErrorCode::GraphNoToken
        | ErrorCode::GraphPermission
        | ErrorCode::GraphInvalidParameter
        | ErrorCode::GraphDevelopmentAccess
        | ErrorCode::GraphDeprecatedVersion
        | ErrorCode::Cancelled => tr!(send.transient_other),
    })
}

/// A transient retry: what happened, why, how long the wait (batches numbered from 1).
pub fn transient_text(
    lang: Lang,
    batch: usize,
    attempt: u32,
    reason: ErrorCode,
    delay_ms: u64,
) -> String {
    td_string!(
        lang.locale(),
        send.transient,
        batch,
        why = reason_text(lang, reason),
        wait = seconds(delay_ms),
        next = attempt + 1
    )
}

/// A throttling wait, with the usage Meta reported when it reported one.
pub fn throttled_text(lang: Lang, batch: usize, delay_ms: u64, usage_percent: f64) -> String {
    let wait = seconds(delay_ms);
    if usage_percent > 0.0 {
        let usage = format!("{usage_percent:.0}");
        td_string!(lang.locale(), send.throttled_usage, batch, usage, wait)
    } else {
        td_string!(lang.locale(), send.throttled, batch, wait)
    }
}

/// Where Graph's rejection sits in the CSV.
pub fn invalid_event_text(
    lang: Lang,
    batch: usize,
    row: Option<u64>,
    field: Option<&str>,
) -> String {
    let row = row.map_or_else(|| "?".to_owned(), |r| r.to_string());
    let field = field.unwrap_or("?");
    td_string!(lang.locale(), send.invalid_event, batch, row, field)
}

/// Why skipping stopped: one batch kept failing, too many events were skipped, or Graph named
/// no event of the batch to skip.
pub fn skip_guard_text(lang: Lang, batch: usize, guard: SkipGuard) -> String {
    let locale = lang.locale();
    match guard {
        SkipGuard::BatchKeepsFailing { removed } => {
            td_string!(locale, send.guard_keeps_failing, batch, removed)
        }
        SkipGuard::TooManySkipped { skipped, total } => {
            td_string!(locale, send.guard_too_many, batch, skipped, total)
        }
        SkipGuard::NoEventNamed | SkipGuard::EventNotInBatch => {
            td_string!(locale, send.guard_no_event, batch)
        }
    }
}

/// The resume notice: how many batches were accepted before, how many are left.
pub fn resume_text(lang: Lang, accepted: usize, total: usize) -> String {
    let left = total - accepted.min(total);
    td_string!(lang.locale(), send.resume_notice, accepted, total, left)
}

/// The progress bar's value for assistive technology (`3 of 10`).
pub fn progress_value(lang: Lang, done: usize, total: usize) -> String {
    td_string!(lang.locale(), send.progress_value, done, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upload_store::Receipt;

    #[test]
    fn every_sentence_exists_in_both_languages() {
        for lang in Lang::ALL {
            assert!(transient_text(lang, 2, 1, ErrorCode::Network, 1_500).contains("1.5"));
            assert!(throttled_text(lang, 3, 3_000, 100.0).contains("3.0"));
            assert!(invalid_event_text(lang, 1, Some(17), Some("event_time")).contains("17"));
            assert!(resume_text(lang, 2, 5).contains('3'));
            let guard = SkipGuard::TooManySkipped {
                skipped: 12,
                total: 600,
            };
            assert!(skip_guard_text(lang, 4, guard).contains("600"));
            assert_ne!(
                next_step(lang, StopProblem::TooManySkipped),
                next_step(lang, StopProblem::InvalidEvent)
            );
            assert_ne!(
                next_step(lang, StopProblem::Connection(Problem::TokenExpired)),
                next_step(lang, StopProblem::Connection(Problem::Permission))
            );
        }
    }

    #[test]
    fn every_retried_failure_has_its_words_in_both_languages() {
        for lang in Lang::ALL {
            for code in ErrorCode::ALL {
                assert!(!reason_text(lang, code).is_empty(), "{code} {lang:?}");
            }
            assert_ne!(
                reason_text(lang, ErrorCode::Timeout),
                reason_text(lang, ErrorCode::Network)
            );
            assert_ne!(
                reason_text(lang, ErrorCode::Timeout),
                reason_text(lang, ErrorCode::Cancelled)
            );
        }
    }

    #[test]
    fn the_english_sentences_read_as_before() {
        let en = Lang::En;
        assert_eq!(
            transient_text(en, 2, 1, ErrorCode::Network, 1_500),
            "Batch 2: the connection dropped before Meta answered. Waiting 1.5 s, then sending the same batch again (try 2); Meta deduplicates it."
        );
        assert_eq!(
            throttled_text(en, 3, 3_000, 87.4),
            "Batch 3: Meta is limiting the calls (usage 87 % of the limit). Waiting 3.0 s before sending it."
        );
        assert_eq!(
            throttled_text(en, 3, 3_000, 0.0),
            "Batch 3: Meta is limiting the calls. Waiting 3.0 s before sending it."
        );
        assert_eq!(
            skip_guard_text(en, 4, SkipGuard::NoEventNamed),
            "Meta refused batch 4 without naming an event to skip."
        );
        assert_eq!(progress_value(en, 3, 10), "3 of 10");
    }

    #[test]
    fn chinese_puts_the_numbers_where_its_sentences_need_them() {
        let zh = Lang::ZhHans;
        assert_eq!(
            resume_text(zh, 2, 5),
            "此文件之前已部分发送到该目标：5 个批次中已有 2 个被接受。“发送”只会发送剩余的 3 个批次，不会重复发送任何事件。"
        );
        assert_eq!(
            throttled_text(zh, 3, 3_000, 87.4),
            "第 3 批：Meta 正在限制调用频率（已用额度 87%）。等待 3.0 秒后再发送。"
        );
        assert_eq!(progress_value(zh, 3, 10), "3 / 10");
    }

    #[test]
    fn every_batch_state_has_its_status_text() {
        let receipt = Receipt {
            events_received: 1,
            fbtrace_id: None,
            skipped: Vec::new(),
        };
        let earlier = BatchState::Accepted {
            receipt: receipt.clone(),
            earlier: true,
        };
        assert_eq!(status_text(Lang::En, &earlier, false), "accepted before");
        assert_ne!(
            status_text(Lang::En, &BatchState::Pending, true),
            status_text(Lang::En, &BatchState::Pending, false)
        );
        let now = BatchState::Accepted {
            receipt,
            earlier: false,
        };
        for lang in Lang::ALL {
            assert_ne!(
                status_text(lang, &now, false),
                status_text(lang, &earlier, false)
            );
        }
    }
}
