//! Why an input could not be read or parsed, turned into located findings.

use crate::codes::Code;
use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::source::Span;
use crate::tr;

/// Why a file could not be read, or was not: the tool opens only regular files, and only
/// inside what it was asked to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// No such file.
    NotFound,
    /// No read permission.
    PermissionDenied,
    /// A directory where a file was expected.
    IsDirectory,
    /// A symbolic link to nothing.
    BrokenLink,
    /// Symbolic links that lead to each other in a loop.
    LinkLoop,
    /// A symbolic link that leads out of the directory being checked (or, for a path named on
    /// the command line, out of its own directory): not followed without `--follow-links`.
    LinkOutside {
        /// Where it leads.
        target: String,
    },
    /// A named pipe (FIFO): reading it could wait forever.
    Fifo,
    /// A device (`/dev/zero`, a disk, a terminal).
    Device,
    /// A socket.
    Socket,
    /// A file of the system's pseudo file systems (`/proc`, `/sys`): the state of the system,
    /// never a dossier (`/proc/self/environ` holds the environment, secrets included).
    System,
    /// Anything else, as the system says it.
    Other(String),
}

impl From<std::io::Error> for Unreadable {
    fn from(e: std::io::Error) -> Self {
        #[cfg(unix)]
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            return Unreadable::LinkLoop;
        }
        match e.kind() {
            std::io::ErrorKind::NotFound => Unreadable::NotFound,
            std::io::ErrorKind::PermissionDenied => Unreadable::PermissionDenied,
            std::io::ErrorKind::IsADirectory => Unreadable::IsDirectory,
            _ => Unreadable::Other(e.to_string()),
        }
    }
}

