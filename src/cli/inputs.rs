//! Turns the paths of the command line into the list of inputs to check, staying inside what
//! was named.
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
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::load::error::Unreadable;
use crate::load::{Input, is_yaml_path};

/// Expands `-` to stdin and directories to their `*.yaml` / `*.yml` files; the result is
/// sorted by path so that the output order does not depend on the file system or on threads.
/// A path that does not exist is kept: checking it reports it as unreadable.
pub fn expand(paths: &[PathBuf], follow_links: bool) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            // Missing or unreadable: reading it says why.
            inputs.push(Input::Path(path.clone()));
            continue;
        };
        if meta.file_type().is_symlink() {
            let boundary = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            match follow(path, boundary, follow_links) {
                Ok(target) if target.is_dir() => walk(path, &target, follow_links, &mut inputs),
                Ok(_) => inputs.push(Input::Path(path.clone())),
                Err(reason) => inputs.push(Input::Refused {
                    path: path.clone(),
                    reason,
                }),
            }
        } else if meta.is_dir() {
            match std::fs::canonicalize(path) {
                Ok(root) => walk(path, &root, follow_links, &mut inputs),
                Err(e) => inputs.push(Input::Refused {
                    path: path.clone(),
                    reason: e.into(),
                }),
            }
        } else {
            inputs.push(Input::Path(path.clone()));
        }
    }
    inputs.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    dedup(inputs)
}

/// Stdin last; files by path.
fn sort_key(input: &Input) -> (bool, Option<&Path>) {
    (matches!(input, Input::Stdin), input.path())
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
fn walk(shown: &Path, root: &Path, follow_links: bool, inputs: &mut Vec<Input>) {
    let walker = WalkDir::new(shown)
        .follow_links(follow_links)
        .follow_root_links(true)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            // A loop of directory links (only followed with --follow-links) leads back to a
            // directory already walked: nothing new there.
            Err(e) if e.loop_ancestor().is_some() => continue,
            // An unreadable directory or entry is reported like an unreadable file, with its
            // own reason.
            Err(e) => {
                if let Some(path) = e.path().map(Path::to_path_buf) {
                    let reason = e
                        .into_io_error()
                        .map_or(Unreadable::Other("?".into()), Unreadable::from);
                    inputs.push(Input::Refused { path, reason });
                }
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() || !is_yaml_path(entry.path()) {
            // A link to a directory is not followed (it is not a directory to walkdir), and
            // other files are not dossiers.
            continue;
        }
        if entry.path_is_symlink() && !follow_links {
            match follow(entry.path(), root, false) {
                Ok(_) => inputs.push(Input::Path(entry.into_path())),
                Err(reason) => inputs.push(Input::Refused {
                    path: entry.into_path(),
                    reason,
                }),
            }
        } else {
            // A regular file, or a FIFO, device… named like a dossier: opening refuses the
            // latter with a clear message.
            inputs.push(Input::Path(entry.into_path()));
        }
    }
}

/// The identity of a file: its device and inode (its real path elsewhere), so that the same
/// file reached by two paths is one input.
pub fn identity(path: &Path) -> Option<(u64, u64)> {
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
fn dedup(inputs: Vec<Input>) -> Vec<Input> {
    let mut seen_files = HashSet::new();
    let mut seen_paths = HashSet::new();
    let mut stdin = false;
    inputs
        .into_iter()
        .filter(|input| match input {
            Input::Stdin => !std::mem::replace(&mut stdin, true),
            Input::Path(p) => match identity(p) {
                Some(id) => seen_files.insert(id),
                None => seen_paths.insert(p.clone()),
            },
            Input::Refused { path, .. } => seen_paths.insert(path.clone()),
        })
        .collect()
}
