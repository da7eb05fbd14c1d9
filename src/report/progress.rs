//! The progress bar of a long `check` run, on standard error: only for a person watching a
//! terminal (never in CI logs, never when stderr is a pipe or a file), and only when the run is
//! long — many files, or more than a second — so that short runs print nothing extra.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Past this many files, the bar shows from the start.
const MANY_FILES: usize = 50;
/// Past this time, the bar shows whatever the number of files.
const LONG_RUN: Duration = Duration::from_secs(1);

/// A progress bar that may stay hidden.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    shown: AtomicBool,
    start: Instant,
}

impl Progress {
    /// A bar for `total` dossiers; `None` inside when nobody is watching.
    pub(crate) fn new(total: usize) -> Self {
        let watching = std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none()
            && std::env::var("TERM").map_or(true, |t| t != "dumb");
        let bar = (watching && total > 1).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} dossiers ({elapsed})")
            {
                bar.set_style(style);
            }
            bar
        });
        let progress = Progress {
            bar,
            shown: AtomicBool::new(false),
            start: Instant::now(),
        };
        if total > MANY_FILES {
            progress.show();
        }
        progress
    }

    fn show(&self) {
        if let Some(bar) = &self.bar
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// One dossier done (callable from the worker threads).
    pub(crate) fn inc(&self) {
        if let Some(bar) = &self.bar {
            if self.start.elapsed() > LONG_RUN {
                self.show();
            }
            bar.inc(1);
        }
    }

    /// Runs `f` with the bar hidden, so that what it prints on the terminal is not mixed with
    /// the bar.
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
