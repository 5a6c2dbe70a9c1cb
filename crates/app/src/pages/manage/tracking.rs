//! `/manage/tracking`: read an ad's `tracking_specs` and append an offline event set or dataset
//! without overwriting them. A POST replaces the whole list (the guide warns about it), so the
//! page reads, merges with [`graph::ads::with_source`], writes, and reads again to show what Graph
//! now holds next to what it held before.

use super::{ActionStatus, DEMO_AD, Failure, ManageFrame, TextField, graph_client};
use crate::i18n::Lang;
use crate::i18n::i18n::td_string;
use crate::state::{AppState, use_app_state};
use graph::ObjectId;
use graph::ads::{self, TrackingSpec};
use leptos::prelude::*;

/// An ad's specs before and after an append.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackingChange {
    /// What the ad tracked before.
    pub before: Vec<TrackingSpec>,
    /// What Graph answers after (equal to `before` when nothing was written).
    pub after: Vec<TrackingSpec>,
    /// Whether the page wrote the specs (false: the source was already tracked).
    pub written: bool,
}

/// One spec as one line of JSON, keys in Graph's order.
pub fn spec_line(spec: &TrackingSpec) -> String {
    serde_json::Value::Object(spec.clone()).to_string()
}

/// The indexes of `after`'s specs that `before` did not have.
pub fn added(before: &[TrackingSpec], after: &[TrackingSpec]) -> Vec<usize> {
    after
        .iter()
        .enumerate()
        .filter(|(_, spec)| !before.contains(spec))
        .map(|(i, _)| i)
        .collect()
}

async fn read(state: AppState, ad: String) -> Result<Vec<TrackingSpec>, Failure> {
    let client = graph_client(state)?;
    let ad = ObjectId::new(&ad).map_err(Failure::id(tr!(manage.ad_id)))?;
    Ok(client
        .send(&ads::read_tracking_specs(&ad))
        .await?
        .value
        .tracking_specs)
}

async fn append(state: AppState, ad: String, source: String) -> Result<TrackingChange, Failure> {
    let client = graph_client(state)?;
    let ad = ObjectId::new(&ad).map_err(Failure::id(tr!(manage.ad_id)))?;
    let source = ObjectId::new(&source).map_err(Failure::id(tr!(manage.source_id)))?;
    let before = client
        .send(&ads::read_tracking_specs(&ad))
        .await?
        .value
        .tracking_specs;
    let Some(merged) = ads::with_source(&before, &source) else {
        return Ok(TrackingChange {
            after: before.clone(),
            before,
            written: false,
        });
    };
    client
        .send(&ads::write_tracking_specs(&ad, &merged))
        .await?;
    let after = client
        .send(&ads::read_tracking_specs(&ad))
        .await?
        .value
        .tracking_specs;
    Ok(TrackingChange {
        before,
        after,
        written: true,
    })
}

// The status component takes `fn(&T, Lang)` with `T` the action's output.
#[allow(clippy::ptr_arg)]
fn done_read(specs: &Vec<TrackingSpec>, lang: Lang) -> String {
    td_string!(lang.locale(), manage.specs_found, count = specs.len())
}

fn done_append(change: &TrackingChange, lang: Lang) -> String {
    lang.t(if change.written {
        tr!(manage.appended)
    } else {
        tr!(manage.already_tracked)
    })
    .to_owned()
}

