//! Test harness: fresh databases and the real server on port 0.

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Map, Value};
use uprgraph::{
    http::Application,
    settings::{DatabaseSettings, ServerSettings},
};
use uprgraph_graphql::{build_schema, execute, execute_resolved, UprSchema};
use uprgraph_store::Store;

pub mod npm;
pub mod served;
pub mod sipri;
pub mod uhri;
pub mod upr_info;

/// The database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the tests create their databases on. Every test that needs it
/// has `postgres` in its name (checked here), so `cargo test -- --skip postgres` runs the
/// SQLite half alone and cargo counts the others as filtered out, never as passed.
pub fn postgres_server() -> String {
    if std::env::var("UPRGRAPH_TEST_POSTGRES").is_ok_and(|v| v == "off") {
        panic!(
            "UPRGRAPH_TEST_POSTGRES=off no longer skips the PostgreSQL tests, which then \
             passed without running: run `cargo test -- --skip postgres` instead"
        );
    }
    if let Some(test) = std::thread::current().name().filter(|name| *name != "main") {
        assert!(
            test.contains("postgres"),
            "{test} needs PostgreSQL: name it with `postgres`, so that \
             `cargo test -- --skip postgres` leaves it out"
        );
    }
    std::env::var("UPRGRAPH_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
        .trim_end_matches('/')
        .to_owned()
}

/// A fresh database, already migrated, that is removed when dropped.
enum TestDb {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        server: String,
        name: String,
        url: String,
    },
}

/// What a test's database holds when the test starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixture {
    /// The reference data alone, as the migrations leave it.
    Empty,
    /// The reference data and UPR Info's three files.
    UprInfo,
    /// The reference data and the real files a README user imports before trying the
    /// examples: UPR Info's three files and ForeignAssistance.gov's country file.
    RealFiles,
    /// Those and SIPRI's two exports of its Arms Transfers Database.
    Arms,
}

impl Fixture {
    /// The fixture this one adds files to, and its template is copied from.
    fn base(self) -> Option<Fixture> {
        match self {
            Fixture::Empty => None,
            Fixture::UprInfo => Some(Fixture::Empty),
            Fixture::RealFiles => Some(Fixture::UprInfo),
            Fixture::Arms => Some(Fixture::RealFiles),
        }
    }
}

/// ForeignAssistance.gov's country file.
const AID_FILE: &str = "foreign-assistance/us_foreign_aid_country.csv";
/// SIPRI's trade register (2025) and its newer layout with ids (2000-2023).
const SIPRI_FILES: [&str; 2] = [
    "sipri/trade-register.csv",
    "sipri/trade-register-2000-2023-with-ids.csv",
];

/// The bytes of the real files a fixture imports into its base's, read in the test that
/// asks for it (see [`shared_file`]).
fn fixture_files(
    fixture: Fixture,
) -> Vec<(uprgraph_store::Format, Vec<uprgraph_store::InputFile>)> {
    let file = |path: &str| uprgraph_store::InputFile {
        name: path.rsplit('/').next().unwrap_or(path).to_owned(),
        bytes: shared_file(path),
    };
    match fixture {
        Fixture::Empty => Vec::new(),
        Fixture::UprInfo => vec![(
            uprgraph_store::Format::UprInfo,
            upr_info::FILES
                .iter()
                .map(|(name, _)| file(&format!("upr-info/{name}")))
                .collect(),
        )],
        Fixture::RealFiles => vec![(
            uprgraph_store::Format::ForeignAssistance,
            vec![file(AID_FILE)],
        )],
        Fixture::Arms => vec![(
            uprgraph_store::Format::Sipri,
            SIPRI_FILES.iter().map(|path| file(path)).collect(),
        )],
    }
}

