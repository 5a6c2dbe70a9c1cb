//! `GET /act_{id}/insights`: deterministic figures — a seeded baseline (impressions, clicks,
//! spend, link clicks) plus the conversions the emulator received on the account's datasets and
//! offline event sets — at account, campaign, ad set or ad level, by day or for the whole range,
//! with attribution windows and cursor paging.
//!
//! Attribution is simulated per event from its deduplication key: a third of the events are
//! attributed to a click, the rest to a view, some days after the impression. Offline events are
//! counted at least a day after it (as the seed says), so they appear only with a window longer
//! than `1d_view`, such as `28d_view`.

use super::{Ctx, page};
use crate::clock::{date, parse_date};
use crate::dedup;
use crate::error::GraphError;
use crate::request::GraphRequest;
use crate::state::{Ad, ReceivedEvent, SourceKind};
use crate::validate::Api;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The fields an insights row can have.
pub const FIELDS: [&str; 20] = [
    "account_id",
    "account_name",
    "campaign_id",
    "campaign_name",
    "adset_id",
    "adset_name",
    "ad_id",
    "ad_name",
    "impressions",
    "clicks",
    "reach",
    "spend",
    "cpm",
    "ctr",
    "actions",
    "action_values",
    "unique_actions",
    "cost_per_action_type",
    "date_start",
    "date_stop",
];

/// The attribution windows.
pub const WINDOWS: [&str; 8] = [
    "1d_view",
    "7d_view",
    "28d_view",
    "1d_click",
    "7d_click",
    "28d_click",
    "dda",
    "default",
];

const DEFAULT_WINDOWS: [&str; 2] = ["7d_click", "1d_view"];

fn hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// When a simulated attribution happened: by click or view, `delay` days after the impression.
struct Attribution {
    click: bool,
    delay: u64,
}

impl Attribution {
    fn of(key: &str, offline: bool) -> Self {
        let h = hash(&[key]);
        let click = h.is_multiple_of(3);
        let delay = if offline {
            1 + (h / 3) % 27
        } else {
            (h / 3) % 7
        };
        Self { click, delay }
    }

    fn within(&self, window: &str) -> bool {
        let (days, click) = match window {
            "1d_view" => (1, false),
            "7d_view" => (7, false),
            "28d_view" => (28, false),
            "1d_click" => (1, true),
            "7d_click" => (7, true),
            "28d_click" => (28, true),
            _ => return DEFAULT_WINDOWS.iter().any(|w| self.within(w)),
        };
        self.click == click && self.delay < days
    }
}

fn snake(event_name: &str) -> &'static str {
    match event_name {
        "Purchase" => "purchase",
        "Lead" => "lead",
        "CompleteRegistration" => "complete_registration",
        "AddToCart" => "add_to_cart",
        "AddPaymentInfo" => "add_payment_info",
        "AddToWishlist" => "add_to_wishlist",
        "InitiateCheckout" => "initiate_checkout",
        "ViewContent" => "view_content",
        "Search" => "search",
        "Contact" => "contact",
        "Schedule" => "schedule",
        "StartTrial" => "start_trial",
        "SubmitApplication" => "submit_application",
        "Subscribe" => "subscribe",
        _ => "other",
    }
}

/// What a counted conversion is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A pixel (website) event of a dataset.
    Pixel,
    /// An offline event: also counted under `offline_conversion`.
    Offline,
    /// A custom conversion's match (`offsite_conversion.custom.<ID>`): never in
    /// `unique_actions` (the reference: unique counts are not supported for them).
    Custom,
}

