//! Message templates: texts that quote values (`{taux|%}`, `{.annee}`, `{param:…}`).

use crate::codes::Code;
use crate::tr;
use std::collections::HashMap;

use super::expr::{Compiler, PathRef};

/// How a quoted value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fmt {
    /// By its type: numbers `16 384,40`, dates ISO, booleans oui/non.
    Auto,
    /// A rate as a percentage: `14 %`.
    Percent,
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    /// Plain text.
    Text(String),
    /// A `let` value.
    Var(String, Fmt),
    /// A dossier value.
    Path(PathRef, Fmt),
    /// A parameter.
    Param(usize, Fmt),
    /// The value at the finding's location.
    Value(Fmt),
}

/// A compiled template.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Template {
    /// Its pieces.
    pub parts: Vec<Part>,
}

impl Template {
    /// Compiles a template found at `pointer`; mistakes are added to the compiler's errors.
    pub(crate) fn compile(
        text: &str,
        pointer: &str,
        c: &mut Compiler<'_>,
        params: &HashMap<String, usize>,
    ) -> Self {
        let mut parts = Vec::new();
        let mut text_buf = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(['{', '}']) {
            text_buf.push_str(&rest[..i]);
            let brace = rest.as_bytes()[i];
            let after = &rest[i + 1..];
            if after.as_bytes().first() == Some(&brace) {
                text_buf.push(brace as char);
                rest = &after[1..];
                continue;
            }
            if brace == b'}' {
                c.errors.push(super::expr::CompileError {
                    pointer: pointer.to_string(),
                    code: Code::Rf013,
                    message: c
                        .lang
                        .pick(
                            "accolade fermante `}` sans accolade ouvrante",
                            "closing brace `}` without an opening brace",
                        )
                        .into(),
                    help: Some(
                        c.lang
                            .pick(
                                "écrivez `}}` pour une accolade dans le texte",
                                "write `}}` for a brace in the text",
                            )
                            .into(),
                    ),
                });
                rest = after;
                continue;
            }
            let Some(end) = after.find('}') else {
                c.errors.push(super::expr::CompileError {
                    pointer: pointer.to_string(),
                    code: Code::Rf013,
                    message: c
                        .lang
                        .pick(
                            "accolade ouvrante `{` jamais refermée",
                            "opening brace `{` never closed",
                        )
                        .into(),
                    help: Some(
                        c.lang
                            .pick(
                                "écrivez `{{` pour une accolade dans le texte",
                                "write `{{` for a brace in the text",
                            )
                            .into(),
                    ),
                });
                break;
            };
            if !text_buf.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text_buf)));
            }
            let inner = after[..end].trim();
            if let Some(part) = placeholder(inner, pointer, c, params) {
                parts.push(part);
            }
            rest = &after[end + 1..];
        }
        text_buf.push_str(rest);
        if !text_buf.is_empty() {
            parts.push(Part::Text(text_buf));
        }
        Template { parts }
    }
}

fn placeholder(
    inner: &str,
    pointer: &str,
    c: &mut Compiler<'_>,
    params: &HashMap<String, usize>,
) -> Option<Part> {
    let (name, fmt) = match inner.split_once('|') {
        Some((n, f)) => (n.trim(), f.trim()),
        None => (inner, ""),
    };
    let fmt = match fmt {
        "" => Fmt::Auto,
        "%" => Fmt::Percent,
        other => {
            c.errors.push(super::expr::CompileError {
                pointer: pointer.to_string(),
                code: Code::Rf013,
                message: tr!(
                    c.lang,
                    "format inconnu `|{other}` dans `{{{inner}}}`",
                    "unknown format `|{other}` in `{{{inner}}}`"
                ),
                help: Some(c.lang.pick(
                    "seul `|%` (pourcentage) existe ; sans format, la valeur s'écrit selon son type",
                    "only `|%` (percentage) exists; without a format, the value is written by its type",
                ).into()),
            });
            Fmt::Auto
        }
    };
    if name == "value" {
        return Some(Part::Value(fmt));
    }
    if let Some(p) = name.strip_prefix("param:") {
        let p = p.trim();
        return match params.get(p) {
            Some(&i) => {
                c.used_params.insert(i);
                Some(Part::Param(i, fmt))
            }
            None => {
                c.errors.push(super::expr::CompileError {
                    pointer: pointer.to_string(),
                    code: Code::Rf003,
                    message: tr!(
                        c.lang,
                        "paramètre inconnu dans le texte : `{p}`",
                        "unknown parameter in the text: `{p}`"
                    ),
                    help: crate::schema::messages::did_you_mean(
                        p,
                        params.keys().map(String::as_str),
                    )
                    .map(|s| tr!(c.lang, "vouliez-vous écrire `{s}` ?", "did you mean `{s}`?")),
                });
                None
            }
        };
    }
    if name.starts_with('/') || name.starts_with('.') {
        return c.path(name, pointer).map(|p| Part::Path(p, fmt));
    }
    if c.vars.contains(name) {
        return Some(Part::Var(name.to_string(), fmt));
    }
    let help = match crate::schema::messages::did_you_mean(name, c.vars.iter().map(String::as_str))
    {
        Some(s) => tr!(
            c.lang,
            "vouliez-vous écrire `{{{s}}}` ?",
            "did you mean `{{{s}}}`?"
        ),
        None => c
            .lang
            .pick(
                "un repère cite une valeur de `let`, un chemin (/… ou .…), `param:nom` ou `value`",
                "a placeholder names a `let` value, a path (/… or .…), `param:name` or `value`",
            )
            .to_string(),
    };
    c.errors.push(super::expr::CompileError {
        pointer: pointer.to_string(),
        code: Code::Rf013,
        message: tr!(
            c.lang,
            "repère inconnu dans le texte : `{{{name}}}`",
            "unknown placeholder in the text: `{{{name}}}`"
        ),
        help: Some(help),
    });
    None
}
