//! The access token: from `HASHDROP_TOKEN` or `--token-file`, never from the command line (which
//! other users of the machine can read in the process list). It is handed to the graph crate's
//! [`graph::AccessToken`], whose `Debug` and `Display` never show it.

use crate::exit::CliError;
use std::path::Path;

/// The environment variable the token is read from.
pub const TOKEN_VARIABLE: &str = "HASHDROP_TOKEN";

/// The token from `file` when given, else from [`TOKEN_VARIABLE`].
pub fn read(file: Option<&Path>) -> Result<graph::AccessToken, CliError> {
    let raw = match file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| CliError::io("reading the token file", path, e))?,
        None => std::env::var(TOKEN_VARIABLE).unwrap_or_default(),
    };
    let token = raw.trim();
    if token.is_empty() {
        return match file {
            Some(path) => Err(CliError::usage(format!(
                "the token file {} is empty",
                path.display()
            ))),
            None => Err(CliError::NoToken),
        };
    }
    Ok(graph::AccessToken::new(token))
}
