//! A file cut into slices on record boundaries, each slice prepared on its own, and the results
//! put together in file order: exactly one pass over the whole file.
#![cfg(not(target_arch = "wasm32"))]
// Test code: a broken fixture must fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
mod common;

use events::csv::{CsvReader, Record};
use events::settings::FileInfo;
use events::slices::{self, Combination, FileDigest, Layout, LayoutReader, SliceBounds, Slicer};
use events::synthetic::{SETTINGS_JSON, SyntheticFile};
use events::{Finished, Output, Settings, prepare_bytes};
use proptest::prelude::*;

const NOW: i64 = 1795132800;

/// Everything a preparation gives, as comparable text: batches (index, rows, body, digest),
/// rejections, warnings, previews, summary, mapping, detection, header, dialect, identity.
fn everything(finished: &Finished) -> Vec<String> {
    let mut all: Vec<String> = finished
        .output
        .batches
        .iter()
        .map(|b| format!("{} {:?} {} {}", b.index, b.rows, b.to_json(), b.digest()))
        .collect();
    let json = |v: Result<String, serde_json::Error>| v.unwrap();
    all.push(json(serde_json::to_string(&finished.output.rejected)));
    all.push(json(serde_json::to_string(&finished.output.warnings)));
    all.push(json(serde_json::to_string(&finished.output.previews)));
    all.push(json(serde_json::to_string(&finished.summary)));
    all.push(json(serde_json::to_string(&finished.mapping)));
    all.push(json(serde_json::to_string(&finished.detection)));
    all.push(format!(
        "{} {:?} {:?}",
        finished.header, finished.dialect, finished.file
    ));
    all
}

/// `prepare_bytes` and `prepare_sliced` in `count` slices give the same everything (or the
/// same error).
fn assert_same(settings: &Settings, input: &[u8], count: usize, what: &str) {
    let whole = prepare_bytes(settings.clone(), input);
    let sliced = slices::prepare_sliced(settings.clone(), input, count);
    match (whole, sliced) {
        (Ok(whole), Ok(sliced)) => {
            let (whole, sliced) = (everything(&whole), everything(&sliced));
            assert_eq!(
                whole.len(),
                sliced.len(),
                "{what}, {count} slices: batch count"
            );
            for (w, s) in whole.iter().zip(&sliced) {
                assert_eq!(w, s, "{what}, {count} slices");
            }
        }
        (Err(whole), Err(sliced)) => assert_eq!(whole, sliced, "{what}, {count} slices"),
        (whole, sliced) => panic!(
            "{what}, {count} slices: {:?} against {:?}",
            whole.err(),
            sliced.err()
        ),
    }
}

#[test]
fn every_case_in_1_2_4_and_7_slices_is_one_pass() {
    for (name, input, settings, _) in common::CASES {
        let mut settings: Settings = serde_json::from_str(settings).unwrap();
        // Small batches, so that batches cross the slices' boundaries.
        settings.max_batch_events = Some(7);
        settings.preview_rows = 5;
        settings.file = Some(FileInfo {
            name: format!("{name}.csv"),
            size: input.len() as u64,
        });
        for count in [1, 2, 4, 7] {
            assert_same(&settings, input, count, name);
        }
    }
}

fn synthetic(rows: u64) -> Vec<u8> {
    let mut file = SyntheticFile::new(rows);
    let mut bytes = Vec::new();
    let mut chunk = Vec::new();
    while file.next_chunk(&mut chunk, 1 << 16) {
        bytes.extend_from_slice(&chunk);
    }
    bytes
}

#[test]
fn a_generated_file_in_1_2_4_and_7_slices_is_one_pass() {
    let input = synthetic(5_000);
    let settings = Settings::from_json(SETTINGS_JSON).unwrap();
    let cuts = slices::cut(&input, &slices::layout_of(&settings, &input).unwrap(), 7);
    assert_eq!(cuts.len(), 7, "5,000 rows are cut in 7");
    for count in [1, 2, 4, 7] {
        assert_same(&settings, &input, count, "synthetic");
    }
}

