//! The expression language of the rules (rules/README.md § 3–4), in three parts: its syntax
//! tree (`syntax`), its compiler from the JSON of a rule file (`compile`), and the table of its
//! operators (`ops`), from which the compiler dispatches and the documentation is generated.

pub(crate) mod compile;
pub mod ops;
pub(crate) mod syntax;

pub(crate) use compile::{CompileError, Compiler};
pub(crate) use syntax::{
    Arith, Base, Cmp, ContextKey, Expr, Lit, PathRef, Quantifier, UnionArgs, Year,
};
