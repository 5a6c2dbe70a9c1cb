//! Component tests: each component mounted on its own in a real browser (headless Chromium and
//! Firefox, `cargo xtask test`), driven through the DOM the way a person would (typing, clicking,
//! dropping a file), with its props as signals and callbacks. Nothing here touches the real
//! storage or network: a component that needs the shared state gets one on the in-memory
//! platform.
// Clippy only recognises `#[test]` functions as tests; these helpers are tests too.
#![allow(clippy::expect_used, clippy::panic)]

use super::{CsvDownload, DataTable, FileDrop, HashTryout, LangSwitch, StepIndicator, TableData};
use super::{TextField, hash_tryout::email_preview};
use crate::i18n::Lang;
use crate::platform::LocalFile;
use crate::platform::memory::MemoryPlatform;
use crate::state::AppState;
use crate::steps::Step;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../../tests/support/mount.rs"]
mod mount;
use mount::{Mounted, settle};

/// Type `text` into `input` as a person would: the value changes, then `input` fires.
fn type_into(input: &HtmlElement, text: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("an input event");
    input.dispatch_event(&event).expect("dispatched");
}

fn sample_table() -> TableData {
    let mut data = TableData::new(["Day", "Events"]);
    data.rows.push(vec!["2026-12-01".into(), "1000".into()]);
    data.rows.push(vec!["2026-12-02".into(), "-5".into()]);
    data
}

#[wasm_bindgen_test]
async fn the_table_shows_headers_rows_and_caption_and_follows_its_data() {
    let data = RwSignal::new(sample_table());
    let page = Mounted::new(move || {
        view! {
            <DataTable
                data=data.into()
                caption=Signal::derive(|| "Uploads".to_owned())
                id="uploads"
                testid="uploads-table"
            />
        }
    });
    settle().await;
    let table = page.get("uploads-table");
    assert_eq!(table.id(), "uploads");
    assert_eq!(page.texts("thead th"), ["Day", "Events"]);
    assert_eq!(page.texts("tbody tr"), ["2026-12-011000", "2026-12-02-5"]);
    let caption = page.find("caption").expect("a caption");
    assert_eq!(caption.text_content().as_deref(), Some("Uploads"));
    // The scrolling region is named by the caption, for screen readers.
    let region = page.find("[role=region]").expect("a region");
    assert_eq!(
        region.get_attribute("aria-labelledby").as_deref(),
        Some("uploads-caption")
    );
    assert_eq!(caption.id(), "uploads-caption");

    data.update(|d| d.rows.truncate(1));
    settle().await;
    assert_eq!(page.texts("tbody tr"), ["2026-12-011000"]);
}

#[wasm_bindgen_test]
async fn the_csv_button_downloads_the_table_through_the_platform() {
    let memory = MemoryPlatform::new();
    let platform = memory.platform();
    let page = Mounted::new(move || {
        provide_context(AppState::new(platform));
        view! {
            <CsvDownload
                data=Signal::derive(sample_table)
                filename="uploads.csv"
                text=Signal::derive(|| "Download CSV")
                testid="uploads-csv"
            />
        }
    });
    settle().await;
    let button = page.get("uploads-csv");
    assert_eq!(button.text_content().as_deref(), Some("Download CSV"));
    assert!(
        memory.downloads.saved().is_empty(),
        "nothing before the click"
    );
    button.click();
    settle().await;
    let saved = memory.downloads.saved();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].filename, "uploads.csv");
    assert_eq!(saved[0].mime, "text/csv;charset=utf-8");
    assert_eq!(
        saved[0].text,
        "Day,Events\r\n2026-12-01,1000\r\n2026-12-02,-5\r\n"
    );
}

