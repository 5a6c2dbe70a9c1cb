//! A file the person chose. In the browser it is a handle (a `File`): its bytes are only ever
//! read by the worker. In-memory platforms (tests) hold the bytes themselves.

use std::sync::Arc;

/// A chosen file; cheap to clone (shared).
#[derive(Clone)]
pub struct LocalFile {
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    /// The browser's handle. The page is single-threaded; the wrapper only lets the handle sit
    /// in signals, which ask for `Send + Sync`.
    Browser(send_wrapper::SendWrapper<web_sys::File>),
    /// A name and bytes (tests).
    Memory { name: String, bytes: Arc<[u8]> },
}

impl LocalFile {
    /// The browser's handle of a chosen file.
    pub fn from_browser(file: web_sys::File) -> LocalFile {
        LocalFile {
            kind: Kind::Browser(send_wrapper::SendWrapper::new(file)),
        }
    }

    /// A file held in memory.
    pub fn in_memory(name: &str, bytes: impl Into<Arc<[u8]>>) -> LocalFile {
        LocalFile {
            kind: Kind::Memory {
                name: name.to_owned(),
                bytes: bytes.into(),
            },
        }
    }

    /// The file's name, as the browser gives it.
    pub fn name(&self) -> String {
        match &self.kind {
            Kind::Browser(file) => file.name(),
            Kind::Memory { name, .. } => name.clone(),
        }
    }

    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        match &self.kind {
            Kind::Browser(file) => file.size() as u64,
            Kind::Memory { bytes, .. } => bytes.len() as u64,
        }
    }

    /// The first file of an `<input type="file">`'s change event.
    pub fn from_input_event(ev: &web_sys::Event) -> Option<LocalFile> {
        use wasm_bindgen::JsCast;
        let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
        Some(LocalFile::from_browser(input.files()?.get(0)?))
    }

    /// The browser's handle, when it is one.
    pub fn browser(&self) -> Option<&web_sys::File> {
        match &self.kind {
            Kind::Browser(file) => Some(file),
            Kind::Memory { .. } => None,
        }
    }

    /// The bytes, when the file is held in memory.
    pub fn memory(&self) -> Option<&[u8]> {
        match &self.kind {
            Kind::Browser(_) => None,
            Kind::Memory { bytes, .. } => Some(bytes),
        }
    }

    /// The whole content, read into the page. Only for small files; the File step's files and
    /// the Custom conversions preview's are read by a worker. `None` when the browser cannot
    /// read it.
    pub async fn read_all(&self) -> Option<Vec<u8>> {
        match &self.kind {
            Kind::Browser(file) => {
                let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                    .await
                    .ok()?;
                Some(js_sys::Uint8Array::new(&buffer).to_vec())
            }
            Kind::Memory { bytes, .. } => Some(bytes.to_vec()),
        }
    }
}

impl std::fmt::Debug for LocalFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LocalFile({:?}, {} bytes)", self.name(), self.size())
    }
}

/// Two handles are equal when they are the same browser file, or hold the same name and bytes.
impl PartialEq for LocalFile {
    fn eq(&self, other: &LocalFile) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::Browser(a), Kind::Browser(b)) => **a == **b,
            (Kind::Memory { name: a, bytes: x }, Kind::Memory { name: b, bytes: y }) => {
                a == b && x == y
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_memory_has_its_name_size_and_bytes() {
        let file = LocalFile::in_memory("sales.csv", b"email\na@b.c\n".to_vec());
        assert_eq!(file.name(), "sales.csv");
        assert_eq!(file.size(), 12);
        assert_eq!(file.memory(), Some(&b"email\na@b.c\n"[..]));
        assert!(file.browser().is_none());
        assert_eq!(
            futures_executor::block_on(file.read_all()).as_deref(),
            Some(&b"email\na@b.c\n"[..])
        );
        assert_eq!(file, file.clone());
        assert_ne!(file, LocalFile::in_memory("other.csv", b"email\n".to_vec()));
    }
}
