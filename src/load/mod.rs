//! Step 1 of the pipeline: read an input within limits and parse it, once, into a value tree
//! whose every key and value keeps its byte span.

pub(crate) mod error;
pub(crate) mod limits;
pub mod scalar;
pub(crate) mod tree;
mod yaml;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) use error::LoadError;
pub use limits::Limits;
pub use tree::{Entry, Node, Value};

use crate::source::{SourceFile, Span};

/// Where a dossier comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// A file.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// A path the tool will not open (a link out of the directory being checked, a link
    /// loop…): reported as not evaluable, never read.
    Refused {
        /// The path, as found.
        path: PathBuf,
        /// Why it is not read.
        reason: error::Unreadable,
    },
}

impl Input {
    /// The name shown in reports.
    pub(crate) fn display_name(&self) -> String {
        match self {
            Input::Path(p) | Input::Refused { path: p, .. } => p.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }

    /// The path, for a file.
    pub(crate) fn path(&self) -> Option<&Path> {
        match self {
            Input::Path(p) | Input::Refused { path: p, .. } => Some(p),
            Input::Stdin => None,
        }
    }
}

/// A parsed input: its text and its value tree.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text, for diagnostics.
    pub source: Arc<SourceFile>,
    /// The root mapping.
    pub root: Node,
}

impl Document {
    /// Where a JSON pointer is shown: a scalar by its value; a list or a mapping by its key (or,
    /// for a list item, by its first entry: `id: E004`); a missing value on the deepest
    /// collection that exists. Returns the span and whether the pointer itself exists.
    pub(crate) fn span_of(&self, pointer: &str) -> (Span, bool) {
        let shown = self.root.shown(pointer);
        let span = if shown.head {
            self.source.head(shown.span)
        } else {
            shown.span
        };
        (span, shown.exact)
    }
}

/// An input that could not be loaded, with its text when there is one to show.
#[derive(Debug, Clone)]
pub struct LoadFailure {
    /// The text (lossily decoded when it was not UTF-8), if it could be read.
    pub source: Option<Arc<SourceFile>>,
    /// Why.
    pub error: LoadError,
}

/// Reads and parses one input.
pub(crate) fn load(input: &Input, limits: &Limits) -> Result<Document, LoadFailure> {
    let name = input.display_name();
    let bytes = read_bytes(input, limits).map_err(|error| LoadFailure {
        source: None,
        error,
    })?;
    load_bytes(&name, bytes, limits)
}

/// Reads one input and builds only the root keys in `keep` (see [`yaml::parse_keeping`]): a
/// cheap read of what identifies a dossier.
pub(crate) fn load_keeping(
    input: &Input,
    limits: &Limits,
    keep: &[&str],
) -> Result<Document, LoadFailure> {
    let name = input.display_name();
    let bytes = read_bytes(input, limits).map_err(|error| LoadFailure {
        source: None,
        error,
    })?;
    parse_bytes(&name, bytes, limits, Some(keep))
}

/// Parses bytes already read (from a file, stdin, or an embedded rule pack).
pub fn load_bytes(name: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Document, LoadFailure> {
    parse_bytes(name, bytes, limits, None)
}

fn parse_bytes(
    name: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    keep: Option<&[&str]>,
) -> Result<Document, LoadFailure> {
    let source = decode(name, bytes)?;
    if let Some(error) = unsupported_version(source.text()) {
        return Err(LoadFailure {
            source: Some(source),
            error,
        });
    }
    match yaml::parse_keeping(source.text(), limits, keep) {
        Ok(root) => Ok(Document { source, root }),
        Err(error) => Err(LoadFailure {
            source: Some(source),
            error,
        }),
    }
}

/// Parses a text (an embedded file).
pub fn load_str(name: &str, text: &str, limits: &Limits) -> Result<Document, LoadFailure> {
    load_bytes(name, text.as_bytes().to_vec(), limits)
}

fn read_bytes(input: &Input, limits: &Limits) -> Result<Vec<u8>, LoadError> {
    let unreadable = |e: std::io::Error| LoadError::Unreadable { reason: e.into() };
    let mut bytes = Vec::new();
    match input {
        Input::Refused { reason, .. } => {
            return Err(LoadError::Unreadable {
                reason: reason.clone(),
            });
        }
        Input::Path(path) => {
            let file = open_regular(path).map_err(|reason| LoadError::Unreadable { reason })?;
            let meta = file.metadata().map_err(unreadable)?;
            if meta.len() > limits.max_bytes {
                return Err(LoadError::TooLarge {
                    size: Some(meta.len()),
                    limit: limits.max_bytes,
                });
            }
            read_limited(file, &mut bytes, limits).map_err(unreadable)?;
        }
        Input::Stdin => {
            read_limited(std::io::stdin().lock(), &mut bytes, limits).map_err(unreadable)?
        }
    }
    // A file may grow between the size check and the read, and stdin has no size: the read
    // itself is bounded.
    if bytes.len() as u64 > limits.max_bytes {
        return Err(LoadError::TooLarge {
            // Reading stopped just past the limit: the real size is not known.
            size: match input {
                Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
                _ => None,
            },
            limit: limits.max_bytes,
        });
    }
    Ok(bytes)
}

/// Opens a file for reading if, and only if, it is a regular file outside the system's pseudo
/// file systems: a FIFO, a device or a socket is refused before it is opened (opening some
/// devices acts on them, reading a FIFO can wait forever), and the file is opened without
/// blocking and checked again once open, in case it was swapped in between.
pub(crate) fn open_regular(path: &Path) -> Result<std::fs::File, error::Unreadable> {
    use error::Unreadable;
    let meta = std::fs::metadata(path).map_err(|e| {
        // A link to nothing: say so, not "it does not exist" (the link does).
        let dangling = e.kind() == std::io::ErrorKind::NotFound
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if dangling {
            Unreadable::BrokenLink
        } else {
            Unreadable::from(e)
        }
    })?;
    regular(&meta)?;
    if is_system_path(path) {
        return Err(Unreadable::System);
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path).map_err(Unreadable::from)?;
    regular(&file.metadata().map_err(Unreadable::from)?)?;
    #[cfg(target_os = "linux")]
    if let Ok(fs) = rustix::fs::fstatfs(&file) {
        // procfs and sysfs, wherever they are mounted. `f_type`'s width depends on the
        // architecture: compare as i64.
        const SYSFS_MAGIC: i64 = 0x6265_6572;
        #[allow(clippy::unnecessary_cast)]
        let kind = fs.f_type as i64;
        #[allow(clippy::unnecessary_cast)]
        let proc = rustix::fs::PROC_SUPER_MAGIC as i64;
        if kind == proc || kind == SYSFS_MAGIC {
            return Err(Unreadable::System);
        }
    }
    Ok(file)
}

/// Reads a whole file that must be regular ([`open_regular`]) and at most `limit` bytes: the
/// side files of a run (a mapping, a key, a waiver register) are a repository's files too.
/// The error is the reason in French, for the caller's message.
pub(crate) fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = open_regular(path).map_err(|reason| {
        LoadError::Unreadable { reason }
            .to_finding(crate::lang::Lang::Fr)
            .message
    })?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("le fichier dépasse la limite de {limit} octets"));
    }
    Ok(bytes)
}

