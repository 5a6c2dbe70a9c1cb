//! The File step's Web Worker: reads the posted file in slices, prepares it with the events
//! crate and posts progress, then the hashed result (see [`hashdrop_app::worker::protocol`]).
//! Built by Trunk as a worker bin (`data-type="worker"` in index.html); natively it does nothing.

fn main() {
    hashdrop_app::platform::serve_worker();
}
