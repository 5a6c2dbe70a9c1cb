//! The Send screen's texts, in English and Simplified Chinese: an exhaustive `match` per
//! language (a key without a translation does not compile), plus the sentences with numbers.

use crate::i18n::Lang;
use graph::upload::SkipGuard;

/// Every fixed string the Send screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each variant's English text is its documentation
pub enum S {
    Target,
    File,
    Batches,
    Events,
    Start,
    Pause,
    Resume,
    Cancel,
    DryRun,
    Preprocess,
    PreprocessHint,
    Forget,
    SkipRejected,
    SkipRejectedHint,
    ProgressLabel,
    BatchesAccepted,
    EventsAccepted,
    EventsReceived,
    Of,
    StateIdle,
    StateRunning,
    StateWaiting,
    StatePausing,
    StatePaused,
    StateLoginNeeded,
    LoginNeeded,
    LoginAgain,
    StateCancelling,
    StateCancelled,
    StateDone,
    StateStopped,
    StateDryRun,
    CompleteNotice,
    NoStore,
    SavedNote,
    RetriesTitle,
    StopTitle,
    NextToken,
    NextPermission,
    NextThrottled,
    NextServer,
    NextVersion,
    NextBadBody,
    NextTooManySkipped,
    NextOther,
    ReportTitle,
    DryRunTitle,
    ColBatch,
    ColRows,
    ColEvents,
    ColStatus,
    ColReceived,
    ColTrace,
    ColError,
    StatusAccepted,
    StatusAcceptedEarlier,
    StatusNotSent,
    StatusWouldSend,
    StatusSending,
    StatusWaiting,
    StatusFailed,
    DownloadReport,
    SkippedTitle,
    ColRow,
    ColField,
    ColReason,
    DownloadSkipped,
    ControlsLabel,
}

/// The text of `key` in `lang`.
pub fn ts(lang: Lang, key: S) -> &'static str {
    match lang {
        Lang::En => en(key),
        Lang::ZhHans => zh(key),
    }
}

