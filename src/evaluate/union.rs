//! The union's vote table, as article 18 of the UES statutes sets it (seed 001): one vote per
//! member; but when group B members exceed a share of all members, a collège B holds a fixed
//! share of the voting rights (35 %), counted within the collège in proportion to the shares
//! each member holds, every member keeping at least one vote; group A holds the rest.

use rust_decimal::Decimal;

use super::value::Val;
use crate::lang::Lang;
use crate::numfmt::{number, percent};

/// One member's line of the table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VoteRow {
    /// The member's place in the list given.
    pub index: usize,
    /// `nom`.
    pub name: String,
    /// `A` or `B`.
    pub group: String,
    /// Shares held.
    pub parts: Decimal,
    /// Votes counted (within the collège B: one per share, at least one).
    pub votes: Decimal,
    /// Share of all voting rights.
    pub weight: Decimal,
}

/// The computed table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VoteTable {
    /// One row per member.
    pub rows: Vec<VoteRow>,
    /// Whether the collège B is formed.
    pub college: bool,
}

impl VoteTable {
    /// Computes the table from the `societaires` items.
    pub(crate) fn compute(
        members: &[Val<'_>],
        threshold: Decimal,
        college_share: Decimal,
    ) -> Option<Self> {
        let mut rows = Vec::with_capacity(members.len());
        for (index, m) in members.iter().enumerate() {
            let Val::Node(node) = m else { continue };
            let text = |k: &str| {
                node.get(k)
                    .and_then(|n| n.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let parts = match node.get("parts").map(|n| &n.value) {
                Some(crate::load::Value::Number(d)) => *d,
                _ => Decimal::ZERO,
            };
            rows.push(VoteRow {
                index,
                name: text("nom"),
                group: text("groupe"),
                parts,
                votes: Decimal::ONE,
                weight: Decimal::ZERO,
            });
        }
        let n = Decimal::from(rows.len());
        if n.is_zero() {
            return None;
        }
        let n_a = Decimal::from(rows.iter().filter(|r| r.group == "A").count());
        let n_b = Decimal::from(rows.iter().filter(|r| r.group == "B").count());
        // Without group A members there is no majority to protect: the normal rule applies.
        let college = !n_a.is_zero() && n_b.checked_div(n).is_some_and(|share| share > threshold);
        if college {
            for r in rows.iter_mut().filter(|r| r.group == "B") {
                r.votes = r.parts.max(Decimal::ONE);
            }
            // Shares come from the dossier: any overflow makes the table not computable.
            let votes_b = rows
                .iter()
                .filter(|r| r.group == "B")
                .try_fold(Decimal::ZERO, |acc, r| acc.checked_add(r.votes))?;
            for r in &mut rows {
                r.weight = if r.group == "B" {
                    college_share.checked_mul(r.votes)?.checked_div(votes_b)?
                } else {
                    (Decimal::ONE - college_share).checked_div(n_a)?
                };
            }
        } else {
            for r in &mut rows {
                r.weight = Decimal::ONE.checked_div(n)?;
            }
        }
        Some(VoteTable { rows, college })
    }

    /// Share of all voting rights held by a group.
    pub(crate) fn share(&self, group: &str) -> Decimal {
        // Weights are shares of one: their sum cannot overflow.
        self.rows
            .iter()
            .filter(|r| r.group == group)
            .fold(Decimal::ZERO, |acc, r| acc.saturating_add(r.weight))
    }

    /// Share of all voting rights held by the members selected by their place in the list
    /// (loi 47-1775 art. 19 bis counts the votes of cooperatives, mutuals and associations,
    /// whatever their group).
    pub(crate) fn share_where(&self, selected: impl Fn(usize) -> bool) -> Decimal {
        // Weights are shares of one: their sum cannot overflow.
        self.rows
            .iter()
            .filter(|r| selected(r.index))
            .fold(Decimal::ZERO, |acc, r| acc.saturating_add(r.weight))
    }

    /// The table as one line of text.
    pub(crate) fn describe(&self, lang: Lang) -> String {
        let group = |g: &str| {
            let members: Vec<&VoteRow> = self.rows.iter().filter(|r| r.group == g).collect();
            let name = match (g, self.college) {
                ("B", true) => lang.pick("collège B", "collège B"),
                ("A", _) => lang.pick("groupe A", "group A"),
                _ => lang.pick("groupe B", "group B"),
            };
            let detail = members
                .iter()
                .map(|r| {
                    if g == "B" && self.college {
                        format!(
                            "{} {} {} {}",
                            r.name,
                            number(r.votes, lang),
                            lang.pick("voix :", "votes:"),
                            percent(r.weight, lang)
                        )
                    } else {
                        format!("{} {}", r.name, percent(r.weight, lang))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "{name} : {} {}, {} {} ({detail})",
                members.len(),
                lang.pick("sociétaire(s)", "member(s)"),
                percent(self.share(g), lang),
                lang.pick("des voix", "of the votes"),
            )
        };
        format!("{} ; {}", group("A"), group("B"))
    }
}