/// A list of specs; those at `highlight` are marked as new.
fn spec_list(
    specs: Vec<TrackingSpec>,
    highlight: Vec<usize>,
    testid: &'static str,
    lang: Lang,
) -> impl IntoView {
    if specs.is_empty() {
        return view! { <p class="empty" data-testid=format!("{testid}-empty")>{lang.t(tr!(manage.no_specs))}</p> }
            .into_any();
    }
    view! {
        <ol class="specs" data-testid=testid>
            {specs
                .iter()
                .enumerate()
                .map(|(i, spec)| {
                    let new = highlight.contains(&i);
                    view! {
                        <li class:spec-new=new data-testid=format!("{testid}-spec") data-new=new.to_string()>
                            <code>{spec_line(spec)}</code>
                            {new.then(|| view! { <span class="badge">{lang.t(tr!(manage.new))}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// The ad tracking screen.
#[component]
pub fn TrackingPage() -> impl IntoView {
    let state = use_app_state();
    let lang = move || state.lang.get();
    let ad = RwSignal::new(DEMO_AD.to_owned());
    let source = RwSignal::new(String::new());
    let reading = Action::new_local(move |ad: &String| read(state, ad.clone()));
    let appending = Action::new_local(move |(ad, source): &(String, String)| {
        append(state, ad.clone(), source.clone())
    });
    let current = move || reading.value().get().and_then(Result::ok);
    let change = move || appending.value().get().and_then(Result::ok);

    view! {
        <ManageFrame state title=tr!(manage.tracking_title) intro=tr!(manage.tracking_intro) testid="page-manage-tracking">
            <p class="notice notice-warn">{move || lang().t(tr!(manage.overwrite_warning))}</p>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                reading.dispatch_local(ad.get_untracked());
            }>
                <TextField state id="tracking-ad" label=tr!(manage.ad_id) value=ad numeric=true/>
                <button type="submit" class="button" data-testid="tracking-read" prop:disabled=move || reading.pending().get()>
                    {move || lang().t(tr!(manage.read_specs))}
                </button>
            </form>
            <ActionStatus state pending=reading.pending().into() outcome=reading.value().into() done=done_read testid="tracking-read-status"
                retry=Callback::new(move |_| { reading.dispatch_local(ad.get_untracked()); })/>
            {move || current().map(|specs| view! {
                <section class="manage-section" aria-labelledby="tracking-current-title">
                    <h2 id="tracking-current-title">{lang().t(tr!(manage.current_specs))}</h2>
                    {spec_list(specs, Vec::new(), "tracking-current", lang())}
                </section>
            })}

            <section class="manage-section" aria-labelledby="tracking-append-title">
                <h2 id="tracking-append-title">{move || lang().t(tr!(manage.append_title))}</h2>
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    appending.dispatch_local((ad.get_untracked(), source.get_untracked()));
                }>
                    <TextField state id="tracking-source" label=tr!(manage.source_id) value=source hint=tr!(manage.source_hint) numeric=true/>
                    <button type="submit" class="button" data-testid="tracking-append" prop:disabled=move || appending.pending().get()>
                        {move || lang().t(tr!(manage.append))}
                    </button>
                </form>
                <ActionStatus state pending=appending.pending().into() outcome=appending.value().into() done=done_append testid="tracking-append-status"/>
            </section>

            {move || change().map(|change| {
                let new = added(&change.before, &change.after);
                view! {
                    <div class="columns two" data-testid="tracking-diff">
                        <section aria-labelledby="tracking-before-title">
                            <h2 id="tracking-before-title">{lang().t(tr!(manage.before))}</h2>
                            {spec_list(change.before.clone(), Vec::new(), "tracking-before", lang())}
                        </section>
                        <section aria-labelledby="tracking-after-title">
                            <h2 id="tracking-after-title">{lang().t(tr!(manage.after))}</h2>
                            {spec_list(change.after.clone(), new, "tracking-after", lang())}
                        </section>
                    </div>
                }
            })}
        </ManageFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::manage::Failure;

    fn specs(raw: &str) -> Vec<TrackingSpec> {
        serde_json::from_str(raw).unwrap()
    }

    #[test]
    fn the_new_spec_is_the_one_marked() {
        let before =
            specs(r#"[{"action.type":["offsite_conversion"],"fb_pixel":["400000000000004"]}]"#);
        let after = ads::with_source(&before, &ObjectId::new("900000000000001").unwrap()).unwrap();
        assert_eq!(added(&before, &after), vec![1]);
        assert_eq!(added(&after, &after), Vec::<usize>::new());
        assert_eq!(
            spec_line(&after[1]),
            r#"{"action.type":["offline_conversion"],"dataset":["900000000000001"]}"#
        );
    }

    #[test]
    fn a_bad_source_id_is_refused_before_anything_is_sent() {
        assert_eq!(
            ObjectId::new("12 ab").map_err(Failure::id(tr!(manage.source_id))),
            Err(Failure::Id(tr!(manage.source_id)))
        );
        // The done texts exist in both languages.
        let change = TrackingChange {
            before: vec![],
            after: vec![],
            written: false,
        };
        assert_ne!(
            done_append(&change, Lang::En),
            done_append(&change, Lang::ZhHans)
        );
    }
}
