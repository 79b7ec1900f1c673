use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use sea_orm::{
    sea_query::{
        Asterisk, DynIden, Expr, ExprTrait, Iden, IntoIden, Order, Query, SelectStatement,
        SimpleExpr,
    },
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DeriveIden,
    EntityTrait, FromQueryResult, Iterable, PaginatorTrait, QueryFilter, QuerySelect,
};
use uprgraph_migrations::{Migrator, MigratorTrait};

use crate::{
    dialect::{self, Dialect},
    entity::unlisted::{AnyTable, SeaqlMigrations},
    fuse::{Fuser, Part, Rows},
    order::ListOrder,
    redact_secrets, search, url_password,
    values::one_of,
    ChildLink, Condition, Filter, Id, Page, PageRequest, Parent, SortKey, SortTerm, StoreError,
    Table,
};

/// A connection pool to uprgraph's database, SQLite or PostgreSQL, with a count
/// of the SQL statements it has run (the measure of the API's batching).
#[derive(Debug, Clone)]
pub struct Store {
    db: DatabaseConnection,
    statements: Arc<AtomicU64>,
    max_connections: u32,
    /// The SQLite database's file, when it has one.
    sqlite_file: Option<PathBuf>,
    /// Every difference between the backends.
    dialect: &'static dyn Dialect,
    /// Where reads wait to be read together, for a store made by [`Store::fusing`].
    fuser: Option<Arc<Fuser>>,
}

/// How busy the connection pool is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    /// Connections open, idle or in use.
    pub open: u32,
    /// Open connections waiting for work.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