/// What a test's database is copied from: one database per backend, fixture and run,
/// made once (`CREATE DATABASE … TEMPLATE` on PostgreSQL, a copy of the file on
/// SQLite), so that no test pays for the migrations or the fixture's imports again.
/// Templates of earlier runs whose process has ended are removed when the first test of
/// a run makes its own.
enum Template {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl Template {
    /// This run's template on `backend` holding `fixture`, made by the first test that
    /// asks for it while the others wait.
    fn get(backend: Backend, fixture: Fixture) -> &'static Template {
        type Cell = std::sync::OnceLock<Template>;
        static SQLITE: [Cell; 4] = [Cell::new(), Cell::new(), Cell::new(), Cell::new()];
        static POSTGRES: [Cell; 4] = [Cell::new(), Cell::new(), Cell::new(), Cell::new()];
        let index = fixture as usize;
        let files = || fixture_files(fixture);
        match backend {
            Backend::Sqlite => SQLITE[index].get_or_init(|| Self::make(None, fixture, files())),
            Backend::Postgres => {
                let server = postgres_server();
                POSTGRES[index].get_or_init(|| Self::make(Some(server), fixture, files()))
            }
        }
    }

    /// Makes a new template, on SQLite when no PostgreSQL server is given, on a thread of
    /// its own, since the test asking for it may run on a runtime that must not be
    /// blocked from within: copied from its base fixture's template (if any), migrated, and then
    /// loaded with `files`.
    fn make(
        server: Option<String>,
        fixture: Fixture,
        files: Vec<(uprgraph_store::Format, Vec<uprgraph_store::InputFile>)>,
    ) -> Template {
        let name = format!("uprgraph_template_{}_{fixture:?}", std::process::id()).to_lowercase();
        let backend = if server.is_some() {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let base = fixture.base().map(|base| Self::get(backend, base));
        on_own_thread(async move {
            let (template, url) = match server {
                None => {
                    let folder = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
                    remove_stale_files(folder);
                    let file = folder.join(format!("{name}.db"));
                    for stale in [
                        file.clone(),
                        file.with_extension("db-wal"),
                        file.with_extension("db-shm"),
                    ] {
                        let _ = std::fs::remove_file(stale);
                    }
                    if let Some(Template::Sqlite(base)) = base {
                        std::fs::copy(base, &file).expect("copy the base template");
                    }
                    let url = format!("sqlite://{}?mode=rwc", file.display());
                    (Template::Sqlite(file), url)
                }
                Some(server) => {
                    let admin = admin(&server).await;
                    remove_stale_databases(&admin).await;
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                        .await
                        .expect("drop an old template");
                    let from = match base {
                        Some(Template::Postgres(base)) => format!(" TEMPLATE {base}"),
                        _ => String::new(),
                    };
                    admin
                        .execute_unprepared(&format!("CREATE DATABASE {name}{from}"))
                        .await
                        .expect("create the template database");
                    admin.close().await.ok();
                    let url = format!("{server}/{name}");
                    (Template::Postgres(name), url)
                }
            };
            let store = Store::connect(&url, 1)
                .await
                .expect("connect to the template");
            store.migrate().await.expect("migrate the template");
            for (format, files) in files {
                store
                    .import(
                        format,
                        files,
                        uprgraph_store::ImportOptions::default(),
                        &uprgraph_store::Silent,
                    )
                    .await
                    .unwrap_or_else(|e| panic!("the template's {format:?} files import: {e}"));
            }
            if let Template::Sqlite(_) = template {
                // Everything into the database file, which is what is copied.
                store
                    .connection()
                    .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                    .await
                    .expect("checkpoint the template");
            }
            store.close().await.expect("close the template");
            template
        })
    }
}

/// Runs a future to its end on a new thread with a runtime of its own, for work that
/// must not block, or outlive, the runtime of the test that needs it.
fn on_own_thread<T: Send + 'static>(
    work: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime of its own")
            .block_on(work)
    })
    .join()
    .expect("the work on its own thread ends")
}

/// A connection to the PostgreSQL server's `postgres` database.
pub async fn admin(server: &str) -> sea_orm::DatabaseConnection {
    Database::connect(format!("{server}/postgres")).await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {server} ({e}); start it, point UPRGRAPH_TEST_POSTGRES_URL \
             at one, or run `cargo test -- --skip postgres` to leave the PostgreSQL tests out"
        )
    })
}

/// Whether `name` is a template (file or database) of a run whose process has ended.
fn from_ended_run(name: &str) -> bool {
    name.strip_prefix("uprgraph_template_")
        .and_then(|rest| rest.split(['.', '_']).next())
        .and_then(|pid| pid.parse::<u32>().ok())
        .is_some_and(|pid| {
            pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists()
        })
}

