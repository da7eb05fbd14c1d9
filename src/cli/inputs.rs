//! Turns the paths of the command line into the list of inputs to check.

use std::path::PathBuf;

use walkdir::WalkDir;

use crate::load::{Input, is_yaml_path};

/// Expands `-` to stdin and directories to their `*.yaml` / `*.yml` files; the result is
/// sorted by path so that the output order does not depend on the file system or on threads.
/// A path that does not exist is kept: checking it reports it as unreadable.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            for entry in WalkDir::new(path).follow_links(true).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_yaml_path(e.path()) => {
                        inputs.push(Input::Path(e.into_path()));
                    }
                    Ok(_) => {}
                    // An unreadable directory entry is reported like an unreadable file.
                    Err(e) => {
                        if let Some(p) = e.path() {
                            inputs.push(Input::Path(p.to_path_buf()));
                        }
                    }
                }
            }
        } else {
            inputs.push(Input::Path(path.clone()));
        }
    }
    inputs.sort();
    inputs.dedup();
    inputs
}
