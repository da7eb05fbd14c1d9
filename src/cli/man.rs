//! `cooplabel man`: the manual pages. Without `--dir`, the main page on standard output (as
//! before); with `--dir DIR`, one page per subcommand as well (`cooplabel-check.1`, …), which
//! the main page's list of commands refers to, and `check`'s page ends with its exit statuses
//! and the environment variables it reads.

use std::path::Path;

use clap::CommandFactory;

use super::Cli;
use super::output::Output;

/// `check`'s exit statuses and environment, in roff (the text is the tool's own, and starts no
/// line with a control character).
const CHECK_EXTRA: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
chaque dossier est conforme (conforming) ou sous conditions (conditional)
.TP
\fB1\fR
au moins un dossier est non conforme (non_conforming)
.TP
\fB2\fR
au moins un dossier n'a pas pu être évalué (illisible, pas du YAML, pas un dossier), aucun dossier n'a été trouvé, les options, la configuration ou les fichiers de règles sont invalides, ou le rapport n'a pas pu être écrit en entier
.PP
Le code le plus grave l'emporte (2, puis 1, puis 0) ; tous les autres dossiers sont vérifiés et rapportés.
.SH ENVIRONMENT
.TP
\fBCOOPLABEL_LANG\fR
langue des messages (fr, en), comme \-\-lang
.TP
\fBNO_COLOR\fR
définie et non vide : pas de couleurs (avec \-\-color auto)
.TP
\fBGITHUB_STEP_SUMMARY\fR
avec \-\-format github : le fichier auquel le résumé Markdown de la vérification est ajouté
.SH FILES
.TP
\fBcooplabel.toml\fR
la configuration du dépôt, cherchée dans le répertoire courant puis ses parents (\-\-config, \-\-no\-config ; schéma : cooplabel schema config)
"#;

/// Renders the page of `cmd`; `check`'s with its extra sections.
fn render(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let is_check = cmd.get_name() == "check";
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    if is_check {
        buf.extend_from_slice(CHECK_EXTRA.as_bytes());
    }
    Ok(buf)
}

/// The pages: `(file name, roff)`, the main page first.
pub(super) fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = vec![(
        clap_mangen::Man::new(cmd.clone()).get_filename(),
        render(cmd.clone())?,
    )];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = clap_mangen::Man::new(sub.clone()).get_filename();
        pages.push((name, render(sub.clone())?));
    }
    Ok(pages)
}

/// Runs `man`: the main page on stdout, or every page written into `dir` (each file written
/// whole, never half).
pub(super) fn run(dir: Option<&Path>) -> u8 {
    let pages = match pages() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cooplabel: {e}");
            return 2;
        }
    };
    let Some(dir) = dir else {
        return super::print(&String::from_utf8_lossy(&pages[0].1));
    };
    if !dir.is_dir() {
        eprintln!(
            "cooplabel : --dir « {} » n'est pas un répertoire ; créez-le d'abord",
            crate::report::escape::neutral(&dir.display().to_string())
        );
        return 2;
    }
    for (name, text) in &pages {
        let path = dir.join(name);
        let written = Output::open(Some(&path), &[])
            .map_err(std::io::Error::from)
            .and_then(|mut out| {
                out.writer().write_all(text)?;
                out.finish()
            });
        if let Err(e) = written {
            eprintln!("cooplabel: {e}");
            return 2;
        }
    }
    0
}
