//! `/manage/sets`: offline event sets of a business (OCAPI) and datasets of an ad account (CAPI):
//! list, create, view one, assign an ad account, share with a client's business, and the
//! partner flow of the seed guide (share the set, then enable tracking on the client's ad
//! accounts) as a guided two-step panel.

use super::{
    ActionStatus, CLIENT_BUSINESS, CheckRow, DEMO_ACCOUNT, DEMO_BUSINESS, Failure, KindChoice, M,
    ManageFrame, TextField, graph_client, tm,
};
use crate::i18n::Lang;
use crate::settings::TargetKind;
use crate::state::{AppState, use_app_state};
use graph::datasets::{self, AgencyTask};
use graph::{AdAccountId, Client, ClientError, ObjectId, Pager, Transport, offline};
use leptos::prelude::*;

/// How many sets or datasets one page of the list asks Graph for.
pub const LIST_PAGE: u32 = 25;

/// One set or dataset as the page lists and shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SetSummary {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description (event sets only).
    pub description: String,
    /// When it was created, as Graph wrote it.
    pub created: String,
    /// Valid / matched entries (event sets only), e.g. `3 / 2`.
    pub entries: String,
    /// When a dataset last received an event (datasets only; `Some("")`: never).
    pub last_fired: Option<String>,
}

impl From<offline::OfflineEventSet> for SetSummary {
    fn from(set: offline::OfflineEventSet) -> Self {
        let count = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_else(|| "–".into());
        SetSummary {
            entries: format!(
                "{} / {}",
                count(set.valid_entries),
                count(set.matched_entries)
            ),
            id: set.id,
            name: set.name.unwrap_or_default(),
            description: set.description.unwrap_or_default(),
            created: set.creation_time.unwrap_or_default(),
            last_fired: None,
        }
    }
}

impl From<datasets::Dataset> for SetSummary {
    fn from(dataset: datasets::Dataset) -> Self {
        SetSummary {
            id: dataset.id,
            name: dataset.name.unwrap_or_default(),
            description: String::new(),
            created: dataset.creation_time.unwrap_or_default(),
            entries: "–".into(),
            last_fired: Some(dataset.last_fired_time.unwrap_or_default()),
        }
    }
}

/// The list on screen: the sets of a business or the datasets of an ad account, fetched a page
/// at a time with the client's cursor pager.
#[derive(Debug)]
pub enum Listing {
    /// `GET /{business}/offline_conversion_data_sets`.
    Sets(Pager<offline::OfflineEventSet>),
    /// `GET /act_{id}/adspixels`.
    Datasets(Pager<datasets::Dataset>),
}

impl Listing {
    /// The list of `kind` under `parent` (a business id, or an ad account for datasets).
    pub fn new(kind: TargetKind, parent: &str) -> Result<Self, Failure> {
        Ok(match kind {
            TargetKind::Ocapi => Listing::Sets(Pager::new(
                offline::list(&object(parent, M::Business)?).limit(LIST_PAGE),
            )),
            TargetKind::Capi => Listing::Datasets(Pager::new(
                datasets::list(&account(parent, M::AdAccount)?).limit(LIST_PAGE),
            )),
        })
    }

    /// The next page (empty after the last one).
    pub async fn next_page<T: Transport>(
        &mut self,
        client: &Client<T>,
    ) -> Result<Vec<SetSummary>, ClientError> {
        fn summaries<S: Into<SetSummary>>(page: Option<graph::Page<S>>) -> Vec<SetSummary> {
            page.map(|page| page.data.into_iter().map(Into::into).collect())
                .unwrap_or_default()
        }
        Ok(match self {
            Listing::Sets(pager) => summaries(pager.next_page(client).await?),
            Listing::Datasets(pager) => summaries(pager.next_page(client).await?),
        })
    }

    /// Whether the last page was fetched.
    pub fn is_done(&self) -> bool {
        match self {
            Listing::Sets(pager) => pager.is_done(),
            Listing::Datasets(pager) => pager.is_done(),
        }
    }
}

