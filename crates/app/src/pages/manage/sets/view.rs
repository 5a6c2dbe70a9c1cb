//! The "View one" section of `/manage/sets`: one set or dataset as Graph reads it, the ad
//! accounts it is assigned to and the businesses it is shared with (`GET /{set}/adaccounts` and
//! `/agencies`, `GET /{dataset}/shared_accounts` and `/agencies`), and a form to rename it or
//! change its description (`POST /{set}`; a dataset has a name only).

use super::super::{ActionStatus, Failure, TextField, graph_client};
use super::SetSummary;
use crate::i18n::Lang;
use crate::settings::TargetKind;
use crate::state::AppState;
use graph::offline::{Agency, AssignedAccount};
use graph::{Client, ClientError, ObjectId, Pager, Transport, datasets, offline};
use leptos::prelude::*;

/// Who may use a set: the ad accounts it is assigned to and the businesses it is shared with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assigned {
    /// Ad accounts (`act_…`), with their names when Graph gives them.
    pub accounts: Vec<AssignedAccount>,
    /// Businesses.
    pub agencies: Vec<Agency>,
}

/// A new name and description, checked before the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The new name (required).
    pub name: String,
    /// The new description (event sets only; may be emptied).
    pub description: Option<String>,
}

impl Rename {
    /// What the form holds, for a set of `kind`: the name trimmed and required; a dataset's
    /// description is not sent (Graph keeps none).
    pub fn new(kind: TargetKind, name: &str, description: &str) -> Result<Rename, Failure> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Failure::Invalid(tr!(manage.name_required)));
        }
        Ok(Rename {
            name: name.to_owned(),
            description: match kind {
                TargetKind::Ocapi => Some(description.trim().to_owned()),
                TargetKind::Capi => None,
            },
        })
    }
}

/// Every assigned ad account and sharing business of `set`, all pages.
pub async fn assigned<T: Transport>(
    client: &Client<T>,
    kind: TargetKind,
    set: &ObjectId,
) -> Result<Assigned, ClientError> {
    let (accounts, agencies) = match kind {
        TargetKind::Ocapi => (offline::list_ad_accounts(set), offline::list_agencies(set)),
        TargetKind::Capi => (
            datasets::list_shared_accounts(set),
            datasets::list_agencies(set),
        ),
    };
    Ok(Assigned {
        accounts: Pager::new(accounts).collect_all(client).await?,
        agencies: Pager::new(agencies).collect_all(client).await?,
    })
}

/// Rename `set` (and change its description, for an event set).
pub async fn rename<T: Transport>(
    client: &Client<T>,
    kind: TargetKind,
    set: &ObjectId,
    change: &Rename,
) -> Result<bool, ClientError> {
    let request = match kind {
        TargetKind::Ocapi => {
            offline::update(set, Some(&change.name), change.description.as_deref())
        }
        TargetKind::Capi => datasets::rename(set, &change.name),
    };
    Ok(client.send(&request).await?.value.success)
}

fn set_id(id: &str) -> Result<ObjectId, Failure> {
    ObjectId::new(id).map_err(Failure::id(tr!(manage.set_id)))
}

fn done_read(set: &SetSummary, lang: Lang) -> String {
    format!("{} {}", lang.t(tr!(manage.opened)), set.id)
}

fn done_assigned(assigned: &Assigned, lang: Lang) -> String {
    format!(
        "{}: {} · {}: {}",
        lang.t(tr!(manage.assigned_accounts)),
        assigned.accounts.len(),
        lang.t(tr!(manage.shared_with)),
        assigned.agencies.len()
    )
}

fn done_saved(ok: &bool, lang: Lang) -> String {
    lang.t(if *ok {
        tr!(manage.saved)
    } else {
        tr!(manage.not_done)
    })
    .to_owned()
}

