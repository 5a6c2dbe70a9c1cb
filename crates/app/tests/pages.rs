//! Page tests: the whole [`App`] mounted in a real browser (headless Chromium and Firefox,
//! `cargo xtask test`) on the in-memory platform, so nothing touches the browser's storage or
//! the network, and everything the app stored or asked of the document can be read back.
#![cfg(target_arch = "wasm32")]
// Clippy only recognises `#[test]` functions as tests; these helpers are tests too.
#![allow(clippy::expect_used, clippy::panic)]

use hashdrop_app::App;
use hashdrop_app::platform::Document;
use hashdrop_app::platform::memory::MemoryPlatform;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::mount::{Mounted, settle};

/// Open `path` (the router reads the address) and mount the app on `memory`.
fn open(path: &str, memory: &MemoryPlatform) -> Mounted {
    window()
        .history()
        .expect("a history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .expect("the address replaced");
    let platform = memory.platform();
    Mounted::new(move || view! { <App platform/> })
}

fn attribute(element: &Element, name: &str) -> Option<String> {
    element.get_attribute(name)
}

#[wasm_bindgen_test]
async fn connect_renders_its_form_the_frame_and_the_first_step() {
    let memory = MemoryPlatform::new();
    let app = open("/connect", &memory);
    settle().await;
    app.get("page-connect");
    assert_eq!(app.text("page-title"), "Connect to Meta");
    for id in [
        "connect-token",
        "connect-remember",
        "connect-kind-capi",
        "connect-kind-ocapi",
        "connect-target-id",
        "connect-check",
        "try-email",
        "app-title",
        "lang-switch",
        "steps",
        "privacy-note",
        "nav-manage",
        "nav-conversions",
    ] {
        app.get(id);
    }
    let token: HtmlInputElement = app.get("connect-token").unchecked_into();
    assert_eq!(
        token.type_(),
        "password",
        "the token is never shown in clear"
    );
    assert_eq!(token.value(), "", "no token without an opt-in");
    assert_eq!(
        attribute(&app.get("step-connect"), "aria-current").as_deref(),
        Some("step")
    );
    assert!(attribute(&app.get("step-file"), "aria-current").is_none());
    assert!(
        app.find_id("connect-token-stripped").is_none(),
        "no warning when the address held no token"
    );
    assert_eq!(memory.document.language().as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn the_root_address_opens_connect() {
    let memory = MemoryPlatform::new();
    let app = open("/", &memory);
    settle().await;
    app.get("page-connect");
    assert_eq!(window().location().pathname().as_deref(), Ok("/connect"));
}

#[wasm_bindgen_test]
async fn switching_the_language_rewrites_the_page_and_is_remembered() {
    let memory = MemoryPlatform::new();
    {
        let app = open("/connect", &memory);
        settle().await;
        assert_eq!(
            app.texts(".step-label"),
            ["Connect", "File", "Mapping", "Check", "Send"]
        );
        let privacy = app.text("privacy-note");

        app.get("lang-zh").click();
        settle().await;
        assert_eq!(app.text("page-title"), "连接 Meta");
        assert_eq!(
            app.texts(".step-label"),
            ["连接", "文件", "字段映射", "检查", "发送"]
        );
        assert_ne!(app.text("privacy-note"), privacy, "the footer follows");
        assert_eq!(
            attribute(&app.get("lang-zh"), "aria-pressed").as_deref(),
            Some("true")
        );
        assert_eq!(memory.document.language().as_deref(), Some("zh-Hans"));
        assert_eq!(
            memory
                .storage
                .items()
                .get("hashdrop.lang")
                .map(String::as_str),
            Some("zh-Hans")
        );
    }
    // The next visit (same storage) opens in Chinese.
    let again = open("/connect", &memory);
    settle().await;
    assert_eq!(again.text("page-title"), "连接 Meta");
    again.get("lang-en").click();
    settle().await;
    assert_eq!(again.text("page-title"), "Connect to Meta");
    assert_eq!(memory.document.language().as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn the_browsers_preferred_language_is_the_first_choice() {
    let memory = MemoryPlatform::new();
    memory.document.prefer_language("zh-CN");
    let app = open("/connect", &memory);
    settle().await;
    assert_eq!(app.text("page-title"), "连接 Meta");
}

#[wasm_bindgen_test]
async fn a_token_in_the_address_is_removed_and_never_used() {
    let memory = MemoryPlatform::new();
    memory
        .document
        .open_with_query("?graph=http://127.0.0.1:8787&access_token=EAAB-secret&v=v24.0");
    let app = open("/connect", &memory);
    settle().await;
    app.get("connect-token-stripped");
    app.get("connect-preset-notice");
    let token: HtmlInputElement = app.get("connect-token").unchecked_into();
    assert_eq!(token.value(), "");
    assert_eq!(
        memory.document.query(),
        "?graph=http://127.0.0.1:8787&v=v24.0",
        "the address keeps everything but the token"
    );
    // The rest of the address was applied.
    let emulator: HtmlInputElement = app.get("connect-endpoint-emulator").unchecked_into();
    assert!(emulator.checked());
    let url: HtmlInputElement = app.get("connect-emulator-url").unchecked_into();
    assert_eq!(url.value(), "http://127.0.0.1:8787");
    let version: HtmlInputElement = app.get("connect-version").unchecked_into();
    assert_eq!(version.value(), "v24.0");
}
