//! The app's two UI languages, English and Simplified Chinese.
//!
//! Every string the UI shows is a [`Key`]; [`Lang::t`] gives its text. The translation tables
//! are exhaustive `match`es, so adding a key without translating it does not compile.

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    ZhHans,
}

impl Lang {
    /// Both languages, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhHans];

    /// The BCP 47 tag (for `<html lang>` and storage).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
        }
    }

    /// The language's own name, as its speakers write it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhHans => "简体中文",
        }
    }

    /// A language from a stored or browser tag (`en-GB`, `zh-CN`, `zh-Hans`); `None` if neither.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::ZhHans),
            _ => None,
        }
    }

    /// The text of `key` in this language.
    pub fn t(self, key: Key) -> &'static str {
        match self {
            Lang::En => en(key),
            Lang::ZhHans => zh_hans(key),
        }
    }

    /// A count as this language writes it for people: digits grouped by thousands
    /// (`1,000,000` in English and in Simplified Chinese alike). Automation reads the plain
    /// number from a `data-` attribute instead.
    pub fn count(self, n: u64) -> String {
        let separator = match self {
            Lang::En | Lang::ZhHans => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }
}

/// Declares [`Key`] and [`Key::ALL`] from one list, so `ALL` cannot miss a key.
macro_rules! keys {
    ($($name:ident),* $(,)?) => {
        /// Every string the UI shows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)] // each variant's English text is its documentation
        pub enum Key {
            $($name,)*
        }

        impl Key {
            /// Every key, in declaration order.
            pub const ALL: &'static [Key] = &[$(Key::$name,)*];
        }
    };
}

keys! {
    Tagline,
    SkipToContent,
    LanguageLabel,
    StepsLabel,
    StepConnect,
    StepFile,
    StepMapping,
    StepCheck,
    StepSend,
    EndpointLabel,
    EndpointMeta,
    EndpointEmulator,
    NotFoundTitle,
    NotFoundBody,
    BackToStart,
    ConnectTitle,
    ConnectIntro,
    TokenLabel,
    TokenHint,
    RememberLabel,
    RememberHint,
    ForgetButton,
    Forgotten,
    LoginButton,
    LoginHint,
    AppIdLabel,
    AppIdHint,
    LoginWaiting,
    LoginDone,
    LoginNoAppId,
    LoginSettings,
    LoginPopupBlocked,
    LoginStateMismatch,
    LoginCancelled,
    LoginFailed,
    LoginHandedOver,
    VersionLabel,
    VersionHint,
    TargetKindLabel,
    TargetCapi,
    TargetOcapi,
    TargetCapiHint,
    TargetOcapiHint,
    DatasetIdLabel,
    EventSetIdLabel,
    EndpointChoiceLabel,
    EndpointMetaChoice,
    EndpointEmulatorChoice,
    EmulatorUrlLabel,
    EmulatorUrlHint,
    TestCodeLabel,
    TestCodeHint,
    AdvancedSettings,
    PartnerAgentLabel,
    PartnerAgentHint,
    CheckButton,
    Checking,
    Connected,
    NextFile,
    PresetApplied,
    PresetRejected,
    TokenStripped,
    InvalidTokenMissing,
    InvalidVersion,
    InvalidTargetId,
    InvalidEndpoint,
    ProblemTokenInvalid,
    ProblemTokenExpired,
    ProblemTokenMissing,
    ProblemPermission,
    ProblemNotFound,
    ProblemVersion,
    ProblemThrottled,
    ProblemServer,
    ProblemUnreachable,
    ProblemUnexpected,
    ProblemDetail,
    TryTitle,
    TryIntro,
    TryEmailLabel,
    TryHashHint,
    FileTitle,
    FileIntro,
    FileDropTitle,
    FileDropHint,
    FilePick,
    FileReading,
    FileProgressLabel,
    FileRowsSoFar,
    FileRowsPerSecond,
    FileTimeLeft,
    FileSeconds,
    FileSummaryTitle,
    FileRowsRead,
    FileAccepted,
    FileRejected,
    FileWarnings,
    FileBatches,
    FileContinue,
    FileFailed,
    FileEventName,
    FileShapeLabel,
    FileShapeHint,
    FileWorkerFailed,
    MappingTitle,
    MappingIntro,
    CheckTitle,
    CheckIntro,
    SendTitle,
    SendIntro,
    NeedsConnection,
    NeedsFile,
    GoToConnect,
    GoToFile,
    PrivacyNote,
    // Custom conversions page.
    CcNav,
    CcTitle,
    CcIntro,
    CcAccountLabel,
    CcAccountHint,
    CcLoad,
    CcIdle,
    CcLoading,
    CcEmpty,
    CcListCaption,
    CcColName,
    CcColRule,
    CcColType,
    CcColSource,
    CcColFlags,
    CcColFirst,
    CcColLast,
    CcColActions,
    CcFlagArchived,
    CcFlagUnavailable,
    CcEdit,
    CcStats,
    CcStatsEmpty,
    CcDetails,
    CcDetailId,
    CcDetailAccount,
    CcDetailBusiness,
    CcDetailCreated,
    CcClaimTitle,
    CcClaimIntro,
    CcClaimBusinessLabel,
    CcClaimConversionLabel,
    CcClaimPick,
    CcClaimSubmit,
    CcClaimDone,
    CcDelete,
    CcDeleteQuestion,
    CcDeleteYes,
    CcCancel,
    CcClose,
    CcSave,
    CcEditNote,
    CcLimitLabel,
    CcLimitReached,
    CcLimitSource,
    CcLimitTooltip,
    CcCreateTitle,
    CcNameLabel,
    CcDescriptionLabel,
    CcSourceLabel,
    CcSourceHint,
    CcEventTypeLabel,
    CcDefaultValueLabel,
    CcActionSourceLabel,
    CcActionSourceNone,
    CcBuilderLegend,
    CcBuilderNested,
    CcCombinatorLabel,
    CcCombinatorAll,
    CcCombinatorAny,
    CcFieldLabel,
    CcOperatorLabel,
    CcValueLabel,
    CcRemove,
    CcRemoveCondition,
    CcAddCondition,
    CcOpIContains,
    CcOpINotContains,
    CcOpContains,
    CcOpNotContains,
    CcOpEq,
    CcOpNeq,
    CcOpLt,
    CcOpLte,
    CcOpGt,
    CcOpGte,
    CcOpRegex,
    CcJsonLabel,
    CcJsonHint,
    CcAdvancedRuleLabel,
    CcAdvancedRuleHint,
    CcAdvancedRuleInvalid,
    CcRuleInvalid,
    CcNameMissing,
    CcSourceInvalid,
    CcChoiceInvalid,
    CcDefaultValueInvalid,
    CcCreate,
    CcCreated,
    CcPreviewLegend,
    CcPreviewIntro,
    CcPreviewFileLabel,
    CcPreviewEventNameLabel,
    CcPreviewEventNameHint,
    CcPreviewRun,
    CcPreviewFailed,
    CcPreviewMatched,
    CcPreviewEvaluated,
    CcPreviewRejected,
    CcPreviewSum,
    CcPreviewMixedCurrencies,
    CcPreviewWithoutValue,
    CcPreviewNone,
    CcPreviewColRow,
    CcPreviewColEvent,
    CcPreviewColValue,
    CcPreviewMore,
    CcCompareLabel,
    CcCompareNone,
    CcCompareHint,
    CcMetaCount,
    CcMetaCountHint,
    CcMetaRefresh,
}

