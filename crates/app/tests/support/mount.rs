//! Mounting a view in a real browser for a test, shared by the component tests
//! (`src/components/tests.rs`) and the page tests (`tests/pages.rs`).
// Clippy only recognises `#[test]` functions as tests; these helpers are tests too.
#![allow(clippy::expect_used, clippy::panic)]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A view mounted in its own `<div>` of the test page; dropping it unmounts the view and removes
/// the `<div>`, so tests never see each other's nodes.
pub struct Mounted {
    root: HtmlElement,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Mounted {
    /// Mount `view`.
    pub fn new<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Mounted {
        let document = document();
        let root: HtmlElement = document
            .create_element("div")
            .expect("a div")
            .unchecked_into();
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("appended");
        let handle = mount_to(root.clone(), view);
        Mounted {
            root,
            handle: Some(Box::new(handle)),
        }
    }

    /// The element with `data-testid="{id}"`, if it is there.
    pub fn find_id(&self, id: &str) -> Option<HtmlElement> {
        self.find(&format!("[data-testid=\"{id}\"]"))
            .map(JsCast::unchecked_into)
    }

    /// The element with `data-testid="{id}"`.
    pub fn get(&self, id: &str) -> HtmlElement {
        self.find_id(id)
            .unwrap_or_else(|| panic!("no [data-testid={id}] in {}", self.root.inner_html()))
    }

    /// The text of the element with `data-testid="{id}"`.
    pub fn text(&self, id: &str) -> String {
        self.get(id).text_content().unwrap_or_default()
    }

    /// The first element matching `selector`, if any.
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root
            .query_selector(selector)
            .expect("a valid selector")
    }

    /// The text of every element matching `selector`, in document order.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let list = self
            .root
            .query_selector_all(selector)
            .expect("a valid selector");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|node| node.text_content().unwrap_or_default())
            .collect()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.handle.take());
        self.root.remove();
    }
}

/// Let effects, the router and re-renders run.
pub async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}