/// One counted conversion.
struct Conversion {
    day: i64,
    ad: usize,
    action_type: String,
    kind: Kind,
    value: Option<f64>,
    person: String,
    attribution: Attribution,
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn conversions(ctx: &Ctx<'_>, account: &str, ads: &[&Ad]) -> Vec<Conversion> {
    let mut targets: HashSet<String> = ctx
        .store
        .sources
        .values()
        .filter(|s| {
            s.ad_account.as_deref() == Some(account)
                || s.ad_accounts
                    .iter()
                    .any(|a| a.account_id.as_deref() == Some(account))
        })
        .map(|s| s.id.clone())
        .collect();
    for ad in ads {
        for spec in ad.tracking_specs.as_array().into_iter().flatten() {
            for key in ["fb_pixel", "dataset", "offline_conversion_data_set"] {
                for id in spec
                    .get(key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(id) = id.as_str() {
                        targets.insert(id.to_owned());
                    } else if id.is_number() {
                        targets.insert(id.to_string());
                    }
                }
            }
        }
    }
    let is_offline = |e: &ReceivedEvent| {
        e.api == "ocapi"
            || e.event.get("action_source").and_then(Value::as_str) == Some("physical_store")
    };
    let custom = super::custom_conversions::firing(ctx, account);
    let mut out = Vec::new();
    if ads.is_empty() {
        return out;
    }
    for (index, e) in ctx.store.events.iter().enumerate() {
        if e.duplicate || e.test_event_code.is_some() {
            continue;
        }
        let tracked = targets.contains(&e.target);
        let fired: Vec<&super::custom_conversions::Firing> =
            custom.iter().filter(|c| c.fires(index, e)).collect();
        if !tracked && fired.is_empty() {
            continue;
        }
        let api = if e.api == "ocapi" {
            Api::Ocapi
        } else {
            Api::Capi
        };
        let key = dedup::key(&e.target, api, &e.event);
        let offline = is_offline(e)
            || ctx
                .store
                .sources
                .get(&e.target)
                .is_some_and(|s| s.kind == SourceKind::OfflineSet);
        let name = e
            .event
            .get("event_name")
            .and_then(Value::as_str)
            .unwrap_or("");
        let prefix = if offline {
            "offline_conversion"
        } else {
            "offsite_conversion.fb_pixel"
        };
        let separator = if offline { "." } else { "_" };
        let time = number(e.event.get("event_time")).unwrap_or(0.0);
        #[allow(clippy::cast_possible_truncation)]
        let day = (time as i64).div_euclid(86_400);
        let value = number(e.event.get("value"))
            .or_else(|| number(e.event.get("custom_data").and_then(|c| c.get("value"))));
        let person = e
            .event
            .get("user_data")
            .or_else(|| e.event.get("match_keys"))
            .map(Value::to_string)
            .unwrap_or_default();
        let ad = usize::try_from(hash(&[&key]) % ads.len() as u64).unwrap_or(0);
        let conversion = |action_type: String, kind: Kind, value: Option<f64>| Conversion {
            day,
            ad,
            action_type,
            kind,
            value,
            person: person.clone(),
            // The event's own attribution: a custom conversion is counted under the same
            // windows as the event it selects.
            attribution: Attribution::of(&key, offline),
        };
        if tracked {
            let kind = if offline { Kind::Offline } else { Kind::Pixel };
            out.push(conversion(
                format!("{prefix}{separator}{}", snake(name)),
                kind,
                value,
            ));
        }
        for firing in fired {
            out.push(conversion(
                format!("offsite_conversion.custom.{}", firing.id),
                Kind::Custom,
                value.or(firing.default_value),
            ));
        }
    }
    out
}

/// The days a request covers, from `date_preset` or `time_range`.
fn range(
    request: &GraphRequest,
    today: i64,
    earliest: Option<i64>,
) -> Result<(i64, i64), GraphError> {
    if let Some(range) = request.json("time_range")? {
        let day = |key: &str| {
            range
                .get(key)
                .and_then(Value::as_str)
                .and_then(parse_date)
                .ok_or_else(|| {
                    GraphError::invalid_param(format!(
                        "param time_range must have a {key} date (YYYY-MM-DD)"
                    ))
                })
        };
        let (since, until) = (day("since")?, day("until")?);
        if since > until {
            return Err(GraphError::invalid_param(
                "param time_range: since must not be after until",
            ));
        }
        return Ok((since, until));
    }
    let preset = request
        .text("date_preset")
        .unwrap_or_else(|| "last_30d".to_owned());
    let last = |n: i64| Ok((today - n, today - 1));
    let (month_start, _) = crate::clock::month_of(today);
    match preset.as_str() {
        "today" => Ok((today, today)),
        "yesterday" => Ok((today - 1, today - 1)),
        "last_3d" => last(3),
        "last_7d" => last(7),
        "last_14d" => last(14),
        "last_28d" => last(28),
        "last_30d" => last(30),
        "last_90d" => last(90),
        "this_month" => Ok((month_start, today)),
        "last_month" => Ok((crate::clock::month_of(month_start - 1).0, month_start - 1)),
        "maximum" | "lifetime" => Ok((earliest.unwrap_or(today).min(today - 89), today)),
        _ => Err(GraphError::invalid_param(
            "param date_preset must be one of today, yesterday, last_3d, last_7d, last_14d, last_28d, last_30d, last_90d, this_month, last_month, maximum",
        )),
    }
}

/// Splits `[since, until]` by `time_increment` (1..=90 days, `monthly`, `all_days`).
fn periods(request: &GraphRequest, since: i64, until: i64) -> Result<Vec<(i64, i64)>, GraphError> {
    let step = match request.text("time_increment").as_deref() {
        None | Some("all_days") => return Ok(vec![(since, until)]),
        Some("monthly") => {
            let mut out = Vec::new();
            let mut start = since;
            while start <= until {
                let end = crate::clock::month_of(start).1.min(until);
                out.push((start, end));
                start = end + 1;
            }
            return Ok(out);
        }
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=90).contains(&n) => n,
            _ => {
                return Err(GraphError::invalid_param(
                    "param time_increment must be 1 to 90, monthly or all_days",
                ));
            }
        },
    };
    Ok((0..)
        .map(|i| since + i * step)
        .take_while(|start| *start <= until)
        .map(|start| (start, (start + step - 1).min(until)))
        .collect())
}

