//! Links under the site's base path.
//!
//! The same compiled app is served at a host's root (`https://hashdrop.example/`) and under a
//! path (a GitHub Pages project page, `https://org.github.io/hashdrop/`). `cargo xtask dist
//! --base /hashdrop/` writes that path into the page as `<meta name="hashdrop-base">`; the app
//! reads it once ([`crate::platform::page_base`]) and every route, link and file address goes
//! through [`href`] and [`route`]. Routes themselves ([`crate::steps::Step::path`],
//! `/manage/sets`) stay base-free: they are what the router matches after the base.

use std::sync::OnceLock;

/// The base path, read from the page on first use: `""` at the root, else `/path` (no trailing
/// slash), the form the router's `base` takes.
pub fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| normalize_base(&crate::platform::page_base()))
}

/// The address of the app's `path` (a route such as `/connect`, or a file such as
/// `/hashdrop-worker_loader.js`) under the site's base.
pub fn href(path: &str) -> String {
    join(base(), path)
}

/// The route a page address shows: its path with the site's base taken off (`/connect` for
/// `/hashdrop/connect`); an address outside the base is returned as it is.
pub fn route(pathname: &str) -> &str {
    strip(base(), pathname)
}

/// `"/hashdrop/"`, `"hashdrop"`, `"/hashdrop"` → `"/hashdrop"`; `"/"` and `""` → `""`.
pub fn normalize_base(raw: &str) -> String {
    let trimmed = raw.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

/// `path` (starting with `/`) under `base` (as [`normalize_base`] gives it).
pub fn join(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

/// `pathname` without `base` (as [`normalize_base`] gives it); `/` for the base itself.
pub fn strip<'a>(base: &str, pathname: &'a str) -> &'a str {
    match pathname.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if base.is_empty() || rest.starts_with('/') => rest,
        _ => pathname,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_takes_one_form_whatever_the_page_says() {
        assert_eq!(normalize_base("/hashdrop/"), "/hashdrop");
        assert_eq!(normalize_base("hashdrop"), "/hashdrop");
        assert_eq!(normalize_base(" /a/b/ "), "/a/b");
        assert_eq!(normalize_base("/"), "");
        assert_eq!(normalize_base(""), "");
    }

    #[test]
    fn links_carry_the_base_and_routes_drop_it() {
        assert_eq!(join("/hashdrop", "/connect"), "/hashdrop/connect");
        assert_eq!(join("", "/connect"), "/connect");
        assert_eq!(strip("/hashdrop", "/hashdrop/manage/sets"), "/manage/sets");
        assert_eq!(strip("/hashdrop", "/hashdrop"), "/");
        assert_eq!(strip("/hashdrop", "/hashdrop/"), "/");
        assert_eq!(strip("", "/check"), "/check");
        // A sibling path that merely starts with the same letters is not under the base.
        assert_eq!(strip("/hashdrop", "/hashdropper/x"), "/hashdropper/x");
    }

    #[test]
    fn natively_the_site_sits_at_the_root() {
        assert_eq!(base(), "");
        assert_eq!(href("/file"), "/file");
        assert_eq!(route("/file"), "/file");
    }
}