/// What the list shows after a page arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    /// Sets or datasets.
    pub kind: TargetKind,
    /// How many rows are shown.
    pub shown: usize,
    /// Whether Graph has more.
    pub more: bool,
}

/// The tasks an agency gets on a shared dataset, from the checked boxes (at least `ANALYZE`).
pub fn agency_tasks(upload: bool, advertise: bool, edit: bool) -> Vec<AgencyTask> {
    let mut tasks = vec![AgencyTask::Analyze];
    if upload {
        tasks.push(AgencyTask::Upload);
    }
    if advertise {
        tasks.push(AgencyTask::Advertise);
    }
    if edit {
        tasks.push(AgencyTask::Edit);
    }
    tasks
}

fn object(raw: &str, field: M) -> Result<ObjectId, Failure> {
    ObjectId::new(raw).map_err(Failure::id(field))
}

fn account(raw: &str, field: M) -> Result<AdAccountId, Failure> {
    AdAccountId::new(raw).map_err(Failure::id(field))
}

/// Create an event set under `parent` (a business) or a dataset under it (an ad account).
async fn create(
    state: AppState,
    kind: TargetKind,
    parent: String,
    name: String,
    description: String,
) -> Result<String, Failure> {
    let client = graph_client(state)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(Failure::Id(M::SetName));
    }
    let created = match kind {
        TargetKind::Ocapi => {
            let business = object(&parent, M::Business)?;
            let description = Some(description.trim()).filter(|d| !d.is_empty());
            client
                .send(&offline::create(&business, name, description))
                .await?
        }
        TargetKind::Capi => {
            let account = account(&parent, M::AdAccount)?;
            client.send(&datasets::create(&account, name)).await?
        }
    };
    Ok(created.value.id)
}

async fn read(state: AppState, kind: TargetKind, id: String) -> Result<SetSummary, Failure> {
    let client = graph_client(state)?;
    let id = object(&id, M::SetId)?;
    Ok(match kind {
        TargetKind::Ocapi => client.send(&offline::read(&id)).await?.value.into(),
        TargetKind::Capi => client.send(&datasets::read(&id)).await?.value.into(),
    })
}

/// `POST /{set}/adaccounts` or `POST /{dataset}/shared_accounts`.
async fn assign(
    state: AppState,
    kind: TargetKind,
    set: String,
    business: String,
    ad_account: String,
) -> Result<bool, Failure> {
    let client = graph_client(state)?;
    let set = object(&set, M::SetId)?;
    let business = object(&business, M::Business)?;
    let ad_account = account(&ad_account, M::AdAccount)?;
    let reply = match kind {
        TargetKind::Ocapi => {
            client
                .send(&offline::assign_ad_account(&set, &business, &ad_account))
                .await?
        }
        TargetKind::Capi => {
            client
                .send(&datasets::share_with_account(&set, &business, &ad_account))
                .await?
        }
    };
    Ok(reply.value.success)
}

/// `POST /{set}/agencies` (with permitted tasks for a dataset).
async fn share(
    state: AppState,
    kind: TargetKind,
    set: String,
    business: String,
    tasks: Vec<AgencyTask>,
) -> Result<bool, Failure> {
    let client = graph_client(state)?;
    let set = object(&set, M::SetId)?;
    let business = object(&business, M::ClientBusiness)?;
    let reply = match kind {
        TargetKind::Ocapi => {
            client
                .send(&offline::share_with_agency(&set, &business))
                .await?
        }
        TargetKind::Capi => {
            client
                .send(&datasets::share_with_agency(&set, &business, &tasks))
                .await?
        }
    };
    Ok(reply.value.success)
}

fn done_created(id: &String, lang: Lang) -> String {
    format!("{} {id}", tm(lang, M::Created))
}

fn done_success(ok: &bool, lang: Lang) -> String {
    tm(lang, if *ok { M::Done } else { M::NotDone }).to_owned()
}

fn done_listed(listed: &Listed, lang: Lang) -> String {
    let (none, found) = match listed.kind {
        TargetKind::Ocapi => (M::NoSets, M::SetsFound),
        TargetKind::Capi => (M::NoDatasets, M::DatasetsFound),
    };
    match (listed.shown, listed.more) {
        (0, _) => tm(lang, none).to_owned(),
        (n, false) => format!("{} {n}", tm(lang, found)),
        (n, true) => format!("{} {n} · {}", tm(lang, found), tm(lang, M::MoreAvailable)),
    }
}

