//! Access tokens: present (104), known (190), not expired (190 / 463: marked expired, or a login
//! token past its `expires_at` on the emulator's clock), and allowed on the object
//! (200). The `--token` token may do everything; tokens registered through the control API only
//! what they were granted, plus what they created.

use crate::error::GraphError;
use crate::state::Store;

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The token given with `--token` (or a registered `*` token).
    Everything(String),
    /// A registered token with a limited grant.
    Limited(String),
}

impl Caller {
    /// The token.
    pub fn token(&self) -> &str {
        match self {
            Self::Everything(token) | Self::Limited(token) => token,
        }
    }
}

/// Checks the token of a request.
pub fn authenticate(
    store: &Store,
    main_token: &str,
    token: Option<&str>,
) -> Result<Caller, GraphError> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Err(GraphError::no_token());
    };
    if let Some(grant) = store.tokens.get(token) {
        let lapsed = grant
            .expires_at
            .is_some_and(|at| crate::shared::now(store) >= at);
        if grant.expired || lapsed {
            return Err(GraphError::expired_token());
        }
        if grant.allow.iter().any(|a| a == "*") {
            return Ok(Caller::Everything(token.to_owned()));
        }
        return Ok(Caller::Limited(token.to_owned()));
    }
    if token == main_token {
        return Ok(Caller::Everything(token.to_owned()));
    }
    Err(GraphError::bad_token())
}

/// Checks that `caller` may access the object `id` (`act_N` and `N` name the same ad account).
pub fn authorize(store: &Store, caller: &Caller, id: &str) -> Result<(), GraphError> {
    let Caller::Limited(token) = caller else {
        return Ok(());
    };
    let bare = id.strip_prefix("act_").unwrap_or(id);
    let allowed = store.tokens.get(token).is_some_and(|grant| {
        grant
            .allow
            .iter()
            .chain(&grant.created)
            .any(|a| a == id || a.strip_prefix("act_").unwrap_or(a) == bare)
    });
    if allowed {
        Ok(())
    } else {
        Err(GraphError::permission(id))
    }
}

/// Whether `caller` may see `id`: lists leave out what a limited token may not access, as Graph
/// does.
pub fn visible(store: &Store, caller: &Caller, id: &str) -> bool {
    authorize(store, caller, id).is_ok()
}

/// Records that `caller` created `id`, so a limited token may use what it made.
pub fn record_creation(store: &mut Store, caller: &Caller, id: &str) {
    if let Caller::Limited(token) = caller
        && let Some(grant) = store.tokens.get_mut(token)
    {
        grant.created.push(id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::TokenGrant;

    fn store() -> Store {
        let mut store = Store::seeded(0);
        store.tokens.insert(
            "LIMITED".into(),
            TokenGrant {
                allow: vec!["act_200000000000002".into()],
                ..TokenGrant::default()
            },
        );
        store.tokens.insert(
            "OLD".into(),
            TokenGrant {
                allow: vec!["*".into()],
                expired: true,
                ..TokenGrant::default()
            },
        );
        store
    }

    #[test]
    fn token_checks_in_graph_order() {
        let store = store();
        assert_eq!(authenticate(&store, "T", None).unwrap_err().code, 104);
        assert_eq!(authenticate(&store, "T", Some("")).unwrap_err().code, 104);
        assert_eq!(
            authenticate(&store, "T", Some("nope")).unwrap_err().code,
            190
        );
        let expired = authenticate(&store, "T", Some("OLD")).unwrap_err();
        assert_eq!((expired.code, expired.subcode), (190, Some(463)));
        assert_eq!(
            authenticate(&store, "T", Some("T")).unwrap(),
            Caller::Everything("T".into())
        );
    }

    #[test]
    fn limited_tokens_see_only_their_objects() {
        let mut store = store();
        let caller = authenticate(&store, "T", Some("LIMITED")).unwrap();
        authorize(&store, &caller, "act_200000000000002").unwrap();
        authorize(&store, &caller, "200000000000002").unwrap();
        let error = authorize(&store, &caller, "400000000000004").unwrap_err();
        assert_eq!(error.code, 200);
        assert_eq!(error.status.as_u16(), 403);
        record_creation(&mut store, &caller, "900000000000001");
        authorize(&store, &caller, "900000000000001").unwrap();
    }
}