#[wasm_bindgen_test]
async fn the_step_indicator_marks_the_current_step_and_the_ones_done() {
    let current = RwSignal::new(Some(Step::Mapping));
    let lang = RwSignal::new(Lang::En);
    let page = Mounted::new(move || {
        view! { <StepIndicator current=current.into() lang=lang.into()/> }
    });
    settle().await;
    let nav = page.get("steps");
    assert_eq!(
        nav.get_attribute("aria-label").as_deref(),
        Some("Upload steps")
    );
    let links: Vec<HtmlElement> = Step::ALL
        .iter()
        .map(|step| page.get(&format!("step-{}", step.slug())))
        .collect();
    for (link, step) in links.iter().zip(Step::ALL) {
        assert_eq!(link.get_attribute("href").as_deref(), Some(step.path()));
    }
    let marked = |link: &HtmlElement| {
        let item = link.parent_element().expect("the link's <li>");
        (
            link.get_attribute("aria-current"),
            item.class_list().contains("current"),
            item.class_list().contains("done"),
        )
    };
    assert_eq!(marked(&links[0]), (None, false, true), "Connect is done");
    assert_eq!(marked(&links[1]), (None, false, true), "File is done");
    assert_eq!(marked(&links[2]), (Some("step".into()), true, false));
    assert_eq!(marked(&links[3]), (None, false, false));
    assert_eq!(
        page.texts(".step-label"),
        ["Connect", "File", "Mapping", "Check", "Send"]
    );

    current.set(Some(Step::Send));
    lang.set(Lang::ZhHans);
    settle().await;
    assert_eq!(marked(&links[2]), (None, false, true));
    assert_eq!(marked(&links[4]), (Some("step".into()), true, false));
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("上传步骤"));
    assert_eq!(
        page.texts(".step-label"),
        ["连接", "文件", "字段映射", "检查", "发送"]
    );

    // Off the flow (the Manage pages): nothing is current, nothing done.
    current.set(None);
    settle().await;
    assert!(page.find("[aria-current]").is_none());
    assert!(page.find(".done").is_none());
}

