//! The list of `/manage/sets`: the offline event sets of a business or the datasets of an ad
//! account, a page at a time with the client's cursor pager, each with an Open button.

use super::super::{ActionStatus, Failure, TextField, graph_client};
use super::{account, object};
use crate::i18n::Lang;
use crate::i18n::i18n::td_string;
use crate::settings::TargetKind;
use crate::state::AppState;
use graph::{Client, ClientError, Pager, Transport, datasets, offline};
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
                offline::list(&object(parent, tr!(manage.business))?).limit(LIST_PAGE),
            )),
            TargetKind::Capi => Listing::Datasets(Pager::new(
                datasets::list(&account(parent, tr!(manage.ad_account))?).limit(LIST_PAGE),
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

fn done_listed(listed: &Listed, lang: Lang) -> String {
    let (locale, count) = (lang.locale(), listed.shown);
    let (none, found) = match listed.kind {
        TargetKind::Ocapi => (
            tr!(manage.no_sets),
            td_string!(locale, manage.sets_found, count),
        ),
        TargetKind::Capi => (
            tr!(manage.no_datasets),
            td_string!(locale, manage.datasets_found, count),
        ),
    };
    match (listed.shown, listed.more) {
        (0, _) => lang.t(none).to_owned(),
        (_, false) => found,
        (_, true) => format!("{found} · {}", lang.t(tr!(manage.more_available))),
    }
}

/// `true`: the first page of the list for the current kind and parent; `false`: the next one.
pub type ListAction = Action<bool, Result<Listed, Failure>>;

/// The list's action: the first page again, or the next one.
pub fn listing_action(
    state: AppState,
    kind: RwSignal<TargetKind>,
    business: RwSignal<String>,
    ad_account: RwSignal<String>,
    rows: RwSignal<Vec<SetSummary>>,
    listed_kind: RwSignal<Option<TargetKind>>,
    more: RwSignal<bool>,
) -> ListAction {
    let pager = StoredValue::new(None::<Listing>);
    Action::new_local(move |first: &bool| {
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
    })
}

/// The list section: the parent field, Load, the table with Open buttons, Show more.
#[component]
pub fn SetList(
    state: AppState,
    /// Sets or datasets.
    kind: RwSignal<TargetKind>,
    /// The business whose sets are listed.
    business: RwSignal<String>,
    /// The ad account whose datasets are listed.
    ad_account: RwSignal<String>,
    /// The opened set (its row is marked current).
    selected: RwSignal<String>,
    /// Open a set in the view.
    open: Callback<String>,
    /// The list's action (creating a set reloads it).
    listing: ListAction,
    /// The rows shown.
    rows: RwSignal<Vec<SetSummary>>,
    /// Which kind the rows are.
    listed_kind: RwSignal<Option<TargetKind>>,
    /// Whether Graph has more.
    more: RwSignal<bool>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let is_ocapi = move || kind.get() == TargetKind::Ocapi;
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
                                on:click=move |_| open.run(open_id.clone())
                            >
                                {move || lang().t(tr!(manage.open))}
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
        <section class="manage-section" aria-labelledby="sets-list-title">
            <h2 id="sets-list-title">{move || lang().t(tr!(manage.list_title))}</h2>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                listing.dispatch_local(true);
            }>
                <Show
                    when=is_ocapi
                    fallback=move || view! { <TextField state id="sets-account" label=tr!(manage.ad_account) value=ad_account/> }
                >
                    <TextField state id="sets-business" label=tr!(manage.business) value=business numeric=true/>
                </Show>
                <button type="submit" class="button" data-testid="sets-load" prop:disabled=move || listing.pending().get()>
                    {move || lang().t(tr!(manage.load))}
                </button>
            </form>
            <ActionStatus state pending=listing.pending().into() outcome=listing.value().into() done=done_listed testid="sets-list-status"
                retry=Callback::new(move |_| { listing.dispatch_local(false); })/>
            <Show when=list_empty>
                <p class="empty" data-testid="sets-empty">
                    {move || lang().t(if is_ocapi() { tr!(manage.no_sets) } else { tr!(manage.no_datasets) })}
                </p>
            </Show>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="sets-list-title"
                aria-busy=move || listing.pending().get().to_string()>
                <table class="data-table" data-testid="sets-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || lang().t(tr!(manage.set_name))}</th>
                            <th scope="col">{move || lang().t(tr!(manage.set_id))}</th>
                            <th scope="col">{move || lang().t(tr!(manage.created_at))}</th>
                            <th scope="col">{move || lang().t(tr!(manage.valid_matched))}</th>
                            <th scope="col"><span class="visually-hidden">{move || lang().t(tr!(manage.open))}</span></th>
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
                        {move || lang().t(tr!(manage.show_more))}
                    </button>
                </div>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Err(Failure::Id(text)) if text == tr!(manage.business)
        ));
    }

    #[test]
    fn the_list_status_names_the_kind_and_says_when_more_follow() {
        let listed = |kind, shown, more| done_listed(&Listed { kind, shown, more }, Lang::En);
        assert!(listed(TargetKind::Capi, 0, false).starts_with("No datasets"));
        assert!(listed(TargetKind::Ocapi, 0, false).starts_with("No offline event sets"));
        assert_eq!(
            listed(TargetKind::Ocapi, 1, false),
            "1 offline event set listed"
        );
        assert_eq!(
            listed(TargetKind::Ocapi, 2, false),
            "2 offline event sets listed"
        );
        assert_eq!(
            listed(TargetKind::Capi, 25, true),
            "25 datasets listed · More are available."
        );
        let chinese = done_listed(
            &Listed {
                kind: TargetKind::Capi,
                shown: 1,
                more: false,
            },
            Lang::ZhHans,
        );
        assert_eq!(chinese, "已列出 1 个数据集");
    }
}
