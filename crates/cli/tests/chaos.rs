//! A short seeded chaos schedule (the full run is `cargo xtask chaos`): every fault the emulator
//! injects and one expired token, through graph's runner over real HTTP; every event arrives
//! exactly once by `event_id`, except where a drop after processing forced a resend.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

#[test]
fn a_short_seeded_chaos_schedule_delivers_every_event_once() {
    let report = support::chaos::run(20_261_207, 2_000, &mut |_| {}).unwrap();
    assert_eq!(report.events, 2_000);
    assert!(report.batches >= 40, "{report}");
    // The schedule of this seed injects every kind of fault at least once.
    for kind in [
        "throttle_4",
        "throttle_17",
        "throttle_80004",
        "server_error_500",
        "server_error_503",
        "drop_before",
        "drop_after",
        "slow",
        "expired_token",
    ] {
        assert!(report.faults.contains_key(kind), "{kind} missing: {report}");
    }
    assert!(report.retries > 0 && report.resends > 0, "{report}");
    assert!(report.duplicates > 0, "{report}");
}
