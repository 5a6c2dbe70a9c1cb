//! The app's entry point: install the panic hook and mount [`hashdrop_app::App`].

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(|| view! { <hashdrop_app::App/> });
}