fn en(key: Key) -> &'static str {
    match key {
        Key::Tagline => "Offline conversions to Meta, hashed in your browser.",
        Key::SkipToContent => "Skip to content",
        Key::LanguageLabel => "Language",
        Key::StepsLabel => "Upload steps",
        Key::StepConnect => "Connect",
        Key::StepFile => "File",
        Key::StepMapping => "Mapping",
        Key::StepCheck => "Check",
        Key::StepSend => "Send",
        Key::EndpointLabel => "Talking to",
        Key::EndpointMeta => "Meta Graph API",
        Key::EndpointEmulator => "Local emulator",
        Key::NotFoundTitle => "Page not found",
        Key::NotFoundBody => "This address is not part of hashdrop.",
        Key::BackToStart => "Go to the first step",
        Key::ConnectTitle => "Connect to Meta",
        Key::ConnectIntro => {
            "Say where the conversions go. The token stays in this tab unless you choose to remember it."
        }
        Key::TokenLabel => "Access token",
        Key::TokenHint => {
            "A system-user token with the ads_management permission. It is sent only in a request header, never in a URL."
        }
        Key::RememberLabel => "Remember the token on this device",
        Key::RememberHint => {
            "Stores the token in this browser's local storage. Leave unchecked on a shared computer."
        }
        Key::ForgetButton => "Forget the stored token",
        Key::Forgotten => "The token was removed from this device.",
        Key::LoginButton => "Log in with Facebook",
        Key::LoginHint => {
            "Opens Facebook's login window, which asks you to let hashdrop manage your ads, datasets and business assets. The token comes back to this tab only and is not stored unless you tick \"Remember\". Or paste a token below."
        }
        Key::AppIdLabel => "Facebook app id",
        Key::AppIdHint => {
            "The id of the Meta app this page is registered with (its Facebook Login settings must allow this page's address). A build made with cargo xtask dist --app-id has it already."
        }
        Key::LoginWaiting => "Waiting for the Facebook login window…",
        Key::LoginDone => {
            "Logged in with Facebook. This token is short-lived: if it expires during an upload, Send pauses and asks you to log in again."
        }
        Key::LoginNoAppId => "Type the Facebook app id first (digits only).",
        Key::LoginSettings => {
            "The endpoint or the API version below cannot be used: correct them, then log in."
        }
        Key::LoginPopupBlocked => {
            "The browser blocked the login window. Allow pop-ups for this page and try again, or paste a token."
        }
        Key::LoginStateMismatch => {
            "A login answer arrived that this page did not ask for, so it was refused. Log in again from this page."
        }
        Key::LoginCancelled => "The login was cancelled: no token was given.",
        Key::LoginFailed => "Facebook did not give a token. Try again, or paste a token.",
        Key::LoginHandedOver => "Logged in. You can close this window.",
        Key::VersionLabel => "Graph API version",
        Key::VersionHint => "For example v24.0.",
        Key::TargetKindLabel => "Send to",
        Key::TargetCapi => "Conversions API dataset",
        Key::TargetOcapi => "Offline event set (legacy)",
        Key::TargetCapiHint => "Recommended: a dataset (pixel) id receives offline events.",
        Key::TargetOcapiHint => {
            "The legacy Offline Conversions API; Meta no longer accepts it on current versions."
        }
        Key::DatasetIdLabel => "Dataset id",
        Key::EventSetIdLabel => "Offline event set id",
        Key::EndpointChoiceLabel => "Endpoint",
        Key::EndpointMetaChoice => "Meta (graph.facebook.com)",
        Key::EndpointEmulatorChoice => "Local emulator (for trying things out)",
        Key::EmulatorUrlLabel => "Emulator address",
        Key::EmulatorUrlHint => "An http://127.0.0.1:PORT or http://localhost:PORT address.",
        Key::TestCodeLabel => "Test event code (optional)",
        Key::TestCodeHint => {
            "From Events Manager's Test events tab: events sent with it show up there."
        }
        Key::AdvancedSettings => "Advanced settings",
        Key::PartnerAgentLabel => "Partner agent (partner_agent)",
        Key::PartnerAgentHint => {
            "Sent with every event to a dataset, so Meta knows which tool uploaded it. Empty: none is sent. Offline event sets take none. Used for the files prepared after a change."
        }
        Key::CheckButton => "Check connection",
        Key::Checking => "Checking…",
        Key::Connected => "Connected to",
        Key::NextFile => "Next: choose a file",
        Key::PresetApplied => "Endpoint and version were preset from the page address.",
        Key::PresetRejected => {
            "The page address asked for an endpoint hashdrop may not call; it was ignored."
        }
        Key::TokenStripped => {
            "The page address carried an access token. It was removed and not used: paste the token here instead."
        }
        Key::InvalidTokenMissing => "Paste an access token first.",
        Key::InvalidVersion => "The API version looks like v24.0.",
        Key::InvalidTargetId => "The id is a number, e.g. 400000000000004.",
        Key::InvalidEndpoint => {
            "The emulator address must be http://127.0.0.1:PORT or http://localhost:PORT."
        }
        Key::ProblemTokenInvalid => {
            "The access token is not valid (error 190). Copy a fresh token from Business Settings."
        }
        Key::ProblemTokenExpired => {
            "The access token has expired (error 190). Generate a new one and paste it here."
        }
        Key::ProblemTokenMissing => "The request carried no access token (error 104).",
        Key::ProblemPermission => {
            "This token may not use this dataset or event set (permission error). Ask an admin to assign it to the system user."
        }
        Key::ProblemNotFound => {
            "No dataset or event set with this id is visible to this token. Check the id and the target kind."
        }
        Key::ProblemVersion => "Meta does not accept this API version any more. Use a current one.",
        Key::ProblemThrottled => "Meta is rate-limiting these calls. Wait a minute and try again.",
        Key::ProblemServer => "The Graph API had a temporary problem. Try again in a moment.",
        Key::ProblemUnreachable => {
            "The endpoint could not be reached (offline, blocked, or the emulator is not running)."
        }
        Key::ProblemUnexpected => "The endpoint gave an answer hashdrop does not understand.",
        Key::ProblemDetail => "Details for support",
        Key::TryTitle => "See the hashing",
        Key::TryIntro => {
            "Everything you upload is normalized and SHA-256-hashed here, in this page, before anything is sent. Try it:"
        }
        Key::TryEmailLabel => "E-mail address",
        Key::TryHashHint => "SHA-256 of the normalized address:",
        Key::FileTitle => "Choose a file",
        Key::FileIntro => {
            "A CSV, TSV or text file of conversions. It is read, normalized and hashed in this browser."
        }
        Key::FileDropTitle => "Drop a file here or choose one",
        Key::FileDropHint => "CSV, TSV or TXT. Press Enter or Space to choose a file.",
        Key::FilePick => "Choose a CSV, TSV or TXT file",
        Key::FileReading => "Reading, normalizing and hashing in the background…",
        Key::FileProgressLabel => "Progress of the reading",
        Key::FileRowsSoFar => "Rows",
        Key::FileRowsPerSecond => "rows/s",
        Key::FileTimeLeft => "Time left",
        Key::FileSeconds => "s",
        Key::FileSummaryTitle => "File prepared",
        Key::FileRowsRead => "Rows read",
        Key::FileAccepted => "Accepted",
        Key::FileRejected => "Rejected",
        Key::FileWarnings => "Warnings",
        Key::FileBatches => "Request bodies",
        Key::FileContinue => "Continue",
        Key::FileFailed => "This file cannot be prepared:",
        Key::FileEventName => "Event name for rows without one",
        Key::FileShapeLabel => "Prepare for",
        Key::FileShapeHint => {
            "No target is connected: choose the API the hashed file is for. Everything here works offline; only sending needs a connection."
        }
        Key::FileWorkerFailed => "The background reader could not start.",
        Key::MappingTitle => "Map the columns",
        Key::MappingIntro => "Tell hashdrop which column holds which identifier or event field.",
        Key::CheckTitle => "Check the rows",
        Key::CheckIntro => "Rows that cannot be sent are listed with their row and column.",
        Key::SendTitle => "Send to Meta",
        Key::SendIntro => "The hashed events go out in batches, with progress and retries.",
        Key::NeedsConnection => "Connect to Meta or the emulator first.",
        Key::NeedsFile => "Choose a file first.",
        Key::GoToConnect => "Go to Connect",
        Key::GoToFile => "Go to File",
        Key::PrivacyNote => "Raw personal data never leaves this page: only hashes are sent.",
        Key::CcNav => "Custom conversions",
        Key::CcTitle => "Custom conversions",
        Key::CcIntro => {
            "Rules that count some of your events as a conversion of their own, per ad account. Try a rule on a file here before creating it: the file is read in this page and never sent."
        }
        Key::CcAccountLabel => "Ad account",
        Key::CcAccountHint => "For example act_200000000000002 (the emulator's demo account).",
        Key::CcLoad => "Load",
        Key::CcIdle => "Enter an ad account and press Load to see its custom conversions.",
        Key::CcLoading => "Loading…",
        Key::CcEmpty => "This ad account has no custom conversions yet.",
        Key::CcListCaption => "Custom conversions of",
        Key::CcColName => "Name",
        Key::CcColRule => "Rule",
        Key::CcColType => "Event type",
        Key::CcColSource => "Source",
        Key::CcColFlags => "Flags",
        Key::CcColFirst => "First fired",
        Key::CcColLast => "Last fired",
        Key::CcColActions => "Actions",
        Key::CcFlagArchived => "archived",
        Key::CcFlagUnavailable => "unavailable",
        Key::CcEdit => "Edit",
        Key::CcStats => "Stats",
        Key::CcStatsEmpty => "No stats yet: events count only after the conversion was created.",
        Key::CcDetails => "Details",
        Key::CcDetailId => "Id",
        Key::CcDetailAccount => "Ad account",
        Key::CcDetailBusiness => "Owning business",
        Key::CcDetailCreated => "Created",
        Key::CcClaimTitle => "Claim a custom conversion for a business",
        Key::CcClaimIntro => {
            "The agency flow: a business claims a custom conversion (claim_custom_conversions), and owns it from then on."
        }
        Key::CcClaimBusinessLabel => "Business id",
        Key::CcClaimConversionLabel => "Custom conversion",
        Key::CcClaimPick => "(choose one)",
        Key::CcClaimSubmit => "Claim",
        Key::CcClaimDone => "Claimed: the business now owns the custom conversion.",
        Key::CcDelete => "Delete",
        Key::CcDeleteQuestion => "Delete this custom conversion? This cannot be undone.",
        Key::CcDeleteYes => "Yes, delete",
        Key::CcCancel => "Cancel",
        Key::CcClose => "Close",
        Key::CcSave => "Save",
        Key::CcEditNote => {
            "Meta lets you change only the name, the description and the default value. To change the rule, the event type or the source, create a new custom conversion."
        }
        Key::CcLimitLabel => "Custom conversions in this account",
        Key::CcLimitReached => {
            "This ad account has reached Meta's limit of 100 custom conversions. Delete one before creating another."
        }
        Key::CcLimitSource => "limit from Meta's API reference",
        Key::CcLimitTooltip => {
            "Meta's API reference allows 100 custom conversions per ad account; the offline conversions guide says 40. This page shows the reference's 100."
        }
        Key::CcCreateTitle => "Create a custom conversion",
        Key::CcNameLabel => "Name",
        Key::CcDescriptionLabel => "Description (optional)",
        Key::CcSourceLabel => "Event source (dataset or offline event set id)",
        Key::CcSourceHint => "Its events are the ones the rule looks at.",
        Key::CcEventTypeLabel => "Event type",
        Key::CcDefaultValueLabel => "Default conversion value (optional)",
        Key::CcActionSourceLabel => "Action source type",
        Key::CcActionSourceNone => "(not set)",
        Key::CcBuilderLegend => "Rule builder",
        Key::CcBuilderNested => {
            "This rule nests groups or uses \"not\": edit it as JSON. The builder shows the last rule it could."
        }
        Key::CcCombinatorLabel => "Count an event when it matches",
        Key::CcCombinatorAll => "all conditions (and)",
        Key::CcCombinatorAny => "any condition (or)",
        Key::CcFieldLabel => "Field",
        Key::CcOperatorLabel => "Operator",
        Key::CcValueLabel => "Value",
        Key::CcRemove => "Remove",
        Key::CcRemoveCondition => "Remove condition",
        Key::CcAddCondition => "Add a condition",
        Key::CcOpIContains => "contains (any case)",
        Key::CcOpINotContains => "does not contain (any case)",
        Key::CcOpContains => "contains (exact case)",
        Key::CcOpNotContains => "does not contain (exact case)",
        Key::CcOpEq => "equals",
        Key::CcOpNeq => "does not equal",
        Key::CcOpLt => "less than",
        Key::CcOpLte => "at most",
        Key::CcOpGt => "greater than",
        Key::CcOpGte => "at least",
        Key::CcOpRegex => "matches the pattern",
        Key::CcJsonLabel => "Rule as JSON",
        Key::CcJsonHint => {
            "Meta's rule format. Edit either side: the builder and the JSON follow each other."
        }
        Key::CcAdvancedRuleLabel => "Advanced rule (JSON, optional)",
        Key::CcAdvancedRuleHint => {
            "Meta's advanced_rule: checked here like the rule above (the same fields, operators and errors)."
        }
        Key::CcAdvancedRuleInvalid => {
            "The advanced rule is not a valid rule: see the error under it."
        }
        Key::CcRuleInvalid => {
            "The rule is not valid yet: see the message under the JSON or the builder."
        }
        Key::CcNameMissing => "Give the custom conversion a name.",
        Key::CcSourceInvalid => "The event source is a number, e.g. 400000000000004.",
        Key::CcChoiceInvalid => "Choose one of the listed values.",
        Key::CcDefaultValueInvalid => "The default value is a number of 0 or more, e.g. 10 or 2.5.",
        Key::CcCreate => "Create custom conversion",
        Key::CcCreated => "Created:",
        Key::CcPreviewLegend => "Preview on a file",
        Key::CcPreviewIntro => {
            "See which rows of a CSV the rule would count. The file is read in this page and never sent; event times are not judged here."
        }
        Key::CcPreviewFileLabel => "CSV file",
        Key::CcPreviewEventNameLabel => "Event name for rows without one",
        Key::CcPreviewEventNameHint => {
            "Files without an event-name column are read as this event, e.g. Purchase."
        }
        Key::CcPreviewRun => "Preview again",
        Key::CcPreviewFailed => "The file cannot be previewed:",
        Key::CcPreviewMatched => "Rows matched",
        Key::CcPreviewEvaluated => "Events evaluated",
        Key::CcPreviewRejected => "Rows that are not valid events (not evaluated)",
        Key::CcPreviewSum => "Value of the matched rows",
        Key::CcPreviewMixedCurrencies => {
            "The matched rows use several currencies: the sum is only indicative."
        }
        Key::CcPreviewWithoutValue => "Matched rows without a value (not in the sum):",
        Key::CcPreviewNone => "No row of the file matches this rule.",
        Key::CcPreviewColRow => "Row",
        Key::CcPreviewColEvent => "Event",
        Key::CcPreviewColValue => "Value",
        Key::CcPreviewMore => "More matching rows not listed:",
        Key::CcCompareLabel => "Compare with a custom conversion",
        Key::CcCompareNone => "(none)",
        Key::CcCompareHint => {
            "Its rule goes into the editor, and Meta's count of the events it fired is shown beside the preview."
        }
        Key::CcMetaCount => "Counted by Meta",
        Key::CcMetaCountHint => {
            "Events the conversion's source received after it was created and its rule selects (its stats, every day)."
        }
        Key::CcMetaRefresh => "Refresh the count",
    }
}