/// Removes the SQLite templates in `folder` of runs that have ended.
fn remove_stale_files(folder: &std::path::Path) {
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        if entry.file_name().to_str().is_some_and(from_ended_run) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes the PostgreSQL templates of runs that have ended.
async fn remove_stale_databases(admin: &sea_orm::DatabaseConnection) {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT datname FROM pg_database WHERE datname LIKE 'uprgraph_template_%'",
        ))
        .await
        .unwrap_or_default();
    for row in rows {
        if let Ok(name) = row.try_get::<String>("", "datname") {
            if from_ended_run(&name) {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            }
        }
    }
}

impl TestDb {
    async fn create(backend: Backend, fixture: Fixture) -> Self {
        let template = Template::get(backend, fixture);
        match template {
            Template::Sqlite(file) => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let copy = dir.path().join("uprgraph.db");
                std::fs::copy(file, &copy).expect("copy the template");
                let url = format!("sqlite://{}?mode=rwc", copy.display());
                Self::Sqlite { _dir: dir, url }
            }
            Template::Postgres(template) => {
                let server = postgres_server();
                static NEXT: AtomicU32 = AtomicU32::new(0);
                let name = format!(
                    "uprgraph_test_{}_{}_{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .subsec_nanos()
                );
                let admin = admin(&server).await;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let url = format!("{server}/{name}");
                Self::Postgres { server, name, url }
            }
        }
    }

    fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } | Self::Postgres { url, .. } => url,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Self::Postgres { server, name, .. } = self {
            let (server, name) = (server.clone(), name.clone());
            // Drop runs outside any runtime a test may still be shutting down.
            on_own_thread(async move {
                if let Ok(admin) = Database::connect(format!("{server}/postgres")).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    let _ = admin.close().await;
                }
            });
        }
    }
}

/// The real server on port 0 over a fresh database, and an in-process schema over the
/// same database for tests that execute queries directly or count statements.
pub struct TestApp {
    pub address: String,
    pub store: Store,
    pub schema: UprSchema,
    pub http: reqwest::Client,
    /// The schema over a second pool of the same database, for the resolvers' reference
    /// answers, so that they add nothing to the statements `store` counts.
    reference: (UprSchema, Store),
    _db: TestDb,
}

