//! Reading the file the person picked, in the page (it is never uploaded).

/// A picked file: its name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedFile {
    /// The file's name, as the browser gives it.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// The first file of an `<input type="file">` change event, read into memory.
#[cfg(target_arch = "wasm32")]
pub async fn read_picked(ev: leptos::ev::Event) -> Option<PickedFile> {
    use wasm_bindgen::JsCast;
    use web_sys::js_sys::Uint8Array;
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(PickedFile {
        name: file.name(),
        bytes: Uint8Array::new(&buffer).to_vec(),
    })
}

/// Natively there is no file picker.
#[cfg(not(target_arch = "wasm32"))]
pub async fn read_picked(_ev: leptos::ev::Event) -> Option<PickedFile> {
    None
}
