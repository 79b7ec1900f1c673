//! The TypeScript client project (`clients/typescript`) as CI builds it: its operations
//! validate against the committed `schema.graphql`, the committed generated code is what
//! codegen gives, `tsc` accepts the project, and every operation, run with its cases
//! against the real server with the real files imported, answers in the shape the generated
//! types promise. A schema that loses a field an operation uses fails with the operation's
//! name; the breaking-change check reports the fixture pair as breaking.

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicU32, Ordering},
};

use crate::helpers::{npm, on_both_backends, Fixture, TestApp};

const PROJECT: &str = "clients/typescript";

fn schema_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql")
}

/// Runs a program of the project's `node_modules/.bin` in the project.
async fn bin(
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let program = dir.join("node_modules/.bin").join(program);
    let (dir, args, env): (PathBuf, Vec<String>, Vec<(String, String)>) = (
        dir.to_owned(),
        args.iter().map(|a| a.to_string()).collect(),
        env.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    );
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(&program)
            .args(&args)
            .envs(env)
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", program.display()))
    })
    .await
    .unwrap()
}

/// The files under `dir`, relative, with their bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn the_client_generates_from_the_committed_schema_and_typechecks() {
    let dir = npm::project(PROJECT);
    let output = npm::run(dir.clone(), vec!["scripts/validate.mjs".into()]).await;
    let stdout = npm::assert_success("validate", &output);
    assert!(stdout.contains("9 operations valid"), "{stdout}");

    let out = tempfile::tempdir().unwrap();
    let target = format!("{}/", out.path().display());
    let generated = bin(
        &dir,
        "graphql-codegen",
        &["--config", "codegen.ts"],
        &[("UPRGRAPH_CODEGEN_OUT", &target)],
    )
    .await;
    npm::assert_success("graphql-codegen", &generated);
    let fresh = files(out.path());
    let committed = files(&dir.join("src/gql"));
    assert!(!fresh.is_empty());
    assert_eq!(
        fresh.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        committed.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for ((name, new), (_, old)) in fresh.iter().zip(&committed) {
        assert!(new == old, "clients/typescript/src/gql/{name} is stale: run `npm run generate` there and commit it");
    }
    let typecheck = bin(&dir, "tsc", &["--noEmit", "-p", "."], &[]).await;
    npm::assert_success("tsc --noEmit", &typecheck);
}

#[tokio::test]
async fn a_field_an_operation_uses_cannot_go_without_naming_the_operation() {
    let dir = npm::project(PROJECT);
    let schema = std::fs::read_to_string(schema_file()).unwrap();
    // `Source.key` renamed (used by Provenance, Refetch and AidDashboard), and
    // `RecommendationCount.pending` deleted (used by CrossLinks).
    let source = schema
        .find("type Source implements Node {")
        .expect("type Source");
    let key = source + schema[source..].find("\tkey: String").expect("Source.key");
    let mut mutated = format!(
        "{}\tsourceKey: String{}",
        &schema[..key],
        &schema[key + "\tkey: String".len()..]
    );
    let count = mutated
        .find("type RecommendationCount {")
        .expect("type RecommendationCount");
    let pending = count
        + mutated[count..]
            .find("\tpending: Int!\n")
            .expect("RecommendationCount.pending");
    // The field goes with its description, the block string just before it.
    let description = mutated[..pending].trim_end_matches(['\t', '\n']).len() - "\"\"\"".len();
    let description = mutated[..description]
        .rfind("\t\"\"\"")
        .expect("its description");
    mutated.replace_range(description..pending + "\tpending: Int!\n".len(), "");
    let copy = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(copy.path(), &mutated).unwrap();
    let path = copy.path().display().to_string();

    let output = npm::run(
        dir.clone(),
        vec![
            "scripts/validate.mjs".into(),
            "--schema".into(),
            path.clone(),
        ],
    )
    .await;
    assert!(!output.status.success(), "the mutated schema passes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "operation Provenance: Cannot query field \"key\" on type \"Source\"",
        "operation AidDashboard: Cannot query field \"key\" on type \"Source\"",
        "operation Refetch: Cannot query field \"key\" on type \"Source\"",
        "operation CrossLinks: Cannot query field \"pending\" on type \"RecommendationCount\"",
    ] {
        assert!(stderr.contains(expected), "{expected}:\n{stderr}");
    }
    assert!(
        !stderr.contains("operation Statistics"),
        "Statistics uses neither:\n{stderr}"
    );

    // The generator refuses the mutated schema too, writing nothing.
    let out = tempfile::tempdir().unwrap();
    let target = format!("{}/", out.path().display());
    let generated = bin(
        &dir,
        "graphql-codegen",
        &["--config", "codegen.ts"],
        &[
            ("UPRGRAPH_SCHEMA", &path),
            ("UPRGRAPH_CODEGEN_OUT", &target),
        ],
    )
    .await;
    assert!(
        !generated.status.success(),
        "codegen accepts the mutated schema"
    );
    assert!(files(out.path()).is_empty());
}