/// Slices prepared in any order (here the last first), each knowing only its bytes, its start
/// and the layout, then combined in file order.
#[test]
fn slices_prepared_in_any_order_combine_to_one_pass() {
    let input = synthetic(3_000);
    let mut settings = Settings::from_json(SETTINGS_JSON).unwrap();
    settings.max_batch_events = Some(333);
    settings.file = Some(FileInfo {
        name: "s.csv".into(),
        size: input.len() as u64,
    });
    let layout = slices::layout_of(&settings, &input).unwrap();
    let bounds = slices::cut(&input, &layout, 4);
    let mut prepared: Vec<Finished> = bounds
        .iter()
        .rev()
        .map(|b| slices::prepare_slice(settings.clone(), &layout, &input, *b).unwrap())
        .collect();
    prepared.reverse();
    let mut combination = Combination::new(&settings, &layout).unwrap();
    let mut output = Output::default();
    for finished in prepared {
        output.append(combination.add_slice(finished));
    }
    let mut digest = FileDigest::new(&settings);
    digest.update(&input);
    let mut combined = combination.finish(digest.finish());
    output.append(std::mem::take(&mut combined.output));
    combined.output = output;
    let whole = prepare_bytes(settings, &input).unwrap();
    assert_eq!(everything(&combined), everything(&whole));
    assert!(whole.file.is_some());
}

/// Outputs taken apart (events as row and text, counts on their own), as they come back from a
/// Web Worker, combine to one pass; every rejection code is found again from its text.
#[test]
fn outputs_taken_apart_combine_to_one_pass() {
    let input = synthetic(2_000);
    let mut settings = Settings::from_json(SETTINGS_JSON).unwrap();
    settings.max_batch_events = Some(150);
    let layout = slices::layout_of(&settings, &input).unwrap();
    let mut combination = Combination::new(&settings, &layout).unwrap();
    let mut output = Output::default();
    for bounds in slices::cut(&input, &layout, 3) {
        let finished = slices::prepare_slice(settings.clone(), &layout, &input, bounds).unwrap();
        let texts: Vec<(u64, String)> = finished
            .output
            .batches
            .iter()
            .flat_map(|b| b.rows.iter().copied().zip(b.events().map(str::to_owned)))
            .collect();
        let Output {
            rejected,
            warnings,
            previews,
            ..
        } = finished.output;
        output.append(combination.add_events(
            texts.iter().map(|(row, text)| (*row, text.as_str())),
            rejected,
            warnings,
            previews,
        ));
        combination.add_counts(&finished.summary);
    }
    let mut combined = combination.finish(None);
    output.append(std::mem::take(&mut combined.output));
    combined.output = output;
    assert_eq!(
        everything(&combined),
        everything(&prepare_bytes(settings, &input).unwrap())
    );
    for code in events::row::RejectCode::ALL {
        assert_eq!(events::row::RejectCode::from_code(code.code()), Some(code));
    }
    assert_eq!(events::row::RejectCode::from_code("bad"), None);
}

/// The streaming path the command line takes: the layout from the first chunks, a slicer fed
/// the same chunks, each slice prepared from its bytes, the outputs combined as they come.
fn streamed(settings: &Settings, input: &[u8], chunk: usize, per_slice: usize) -> Finished {
    let mut reader = LayoutReader::new(settings).unwrap();
    let mut layout: Option<Layout> = None;
    for piece in input.chunks(chunk) {
        if let Some(found) = reader.feed(piece).unwrap() {
            layout = Some(found);
            break;
        }
    }
    let layout = layout.unwrap_or_else(|| reader.finish().unwrap());
    let mut slicer = Slicer::new(&layout, per_slice);
    let mut combination = Combination::new(settings, &layout).unwrap();
    let mut output = Output::default();
    let mut next = 0;
    let mut prepare = |slice: slices::Slice, output: &mut Output| {
        assert_eq!(slice.index, next, "slices come in file order");
        next += 1;
        let mut preparation = layout
            .preparation(settings.clone(), slice.start, slice.records_before)
            .unwrap();
        preparation.feed(&slice.bytes).unwrap();
        output.append(combination.add(preparation.take_output()));
        output.append(combination.add_slice(preparation.finish().unwrap()));
    };
    let mut total = 0;
    for piece in input.chunks(chunk) {
        for slice in slicer.feed(piece) {
            assert!(slice.bytes.len() >= per_slice, "a slice under its size");
            total += slice.bytes.len();
            prepare(slice, &mut output);
        }
    }
    if let Some(slice) = slicer.finish() {
        total += slice.bytes.len();
        prepare(slice, &mut output);
    }
    assert_eq!(total, input.len(), "the slices hold every byte once");
    let mut finished = combination.finish(None);
    output.append(std::mem::take(&mut finished.output));
    finished.output = output;
    finished
}