impl Store {
    /// Connects to `url` (`sqlite://FILE?mode=rwc` or `postgres://…`). The pool
    /// holds at most `max_connections` connections.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let dialect = dialect::for_url(url)
            .ok_or_else(|| StoreError::UnsupportedUrl(redact_secrets(url, url_password(url))))?;
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(Ord::max(max_connections, 1))
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(5))
            // A connection is checked (a round trip) before it is handed out only when it
            // has been idle a while, as after an outage; one in steady use is not, since
            // checking it before every statement doubles the round trips a request takes.
            .test_before_acquire_if_idle_for(Duration::from_secs(1))
            .sqlx_logging(false);
        dialect.session_settings(&mut options);
        // The driver quotes the URL it cannot read or reach, password and all.
        let mut db = Database::connect(options)
            .await
            .map_err(|e| StoreError::from(e).redacted(url_password(url)))?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&statements);
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        Ok(Self {
            db,
            statements,
            max_connections: Ord::max(max_connections, 1),
            sqlite_file: dialect.database_file(url),
            dialect,
            fuser: None,
        })
    }

    /// Applies every pending migration: the schema, the reference data and the facts.
    /// When any was applied, the data version is raised, since a migration may change
    /// what the API answers.
    ///
    /// Two processes that start on a new database at once (or one started while a killed
    /// one's transaction still commits) both create the migrations' own table, and
    /// PostgreSQL refuses the second creation with a duplicate key rather than waiting.
    /// Migrations are all or nothing, so the one refused is tried once more, after the
    /// other's has committed.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.migrate_once().await {
            Err(StoreError::Migration(_)) => self.migrate_once().await,
            migrated => migrated,
        }
    }

    async fn migrate_once(&self) -> Result<(), StoreError> {
        let migration_error = |e: sea_orm::DbErr| StoreError::Migration(crate::error::describe(&e));
        let pending = Migrator::get_pending_migrations(&self.db)
            .await
            .map_err(migration_error)?
            .len();
        Migrator::up(&self.db, None)
            .await
            .map_err(migration_error)?;
        if pending > 0 {
            crate::version::raise(&self.db, self.dialect).await?;
        }
        Ok(())
    }

    /// The files a SQLite database is made of (the database and its write-ahead log);
    /// none for another backend or an in-memory database.
    pub(crate) fn sqlite_files(&self) -> Vec<PathBuf> {
        self.sqlite_file
            .iter()
            .flat_map(|file| {
                let mut wal = file.clone().into_os_string();
                wal.push("-wal");
                [file.clone(), PathBuf::from(wal)]
            })
            .collect()
    }

    /// Checks that the database answers and holds every migration this build has: what a
    /// server needs before it can serve. One statement.
    pub async fn check_ready(&self) -> Result<(), StoreError> {
        let applied = self.count_rows(Counted::of(SeaqlMigrations::Table)).await?;
        let wanted = Migrator::migrations().len();
        let missing = wanted.saturating_sub(usize::try_from(applied).unwrap_or(0));
        if missing > 0 {
            return Err(StoreError::NotMigrated(missing));
        }
        Ok(())
    }

    /// The count a [`Counted`] statement reads.
    async fn count_rows(&self, select: SelectStatement) -> Result<i64, StoreError> {
        let backend = self.db.get_database_backend();
        let counted = Counted::find_by_statement(backend.build(&select))
            .one(&self.db)
            .await?;
        Ok(counted.map_or(0, |c| c.n))
    }

    /// This store, over the same pool, with its reads of [`Part`]s kept until the
    /// [`Fuser`] it gives is flushed, then read together in one statement (see
    /// `fuse.rs`). Whoever makes it flushes the fuser whenever every read is waiting.
    pub fn fusing(&self) -> (Store, Arc<Fuser>) {
        let fuser = Arc::new(Fuser::new(self.db.clone()));
        let store = Store {
            fuser: Some(Arc::clone(&fuser)),
            ..self.clone()
        };
        (store, fuser)
    }

    /// Reads the rows of `part`: at once, or with the other parts of its level when
    /// this store is fusing.
    pub(crate) async fn read(&self, part: Part) -> Result<Rows, StoreError> {
        match &self.fuser {
            Some(fuser) => fuser.read(part).await,
            None => Ok(Rows::alone(self.db.query_all(&part.select).await?)),
        }
    }

    /// How many connections the pool holds and how many of them are idle.
    pub fn pool_state(&self) -> PoolState {
        let (open, idle) = self.dialect().pool_size(&self.db);
        PoolState {
            open,
            idle: u32::try_from(idle).unwrap_or(u32::MAX),
            max: self.max_connections,
        }
    }

    /// How many SQL statements this pool has run since it was opened.
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// The backend behind the pool.
    pub fn backend(&self) -> DatabaseBackend {
        self.db.get_database_backend()
    }

    /// Every difference between the backends.
    pub(crate) fn dialect(&self) -> &'static dyn Dialect {
        self.dialect
    }

    /// The underlying connection, for importers and tests.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<(), StoreError> {
        Ok(self.db.close().await?)
    }

    /// The rows of `E` with the given ids, in no particular order.
    pub async fn by_ids<E: Table>(&self, ids: &[Id<E>]) -> Result<Vec<E::Model>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let id = Expr::col((E::default(), AnyTable::Id));
        Ok(E::find()
            .filter(one_of(id, ids.iter().map(|id| id.get()), self.dialect()))
            .all(&self.db)
            .await?)
    }

    /// Every row of `E`, in id order. Only for tables bounded by nature (cycles).
    pub async fn all<E: EntityTrait>(&self) -> Result<Vec<E::Model>, StoreError> {
        let id = Expr::col((E::default(), AnyTable::Id));
        let mut select = E::find();
        QuerySelect::query(&mut select).order_by_expr(id, Order::Asc);
        Ok(select.all(&self.db).await?)
    }

    /// One page of all rows of `E` matching `filter`, in the request's order.
    pub async fn page<E: EntityTrait>(
        &self,
        filter: &Filter,
        request: PageRequest,
    ) -> Result<Page<E::Model>, StoreError> {
        let table = E::default().into_iden();
        let order = ListOrder::new(&table, &request.order, filter, self.dialect());
        let mut select = Query::select();
        for column in E::Column::iter() {
            select.column((table.clone(), column));
        }
        select.from(table.clone());
        let by_relevance = request.order
            == [SortTerm {
                key: SortKey::Relevance,
                descending: true,
            }];
        match filter.ranking_stem(self.dialect()).filter(|_| by_relevance) {
            Some((stem, condition)) => {
                // Ranked by one stem: the page is among the first matches in the stem's
                // index order, so only those few are ranked here.
                let mut matching = Query::select();
                matching
                    .column((table.clone(), AnyTable::Id))
                    .from(table.clone())
                    .cond_where(condition);
                window(&order, &mut matching, &request);
                select.and_where(search::best_matches(
                    matching,
                    stem,
                    &table,
                    request.limit + 1,
                    request.from_end,
                ));
            }
            None => {
                select.cond_where(filter.condition(self.dialect()));
                window(&order, &mut select, &request);
            }
        }
        order.select_keys(&mut select);
        for (expr, direction) in order.by(request.from_end) {
            select.order_by_expr(expr, direction);
        }
        select.limit(request.limit + 1);
        let rows = self
            .db
            .query_all(&select)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    E::Model::from_query_result(row, "")?,
                    order.position(row, "")?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Page::from_lookahead(rows, &request))
    }

    /// How many rows of `E` match `filter`.
    pub async fn count<E: EntityTrait>(&self, filter: &Filter) -> Result<u64, StoreError>
    where
        E::Model: Sync,
    {
        if let Some((stem, condition)) = filter.ranking_stem(self.dialect()) {
            if condition.is_empty() {
                // The matches are the rows that hold the stem: its entries are counted.
                let count = self.count_rows(search::holding(stem)).await?;
                return Ok(u64::try_from(count).unwrap_or_default());
            }
        }
        Ok(E::find()
            .filter(filter.condition(self.dialect()))
            .count(&self.db)
            .await?)
    }

    /// For each parent, one page of its children along `L` (in list order, see
    /// [`ListOrder`]), in a single statement, which the dialect writes
    /// ([`Dialect::child_pages`]). Parents without children are absent from the map.
    pub async fn child_pages<L: ChildLink>(
        &self,
        parents: &[Id<L::Parent>],
        filter: &Filter,
        request: PageRequest,
    ) -> Result<HashMap<Id<L::Parent>, Page<L::Model>>, StoreError> {
        if parents.is_empty() {
            return Ok(HashMap::new());
        }
        let parents: Vec<i32> = parents.iter().map(|parent| parent.get()).collect();
        let dialect = self.dialect();
        let order = ListOrder::new(&child_table::<L>(), &request.order, filter, dialect);
        let (statement, order_by) = dialect.child_pages(&ChildPages {
            children: children_query::<L>(),
            parent: parent_column::<L>(),
            parents: &parents,
            filter: filter.condition(dialect),
            order: &order,
            request: &request,
        });
        let columns = std::iter::once(Paging::Parent.to_string())
            .chain(model_columns::<L>())
            .chain(order.key_columns())
            .collect();
        let read = self
            .read(Part {
                select: statement,
                columns,
                order: order_by,
            })
            .await?;
        let pre = read.prefix.as_str();
        let mut grouped: HashMap<_, Vec<_>> = HashMap::new();
        for (i, row) in read.rows.iter().enumerate() {
            give_way(i).await;
            let parent = Id::new(row.try_get(pre, &Paging::Parent.to_string())?);
            grouped.entry(parent).or_default().push((
                L::Model::from_query_result(row, pre)?,
                order.position(row, pre)?,
            ));
        }
        Ok(grouped
            .into_iter()
            .map(|(parent, rows)| (parent, Page::from_lookahead(rows, &request)))
            .collect())
    }

    /// For each parent, all its children along `L`, in id order, in one statement.
    /// Meant for relations bounded by nature (a state's aliases, a cycle's sessions).
    pub async fn children<L: ChildLink>(
        &self,
        parents: &[Id<L::Parent>],
    ) -> Result<HashMap<Id<L::Parent>, Vec<L::Model>>, StoreError> {
        if parents.is_empty() {
            return Ok(HashMap::new());
        }
        let mut select = children_query::<L>();
        select
            .and_where(one_of(
                Expr::col(parent_column::<L>()),
                parents.iter().map(|parent| parent.get()),
                self.dialect(),
            ))
            .order_by((child_table::<L>(), AnyTable::Id), Order::Asc);
        let read = self
            .read(Part {
                select,
                columns: std::iter::once(Paging::Parent.to_string())
                    .chain(model_columns::<L>())
                    .collect(),
                order: vec![(AnyTable::Id.into_iden(), Order::Asc)],
            })
            .await?;
        let mut grouped: HashMap<Id<L::Parent>, Vec<L::Model>> = HashMap::new();
        for (i, row) in read.rows.iter().enumerate() {
            give_way(i).await;
            let parent = Id::new(row.try_get(&read.prefix, &Paging::Parent.to_string())?);
            grouped
                .entry(parent)
                .or_default()
                .push(L::Model::from_query_result(row, &read.prefix)?);
        }
        Ok(grouped)
    }

    /// For each parent, how many children along `L` match `filter`, in one statement.
    /// Parents without children are absent from the map.
    pub async fn child_counts<L: ChildLink>(
        &self,
        parents: &[Id<L::Parent>],
        filter: &Filter,
    ) -> Result<HashMap<Id<L::Parent>, u64>, StoreError> {
        let filter = filter.condition(self.dialect());
        if parents.is_empty() {
            return Ok(HashMap::new());
        }
        let parent = parent_column::<L>();
        let mut select = Query::select();
        select
            .expr_as(Expr::col(parent.clone()), ChildCountIden::Parent)
            .expr_as(Expr::col(Asterisk).count(), ChildCountIden::Count)
            .from(child_table::<L>())
            .and_where(one_of(
                Expr::col(parent.clone()),
                parents.iter().map(|parent| parent.get()),
                self.dialect(),
            ))
            .cond_where(filter)
            .group_by_col(parent);
        join_link::<L>(&mut select);
        let read = self
            .read(Part {
                select,
                columns: [ChildCountIden::Parent, ChildCountIden::Count]
                    .map(|c| c.to_string())
                    .into(),
                order: vec![(ChildCountIden::Parent.into_iden(), Order::Asc)],
            })
            .await?;
        read.rows
            .iter()
            .map(|row| {
                let counted = ChildCount::from_query_result(row, &read.prefix)?;
                Ok((
                    Id::new(counted.parent),
                    u64::try_from(counted.count).unwrap_or_default(),
                ))
            })
            .collect()
    }
}