#[tokio::test]
async fn the_breaking_change_check_reports_the_fixture_pair() {
    let dir = npm::project(PROJECT);
    let fixtures = "test/fixtures/breaking";
    let check = |old: &str, changelog: Option<&str>| {
        let mut args = vec![
            "scripts/breaking.mjs".to_owned(),
            "--old".into(),
            format!("{fixtures}/{old}"),
            "--new".into(),
            format!("{fixtures}/new.graphql"),
        ];
        if let Some(changelog) = changelog {
            args.extend(["--changelog".into(), format!("{fixtures}/{changelog}")]);
        }
        npm::run(dir.clone(), args)
    };

    let undeclared = check("old.graphql", None).await;
    assert!(!undeclared.status.success());
    let stderr = String::from_utf8_lossy(&undeclared.stderr);
    assert!(
        stderr.contains("State.figures changed type from [Figure!]! to FigureConnection!"),
        "{stderr}"
    );
    assert!(
        stderr.contains("A required arg region on Query.states was added"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("State.formerName was removed. (FIELD_REMOVED) It was not @deprecated first"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&undeclared.stdout);
    assert!(
        stdout.contains("dangerous: PENDING was added to enum type Response."),
        "{stdout}"
    );
    assert!(
        stdout.contains("3 breaking (3 not allowed), 1 dangerous"),
        "{stdout}"
    );

    // Declared, but the removal skipped its deprecation.
    let declared = check("old.graphql", Some("declared.md")).await;
    assert!(!declared.status.success());
    let stdout = String::from_utf8_lossy(&declared.stdout);
    assert!(stdout.contains("3 breaking (1 not allowed)"), "{stdout}");

    // Deprecated first and declared: allowed.
    let allowed = check("old-deprecated.graphql", Some("declared.md")).await;
    let stdout = npm::assert_success("the declared, deprecated change", &allowed);
    assert!(
        stdout.contains("3 breaking (0 not allowed), 1 dangerous"),
        "{stdout}"
    );

    // The committed schema against itself has nothing to report.
    let schema = schema_file().display().to_string();
    let same = npm::run(
        dir.clone(),
        vec![
            "scripts/breaking.mjs".into(),
            "--old".into(),
            schema.clone(),
            "--new".into(),
            schema,
        ],
    )
    .await;
    let stdout = npm::assert_success("the schema against itself", &same);
    assert!(
        stdout.contains("0 breaking (0 not allowed), 0 dangerous"),
        "{stdout}"
    );
}

async fn every_client_operation_conforms_to_its_generated_types(app: TestApp) {
    let dir = npm::project(PROJECT);
    // Compiled into a folder of its own inside the project, so that its imports find
    // the project's node_modules and parallel runs do not meet.
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let build = format!(
        ".build/{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let compiled = bin(&dir, "tsc", &["-p", ".", "--outDir", &build], &[]).await;
    npm::assert_success("tsc", &compiled);
    let output = npm::run(
        dir.clone(),
        vec![
            format!("{build}/check.js"),
            format!("{}/graphql", app.address),
            schema_file().display().to_string(),
        ],
    )
    .await;
    std::fs::remove_dir_all(dir.join(&build)).ok();
    let stdout = npm::assert_success("the client operations", &output);
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("client operations: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    let passed: usize = summary["client operations: ".len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(passed >= 16, "{summary}");
    assert!(summary.ends_with(", 0 failed"), "{summary}");
}
// On a server that runs only its persisted documents: each operation is sent by the hash
// its generated document carries, so the client's list is the server's.
on_both_backends!(
    every_client_operation_conforms_to_its_generated_types,
    Fixture::RealFiles,
    |s| s.documents = uprgraph::settings::DocumentsMode::Persisted
);

#[tokio::test]
async fn another_npm_project_imports_the_generated_documents() {
    let dir = npm::project(PROJECT);
    let consumer = tempfile::tempdir().unwrap();
    let manifest = serde_json::json!({
        "name": "consumer",
        "private": true,
        "type": "module",
        "dependencies": { "@uprgraph/client": format!("file:{}", dir.display()) },
    });
    std::fs::write(consumer.path().join("package.json"), manifest.to_string()).unwrap();
    std::fs::create_dir(consumer.path().join("src")).unwrap();
    std::fs::write(
        consumer.path().join("src/main.ts"),
        "import { documents, StatePageDocument, type StatePageQuery } from \"@uprgraph/client\";\n\
         const name: string | undefined = (null as StatePageQuery | null)?.state?.name;\n\
         console.log(Object.keys(documents).length, StatePageDocument.kind, name);\n",
    )
    .unwrap();
    std::fs::write(
        consumer.path().join("tsconfig.json"),
        r#"{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "noEmit": true, "types": [] }, "include": ["src"] }"#,
    )
    .unwrap();
    let cwd = consumer.path().to_owned();
    let installed = tokio::task::spawn_blocking(move || {
        std::process::Command::new("npm")
            .args(["install", "--offline", "--no-audit", "--no-fund"])
            .current_dir(cwd)
            .output()
            .expect("npm")
    })
    .await
    .unwrap();
    npm::assert_success("npm install of a file: dependency", &installed);
    let tsc = dir.join("node_modules/.bin/tsc");
    let cwd = consumer.path().to_owned();
    let checked = tokio::task::spawn_blocking(move || {
        std::process::Command::new(tsc)
            .args(["-p", "."])
            .current_dir(cwd)
            .output()
            .expect("tsc")
    })
    .await
    .unwrap();
    npm::assert_success("tsc in a project importing @uprgraph/client", &checked);
}

/// Every `node FILE` an npm script of the repository's Node projects runs names a file
/// that is there, or, under `dist/`, the TypeScript source in `src/` that `tsc` compiles
/// it from: `npm run` of a script whose file is gone fails only when someone runs it.
#[test]
fn every_npm_script_runs_a_file_that_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for project in [PROJECT, "ui", "tests/browser", "tests/http-audit"] {
        let dir = root.join(project);
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap())
                .unwrap();
        let scripts = manifest["scripts"].as_object().cloned().unwrap_or_default();
        for (name, script) in scripts {
            let words: Vec<&str> = script.as_str().unwrap().split_whitespace().collect();
            for file in words.windows(2).filter(|w| w[0] == "node").map(|w| w[1]) {
                let source = match file.strip_prefix("dist/") {
                    Some(compiled) => format!("src/{}", compiled.replace(".js", ".ts")),
                    None => file.to_owned(),
                };
                assert!(
                    dir.join(&source).is_file(),
                    "`npm run {name}` in {project} runs {file}, and {source} is missing"
                );
            }
        }
    }
}
