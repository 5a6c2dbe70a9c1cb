use crate::platform::LocalFile;
use leptos::prelude::*;

/// A drop zone around a real, labelled `<input type=file>`: drop a file on it, or focus it and
/// press Enter or Space (or use the input itself) to choose one.
#[component]
pub fn FileDrop(
    /// The zone's heading.
    title: Signal<&'static str>,
    /// The hint under it (accepted kinds, keyboard use).
    hint: Signal<&'static str>,
    /// The input's label.
    label: Signal<&'static str>,
    /// Whether a file is being read (the input is disabled meanwhile).
    #[prop(into)]
    busy: Signal<bool>,
    /// Called with the chosen or dropped file.
    on_file: Callback<LocalFile>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let (hover, set_hover) = signal(false);
    let choose = move || {
        if let Some(input) = input.get() {
            input.click();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(ev.key().as_str(), "Enter" | " ") && !busy.get_untracked() {
            ev.prevent_default();
            choose();
        }
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        set_hover.set(true);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        set_hover.set(false);
        if busy.get_untracked() {
            return;
        }
        let file = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            on_file.run(LocalFile::from_browser(file));
        }
    };
    let on_change = move |_| {
        let file = input
            .get()
            .and_then(|i| i.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            on_file.run(LocalFile::from_browser(file));
        }
        // Choosing the same file again must read it again.
        if let Some(input) = input.get() {
            input.set_value("");
        }
    };
    view! {
        <div
            class="drop-zone"
            class:drop-zone-hover=hover
            data-testid="file-drop"
            tabindex="0"
            role="group"
            aria-labelledby="file-drop-title"
            aria-describedby="file-drop-hint"
            on:keydown=on_keydown
            on:dragover=on_dragover
            on:dragleave=move |_| set_hover.set(false)
            on:drop=on_drop
        >
            <p class="drop-zone-title" id="file-drop-title">{title}</p>
            <p class="hint" id="file-drop-hint">{hint}</p>
            <label for="file-input">{label}</label>
            <input
                id="file-input"
                type="file"
                data-testid="file-input"
                accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
                node_ref=input
                prop:disabled=busy
                on:change=on_change
            />
        </div>
    }
}
