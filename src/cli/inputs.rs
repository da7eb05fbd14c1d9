//! Turns the paths of the command line into the list of inputs to check: the files a
//! repository of dossiers means, staying inside what was named.
//!
//! Directories are walked the way the tools people know walk them (the `ignore` crate, as in
//! ripgrep): `.gitignore`, `.ignore` and `.git/info/exclude` are honoured (in a git repository
//! or not), hidden files and directories (`.github/`, `.pre-commit-config.yaml`) are skipped
//! unless named, and `--exclude` / the configuration's `exclude` patterns (`.gitignore`
//! syntax) leave out what they match, named or found.
//!
//! A repository of dossiers is written by anyone who can commit, and a symbolic link is a file
//! like another: `env.yaml -> /proc/self/environ` would print the CI job's secrets, `up -> ..`
//! or `racine -> /` would walk the whole machine. So, unless `--follow-links` is given:
//! - a directory is walked without following links into other directories; a link named
//!   `*.yaml` / `*.yml` is checked only if it leads to a place inside the directory walked;
//! - a path named on the command line that is a link is followed only if it leads inside its
//!   own directory;
//! - a link that leads elsewhere, to nothing, or in a loop is an input of its own, reported as
//!   not evaluable and never read.
//!
//! Whatever the options, only regular files are ever opened (`load::open_regular`), and an
//! input reached twice (`a.yaml`, `./a.yaml`, a link, a hard link) is checked once.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::load::error::Unreadable;
use crate::load::{Input, is_yaml_path};

/// An input and how it was found.
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// The input.
    pub input: Input,
    /// Found while walking a directory (a YAML file there that is not a dossier is skipped),
    /// rather than named.
    pub walked: bool,
}

/// The `exclude` patterns of a run, each set anchored at its own directory: the command
/// line's at the current directory, the configuration's at the configuration file's.
#[derive(Debug, Clone, Default)]
pub(super) struct Exclude {
    matchers: Arc<Vec<Gitignore>>,
    cwd: PathBuf,
}

impl Exclude {
    /// Compiles `(root, patterns)` sets; a pattern that is not a valid glob is an error that
    /// names it.
    pub(super) fn new(sets: &[(PathBuf, Vec<String>)]) -> Result<Self, String> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let mut matchers = Vec::new();
        for (root, patterns) in sets {
            if patterns.is_empty() {
                continue;
            }
            let mut builder = GitignoreBuilder::new(absolute(&cwd, root));
            for pattern in patterns {
                builder
                    .add_line(None, pattern)
                    .map_err(|e| format!("« {pattern} » : {e}"))?;
            }
            matchers.push(builder.build().map_err(|e| e.to_string())?);
        }
        Ok(Exclude {
            matchers: Arc::new(matchers),
            cwd,
        })
    }

    /// Whether a path (a file, or a directory when `is_dir`) or one of its parent directories
    /// under a set's root matches one of its patterns.
    pub(super) fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        if self.matchers.is_empty() {
            return false;
        }
        let path = absolute(&self.cwd, path);
        self.matchers.iter().any(|m| {
            let Ok(relative) = path.strip_prefix(m.path()) else {
                return false;
            };
            let mut prefix = PathBuf::new();
            let mut parts = relative.components().peekable();
            while let Some(part) = parts.next() {
                prefix.push(part);
                let last = parts.peek().is_none();
                if m.matched(&prefix, !last || is_dir).is_ignore() {
                    return true;
                }
            }
            false
        })
    }
}

/// `path` made absolute against `cwd`, without `.` components (no file system access: a
/// pattern is matched against the path as named).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    joined
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// How directories are walked.
#[derive(Debug, Clone, Default)]
pub(super) struct WalkOptions {
    /// `--follow-links`.
    pub follow_links: bool,
    /// What `--exclude` and the configuration leave out.
    pub exclude: Exclude,
}

/// Expands `-` to stdin and directories to their `*.yaml` / `*.yml` files; the result is
/// sorted by path so that the output order does not depend on the file system or on threads.
/// A path that does not exist is kept: checking it reports it as unreadable.
pub(super) fn expand(paths: &[PathBuf], options: &WalkOptions) -> Vec<Found> {
    let follow_links = options.follow_links;
    let mut inputs = Vec::new();
    let named = |input: Input| Found {
        input,
        walked: false,
    };
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(named(Input::Stdin));
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            // Missing or unreadable: reading it says why.
            inputs.push(named(Input::Path(path.clone())));
            continue;
        };
        if options.exclude.excludes(path, meta.is_dir()) {
            continue;
        }
        if meta.file_type().is_symlink() {
            let boundary = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            match follow(path, boundary, follow_links) {
                Ok(target) if target.is_dir() => walk(path, &target, options, &mut inputs),
                Ok(_) => inputs.push(named(Input::Path(path.clone()))),
                Err(reason) => inputs.push(named(Input::Refused {
                    path: path.clone(),
                    reason,
                })),
            }
        } else if meta.is_dir() {
            match std::fs::canonicalize(path) {
                Ok(root) => walk(path, &root, options, &mut inputs),
                Err(e) => inputs.push(named(Input::Refused {
                    path: path.clone(),
                    reason: e.into(),
                })),
            }
        } else {
            inputs.push(named(Input::Path(path.clone())));
        }
    }
    inputs.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    dedup(inputs)
}