#[test]
fn a_generated_file_streamed_in_slices_is_one_pass() {
    let input = synthetic(4_000);
    let mut settings = Settings::from_json(SETTINGS_JSON).unwrap();
    settings.max_batch_events = Some(250);
    let whole = everything(&prepare_bytes(settings.clone(), &input).unwrap());
    for (chunk, per_slice) in [(1 << 16, 1 << 16), (4096, 50_000), (100_000, 7_000)] {
        assert_eq!(
            everything(&streamed(&settings, &input, chunk, per_slice)),
            whole,
            "chunks of {chunk}, slices of {per_slice}"
        );
    }
}

/// Records (number, fields) of one pass over `input`.
fn records(input: &[u8]) -> Result<Vec<(u64, Vec<String>)>, events::csv::CsvError> {
    let mut reader = CsvReader::new(None);
    let mut rows = Vec::new();
    let mut collect =
        |r: Record<'_>| rows.push((r.number(), r.iter().map(String::from).collect::<Vec<_>>()));
    for piece in input.chunks(4096) {
        reader.feed(piece, &mut collect)?;
    }
    reader.finish(&mut collect)?;
    Ok(rows)
}

/// Records of each slice, read on its own as a slice's preparation reads it.
fn records_of_slices(
    input: &[u8],
    layout: &Layout,
    slices: &[SliceBounds],
) -> Result<Vec<(u64, Vec<String>)>, events::csv::CsvError> {
    let delimiter = layout.dialect().delimiter.unwrap();
    let mut rows = Vec::new();
    for bounds in slices {
        let mut reader = if bounds.start == 0 {
            CsvReader::new(Some(delimiter))
        } else {
            CsvReader::resume(delimiter, bounds.records_before)
        };
        let mut collect =
            |r: Record<'_>| rows.push((r.number(), r.iter().map(String::from).collect::<Vec<_>>()));
        reader.feed(&input[bounds.start..bounds.end], &mut collect)?;
        reader.finish(&mut collect)?;
    }
    Ok(rows)
}

/// One cell as a spreadsheet writes it: quoted when it must be, quotes doubled.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z]{1,8}@[a-z]{1,6}\\.(com|de)",
        "\\+?[0-9 ()-]{6,14}",
        "[A-Za-zé€ ]{0,8}",
        "2026-1[01]-[0-2][0-9]( [01][0-9]:[0-5][0-9])?",
        "[0-9]{1,3}(\\.[0-9]{2})?",
        // Quoted newlines, doubled quotes, delimiters and CRLF inside a field.
        "[a-z\",;\\n\\r]{0,10}",
    ]
}

/// A CSV file: a header or none, LF, CRLF or CR line ends, a byte order mark or none, comma
/// or semicolon, fields quoted when needed, blank lines now and then.
fn csv_file() -> impl Strategy<Value = Vec<u8>> {
    let row = proptest::collection::vec(cell(), 6);
    (
        proptest::collection::vec((row, any::<bool>()), 0..60),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        prop_oneof![Just(','), Just(';')],
    )
        .prop_map(|(rows, header, bom, end, delimiter)| {
            let mut text = String::new();
            if bom {
                text.push('\u{FEFF}');
            }
            if header {
                text.push_str(
                    &["email", "phone", "name", "time", "value", "note"]
                        .join(&delimiter.to_string()),
                );
                text.push_str(end);
            }
            for (row, blank) in rows {
                let cells: Vec<String> = row
                    .into_iter()
                    .map(|c| {
                        if c.contains([delimiter, '"', '\n', '\r']) {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c
                        }
                    })
                    .collect();
                text.push_str(&cells.join(&delimiter.to_string()));
                text.push_str(end);
                if blank {
                    text.push_str(end);
                }
            }
            text.into_bytes()
        })
}