impl Unreadable {
    /// The message and its help, in French and English.
    fn texts(&self) -> ([String; 2], [&'static str; 2]) {
        let check_path = [
            "vérifiez le chemin et les droits de lecture du fichier",
            "check the file's path and read permission",
        ];
        let not_a_file = [
            "donnez le chemin d'un fichier de dossier (*.yaml) ordinaire",
            "give the path of an ordinary dossier file (*.yaml)",
        ];
        let s = |fr: &str, en: &str| [fr.to_string(), en.to_string()];
        match self {
            Unreadable::NotFound => (
                s(
                    "impossible de lire le fichier : il n'existe pas",
                    "cannot read the file: it does not exist",
                ),
                check_path,
            ),
            Unreadable::PermissionDenied => (
                s(
                    "impossible de lire le fichier : vous n'avez pas le droit de le lire",
                    "cannot read the file: you may not read it",
                ),
                check_path,
            ),
            Unreadable::IsDirectory => (
                s(
                    "impossible de lire le fichier : c'est un répertoire",
                    "cannot read the file: it is a directory",
                ),
                not_a_file,
            ),
            Unreadable::BrokenLink => (
                s(
                    "impossible de lire le fichier : c'est un lien symbolique vers un fichier qui n'existe pas",
                    "cannot read the file: it is a symbolic link to a file that does not exist",
                ),
                ["corrigez ou supprimez le lien", "fix or remove the link"],
            ),
            Unreadable::LinkLoop => (
                s(
                    "impossible de lire le fichier : c'est une boucle de liens symboliques (ils mènent les uns aux autres)",
                    "cannot read the file: it is a loop of symbolic links (they lead to each other)",
                ),
                ["corrigez ou supprimez le lien", "fix or remove the link"],
            ),
            Unreadable::LinkOutside { target } => (
                [
                    format!(
                        "fichier non lu : c'est un lien symbolique vers « {target} », hors du répertoire vérifié"
                    ),
                    format!(
                        "file not read: it is a symbolic link to \"{target}\", outside the directory being checked"
                    ),
                ],
                [
                    "un lien n'est suivi que s'il mène à l'intérieur du répertoire vérifié (ou, pour un chemin donné en argument, de son propre répertoire) ; --follow-links les suit tous, si vous faites confiance au dépôt",
                    "a link is followed only when it leads inside the directory being checked (or, for a path given as an argument, inside its own directory); --follow-links follows them all, if you trust the repository",
                ],
            ),
            Unreadable::Fifo => (
                s(
                    "fichier non lu : c'est un tube nommé (FIFO), pas un fichier ordinaire",
                    "file not read: it is a named pipe (FIFO), not an ordinary file",
                ),
                not_a_file,
            ),
            Unreadable::Device => (
                s(
                    "fichier non lu : c'est un périphérique, pas un fichier ordinaire",
                    "file not read: it is a device, not an ordinary file",
                ),
                not_a_file,
            ),
            Unreadable::Socket => (
                s(
                    "fichier non lu : c'est une socket, pas un fichier ordinaire",
                    "file not read: it is a socket, not an ordinary file",
                ),
                not_a_file,
            ),
            Unreadable::System => (
                s(
                    "fichier non lu : c'est un fichier du système (/proc, /sys), pas un dossier",
                    "file not read: it is a system file (/proc, /sys), not a dossier",
                ),
                not_a_file,
            ),
            Unreadable::Other(detail) => (
                [
                    format!("impossible de lire le fichier ({detail})"),
                    format!("cannot read the file ({detail})"),
                ],
                check_path,
            ),
        }
    }
}

/// Why an input is not evaluable. Each variant becomes one finding (`LD…` codes), blocking, and
/// the dossier's decision is `not_evaluable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The file could not be opened or read.
    Unreadable {
        /// Why.
        reason: Unreadable,
    },
    /// Larger than the size limit.
    TooLarge {
        /// Actual size, bytes (unknown for standard input, read only up to the limit).
        size: Option<u64>,
        /// The limit, bytes.
        limit: u64,
    },
    /// Zero bytes, or only blanks.
    Empty,
    /// Contains NUL bytes: not a text file.
    Binary {
        /// First NUL byte.
        at: Span,
    },
    /// Not valid UTF-8.
    NotUtf8 {
        /// The first invalid byte.
        at: Span,
        /// A UTF-16 byte-order mark was found.
        utf16: bool,
    },
    /// Only comments or blank lines.
    NoData,
    /// YAML syntax error.
    Syntax {
        /// The parser's own description.
        detail: String,
        /// Where it stopped.
        at: Span,
    },
    /// The same key twice in a mapping.
    DuplicateKey {
        /// The key.
        key: String,
        /// The first occurrence.
        first: Span,
        /// The second occurrence.
        second: Span,
    },
    /// Nested deeper than the limit.
    TooDeep {
        /// The limit.
        limit: usize,
        /// The collection that went too deep.
        at: Span,
        /// The YAML reader's own limit on bracket nesting (256), not `--max-depth`.
        reader: bool,
    },
    /// Aliases expand to more nodes than the budget (an alias bomb).
    AliasBudget {
        /// The budget.
        limit: usize,
        /// The alias that exceeded it.
        at: Span,
    },
    /// More nodes than the budget.
    TooManyNodes {
        /// The budget.
        limit: usize,
        /// Where it was exceeded.
        at: Span,
    },
    /// A second YAML document (`---`) in the file.
    MultipleDocuments {
        /// The second document's start.
        at: Span,
    },
    /// The root is not a mapping.
    NotAMapping {
        /// What it is, in French.
        found: &'static str,
        /// The root.
        at: Span,
    },
    /// A mapping key that is a list or a mapping.
    ComplexKey {
        /// The key.
        at: Span,
    },
    /// A YAML mapping with no `dossier:` key at its root: some other YAML file (a workflow, a
    /// tool's configuration), not a dossier.
    NotADossier {
        /// The root's first key.
        at: Span,
    },
    /// A `%YAML` directive for a version other than 1.x.
    UnsupportedVersion {
        /// The version written.
        version: String,
        /// The directive.
        at: Span,
    },
}