fn en(key: S) -> &'static str {
    match key {
        S::Target => "Sending to",
        S::File => "File",
        S::Batches => "Batches",
        S::Events => "Events",
        S::Start => "Send",
        S::Pause => "Pause",
        S::Resume => "Resume",
        S::Cancel => "Cancel",
        S::DryRun => "Dry run (send nothing)",
        S::Preprocess => "Download the hashed file (NDJSON)",
        S::PreprocessHint => {
            "The request bodies exactly as they would be posted, one per line: hashed identifiers only. Post them with your own tools if the browser cannot reach Meta."
        }
        S::Forget => "Forget the saved progress",
        S::SkipRejected => "Skip rows Meta rejects and go on",
        S::SkipRejectedHint => {
            "Off: the first event Meta rejects stops the upload, so you can fix its row. On: that event is left out of its batch, the rest is sent again at once, and the row is listed below with Meta's reason. The upload still stops if one batch keeps failing or more than 2 % of the events (at least 10) are rejected: then the mapping or a setting is likely wrong."
        }
        S::ProgressLabel => "Batches accepted",
        S::BatchesAccepted => "Batches accepted",
        S::EventsAccepted => "Events accepted",
        S::EventsReceived => "Events Meta received",
        S::Of => "of",
        S::StateIdle => "Ready to send.",
        S::StateRunning => "Sending…",
        S::StateWaiting => "Waiting before the next try (see Retries below)…",
        S::StatePausing => "Pausing after the batch in flight…",
        S::StatePaused => "Paused. Nothing is lost: Resume sends the remaining batches.",
        S::StateLoginNeeded => "Paused: the Facebook login expired.",
        S::LoginNeeded => {
            "Your Facebook login expired during the upload. Log in again: the upload goes on from the first batch not yet accepted, and nothing accepted is sent twice."
        }
        S::LoginAgain => "Log in again",
        S::StateCancelling => "Cancelling after the batch in flight…",
        S::StateCancelled => {
            "Cancelled. Accepted batches stay accepted; the others were not sent. Choose the same file again to finish later."
        }
        S::StateDone => "Done: Meta accepted every batch.",
        S::StateStopped => "The upload stopped.",
        S::StateDryRun => "Dry run: nothing was sent. This is what Send would do.",
        S::CompleteNotice => {
            "This file was already sent completely to this target: nothing is left to send."
        }
        S::NoStore => {
            "This browser keeps no upload progress (IndexedDB is unavailable): after a reload the upload cannot resume."
        }
        S::SavedNote => {
            "Progress is saved in this browser after each accepted batch (ids, digests and counts only, never a value or the token), so a reload resumes without sending an event twice."
        }
        S::RetriesTitle => "Retries",
        S::StopTitle => "What to do next",
        S::NextToken => {
            "Get a new token (Business Settings, System users), paste it on Connect and check the connection, then choose the same file again: the upload goes on after the last accepted batch."
        }
        S::NextPermission => {
            "Give the system user access to this dataset or event set (ads_management), check the connection again, then resume: accepted batches are not sent again."
        }
        S::NextThrottled => {
            "Meta asks to wait longer than hashdrop waits on its own. Come back later and resume: nothing accepted is sent twice."
        }
        S::NextServer => {
            "Retrying gave up. Check the network (or that the emulator runs) and resume: nothing accepted is sent twice."
        }
        S::NextVersion => "Choose a current API version on Connect, then resume.",
        S::NextBadBody => "A prepared batch could not be read. Choose the file again.",
        S::NextTooManySkipped => {
            "Check the column mapping and the settings (time zone, date order, currency) against the rows listed, fix them and choose the file again: the accepted batches are not sent twice."
        }
        S::NextOther => "See the details below; resume once it is fixed.",
        S::ReportTitle => "Report",
        S::DryRunTitle => "What would be sent",
        S::ColBatch => "Batch",
        S::ColRows => "CSV rows",
        S::ColEvents => "Events",
        S::ColStatus => "Status",
        S::ColReceived => "Received by Meta",
        S::ColTrace => "fbtrace_id",
        S::ColError => "Error",
        S::StatusAccepted => "accepted",
        S::StatusAcceptedEarlier => "accepted before",
        S::StatusNotSent => "not sent",
        S::StatusWouldSend => "would be sent",
        S::StatusSending => "sending",
        S::StatusWaiting => "waiting to retry",
        S::StatusFailed => "failed",
        S::DownloadReport => "Download the report (CSV)",
        S::SkippedTitle => "Rows Meta rejected (skipped)",
        S::ColRow => "CSV row",
        S::ColField => "Field",
        S::ColReason => "Meta's reason",
        S::DownloadSkipped => "Download the skipped rows (CSV)",
        S::ControlsLabel => "Upload controls",
    }
}

