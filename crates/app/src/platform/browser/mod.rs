//! The browser's side effects: `localStorage`, the page address and `<html lang>`, IndexedDB,
//! `Date`, downloads through a Blob URL, the File step's Web Worker, the login pop-up, `fetch` and
//! `setTimeout`.

mod idb;
mod login;
mod worker;
mod worker_scope;

use super::{
    Bodies, Clock, Document, DownloadFailed, Downloads, PageSleep, PageTransport, Platform, Storage,
};
use std::rc::Rc;
use wasm_bindgen::JsCast;

pub use worker_scope::serve_worker;

/// The site's base path as the page declares it (`<meta name="hashdrop-base" content="/x/">`,
/// written by `cargo xtask dist --base`); empty when the page has none (served at the root).
pub fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=\"hashdrop-base\"]")
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default()
}

/// The browser's platform.
pub fn platform() -> Platform {
    Platform {
        storage: Rc::new(LocalStorage),
        document: Rc::new(PageDocument),
        uploads: Rc::new(idb::IndexedDb),
        clock: Rc::new(DateClock),
        downloads: Rc::new(BlobDownloads),
        workers: Rc::new(worker::WebWorkers),
        login: Rc::new(login::PopupLogin),
        transport: PageTransport::new(Rc::new(graph::BrowserTransport::new())),
        sleep: PageSleep::new(Rc::new(graph::BrowserSleep)),
    }
}

/// `window.localStorage`; missing storage or refused writes are failures the app ignores.
struct LocalStorage;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Storage for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        local_storage()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> bool {
        local_storage().is_some_and(|storage| storage.set_item(key, value).is_ok())
    }

    fn remove(&self, key: &str) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(key);
        }
    }
}

/// `window.location`, `history` and `document.documentElement`.
struct PageDocument;

impl Document for PageDocument {
    fn query(&self) -> String {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    }

    fn replace_query(&self, query: &str) {
        replace_address(Some(query), None);
    }

    fn preferred_language(&self) -> Option<String> {
        web_sys::window()?.navigator().language()
    }

    fn set_language(&self, tag: &str) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", tag);
        }
    }
}

/// Replace the address's query and/or fragment (the rest kept) without reloading or adding a
/// history entry.
fn replace_address(query: Option<&str>, hash: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let query = query.map_or_else(|| location.search().unwrap_or_default(), str::to_owned);
    let hash = hash.map_or_else(|| location.hash().unwrap_or_default(), str::to_owned);
    if let Ok(history) = window.history() {
        let url = format!("{path}{query}{hash}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// `Date`.
struct DateClock;

impl Clock for DateClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn utc_offset_minutes(&self, at_ms: f64) -> i32 {
        // `getTimezoneOffset` counts minutes *west* of UTC.
        -(js_sys::Date::new(&at_ms.into()).get_timezone_offset() as i32)
    }
}

/// A Blob, an object URL and a click on a link with `download` (revoked right after).
struct BlobDownloads;

fn offer(blob: &web_sys::Blob, filename: &str) -> Result<(), DownloadFailed> {
    let url =
        web_sys::Url::create_object_url_with_blob(blob).map_err(|_| DownloadFailed::Refused)?;
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or(DownloadFailed::NoDocument)?;
    link.set_href(&url);
    link.set_download(filename);
    link.click();
    web_sys::Url::revoke_object_url(&url).map_err(|_| DownloadFailed::Refused)
}

fn blob_of(parts: &js_sys::Array, mime: &str) -> Result<web_sys::Blob, DownloadFailed> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_blob_sequence_and_options(parts, &options)
        .map_err(|_| DownloadFailed::Refused)
}

impl Downloads for BlobDownloads {
    fn save_text(&self, filename: &str, mime: &str, text: &str) -> Result<(), DownloadFailed> {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        offer(&blob_of(&parts, mime)?, filename)
    }

    fn save_bodies(
        &self,
        filename: &str,
        mime: &str,
        bodies: &Bodies,
    ) -> Result<(), DownloadFailed> {
        let parts = js_sys::Array::new();
        let newline = wasm_bindgen::JsValue::from_str("\n");
        if let Some(blobs) = bodies.blobs() {
            for blob in blobs {
                parts.push(blob);
                parts.push(&newline);
            }
        } else if let Some(texts) = bodies.texts() {
            for text in texts {
                parts.push(&format!("{text}\n").into());
            }
        }
        offer(&blob_of(&parts, mime)?, filename)
    }
}
