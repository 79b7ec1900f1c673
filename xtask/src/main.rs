//! uprgraph's development tasks: `cargo xtask codegen` regenerates the committed
//! files that are derived from code.

use std::path::PathBuf;

use anyhow::{bail, Context};

fn main() -> anyhow::Result<()> {
    let task = std::env::args().nth(1);
    match task.as_deref() {
        Some("codegen") => codegen(),
        _ => bail!("usage: cargo xtask codegen   (regenerates schema.graphql)"),
    }
}

fn codegen() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join("schema.graphql");
    let sdl = uprgraph_graphql::sdl();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current == sdl {
        println!("schema.graphql is up to date");
    } else {
        std::fs::write(&path, sdl).with_context(|| format!("writing {}", path.display()))?;
        println!("schema.graphql updated");
    }
    Ok(())
}
