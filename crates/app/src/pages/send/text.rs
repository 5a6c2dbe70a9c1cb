//! The Send screen's texts, in English and Simplified Chinese: an exhaustive `match` per
//! language (a key without a translation does not compile), plus the sentences with numbers.

use crate::i18n::Lang;
use graph::upload::SkipGuard;

/// The text of a report status name (see `BatchState::name`).
pub fn status_text(lang: Lang, status: &str) -> &'static str {
    lang.t(match status {
        "accepted" => tr!(send.status_accepted),
        "accepted_earlier" => tr!(send.status_accepted_earlier),
        "would_send" => tr!(send.status_would_send),
        "sending" => tr!(send.status_sending),
        "waiting" => tr!(send.status_waiting),
        "failed" => tr!(send.status_failed),
        _ => tr!(send.status_not_sent),
    })
}

/// What to do after a stop with this problem code.
pub fn next_step(lang: Lang, problem: &str) -> &'static str {
    lang.t(match problem {
        "token_invalid" | "token_expired" | "token_missing" => tr!(send.next_token),
        "permission" => tr!(send.next_permission),
        "throttled" => tr!(send.next_throttled),
        "server" | "unreachable" => tr!(send.next_server),
        "version" => tr!(send.next_version),
        "bad_body" => tr!(send.next_bad_body),
        "too_many_skipped" => tr!(send.next_too_many_skipped),
        _ => tr!(send.next_other),
    })
}

/// Seconds with one decimal.
fn seconds(ms: u64) -> String {
    format!("{:.1}", ms as f64 / 1000.0)
}

/// Why a transient failure happened, in the person's words.
fn reason_text(lang: Lang, reason: &str) -> &'static str {
    match (lang, reason) {
        (Lang::En, "network") => "the connection dropped before Meta answered",
        (Lang::En, "timeout") => "Meta did not answer in time",
        (Lang::En, "graph_transient") => "Meta reported a temporary error",
        (Lang::En, "http_status" | "graph_other") => "the server answered with an error (5xx)",
        (Lang::En, "bad_json") => "the answer could not be read",
        (Lang::En, _) => "a temporary failure",
        (Lang::ZhHans, "network") => "Meta 回复前连接中断",
        (Lang::ZhHans, "timeout") => "Meta 未及时回复",
        (Lang::ZhHans, "graph_transient") => "Meta 报告了临时错误",
        (Lang::ZhHans, "http_status" | "graph_other") => "服务器返回错误（5xx）",
        (Lang::ZhHans, "bad_json") => "无法读取回复",
        (Lang::ZhHans, _) => "临时故障",
    }
}

/// A transient retry: what happened, why, how long the wait (batches numbered from 1).
pub fn transient_text(
    lang: Lang,
    batch: usize,
    attempt: u32,
    reason: &str,
    delay_ms: u64,
) -> String {
    let why = reason_text(lang, reason);
    let wait = seconds(delay_ms);
    let next = attempt + 1;
    match lang {
        Lang::En => format!(
            "Batch {batch}: {why}. Waiting {wait} s, then sending the same batch again (try {next}); Meta deduplicates it."
        ),
        Lang::ZhHans => format!(
            "第 {batch} 批：{why}。等待 {wait} 秒后重新发送同一批次（第 {next} 次尝试），Meta 会自动去重。"
        ),
    }
}

/// A throttling wait.
pub fn throttled_text(lang: Lang, batch: usize, delay_ms: u64, usage_percent: f64) -> String {
    let wait = seconds(delay_ms);
    let usage = if usage_percent > 0.0 {
        match lang {
            Lang::En => format!(" (usage {usage_percent:.0} % of the limit)"),
            Lang::ZhHans => format!("（已用额度 {usage_percent:.0}%）"),
        }
    } else {
        String::new()
    };
    match lang {
        Lang::En => format!(
            "Batch {batch}: Meta is limiting the calls{usage}. Waiting {wait} s before sending it."
        ),
        Lang::ZhHans => {
            format!("第 {batch} 批：Meta 正在限制调用频率{usage}。等待 {wait} 秒后再发送。")
        }
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
    match lang {
        Lang::En => format!(
            "Meta rejected the event of CSV row {row} (field {field}) in batch {batch}. Fix that row and choose the file again: the batches before it are accepted and will not be sent twice."
        ),
        Lang::ZhHans => format!(
            "Meta 拒绝了第 {batch} 批中 CSV 第 {row} 行的事件（字段 {field}）。请修正该行后重新选择文件：之前的批次已被接受，不会重复发送。"
        ),
    }
}

/// Why skipping stopped: one batch kept failing, or too many events were skipped.
pub fn skip_guard_text(lang: Lang, batch: usize, guard: SkipGuard) -> String {
    match (lang, guard) {
        (Lang::En, SkipGuard::BatchKeepsFailing { removed }) => format!(
            "Meta rejected more than {removed} events of batch {batch}, one after the other, so the upload stopped instead of skipping more."
        ),
        (Lang::En, SkipGuard::TooManySkipped { skipped, total }) => format!(
            "{skipped} of {total} events were already skipped, the most one upload may skip, so the upload stopped at batch {batch}."
        ),
        (Lang::En, _) => format!("Meta refused batch {batch} without naming an event to skip."),
        (Lang::ZhHans, SkipGuard::BatchKeepsFailing { removed }) => format!(
            "Meta 连续拒绝了第 {batch} 批中超过 {removed} 个事件，因此上传已停止，不再继续跳过。"
        ),
        (Lang::ZhHans, SkipGuard::TooManySkipped { skipped, total }) => format!(
            "{total} 个事件中已跳过 {skipped} 个，达到一次上传可跳过的上限，因此上传在第 {batch} 批停止。"
        ),
        (Lang::ZhHans, _) => format!("Meta 拒绝了第 {batch} 批，但没有指明可跳过的事件。"),
    }
}

/// The resume notice: how many batches were accepted before, how many are left.
pub fn resume_text(lang: Lang, accepted: usize, total: usize) -> String {
    let left = total - accepted.min(total);
    match lang {
        Lang::En => format!(
            "This file was partly sent to this target before: {accepted} of {total} batches were accepted. Send sends only the {left} remaining; no event is sent twice."
        ),
        Lang::ZhHans => format!(
            "此文件之前已部分发送到该目标：{total} 个批次中已有 {accepted} 个被接受。“发送”只会发送剩余的 {left} 个批次，不会重复发送任何事件。"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_exists_in_both_languages() {
        for lang in [Lang::En, Lang::ZhHans] {
            assert!(transient_text(lang, 2, 1, "network", 1_500).contains("1.5"));
            assert!(throttled_text(lang, 3, 3_000, 100.0).contains("3.0"));
            assert!(invalid_event_text(lang, 1, Some(17), Some("event_time")).contains("17"));
            assert!(resume_text(lang, 2, 5).contains('3'));
            let guard = SkipGuard::TooManySkipped {
                skipped: 12,
                total: 600,
            };
            assert!(skip_guard_text(lang, 4, guard).contains("600"));
            assert_ne!(
                next_step(lang, "too_many_skipped"),
                next_step(lang, "other")
            );
            assert_ne!(
                next_step(lang, "token_expired"),
                next_step(lang, "permission")
            );
        }
        assert_eq!(status_text(Lang::En, "accepted_earlier"), "accepted before");
    }
}
