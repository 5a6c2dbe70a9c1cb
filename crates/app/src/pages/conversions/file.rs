//! Reading the file the person picked, in the page (it is never uploaded).

use crate::platform::LocalFile;

/// A picked file: its name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedFile {
    /// The file's name, as the browser gives it.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// The first file of an `<input type="file">` change event, read into memory.
pub async fn read_picked(ev: leptos::ev::Event) -> Option<PickedFile> {
    let file = LocalFile::from_input_event(&ev)?;
    Some(PickedFile {
        name: file.name(),
        bytes: file.read_all().await?,
    })
}
