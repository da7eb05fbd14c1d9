//! Helpers shared by the integration tests: run the real `cooplabel` binary on files written in
//! a temporary directory, and read its JSON report.

#![allow(dead_code)] // Each test crate uses a different subset of these helpers.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value as Json;
use tempfile::TempDir;

/// Past this, a run is killed and the test fails: a hang must end as a failure, not as a CI job
/// that never finishes. Generous on purpose (debug build, 2 loaded cores): this is not a timing
/// assertion.
const WATCHDOG: Duration = Duration::from_secs(120);

/// A valid dossier at the first stage (`etape: faisabilite`): the smallest that passes the
/// schema. Line numbers matter to the tests that edit it: `nom` is on line 4, `pays` on line 5,
/// `periode` on line 6.
pub(crate) const MINIMAL: &str = "\
dossier: 1
type: cooperative
cooperative:
  nom: Coopérative d'essai
  pays: FR
periode: { debut: 2026-01-01, fin: 2026-12-31 }
etape: faisabilite
creation:
  faisabilite:
    volonte_territoriale: \"délibération du conseil communautaire\"
    structure_appui: \"Maison de l'initiative\"
    offre_existante_analysee: true
";

/// A temporary directory holding the inputs of one test.
pub(crate) struct Workspace {
    dir: TempDir,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    /// A new empty directory.
    pub(crate) fn new() -> Self {
        Workspace {
            dir: tempfile::Builder::new()
                .prefix("cooplabel-test-")
                .tempdir()
                .expect("create a temporary directory"),
        }
    }

    /// The directory.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `name` (relative to the directory) and returns its path.
    pub(crate) fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directories");
        }
        std::fs::write(&path, contents).expect("write an input file");
        path
    }

    /// Runs `cooplabel` with `args` in this directory (so that reported paths are relative).
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args, &[], None)
    }

    /// Runs `cooplabel check --format json <extra…> <file>` on one file written here and
    /// returns the run; see [`Run::only_finding`].
    pub(crate) fn check_json(&self, name: &str, contents: impl AsRef<[u8]>, extra: &[&str]) -> Run {
        self.write(name, contents);
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(name);
        self.run(&args)
    }
}

/// What one run of the binary produced.
#[derive(Debug)]
pub(crate) struct Run {
    /// Exit status (`None` if killed by a signal, e.g. a stack overflow).
    pub status: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The JSON report on stdout.
    pub(crate) fn json(&self) -> Json {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}); status {:?}\nstdout:\n{}\nstderr:\n{}",
                self.status, self.stdout, self.stderr
            )
        })
    }

    /// The `dossiers` array of the JSON report.
    pub(crate) fn dossiers(&self) -> Vec<Json> {
        self.json()["dossiers"]
            .as_array()
            .expect("`dossiers` is an array")
            .clone()
    }

    /// The findings of the only dossier of the report.
    pub(crate) fn findings(&self) -> Vec<Finding> {
        let dossiers = self.dossiers();
        assert_eq!(dossiers.len(), 1, "one dossier expected:\n{}", self.stdout);
        findings_of(&dossiers[0])
    }

    /// The one finding of the only dossier, or a failure that shows the whole report.
    pub(crate) fn only_finding(&self) -> Finding {
        let findings = self.findings();
        assert_eq!(
            findings.len(),
            1,
            "exactly one finding expected, got {findings:#?}"
        );
        findings.into_iter().next().expect("one finding")
    }

    /// The findings with this code.
    pub(crate) fn findings_with(&self, code: &str) -> Vec<Finding> {
        self.findings()
            .into_iter()
            .filter(|f| f.code == code)
            .collect()
    }

    /// Asserts the exit status, showing the output when it differs.
    pub(crate) fn assert_status(&self, expected: i32) {
        assert_eq!(
            self.status,
            Some(expected),
            "exit status\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
    }
}

