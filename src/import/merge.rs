//! `--into DOSSIER`: the imported section put into a copy of an existing dossier. The copy
//! keeps the dossier's text, comments and order; only the section's own lines are replaced (or
//! added at the end when the dossier has none). The dossier itself is never written.

use crate::lang::Lang;
use crate::load::{Document, Limits, Value, load_str};
use crate::tr;

use super::yaml_out;

/// The merged text, checked to read back with the section in place; `Err` says why the
/// dossier cannot receive it.
pub(crate) fn merge(
    doc: &Document,
    path: &str,
    items: &[String],
    lang: Lang,
) -> Result<String, String> {
    let text = doc.source.text();
    if text.trim_start().starts_with('{') || !matches!(doc.root.value, Value::Map(_)) {
        return Err(tr!(
            lang,
            "le dossier est écrit d'un seul tenant entre accolades ({{ … }}) : la section ne peut y être ajoutée qu'à la main",
            "the dossier is written in one flow mapping ({{ … }}): the section can only be added by hand"
        ));
    }
    let segments: Vec<&str> = path.split('.').collect();
    let merged = splice(doc, &segments, items, lang)?;
    // The copy must read back, with exactly the imported items where they belong.
    let back = load_str(doc.source.name(), &merged, &Limits::default()).map_err(|f| {
        tr!(
            lang,
            "la copie fusionnée ne se relit pas ({}) : rien n'est écrit",
            "the merged copy does not read back ({}): nothing is written",
            f.error.to_finding(lang).message
        )
    })?;
    let pointer = format!("/{}", segments.join("/"));
    let count = back.root.pointer(&pointer).map(|n| n.items().len());
    if count != Some(items.len()) {
        return Err(tr!(
            lang,
            "la section {path} n'a pas pu être placée dans la copie du dossier : rien n'est écrit",
            "the section {path} could not be placed in the copy of the dossier: nothing is written"
        ));
    }
    Ok(merged)
}

/// Column of a byte offset (in characters from the line start).
fn column(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..offset].chars().count()
}

/// End of a node's text: its span's end, back over trailing blanks (a block collection's span
/// takes the blank lines after it).
fn trimmed_end(text: &str, end: usize) -> usize {
    let end = end.min(text.len());
    text[..end].trim_end().len()
}

fn splice(
    doc: &Document,
    segments: &[&str],
    items: &[String],
    lang: Lang,
) -> Result<String, String> {
    let text = doc.source.text();
    let (first, rest) = segments.split_first().unwrap_or((&"", &[]));
    let Some(entry) = doc.root.entry(first) else {
        // No such root key: the section is added at the end of the dossier.
        let mut out = text.trim_end().to_string();
        out.push_str("\n\n");
        out.push_str(&nested_block(segments, items, 0));
        return Ok(out);
    };
    if rest.is_empty() {
        let start = entry.key_span.start;
        let end = trimmed_end(text, entry.node.span.end.max(entry.key_span.end));
        let indent = column(text, start);
        let block = yaml_out::list_block(first, items, indent);
        return Ok(format!(
            "{}{}{}",
            &text[..start - indent],
            block.trim_end(),
            &text[end..]
        ));
    }
    // A nested section (territoire.partenaires): within its table, written as a block.
    let table = &entry.node;
    let Value::Map(entries) = &table.value else {
        return Err(tr!(
            lang,
            "{first} n'est pas une table de clés dans le dossier",
            "{first} is not a mapping in the dossier"
        ));
    };
    let flow = text
        .get(table.span.start..)
        .is_some_and(|t| t.starts_with('{'));
    if flow || rest.len() > 1 {
        return Err(tr!(
            lang,
            "{first} est écrit entre accolades ({{ … }}) dans le dossier : récrivez-le en bloc, une clé par ligne, pour que la section y soit placée",
            "{first} is written in a flow mapping ({{ … }}) in the dossier: rewrite it as a block, one key per line, so that the section can be placed in it"
        ));
    }
    let key = rest[0];
    match entries.iter().find(|e| e.key == key) {
        Some(inner) => {
            let start = inner.key_span.start;
            let end = trimmed_end(text, inner.node.span.end.max(inner.key_span.end));
            let indent = column(text, start);
            let block = yaml_out::list_block(key, items, indent);
            Ok(format!(
                "{}{}{}",
                &text[..start - indent],
                block.trim_end(),
                &text[end..]
            ))
        }
        None => {
            let indent = entries
                .first()
                .map_or(2, |e| column(text, e.key_span.start));
            let end = trimmed_end(text, table.span.end.max(entry.key_span.end));
            let block = yaml_out::list_block(key, items, indent);
            Ok(format!(
                "{}\n{}{}",
                &text[..end],
                block.trim_end(),
                &text[end..]
            ))
        }
    }
}

/// `a:` / `  b:` / `    - …` for a section whose tables do not exist yet.
fn nested_block(segments: &[&str], items: &[String], indent: usize) -> String {
    match segments {
        [last] => yaml_out::list_block(last, items, indent),
        [first, rest @ ..] => format!(
            "{}{}:\n{}",
            " ".repeat(indent),
            yaml_out::string(first),
            nested_block(rest, items, indent + 2)
        ),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        load_str("d.yaml", text, &Limits::default()).unwrap()
    }

    #[test]
    fn replaces_a_section_and_keeps_everything_else() {
        let d = doc(
            "dossier: 1 # version\nentrepreneurs:\n  - { id: A }\n  - { id: B }\n\n# après\ndevise: EUR\n",
        );
        let out = merge(&d, "entrepreneurs", &["{ id: C }".into()], Lang::Fr).unwrap();
        assert_eq!(
            out,
            "dossier: 1 # version\nentrepreneurs:\n  - { id: C }\n\n# après\ndevise: EUR\n"
        );
    }

    #[test]
    fn adds_a_missing_section_at_the_end() {
        let d = doc("dossier: 1\n");
        let out = merge(
            &d,
            "territoire.partenaires",
            &["{ nom: X, type: financeur }".into()],
            Lang::Fr,
        )
        .unwrap();
        assert_eq!(
            out,
            "dossier: 1\n\nterritoire:\n  partenaires:\n    - { nom: X, type: financeur }\n"
        );
    }

    #[test]
    fn fills_a_nested_list_in_a_block_table() {
        let d = doc(
            "territoire:\n  comite_technique: [{ nom: A, type: institution }]\n  offre_existante_analysee: true\netape: suivi\n",
        );
        let out = merge(
            &d,
            "territoire.partenaires",
            &["{ nom: X, type: financeur }".into()],
            Lang::Fr,
        )
        .unwrap();
        assert!(out.contains("  offre_existante_analysee: true\n  partenaires:\n    - { nom: X, type: financeur }\netape: suivi"), "{out}");
        let d = doc(
            "territoire:\n  partenaires:\n    - { nom: A, type: financeur }\n  offre_existante_analysee: true\n",
        );
        let out = merge(&d, "territoire.partenaires", &[], Lang::Fr).unwrap();
        assert_eq!(
            out,
            "territoire:\n  partenaires: []\n  offre_existante_analysee: true\n"
        );
    }

    #[test]
    fn a_flow_table_is_refused() {
        let d = doc("territoire: { offre_existante_analysee: true }\n");
        assert!(merge(&d, "territoire.partenaires", &[], Lang::Fr).is_err());
    }
}
