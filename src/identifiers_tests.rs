use super::*;

#[test]
fn siren_luhn() {
    // Valid SIRENs (their Luhn sum is a multiple of 10), written plainly or in groups.
    for ok in [
        "987654324",
        "111111118",
        "202600011",
        "123456782",
        "987 654 324",
    ] {
        assert!(check(Kind::Siren, ok).is_ok(), "{ok}");
    }
    assert_eq!(
        check(Kind::Siren, "987 654 324").as_deref(),
        Ok("987654324")
    );
    // One digit changed: the check digit expected is given.
    assert_eq!(
        check(Kind::Siren, "123456789"),
        Err(Problem::CheckDigit {
            expected: "123456782".into(),
            check: "2".into()
        })
    );
    assert_eq!(
        check(Kind::Siren, "987654321"),
        Err(Problem::CheckDigit {
            expected: "987654324".into(),
            check: "4".into()
        })
    );
    // Two digits swapped (the typo Luhn is made to catch).
    assert!(matches!(
        check(Kind::Siren, "897654324"),
        Err(Problem::CheckDigit { .. })
    ));
    assert_eq!(
        check(Kind::Siren, "12345678"),
        Err(Problem::Length { found: 8 })
    );
    assert_eq!(check(Kind::Siren, "12345678A"), Err(Problem::NotDigits));
}

#[test]
fn belgian_enterprise_number_mod_97() {
    for ok in [
        "0765432146",
        "0765.432.146",
        "BE 0444.000.078",
        "0123456749",
    ] {
        assert!(check(Kind::EnterpriseNumber, ok).is_ok(), "{ok}");
    }
    assert_eq!(
        check(Kind::EnterpriseNumber, "0123.456.789"),
        Err(Problem::CheckDigit {
            expected: "0123456749".into(),
            check: "49".into()
        })
    );
    // A remainder of 0 gives the check 97, never 00.
    let payload = "00000097"; // 97 mod 97 = 0
    assert_eq!(
        check(Kind::EnterpriseNumber, &format!("{payload}97")).as_deref(),
        Ok("0000009797")
    );
    assert_eq!(
        check(Kind::EnterpriseNumber, "403170701"),
        Err(Problem::Length { found: 9 })
    );
}