#[wasm_bindgen_test]
async fn the_lang_switch_reports_the_choice_and_shows_the_pressed_button() {
    let lang = RwSignal::new(Lang::En);
    let chosen = RwSignal::new(Vec::new());
    let page = Mounted::new(move || {
        let on_change = Callback::new(move |choice: Lang| {
            chosen.update(|c| c.push(choice));
            lang.set(choice);
        });
        view! { <LangSwitch lang=lang.into() on_change/> }
    });
    settle().await;
    let (en, zh) = (page.get("lang-en"), page.get("lang-zh"));
    assert_eq!(en.text_content().as_deref(), Some("English"));
    assert_eq!(zh.text_content().as_deref(), Some("简体中文"));
    // Each button names its language in that language, for screen readers.
    assert_eq!(zh.get_attribute("lang").as_deref(), Some("zh-Hans"));
    assert_eq!(en.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(zh.get_attribute("aria-pressed").as_deref(), Some("false"));
    let group = page.get("lang-switch");
    assert_eq!(
        group.get_attribute("aria-label").as_deref(),
        Some("Language")
    );

    zh.click();
    settle().await;
    assert_eq!(chosen.get_untracked(), [Lang::ZhHans]);
    assert_eq!(en.get_attribute("aria-pressed").as_deref(), Some("false"));
    assert_eq!(zh.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(group.get_attribute("aria-label").as_deref(), Some("语言"));

    en.click();
    settle().await;
    assert_eq!(chosen.get_untracked(), [Lang::ZhHans, Lang::En]);
    assert_eq!(en.get_attribute("aria-pressed").as_deref(), Some("true"));
}

/// A browser `File` named `name` holding `text`.
fn browser_file(name: &str, text: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&text.into());
    web_sys::File::new_with_str_sequence(&parts, name).expect("a File")
}

/// Drop `file` on `target` as the browser does after a drag.
fn drop_file(target: &HtmlElement, file: &web_sys::File) -> web_sys::DragEvent {
    let transfer = web_sys::DataTransfer::new().expect("a DataTransfer");
    transfer
        .items()
        .add_with_file(file)
        .expect("the file added");
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let event = web_sys::DragEvent::new_with_event_init_dict("drop", &init).expect("a drop event");
    target.dispatch_event(&event).expect("dispatched");
    event
}

fn drag_over(target: &HtmlElement) {
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::DragEvent::new_with_event_init_dict("dragover", &init).expect("a dragover");
    target.dispatch_event(&event).expect("dispatched");
}

#[wasm_bindgen_test]
async fn the_file_drop_hands_over_a_dropped_file_unless_busy() {
    let busy = RwSignal::new(false);
    let received = RwSignal::new(Vec::<(String, u64)>::new());
    let page = Mounted::new(move || {
        let on_file = Callback::new(move |file: LocalFile| {
            received.update(|r| r.push((file.name(), file.size())));
        });
        view! {
            <FileDrop
                title=Signal::derive(|| "Drop a CSV here")
                hint=Signal::derive(|| "CSV, TSV or TXT")
                label=Signal::derive(|| "Choose a file")
                busy
                on_file
            />
        }
    });
    settle().await;
    let zone = page.get("file-drop");
    let input: HtmlInputElement = page.get("file-input").unchecked_into();
    assert_eq!(
        zone.get_attribute("aria-labelledby").as_deref(),
        Some("file-drop-title")
    );
    assert_eq!(
        page.find("#file-drop-title")
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("Drop a CSV here")
    );
    let label = page.find("label").expect("a label");
    assert_eq!(
        label.get_attribute("for").as_deref(),
        Some(input.id().as_str())
    );
    assert!(input.accept().contains(".csv"));
    assert!(!input.disabled());

    drag_over(&zone);
    settle().await;
    assert!(
        zone.class_list().contains("drop-zone-hover"),
        "the zone lights up"
    );

    let event = drop_file(&zone, &browser_file("sales.csv", "email\na@example.com\n"));
    settle().await;
    assert!(
        event.default_prevented(),
        "the browser must not open the file"
    );
    assert!(!zone.class_list().contains("drop-zone-hover"));
    assert_eq!(received.get_untracked(), [("sales.csv".to_owned(), 20)]);

    busy.set(true);
    settle().await;
    assert!(input.disabled(), "no second file while one is read");
    drop_file(&zone, &browser_file("other.csv", "x"));
    settle().await;
    assert_eq!(
        received.get_untracked().len(),
        1,
        "a drop while busy is ignored"
    );
}

#[wasm_bindgen_test]
async fn the_hash_tryout_hashes_what_is_typed_in_the_page() {
    let lang = RwSignal::new(Lang::En);
    let page = Mounted::new(move || view! { <HashTryout lang=lang.into()/> });
    settle().await;
    let input = page.get("try-email");
    let output = page.get("try-email-hash");
    assert_eq!(page.text("try-email-hash"), "");
    assert_eq!(
        page.find("h2").and_then(|h| h.text_content()).as_deref(),
        Some(Lang::En.t(tr!(try_title)))
    );

    type_into(&input, "John_Smith@gmail.com");
    settle().await;
    assert_eq!(
        output.text_content().as_deref(),
        Some("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f")
    );
    type_into(&input, "nope");
    settle().await;
    let reason = output.text_content().unwrap_or_default();
    assert_eq!(reason, email_preview("nope"));
    assert!(reason.starts_with("em: "), "{reason}");

    lang.set(Lang::ZhHans);
    settle().await;
    assert_eq!(
        page.find("h2").and_then(|h| h.text_content()).as_deref(),
        Some(Lang::ZhHans.t(tr!(try_title)))
    );
    assert_eq!(
        output.text_content().as_deref(),
        Some(reason.as_str()),
        "kept across a switch"
    );
}

#[wasm_bindgen_test]
async fn the_text_field_reports_every_edit_and_shows_the_value_it_is_given() {
    let value = RwSignal::new("act_1".to_owned());
    let edits = RwSignal::new(Vec::new());
    let page = Mounted::new(move || {
        let on_input = Callback::new(move |text: String| {
            edits.update(|e| e.push(text.clone()));
            value.set(text);
        });
        view! {
            <TextField
                id="account"
                testid="account-id"
                inputmode="numeric"
                label=Signal::derive(|| "Ad account")
                hint=Signal::derive(|| "Digits only")
                value=value.into()
                on_input
            />
        }
    });
    settle().await;
    let input: HtmlInputElement = page.get("account-id").unchecked_into();
    assert_eq!(input.value(), "act_1");
    assert_eq!(input.type_(), "text");
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    let label = page.find("label").expect("a label");
    assert_eq!(label.get_attribute("for").as_deref(), Some("account"));
    assert_eq!(label.text_content().as_deref(), Some("Ad account"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("account-hint")
    );
    assert_eq!(
        page.find("#account-hint")
            .and_then(|h| h.text_content())
            .as_deref(),
        Some("Digits only")
    );

    type_into(input.unchecked_ref(), "act_200000000000002");
    settle().await;
    assert_eq!(edits.get_untracked(), ["act_200000000000002"]);

    // A value set from outside (a preset, a reset) reaches the input.
    value.set(String::new());
    settle().await;
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
async fn a_text_field_without_a_hint_describes_nothing() {
    let page = Mounted::new(move || {
        view! {
            <TextField
                id="token"
                testid="token"
                input_type="password"
                label=Signal::derive(|| "Access token")
                value=Signal::derive(String::new)
                on_input=Callback::new(|_: String| {})
            />
        }
    });
    settle().await;
    let input: HtmlInputElement = page.get("token").unchecked_into();
    assert_eq!(input.type_(), "password");
    assert!(input.get_attribute("aria-describedby").is_none());
    assert!(page.find(".hint").is_none());
}