/// A list of ids with their names, or "none yet".
fn id_list(
    lang: impl Fn() -> Lang + Copy + Send + Sync + 'static,
    testid: &'static str,
    items: Vec<(String, Option<String>)>,
) -> AnyView {
    if items.is_empty() {
        return view! { <p class="hint" data-testid=testid data-count="0">{move || lang().t(tr!(manage.none_yet))}</p> }
            .into_any();
    }
    let count = items.len();
    view! {
        <ul class="id-list" data-testid=testid data-count=count>
            {items.into_iter().map(|(id, name)| {
                let shown = id.clone();
                view! { <li data-id=id><code>{shown}</code> " " {name.unwrap_or_default()}</li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Open one set: its fields, who may use it, and the rename form.
#[component]
pub fn SetView(
    state: AppState,
    /// Sets or datasets.
    kind: RwSignal<TargetKind>,
    /// The set's id as typed or opened from the list.
    selected: RwSignal<String>,
    /// Reads the set (the list's Open buttons dispatch it too).
    reading: Action<(TargetKind, String), Result<SetSummary, Failure>>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let open = move |id: String| {
        reading.dispatch_local((kind.get_untracked(), id));
    };
    let loading_assigned = Action::new_local(move |(kind, id): &(TargetKind, String)| {
        let (kind, id) = (*kind, id.clone());
        async move {
            let client = graph_client(state)?;
            Ok::<_, Failure>(assigned(&client, kind, &set_id(&id)?).await?)
        }
    });
    let new_name = RwSignal::new(String::new());
    let new_description = RwSignal::new(String::new());
    let renaming = Action::new_local(move |(kind, id, change): &(TargetKind, String, Rename)| {
        let (kind, id, change) = (*kind, id.clone(), change.clone());
        async move {
            let client = graph_client(state)?;
            let saved = rename(&client, kind, &set_id(&id)?, &change).await?;
            if saved {
                reading.dispatch_local((kind, id));
            }
            Ok::<_, Failure>(saved)
        }
    });
    // A set that was read: who may use it is read next, and the form starts from its fields.
    Effect::new(move |_| {
        if let Some(Ok(set)) = reading.value().get() {
            new_name.set(set.name.clone());
            new_description.set(set.description.clone());
            loading_assigned.dispatch_local((kind.get_untracked(), set.id));
        }
    });
    let opened = move || reading.value().get().and_then(Result::ok);
    let is_ocapi = move || kind.get() == TargetKind::Ocapi;
    let rename_outcome = Signal::derive(move || renaming.value().get());
    let invalid = RwSignal::new(None::<Failure>);
    let rename_status =
        Signal::derive(move || invalid.get().map(Err).or_else(|| rename_outcome.get()));

    view! {
        <section class="manage-section" aria-labelledby="sets-view-title">
            <h2 id="sets-view-title">{move || lang().t(tr!(manage.view_title))}</h2>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                open(selected.get_untracked());
            }>
                <TextField state id="sets-selected-id" label=tr!(manage.set_id) value=selected numeric=true/>
                <button type="submit" class="button" data-testid="sets-view">{move || lang().t(tr!(manage.open))}</button>
            </form>
            <ActionStatus state pending=reading.pending().into() outcome=reading.value().into() done=done_read testid="sets-view-status"
                retry=Callback::new(move |_| open(selected.get_untracked()))/>
            {move || opened().map(|set| {
                view! {
                    <dl class="details" data-testid="sets-details">
                        <dt>{move || lang().t(tr!(manage.set_name))}</dt>
                        <dd data-testid="sets-details-name">{set.name.clone()}</dd>
                        <dt>{move || lang().t(tr!(manage.set_id))}</dt>
                        <dd data-testid="sets-details-id">{set.id.clone()}</dd>
                        <dt>{move || lang().t(tr!(manage.created_at))}</dt>
                        <dd data-testid="sets-details-created">{set.created.clone()}</dd>
                        {match set.last_fired.clone() {
                            None => view! {
                                <dt>{move || lang().t(tr!(manage.description))}</dt>
                                <dd data-testid="sets-details-description">{set.description.clone()}</dd>
                                <dt>{move || lang().t(tr!(manage.valid_matched))}</dt>
                                <dd data-testid="sets-details-entries">{set.entries.clone()}</dd>
                            }.into_any(),
                            Some(last) => view! {
                                <dt>{move || lang().t(tr!(manage.last_fired))}</dt>
                                <dd data-testid="sets-details-last-fired">
                                    {move || if last.is_empty() { lang().t(tr!(manage.never)).to_owned() } else { last.clone() }}
                                </dd>
                            }.into_any(),
                        }}
                        <dt>{move || lang().t(tr!(manage.assigned_accounts))}</dt>
                        <dd aria-busy=move || loading_assigned.pending().get().to_string()>
                            {move || loading_assigned.value().get().and_then(Result::ok).map(|a| id_list(
                                lang,
                                "sets-details-accounts",
                                a.accounts.into_iter().map(|x| (x.id, x.name)).collect(),
                            ))}
                        </dd>
                        <dt>{move || lang().t(tr!(manage.shared_with))}</dt>
                        <dd aria-busy=move || loading_assigned.pending().get().to_string()>
                            {move || loading_assigned.value().get().and_then(Result::ok).map(|a| id_list(
                                lang,
                                "sets-details-agencies",
                                a.agencies.into_iter().map(|x| (x.id, x.name)).collect(),
                            ))}
                        </dd>
                    </dl>
                }
            })}
            <ActionStatus state pending=loading_assigned.pending().into() outcome=loading_assigned.value().into()
                done=done_assigned testid="sets-assigned-status"/>
            <Show when=move || opened().is_some()>
                <form class="form" data-testid="sets-rename-form" on:submit=move |ev| {
                    ev.prevent_default();
                    let kind = kind.get_untracked();
                    match Rename::new(kind, &new_name.get_untracked(), &new_description.get_untracked()) {
                        Ok(change) => {
                            invalid.set(None);
                            renaming.dispatch_local((kind, selected.get_untracked(), change));
                        }
                        Err(failure) => invalid.set(Some(failure)),
                    }
                }>
                    <h3>{move || lang().t(tr!(manage.rename_title))}</h3>
                    <TextField state id="sets-rename-name" label=tr!(manage.set_name) value=new_name/>
                    <Show
                        when=is_ocapi
                        fallback=move || view! { <p class="hint" data-testid="sets-rename-capi-note">{move || lang().t(tr!(manage.rename_hint_capi))}</p> }
                    >
                        <TextField state id="sets-rename-description" label=tr!(manage.description) value=new_description/>
                    </Show>
                    <div class="actions">
                        <button type="submit" class="button" data-testid="sets-rename" prop:disabled=move || renaming.pending().get()>
                            {move || lang().t(tr!(manage.save))}
                        </button>
                    </div>
                </form>
                <ActionStatus state pending=renaming.pending().into() outcome=rename_status done=done_saved testid="sets-rename-status"/>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;
    use graph::memory::MemoryTransport;
    use graph::{AccessToken, Settings};

    fn client(transport: &MemoryTransport) -> Client<&MemoryTransport> {
        Client::new(
            transport,
            Settings::with_base_url("http://127.0.0.1:9"),
            AccessToken::new("T"),
        )
    }

    #[test]
    fn a_sets_accounts_and_agencies_are_read_every_page() {
        let transport = MemoryTransport::new();
        transport
            .respond(
                200,
                r#"{"data":[{"id":"act_200000000000002","account_id":"200000000000002","name":"Demo"}],
                   "paging":{"cursors":{"after":"A"},"next":"http://127.0.0.1:9/v24.0/9/adaccounts?after=A"}}"#,
            )
            .respond(200, r#"{"data":[{"id":"act_3","account_id":3}]}"#)
            .respond(
                200,
                r#"{"data":[{"id":100000000000009,"name":"Client"}]}"#,
            );
        let set = ObjectId::new("900000000000001").unwrap();
        let found = block_on(assigned(&client(&transport), TargetKind::Ocapi, &set)).unwrap();
        let accounts: Vec<&str> = found.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(accounts, ["act_200000000000002", "act_3"]);
        assert_eq!(found.accounts[1].account_id.as_deref(), Some("3"));
        assert_eq!(found.agencies[0].id, "100000000000009");
        let urls: Vec<String> = transport
            .requests()
            .iter()
            .map(graph::HttpRequest::logical_url)
            .collect();
        assert!(urls[0].contains("/900000000000001/adaccounts"));
        assert!(urls[1].contains("after=A"));
        assert!(urls[2].contains("/900000000000001/agencies"));
    }

    #[test]
    fn a_dataset_reads_its_shared_accounts() {
        let transport = MemoryTransport::new();
        transport
            .respond(200, r#"{"data":[]}"#)
            .respond(200, r#"{"data":[]}"#);
        let set = ObjectId::new("400000000000004").unwrap();
        let found = block_on(assigned(&client(&transport), TargetKind::Capi, &set)).unwrap();
        assert_eq!(found, Assigned::default());
        let urls: Vec<String> = transport
            .requests()
            .iter()
            .map(graph::HttpRequest::logical_url)
            .collect();
        assert!(urls[0].contains("/400000000000004/shared_accounts"));
        assert!(urls[1].contains("/400000000000004/agencies"));
    }

    #[test]
    fn a_rename_sends_the_name_and_the_description_of_a_set_only() {
        assert_eq!(
            Rename::new(TargetKind::Ocapi, "  ", "x"),
            Err(Failure::Invalid(tr!(manage.name_required)))
        );
        let set_change = Rename::new(TargetKind::Ocapi, " Tills ", " weekly ").unwrap();
        assert_eq!(set_change.description.as_deref(), Some("weekly"));
        let dataset_change = Rename::new(TargetKind::Capi, "Web", "ignored").unwrap();
        assert_eq!(dataset_change.description, None);
        let transport = MemoryTransport::new();
        transport
            .respond(200, r#"{"success":true}"#)
            .respond(200, r#"{"success":true}"#);
        let set = ObjectId::new("900000000000001").unwrap();
        assert!(
            block_on(rename(
                &client(&transport),
                TargetKind::Ocapi,
                &set,
                &set_change
            ))
            .unwrap()
        );
        assert!(
            block_on(rename(
                &client(&transport),
                TargetKind::Capi,
                &set,
                &dataset_change
            ))
            .unwrap()
        );
        let requests = transport.requests();
        assert!(requests[0].url.ends_with("/900000000000001"));
        assert!(
            requests[0]
                .form()
                .contains(&("name".into(), "Tills".into()))
        );
        assert!(
            requests[0]
                .form()
                .contains(&("description".into(), "weekly".into()))
        );
        assert!(requests[1].form().contains(&("name".into(), "Web".into())));
        assert!(!requests[1].form().iter().any(|(k, _)| k == "description"));
    }
}
