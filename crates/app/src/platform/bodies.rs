//! The request bodies of a prepared file, kept out of the page's wasm memory.
//!
//! A 1,000,000-row file makes about 650 MB of request bodies. Held as Rust strings they would
//! fill the page's wasm memory, which cannot grow past 4 GiB, so a file of a few million rows
//! could not be prepared at all. In the browser the worker therefore hands each body over as a
//! `Blob`: the browser keeps blob data outside the page (and writes it to disk when there is a
//! lot of it), and the page reads one body back, as text, only when that batch is sent or
//! downloaded. Natively (in tests) the bodies are plain strings.

use std::sync::Arc;

/// The bodies of one prepared file, in batch order; cheap to clone (shared). The default has
/// none.
#[derive(Clone)]
pub struct Bodies {
    store: Arc<Store>,
}

enum Store {
    /// JSON text each (native tests).
    Texts(Vec<String>),
    /// One `Blob` of UTF-8 JSON each, as the worker made them (browser only). The page is
    /// single-threaded; the wrapper only lets the handle sit in signals, which ask for
    /// `Send + Sync`.
    Blobs(send_wrapper::SendWrapper<Vec<web_sys::Blob>>),
}

impl Default for Bodies {
    fn default() -> Bodies {
        Bodies::from_texts(Vec::new())
    }
}

impl Bodies {
    /// Bodies held as text.
    pub fn from_texts(texts: Vec<String>) -> Bodies {
        Bodies {
            store: Arc::new(Store::Texts(texts)),
        }
    }

    /// Bodies held by the browser, one `Blob` each.
    pub fn from_blobs(blobs: Vec<web_sys::Blob>) -> Bodies {
        Bodies {
            store: Arc::new(Store::Blobs(send_wrapper::SendWrapper::new(blobs))),
        }
    }

    /// How many bodies there are.
    pub fn len(&self) -> usize {
        match &*self.store {
            Store::Texts(texts) => texts.len(),
            Store::Blobs(blobs) => blobs.len(),
        }
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Body `index` as JSON text; `None` when there is no such body or the browser cannot
    /// read it back.
    pub async fn text(&self, index: usize) -> Option<String> {
        match &*self.store {
            Store::Texts(texts) => texts.get(index).cloned(),
            Store::Blobs(blobs) => {
                let promise = blobs.get(index)?.text();
                wasm_bindgen_futures::JsFuture::from(promise)
                    .await
                    .ok()?
                    .as_string()
            }
        }
    }

    /// The bodies as text, when they are held as text (in-memory platforms).
    pub fn texts(&self) -> Option<&[String]> {
        match &*self.store {
            Store::Texts(texts) => Some(texts),
            Store::Blobs(_) => None,
        }
    }

    /// The bodies' `Blob`s, when the browser holds them.
    pub fn blobs(&self) -> Option<&[web_sys::Blob]> {
        match &*self.store {
            Store::Texts(_) => None,
            Store::Blobs(blobs) => Some(blobs),
        }
    }
}

impl std::fmt::Debug for Bodies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bodies({})", self.len())
    }
}

/// Two handles are equal when they share their bodies, are both empty, or hold the same texts:
/// blobs are never read just to compare them.
impl PartialEq for Bodies {
    fn eq(&self, other: &Bodies) -> bool {
        if Arc::ptr_eq(&self.store, &other.store) || (self.is_empty() && other.is_empty()) {
            return true;
        }
        match (&*self.store, &*other.store) {
            (Store::Texts(a), Store::Texts(b)) => a == b,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;

    #[test]
    fn texts_are_read_back_by_index() {
        let bodies = Bodies::from_texts(vec!["{\"a\":1}".into(), "{\"b\":2}".into()]);
        assert_eq!(bodies.len(), 2);
        assert_eq!(block_on(bodies.text(1)).as_deref(), Some("{\"b\":2}"));
        assert_eq!(block_on(bodies.text(2)), None);
        assert!(Bodies::default().is_empty());
    }

    #[test]
    fn handles_compare_by_their_bodies() {
        let one = Bodies::from_texts(vec!["x".into()]);
        assert_eq!(one, one.clone());
        assert_eq!(one, Bodies::from_texts(vec!["x".into()]));
        assert_ne!(one, Bodies::from_texts(vec!["y".into()]));
        assert_ne!(one, Bodies::default());
        assert_eq!(Bodies::default(), Bodies::from_texts(Vec::new()));
    }
}
