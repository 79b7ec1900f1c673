//! Relay connections: argument checks, the page window, `pageInfo` and a lazily
//! counted `totalCount`, shared by every list that can grow.

use std::{future::Future, pin::Pin, sync::Arc};

use async_graphql::{Context, SimpleObject};
use uprgraph_store::{ChildLink, Filter, Id, Page, PageRequest, SortTerm, StoreError, Table};

use crate::{
    batch::{ChildCount, ChildPage},
    ids::{list_scope, parse_cursor},
    order::list_order,
    sizes::MAX_PAGE_SIZE,
    ApiError, OrApiError, RequestLoader,
};

/// The complexity of a connection field for the complexity limit (`limits.rs`): what
/// one item costs, once for every item of the largest page the arguments allow.
pub(crate) fn page_complexity(first: Option<i32>, last: Option<i32>, child_complexity: u64) -> u64 {
    let size = first
        .or(last)
        .unwrap_or(MAX_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE);
    u64::try_from(size)
        .unwrap_or(1)
        .saturating_mul(child_complexity)
}

/// The four Relay arguments as a client sent them, and the list's `orderBy`.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
    /// The sort keys the client gave, if any.
    pub order: Vec<SortTerm>,
}

/// What a client is told when a page size is out of bounds.
pub(crate) fn page_size_message(name: &str, value: i64) -> String {
    format!(
        "`{name}` must be between 0 and {MAX_PAGE_SIZE}, not {value}; page through longer lists with cursors"
    )
}

impl PageArgs {
    /// Checks the arguments, and that the cursors were made for a list of `scope` sorted
    /// by `order`, and turns them into a window of the list.
    pub(crate) fn request(
        &self,
        scope: u32,
        order: Vec<SortTerm>,
    ) -> Result<PageRequest, ApiError> {
        let size = |name: &str, value: i32| {
            if (0..=MAX_PAGE_SIZE).contains(&value) {
                Ok(value as u64)
            } else {
                Err(ApiError::bad_input(page_size_message(
                    name,
                    i64::from(value),
                )))
            }
        };
        let (limit, from_end) = match (self.first, self.last) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_input("give `first` or `last`, not both"));
            }
            (Some(first), None) => (size("first", first)?, false),
            (None, Some(last)) => (size("last", last)?, true),
            (None, None) => (MAX_PAGE_SIZE as u64, false),
        };
        let position = |cursor: &Option<String>| {
            cursor
                .as_deref()
                .map(|c| parse_cursor(c, scope, &order))
                .transpose()
        };
        Ok(PageRequest {
            after: position(&self.after)?,
            before: position(&self.before)?,
            limit,
            from_end,
            order,
        })
    }

    /// The window of the list `list` with `filter`, and the list's scope.
    fn for_list(self, list: &str, filter: &Filter) -> Result<(PageRequest, u32), ApiError> {
        let order = list_order(self.order.clone(), filter)?;
        let scope = list_scope(list, filter, &order);
        Ok((self.request(scope, order)?, scope))
    }
}

/// A paged field's arguments: the four Relay arguments, the list's filter input `F` and
/// its `orderBy` keys `O`. A resolver takes it as one parameter, which
/// `#[list_fields]` (crate `uprgraph-graphql-macros`) turns into the documented
/// arguments every list has; a list with neither filter nor `orderBy` (in id order) is a
/// bare `Paged`.
#[derive(Debug)]
pub(crate) struct Paged<F = NoFilter, O = NoOrder> {
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
    filter: Option<F>,
    order_by: Option<Vec<O>>,
}

impl<F: FilterInput, O: Into<SortTerm>> Paged<F, O> {
    /// The arguments as a client sent them.
    pub(crate) fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<F>,
        order_by: Option<Vec<O>>,
    ) -> Self {
        Self {
            first,
            after,
            last,
            before,
            filter,
            order_by,
        }
    }

    /// The page's arguments with its sort keys checked, and its filter.
    pub(crate) fn into_parts(self) -> async_graphql::Result<(PageArgs, Filter)> {
        let args = PageArgs {
            first: self.first,
            after: self.after,
            last: self.last,
            before: self.before,
            order: crate::order::sort_terms(self.order_by)?,
        };
        Ok((args, F::into_filter(self.filter)?))
    }
}