/// One finding of the JSON report, with the fields the tests look at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// `LD001`, `SC003`…
    pub code: String,
    /// 1-based line, if located.
    pub line: Option<u64>,
    /// 1-based column in characters, if located.
    pub column: Option<u64>,
    /// JSON pointer of the value.
    pub pointer: String,
    /// The French message.
    pub message: String,
    /// The help, if any.
    pub help: Option<String>,
    /// Whether it blocks the label.
    pub blocking: bool,
}

/// The findings of one dossier object of the JSON report.
pub(crate) fn findings_of(dossier: &Json) -> Vec<Finding> {
    dossier["findings"]
        .as_array()
        .expect("`findings` is an array")
        .iter()
        .map(|f| Finding {
            code: f["code"].as_str().expect("code").to_string(),
            line: f["line"].as_u64(),
            column: f["column"].as_u64(),
            pointer: f["pointer"].as_str().unwrap_or_default().to_string(),
            message: f["message"].as_str().unwrap_or_default().to_string(),
            help: f["help"].as_str().map(str::to_string),
            blocking: f["blocking"].as_bool().unwrap_or(false),
        })
        .collect()
}

/// Runs the binary in `dir` with `args`, extra environment variables and optional stdin.
/// The environment is cleaned of what changes the output (`NO_COLOR`, `COOPLABEL_LANG`…).
pub(crate) fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cooplabel"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("COOPLABEL_LANG")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start cooplabel");
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        let bytes = bytes.to_vec();
        // The tool may stop reading early (a size limit): a broken pipe is not a test failure.
        thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let out = reader(child.stdout.take().expect("stdout pipe"));
    let err = reader(child.stderr.take().expect("stderr pipe"));
    let deadline = Instant::now() + WATCHDOG;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for cooplabel") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cooplabel {args:?} did not finish within {WATCHDOG:?}");
        }
        thread::sleep(Duration::from_millis(5));
    };
    if let Some(w) = writer {
        w.join().expect("stdin writer");
    }
    Run {
        status: status.code(),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

fn reader(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The 1-based line of the first line of `text` that contains `needle`.
pub(crate) fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i as u64 + 1)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"))
}

/// The 1-based column, in characters, where `needle` starts on the first line holding it.
pub(crate) fn char_column_of(text: &str, needle: &str) -> u64 {
    let line = text
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    let byte = line.find(needle).expect("needle on its line");
    line[..byte].chars().count() as u64 + 1
}

/// The 1-based column, in bytes, where `needle` starts on the first line holding it.
pub(crate) fn byte_column_of(text: &str, needle: &str) -> u64 {
    let line = text
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    line.find(needle).expect("needle on its line") as u64 + 1
}

/// `MINIMAL` with `from` replaced by `to` (which must be there exactly once).
pub(crate) fn minimal_with(from: &str, to: &str) -> String {
    assert_eq!(
        MINIMAL.matches(from).count(),
        1,
        "`{from}` must occur once in MINIMAL"
    );
    MINIMAL.replace(from, to)
}

/// Whether the text holds an ANSI escape sequence.
pub(crate) fn has_ansi(text: &str) -> bool {
    text.contains("\x1b[")
}

/// An `init` template with its evidence filled the way its comments tell the user to: every
/// stage's « {} » removed and its commented keys uncommented (the placeholders become the
/// user's own pieces).
pub(crate) fn fill_template_evidence(template: &str) -> String {
    const TODO: &str = "à remplir : retirez « {} »";
    let mut out = String::new();
    let mut in_stage = false;
    for line in template.lines() {
        let filled = if line.contains(TODO) {
            in_stage = true;
            line.replacen(": {}", ":", 1)
        } else if in_stage && line.starts_with("    # ") {
            line.replacen("    # ", "    ", 1)
        } else if line.starts_with("  # offre_existante_analysee:") {
            in_stage = false;
            line.replacen("  # ", "  ", 1)
        } else {
            in_stage = false;
            line.to_string()
        };
        out.push_str(&filled);
        out.push('\n');
    }
    assert_ne!(out, template, "the template has evidence to fill");
    out
}
