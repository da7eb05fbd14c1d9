//! `cooplabel.toml`: what a repository of dossiers fixes once for `cooplabel check` — the
//! paths to check, what to leave out, the rules and the committee's register, the selection,
//! the limits, the formats and their files, and where the rule reference lives.
//!
//! Found in the current directory or the nearest parent (or named with `--config`; never
//! read with `--no-config`). The command line overrides it, key by key; `exclude` patterns of
//! both apply. Paths in the file are relative to the file's own directory, so that a run from
//! a sub-directory means the same thing. It is read like every input of the tool: a regular
//! file, 1 MiB at most; a mistake (a key misspelt, a wrong type) is a located diagnostic with
//! a suggestion, like a dossier's, and stops the run (exit 2) before any dossier is judged.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::codes::Code;
use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::source::{SourceFile, Span};
use crate::tr;

/// The configuration file's name.
pub(super) const FILE_NAME: &str = "cooplabel.toml";

/// Largest configuration file read.
const MAX_BYTES: u64 = 1024 * 1024;

/// The JSON Schema of `cooplabel.toml` (`cooplabel schema config`), for editors (Taplo, Even
/// Better TOML) and for the reader who wants every key in one place.
pub(super) const CONFIG_SCHEMA: &str = include_str!("config.schema.json");

/// The keys of the file, as written in it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConfigFile {
    /// Files and directories checked when the command line names none.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Patterns (`.gitignore` syntax) left out, relative to the file's directory.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// A directory of rule files added to the shipped packs (`--rules`).
    pub rules: Option<String>,
    /// Shipped packs replaced by the file of the same name in `rules` (`--replace-pack`).
    #[serde(default)]
    pub replace_packs: Vec<String>,
    /// The committee's waiver register (`--derogations`).
    pub derogations: Option<String>,
    /// Only these rules (`--select`).
    #[serde(default)]
    pub select: Vec<String>,
    /// Not these rules (`--ignore`).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Formats and their files, as `--format` takes them (`"sarif=cooplabel.sarif"`).
    #[serde(default)]
    pub formats: Vec<String>,
    /// The rule reference's base URL: `{code}` replaced by a rule's code, or the code appended
    /// (SARIF's `helpUri`).
    pub rules_url: Option<String>,
    /// Input and report limits.
    #[serde(default)]
    pub limits: ConfigLimits,
}

/// `[limits]`: the same limits as the command line's options of the same name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConfigLimits {
    /// `--max-file-size`.
    pub max_file_size: Option<u64>,
    /// `--max-depth`.
    pub max_depth: Option<usize>,
    /// `--max-alias-nodes`.
    pub max_alias_nodes: Option<usize>,
    /// `--max-nodes`.
    pub max_nodes: Option<usize>,
    /// `--max-findings`.
    pub max_findings: Option<usize>,
    /// `--max-sarif-results`.
    pub max_sarif_results: Option<usize>,
}

/// The top-level keys, for suggestions.
const KEYS: &[&str] = &[
    "paths",
    "exclude",
    "rules",
    "replace_packs",
    "derogations",
    "select",
    "ignore",
    "formats",
    "rules_url",
    "limits",
];

/// The keys of `[limits]`.
const LIMIT_KEYS: &[&str] = &[
    "max_file_size",
    "max_depth",
    "max_alias_nodes",
    "max_nodes",
    "max_findings",
    "max_sarif_results",
];

/// A configuration read, with its directory.
#[derive(Debug)]
pub(super) struct Config {
    /// The file, as found or named.
    pub path: PathBuf,
    /// Its keys.
    pub file: ConfigFile,
}

impl Config {
    /// A path written in the file, relative to the file's directory.
    pub(super) fn resolve(&self, path: &str) -> PathBuf {
        let path = Path::new(path);
        if path.is_absolute() {
            return path.to_path_buf();
        }
        match self.dir() {
            Some(dir) => dir.join(path),
            None => path.to_path_buf(),
        }
    }

    /// The file's directory (`None`: the current one).
    pub(super) fn dir(&self) -> Option<&Path> {
        self.path.parent().filter(|p| !p.as_os_str().is_empty())
    }
}

/// Located findings in a file of the tool's own (shown with `print_diagnostics`).
pub(super) type Diagnostics = Vec<(Finding, Option<Arc<SourceFile>>)>;

