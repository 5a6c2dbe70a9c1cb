//! `/manage/sets`: offline event sets of a business (OCAPI) and datasets of an ad account (CAPI).
//! One file per job: [`list`] the list, [`create`] creating one, [`view`] viewing one (who may
//! use it, rename), [`share`] assigning an ad account and sharing with a business, [`partner`]
//! the partner flow of the seed guide (share the set, then enable tracking on the client's ad
//! accounts) as a guided two-step panel. This file lays the sections out.

mod create;
mod list;
mod partner;
mod share;
mod view;

use crate::i18n::Text;
use list::SetSummary;

use super::{DEMO_ACCOUNT, DEMO_BUSINESS, Failure, KindChoice, ManageFrame, graph_client};
use crate::settings::TargetKind;
use crate::state::{AppState, use_app_state};
use graph::{AdAccountId, ObjectId, datasets, offline};
use leptos::prelude::*;

pub(super) fn object(raw: &str, field: Text) -> Result<ObjectId, Failure> {
    ObjectId::new(raw).map_err(Failure::id(field))
}

pub(super) fn account(raw: &str, field: Text) -> Result<AdAccountId, Failure> {
    AdAccountId::new(raw).map_err(Failure::id(field))
}

async fn read(state: AppState, kind: TargetKind, id: String) -> Result<SetSummary, Failure> {
    let client = graph_client(state)?;
    let id = object(&id, tr!(manage.set_id))?;
    Ok(match kind {
        TargetKind::Ocapi => client.send(&offline::read(&id)).await?.value.into(),
        TargetKind::Capi => client.send(&datasets::read(&id)).await?.value.into(),
    })
}

/// The event sets and datasets screen.
#[component]
pub fn SetsPage() -> impl IntoView {
    let state = use_app_state();
    let kind = RwSignal::new(state.settings.with_untracked(|s| s.target_kind));
    let business = RwSignal::new(DEMO_BUSINESS.to_owned());
    let ad_account = RwSignal::new(DEMO_ACCOUNT.to_owned());
    let selected = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<SetSummary>::new());
    let listed_kind = RwSignal::new(None::<TargetKind>);
    let more = RwSignal::new(false);
    let listing = list::listing_action(state, kind, business, ad_account, rows, listed_kind, more);
    let reading =
        Action::new_local(move |(kind, id): &(TargetKind, String)| read(state, *kind, id.clone()));
    let open = Callback::new(move |id: String| {
        selected.set(id.clone());
        reading.dispatch_local((kind.get_untracked(), id));
    });
    let task_choice = share::TaskChoice::default();

    view! {
        <ManageFrame state title=tr!(manage.sets_title) intro=tr!(manage.sets_intro) testid="page-manage-sets">
            <KindChoice state prefix="sets" kind/>
            <list::SetList state kind business ad_account selected open listing rows listed_kind more/>
            <create::CreateSet state kind business ad_account selected listing/>
            <view::SetView state kind selected reading/>
            <share::AssignSet state kind selected/>
            <share::ShareSet state kind selected task_choice/>
            <partner::PartnerFlow state kind selected task_choice/>
        </ManageFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_before_any_call() {
        assert_eq!(
            object("12a", tr!(manage.business)),
            Err(Failure::Id(tr!(manage.business)))
        );
        assert_eq!(
            account("act_x", tr!(manage.ad_account)).unwrap_err().code(),
            "invalid_id"
        );
        assert_eq!(
            account("act_2", tr!(manage.ad_account)).unwrap().digits(),
            "2"
        );
    }
}