impl TestApp {
    /// Starts the server.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts the server with settings changed from the defaults by `configure`.
    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut ServerSettings)) -> Self {
        Self::spawn_over(backend, Fixture::Empty, configure).await
    }

    /// Starts the server over a database holding `fixture`, with settings changed from
    /// the defaults by `configure`.
    pub async fn spawn_over(
        backend: Backend,
        fixture: Fixture,
        configure: impl FnOnce(&mut ServerSettings),
    ) -> Self {
        let db = TestDb::create(backend, fixture).await;
        let database = DatabaseSettings {
            database_url: db.url().to_owned(),
            max_connections: 4,
        };
        let mut server = ServerSettings::defaults("127.0.0.1:0".parse().unwrap());
        server.workers = 1;
        configure(&mut server);
        let app = Application::build(&database, &server)
            .await
            .expect("build the application");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let store = Store::connect(db.url(), 4).await.expect("connect");
        let schema = build_schema(store.clone(), server.limits());
        let reference = Store::connect(db.url(), 2).await.expect("connect");
        let reference = (build_schema(reference.clone(), server.limits()), reference);
        Self {
            address,
            store,
            schema,
            http: reqwest::Client::new(),
            reference,
            _db: db,
        }
    }

    /// The URL of the app's database, for commands run beside it.
    pub fn database_url(&self) -> &str {
        self._db.url()
    }

    /// Starts another server over the same database and gives its address.
    pub async fn spawn_beside(&self) -> String {
        let database = DatabaseSettings {
            database_url: self._db.url().to_owned(),
            max_connections: 4,
        };
        let mut server = ServerSettings::defaults("127.0.0.1:0".parse().unwrap());
        server.workers = 1;
        let app = Application::build(&database, &server)
            .await
            .expect("build another application");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    /// The PostgreSQL server and database name behind the app, if it runs on PostgreSQL.
    pub fn postgres_database(&self) -> Option<(String, String)> {
        match &self._db {
            TestDb::Postgres { server, name, .. } => Some((server.clone(), name.clone())),
            TestDb::Sqlite { .. } => None,
        }
    }

    /// Runs a query in process and returns the whole response as JSON. The same query
    /// is answered by the resolvers too, and the two answers must agree (see
    /// [`same_answer`]): every query of these tests is a differential test of the plan.
    pub async fn execute(&self, query: &str, variables: Value) -> Value {
        self.execute_operation(query, None, variables).await
    }

    /// Runs the operation `operation` of a document in process (see [`TestApp::execute`]).
    pub async fn execute_operation(
        &self,
        query: &str,
        operation: Option<&str>,
        variables: Value,
    ) -> Value {
        let request = || {
            let mut request = async_graphql::Request::new(query)
                .variables(async_graphql::Variables::from_json(variables.clone()));
            request.operation_name = operation.map(str::to_owned);
            request
        };
        let planned = execute(&self.schema, &self.store, request())
            .await
            .to_json();
        let (reference_schema, reference_store) = &self.reference;
        let resolved = execute_resolved(reference_schema, reference_store, request())
            .await
            .to_json();
        if let Err(difference) = same_answer(&planned, &resolved) {
            panic!(
                "the plan and the resolvers answer {query} differently: {difference}\nplanned: {planned:#}\nresolved: {resolved:#}"
            );
        }
        planned
    }

    /// Runs a query that must succeed and returns its `data`.
    pub async fn data(&self, query: &str) -> Value {
        self.data_with(query, json!({})).await
    }

    /// Runs a query with variables that must succeed and returns its `data`.
    pub async fn data_with(&self, query: &str, variables: Value) -> Value {
        let response = self.execute(query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors: {response:#}"
        );
        response["data"].clone()
    }

    /// Runs a query that must fail and returns its errors' codes and messages.
    pub async fn errors(&self, query: &str) -> Vec<(String, String)> {
        let response = self.execute(query, json!({})).await;
        let errors = response["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("expected errors: {response:#}"));
        errors
            .iter()
            .map(|e| {
                (
                    e["extensions"]["code"]
                        .as_str()
                        .unwrap_or("<none>")
                        .to_owned(),
                    e["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// POSTs a query to the running server.
    pub async fn post(&self, query: &str) -> (reqwest::StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query }))
            .send()
            .await
            .expect("POST /graphql");
        let status = response.status();
        (status, response.json().await.expect("JSON body"))
    }
}

/// Runs the test function `test` on a server over a new database on `backend` holding
/// `fixture`, its settings changed from the defaults by `configure` (see [`run_or_skip`]
/// for a missing real file).
pub async fn run_on_with<F, T>(
    backend: Backend,
    fixture: Fixture,
    configure: impl FnOnce(&mut ServerSettings),
    test: F,
) where
    F: FnOnce(TestApp) -> T,
    T: std::future::Future<Output = ()>,
{
    run_or_skip(async move { test(TestApp::spawn_over(backend, fixture, configure).await).await })
        .await;
}

/// Makes the async test function `name` (taking a [`TestApp`]) two tests, `name::sqlite`
/// and `name::postgres`, each on a new database holding the fixture given after the name
/// ([`Fixture::Empty`] when none is), on a server whose settings the closure given after
/// the fixture changes (none when none is).
macro_rules! on_both_backends {
    ($name:ident) => {
        $crate::helpers::on_both_backends!($name, $crate::helpers::Fixture::Empty);
    };
    ($name:ident, $fixture:expr) => {
        $crate::helpers::on_both_backends!($name, $fixture, |_| {});
    };
    ($name:ident, $fixture:expr, $configure:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                $crate::helpers::run_on_with(
                    $crate::helpers::Backend::Sqlite,
                    $fixture,
                    $configure,
                    super::$name,
                )
                .await;
            }

            #[tokio::test]
            async fn postgres() {
                $crate::helpers::run_on_with(
                    $crate::helpers::Backend::Postgres,
                    $fixture,
                    $configure,
                    super::$name,
                )
                .await;
            }
        }
    };
}

pub(crate) use on_both_backends;

/// POSTs a JSON body to the server's `/graphql`: the status and the body (null when it
/// is not JSON).
pub async fn post_json(app: &TestApp, body: &Value) -> (u16, Value) {
    let response = app
        .http
        .post(format!("{}/graphql", app.address))
        .json(body)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

/// The code of a response's first error, or `<none>`.
pub fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

/// Reads a path such as `a.b.0.c` out of a JSON value.
pub fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .fold(value, |v, key| match key.parse::<usize>() {
            Ok(index) => &v[index],
            Err(_) => &v[key],
        })
}

/// The folder the real files are read from: `UPRGRAPH_DATASETS`, by default
/// `../shared/datasets` beside the project. `tests/datasets.csv` lists them;
/// `cargo xtask datasets` downloads them there and checks them.
pub fn datasets_folder() -> std::path::PathBuf {
    std::env::var_os("UPRGRAPH_DATASETS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets")
        })
}

/// What a test that needs a real file this clone lacks panics with (`panic_any`) when
/// the run skips such tests, so that [`run_or_skip`] reports it as skipped.
#[derive(Debug)]
pub struct DatasetMissing(pub std::path::PathBuf);

/// The bytes of a real file, by its path under [`datasets_folder`]. A missing file fails
/// the test, unless the run says `UPRGRAPH_TEST_MISSING_DATASETS=skip` (see
/// [`run_or_skip`]): a test that did not run must not pass unnoticed.
pub fn shared_file(path: &str) -> Vec<u8> {
    let file = datasets_folder().join(path);
    match std::fs::read(&file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::env::var("UPRGRAPH_TEST_MISSING_DATASETS").is_ok_and(|v| v == "skip") {
                std::panic::panic_any(DatasetMissing(file))
            }
            panic!(
                "{} is missing: `cargo xtask datasets` downloads the real files (or set \
                 UPRGRAPH_DATASETS to their folder); UPRGRAPH_TEST_MISSING_DATASETS=skip \
                 skips the tests that need them instead",
                file.display()
            )
        }
        Err(e) => panic!("{}: {e}", file.display()),
    }
}

