//! Unit tests of `mod.rs`.
#[test]
fn embedded_schema_compiles() {
    let json: serde_json::Value = serde_json::from_str(super::DOSSIER_SCHEMA).expect("JSON");
    super::Schema::compile(json).expect("compiles");
}
