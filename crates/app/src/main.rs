//! The app's entry point: install the panic hook and mount [`hashdrop_app::App`].

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hashdrop_app::App);
}
