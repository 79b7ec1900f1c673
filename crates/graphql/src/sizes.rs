//! How long a list a client may ask for. The GraphQL crate checks and weighs the
//! arguments `first` and `last` against these numbers, and the descriptions of those
//! arguments state them: `uprgraph-graphql-macros` compiles this same file (a `#[path]`
//! module), since a proc-macro crate cannot read a constant of the crate it expands in.

/// The most items one page may hold, and the size of a page when neither `first`
/// nor `last` is given.
pub const MAX_PAGE_SIZE: i32 = 100;

/// Groups a statistic returns when `first` is not given.
pub const DEFAULT_GROUPS: i32 = 100;

/// The most groups one list of statistics may return.
pub const MAX_GROUPS: i32 = 1000;
