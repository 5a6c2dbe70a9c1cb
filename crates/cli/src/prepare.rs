//! `hashdrop prepare`: the hashed request bodies as NDJSON, one body a line, each exactly as it
//! would be posted. The page's "Download the hashed file" writes the same bytes for the same
//! file and settings: both take each batch's [`events::batch::Batch::to_json`] and a newline.

use crate::cli::Input;
use crate::config::{self, Extra};
use crate::exit::{self, CliError};
use crate::input::{self, Flow};
use crate::progress::Progress;
use std::io::Write;
use std::path::Path;

/// Where the bodies go.
enum Sink {
    File(crate::atomic::AtomicFile),
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
}

impl Sink {
    fn write(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        match self {
            Sink::File(file) => file.write_all(bytes),
            Sink::Stdout(out) => out
                .write_all(bytes)
                .map_err(|e| CliError::io("writing", "standard output", e)),
        }
    }

    fn close(self) -> Result<(), CliError> {
        match self {
            Sink::File(file) => file.commit(),
            Sink::Stdout(mut out) => out
                .flush()
                .map_err(|e| CliError::io("writing", "standard output", e)),
        }
    }
}

/// Run `prepare`; the exit code on success.
pub fn run(input: &Input, output: Option<&Path>) -> Result<u8, CliError> {
    let size = input::size(&input.file)?;
    let settings = config::settings(input, size, &Extra::default())?;
    let mut sink = match output {
        Some(path) => Sink::File(crate::atomic::AtomicFile::create(path)?),
        None => Sink::Stdout(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout().lock(),
        )),
    };
    let mut progress = Progress::new(size);
    let mut line = String::new();
    let finished = input::prepare(&input.file, settings, input.jobs(), |out, position| {
        for batch in out.batches {
            line.clear();
            line.push_str(&batch.to_json());
            line.push('\n');
            sink.write(line.as_bytes())?;
        }
        progress.advance(position);
        Ok(Flow::Continue)
    })?
    .ok_or_else(|| CliError::Stopped("the file was not read to its end".to_owned()))?;
    sink.close()?;
    progress.finish("prepared");
    let summary = &finished.summary;
    progress.line(&format!(
        "{} batches, {} rows accepted, {} rejected (hashdrop check FILE lists them)",
        summary.batches, summary.accepted, summary.rejected
    ));
    Ok(if summary.rejected > 0 {
        exit::DONE_WITH_REJECTIONS
    } else {
        exit::DONE
    })
}