fn money(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    format!("{rounded}")
}

/// Baseline (impressions, clicks) of one ad on one day.
fn baseline(ad: &str, day: i64) -> (u64, u64) {
    let h = hash(&[ad, &day.to_string()]);
    let impressions = 800 + h % 400;
    let clicks = impressions * (10 + (h >> 16) % 20) / 1_000;
    (impressions, clicks)
}

/// One action type's totals in a row: count, value, distinct people, and per window.
#[derive(Default)]
struct Totals<'a> {
    custom: bool,
    count: u64,
    value: f64,
    people: BTreeSet<&'a str>,
    per_window: BTreeMap<&'a str, (u64, f64)>,
}

struct Row {
    start: i64,
    stop: i64,
    ads: Vec<usize>,
}

/// `GET /act_{id}/insights`.
pub fn read(
    ctx: &Ctx<'_>,
    account_node: &str,
    request: &GraphRequest,
) -> Result<Value, GraphError> {
    let account = account_node.trim_start_matches("act_");
    let fields = request
        .list("fields")?
        .unwrap_or_else(|| vec!["impressions".into(), "spend".into()]);
    for (index, field) in fields.iter().enumerate() {
        if !FIELDS.contains(&field.as_str()) {
            return Err(GraphError::invalid(format!(
                "(#100) fields[{index}] must be one of the following values: {}",
                FIELDS.join(", ")
            )));
        }
    }
    let level = request
        .text("level")
        .unwrap_or_else(|| "account".to_owned());
    if !matches!(level.as_str(), "account" | "campaign" | "adset" | "ad") {
        return Err(GraphError::invalid_param(
            "param level must be one of account, campaign, adset, ad",
        ));
    }
    let breakdowns = request
        .list("action_breakdowns")?
        .unwrap_or_else(|| vec!["action_type".into()]);
    if breakdowns.iter().any(|b| b != "action_type") {
        return Err(GraphError::invalid_param(
            "param action_breakdowns: the emulator supports action_type",
        ));
    }
    let explicit_windows = request.list("action_attribution_windows")?;
    let windows: Vec<String> = explicit_windows
        .clone()
        .unwrap_or_else(|| DEFAULT_WINDOWS.iter().map(|w| (*w).to_owned()).collect());
    if let Some(bad) = windows.iter().find(|w| !WINDOWS.contains(&w.as_str())) {
        return Err(GraphError::invalid_param(format!(
            "param action_attribution_windows: {bad} is not one of {}",
            WINDOWS.join(", ")
        )));
    }
    let ads: Vec<&Ad> = ctx
        .store
        .ads
        .values()
        .filter(|a| a.account_id == account)
        .collect();
    let conversions = conversions(ctx, account, &ads);
    let today = ctx.now.div_euclid(86_400);
    let earliest = conversions.iter().map(|c| c.day).min();
    let (since, until) = range(request, today, earliest)?;
    let mut rows = Vec::new();
    for (start, stop) in periods(request, since, until)? {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, ad) in ads.iter().enumerate() {
            let group = match level.as_str() {
                "campaign" => ad.campaign_id.clone(),
                "adset" => ad.adset_id.clone(),
                "ad" => ad.id.clone(),
                _ => account.to_owned(),
            };
            groups.entry(group).or_default().push(index);
        }
        for members in groups.into_values() {
            rows.push(Row {
                start,
                stop,
                ads: members,
            });
        }
    }
    let items: Vec<Value> = rows
        .iter()
        .map(|row| {
            render(
                ctx,
                account,
                &ads,
                &conversions,
                row,
                &fields,
                &windows,
                explicit_windows.is_some(),
            )
        })
        .collect();
    page(ctx, items, request)
}