/// Runs a test body that may read real files. With `UPRGRAPH_TEST_MISSING_DATASETS=skip`,
/// one that stopped for a missing file writes `skipped: TEST: FILE is missing` on the
/// terminal (past the harness's capture, in one write so that lines of tests running at
/// once do not mix). Cargo's harness has no way to mark a test ignored once it runs, so
/// it counts that test as passed; `.ci/run` counts these lines and gives them apart.
pub async fn run_or_skip(test: impl std::future::Future<Output = ()>) {
    use futures_util::FutureExt as _;
    use std::io::Write as _;
    if let Err(payload) = std::panic::AssertUnwindSafe(test).catch_unwind().await {
        match payload.downcast::<DatasetMissing>() {
            Ok(missing) => {
                let line = format!(
                    "skipped: {}: {} is missing\n",
                    std::thread::current().name().unwrap_or("a test"),
                    missing.0.display()
                );
                let _ = std::io::stderr().write_all(line.as_bytes());
            }
            Err(payload) => std::panic::resume_unwind(payload),
        }
    }
}

/// Imports files through the store, as `uprgraph import` does.
pub async fn import(
    app: &TestApp,
    format: uprgraph_store::Format,
    files: Vec<(&str, Vec<u8>)>,
    options: uprgraph_store::ImportOptions,
) -> Result<uprgraph_store::ImportReport, uprgraph_store::ImportError> {
    let files = files
        .into_iter()
        .map(|(name, bytes)| uprgraph_store::InputFile {
            name: name.to_owned(),
            bytes,
        })
        .collect();
    app.store
        .import(format, files, options, &uprgraph_store::Silent)
        .await
}

