//! `cargo xtask dist [--base /path/] [--app-id ID] [--out DIR]`: the release site, ready for any
//! static host (see README, "Deploying the page").

use crate::command::{self, Error};
use crate::site::{self, Policy, Release, Variant};
use std::path::PathBuf;

/// What `dist` was asked for.
#[derive(Debug, PartialEq)]
struct Options {
    base: String,
    app_id: Option<String>,
    out: PathBuf,
}

fn options(args: &[String]) -> Result<Options, Error> {
    let mut options = Options {
        base: "/".into(),
        app_id: None,
        out: command::root().join("dist"),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| Error::Other(format!("{arg} takes a value")))
        };
        match arg.as_str() {
            "--base" => options.base = value()?,
            "--app-id" => options.app_id = Some(value()?),
            "--out" => options.out = PathBuf::from(value()?),
            other => {
                return Err(Error::Other(format!(
                    "dist: unknown option {other:?} (--base /path/, --app-id ID, --out DIR)"
                )));
            }
        }
    }
    Ok(options)
}

/// Build the release app once and write the production site.
pub fn run(args: &[String]) -> Result<(), Error> {
    let options = options(args)?;
    // Checked before the long build, so a typo fails at once.
    let variant = Variant::new(&options.base, options.app_id, Policy::Production)?;
    crate::setup::build_tools()?;
    let release = Release::build()?;
    release.write(&variant, &options.out)?;
    let files = site::list_files(&options.out)?;
    let sums = std::fs::read(options.out.join(site::SUMS_FILE))
        .map_err(|e| Error::Other(format!("{}: {e}", site::SUMS_FILE)))?;
    println!();
    println!(
        "  site:        {} ({} files), served under {}",
        options.out.display(),
        files.len(),
        variant.base
    );
    println!(
        "  SHA256SUMS:  sha256 {} (the same on every build of this commit)",
        site::sha256_hex(&sums)
    );
    println!(
        "  check a hosted copy: cargo xtask verify https://HOST{}",
        variant.base
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn options_default_to_the_root_and_dist() {
        let parsed = options(&[]).map_err(|e| e.to_string());
        assert_eq!(
            parsed,
            Ok(Options {
                base: "/".into(),
                app_id: None,
                out: command::root().join("dist"),
            })
        );
        let given = options(&args(&[
            "--base",
            "/hashdrop/",
            "--app-id",
            "42",
            "--out",
            "/tmp/s",
        ]));
        let given = given.map_err(|e| e.to_string());
        assert_eq!(
            given,
            Ok(Options {
                base: "/hashdrop/".into(),
                app_id: Some("42".into()),
                out: PathBuf::from("/tmp/s"),
            })
        );
        assert!(options(&args(&["--base"])).is_err());
        assert!(options(&args(&["--bsae", "/x/"])).is_err());
    }
}