fn zh_hans(key: Key) -> &'static str {
    match key {
        Key::Tagline => "线下转化回传 Meta，在浏览器内完成哈希。",
        Key::SkipToContent => "跳到正文",
        Key::LanguageLabel => "语言",
        Key::StepsLabel => "上传步骤",
        Key::StepConnect => "连接",
        Key::StepFile => "文件",
        Key::StepMapping => "字段映射",
        Key::StepCheck => "检查",
        Key::StepSend => "发送",
        Key::EndpointLabel => "当前接口",
        Key::EndpointMeta => "Meta Graph API",
        Key::EndpointEmulator => "本地模拟器",
        Key::NotFoundTitle => "页面不存在",
        Key::NotFoundBody => "这个地址不属于 hashdrop。",
        Key::BackToStart => "回到第一步",
        Key::ConnectTitle => "连接 Meta",
        Key::ConnectIntro => "设置转化数据的去向。除非你选择记住，访问口令只保存在当前标签页中。",
        Key::TokenLabel => "访问口令（Access token）",
        Key::TokenHint => {
            "具有 ads_management 权限的系统用户口令。它只放在请求头中发送，绝不出现在网址里。"
        }
        Key::RememberLabel => "在此设备上记住口令",
        Key::RememberHint => "口令会保存在本浏览器的本地存储中。在共用电脑上请不要勾选。",
        Key::ForgetButton => "删除已保存的口令",
        Key::Forgotten => "口令已从此设备删除。",
        Key::LoginButton => "使用 Facebook 登录",
        Key::LoginHint => {
            "打开 Facebook 登录窗口，授权 hashdrop 管理你的广告、数据集和业务资产。口令只返回到当前标签页，除非勾选“记住”，否则不会保存。也可以在下方粘贴口令。"
        }
        Key::AppIdLabel => "Facebook 应用编号",
        Key::AppIdHint => {
            "本页面所注册的 Meta 应用编号（其 Facebook 登录设置必须允许本页面的地址）。用 cargo xtask dist --app-id 构建的页面已经带有它。"
        }
        Key::LoginWaiting => "正在等待 Facebook 登录窗口……",
        Key::LoginDone => {
            "已通过 Facebook 登录。此口令有效期较短：如果在上传过程中过期，“发送”会暂停并请你重新登录。"
        }
        Key::LoginNoAppId => "请先填写 Facebook 应用编号（仅数字）。",
        Key::LoginSettings => "下方的接口地址或 API 版本无法使用：请先更正，再登录。",
        Key::LoginPopupBlocked => "浏览器拦截了登录窗口。请允许本页面弹出窗口后重试，或粘贴口令。",
        Key::LoginStateMismatch => "收到一个不是本页面发起的登录回应，已拒绝。请在本页面重新登录。",
        Key::LoginCancelled => "登录已取消：没有获得口令。",
        Key::LoginFailed => "Facebook 没有给出口令。请重试，或粘贴口令。",
        Key::LoginHandedOver => "已登录。可以关闭此窗口。",
        Key::VersionLabel => "Graph API 版本",
        Key::VersionHint => "例如 v24.0。",
        Key::TargetKindLabel => "发送到",
        Key::TargetCapi => "转化 API 数据集",
        Key::TargetOcapi => "线下事件集（旧版）",
        Key::TargetCapiHint => "推荐：用数据集（像素）编号接收线下事件。",
        Key::TargetOcapiHint => "旧版线下转化 API；Meta 在当前版本中已不再接受。",
        Key::DatasetIdLabel => "数据集编号",
        Key::EventSetIdLabel => "线下事件集编号",
        Key::EndpointChoiceLabel => "接口地址",
        Key::EndpointMetaChoice => "Meta（graph.facebook.com）",
        Key::EndpointEmulatorChoice => "本地模拟器（用于试用）",
        Key::EmulatorUrlLabel => "模拟器地址",
        Key::EmulatorUrlHint => "形如 http://127.0.0.1:端口 或 http://localhost:端口。",
        Key::TestCodeLabel => "测试事件代码（可选）",
        Key::TestCodeHint => "来自事件管理工具的“测试事件”页：带此代码发送的事件会显示在那里。",
        Key::AdvancedSettings => "高级设置",
        Key::PartnerAgentLabel => "合作伙伴代理（partner_agent）",
        Key::PartnerAgentHint => {
            "随发送到数据集的每个事件一起发送，让 Meta 知道是哪个工具上传的。留空则不发送。离线事件集不接受此参数。修改后对之后准备的文件生效。"
        }
        Key::CheckButton => "检查连接",
        Key::Checking => "正在检查…",
        Key::Connected => "已连接到",
        Key::NextFile => "下一步：选择文件",
        Key::PresetApplied => "接口地址和版本已根据页面网址预先填好。",
        Key::PresetRejected => "页面网址指定了 hashdrop 不允许访问的接口地址，已忽略。",
        Key::TokenStripped => "页面网址中带有访问口令，已被移除且未使用：请在这里粘贴口令。",
        Key::InvalidTokenMissing => "请先粘贴访问口令。",
        Key::InvalidVersion => "API 版本的格式形如 v24.0。",
        Key::InvalidTargetId => "编号是一串数字，例如 400000000000004。",
        Key::InvalidEndpoint => "模拟器地址必须是 http://127.0.0.1:端口 或 http://localhost:端口。",
        Key::ProblemTokenInvalid => {
            "访问口令无效（错误 190）。请从商务管理平台设置中复制新的口令。"
        }
        Key::ProblemTokenExpired => "访问口令已过期（错误 190）。请生成新的口令并粘贴到这里。",
        Key::ProblemTokenMissing => "请求中没有访问口令（错误 104）。",
        Key::ProblemPermission => {
            "此口令无权使用这个数据集或事件集（权限错误）。请管理员把它分配给该系统用户。"
        }
        Key::ProblemNotFound => "此口令看不到这个编号的数据集或事件集。请检查编号和发送目标类型。",
        Key::ProblemVersion => "Meta 已不再接受这个 API 版本，请使用当前版本。",
        Key::ProblemThrottled => "Meta 正在限制调用频率。请稍等一分钟再试。",
        Key::ProblemServer => "Graph API 暂时出错，请稍后再试。",
        Key::ProblemUnreachable => "无法访问该接口地址（离线、被拦截，或模拟器没有运行）。",
        Key::ProblemUnexpected => "接口返回了 hashdrop 无法理解的内容。",
        Key::ProblemDetail => "提供给技术支持的详情",
        Key::TryTitle => "看看哈希效果",
        Key::TryIntro => {
            "上传的所有内容都会先在本页面内规范化并做 SHA-256 哈希，然后才发送。试一试："
        }
        Key::TryEmailLabel => "电子邮箱地址",
        Key::TryHashHint => "规范化后地址的 SHA-256：",
        Key::FileTitle => "选择文件",
        Key::FileIntro => {
            "包含转化数据的 CSV、TSV 或文本文件。读取、规范化和哈希都在本浏览器内完成。"
        }
        Key::FileDropTitle => "把文件拖到这里，或选择一个文件",
        Key::FileDropHint => "CSV、TSV 或 TXT 文件。按回车键或空格键选择文件。",
        Key::FilePick => "选择 CSV、TSV 或 TXT 文件",
        Key::FileReading => "正在后台读取、规范化并哈希……",
        Key::FileProgressLabel => "读取进度",
        Key::FileRowsSoFar => "行数",
        Key::FileRowsPerSecond => "行/秒",
        Key::FileTimeLeft => "剩余时间",
        Key::FileSeconds => "秒",
        Key::FileSummaryTitle => "文件已准备好",
        Key::FileRowsRead => "读取的行",
        Key::FileAccepted => "可发送",
        Key::FileRejected => "被拒绝",
        Key::FileWarnings => "警告",
        Key::FileBatches => "请求批次",
        Key::FileContinue => "继续",
        Key::FileFailed => "无法准备此文件：",
        Key::FileEventName => "没有事件名称的行使用的事件名称",
        Key::FileShapeLabel => "准备用于",
        Key::FileShapeHint => {
            "尚未连接目标：请选择哈希文件所用的 API。这里的一切都可离线完成；只有发送需要连接。"
        }
        Key::FileWorkerFailed => "后台读取程序无法启动。",
        Key::MappingTitle => "映射字段",
        Key::MappingIntro => "告诉 hashdrop 每一列对应哪个标识符或事件字段。",
        Key::CheckTitle => "检查数据行",
        Key::CheckIntro => "无法发送的行会列出其行号和列名。",
        Key::SendTitle => "发送到 Meta",
        Key::SendIntro => "哈希后的事件分批发送，显示进度并自动重试。",
        Key::NeedsConnection => "请先连接 Meta 或模拟器。",
        Key::NeedsFile => "请先选择文件。",
        Key::GoToConnect => "前往“连接”",
        Key::GoToFile => "前往“文件”",
        Key::PrivacyNote => "原始个人数据绝不会离开本页面：发送的只有哈希值。",
        Key::CcNav => "自定义转化",
        Key::CcTitle => "自定义转化",
        Key::CcIntro => {
            "按广告账户设置规则，把部分事件单独计为一种转化。创建前可以先在这里用文件试一试规则：文件只在本页面内读取，绝不会发送。"
        }
        Key::CcAccountLabel => "广告账户",
        Key::CcAccountHint => "例如 act_200000000000002（模拟器的演示账户）。",
        Key::CcLoad => "加载",
        Key::CcIdle => "输入广告账户并点击“加载”，查看其自定义转化。",
        Key::CcLoading => "正在加载…",
        Key::CcEmpty => "此广告账户还没有自定义转化。",
        Key::CcListCaption => "自定义转化列表：",
        Key::CcColName => "名称",
        Key::CcColRule => "规则",
        Key::CcColType => "事件类型",
        Key::CcColSource => "来源",
        Key::CcColFlags => "状态",
        Key::CcColFirst => "首次触发",
        Key::CcColLast => "最近触发",
        Key::CcColActions => "操作",
        Key::CcFlagArchived => "已归档",
        Key::CcFlagUnavailable => "不可用",
        Key::CcEdit => "编辑",
        Key::CcStats => "统计",
        Key::CcStatsEmpty => "暂无统计：只有创建之后收到的事件才会计入。",
        Key::CcDetails => "详情",
        Key::CcDetailId => "编号",
        Key::CcDetailAccount => "广告账户",
        Key::CcDetailBusiness => "所属商家",
        Key::CcDetailCreated => "创建时间",
        Key::CcClaimTitle => "为商家认领自定义转化",
        Key::CcClaimIntro => {
            "代理流程：商家认领自定义转化（claim_custom_conversions），此后由该商家拥有。"
        }
        Key::CcClaimBusinessLabel => "商家编号",
        Key::CcClaimConversionLabel => "自定义转化",
        Key::CcClaimPick => "（请选择）",
        Key::CcClaimSubmit => "认领",
        Key::CcClaimDone => "已认领：该商家现在拥有此自定义转化。",
        Key::CcDelete => "删除",
        Key::CcDeleteQuestion => "确定删除这个自定义转化吗？此操作无法撤销。",
        Key::CcDeleteYes => "确定删除",
        Key::CcCancel => "取消",
        Key::CcClose => "关闭",
        Key::CcSave => "保存",
        Key::CcEditNote => {
            "Meta 只允许修改名称、描述和默认价值。要修改规则、事件类型或来源，请新建一个自定义转化。"
        }
        Key::CcLimitLabel => "此账户的自定义转化数量",
        Key::CcLimitReached => {
            "此广告账户已达到 Meta 的上限（100 个自定义转化）。请先删除一个再新建。"
        }
        Key::CcLimitSource => "上限取自 Meta 的 API 参考文档",
        Key::CcLimitTooltip => {
            "Meta 的 API 参考文档允许每个广告账户最多 100 个自定义转化；线下转化指南写的是 40 个。此页按参考文档显示 100。"
        }
        Key::CcCreateTitle => "新建自定义转化",
        Key::CcNameLabel => "名称",
        Key::CcDescriptionLabel => "描述（可选）",
        Key::CcSourceLabel => "事件来源（数据集或线下事件集编号）",
        Key::CcSourceHint => "规则只看这个来源的事件。",
        Key::CcEventTypeLabel => "事件类型",
        Key::CcDefaultValueLabel => "默认转化价值（可选）",
        Key::CcActionSourceLabel => "行为来源类型",
        Key::CcActionSourceNone => "（不设置）",
        Key::CcBuilderLegend => "规则构建器",
        Key::CcBuilderNested => {
            "此规则包含嵌套分组或“not”：请以 JSON 编辑。构建器保留它上一次能显示的规则。"
        }
        Key::CcCombinatorLabel => "事件满足以下条件时计入",
        Key::CcCombinatorAll => "全部条件（and）",
        Key::CcCombinatorAny => "任一条件（or）",
        Key::CcFieldLabel => "字段",
        Key::CcOperatorLabel => "运算符",
        Key::CcValueLabel => "值",
        Key::CcRemove => "移除",
        Key::CcRemoveCondition => "移除条件",
        Key::CcAddCondition => "添加条件",
        Key::CcOpIContains => "包含（不区分大小写）",
        Key::CcOpINotContains => "不包含（不区分大小写）",
        Key::CcOpContains => "包含（区分大小写）",
        Key::CcOpNotContains => "不包含（区分大小写）",
        Key::CcOpEq => "等于",
        Key::CcOpNeq => "不等于",
        Key::CcOpLt => "小于",
        Key::CcOpLte => "小于或等于",
        Key::CcOpGt => "大于",
        Key::CcOpGte => "大于或等于",
        Key::CcOpRegex => "匹配正则表达式",
        Key::CcJsonLabel => "规则（JSON 格式）",
        Key::CcJsonHint => "Meta 的规则格式。两边都可以编辑：构建器和 JSON 会互相同步。",
        Key::CcAdvancedRuleLabel => "高级规则（JSON，可选）",
        Key::CcAdvancedRuleHint => {
            "Meta 的 advanced_rule：与上面的规则按同样方式检查（相同的字段、运算符和错误）。"
        }
        Key::CcAdvancedRuleInvalid => "高级规则无效：请看其下方的错误。",
        Key::CcRuleInvalid => "规则还无效：请查看 JSON 或构建器下方的提示。",
        Key::CcNameMissing => "请为自定义转化命名。",
        Key::CcSourceInvalid => "事件来源是一串数字，例如 400000000000004。",
        Key::CcChoiceInvalid => "请从列表中选择一个值。",
        Key::CcDefaultValueInvalid => "默认价值是大于或等于 0 的数字，例如 10 或 2.5。",
        Key::CcCreate => "创建自定义转化",
        Key::CcCreated => "已创建：",
        Key::CcPreviewLegend => "用文件预览",
        Key::CcPreviewIntro => {
            "看看规则会计入 CSV 中的哪些行。文件只在本页面内读取，绝不会发送；这里不检查事件时间。"
        }
        Key::CcPreviewFileLabel => "CSV 文件",
        Key::CcPreviewEventNameLabel => "没有事件名称的行使用",
        Key::CcPreviewEventNameHint => "没有事件名称列的文件按此事件读取，例如 Purchase。",
        Key::CcPreviewRun => "重新预览",
        Key::CcPreviewFailed => "无法预览此文件：",
        Key::CcPreviewMatched => "匹配的行数",
        Key::CcPreviewEvaluated => "已评估的事件",
        Key::CcPreviewRejected => "不是有效事件的行（未评估）",
        Key::CcPreviewSum => "匹配行的价值合计",
        Key::CcPreviewMixedCurrencies => "匹配的行使用了多种货币：合计仅供参考。",
        Key::CcPreviewWithoutValue => "没有价值的匹配行（未计入合计）：",
        Key::CcPreviewNone => "文件中没有符合此规则的行。",
        Key::CcPreviewColRow => "行号",
        Key::CcPreviewColEvent => "事件",
        Key::CcPreviewColValue => "价值",
        Key::CcPreviewMore => "未列出的其他匹配行：",
        Key::CcCompareLabel => "与自定义转化对比",
        Key::CcCompareNone => "（无）",
        Key::CcCompareHint => "其规则会载入编辑器，预览旁显示 Meta 统计的触发事件数。",
        Key::CcMetaCount => "Meta 统计",
        Key::CcMetaCountHint => {
            "转化创建之后，其事件来源收到且符合规则的事件（按其统计数据逐日合计）。"
        }
        Key::CcMetaRefresh => "刷新统计",
    }
}

#[cfg(test)]
mod tests {
    use super::{Key, Lang};

    #[test]
    fn counts_are_grouped_by_thousands() {
        for lang in Lang::ALL {
            assert_eq!(lang.count(0), "0");
            assert_eq!(lang.count(999), "999");
            assert_eq!(lang.count(1_000), "1,000");
            assert_eq!(lang.count(1_000_000), "1,000,000");
            assert_eq!(lang.count(12_345_678), "12,345,678");
        }
    }

    #[test]
    fn every_key_has_text_in_both_languages() {
        for &key in Key::ALL {
            for lang in Lang::ALL {
                assert!(!lang.t(key).trim().is_empty(), "{key:?} in {lang:?}");
            }
        }
    }

    #[test]
    fn chinese_is_not_english_copied() {
        // Brand-like strings may coincide; prose must be translated.
        let same: Vec<Key> = Key::ALL
            .iter()
            .copied()
            .filter(|&key| Lang::En.t(key) == Lang::ZhHans.t(key))
            .collect();
        assert_eq!(same, vec![Key::EndpointMeta]);
    }

    #[test]
    fn tags_round_trip_and_browser_tags_are_understood() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr-FR"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