/// A count of rows, read from a statement that selects it as `n`.
#[derive(Debug, FromQueryResult)]
pub(crate) struct Counted {
    pub(crate) n: i64,
}

/// The column of [`Counted`].
#[derive(Debug, Clone, Copy, DeriveIden)]
pub(crate) enum CountedIden {
    N,
}

impl Counted {
    /// `SELECT COUNT(*) AS n FROM table`.
    pub(crate) fn of(table: impl IntoIden) -> SelectStatement {
        Query::select()
            .expr_as(Expr::col(Asterisk).count(), CountedIden::N)
            .from(table)
            .to_owned()
    }
}

/// The names a page of children is read under: the parents' ids, the page, and the
/// columns each row carries besides the child's own.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub(crate) enum Paging {
    /// The parent's id on each child row.
    #[sea_orm(iden = "_parent")]
    Parent,
    /// The parents' ids, as a table.
    #[sea_orm(iden = "_parents")]
    Parents,
    /// The page, as a table.
    #[sea_orm(iden = "_page")]
    Page,
    /// A row's number within its parent's children.
    #[sea_orm(iden = "_rn")]
    Rn,
}

/// How many children of a parent match (see [`Store::child_counts`]).
#[derive(Debug, FromQueryResult)]
struct ChildCount {
    #[sea_orm(from_alias = "_parent")]
    parent: i32,
    #[sea_orm(from_alias = "_count")]
    count: i64,
}