/// Refuses what is not a regular file, saying what it is.
fn regular(meta: &std::fs::Metadata) -> Result<(), error::Unreadable> {
    use error::Unreadable;
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(Unreadable::IsDirectory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Err(Unreadable::Fifo);
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Err(Unreadable::Device);
        }
        if kind.is_socket() {
            return Err(Unreadable::Socket);
        }
    }
    Err(Unreadable::Other("not a regular file".into()))
}

/// Whether a path leads into `/proc` or `/sys` (checked before opening; once open, the file
/// system's type is checked too).
fn is_system_path(path: &Path) -> bool {
    cfg!(target_os = "linux")
        && std::fs::canonicalize(path)
            .is_ok_and(|real| real.starts_with("/proc") || real.starts_with("/sys"))
}

fn read_limited(reader: impl Read, bytes: &mut Vec<u8>, limits: &Limits) -> std::io::Result<()> {
    reader
        .take(limits.max_bytes.saturating_add(1))
        .read_to_end(bytes)
        .map(|_| ())
}

/// Bytes to text: refuses empty, binary and non-UTF-8 input, drops a UTF-8 byte-order mark.
fn decode(name: &str, bytes: Vec<u8>) -> Result<Arc<SourceFile>, LoadFailure> {
    let fail = |source: Option<Arc<SourceFile>>, error| Err(LoadFailure { source, error });
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail(None, LoadError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return fail(
            None,
            LoadError::NotUtf8 {
                at: Span::new(0, 0),
                utf16: true,
            },
        );
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let prefix = String::from_utf8_lossy(&bytes[..nul]).len();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        return fail(
            Some(SourceFile::new(name, text)),
            LoadError::Binary {
                at: Span::new(prefix, prefix + 1),
            },
        );
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..3);
            }
            Ok(SourceFile::new(name, text))
        }
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            // U+FFFD takes 3 bytes in the lossy text: underline the whole replacement character.
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            fail(
                Some(SourceFile::new(name, text)),
                LoadError::NotUtf8 {
                    at: Span::new(at, end),
                    utf16: false,
                },
            )
        }
    }
}

/// A `%YAML` directive for a version other than 1.x among the directives that open the
/// text (the YAML reader accepts any version without a word). Only the lines before the first
/// content line are looked at: directives can be nowhere else in a one-document file.
fn unsupported_version(text: &str) -> Option<LoadError> {
    let mut at = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let start = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some(rest) = content.strip_prefix("%YAML") else {
            if content.starts_with('%') {
                // Another directive (%TAG).
                continue;
            }
            return None;
        };
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let version = rest.split('#').next().unwrap_or("").trim();
        let major_one = version.split_once('.').is_some_and(|(major, minor)| {
            major == "1" && !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit())
        });
        if major_one {
            return None;
        }
        let offset = start + content.len() - content.trim_start().len();
        return Some(LoadError::UnsupportedVersion {
            version: version.chars().take(20).collect(),
            at: Span::new(offset, start + content.trim_end().len()),
        });
    }
    None
}

/// Whether a path names a YAML file (`*.yaml`, `*.yml`).
pub(crate) fn is_yaml_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}
