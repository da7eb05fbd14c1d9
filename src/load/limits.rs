//! Limits that keep a hostile or broken input from eating time or memory.

/// Bounds applied while reading and parsing one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// Most nodes that aliases may expand to, in total (an alias bomb stops here).
    pub max_alias_nodes: usize,
    /// Most nodes in one document.
    pub max_nodes: usize,
}

impl Limits {
    /// Default file size limit: 10 MiB.
    pub(crate) const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
    /// Default depth limit: a dossier nests 4 levels; 64 leaves room for any real file.
    pub(crate) const DEFAULT_MAX_DEPTH: usize = 64;
    /// Default alias budget.
    pub(crate) const DEFAULT_MAX_ALIAS_NODES: usize = 10_000;
    /// Default node budget: a 400-entrepreneur dossier has about 8 000 nodes.
    pub(crate) const DEFAULT_MAX_NODES: usize = 1_000_000;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_alias_nodes: Self::DEFAULT_MAX_ALIAS_NODES,
            max_nodes: Self::DEFAULT_MAX_NODES,
        }
    }
}