/// The columns of [`ChildCount`].
#[derive(Debug, Clone, Copy, DeriveIden)]
enum ChildCountIden {
    #[sea_orm(iden = "_parent")]
    Parent,
    #[sea_orm(iden = "_count")]
    Count,
}

/// How many rows are read into models between two turns given back to the runtime.
const ROWS_PER_TURN: usize = 256;

/// Gives the runtime a turn before every `ROWS_PER_TURN`th row read: reading ten
/// thousand rows into models is long enough to hold up the other requests of the
/// worker thread and the request's own deadline, which are only seen at an `await`.
async fn give_way(row: usize) {
    if row > 0 && row % ROWS_PER_TURN == 0 {
        tokio::task::yield_now().await;
    }
}

/// The names of the columns a child's model is read from.
fn model_columns<L: ChildLink>() -> impl Iterator<Item = String> {
    <L::Entity as EntityTrait>::Column::iter().map(|c| sea_orm::IdenStatic::as_str(&c).to_owned())
}

fn child_table<L: ChildLink>() -> DynIden {
    L::Entity::default().into_iden()
}

/// The column, on the child table or the link table, that holds the parent id.
fn parent_column<L: ChildLink>() -> (DynIden, DynIden) {
    match L::parent() {
        Parent::Column(column) => (child_table::<L>(), column),
        Parent::Through { table, parent, .. } => (table, parent),
    }
}

