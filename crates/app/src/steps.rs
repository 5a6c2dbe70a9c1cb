//! The upload flow's steps, each one a screen with its own URL.

use crate::i18n::Text;

/// One step of the upload flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Token, target and endpoint.
    Connect,
    /// Pick the CSV.
    File,
    /// Map columns to fields.
    Mapping,
    /// Review rejected rows and warnings.
    Check,
    /// Send the batches.
    Send,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 5] = [
        Step::Connect,
        Step::File,
        Step::Mapping,
        Step::Check,
        Step::Send,
    ];

    /// The screen's route (what the router matches, under the site's base).
    pub fn path(self) -> &'static str {
        match self {
            Step::Connect => "/connect",
            Step::File => "/file",
            Step::Mapping => "/mapping",
            Step::Check => "/check",
            Step::Send => "/send",
        }
    }

    /// The screen's address for a link: its route under the site's base.
    pub fn href(self) -> String {
        crate::links::href(self.path())
    }

    /// Its short name in the step indicator.
    pub fn label(self) -> Text {
        match self {
            Step::Connect => tr!(step_connect),
            Step::File => tr!(step_file),
            Step::Mapping => tr!(step_mapping),
            Step::Check => tr!(step_check),
            Step::Send => tr!(step_send),
        }
    }

    /// Its stable name (for `data-testid`s).
    pub fn slug(self) -> &'static str {
        self.path().trim_start_matches('/')
    }

    /// 1-based position.
    pub fn number(self) -> usize {
        Step::ALL
            .iter()
            .position(|&s| s == self)
            .unwrap_or_default()
            + 1
    }

    /// The step a route shows (ignoring a trailing slash); `None` for other routes.
    pub fn from_path(path: &str) -> Option<Step> {
        let path = path.trim_end_matches('/');
        Step::ALL.into_iter().find(|step| step.path() == path)
    }
}

#[cfg(test)]
mod tests {
    use super::Step;

    #[test]
    fn paths_round_trip_and_number_in_order() {
        for (i, step) in Step::ALL.into_iter().enumerate() {
            assert_eq!(Step::from_path(step.path()), Some(step));
            assert_eq!(step.number(), i + 1);
        }
        assert_eq!(Step::from_path("/check/"), Some(Step::Check));
        assert_eq!(Step::from_path("/"), None);
        assert_eq!(Step::from_path("/nope"), None);
        assert_eq!(Step::Mapping.slug(), "mapping");
        assert_eq!(Step::Mapping.href(), "/mapping");
    }
}