impl LoadError {
    /// The finding shown to the user.
    pub fn to_finding(&self, lang: Lang) -> Finding {
        let code = self.code();
        let make = |message: String| Finding::new(code, Severity::Error, Origin::Load, message);
        let mut f = match self {
            LoadError::Unreadable { reason } => {
                let ([fr, en], [help_fr, help_en]) = reason.texts();
                make(lang.pick(fr, en)).help(lang.pick(help_fr, help_en))
            }
            LoadError::TooLarge { size, limit } => make(match size {
                Some(size) => tr!(
                    lang,
                    "le fichier fait {size} octets, au-delà de la limite de {limit} octets",
                    "the file is {size} bytes, over the {limit}-byte limit"
                ),
                None => tr!(
                    lang,
                    "l'entrée dépasse la limite de {limit} octets",
                    "the input is over the {limit}-byte limit"
                ),
            })
            .help(tr!(
                lang,
                "un dossier fait quelques dizaines de kilo-octets ; s'il est vraiment si gros, relevez la limite avec --max-file-size",
                "a dossier is a few tens of kilobytes; if it really is this large, raise the limit with --max-file-size"
            )),
            LoadError::Empty => make(tr!(lang, "le fichier est vide", "the file is empty")).help(tr!(
                lang,
                "un dossier commence par `dossier: 1` ; `cooplabel init` écrit un modèle à remplir",
                "a dossier starts with `dossier: 1`; `cooplabel init` prints a template to fill in"
            )),
            LoadError::Binary { at } => make(tr!(
                lang,
                "le fichier contient des données binaires (octet nul), ce n'est pas un fichier texte YAML",
                "the file holds binary data (a NUL byte): it is not a YAML text file"
            ))
            .at(*at, tr!(lang, "octet nul", "NUL byte"))
            .help(tr!(
                lang,
                "enregistrez le dossier comme texte brut (UTF-8), pas comme document de traitement de texte ou tableur",
                "save the dossier as plain text (UTF-8), not as a word-processor or spreadsheet file"
            )),
            LoadError::NotUtf8 { at, utf16 } => make(if *utf16 {
                tr!(lang, "le fichier est encodé en UTF-16, pas en UTF-8", "the file is encoded in UTF-16, not UTF-8")
            } else {
                tr!(lang, "le fichier n'est pas encodé en UTF-8", "the file is not encoded in UTF-8")
            })
            .at(*at, tr!(lang, "octet invalide en UTF-8", "invalid UTF-8 byte"))
            .help(tr!(
                lang,
                "réenregistrez le fichier en UTF-8 (dans la plupart des éditeurs : « Enregistrer sous » puis encodage UTF-8) ; un fichier Latin-1/Windows-1252 a ses accents ainsi",
                "save the file again as UTF-8 (in most editors: \"Save as\", then encoding UTF-8); a Latin-1/Windows-1252 file has its accents this way"
            )),
            LoadError::NoData => make(tr!(
                lang,
                "le fichier ne contient aucune donnée (seulement des commentaires ou des lignes vides)",
                "the file holds no data (only comments or blank lines)"
            ))
            .help(tr!(
                lang,
                "un dossier commence par `dossier: 1` ; `cooplabel init` écrit un modèle à remplir",
                "a dossier starts with `dossier: 1`; `cooplabel init` prints a template to fill in"
            )),
            LoadError::Syntax { detail, at } => {
                let (what, hint) = explain_syntax(detail, lang);
                make(tr!(lang, "YAML invalide : {what}", "invalid YAML: {what}"))
                    .at(*at, tr!(lang, "ici", "here"))
                    .help(hint)
            }
            LoadError::DuplicateKey { key, first, second } => make(tr!(
                lang,
                "la clé `{key}` apparaît deux fois dans la même table",
                "the key `{key}` appears twice in the same mapping"
            ))
            .at(*second, tr!(lang, "deuxième occurrence", "second occurrence"))
            .also(*first, tr!(lang, "première occurrence", "first occurrence"))
            .help(tr!(
                lang,
                "gardez une seule fois la clé `{key}` et regroupez-y les valeurs",
                "keep the key `{key}` once and gather its values there"
            )),
            LoadError::TooDeep { limit, at, reader: false } => make(tr!(
                lang,
                "imbrication trop profonde : plus de {limit} niveaux",
                "nested too deeply: more than {limit} levels"
            ))
            .at(*at, tr!(lang, "niveau {limit} dépassé ici", "level {limit} exceeded here"))
            .help(tr!(
                lang,
                "un dossier n'a que quelques niveaux d'imbrication ; vérifiez l'indentation (ou relevez la limite avec --max-depth)",
                "a dossier nests only a few levels; check the indentation (or raise the limit with --max-depth)"
            )),
            LoadError::TooDeep { limit, at, reader: true } => make(tr!(
                lang,
                "imbrication trop profonde : plus de {limit} niveaux de crochets ou d'accolades, la limite du lecteur YAML",
                "nested too deeply: more than {limit} levels of brackets or braces, the YAML reader's limit"
            ))
            .at(*at, tr!(lang, "niveau {limit} dépassé ici", "level {limit} exceeded here"))
            .help(tr!(
                lang,
                "un dossier n'a que quelques niveaux d'imbrication ; écrivez les listes et les tables en retrait plutôt qu'entre [ ] et {{ }} (cette limite-là ne se relève pas)",
                "a dossier nests only a few levels; write lists and mappings indented rather than within [ ] and {{ }} (this limit cannot be raised)"
            )),
            LoadError::AliasBudget { limit, at } => make(tr!(
                lang,
                "les alias YAML (`*nom`) se développent en plus de {limit} éléments : fichier refusé (bombe d'alias ?)",
                "YAML aliases (`*name`) expand to more than {limit} nodes: file refused (alias bomb?)"
            ))
            .at(*at, tr!(lang, "limite atteinte à cet alias", "limit reached at this alias"))
            .help(tr!(
                lang,
                "écrivez les valeurs en clair plutôt qu'avec des ancres et des alias (ou relevez la limite avec --max-alias-nodes)",
                "write the values out instead of using anchors and aliases (or raise the limit with --max-alias-nodes)"
            )),
            LoadError::TooManyNodes { limit, at } => make(tr!(
                lang,
                "le document contient plus de {limit} valeurs",
                "the document holds more than {limit} values"
            ))
            .at(*at, tr!(lang, "limite atteinte ici", "limit reached here"))
            .help(tr!(
                lang,
                "un dossier, même de 400 entrepreneurs, en compte moins de 10 000 (relevez la limite avec --max-nodes si besoin)",
                "a dossier, even with 400 entrepreneurs, has fewer than 10,000 (raise the limit with --max-nodes if needed)"
            )),
            LoadError::MultipleDocuments { at } => make(tr!(
                lang,
                "le fichier contient plusieurs documents YAML ; un fichier = un dossier",
                "the file holds several YAML documents; one file = one dossier"
            ))
            .at(*at, tr!(lang, "deuxième document", "second document"))
            .help(tr!(
                lang,
                "placez chaque dossier dans son propre fichier (et retirez le `---` qui sépare les documents)",
                "put each dossier in its own file (and remove the `---` separating the documents)"
            )),
            LoadError::NotAMapping { found, at } => {
                let found_en = english_kind(found);
                make(tr!(
                lang,
                "un dossier est une table de clés (`dossier: 1`, `type: …`), pas {found}",
                "a dossier is a mapping of keys (`dossier: 1`, `type: …`), not {found_en}"
            ))
            .at(*at, tr!(lang, "ceci est {found}", "this is {found_en}"))
            .help(tr!(
                lang,
                "`cooplabel init` écrit un modèle de dossier à remplir",
                "`cooplabel init` prints a dossier template to fill in"
            ))
            }
            LoadError::ComplexKey { at } => make(tr!(
                lang,
                "une clé doit être un simple texte, pas une liste ni une table",
                "a key must be plain text, not a list or a mapping"
            ))
            .at(*at, tr!(lang, "clé complexe", "complex key"))
            .help(tr!(
                lang,
                "vérifiez l'indentation et les `?` ou `{{`/`[` en début de clé",
                "check the indentation and any `?` or `{{`/`[` starting a key"
            )),
            LoadError::NotADossier { at } => make(tr!(
                lang,
                "ce fichier YAML n'est pas un dossier : il n'a pas de clé `dossier:` à sa racine",
                "this YAML file is not a dossier: it has no `dossier:` key at its root"
            ))
            .at(*at, tr!(lang, "pas de `dossier:` ici", "no `dossier:` here"))
            .help(tr!(
                lang,
                "un dossier commence par `dossier: 1` (la version du format) ; `cooplabel init` écrit un modèle. Pour ne pas vérifier ce fichier, ne le nommez pas (dans un répertoire parcouru, il est laissé de côté) ou excluez-le (--exclude)",
                "a dossier starts with `dossier: 1` (the format's version); `cooplabel init` prints a template. Not to check this file, do not name it (in a directory walked, it is left aside) or exclude it (--exclude)"
            )),
            LoadError::UnsupportedVersion { version, at } => make(tr!(
                lang,
                "version YAML « {version} » non prise en charge : l'outil lit le YAML 1.x",
                "YAML version \"{version}\" is not supported: the tool reads YAML 1.x"
            ))
            .at(*at, tr!(lang, "version inconnue", "unknown version"))
            .help(tr!(
                lang,
                "retirez la ligne `%YAML`, ou écrivez `%YAML 1.2`",
                "remove the `%YAML` line, or write `%YAML 1.2`"
            )),
        };
        f.blocking = true;
        f
    }