/// A list's filter input, checked into the store's [`Filter`].
pub(crate) trait FilterInput: Sized {
    /// The filter a client's input (or its absence) stands for.
    fn into_filter(input: Option<Self>) -> async_graphql::Result<Filter>;
}

/// The filter of a list that takes none: every row.
#[derive(Debug)]
pub(crate) enum NoFilter {}

impl FilterInput for NoFilter {
    fn into_filter(_: Option<Self>) -> async_graphql::Result<Filter> {
        Ok(Filter::All)
    }
}

/// The `orderBy` of a list that takes none: it is in id order.
#[derive(Debug)]
pub(crate) enum NoOrder {}

impl From<NoOrder> for SortTerm {
    fn from(order: NoOrder) -> Self {
        match order {}
    }
}

/// A connection type, built from a page of its rows and their count.
pub(crate) trait FromPage<M> {
    fn from_page(page: Page<M>, total: Total) -> Self;
}

/// A page of the rows of `entity` as the connection `C`: the resolver of a root list.
pub(crate) async fn root_connection<E, C, F, O>(
    ctx: &Context<'_>,
    _entity: E,
    page: Paged<F, O>,
) -> async_graphql::Result<C>
where
    E: Table,
    C: FromPage<E::Model>,
    F: FilterInput,
    O: Into<SortTerm>,
{
    let (args, filter) = page.into_parts()?;
    let (page, total) = root_page::<E>(ctx, args, filter).await?;
    Ok(C::from_page(page, total))
}

/// A page of `parent`'s children along `link` as the connection `C`: the resolver of a
/// nested list.
pub(crate) async fn child_connection<L, C, F, O>(
    ctx: &Context<'_>,
    link: L,
    parent: Id<L::Parent>,
    page: Paged<F, O>,
) -> async_graphql::Result<C>
where
    L: ChildLink,
    C: FromPage<L::Model>,
    F: FilterInput,
    O: Into<SortTerm>,
{
    let (args, filter) = page.into_parts()?;
    let (page, total) = child_page(ctx, link, parent, args, filter).await?;
    Ok(C::from_page(page, total))
}

/// Where a page stands in its list.
#[derive(Debug, Clone, SimpleObject)]
pub struct PageInfo {
    /// More items follow this page (paginate with `first`/`after`).
    pub has_next_page: bool,
    /// Items come before this page (paginate with `last`/`before`).
    pub has_previous_page: bool,
    /// The cursor of the first item of the page; null when the page is empty.
    pub start_cursor: Option<String>,
    /// The cursor of the last item of the page; null when the page is empty.
    pub end_cursor: Option<String>,
}

type CountFuture = Pin<Box<dyn Future<Output = Result<u64, StoreError>> + Send>>;

/// Counts the whole list when, and only when, a client asks for `totalCount`.
#[derive(Clone)]
pub(crate) struct Total {
    count: Arc<dyn Fn(&Context<'_>) -> CountFuture + Send + Sync>,
    /// The scope of the list's filter, which its cursors carry.
    pub(crate) scope: u32,
}

impl std::fmt::Debug for Total {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Total")
    }
}

