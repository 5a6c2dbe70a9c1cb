//! Who may use a set: assign an ad account to it (`POST /{set}/adaccounts`,
//! `POST /{dataset}/shared_accounts`) and share it with a client's business
//! (`POST /{set}/agencies`, with permitted tasks for a dataset).

use super::super::{
    ActionStatus, CLIENT_BUSINESS, CheckRow, DEMO_ACCOUNT, DEMO_BUSINESS, Failure, TextField,
    graph_client,
};
use super::{account, object};
use crate::i18n::Lang;
use crate::settings::TargetKind;
use crate::state::AppState;
use graph::datasets::{self, AgencyTask};
use graph::offline;
use leptos::prelude::*;

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

/// `POST /{set}/adaccounts` or `POST /{dataset}/shared_accounts`.
async fn assign(
    state: AppState,
    kind: TargetKind,
    set: String,
    business: String,
    ad_account: String,
) -> Result<bool, Failure> {
    let client = graph_client(state)?;
    let set = object(&set, tr!(manage.set_id))?;
    let business = object(&business, tr!(manage.business))?;
    let ad_account = account(&ad_account, tr!(manage.ad_account))?;
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
    let set = object(&set, tr!(manage.set_id))?;
    let business = object(&business, tr!(manage.client_business))?;
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

pub(super) fn done_success(ok: &bool, lang: Lang) -> String {
    lang.t(if *ok {
        tr!(manage.done)
    } else {
        tr!(manage.not_done)
    })
    .to_owned()
}

/// `(kind, set, business, ad account)`.
pub(super) type Assign = (TargetKind, String, String, String);
/// `(kind, set, business, tasks)`.
pub(super) type Share = (TargetKind, String, String, Vec<AgencyTask>);

/// The action that assigns an ad account (the assign section and the partner flow's step 2).
pub(super) fn assigning_action(state: AppState) -> Action<Assign, Result<bool, Failure>> {
    Action::new_local(move |(kind, set, business, account): &Assign| {
        assign(state, *kind, set.clone(), business.clone(), account.clone())
    })
}

/// The action that shares with a business (the share section and the partner flow's step 1).
pub(super) fn sharing_action(state: AppState) -> Action<Share, Result<bool, Failure>> {
    Action::new_local(move |(kind, set, business, tasks): &Share| {
        share(state, *kind, set.clone(), business.clone(), tasks.clone())
    })
}

/// The tasks an agency gets, as three checkboxes (datasets only).
#[derive(Debug, Clone, Copy)]
pub struct TaskChoice {
    upload: RwSignal<bool>,
    advertise: RwSignal<bool>,
    edit: RwSignal<bool>,
}

impl Default for TaskChoice {
    /// Upload and advertise on, edit off.
    fn default() -> TaskChoice {
        TaskChoice {
            upload: RwSignal::new(true),
            advertise: RwSignal::new(true),
            edit: RwSignal::new(false),
        }
    }
}

impl TaskChoice {
    /// The checked tasks (and `ANALYZE`).
    pub fn tasks(self) -> Vec<AgencyTask> {
        agency_tasks(
            self.upload.get_untracked(),
            self.advertise.get_untracked(),
            self.edit.get_untracked(),
        )
    }
}

/// Assign an ad account to the opened set.
#[component]
pub fn AssignSet(
    state: AppState,
    /// Sets or datasets.
    kind: RwSignal<TargetKind>,
    /// The opened set.
    selected: RwSignal<String>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let is_ocapi = move || kind.get() == TargetKind::Ocapi;
    let assign_business = RwSignal::new(DEMO_BUSINESS.to_owned());
    let assign_account = RwSignal::new(DEMO_ACCOUNT.to_owned());
    let assigning = assigning_action(state);
    view! {
        <section class="manage-section" aria-labelledby="sets-assign-title">
            <h2 id="sets-assign-title">{move || lang().t(tr!(manage.assign_title))}</h2>
            <p class="hint">{move || lang().t(if is_ocapi() { tr!(manage.assign_hint_ocapi) } else { tr!(manage.assign_hint_capi) })}</p>
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                assigning.dispatch_local((kind.get_untracked(), selected.get_untracked(), assign_business.get_untracked(), assign_account.get_untracked()));
            }>
                <div class="field-row">
                    <TextField state id="sets-assign-business" label=tr!(manage.business) value=assign_business numeric=true/>
                    <TextField state id="sets-assign-account" label=tr!(manage.ad_account) value=assign_account/>
                </div>
                <div class="actions">
                    <button type="submit" class="button" data-testid="sets-assign" prop:disabled=move || assigning.pending().get()>
                        {move || lang().t(tr!(manage.assign))}
                    </button>
                </div>
            </form>
            <ActionStatus state pending=assigning.pending().into() outcome=assigning.value().into() done=done_success testid="sets-assign-status"/>
        </section>
    }
}

/// Share the opened set with a client's business.
#[component]
pub fn ShareSet(
    state: AppState,
    /// Sets or datasets.
    kind: RwSignal<TargetKind>,
    /// The opened set.
    selected: RwSignal<String>,
    /// The tasks a dataset's agency gets (the partner flow uses the same choice).
    task_choice: TaskChoice,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let is_ocapi = move || kind.get() == TargetKind::Ocapi;
    let share_business = RwSignal::new(CLIENT_BUSINESS.to_owned());
    let TaskChoice {
        upload: task_upload,
        advertise: task_advertise,
        edit: task_edit,
    } = task_choice;
    let tasks = move || task_choice.tasks();
    let sharing = sharing_action(state);
    view! {
        <section class="manage-section" aria-labelledby="sets-share-title">
            <h2 id="sets-share-title">{move || lang().t(tr!(manage.share_title))}</h2>
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                sharing.dispatch_local((kind.get_untracked(), selected.get_untracked(), share_business.get_untracked(), tasks()));
            }>
                <TextField state id="sets-share-business" label=tr!(manage.client_business) value=share_business numeric=true/>
                <Show when=move || !is_ocapi()>
                    <fieldset class="field">
                        <legend>{move || lang().t(tr!(manage.tasks))}</legend>
                        <CheckRow id="sets-task-upload".to_owned() checked=task_upload.into() on_change=Callback::new(move |on| task_upload.set(on))>
                            {move || lang().t(tr!(manage.task_upload))}
                        </CheckRow>
                        <CheckRow id="sets-task-advertise".to_owned() checked=task_advertise.into() on_change=Callback::new(move |on| task_advertise.set(on))>
                            {move || lang().t(tr!(manage.task_advertise))}
                        </CheckRow>
                        <CheckRow id="sets-task-edit".to_owned() checked=task_edit.into() on_change=Callback::new(move |on| task_edit.set(on))>
                            {move || lang().t(tr!(manage.task_edit))}
                        </CheckRow>
                        <p class="hint">{move || lang().t(tr!(manage.tasks_hint))}</p>
                    </fieldset>
                </Show>
                <div class="actions">
                    <button type="submit" class="button" data-testid="sets-share" prop:disabled=move || sharing.pending().get()>
                        {move || lang().t(tr!(manage.share))}
                    </button>
                </div>
            </form>
            <ActionStatus state pending=sharing.pending().into() outcome=sharing.value().into() done=done_success testid="sets-share-status"/>
        </section>
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
}