/// Stdin last; files by path, a path named before the same path found by walking (it is the
/// one kept).
fn sort_key(found: &Found) -> (bool, Option<&Path>, bool) {
    (
        matches!(found.input, Input::Stdin),
        found.input.path(),
        found.walked,
    )
}

/// Where a link leads, if it may be followed: inside `boundary` (or anywhere with
/// `--follow-links`). A link to nothing or a loop of links is refused, saying so.
fn follow(link: &Path, boundary: &Path, follow_links: bool) -> Result<PathBuf, Unreadable> {
    let target = std::fs::canonicalize(link).map_err(|e| match Unreadable::from(e) {
        Unreadable::NotFound => Unreadable::BrokenLink,
        other => other,
    })?;
    if follow_links {
        return Ok(target);
    }
    let inside = std::fs::canonicalize(boundary).is_ok_and(|b| target.starts_with(b));
    if inside {
        Ok(target)
    } else {
        Err(Unreadable::LinkOutside {
            target: target.display().to_string(),
        })
    }
}

/// Walks a directory named `shown` (whose real path is `root`) for its dossiers.
fn walk(shown: &Path, root: &Path, options: &WalkOptions, inputs: &mut Vec<Found>) {
    let follow_links = options.follow_links;
    let exclude = options.exclude.clone();
    let walker = WalkBuilder::new(shown)
        .follow_links(follow_links)
        .hidden(true)
        // A repository's `.gitignore` says what is not its content, checked out or not (a
        // tarball, a CI cache): honoured outside a git work tree too. The user's global
        // gitignore is not: the same repository gives the same run on every machine.
        .require_git(false)
        .git_global(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            e.depth() == 0 || !exclude.excludes(e.path(), e.file_type().is_some_and(|t| t.is_dir()))
        })
        .build();
    let found = |input: Input| Found {
        input,
        walked: true,
    };
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if let Some((path, reason)) = walk_error(e) {
                    inputs.push(found(Input::Refused { path, reason }));
                }
                continue;
            }
        };
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() || !is_yaml_path(entry.path()) {
            // A link to a directory is not followed (it is not a directory to the walker),
            // and other files are not dossiers.
            continue;
        }
        if entry.path_is_symlink() && !follow_links {
            match follow(entry.path(), root, false) {
                Ok(_) => inputs.push(found(Input::Path(entry.into_path()))),
                Err(reason) => inputs.push(found(Input::Refused {
                    path: entry.into_path(),
                    reason,
                })),
            }
        } else {
            // A regular file, or a FIFO, device… named like a dossier: opening refuses the
            // latter with a clear message.
            inputs.push(found(Input::Path(entry.into_path())));
        }
    }
}

/// What a walking error means for the report: an unreadable directory or entry is reported
/// like an unreadable file, with its own reason; a loop of directory links (only followed
/// with `--follow-links`) leads back to a directory already walked, and an unreadable
/// `.gitignore` hides no dossier: nothing to report.
fn walk_error(e: ignore::Error) -> Option<(PathBuf, Unreadable)> {
    match e {
        ignore::Error::WithPath { path, err } => match *err {
            ignore::Error::Io(io) => Some((path, Unreadable::from(io))),
            ignore::Error::Loop { .. } => None,
            other => walk_error(other).map(|(_, reason)| (path, reason)),
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(*err)
        }
        _ => None,
    }
}

/// The identity of a file: its device and inode (its real path elsewhere), so that the same
/// file reached by two paths is one input.
pub(super) fn identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        use std::hash::{Hash, Hasher};
        let real = std::fs::canonicalize(path).ok()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        real.hash(&mut h);
        Some((0, h.finish()))
    }
}

/// Keeps the first of the inputs that are the same file (in path order), and one standard
/// input.
fn dedup(inputs: Vec<Found>) -> Vec<Found> {
    let mut seen_files = HashSet::new();
    let mut seen_paths = HashSet::new();
    let mut stdin = false;
    inputs
        .into_iter()
        .filter(|found| match &found.input {
            Input::Stdin => !std::mem::replace(&mut stdin, true),
            Input::Path(p) => match identity(p) {
                Some(id) => seen_files.insert(id),
                None => seen_paths.insert(p.clone()),
            },
            Input::Refused { path, .. } => seen_paths.insert(path.clone()),
        })
        .collect()
}
