//! What a person watching sees: on a terminal a progress bar (rows, rate, time left), otherwise
//! plain log lines on standard error (cron mails them, journald keeps them). Nothing here ever
//! prints a value from the file or the token.

use crate::input::Position;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Least time between two plain progress lines.
const LOG_EVERY: Duration = Duration::from_secs(5);

/// Progress of one command over one file.
pub struct Progress {
    bar: Option<ProgressBar>,
    total_bytes: u64,
    started: Instant,
    last_line: Instant,
    rows: u64,
}

impl Progress {
    /// Progress over a file of `total_bytes`: a bar when standard error is a terminal.
    pub fn new(total_bytes: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total_bytes),
                ProgressDrawTarget::stderr_with_hz(4),
            );
            let style = ProgressStyle::with_template(
                "{bar:30.cyan/blue} {percent:>3}% {msg} · {elapsed_precise} elapsed, {eta} left",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            total_bytes,
            started: now,
            last_line: now,
            rows: 0,
        }
    }

    /// Rows per second so far.
    fn rate(&self) -> f64 {
        let seconds = self.started.elapsed().as_secs_f64();
        if seconds > 0.0 {
            self.rows as f64 / seconds
        } else {
            0.0
        }
    }

    /// The reading reached `position`.
    pub fn advance(&mut self, position: Position) {
        self.rows = position.rows;
        let rate = self.rate();
        match &self.bar {
            Some(bar) => {
                bar.set_position(position.bytes);
                bar.set_message(format!("{} rows, {:.0} rows/s", position.rows, rate));
            }
            None if self.last_line.elapsed() >= LOG_EVERY => {
                self.last_line = Instant::now();
                let percent = if self.total_bytes == 0 {
                    100.0
                } else {
                    position.bytes as f64 * 100.0 / self.total_bytes as f64
                };
                eprintln!(
                    "hashdrop: {percent:.0}% read, {} rows, {rate:.0} rows/s",
                    position.rows
                );
            }
            None => {}
        }
    }

    /// A line for the log (above the bar on a terminal).
    pub fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("hashdrop: {text}"),
        }
    }

    /// A line for the log only (a terminal shows the bar instead).
    pub fn detail(&self, text: &str) {
        if self.bar.is_none() {
            eprintln!("hashdrop: {text}");
        }
    }

    /// The end: the bar is cleared; the rows and the time are told.
    pub fn finish(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let seconds = self.started.elapsed().as_secs_f64();
        self.line(&format!(
            "{what}: {} rows in {seconds:.1} s ({:.0} rows/s)",
            self.rows,
            self.rate()
        ));
    }
}