impl Total {
    pub(crate) fn new(
        scope: u32,
        count: impl Fn(&Context<'_>) -> CountFuture + Send + Sync + 'static,
    ) -> Self {
        Self {
            count: Arc::new(count),
            scope,
        }
    }

    /// The children of `parent` along `link` that pass `filter`, counted in one batched
    /// statement, in a list of `scope`.
    pub(crate) fn children<L: ChildLink>(
        link: L,
        parent: Id<L::Parent>,
        filter: Filter,
        scope: u32,
    ) -> Self {
        Self::new(scope, move |ctx| {
            let loader = ctx.data_unchecked::<RequestLoader>().clone();
            let key = ChildCount {
                link,
                parent,
                filter: filter.clone(),
            };
            Box::pin(async move { Ok(loader.load(key).await?.unwrap_or(0)) })
        })
    }

    pub(crate) async fn resolve(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        let count = (self.count)(ctx).await.api()?;
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

/// Loads one page of `parent`'s children along `link` through the request's loader.
/// Whether the client selected anything of the page itself; a connection asked only for
/// its `totalCount` loads no rows.
fn wants_rows(ctx: &Context<'_>) -> bool {
    let selection = ctx.look_ahead();
    ["nodes", "edges", "pageInfo"]
        .iter()
        .any(|field| selection.field(field).exists())
}

/// Loads one page of the rows of `E` that pass `filter`, with a count of them all.
pub(crate) async fn root_page<E>(
    ctx: &Context<'_>,
    args: PageArgs,
    filter: Filter,
) -> async_graphql::Result<(Page<E::Model>, Total)>
where
    E: Table,
{
    let (request, scope) = args.for_list(E::name(), &filter).api()?;
    let store = ctx.data_unchecked::<uprgraph_store::Store>();
    let page = if wants_rows(ctx) {
        store.page::<E>(&filter, request).await.api()?
    } else {
        Page::empty()
    };
    let total = Total::new(scope, move |ctx| {
        let store = ctx.data_unchecked::<uprgraph_store::Store>().clone();
        let filter = filter.clone();
        Box::pin(async move { store.count::<E>(&filter).await })
    });
    Ok((page, total))
}

pub(crate) async fn child_page<L: ChildLink>(
    ctx: &Context<'_>,
    link: L,
    parent: Id<L::Parent>,
    args: PageArgs,
    filter: Filter,
) -> async_graphql::Result<(Page<L::Model>, Total)> {
    let list = format!("{} of {parent}", L::NAME);
    let (request, scope) = args.for_list(&list, &filter).api()?;
    let page = if wants_rows(ctx) {
        let loader = ctx.data_unchecked::<RequestLoader>();
        loader
            .load(ChildPage {
                link,
                parent,
                request,
                filter: filter.clone(),
            })
            .await
            .api()?
            .unwrap_or_else(Page::empty)
    } else {
        Page::empty()
    };
    Ok((page, Total::children(link, parent, filter, scope)))
}

/// Declares a connection type and its edge type for one node type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ident, $model:ty, $what:literal, $edge_what:literal) => {
        #[doc = $what]
        #[derive(Debug)]
        pub struct $connection {
            edges: Vec<$edge>,
            has_previous: bool,
            has_next: bool,
            total: $crate::connection::Total,
        }

        impl $crate::connection::FromPage<$model> for $connection {
            fn from_page(
                page: uprgraph_store::Page<$model>,
                total: $crate::connection::Total,
            ) -> Self {
                Self {
                    edges: page
                        .rows
                        .into_iter()
                        .zip(&page.positions)
                        .map(|(row, position)| $edge {
                            cursor: $crate::ids::cursor(position, total.scope),
                            node: $node::from(row),
                        })
                        .collect(),
                    has_previous: page.has_previous,
                    has_next: page.has_next,
                    total,
                }
            }
        }

        #[doc = $what]
        #[async_graphql::Object]
        impl $connection {
            /// The items of this page, in list order.
            async fn nodes(&self) -> Vec<&$node> {
                self.edges.iter().map(|e| &e.node).collect()
            }

            /// The items of this page with their cursors.
            async fn edges(&self) -> &[$edge] {
                &self.edges
            }

            /// Where this page stands in the list.
            async fn page_info(&self) -> $crate::connection::PageInfo {
                $crate::connection::PageInfo {
                    has_next_page: self.has_next,
                    has_previous_page: self.has_previous,
                    start_cursor: self.edges.first().map(|e| e.cursor.clone()),
                    end_cursor: self.edges.last().map(|e| e.cursor.clone()),
                }
            }

            /// How many items the whole list holds, across all pages. Counted only when asked for.
            async fn total_count(
                &self,
                ctx: &async_graphql::Context<'_>,
            ) -> async_graphql::Result<i64> {
                self.total.resolve(ctx).await
            }
        }

        #[doc = $edge_what]
        #[derive(Debug, async_graphql::SimpleObject)]
        #[graphql(complex)]
        pub struct $edge {
            /// Pass this as `after` (or `before`) to continue the list from this item.
            cursor: String,
            #[graphql(skip)]
            node: $node,
        }

        #[async_graphql::ComplexObject]
        impl $edge {
            /// The item.
            async fn node(&self) -> &$node {
                &self.node
            }
        }
    };
}

pub(crate) use connection;
