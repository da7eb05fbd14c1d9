//! Year after year: which dossiers are the same cooperative's, what a judged dossier leaves
//! for the next year's judgement (a compact [`Carried`] summary, never the dossier itself), and
//! what changed from one year to the next.
//!
//! The rules across years read the previous dossier through [`Carried::tree`], a pruned copy
//! of the values they need, handed to the evaluator as data (evaluation stays pure). A batch
//! links its files with [`link::plan`].

pub(crate) mod link;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::dossier::Identity;
use crate::finding::Finding;
use crate::load::{Document, Entry, Node, Value};
use crate::verdict::{Decision, DossierResult};

/// The field that identifies an item of a dossier's list across years: an exercice by its
/// year, an entrepreneur by their `id`, a member by their name. `segments` is the list's path.
pub(crate) fn item_key(segments: &[String]) -> Option<&'static str> {
    match segments.last().map(String::as_str)? {
        "exercices" => Some("annee"),
        "entrepreneurs" => Some("id"),
        "societaires" | "partenaires" | "comite_technique" => Some("nom"),
        _ => None,
    }
}

/// The previous dossier's counterpart of the node at `pointer` in `root`: the same path, each
/// list index replaced by the item with the same identity ([`item_key`]) in `prev`.
pub(crate) fn counterpart<'p>(root: &Node, prev: &'p Node, pointer: &str) -> Option<&'p Node> {
    let mut here = root;
    let mut there = prev;
    let mut path: Vec<String> = Vec::new();
    for seg in crate::load::tree::segments(pointer) {
        match &here.value {
            Value::Seq(items) => {
                let item = items.get(seg.parse::<usize>().ok()?)?;
                let key = item_key(&path)?;
                let id = &item.get(key)?.value;
                there = there
                    .items()
                    .iter()
                    .find(|n| n.get(key).map(|k| &k.value) == Some(id))?;
                here = item;
            }
            _ => {
                here = here.get(&seg)?;
                there = there.get(&seg)?;
            }
        }
        path.push(seg);
    }
    Some(there)
}

/// A cooperative's name as compared across files: lower case, without accents, with its runs
/// of spaces made one.
pub(crate) fn fold_name(name: &str) -> String {
    let folded: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' | 'ý' => 'y',
            'ñ' => 'n',
            'œ' => 'o',
            'æ' => 'a',
            other => other,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a cooperative is recognised across files: its SIREN or Belgian enterprise number when
/// the dossier gives a valid one, else its folded name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum CoopKey {
    /// `cooperative.siren`.
    Siren(String),
    /// `cooperative.numero_entreprise`.
    EnterpriseNumber(String),
    /// `cooperative.nom`, folded ([`fold_name`]).
    Name(String),
}

impl CoopKey {
    /// The key of a dossier's identity, if it names its cooperative at all.
    pub(crate) fn of(identity: &Identity) -> Option<CoopKey> {
        if let Some(s) = &identity.siren {
            return Some(CoopKey::Siren(s.clone()));
        }
        if let Some(n) = &identity.enterprise_number {
            return Some(CoopKey::EnterpriseNumber(n.clone()));
        }
        identity
            .name
            .as_deref()
            .map(fold_name)
            .filter(|n| !n.is_empty())
            .map(CoopKey::Name)
    }
}

/// A finding as the history follows it: its code, where it is, and its fingerprint (the
/// identity of what it is about, stable when lines move and lists are reordered).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub(crate) struct Tracked {
    /// Rule code.
    pub code: String,
    /// JSON pointer in its dossier.
    pub pointer: String,
    /// Stable identity across years.
    pub fingerprint: String,
}

impl Tracked {
    fn of(f: &Finding) -> Self {
        Tracked {
            code: f.code.clone(),
            pointer: f.pointer.clone(),
            fingerprint: f.fingerprint.clone(),
        }
    }
}

/// What changed since the previous dossier: findings by fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Findings of this dossier the previous one did not have.
    pub new: Vec<Tracked>,
    /// Findings of the previous dossier that are gone (with the previous dossier's pointer).
    pub fixed: Vec<Tracked>,
    /// Findings of both (with this dossier's pointer).
    pub persisting: Vec<Tracked>,
}

