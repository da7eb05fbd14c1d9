//! Waivers (`derogations`): a committee's decision to waive a rule, with a reason, who granted
//! it and until when. Checked by the engine (rule DG001): an unknown rule is an error, an expired
//! waiver no longer waives and says so.

use jiff::civil::Date;

use crate::load::Node;

/// One waiver of the dossier.
#[derive(Debug, Clone)]
pub struct Waiver<'a> {
    /// The waived rule's code (or name).
    pub rule: &'a str,
    /// Why.
    pub reason: &'a str,
    /// Who.
    pub granted_by: &'a str,
    /// Until when (inclusive).
    pub until: Option<Date>,
    /// The `regle` value.
    pub rule_node: &'a Node,
    /// The `jusqu_au` value, or the entry.
    pub until_node: &'a Node,
}

impl Waiver<'_> {
    /// Whether it still waives at `date`.
    pub fn active(&self, date: Date) -> bool {
        self.until.is_some_and(|u| u >= date)
    }
}

/// The waivers of a dossier.
pub fn read(root: &Node) -> Vec<Waiver<'_>> {
    let Some(list) = root.get("derogations") else {
        return Vec::new();
    };
    list.items()
        .iter()
        .filter_map(|entry| {
            let rule_node = entry.get("regle")?;
            let text = |k: &str| entry.get(k).and_then(Node::as_str).unwrap_or_default();
            let until_node = entry.get("jusqu_au");
            Some(Waiver {
                rule: rule_node.as_str()?,
                reason: text("motif"),
                granted_by: text("accordee_par"),
                until: until_node.and_then(|n| match n.value {
                    crate::load::Value::Date(d) => Some(d),
                    _ => None,
                }),
                rule_node,
                until_node: until_node.unwrap_or(entry),
            })
        })
        .collect()
}
