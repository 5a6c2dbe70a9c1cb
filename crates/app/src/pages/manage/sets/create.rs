//! Creating an offline event set under a business, or a dataset under an ad account.

use super::super::{ActionStatus, Failure, TextField, graph_client};
use super::list::ListAction;
use super::{account, object};
use crate::i18n::Lang;
use crate::settings::TargetKind;
use crate::state::AppState;
use graph::{datasets, offline};
use leptos::prelude::*;

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
        return Err(Failure::Id(tr!(manage.set_name)));
    }
    let created = match kind {
        TargetKind::Ocapi => {
            let business = object(&parent, tr!(manage.business))?;
            let description = Some(description.trim()).filter(|d| !d.is_empty());
            client
                .send(&offline::create(&business, name, description))
                .await?
        }
        TargetKind::Capi => {
            let account = account(&parent, tr!(manage.ad_account))?;
            client.send(&datasets::create(&account, name)).await?
        }
    };
    Ok(created.value.id)
}

fn done_created(id: &String, lang: Lang) -> String {
    format!("{} {id}", lang.t(tr!(manage.created)))
}

type Create = (TargetKind, String, String, String);

/// The create section: name (and description for a set); the new set is opened and the list
/// reloaded.
#[component]
pub fn CreateSet(
    state: AppState,
    /// Sets or datasets.
    kind: RwSignal<TargetKind>,
    /// The business a set is created under.
    business: RwSignal<String>,
    /// The ad account a dataset is created under.
    ad_account: RwSignal<String>,
    /// Receives the new set's id.
    selected: RwSignal<String>,
    /// Reloaded after a create.
    listing: ListAction,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let is_ocapi = move || kind.get() == TargetKind::Ocapi;
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let parent_label = move || {
        lang().t(if is_ocapi() {
            tr!(manage.business)
        } else {
            tr!(manage.ad_account)
        })
    };
    let creating = Action::new_local(move |(kind, parent, name, description): &Create| {
        let (kind, parent, name, description) =
            (*kind, parent.clone(), name.clone(), description.clone());
        async move {
            let id = create(state, kind, parent, name, description).await?;
            selected.set(id.clone());
            listing.dispatch_local(true);
            Ok(id)
        }
    });
    view! {
        <section class="manage-section" aria-labelledby="sets-create-title">
            <h2 id="sets-create-title">{move || lang().t(if is_ocapi() { tr!(manage.create_set) } else { tr!(manage.create_dataset) })}</h2>
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                let parent = if is_ocapi() { business.get_untracked() } else { ad_account.get_untracked() };
                creating.dispatch_local((kind.get_untracked(), parent, name.get_untracked(), description.get_untracked()));
            }>
                <p class="hint">{parent_label} ": " {move || if is_ocapi() { business.get() } else { ad_account.get() }}</p>
                <TextField state id="sets-name" label=tr!(manage.set_name) value=name/>
                <Show
                    when=is_ocapi
                    fallback=move || view! {
                        <p class="hint" data-testid="sets-description-note">{move || lang().t(tr!(manage.dataset_no_description))}</p>
                    }
                >
                    <TextField state id="sets-description" label=tr!(manage.description) value=description/>
                </Show>
                <div class="actions">
                    <button type="submit" class="button" data-testid="sets-create" prop:disabled=move || creating.pending().get()>
                        {move || lang().t(tr!(manage.create))}
                    </button>
                </div>
            </form>
            <ActionStatus state pending=creating.pending().into() outcome=creating.value().into() done=done_created testid="sets-create-status"/>
        </section>
    }
}