    /// The stable code and name of each kind of load error.
    pub(crate) fn code(&self) -> Code {
        match self {
            LoadError::Unreadable { .. } => Code::Ld001,
            LoadError::TooLarge { .. } => Code::Ld002,
            LoadError::Empty => Code::Ld003,
            LoadError::Binary { .. } => Code::Ld004,
            LoadError::NotUtf8 { .. } => Code::Ld005,
            LoadError::NoData => Code::Ld006,
            LoadError::Syntax { .. } => Code::Ld010,
            LoadError::DuplicateKey { .. } => Code::Ld011,
            LoadError::TooDeep { .. } => Code::Ld012,
            LoadError::AliasBudget { .. } => Code::Ld013,
            LoadError::TooManyNodes { .. } => Code::Ld014,
            LoadError::MultipleDocuments { .. } => Code::Ld015,
            LoadError::NotAMapping { .. } => Code::Ld016,
            LoadError::ComplexKey { .. } => Code::Ld017,
            LoadError::UnsupportedVersion { .. } => Code::Ld018,
            LoadError::NotADossier { .. } => Code::Ld019,
        }
    }
}

fn english_kind(fr: &str) -> &str {
    match fr {
        "une valeur vide" => "an empty value",
        "un booléen" => "a boolean",
        "un nombre" => "a number",
        "une date" => "a date",
        "un texte" => "a text",
        "une liste" => "a list",
        _ => "a mapping",
    }
}

