//! Upload progress in IndexedDB (database `hashdrop`, object store `uploads`, the key from
//! [`crate::upload_store::UploadKey::id`], the value the record's JSON text).
//!
//! IndexedDB may be missing or refuse (private windows, quotas): every call then fails softly and
//! the upload still runs, only without resume after a reload (the page says so).

use crate::platform::{LocalFuture, UploadProgress, UploadRecords};
use crate::upload_store::StoredUpload;
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DATABASE: &str = "hashdrop";
const STORE: &str = "uploads";
const VERSION: u32 = 1;

/// The browser's IndexedDB.
pub struct IndexedDb;

/// An open database.
struct Store {
    db: IdbDatabase,
}

impl UploadProgress for IndexedDb {
    fn open(&self) -> LocalFuture<Option<Rc<dyn UploadRecords>>> {
        Box::pin(async {
            let store = Store::open().await?;
            Some(Rc::new(store) as Rc<dyn UploadRecords>)
        })
    }
}

impl UploadRecords for Store {
    fn load(&self, key: &str) -> LocalFuture<Option<StoredUpload>> {
        let request = self.read(key);
        Box::pin(async move {
            let value = request_done(&request?).await.ok()?;
            StoredUpload::from_json(&value.as_string()?)
        })
    }

    fn save(&self, record: &StoredUpload) -> LocalFuture<bool> {
        let queued = self
            .write(|store| store.put_with_key(&record.to_json().into(), &record.key.id().into()));
        Box::pin(committed(queued))
    }

    fn delete(&self, key: &str) -> LocalFuture<bool> {
        let queued = self.write(|store| store.delete(&key.into()));
        Box::pin(committed(queued))
    }
}

/// Whether a queued write committed.
async fn committed(queued: Option<JsFuture>) -> bool {
    match queued {
        Some(done) => done.await.is_ok(),
        None => false,
    }
}

/// Resolves with the request's result, or rejects with its error.
fn request_done(request: &IdbRequest) -> JsFuture {
    let request = request.clone();
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::NULL));
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call0(&JsValue::NULL);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    }))
}

/// Resolves when the transaction committed, rejects when it failed or was aborted.
fn transaction_done(transaction: &IdbTransaction) -> JsFuture {
    let transaction = transaction.clone();
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let _ = reject.call0(&JsValue::NULL);
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(failed.as_ref().unchecked_ref()));
        transaction.set_onabort(Some(failed.as_ref().unchecked_ref()));
        // Called at most once, when the transaction ends: the browser drops it with the
        // transaction.
        failed.forget();
    }))
}

impl Store {
    /// Open (and on first use create) the database; `None` when the browser has none to give.
    async fn open() -> Option<Store> {
        let factory = web_sys::window()?.indexed_db().ok()??;
        let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, VERSION).ok()?;
        let upgrading = request.clone();
        let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
            let created = upgrading
                .result()
                .ok()
                .and_then(|db| db.dyn_into::<IdbDatabase>().ok());
            if let Some(db) = created
                && !db.object_store_names().contains(STORE)
            {
                let _ = db.create_object_store(STORE);
            }
        });
        request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        let db = request_done(&request).await.ok()?;
        db.dyn_into::<IdbDatabase>().ok().map(|db| Store { db })
    }

    /// Start reading the record under `key`.
    fn read(&self, key: &str) -> Option<IdbRequest> {
        let transaction = self.db.transaction_with_str(STORE).ok()?;
        transaction.object_store(STORE).ok()?.get(&key.into()).ok()
    }

    fn write(
        &self,
        change: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>,
    ) -> Option<JsFuture> {
        let transaction = self
            .db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .ok()?;
        let store = transaction.object_store(STORE).ok()?;
        change(&store).ok()?;
        Some(transaction_done(&transaction))
    }
}