fn zh(key: S) -> &'static str {
    match key {
        S::Target => "发送目标",
        S::File => "文件",
        S::Batches => "批次",
        S::Events => "事件",
        S::Start => "发送",
        S::Pause => "暂停",
        S::Resume => "继续",
        S::Cancel => "取消",
        S::DryRun => "试运行（不发送）",
        S::Preprocess => "下载哈希后的文件（NDJSON）",
        S::PreprocessHint => {
            "与实际发送完全相同的请求正文，每行一个，只含哈希后的标识符。如果浏览器无法连接 Meta，可用您自己的工具发送。"
        }
        S::Forget => "清除已保存的进度",
        S::SkipRejected => "跳过 Meta 拒绝的行并继续",
        S::SkipRejectedHint => {
            "关闭时：Meta 拒绝的第一个事件会停止上传，以便您修正该行。开启时：该事件会从其批次中移除，其余事件立即重新发送，该行连同 Meta 给出的原因列在下方。如果某一批次持续失败，或被拒绝的事件超过 2%（至少 10 个），上传仍会停止：这通常说明映射或设置有误。"
        }
        S::ProgressLabel => "已接受的批次",
        S::BatchesAccepted => "已接受的批次",
        S::EventsAccepted => "已接受的事件",
        S::EventsReceived => "Meta 收到的事件",
        S::Of => "/",
        S::StateIdle => "可以发送。",
        S::StateRunning => "正在发送…",
        S::StateWaiting => "等待下一次尝试（见下方“重试”）…",
        S::StatePausing => "当前批次完成后暂停…",
        S::StatePaused => "已暂停，没有任何丢失：点击“继续”发送剩余批次。",
        S::StateLoginNeeded => "已暂停：Facebook 登录已过期。",
        S::LoginNeeded => {
            "上传过程中 Facebook 登录已过期。请重新登录：上传将从第一个尚未被接受的批次继续，已被接受的数据不会重复发送。"
        }
        S::LoginAgain => "重新登录",
        S::StateCancelling => "当前批次完成后取消…",
        S::StateCancelled => {
            "已取消。已接受的批次保持有效，其余批次未发送。稍后再次选择同一文件即可完成。"
        }
        S::StateDone => "完成：Meta 已接受所有批次。",
        S::StateStopped => "上传已停止。",
        S::StateDryRun => "试运行：没有发送任何内容。以下是“发送”将执行的操作。",
        S::CompleteNotice => "此文件已完整发送到该目标，没有剩余内容需要发送。",
        S::NoStore => "此浏览器无法保存上传进度（IndexedDB 不可用）：重新加载后无法继续上传。",
        S::SavedNote => {
            "每个批次被接受后，进度会保存在此浏览器中（只保存编号、摘要和数量，从不保存数据值或访问口令），因此重新加载后可以继续，不会重复发送事件。"
        }
        S::RetriesTitle => "重试",
        S::StopTitle => "下一步",
        S::NextToken => {
            "请获取新的访问口令（业务设置 > 系统用户），在“连接”中粘贴并检查连接，然后再次选择同一文件：上传将从最后一个已接受的批次之后继续。"
        }
        S::NextPermission => {
            "请为系统用户分配此数据集或事件集的权限（ads_management），重新检查连接后继续：已接受的批次不会重复发送。"
        }
        S::NextThrottled => {
            "Meta 要求等待的时间超过 hashdrop 自动等待的上限。请稍后再继续：已接受的内容不会重复发送。"
        }
        S::NextServer => {
            "多次重试后仍失败。请检查网络（或模拟器是否在运行）后继续：已接受的内容不会重复发送。"
        }
        S::NextVersion => "请在“连接”中选择当前的 API 版本，然后继续。",
        S::NextBadBody => "无法读取一个已准备的批次。请重新选择文件。",
        S::NextTooManySkipped => {
            "请对照列出的行检查列映射和设置（时区、日期顺序、币种），修正后重新选择文件：已接受的批次不会重复发送。"
        }
        S::NextOther => "请查看下方详情，问题解决后继续。",
        S::ReportTitle => "报告",
        S::DryRunTitle => "将要发送的内容",
        S::ColBatch => "批次",
        S::ColRows => "CSV 行",
        S::ColEvents => "事件",
        S::ColStatus => "状态",
        S::ColReceived => "Meta 已收到",
        S::ColTrace => "fbtrace_id",
        S::ColError => "错误",
        S::StatusAccepted => "已接受",
        S::StatusAcceptedEarlier => "之前已接受",
        S::StatusNotSent => "未发送",
        S::StatusWouldSend => "将发送",
        S::StatusSending => "发送中",
        S::StatusWaiting => "等待重试",
        S::StatusFailed => "失败",
        S::DownloadReport => "下载报告（CSV）",
        S::SkippedTitle => "Meta 拒绝（已跳过）的行",
        S::ColRow => "CSV 行",
        S::ColField => "字段",
        S::ColReason => "Meta 给出的原因",
        S::DownloadSkipped => "下载已跳过的行（CSV）",
        S::ControlsLabel => "上传控制",
    }
}

/// The text of a report status name (see `BatchState::name`).
pub fn status_text(lang: Lang, status: &str) -> &'static str {
    ts(
        lang,
        match status {
            "accepted" => S::StatusAccepted,
            "accepted_earlier" => S::StatusAcceptedEarlier,
            "would_send" => S::StatusWouldSend,
            "sending" => S::StatusSending,
            "waiting" => S::StatusWaiting,
            "failed" => S::StatusFailed,
            _ => S::StatusNotSent,
        },
    )
}

/// What to do after a stop with this problem code.
pub fn next_step(lang: Lang, problem: &str) -> &'static str {
    ts(
        lang,
        match problem {
            "token_invalid" | "token_expired" | "token_missing" => S::NextToken,
            "permission" => S::NextPermission,
            "throttled" => S::NextThrottled,
            "server" | "unreachable" => S::NextServer,
            "version" => S::NextVersion,
            "bad_body" => S::NextBadBody,
            "too_many_skipped" => S::NextTooManySkipped,
            _ => S::NextOther,
        },
    )
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
        assert_ne!(ts(Lang::En, S::Start), ts(Lang::ZhHans, S::Start));
        assert_eq!(status_text(Lang::En, "accepted_earlier"), "accepted before");
    }
}