/// Why the configuration cannot be used: located findings in its text, or a message.
#[derive(Debug)]
pub(super) enum ConfigError {
    /// Problems in the file, located.
    Invalid(Diagnostics),
    /// The file could not be read.
    Unreadable(String),
}

/// Finds the configuration: `explicit` when given, else `cooplabel.toml` in `start` or its
/// nearest parent. `Ok(None)`: there is none.
pub(super) fn find(explicit: Option<&Path>, start: &Path) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
        .map(|found| {
            // Shown relative to the current directory when it is there or below it.
            std::env::current_dir()
                .ok()
                .and_then(|cwd| std::fs::canonicalize(cwd).ok())
                .and_then(|cwd| found.strip_prefix(&cwd).ok().map(Path::to_path_buf))
                .unwrap_or(found)
        })
}

/// Reads and checks a configuration file.
pub(super) fn load(path: &Path, lang: Lang) -> Result<Config, ConfigError> {
    let shown = crate::report::escape::neutral(&path.display().to_string()).into_owned();
    let unreadable = |why: String| {
        ConfigError::Unreadable(tr!(
            lang,
            "la configuration {shown} ne peut pas être lue : {why}",
            "the configuration {shown} cannot be read: {why}"
        ))
    };
    let file = crate::load::open_regular(path).map_err(|reason| {
        let finding = crate::load::LoadError::Unreadable { reason }.to_finding(lang);
        unreadable(finding.message)
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(unreadable(tr!(
            lang,
            "plus de {MAX_BYTES} octets",
            "more than {MAX_BYTES} bytes"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        unreadable(
            lang.pick("ce n'est pas du texte UTF-8", "it is not UTF-8 text")
                .to_string(),
        )
    })?;
    let source = SourceFile::new(path.display().to_string(), text);
    let file = parse(&source, lang).map_err(ConfigError::Invalid)?;
    Ok(Config {
        path: path.to_path_buf(),
        file,
    })
}

/// Parses the text; a problem becomes a located finding.
fn parse(source: &Arc<SourceFile>, lang: Lang) -> Result<ConfigFile, Diagnostics> {
    let text = source.text();
    toml::from_str::<ConfigFile>(text).map_err(|e| {
        let span = e
            .span()
            .map(|r| Span::new(r.start.min(text.len()), r.end.min(text.len())))
            .unwrap_or(Span::new(0, 0));
        vec![(diagnostic(&e, span, text, lang), Some(source.clone()))]
    })
}

/// The finding for a parse or type error: an unknown key says which keys exist and which one
/// was probably meant.
fn diagnostic(e: &toml::de::Error, span: Span, text: &str, lang: Lang) -> Finding {
    let message = e.message();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let in_limits = message.contains("max_file_size") && !message.contains("`paths`");
        let known = if in_limits { LIMIT_KEYS } else { KEYS };
        let suggestion = crate::schema::messages::did_you_mean(key, known.iter().copied());
        let help = match suggestion {
            Some(s) => tr!(
                lang,
                "vouliez-vous écrire `{s}` ? Clés admises : {}",
                "did you mean `{s}`? Allowed keys: {}",
                known.join(", ")
            ),
            None => tr!(
                lang,
                "clés admises : {} (`cooplabel schema config`)",
                "allowed keys: {} (`cooplabel schema config`)",
                known.join(", ")
            ),
        };
        return Finding::new(
            Code::Cf001,
            Severity::Error,
            Origin::Load,
            tr!(
                lang,
                "clé inconnue `{}` dans la configuration",
                "unknown key `{}` in the configuration",
                crate::report::escape::neutral(key)
            ),
        )
        .at(span, tr!(lang, "clé inconnue", "unknown key"))
        .help(help);
    }
    let _ = text;
    Finding::new(
        Code::Cf002,
        Severity::Error,
        Origin::Load,
        tr!(
            lang,
            "configuration invalide : {}",
            "invalid configuration: {}",
            crate::report::escape::neutral(message.trim())
        ),
    )
    .at(span, lang.pick("ici", "here"))
    .help(tr!(
        lang,
        "`cooplabel schema config` donne chaque clé, son type et un exemple",
        "`cooplabel schema config` gives every key, its type and an example"
    ))
}

/// Fills what the command line did not give from the configuration (`given(id)`: whether the
/// option was on the command line or in its environment variable). Relative paths of the file
/// are resolved against its directory; its `exclude` patterns are anchored there.
pub(super) fn apply(
    config: &Config,
    args: &mut super::CheckArgs,
    given: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    let c = &config.file;
    if args.paths.is_empty() {
        args.paths = c.paths.iter().map(|p| config.resolve(p)).collect();
    }
    let root = config
        .dir()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    args.config_exclude = vec![(root, c.exclude.clone())];
    if args.rules.rules.is_none() {
        args.rules.rules = c.rules.as_deref().map(|p| config.resolve(p));
    }
    if args.rules.replace_pack.is_empty() {
        args.rules.replace_pack = c.replace_packs.clone();
    }
    if args.derogations.is_none() {
        args.derogations = c.derogations.as_deref().map(|p| config.resolve(p));
    }
    if args.select.is_empty() {
        args.select = c.select.clone();
    }
    if args.ignore.is_empty() {
        args.ignore = c.ignore.clone();
    }
    if args.format.is_empty() {
        for text in &c.formats {
            let mut spec = super::parse_format_spec(text).map_err(|e| {
                format!(
                    "{} : formats : {e}",
                    crate::report::escape::neutral(&config.path.display().to_string())
                )
            })?;
            spec.file = spec.file.map(|f| config.resolve(&f.to_string_lossy()));
            args.format.push(spec);
        }
    }
    if args.rules_url.is_none() {
        args.rules_url = c.rules_url.clone();
    }
    let l = &c.limits;
    let set = |id: &str, target: &mut usize, value: Option<usize>| {
        if let Some(v) = value.filter(|_| !given(id)) {
            *target = v;
        }
    };
    set("max_depth", &mut args.max_depth, l.max_depth);
    set(
        "max_alias_nodes",
        &mut args.max_alias_nodes,
        l.max_alias_nodes,
    );
    set("max_nodes", &mut args.max_nodes, l.max_nodes);
    set("max_findings", &mut args.max_findings, l.max_findings);
    set(
        "max_sarif_results",
        &mut args.max_sarif_results,
        l.max_sarif_results,
    );
    if let Some(v) = l.max_file_size.filter(|_| !given("max_file_size")) {
        args.max_file_size = v;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<ConfigFile, Vec<Finding>> {
        let source = SourceFile::new("cooplabel.toml", text.to_string());
        parse(&source, Lang::Fr).map_err(|v| v.into_iter().map(|(f, _)| f).collect())
    }

    #[test]
    fn every_key_is_read() {
        let c = parse_text(
            r#"
paths = ["dossiers"]
exclude = ["archives/"]
rules = "regles"
replace_packs = ["charte"]
derogations = "comite/registre.yaml"
select = ["RS"]
ignore = ["RS008"]
formats = ["github", "sarif=cooplabel.sarif"]
rules_url = "https://exemple.org/regles/{code}"
[limits]
max_file_size = 1000
max_depth = 10
max_alias_nodes = 5
max_nodes = 100
max_findings = 20
max_sarif_results = 30
"#,
        )
        .unwrap();
        assert_eq!(c.paths, ["dossiers"]);
        assert_eq!(c.formats.len(), 2);
        assert_eq!(c.limits.max_sarif_results, Some(30));
        assert_eq!(
            c.rules_url.as_deref(),
            Some("https://exemple.org/regles/{code}")
        );
    }

    #[test]
    fn an_unknown_key_is_located_with_a_suggestion() {
        let text = "paths = [\"d\"]\nexlude = [\"a\"]\n";
        let f = &parse_text(text).unwrap_err()[0];
        assert_eq!(f.code, "CF001");
        let span = f.primary.as_ref().unwrap().span;
        assert_eq!(&text[span.start..span.end], "exlude");
        assert!(f.help.as_deref().unwrap().contains("`exclude`"), "{f:?}");
    }

    #[test]
    fn an_unknown_limit_is_located_with_a_suggestion() {
        let text = "[limits]\nmax_findigs = 3\n";
        let f = &parse_text(text).unwrap_err()[0];
        assert_eq!(f.code, "CF001");
        let span = f.primary.as_ref().unwrap().span;
        assert_eq!(&text[span.start..span.end], "max_findigs");
        assert!(
            f.help.as_deref().unwrap().contains("`max_findings`"),
            "{f:?}"
        );
    }

    #[test]
    fn a_wrong_type_is_located() {
        let text = "paths = \"dossiers\"\n";
        let f = &parse_text(text).unwrap_err()[0];
        assert_eq!(f.code, "CF002");
        let span = f.primary.as_ref().unwrap().span;
        assert_eq!(&text[span.start..span.end], "\"dossiers\"");
    }
}
