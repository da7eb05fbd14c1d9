//! `cooplabel serve`: the web service (`crate::serve`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use super::ServeArgs;
use crate::load::Limits;
use crate::serve::{AppState, Config};

/// Runs the service until SIGTERM or Ctrl-C; returns the exit status.
pub(super) fn run(args: &ServeArgs) -> u8 {
    let lang: crate::lang::Lang = args.lang.into();
    let Some(rules) = super::load_rules(
        args.rules.rules.as_deref(),
        &args.rules.replace_pack,
        &[],
        &[],
        lang,
        false,
    ) else {
        return 2;
    };
    let addr: SocketAddr = match args.addr.parse() {
        Ok(a) => a,
        Err(_) => {
            eprintln!(
                "cooplabel : « {} » n'est pas une adresse IP:port (par exemple 127.0.0.1:8080)",
                crate::report::escape::neutral(&args.addr)
            );
            return 2;
        }
    };
    let config = Config {
        limits: Limits {
            max_bytes: args.max_file_size,
            max_depth: args.max_depth,
            max_alias_nodes: args.max_alias_nodes,
            max_nodes: args.max_nodes,
        },
        max_checks: args
            .max_checks
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
        timeout: Duration::from_secs(args.timeout.max(1)),
        max_findings: args.max_findings,
    };
    let mut state = AppState::new(rules, config);
    // The register is read once, as `check` reads it: an invalid one stops the service before
    // it judges anything.
    if let Some(path) = &args.derogations {
        match crate::register::load_file(path, &state.rules, lang) {
            Ok(register) => state.set_register(register),
            Err(e) => {
                super::print_diagnostics(&e.diagnostics, false, lang);
                eprintln!(
                    "{}",
                    crate::tr!(
                        lang,
                        "cooplabel : le registre des dérogations {} est invalide ({} erreur(s)) : le service ne démarre pas",
                        "cooplabel: the waiver register {} is invalid ({} error(s)): the service does not start",
                        crate::report::escape::neutral(&path.display().to_string()),
                        e.diagnostics.len()
                    )
                );
                return 2;
            }
        }
    }
    let state = Arc::new(state);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cooplabel : {e}");
            return 2;
        }
    };
    match runtime.block_on(crate::serve::serve(addr, state)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("cooplabel : le service n'a pas pu démarrer sur {addr} : {e}");
            2
        }
    }
}