/// The body of a GET of `path` on the server.
pub async fn get_text(app: &TestApp, path: &str) -> String {
    app.http
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A metric's value as `/metrics` shows it.
pub async fn metric(app: &TestApp, name: &str) -> u64 {
    let text = get_text(app, "/metrics").await;
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{name} in {text}"))
        .trim()
        .parse()
        .unwrap()
}

/// The server's own count of the SQL statements it has run, from `/metrics`.
pub async fn server_statements(app: &TestApp) -> u64 {
    metric(app, "uprgraph_database_statements_total").await
}

/// How many rows a table holds.
pub async fn count_rows(app: &TestApp, table: &str) -> i64 {
    use sea_orm::ConnectionTrait;
    let row = app
        .store
        .connection()
        .query_one_raw(sea_orm::Statement::from_string(
            app.store.backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Whether two answers to one request agree: the same errors (message, code, place and
/// path, in any order), and the same data. The plan writes the specification's `null`
/// where a field failed (up to the nearest field that may be null), where the resolvers
/// leave the field out; so the resolvers' data is compared with `null` put where the
/// plan's data is null on each error's path.
pub fn same_answer(planned: &Value, resolved: &Value) -> Result<(), String> {
    let errors = |answer: &Value| {
        let mut errors: Vec<String> = answer["errors"]
            .as_array()
            .map(|errors| errors.iter().map(Value::to_string).collect())
            .unwrap_or_default();
        errors.sort();
        errors
    };
    if errors(planned) != errors(resolved) {
        return Err(format!(
            "errors differ: {:?} and {:?}",
            errors(planned),
            errors(resolved)
        ));
    }
    let mut reference = resolved["data"].clone();
    for error in planned["errors"].as_array().into_iter().flatten() {
        let Some(path) = error["path"].as_array() else {
            continue;
        };
        // The plan's null nearest the root on this path stands for the failed field.
        let mut at = &planned["data"];
        let mut prefix = Vec::new();
        for step in std::iter::once(None).chain(path.iter().map(Some)) {
            if let Some(step) = step {
                prefix.push(step.clone());
                at = match step {
                    Value::String(key) => &at[key.as_str()],
                    Value::Number(n) => &at[n.as_u64().unwrap_or(0) as usize],
                    _ => &Value::Null,
                };
            }
            if at.is_null() {
                break;
            }
        }
        null_at(&mut reference, &prefix);
    }
    if planned["data"] != reference {
        return Err("data differ".to_owned());
    }
    Ok(())
}

/// Puts `null` at `path` in `value`, making the objects on the way (the resolvers give
/// null data when every root field failed, where the plan gives an object of nulls).
fn null_at(value: &mut Value, path: &[Value]) {
    let Some((last, parents)) = path.split_last() else {
        *value = Value::Null;
        return;
    };
    let mut at = value;
    for step in parents {
        at = match step {
            Value::String(key) => {
                if at.is_null() {
                    *at = Value::Object(Map::new());
                }
                match at {
                    Value::Object(map) => map.entry(key.clone()).or_insert(Value::Null),
                    _ => return,
                }
            }
            Value::Number(n) => match at.get_mut(n.as_u64().unwrap_or(0) as usize) {
                Some(item) => item,
                None => return,
            },
            _ => return,
        };
    }
    if at.is_null() && last.is_string() {
        *at = Value::Object(Map::new());
    }
    match (at, last) {
        (Value::Object(map), Value::String(key)) => {
            map.insert(key.clone(), Value::Null);
        }
        (Value::Array(items), Value::Number(n)) => {
            if let Some(item) = items.get_mut(n.as_u64().unwrap_or(0) as usize) {
                *item = Value::Null;
            }
        }
        _ => {}
    }
}

/// The shipped examples, by file name, in the order GraphiQL shows them.
pub fn examples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/examples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "graphql"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Real aid figures the reference data does not hold, in the generic aid CSV: the first
/// `rows` of ForeignAssistance.gov's US obligations to Israel, naming that source. (The
/// example's figures are held already, so importing it adds nothing.)
pub fn foreign_assistance_rows_as_aid_csv(rows: usize) -> Vec<u8> {
    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut text = String::from(
        "donor,recipient,category,transaction_type,fiscal_year,amount,currency,source_title,source_publisher,source_url\n",
    );
    for record in reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "ISR" && &r[7] == "Obligations" && r[8].parse::<i32>().is_ok())
        .take(rows)
    {
        text.push_str(&format!(
            "USA,ISR,TOTAL,OBLIGATION,{},{},USD,ForeignAssistance.gov: U.S. foreign assistance by country,U.S. Department of State and USAID,https://foreignassistance.gov/\n",
            &record[8], &record[9]
        ));
    }
    text.into_bytes()
}
