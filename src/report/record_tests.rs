use super::*;

#[test]
fn long_lines_are_cut_around_the_value() {
    let long = "a".repeat(200);
    assert!(keep_end(&long, 10).starts_with('…'));
    assert_eq!(keep_end(&long, 10).chars().count(), 11);
    assert_eq!(keep_start("court", 10), "court");
    assert_eq!(keep_start("éèàçù", 2), "éè…");
}