/// The key figures a committee compares from one year to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Figures {
    /// Entrepreneurs listed.
    pub entrepreneurs: Option<Decimal>,
    /// Members (`societaires`).
    pub associes: Option<Decimal>,
    /// Entrepreneurs' turnover (sum of `chiffre_affaires`).
    pub chiffre_affaires: Option<Decimal>,
    /// Entrepreneurs' contributions (sum of `contribution`).
    pub contributions: Option<Decimal>,
    /// The latest exercice's legal reserve, after that year's allocation.
    pub reserve_legale: Option<Decimal>,
    /// The latest exercice's share capital.
    pub capital_social: Option<Decimal>,
    /// The latest exercice's highest capital reached.
    pub capital_max_atteint: Option<Decimal>,
    /// `devise`.
    pub currency: Option<String>,
}

impl Figures {
    /// Reads the key figures of a dossier.
    pub(crate) fn read(root: &Node) -> Figures {
        let num = |n: Option<&Node>| match n.map(|n| &n.value) {
            Some(Value::Number(d)) => Some(*d),
            _ => None,
        };
        let count = |p: &str| match root.pointer(p).map(|n| &n.value) {
            Some(Value::Seq(items)) => Some(Decimal::from(items.len())),
            _ => None,
        };
        let sum = |field: &str| {
            let items = root.get("entrepreneurs")?.items();
            let mut total = None::<Decimal>;
            for e in items {
                if let Some(d) = num(e.get(field)) {
                    total = Some(total.unwrap_or_default().saturating_add(d));
                }
            }
            total
        };
        // The latest exercice: the highest `annee`.
        let latest = root.get("exercices").and_then(|l| {
            l.items()
                .iter()
                .max_by_key(|e| num(e.get("annee")).unwrap_or(Decimal::MIN))
        });
        let of_latest = |k: &str| latest.and_then(|e| num(e.get(k)));
        Figures {
            entrepreneurs: count("/entrepreneurs"),
            associes: count("/societaires"),
            chiffre_affaires: sum("chiffre_affaires"),
            contributions: sum("contribution"),
            reserve_legale: match (
                of_latest("reserve_legale"),
                of_latest("dotation_reserve_legale"),
            ) {
                (Some(r), d) => Some(r.saturating_add(d.unwrap_or_default())),
                _ => None,
            },
            capital_social: of_latest("capital_social"),
            capital_max_atteint: of_latest("capital_max_atteint"),
            currency: root
                .get("devise")
                .and_then(Node::as_str)
                .map(str::to_string),
        }
    }
}

/// One year of a cooperative's history, for the charts: its scores and reserves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearPoint {
    /// The dossier's reference date.
    pub date: Option<Date>,
    /// Its decision.
    pub decision: Decision,
    /// Its score.
    pub score: Option<Decimal>,
    /// Its principle scores: id, title, score.
    pub principles: Vec<(String, String, Decimal)>,
    /// Legal reserve after the year's allocation.
    pub reserve_legale: Option<Decimal>,
    /// Highest capital reached.
    pub capital_max_atteint: Option<Decimal>,
}

/// What a judged dossier leaves for the judgement of the same cooperative's next one: a few
/// hundred bytes plus the values the rules across years read, never the text or the tree.
#[derive(Debug, Clone)]
pub(crate) struct Carried {
    /// The input's name.
    pub path: String,
    /// Its reference date.
    pub date: Option<Date>,
    /// Its decision.
    pub decision: Decision,
    /// Its score.
    pub score: Option<Decimal>,
    /// Its findings (not the notes nor the waived ones' distinction: all it reported).
    pub findings: Vec<Tracked>,
    /// Its key figures.
    pub figures: Figures,
    /// The rules the committee's register waived for it.
    pub waived: Vec<String>,
    /// Its year and the earlier ones, oldest first.
    pub years: Vec<YearPoint>,
    /// The values the rules across years read ([`prune`]).
    pub tree: Node,
    /// How many of `tree`'s exercices are this dossier's own (the others, after them, come
    /// from earlier files, whose lines are not kept).
    pub own_exercices: usize,
    /// This dossier's lines around its exercices and its entrepreneurs' `id` and `entree`: a finding
    /// of the next year that compares with one of them shows it there ([`Carried::place`]).
    pub excerpt: Option<std::sync::Arc<crate::source::Excerpt>>,
}

/// Another dossier of the same cooperative for the same period, as the judgement of one of
/// them says it (HI006).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Twin {
    /// The other input's name.
    pub other: String,
    /// The input the history follows (the next year's previous dossier).
    pub kept: String,
}