/// Bytes from a small alphabet rich in quotes, delimiters and line ends: CSV a spreadsheet
/// would never write (stray quotes, text after a closing quote, unclosed quotes), which the
/// slices must still read exactly as one pass does.
fn raw_file() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("a"),
        Just("\""),
        Just(","),
        Just("\n"),
        Just("\r"),
        Just(";"),
        Just("é"),
        Just("\u{FEFF}"),
    ];
    (proptest::collection::vec(piece, 0..400), any::<bool>()).prop_map(|(pieces, bom)| {
        let mut text = String::from(if bom { "\u{FEFF}" } else { "" });
        text.extend(pieces);
        text.into_bytes()
    })
}

fn settings() -> Settings {
    let mut settings = Settings::new(NOW);
    settings.event_name = Some("Purchase".into());
    settings.currency = Some("USD".into());
    settings.max_batch_events = Some(3);
    settings.preview_rows = 4;
    settings
}

/// The records of a file cut in `count` slices by [`slices::cut`] are those of one pass.
fn check_records(input: &[u8], count: usize) -> Result<(), TestCaseError> {
    let Ok(layout) = slices::layout_of(&Settings::new(NOW), input) else {
        return Ok(());
    };
    let cuts = slices::cut(input, &layout, count);
    prop_assert!(cuts.len() <= count.max(1));
    prop_assert_eq!(cuts[0].start, 0);
    prop_assert_eq!(cuts.last().map(|c| c.end), Some(input.len()));
    for pair in cuts.windows(2) {
        prop_assert_eq!(pair[0].end, pair[1].start);
        prop_assert!(pair[0].start < pair[0].end);
    }
    match (records(input), records_of_slices(input, &layout, &cuts)) {
        (Ok(whole), Ok(sliced)) => prop_assert_eq!(whole, sliced),
        (Err(whole), Err(sliced)) => prop_assert_eq!(whole, sliced),
        (whole, sliced) => prop_assert!(false, "{:?} against {:?}", whole.err(), sliced.err()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn slices_read_the_records_of_one_pass(file in csv_file(), count in 1usize..12) {
        check_records(&file, count)?;
    }

    #[test]
    fn slices_of_malformed_csv_read_the_records_of_one_pass(file in raw_file(), count in 1usize..12) {
        check_records(&file, count)?;
    }

}

proptest! {
    // Each case prepares the file up to nine times.
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn slices_prepare_what_one_pass_prepares(file in csv_file(), count in 1usize..9) {
        let whole = prepare_bytes(settings(), &file).map(|f| everything(&f));
        let sliced = slices::prepare_sliced(settings(), &file, count).map(|f| everything(&f));
        prop_assert_eq!(whole, sliced);
    }

    #[test]
    fn a_streamed_slicer_cuts_where_records_end(
        file in csv_file(),
        chunk in 1usize..200,
        per_slice in 1usize..300,
    ) {
        let Ok(layout) = slices::layout_of(&Settings::new(NOW), &file) else {
            return Ok(());
        };
        let mut slicer = Slicer::new(&layout, per_slice);
        let mut slices = Vec::new();
        for piece in file.chunks(chunk) {
            slices.extend(slicer.feed(piece));
        }
        slices.extend(slicer.finish());
        let cuts: Vec<SliceBounds> = slices
            .iter()
            .map(|s| SliceBounds {
                start: s.start as usize,
                end: s.start as usize + s.bytes.len(),
                records_before: s.records_before,
            })
            .collect();
        let joined: Vec<u8> = slices.iter().flat_map(|s| s.bytes.clone()).collect();
        prop_assert_eq!(&joined, &file);
        prop_assert_eq!(records(&file).ok(), records_of_slices(&file, &layout, &cuts).ok());
    }
}

#[test]
fn a_boundary_inside_a_quoted_field_is_not_taken() {
    // Every line break but the record ends lies inside quotes; a cut after any of them would
    // start a slice inside a field.
    let mut file = String::from("email,note\n");
    for i in 0..200 {
        file.push_str(&format!(
            "u{i}@example.com,\"line one\nline \"\"two\"\"\n,three\"\n"
        ));
    }
    let input = file.as_bytes();
    let layout = slices::layout_of(&Settings::new(NOW), input).unwrap();
    for count in 2..40 {
        let cuts = slices::cut(input, &layout, count);
        for c in &cuts[1..] {
            assert!(
                input[c.start..].starts_with(b"u"),
                "{count} slices: a slice starts at byte {} inside a record",
                c.start
            );
            // The header, and one record per record start ("\nu") before this one.
            let starts = input[..=c.start].windows(2).filter(|w| w == b"\nu").count();
            assert_eq!(c.records_before, starts as u64);
        }
        assert_eq!(
            records_of_slices(input, &layout, &cuts).unwrap(),
            records(input).unwrap()
        );
    }
}

#[test]
fn a_byte_order_mark_past_the_start_is_text() {
    // A record that starts with the bytes of a byte order mark, where a slice may begin: the
    // slice's parser must keep them, as one pass does.
    let input = "\u{FEFF}a,b\n1,2\n\u{FEFF}x,y\n3,4\n".as_bytes();
    let layout = slices::layout_of(&Settings::new(NOW), input).unwrap();
    let cuts = slices::cut(input, &layout, 2);
    assert_eq!(cuts.len(), 2);
    assert!(input[cuts[1].start..].starts_with("\u{FEFF}x".as_bytes()));
    let sliced = records_of_slices(input, &layout, &cuts).unwrap();
    assert_eq!(sliced, records(input).unwrap());
    assert_eq!(sliced[2].1[0], "\u{FEFF}x");
}

#[test]
fn an_invalid_record_is_named_by_its_number_in_the_file() {
    let mut file = b"email,value\n".to_vec();
    for i in 0..100 {
        file.extend_from_slice(format!("u{i}@example.com,{i}\n").as_bytes());
    }
    file.extend_from_slice(b"Jos\xe9@example.com,1\n");
    for i in 0..10 {
        file.extend_from_slice(format!("v{i}@example.com,{i}\n").as_bytes());
    }
    let whole = prepare_bytes(settings(), &file).unwrap_err();
    assert_eq!(whole.code(), "invalid_utf8");
    for count in [2, 4, 7] {
        assert_eq!(
            slices::prepare_sliced(settings(), &file, count).unwrap_err(),
            whole
        );
    }
}

/// Slices prepared apart, their outputs sent as bytes (as a Web Worker posts them) and
/// combined in file order.
fn through_the_wire(settings: &Settings, input: &[u8], count: usize) -> Finished {
    let layout = slices::layout_of(settings, input).unwrap();
    let mut combination = Combination::new(settings, &layout).unwrap();
    let mut output = Output::default();
    for bounds in slices::cut(input, &layout, count) {
        let finished = slices::prepare_slice(settings.clone(), &layout, input, bounds).unwrap();
        let bytes = slices::SliceOutput::from(finished).encode();
        output.append(combination.add_slice(slices::SliceOutput::decode(&bytes).unwrap()));
    }
    let mut combined = combination.finish(None);
    output.append(std::mem::take(&mut combined.output));
    combined.output = output;
    combined
}

/// Through the wire: one pass, previews, warnings and rejections included.
#[test]
fn slices_through_the_wire_combine_to_one_pass() {
    let mut messy = Vec::new();
    let mut file = SyntheticFile::messy(3_000);
    let mut chunk = Vec::new();
    while file.next_chunk(&mut chunk, 1 << 16) {
        messy.extend_from_slice(&chunk);
    }
    let store = include_bytes!("../../../tests/e2e/fixtures/store-sales.csv");
    let mut settings = Settings::from_json(SETTINGS_JSON).unwrap();
    settings.max_batch_events = Some(133);
    settings.preview_rows = 5;
    for input in [&messy[..], &store[..]] {
        let whole = prepare_bytes(settings.clone(), input).unwrap();
        assert_eq!(whole.output.previews.len(), 5);
        assert_eq!(
            everything(&through_the_wire(&settings, input, 5)),
            everything(&whole)
        );
    }
    let whole = prepare_bytes(settings.clone(), store).unwrap();
    assert!(!whole.output.warnings.is_empty() && !whole.output.rejected.is_empty());
}

#[test]
fn every_reject_code_reads_back() {
    for code in events::row::RejectCode::ALL {
        let json = serde_json::to_string(&code).unwrap();
        let back: events::row::RejectCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back, code);
    }
    assert!(serde_json::from_str::<events::row::RejectCode>("\"other\"").is_err());
}