fn done_read(set: &SetSummary, lang: Lang) -> String {
    format!("{} {}", tm(lang, M::Opened), set.id)
}

type Assign = (TargetKind, String, String, String);
type Share = (TargetKind, String, String, Vec<AgencyTask>);

/// The event sets and datasets screen.
#[component]
pub fn SetsPage() -> impl IntoView {
    let state = use_app_state();
    let lang = move || state.lang.get();
    let kind = RwSignal::new(state.settings.with_untracked(|s| s.target_kind));
    let business = RwSignal::new(DEMO_BUSINESS.to_owned());
    let ad_account = RwSignal::new(DEMO_ACCOUNT.to_owned());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let selected = RwSignal::new(String::new());
    let assign_business = RwSignal::new(DEMO_BUSINESS.to_owned());
    let assign_account = RwSignal::new(DEMO_ACCOUNT.to_owned());
    let share_business = RwSignal::new(CLIENT_BUSINESS.to_owned());
    let (task_upload, task_advertise, task_edit) = (
        RwSignal::new(true),
        RwSignal::new(true),
        RwSignal::new(false),
    );
    let partner_business = RwSignal::new(CLIENT_BUSINESS.to_owned());
    let partner_account = RwSignal::new(String::new());
    // The list: its rows, the pager that fetched them, and which kind they are.
    let rows = RwSignal::new(Vec::<SetSummary>::new());
    let listed_kind = RwSignal::new(None::<TargetKind>);
    let more = RwSignal::new(false);
    let pager = StoredValue::new(None::<Listing>);

    // `true`: the first page of the list for the current kind and parent; `false`: the next one.
    let listing = Action::new_local(move |first: &bool| {
        let first = *first;
        async move {
            let client = graph_client(state)?;
            let kind = kind.get_untracked();
            let mut current = match pager.try_update_value(Option::take).flatten() {
                Some(current) if !first => current,
                _ => {
                    let parent = match kind {
                        TargetKind::Ocapi => business.get_untracked(),
                        TargetKind::Capi => ad_account.get_untracked(),
                    };
                    rows.set(Vec::new());
                    more.set(false);
                    listed_kind.set(Some(kind));
                    Listing::new(kind, &parent)?
                }
            };
            let page = current.next_page(&client).await;
            // Kept on failure too: the same page is asked again by "Show more".
            more.set(!current.is_done());
            pager.set_value(Some(current));
            let page = page?;
            rows.update(|rows| rows.extend(page));
            Ok(Listed {
                kind,
                shown: rows.with_untracked(Vec::len),
                more: more.get_untracked(),
            })
        }
    });
    let creating = Action::new_local(move |(kind, parent, name, description): &Assign| {
        let (kind, parent, name, description) =
            (*kind, parent.clone(), name.clone(), description.clone());
        async move {
            let id = create(state, kind, parent, name, description).await?;
            selected.set(id.clone());
            listing.dispatch_local(true);
            Ok(id)
        }
    });
    let reading =
        Action::new_local(move |(kind, id): &(TargetKind, String)| read(state, *kind, id.clone()));
    let assigning = Action::new_local(move |(kind, set, business, account): &Assign| {
        assign(state, *kind, set.clone(), business.clone(), account.clone())
    });
    let sharing = Action::new_local(move |(kind, set, business, tasks): &Share| {
        share(state, *kind, set.clone(), business.clone(), tasks.clone())
    });
    let partner_sharing = Action::new_local(move |(kind, set, business, tasks): &Share| {
        share(state, *kind, set.clone(), business.clone(), tasks.clone())
    });
    let partner_tracking = Action::new_local(move |(kind, set, business, account): &Assign| {
        assign(state, *kind, set.clone(), business.clone(), account.clone())
    });

    let tasks = move || {
        agency_tasks(
            task_upload.get_untracked(),
            task_advertise.get_untracked(),
            task_edit.get_untracked(),
        )
    };
    let open = move |id: String| {
        selected.set(id.clone());
        reading.dispatch_local((kind.get_untracked(), id));
    };
    let is_ocapi = move || kind.get() == TargetKind::Ocapi;
    let parent_label = move || {
        tm(
            lang(),
            if is_ocapi() {
                M::Business
            } else {
                M::AdAccount
            },
        )
    };
    let shared_done = move || matches!(partner_sharing.value().get(), Some(Ok(true)));

    let shows_list = move || listed_kind.get() == Some(kind.get());
    let sets_rows = move || {
        if !shows_list() {
            return Vec::new();
        }
        rows.get()
            .into_iter()
            .map(|set| {
                let id = set.id.clone();
                let open_id = set.id.clone();
                let row_id = set.id.clone();
                let current = move || (selected.get() == row_id).then_some("true");
                view! {
                    <tr data-testid=format!("sets-row-{id}") aria-current=current>
                        <td>{set.name.clone()}</td>
                        <td><code>{id.clone()}</code></td>
                        <td>{set.created.clone()}</td>
                        <td>{set.entries.clone()}</td>
                        <td>
                            <button
                                type="button"
                                class="button button-secondary"
                                data-testid=format!("sets-open-{id}")
                                on:click=move |_| open(open_id.clone())
                            >
                                {move || tm(lang(), M::Open)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect()
    };
    let list_empty = move || {
        shows_list()
            && !listing.pending().get()
            && rows.with(Vec::is_empty)
            && matches!(listing.value().get(), Some(Ok(_)))
    };

    view! {
        <ManageFrame state title=M::SetsTitle intro=M::SetsIntro testid="page-manage-sets">
            <KindChoice state prefix="sets" kind/>

            <section class="manage-section" aria-labelledby="sets-list-title">
                <h2 id="sets-list-title">{move || tm(lang(), M::ListTitle)}</h2>
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    listing.dispatch_local(true);
                }>
                    <Show
                        when=is_ocapi
                        fallback=move || view! { <TextField state id="sets-account" label=M::AdAccount value=ad_account/> }
                    >
                        <TextField state id="sets-business" label=M::Business value=business numeric=true/>
                    </Show>
                    <button type="submit" class="button" data-testid="sets-load" prop:disabled=move || listing.pending().get()>
                        {move || tm(lang(), M::Load)}
                    </button>
                </form>
                <ActionStatus state pending=listing.pending().into() outcome=listing.value().into() done=done_listed testid="sets-list-status"
                    retry=Callback::new(move |_| { listing.dispatch_local(false); })/>
                <Show when=list_empty>
                    <p class="empty" data-testid="sets-empty">
                        {move || tm(lang(), if is_ocapi() { M::NoSets } else { M::NoDatasets })}
                    </p>
                </Show>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="sets-list-title"
                    aria-busy=move || listing.pending().get().to_string()>
                    <table class="data-table" data-testid="sets-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || tm(lang(), M::SetName)}</th>
                                <th scope="col">{move || tm(lang(), M::SetId)}</th>
                                <th scope="col">{move || tm(lang(), M::CreatedAt)}</th>
                                <th scope="col">{move || tm(lang(), M::ValidMatched)}</th>
                                <th scope="col"><span class="visually-hidden">{move || tm(lang(), M::Open)}</span></th>
                            </tr>
                        </thead>
                        <tbody>{sets_rows}</tbody>
                    </table>
                </div>
                <Show when=move || shows_list() && more.get()>
                    <div class="actions">
                        <button type="button" class="button button-secondary" data-testid="sets-more"
                            prop:disabled=move || listing.pending().get()
                            on:click=move |_| { listing.dispatch_local(false); }>
                            {move || tm(lang(), M::ShowMore)}
                        </button>
                    </div>
                </Show>
            </section>

            <section class="manage-section" aria-labelledby="sets-create-title">
                <h2 id="sets-create-title">{move || tm(lang(), if is_ocapi() { M::CreateSet } else { M::CreateDataset })}</h2>
                <form class="form" on:submit=move |ev| {
                    ev.prevent_default();
                    let parent = if is_ocapi() { business.get_untracked() } else { ad_account.get_untracked() };
                    creating.dispatch_local((kind.get_untracked(), parent, name.get_untracked(), description.get_untracked()));
                }>
                    <p class="hint">{parent_label} ": " {move || if is_ocapi() { business.get() } else { ad_account.get() }}</p>
                    <TextField state id="sets-name" label=M::SetName value=name/>
                    <Show
                        when=is_ocapi
                        fallback=move || view! {
                            <p class="hint" data-testid="sets-description-note">{move || tm(lang(), M::DatasetNoDescription)}</p>
                        }
                    >
                        <TextField state id="sets-description" label=M::Description value=description/>
                    </Show>
                    <div class="actions">
                        <button type="submit" class="button" data-testid="sets-create" prop:disabled=move || creating.pending().get()>
                            {move || tm(lang(), M::Create)}
                        </button>
                    </div>
                </form>
                <ActionStatus state pending=creating.pending().into() outcome=creating.value().into() done=done_created testid="sets-create-status"/>
            </section>

            <section class="manage-section" aria-labelledby="sets-view-title">
                <h2 id="sets-view-title">{move || tm(lang(), M::ViewTitle)}</h2>
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    open(selected.get_untracked());
                }>
                    <TextField state id="sets-selected-id" label=M::SetId value=selected numeric=true/>
                    <button type="submit" class="button" data-testid="sets-view">{move || tm(lang(), M::Open)}</button>
                </form>
                <ActionStatus state pending=reading.pending().into() outcome=reading.value().into() done=done_read testid="sets-view-status"
                    retry=Callback::new(move |_| open(selected.get_untracked()))/>
                {move || {
                    reading
                        .value()
                        .get()
                        .and_then(Result::ok)
                        .map(|set| {
                            view! {
                                <dl class="details" data-testid="sets-details">
                                    <dt>{move || tm(lang(), M::SetName)}</dt>
                                    <dd data-testid="sets-details-name">{set.name.clone()}</dd>
                                    <dt>{move || tm(lang(), M::SetId)}</dt>
                                    <dd data-testid="sets-details-id">{set.id.clone()}</dd>
                                    <dt>{move || tm(lang(), M::CreatedAt)}</dt>
                                    <dd data-testid="sets-details-created">{set.created.clone()}</dd>
                                    {match set.last_fired.clone() {
                                        None => view! {
                                            <dt>{move || tm(lang(), M::Description)}</dt>
                                            <dd data-testid="sets-details-description">{set.description.clone()}</dd>
                                            <dt>{move || tm(lang(), M::ValidMatched)}</dt>
                                            <dd data-testid="sets-details-entries">{set.entries.clone()}</dd>
                                        }.into_any(),
                                        Some(last) => view! {
                                            <dt>{move || tm(lang(), M::LastFired)}</dt>
                                            <dd data-testid="sets-details-last-fired">
                                                {move || if last.is_empty() { tm(lang(), M::Never).to_owned() } else { last.clone() }}
                                            </dd>
                                        }.into_any(),
                                    }}
                                </dl>
                            }
                        })
                }}
            </section>

            <section class="manage-section" aria-labelledby="sets-assign-title">
                <h2 id="sets-assign-title">{move || tm(lang(), M::AssignTitle)}</h2>
                <p class="hint">{move || tm(lang(), if is_ocapi() { M::AssignHintOcapi } else { M::AssignHintCapi })}</p>
                <form class="form" on:submit=move |ev| {
                    ev.prevent_default();
                    assigning.dispatch_local((kind.get_untracked(), selected.get_untracked(), assign_business.get_untracked(), assign_account.get_untracked()));
                }>
                    <div class="field-row">
                        <TextField state id="sets-assign-business" label=M::Business value=assign_business numeric=true/>
                        <TextField state id="sets-assign-account" label=M::AdAccount value=assign_account/>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button" data-testid="sets-assign" prop:disabled=move || assigning.pending().get()>
                            {move || tm(lang(), M::Assign)}
                        </button>
                    </div>
                </form>
                <ActionStatus state pending=assigning.pending().into() outcome=assigning.value().into() done=done_success testid="sets-assign-status"/>
            </section>

            <section class="manage-section" aria-labelledby="sets-share-title">
                <h2 id="sets-share-title">{move || tm(lang(), M::ShareTitle)}</h2>
                <form class="form" on:submit=move |ev| {
                    ev.prevent_default();
                    sharing.dispatch_local((kind.get_untracked(), selected.get_untracked(), share_business.get_untracked(), tasks()));
                }>
                    <TextField state id="sets-share-business" label=M::ClientBusiness value=share_business numeric=true/>
                    <Show when=move || !is_ocapi()>
                        <fieldset class="field">
                            <legend>{move || tm(lang(), M::Tasks)}</legend>
                            <CheckRow id="sets-task-upload".to_owned() checked=task_upload.into() on_change=Callback::new(move |on| task_upload.set(on))>
                                {move || tm(lang(), M::TaskUpload)}
                            </CheckRow>
                            <CheckRow id="sets-task-advertise".to_owned() checked=task_advertise.into() on_change=Callback::new(move |on| task_advertise.set(on))>
                                {move || tm(lang(), M::TaskAdvertise)}
                            </CheckRow>
                            <CheckRow id="sets-task-edit".to_owned() checked=task_edit.into() on_change=Callback::new(move |on| task_edit.set(on))>
                                {move || tm(lang(), M::TaskEdit)}
                            </CheckRow>
                            <p class="hint">{move || tm(lang(), M::TasksHint)}</p>
                        </fieldset>
                    </Show>
                    <div class="actions">
                        <button type="submit" class="button" data-testid="sets-share" prop:disabled=move || sharing.pending().get()>
                            {move || tm(lang(), M::Share)}
                        </button>
                    </div>
                </form>
                <ActionStatus state pending=sharing.pending().into() outcome=sharing.value().into() done=done_success testid="sets-share-status"/>
            </section>

            <section class="manage-section partner" aria-labelledby="partner-title" data-testid="partner-panel">
                <h2 id="partner-title">{move || tm(lang(), M::PartnerTitle)}</h2>
                <p class="hint">{move || tm(lang(), M::PartnerIntro)}</p>
                <ol class="partner-steps">
                    <li data-testid="partner-step-1" data-done=move || shared_done().to_string()>
                        <h3>{move || tm(lang(), M::PartnerStep1)}</h3>
                        <form class="form" on:submit=move |ev| {
                            ev.prevent_default();
                            partner_sharing.dispatch_local((kind.get_untracked(), selected.get_untracked(), partner_business.get_untracked(), tasks()));
                        }>
                            <TextField state id="partner-business" label=M::ClientBusiness value=partner_business numeric=true/>
                            <button type="submit" class="button" data-testid="partner-share" prop:disabled=move || partner_sharing.pending().get()>
                                {move || tm(lang(), M::Share)}
                            </button>
                        </form>
                        <ActionStatus state pending=partner_sharing.pending().into() outcome=partner_sharing.value().into() done=done_success testid="partner-share-status"/>
                    </li>
                    <li data-testid="partner-step-2">
                        <h3>{move || tm(lang(), M::PartnerStep2)}</h3>
                        <Show when=move || !shared_done()>
                            <p class="hint" data-testid="partner-step-2-waiting">{move || tm(lang(), M::PartnerStep2Waiting)}</p>
                        </Show>
                        <form class="form" on:submit=move |ev| {
                            ev.prevent_default();
                            partner_tracking.dispatch_local((kind.get_untracked(), selected.get_untracked(), partner_business.get_untracked(), partner_account.get_untracked()));
                        }>
                            <TextField state id="partner-account" label=M::ClientAdAccount value=partner_account/>
                            <button
                                type="submit"
                                class="button"
                                data-testid="partner-track"
                                prop:disabled=move || !shared_done() || partner_tracking.pending().get()
                            >
                                {move || tm(lang(), M::EnableTracking)}
                            </button>
                        </form>
                        <ActionStatus state pending=partner_tracking.pending().into() outcome=partner_tracking.value().into() done=done_success testid="partner-track-status"/>
                        <p class="hint">{move || tm(lang(), M::PartnerAfter)} " " <a href=crate::links::href("/manage/tracking") data-testid="partner-to-tracking">{move || tm(lang(), M::NavTracking)}</a></p>
                    </li>
                </ol>
            </section>
        </ManageFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies_always_may_analyze() {
        assert_eq!(agency_tasks(false, false, false), vec![AgencyTask::Analyze]);
        let all: Vec<&str> = agency_tasks(true, true, true)
            .iter()
            .map(|t| t.as_str())
            .collect();
        assert_eq!(all, ["ANALYZE", "UPLOAD", "ADVERTISE", "EDIT"]);
    }

    #[test]
    fn a_set_summary_shows_missing_counts_as_a_dash() {
        let set: offline::OfflineEventSet = serde_json::from_str(
            r#"{"id":900000000000001,"name":"store sales","valid_entries":"3"}"#,
        )
        .unwrap();
        let summary = SetSummary::from(set);
        assert_eq!(summary.id, "900000000000001");
        assert_eq!(summary.entries, "3 / –");
        assert_eq!(summary.description, "");
    }

    #[test]
    fn the_dataset_list_is_fetched_a_page_at_a_time() {
        use futures_executor::block_on;
        use graph::memory::MemoryTransport;
        use graph::{AccessToken, Settings};
        let transport = MemoryTransport::new();
        transport
            .respond(
                200,
                r#"{"data":[{"id":"400000000000004","name":"Pixel","last_fired_time":"2026-12-02T15:00:00+0000"}],
                   "paging":{"cursors":{"after":"MAAZD"},"next":"http://127.0.0.1:9/v24.0/act_2/adspixels?after=MAAZD"}}"#,
            )
            .respond(200, r#"{"data":[{"id":"900000000000001","name":"Shop"}]}"#);
        let client = Client::new(
            &transport,
            Settings::with_base_url("http://127.0.0.1:9"),
            AccessToken::new("T"),
        );
        let mut listing = Listing::new(TargetKind::Capi, "act_2").unwrap();
        let first = block_on(listing.next_page(&client)).unwrap();
        assert_eq!(
            first[0].last_fired.as_deref(),
            Some("2026-12-02T15:00:00+0000")
        );
        assert!(!listing.is_done());
        let second = block_on(listing.next_page(&client)).unwrap();
        assert_eq!(second[0].name, "Shop");
        assert_eq!(second[0].last_fired.as_deref(), Some(""), "never fired");
        assert!(listing.is_done());
        let urls: Vec<String> = transport
            .requests()
            .iter()
            .map(graph::HttpRequest::logical_url)
            .collect();
        assert!(urls[0].contains("/act_2/adspixels?fields=") && urls[0].ends_with("&limit=25"));
        assert!(urls[1].ends_with("&limit=25&after=MAAZD"), "{}", urls[1]);
        assert!(matches!(
            Listing::new(TargetKind::Ocapi, "x1"),
            Err(Failure::Id(M::Business))
        ));
    }

    #[test]
    fn the_list_status_names_the_kind_and_says_when_more_follow() {
        let listed = |kind, shown, more| done_listed(&Listed { kind, shown, more }, Lang::En);
        assert!(listed(TargetKind::Capi, 0, false).starts_with("No datasets"));
        assert!(listed(TargetKind::Ocapi, 0, false).starts_with("No offline event sets"));
        assert_eq!(
            listed(TargetKind::Ocapi, 1, false),
            "Offline event sets listed: 1"
        );
        assert_eq!(
            listed(TargetKind::Capi, 25, true),
            "Datasets listed: 25 · More are available."
        );
    }

    #[test]
    fn ids_are_checked_before_any_call() {
        assert_eq!(object("12a", M::Business), Err(Failure::Id(M::Business)));
        assert_eq!(
            account("act_x", M::AdAccount).unwrap_err().code(),
            "invalid_id"
        );
        assert_eq!(account("act_2", M::AdAccount).unwrap().digits(), "2");
    }
}