/// What a dossier is judged after: the same cooperative's previous dossier, and a twin.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Link<'a> {
    /// The previous dossier's summary.
    pub previous: Option<&'a Carried>,
    /// Another dossier for the same period.
    pub twin: Option<&'a Twin>,
}

/// The history given with a dossier's result.
#[derive(Debug, Clone)]
pub(crate) struct History {
    /// The previous dossier (its tree is not kept here).
    pub previous: PreviousRef,
    /// What changed since.
    pub changes: Changes,
    /// This year and the earlier ones, oldest first (three or more make a chart).
    pub years: Vec<YearPoint>,
}

/// The previous dossier as a report shows it.
#[derive(Debug, Clone)]
pub(crate) struct PreviousRef {
    /// Input name.
    pub path: String,
    /// Reference date.
    pub date: Option<Date>,
    /// Decision.
    pub decision: Decision,
    /// Score.
    pub score: Option<Decimal>,
    /// Principle scores: id, title, score.
    pub principles: Vec<(String, String, Decimal)>,
    /// Key figures.
    pub figures: Figures,
}

/// The lines of a dossier a label of the next year may point at: its exercices (a few lines
/// each) and its entrepreneurs' `id` and `entree` (a line each), escaped like every excerpt.
fn own_lines(doc: &Document) -> crate::source::Excerpt {
    let root = &doc.root;
    let exercices = root.get("exercices").map(Node::items).unwrap_or_default();
    let entrees = root
        .get("entrepreneurs")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .flat_map(|e| [e.get("id"), e.get("entree")])
        .flatten();
    // Each value's own span: an excerpt keeps the lines a span starts on.
    let values = exercices.iter().flat_map(|e| match &e.value {
        Value::Map(entries) => entries.iter().map(|en| en.node.span).collect(),
        _ => Vec::new(),
    });
    doc.source.excerpt(values.chain(entrees.map(|n| n.span)))
}

/// The values of a dossier the rules across years read, copied with their spans: `periode`,
/// the exercices (with the earlier years' ones carried from `earlier`, for a history of losses
/// or reserves across several files), the entrepreneurs' `id`, `statut`, `entree` and
/// `sortie`, the members' `nom` and `categorie`. The rule language's README lists them: a
/// `previous` path outside them reads nothing.
pub(crate) fn prune(root: &Node, earlier: Option<&Node>) -> Node {
    let keep = |node: &Node, keys: &[&str]| -> Node {
        let entries = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .filter(|e| keys.contains(&e.key.as_str()))
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        Node {
            value: Value::Map(entries),
            span: node.span,
        }
    };
    let list = |key: &str, fields: &[&str]| -> Option<Node> {
        let l = root.get(key)?;
        let items = l.items().iter().map(|i| keep(i, fields)).collect();
        Some(Node {
            value: Value::Seq(items),
            span: l.span,
        })
    };
    let mut exercices: Vec<Node> = root
        .get("exercices")
        .map(|l| l.items().to_vec())
        .unwrap_or_default();
    if let Some(older) = earlier.and_then(|e| e.get("exercices")) {
        for o in older.items() {
            let year = o.get("annee").map(|n| &n.value);
            if year.is_some()
                && !exercices
                    .iter()
                    .any(|e| e.get("annee").map(|n| &n.value) == year)
            {
                exercices.push(o.clone());
            }
        }
    }
    let mut entries = Vec::new();
    let mut push = |key: &str, node: Option<Node>| {
        if let Some(node) = node {
            entries.push(Entry {
                key: key.to_string(),
                key_span: node.span,
                node,
            });
        }
    };
    push("periode", root.get("periode").cloned());
    push(
        "exercices",
        Some(Node {
            value: Value::Seq(exercices),
            span: root.get("exercices").map_or(root.span, |n| n.span),
        }),
    );
    push(
        "entrepreneurs",
        list("entrepreneurs", &["id", "statut", "entree", "sortie"]),
    );
    push("societaires", list("societaires", &["nom", "categorie"]));
    Node {
        value: Value::Map(entries),
        span: root.span,
    }
}

