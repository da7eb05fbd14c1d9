//! Where a report goes: standard output; a file written atomically (a temporary file in the
//! same directory, renamed over the target at the end, so that a reader never sees half a
//! report and an interrupted run leaves the old one); or, for a target that is not a regular
//! file (`/dev/null`, a FIFO), that target itself, written directly.
//!
//! Everything that can be known before checking is checked when the output is opened, before
//! the first dossier: a target that is a directory, in a directory that does not exist, or
//! that is one of the inputs (the report would replace a dossier) is refused there, naming the
//! path. The temporary file is removed if the run is interrupted (SIGINT, SIGTERM, SIGHUP).

use std::fmt;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

use crate::lang::Lang;
use crate::load::Input;
use crate::tr;

/// An output destination.
pub(super) enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file to be renamed to `target`.
    File {
        /// The temporary file.
        temp: BufWriter<NamedTempFile>,
        /// The final path.
        target: PathBuf,
    },
    /// A target that is not a regular file (a device, a FIFO), written as it is.
    Direct(BufWriter<std::fs::File>),
}

/// Why the output cannot be opened: each says which path, in the run's language.
#[derive(Debug)]
pub enum OutputError {
    /// The target is a directory.
    IsDirectory(PathBuf),
    /// The target's directory does not exist (or is not a directory).
    NoDirectory(PathBuf),
    /// The target is one of the files read (a dossier, the waiver register, a file imported).
    IsInput(PathBuf, String),
    /// The system refused (permissions, full disk…).
    Io(PathBuf, io::Error),
}

impl OutputError {
    /// The message for stderr (after `cooplabel : `).
    pub fn message(&self, lang: Lang) -> String {
        let p = |p: &Path| crate::report::escape::neutral(&p.display().to_string()).into_owned();
        match self {
            OutputError::IsDirectory(t) => tr!(
                lang,
                "--output « {} » est un répertoire ; donnez le chemin d'un fichier (par exemple « {}/rapport.json »)",
                "--output \"{}\" is a directory; give the path of a file (for example \"{}/report.json\")",
                p(t),
                p(t)
            ),
            OutputError::NoDirectory(d) => tr!(
                lang,
                "--output : le répertoire « {} » n'existe pas ; créez-le d'abord",
                "--output: the directory \"{}\" does not exist; create it first",
                p(d)
            ),
            OutputError::IsInput(t, input) => tr!(
                lang,
                "--output « {} » est l'un des fichiers que lit la commande (« {} ») : l'écrire le remplacerait ; écrivez ailleurs",
                "--output \"{}\" is one of the files the command reads (\"{}\"): writing it would replace it; write elsewhere",
                p(t),
                crate::report::escape::neutral(input)
            ),
            OutputError::Io(t, e) => tr!(
                lang,
                "--output « {} » : impossible d'y écrire ({e})",
                "--output \"{}\": cannot write there ({e})",
                p(t)
            ),
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Fr))
    }
}

impl From<OutputError> for io::Error {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Io(_, inner) if inner.kind() == io::ErrorKind::BrokenPipe => inner,
            other => io::Error::other(other.to_string()),
        }
    }
}

/// The temporary file of the report being written, removed on an interrupting signal.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

impl Output {
    /// Opens the destination; `inputs` are the run's inputs, never to be overwritten.
    pub(super) fn open(path: Option<&Path>, inputs: &[Input]) -> Result<Self, OutputError> {
        let Some(target) = path else {
            return Ok(Output::Stdout(BufWriter::new(io::stdout())));
        };
        let io_error = |e: io::Error| OutputError::Io(target.to_path_buf(), e);
        match std::fs::metadata(target) {
            Ok(meta) => {
                if meta.is_dir() {
                    return Err(OutputError::IsDirectory(target.to_path_buf()));
                }
                // The same file, whatever the path (directly, through a link, a hard link).
                if let Some(id) = super::inputs::identity(target)
                    && let Some(input) = inputs.iter().find(|i| {
                        i.path()
                            .is_some_and(|p| super::inputs::identity(p) == Some(id))
                    })
                {
                    return Err(OutputError::IsInput(
                        target.to_path_buf(),
                        input.display_name(),
                    ));
                }
                if !meta.is_file() {
                    // `/dev/null`, a FIFO, a terminal: renaming a file over it would replace
                    // the device node (as root) or fail; write to it as the shell would.
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .open(target)
                        .map_err(io_error)?;
                    return Ok(Output::Direct(BufWriter::new(file)));
                }
                // Through a link, the file it leads to is replaced, not the link.
                let real = std::fs::canonicalize(target).map_err(io_error)?;
                // A report that replaces a file keeps that file's permissions.
                Self::pending(real, Some(meta.permissions())).map_err(io_error)
            }
            Err(_) => {
                let dir = directory_of(target);
                if !dir.is_dir() {
                    return Err(OutputError::NoDirectory(dir.to_path_buf()));
                }
                Self::pending(target.to_path_buf(), None).map_err(io_error)
            }
        }
    }

    /// A temporary file beside `target`, known to the signal handler from the moment it
    /// exists: the handler is installed first, and the file is created under the lock the
    /// handler takes.
    fn pending(target: PathBuf, permissions: Option<std::fs::Permissions>) -> io::Result<Self> {
        remove_on_signal();
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let temp = temp_beside(&target)?;
        if let Some(p) = permissions {
            temp.as_file().set_permissions(p)?;
        }
        *pending = Some(temp.path().to_path_buf());
        Ok(Output::File {
            temp: BufWriter::new(temp),
            target,
        })
    }

    /// The writer.
    pub(super) fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File { temp, .. } => temp,
            Output::Direct(w) => w,
        }
    }

    /// Flushes, and for a file, renames it into place.
    pub(super) fn finish(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::Direct(mut w) => w.flush(),
            Output::File { temp, target } => {
                let temp = temp.into_inner().map_err(|e| e.into_error())?;
                temp.as_file().sync_all()?;
                // Under the lock: a signal now finds either the temporary file or nothing.
                let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
                temp.persist(&target).map_err(|e| e.error)?;
                *pending = None;
                Ok(())
            }
        }
    }
}

/// The directory a path is in (`.` for a bare name).
fn directory_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temporary file in the target's directory (so that renaming it is atomic), created with
/// the permissions of any new file (0666 less the umask), not tempfile's 0600.
fn temp_beside(target: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cooplabel-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(directory_of(target))
}

/// Starts, once, the thread that removes the pending temporary file when the run is
/// interrupted, then lets the signal end the process as it would have.
fn remove_on_signal() {
    #[cfg(unix)]
    {
        use std::sync::Once;
        static START: Once = Once::new();
        START.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(path) = pending.as_ref() {
                        let _ = std::fs::remove_file(path);
                    }
                    // The default action: the process ends with the signal (status 128 + n).
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }
}
