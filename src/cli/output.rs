//! Where a report goes: standard output, or a file written atomically (a temporary file in the
//! same directory, renamed over the target at the end, so that a reader never sees half a
//! report and an interrupted run leaves the old one).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// An output destination.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file to be renamed to `target`.
    File {
        /// The temporary file.
        temp: BufWriter<NamedTempFile>,
        /// The final path.
        target: PathBuf,
    },
}

impl Output {
    /// Opens the destination.
    pub fn open(path: Option<&Path>) -> io::Result<Self> {
        match path {
            None => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(target) => {
                let dir = match target.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                let temp = NamedTempFile::new_in(dir)?;
                Ok(Output::File {
                    temp: BufWriter::new(temp),
                    target: target.to_path_buf(),
                })
            }
        }
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File { temp, .. } => temp,
        }
    }

    /// Flushes, and for a file, renames it into place.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::File { temp, target } => {
                let temp = temp.into_inner().map_err(|e| e.into_error())?;
                temp.as_file().sync_all()?;
                temp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}