impl Carried {
    /// What `result` (judged from `doc`, after `previous`) leaves for the next year.
    pub(crate) fn of(
        result: &DossierResult,
        doc: Option<&Document>,
        previous: Option<&Carried>,
    ) -> Self {
        let figures = doc.map(|d| Figures::read(&d.root)).unwrap_or_default();
        let mut years: Vec<YearPoint> = previous.map(|p| p.years.clone()).unwrap_or_default();
        years.push(year_point(result, &figures));
        // A chart of a few years is what a report shows; a long history keeps its last ones.
        if years.len() > MAX_YEARS {
            years.drain(..years.len() - MAX_YEARS);
        }
        Carried {
            path: result.path.clone(),
            date: result.date,
            decision: result.decision,
            score: result.score,
            findings: result
                .findings
                .iter()
                .filter(|f| tracked(f))
                .map(Tracked::of)
                .collect(),
            waived: result
                .findings
                .iter()
                .filter(|f| f.waiver.as_ref().is_some_and(|w| w.active))
                .map(|f| f.code.clone())
                .collect(),
            figures,
            years,
            tree: match doc {
                Some(d) => prune(&d.root, previous.map(|p| &p.tree)),
                None => Node {
                    value: Value::Null,
                    span: crate::source::Span::point(0),
                },
            },
            own_exercices: doc
                .and_then(|d| d.root.get("exercices"))
                .map_or(0, |l| l.items().len()),
            excerpt: doc.map(|d| std::sync::Arc::new(own_lines(d))),
        }
    }

    /// The place of `node`, a value of [`Carried::tree`] a rule compared with, as a label in
    /// this (previous) dossier: `None` for a value of an earlier file, or one whose lines were
    /// not kept.
    pub(crate) fn place(&self, node: &Node, text: String) -> Option<crate::finding::ForeignLabel> {
        let pointer = crate::evaluate::value::pointer_of(&self.tree, node)?;
        let own = match pointer.strip_prefix("/exercices/") {
            Some(rest) => rest
                .split('/')
                .next()
                .and_then(|i| i.parse::<usize>().ok())
                .is_some_and(|i| i < self.own_exercices),
            None => pointer.starts_with("/entrepreneurs/"),
        };
        let excerpt = self.excerpt.as_ref().filter(|_| own)?;
        excerpt.span(node.span)?;
        Some(crate::finding::ForeignLabel {
            path: self.path.clone(),
            source: excerpt.clone(),
            span: node.span,
            text,
        })
    }

    /// The history of `result` when this is its previous dossier.
    pub(crate) fn history_of(&self, result: &DossierResult) -> History {
        let figures = result.figures.clone().unwrap_or_default();
        let mut years = self.years.clone();
        years.push(year_point(result, &figures));
        if years.len() > MAX_YEARS {
            years.drain(..years.len() - MAX_YEARS);
        }
        History {
            previous: PreviousRef {
                path: self.path.clone(),
                date: self.date,
                decision: self.decision,
                score: self.score,
                principles: self
                    .years
                    .last()
                    .map(|y| y.principles.clone())
                    .unwrap_or_default(),
                figures: self.figures.clone(),
            },
            changes: changes(&self.findings, &result.findings),
            years,
        }
    }
}

/// Most years a history keeps for its chart.
pub(crate) const MAX_YEARS: usize = 10;

fn year_point(result: &DossierResult, figures: &Figures) -> YearPoint {
    YearPoint {
        date: result.date,
        decision: result.decision,
        score: result.score,
        principles: result
            .principles
            .iter()
            .map(|p| (p.id.clone(), p.title.clone(), p.score))
            .collect(),
        reserve_legale: figures.reserve_legale,
        capital_max_atteint: figures.capital_max_atteint,
    }
}

/// Whether a finding counts in the history: what asks for a fix or was waived, not a note
/// (an information that is not a problem) nor the line saying findings were left out.
fn tracked(f: &Finding) -> bool {
    f.severity != crate::finding::Severity::Info && f.code != "RP001"
}

/// New, fixed and persisting findings, by fingerprint (each list sorted, without repeats).
pub(crate) fn changes(before: &[Tracked], now: &[Finding]) -> Changes {
    use std::collections::BTreeSet;
    let then: BTreeSet<&str> = before.iter().map(|t| t.fingerprint.as_str()).collect();
    let mut seen = BTreeSet::new();
    let mut out = Changes::default();
    for f in now.iter().filter(|f| tracked(f)) {
        let t = Tracked::of(f);
        if !seen.insert(t.fingerprint.clone()) {
            continue;
        }
        if then.contains(t.fingerprint.as_str()) {
            out.persisting.push(t);
        } else {
            out.new.push(t);
        }
    }
    let mut gone = BTreeSet::new();
    for t in before {
        if !seen.contains(&t.fingerprint) && gone.insert(t.fingerprint.as_str()) {
            out.fixed.push(t.clone());
        }
    }
    out
}
