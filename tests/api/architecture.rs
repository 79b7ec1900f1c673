//! The layering invariant: dependencies point inward only.

use std::process::Command;

/// The normal (non-dev) dependency tree of a workspace crate, one package per line.
fn dependencies(package: &str) -> String {
    tree(package, &[])
}

/// The packages a workspace crate names in its manifest (normal dependencies only),
/// the crate itself first.
fn direct_dependencies(package: &str) -> String {
    tree(package, &["--depth", "1"])
}

fn tree(package: &str, more: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--package",
            package,
        ])
        .args(more)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn assert_free_of(package: &str, forbidden: &[&str]) {
    assert_tree_free_of(package, &dependencies(package), forbidden);
}

fn assert_tree_free_of(package: &str, tree: &str, forbidden: &[&str]) {
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        assert!(
            !forbidden.contains(&name),
            "{package} must not depend on {name}:\n{tree}"
        );
    }
}

#[test]
fn the_domain_knows_neither_the_database_nor_graphql() {
    assert_free_of(
        "uprgraph-domain",
        &[
            "sea-orm",
            "sqlx",
            "async-graphql",
            "actix-web",
            "uprgraph-store",
        ],
    );
}

#[test]
fn the_store_knows_neither_graphql_nor_http() {
    assert_free_of(
        "uprgraph-store",
        &["async-graphql", "actix-web", "uprgraph-graphql"],
    );
}

#[test]
fn the_graphql_layer_reaches_the_database_only_through_the_store() {
    let direct = direct_dependencies("uprgraph-graphql");
    assert!(
        direct
            .lines()
            .any(|line| line.starts_with("uprgraph-store ")),
        "the tree lists the store among the direct dependencies:\n{direct}"
    );
    assert_tree_free_of(
        "uprgraph-graphql",
        &direct,
        &["sea-orm", "sea-query", "sqlx"],
    );
}

#[test]
fn the_graphql_layer_knows_nothing_of_http() {
    assert_free_of(
        "uprgraph-graphql",
        &["actix-web", "async-graphql-actix-web", "uprgraph"],
    );
}

/// The paged-fields macro only rewrites syntax: it needs the token and syntax-tree crates
/// and nothing of uprgraph, async-graphql or the database.
#[test]
fn the_graphql_macros_know_only_syntax() {
    let tree = dependencies("uprgraph-graphql-macros");
    for line in tree.lines().skip(1) {
        let name = line.split_whitespace().next().unwrap_or_default();
        assert!(
            ["proc-macro2", "quote", "syn", "unicode-ident"].contains(&name),
            "uprgraph-graphql-macros must depend on proc-macro2, quote and syn only, not {name}:\n{tree}"
        );
    }
}
