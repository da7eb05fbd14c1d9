//! The operator table (`src/rules/expr/ops.rs`) is the one source of the rule language's
//! operators: the rule-file schema's expression part and the operator tables of
//! `rules/README.md` are generated from it. These tests fail when a committed copy is stale;
//! `COOPLABEL_REGENERATE=1 cargo test --test operators` rewrites both (then review the diff).

use cooplabel::rules::expr::ops::{OPERATORS, Section, readme_table, schema_expr};
use serde_json::Value as Json;

const SCHEMA: &str = "src/schema/rules.schema.json";
const README: &str = "rules/README.md";

fn path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn regenerate() -> bool {
    std::env::var_os("COOPLABEL_REGENERATE").is_some()
}

/// The markers around a generated table in the README.
fn markers(name: &str) -> (String, String) {
    (
        format!(
            "<!-- opérateurs:{name} (généré depuis src/rules/expr/ops.rs : COOPLABEL_REGENERATE=1 cargo test --test operators) -->\n"
        ),
        format!("<!-- fin opérateurs:{name} -->"),
    )
}

/// The README with one generated block replaced by `table`.
fn splice(text: &str, name: &str, table: &str) -> String {
    let (start, end) = markers(name);
    let a = text
        .find(&start)
        .unwrap_or_else(|| panic!("{README} has no marker {start}"))
        + start.len();
    let b = a + text[a..]
        .find(&end)
        .unwrap_or_else(|| panic!("{README} has no marker {end}"));
    format!("{}{}{}", &text[..a], table, &text[b..])
}

#[test]
fn the_readme_operator_tables_are_generated_from_the_table() {
    let committed = std::fs::read_to_string(path(README)).expect("README readable");
    let mut wanted = splice(&committed, "valeurs", &readme_table(Section::Value));
    wanted = splice(&wanted, "conditions", &readme_table(Section::Condition));
    if regenerate() {
        std::fs::write(path(README), &wanted).expect("README written");
        return;
    }
    assert!(
        committed == wanted,
        "{README}'s operator tables are stale: run COOPLABEL_REGENERATE=1 cargo test --test operators"
    );
    // Every operator is documented, once.
    for op in OPERATORS {
        let row = format!("| `{}` |", op.example);
        assert_eq!(committed.matches(&row).count(), 1, "{}", op.name);
    }
}

#[test]
fn the_schema_expression_part_is_generated_from_the_table() {
    let text = std::fs::read_to_string(path(SCHEMA)).expect("schema readable");
    let mut schema: Json = serde_json::from_str(&text).expect("schema is JSON");
    let wanted = schema_expr();
    if regenerate() {
        schema["$defs"]["expr"] = wanted;
        let out = serde_json::to_string_pretty(&schema).expect("schema serialises") + "\n";
        std::fs::write(path(SCHEMA), out).expect("schema written");
        return;
    }
    assert!(
        schema["$defs"]["expr"] == wanted,
        "{SCHEMA}'s $defs/expr is stale: run COOPLABEL_REGENERATE=1 cargo test --test operators"
    );
    let documented = wanted["properties"].as_object().map_or(0, |p| p.len());
    assert_eq!(documented, OPERATORS.len());
}
