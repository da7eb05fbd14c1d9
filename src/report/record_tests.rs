use super::*;

#[test]
fn visible_replaces_control_characters() {
    assert_eq!(visible("a\u{1b}[31mb\tc"), "a\u{fffd}[31mb\tc");
    assert_eq!(visible("x\u{202e}y"), "x\u{fffd}y");
    assert_eq!(visible("Zoé « 15 % »"), "Zoé « 15 % »");
}

#[test]
fn long_lines_are_cut_around_the_value() {
    let long = "a".repeat(200);
    assert!(keep_end(&long, 10).starts_with('…'));
    assert_eq!(keep_end(&long, 10).chars().count(), 11);
    assert_eq!(keep_start("court", 10), "court");
    assert_eq!(keep_start("éèàçù", 2), "éè…");
}