#[allow(clippy::too_many_arguments)]
fn render(
    ctx: &Ctx<'_>,
    account: &str,
    ads: &[&Ad],
    conversions: &[Conversion],
    row: &Row,
    fields: &[String],
    windows: &[String],
    per_window: bool,
) -> Value {
    let (mut impressions, mut clicks) = (0, 0);
    for &ad in &row.ads {
        for day in row.start..=row.stop {
            let (i, c) = baseline(&ads[ad].id, day);
            impressions += i;
            clicks += c;
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let spend = impressions as f64 * 0.0085;
    let counted: Vec<&Conversion> = conversions
        .iter()
        .filter(|c| row.ads.contains(&c.ad) && c.day >= row.start && c.day <= row.stop)
        .filter(|c| windows.iter().any(|w| c.attribution.within(w)))
        .collect();
    let mut actions: BTreeMap<String, Totals<'_>> = BTreeMap::new();
    for c in &counted {
        let mut types = vec![c.action_type.clone()];
        if c.kind == Kind::Offline {
            types.push("offline_conversion".into());
        }
        for t in types {
            let entry = actions.entry(t).or_default();
            entry.custom = c.kind == Kind::Custom;
            entry.count += 1;
            entry.value += c.value.unwrap_or(0.0);
            entry.people.insert(&c.person);
            for w in windows {
                if c.attribution.within(w) {
                    let per = entry.per_window.entry(w.as_str()).or_default();
                    per.0 += 1;
                    per.1 += c.value.unwrap_or(0.0);
                }
            }
        }
    }
    let entry = |t: &str, total: String, per: Vec<(&str, String)>| {
        let mut item = Map::new();
        item.insert("action_type".into(), json!(t));
        item.insert("value".into(), json!(total));
        if per_window {
            for (w, v) in per {
                item.insert(w.to_owned(), json!(v));
            }
        }
        Value::Object(item)
    };
    let link_clicks = clicks.to_string();
    let window_list = |v: &str| {
        windows
            .iter()
            .map(|w| (w.as_str(), v.to_owned()))
            .collect::<Vec<_>>()
    };
    let mut action_list = vec![entry(
        "link_click",
        link_clicks.clone(),
        window_list(&link_clicks),
    )];
    let mut value_list = Vec::new();
    let unique_clicks = (clicks * 9 / 10).to_string();
    let mut unique_list = vec![entry(
        "link_click",
        unique_clicks.clone(),
        window_list(&unique_clicks),
    )];
    for (t, totals) in &actions {
        let per = &totals.per_window;
        action_list.push(entry(
            t,
            totals.count.to_string(),
            per.iter().map(|(w, (n, _))| (*w, n.to_string())).collect(),
        ));
        if totals.value > 0.0 {
            value_list.push(entry(
                t,
                money(totals.value),
                per.iter().map(|(w, (_, v))| (*w, money(*v))).collect(),
            ));
        }
        if !totals.custom {
            unique_list.push(entry(t, totals.people.len().to_string(), Vec::new()));
        }
    }
    let first = &ads[row.ads[0]];
    let account_name = ctx
        .store
        .ad_accounts
        .get(account)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    #[allow(clippy::cast_precision_loss)]
    let all = json!({
        "account_id": account,
        "account_name": account_name,
        "campaign_id": first.campaign_id,
        "campaign_name": "hashdrop Demo Campaign",
        "adset_id": first.adset_id,
        "adset_name": "hashdrop Demo Ad Set",
        "ad_id": first.id,
        "ad_name": first.name,
        "impressions": impressions.to_string(),
        "clicks": clicks.to_string(),
        "reach": (impressions * 7 / 10).to_string(),
        "spend": money(spend),
        "cpm": money(if impressions == 0 { 0.0 } else { spend * 1_000.0 / impressions as f64 }),
        "ctr": format!("{}", if impressions == 0 { 0.0 } else { (clicks as f64 * 100.0 / impressions as f64 * 10_000.0).round() / 10_000.0 }),
        "actions": action_list,
        "action_values": value_list,
        "unique_actions": unique_list,
        "cost_per_action_type": actions.iter().map(|(t, totals)| json!({"action_type": t, "value": money(spend / totals.count as f64)})).collect::<Vec<_>>(),
    });
    let mut out = Map::new();
    for field in fields {
        if let Some(value) = all.get(field) {
            if value.as_array().is_some_and(Vec::is_empty) {
                continue;
            }
            out.insert(field.clone(), value.clone());
        }
    }
    out.insert("date_start".into(), json!(date(row.start)));
    out.insert("date_stop".into(), json!(date(row.stop)));
    Value::Object(out)
}