fn join_link<L: ChildLink>(select: &mut SelectStatement) {
    if let Parent::Through { table, child, .. } = L::parent() {
        select.inner_join(
            table.clone(),
            Expr::col((table, child)).equals((child_table::<L>(), AnyTable::Id)),
        );
    }
}

/// `SELECT child.<columns>, <parent> AS _parent FROM child [JOIN link]`, of every
/// parent until a condition is added. Only the entity's columns: a table may hold more,
/// such as the search index columns of `recommendations`, which the rows need not carry.
fn children_query<L: ChildLink>() -> SelectStatement {
    let mut select = Query::select();
    for column in <L::Entity as EntityTrait>::Column::iter() {
        select.column((child_table::<L>(), column));
    }
    select
        .expr_as(Expr::col(parent_column::<L>()), Paging::Parent)
        .from(child_table::<L>());
    join_link::<L>(&mut select);
    select
}

/// For each of many parents, one page of its children: what [`Store::child_pages`]
/// asks a dialect to read in one statement ([`Dialect::child_pages`]).
pub(crate) struct ChildPages<'a> {
    /// The children with their parent's id ([`children_query`]), of any parent yet.
    children: SelectStatement,
    /// The column that holds the parent's id, on the child's table or the link table.
    pub(crate) parent: (DynIden, DynIden),
    /// The parents whose pages are read.
    pub(crate) parents: &'a [i32],
    /// The list's filter.
    filter: Condition,
    order: &'a ListOrder,
    request: &'a PageRequest,
}

impl ChildPages<'_> {
    /// The children of the parents for which `of_parents` holds that pass the filter,
    /// with their sort keys, strictly between the request's cursors, in no order yet.
    pub(crate) fn children(&self, of_parents: SimpleExpr) -> SelectStatement {
        let mut select = self.children.clone();
        select.and_where(of_parents).cond_where(self.filter.clone());
        self.order.select_keys(&mut select);
        window(self.order, &mut select, self.request);
        select
    }

    /// Each parent's list order, nearest the starting cursor first, as expressions
    /// over the children's tables.
    pub(crate) fn by(&self) -> Vec<(Expr, Order)> {
        self.order.by(self.request.from_end)
    }

    /// The order of the pages read together: by parent, then each parent's list order,
    /// by the columns [`ChildPages::children`] carries the sort keys in.
    pub(crate) fn by_parent_columns(&self) -> Vec<(DynIden, Order)> {
        std::iter::once((Paging::Parent.into_iden(), Order::Asc))
            .chain(
                self.order
                    .by_columns(self.request.from_end)
                    .into_iter()
                    .map(|(column, direction)| (column.into_iden(), direction)),
            )
            .collect()
    }

    /// How many children of each parent are read: the page, and one more that tells
    /// whether rows lie beyond it.
    pub(crate) fn per_parent(&self) -> u64 {
        self.request.limit + 1
    }
}

/// Restricts a query to the rows strictly between the request's cursors.
fn window(order: &ListOrder, select: &mut SelectStatement, request: &PageRequest) {
    if let Some(after) = &request.after {
        select.cond_where(order.beyond(after, true));
    }
    if let Some(before) = &request.before {
        select.cond_where(order.beyond(before, false));
    }
}
