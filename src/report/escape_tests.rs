//! Unit tests of `escape.rs`.
use super::*;

#[test]
fn neutral_shows_controls_and_bidi_escaped() {
    assert_eq!(neutral("Cap Services"), "Cap Services");
    assert!(matches!(neutral("Zoé « 15 % »"), Cow::Borrowed(_)));
    assert_eq!(neutral("a\nb\r\tc"), "a\\nb\\r\\tc");
    assert_eq!(neutral("\u{1b}[2J"), "\\u{1B}[2J");
    assert_eq!(neutral("abc\u{202E}fed"), "abc\\u{202E}fed");
    assert_eq!(neutral("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
    assert_eq!(neutral("\u{85}\u{9B}\u{7F}"), "\\u{85}\\u{9B}\\u{7F}");
    assert_eq!(neutral("x\u{FFFF}\u{FFFE}"), "x\\u{FFFF}\\u{FFFE}");
    assert_eq!(neutral("\u{2028}\u{FEFF}"), "\\u{2028}\\u{FEFF}");
    // Ordinary text of every script stays: accents, typographic spaces, emoji with joiners.
    let ordinary = "Société « coopérative » 10\u{a0}000\u{202F}€ 👩\u{200D}💻 日本";
    assert_eq!(neutral(ordinary), ordinary);
}

#[test]
fn neutral_lines_keeps_only_the_tools_line_breaks() {
    assert_eq!(neutral_lines(["a\nb", "c"]), "a\\nb\nc");
}

#[test]
fn guard_lines_defuses_runner_commands() {
    assert_eq!(guard_lines("a\n  b"), "a\n  b");
    assert_eq!(
        guard_lines("ok\n::error::pwned\n   ::add-mask::x\n##[error]y\n##vso[task]z"),
        "ok\n\\u{3A}:error::pwned\n   \\u{3A}:add-mask::x\n\\u{23}#[error]y\n\\u{23}#vso[task]z"
    );
    // A Markdown heading is not a command.
    assert_eq!(guard_lines("## Règles"), "## Règles");
    // Not at the start of a line: nothing to do.
    assert_eq!(guard_lines("nom ::error::x"), "nom ::error::x");
}

#[test]
fn markdown_escapes_what_markdown_reads() {
    assert_eq!(
        markdown("reserves_impartageables"),
        "reserves_impartageables"
    );
    assert_eq!(
        markdown("_x_ *y* [z] <b> a|b"),
        "\\_x\\_ \\*y\\* [z] \\<b\\> a\\|b"
    );
    assert_eq!(markdown("[a](javascript:x)"), "\\[a\\](javascript:x)");
    assert_eq!(markdown("a `b` &amp;"), "a \\`b\\` \\&amp;");
    assert_eq!(markdown("# titre"), "\\# titre");
    assert_eq!(markdown("1. liste"), "1\\. liste");
    assert_eq!(markdown("15.5 %"), "15.5 %");
    // A line break inside a value is shown, escaped: no new block can start.
    assert_eq!(markdown("a\n# b"), "a\\\\n# b");
}

#[test]
fn markdown_code_spans_hold_any_backticks() {
    assert_eq!(markdown_code("cle"), "`cle`");
    assert_eq!(markdown_code("a`b"), "``a`b``");
    assert_eq!(markdown_code("``x"), "``` ``x ```");
    assert_eq!(markdown_code("a|b"), "`a\\|b`");
    assert_eq!(markdown_code("x\ny"), "`x\\ny`");
    assert_eq!(markdown_code(""), "` `");
}

#[test]
fn html_escapes_markup_and_glues_numbers() {
    assert_eq!(html("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    assert_eq!(html("10 000 €"), "10\u{a0}000 €");
    assert_eq!(html("a\u{202E}b\n"), "a\\u{202E}b\\n");
}

#[test]
fn xml_drops_what_xml_forbids() {
    for c in ['\u{0}', '\u{1}', '\u{b}', '\u{FFFE}', '\u{FFFF}'] {
        assert!(!xml(&format!("a{c}b")).contains(c));
    }
    assert_eq!(xml_lines("a\u{FFFF}\nb"), "a\\u{FFFF}\nb");
}

#[test]
fn github_escapes_like_the_toolkit_after_neutralizing() {
    assert_eq!(github_data(["50 %", "fin"]), "50 %25%0Afin");
    assert_eq!(github_data(["nom\n::error::x"]), "nom\\n::error::x");
    assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
    assert_eq!(github_property("a\rb"), "a\\rb");
}

#[test]
fn json_bytes_escapes_what_serde_json_leaves_raw() {
    let value = serde_json::json!({ "nom": "a\u{202E}b\u{85}c\u{7F}\u{FFFF}\u{1F600}" });
    let raw = serde_json::to_vec(&value).unwrap();
    let safe = json_bytes(&raw);
    let text = std::str::from_utf8(&safe).unwrap();
    assert_eq!(
        text,
        "{\"nom\":\"a\\u202Eb\\u0085c\\u007F\\uFFFF\u{1F600}\"}"
    );
    // The same value, read back.
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&safe).unwrap(),
        value
    );
    // The layout's own line breaks stay.
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    let safe = json_bytes(&pretty);
    assert!(safe.contains(&b'\n'));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&safe).unwrap(),
        value
    );
    let plain = serde_json::to_vec(&serde_json::json!({ "nom": "Zoé" })).unwrap();
    assert!(matches!(json_bytes(&plain), Cow::Borrowed(_)));
}