/// Turns saphyr's English syntax messages into a French explanation and a hint.
fn explain_syntax(detail: &str, lang: Lang) -> (String, String) {
    let table: &[(&str, &str, &str, &str, &str)] = &[
        (
            "tab",
            "une tabulation sert d'indentation",
            "a tab is used for indentation",
            "indentez avec des espaces, jamais avec des tabulations",
            "indent with spaces, never with tabs",
        ),
        (
            "quoted scalar, found unexpected end of stream",
            "guillemet ouvert jamais refermé",
            "a quote is opened and never closed",
            "refermez le guillemet (\" ou ') sur la même valeur",
            "close the quote (\" or ') on the same value",
        ),
        (
            "mapping values are not allowed",
            "un `:` inattendu (une valeur contient peut-être `: ` sans guillemets, ou l'indentation est décalée)",
            "an unexpected `:` (a value may contain `: ` without quotes, or the indentation is off)",
            "mettez entre guillemets une valeur qui contient `: `, et alignez les clés d'une même table",
            "quote a value that contains `: `, and align the keys of one mapping",
        ),
        (
            "did not find expected key",
            "l'indentation ne correspond à aucune clé attendue",
            "the indentation matches no expected key",
            "alignez les clés d'une même table sur la même colonne",
            "align the keys of one mapping on the same column",
        ),
        (
            "did not find expected '-' indicator",
            "un élément de liste est mal aligné",
            "a list item is misaligned",
            "alignez les `-` d'une même liste sur la même colonne",
            "align the `-` of one list on the same column",
        ),
        (
            "expected ',' or ']'",
            "liste entre crochets mal fermée",
            "a bracketed list is not closed properly",
            "séparez les éléments par des virgules et fermez la liste par `]`",
            "separate items with commas and close the list with `]`",
        ),
        (
            "expected ',' or '}'",
            "table entre accolades mal fermée",
            "a braced mapping is not closed properly",
            "séparez les paires par des virgules et fermez la table par `}`",
            "separate pairs with commas and close the mapping with `}`",
        ),
        (
            "unknown anchor",
            "alias `*nom` vers une ancre `&nom` inconnue",
            "an alias `*name` refers to no anchor `&name`",
            "définissez l'ancre `&nom` avant de l'utiliser, ou écrivez la valeur en clair",
            "define the anchor `&name` before using it, or write the value out",
        ),
        (
            "invalid indentation",
            "indentation incorrecte",
            "wrong indentation",
            "alignez les clés d'une même table sur la même colonne, avec des espaces",
            "align the keys of one mapping on the same column, with spaces",
        ),
    ];
    for (needle, fr, en, hint_fr, hint_en) in table {
        if detail.contains(needle) {
            return (
                format!("{} ({detail})", lang.pick(*fr, *en)),
                lang.pick(*hint_fr, *hint_en).to_string(),
            );
        }
    }
    (
        detail.to_string(),
        tr!(
            lang,
            "vérifiez la syntaxe YAML autour de cette ligne : indentation en espaces, `clé: valeur`, guillemets fermés",
            "check the YAML syntax around this line: space indentation, `key: value`, closed quotes"
        ),
    )
}
