//! Relay connections in a plan: the window each parent's list is read in (its cursors
//! checked against the list's scope, as the resolvers check them), the page and the
//! count read by their keys, and the connection written as it was selected (`nodes`,
//! `edges` with their cursors, `pageInfo`, `totalCount`).

use async_graphql::{Name, Pos, ServerError};
use uprgraph_store::{ChildLink, Filter, Id, Page, PageRequest, SortTerm, Table};

use super::{
    loads::{Loaded, Slot, Wants},
    nested::{Local, MakeKey},
    out::{Out, Written},
    write_list, write_object, Field, Nested, Object, Planned, Planner, Unplanned,
};
use crate::{
    batch::{BatchKey, ChildCount, ChildPage, RootCount, RootPage},
    connection::{FilterInput, PageArgs, Paged},
    facts::facts,
    ids::{cursor, list_scope},
    order::list_order,
    ApiError,
};

/// A paged field's `filter` or `orderBy` argument, or the absence of one on a list that
/// takes none.
pub(crate) trait ListArgument: Sized {
    /// The argument as the field's resolver reads it.
    fn read(field: &Field<'_, '_>, name: &str) -> Result<Option<Self>, ServerError>;
    /// The argument, a list of these, as the field's resolver reads it.
    fn read_list(field: &Field<'_, '_>, name: &str) -> Result<Option<Vec<Self>>, ServerError>;
}

impl<T: async_graphql::InputType> ListArgument for T {
    fn read(field: &Field<'_, '_>, name: &str) -> Result<Option<Self>, ServerError> {
        field.argument::<Option<T>>(name)
    }

    fn read_list(field: &Field<'_, '_>, name: &str) -> Result<Option<Vec<Self>>, ServerError> {
        field.argument::<Option<Vec<T>>>(name)
    }
}

impl ListArgument for crate::connection::NoFilter {
    fn read(_: &Field<'_, '_>, _: &str) -> Result<Option<Self>, ServerError> {
        Ok(None)
    }

    fn read_list(_: &Field<'_, '_>, _: &str) -> Result<Option<Vec<Self>>, ServerError> {
        Ok(None)
    }
}

impl ListArgument for crate::connection::NoOrder {
    fn read(_: &Field<'_, '_>, _: &str) -> Result<Option<Self>, ServerError> {
        Ok(None)
    }

    fn read_list(_: &Field<'_, '_>, _: &str) -> Result<Option<Vec<Self>>, ServerError> {
        Ok(None)
    }
}

/// The arguments of a paged field, checked as its resolver checks them: the page's
/// arguments and the list's filter.
fn paged<F, O>(field: &Field<'_, '_>) -> Result<(PageArgs, Filter), ServerError>
where
    F: ListArgument + FilterInput,
    O: ListArgument + Into<SortTerm>,
{
    let paged = Paged::<F, O>::new(
        field.argument("first")?,
        field.argument("after")?,
        field.argument("last")?,
        field.argument("before")?,
        F::read(field, "filter")?,
        O::read_list(field, "orderBy")?,
    );
    paged
        .into_parts()
        .map_err(|error| field.graphql_error(error))
}

/// Where each parent's list is read: the list's name, filter and order, and the window
/// the arguments ask for.
struct Window {
    list: &'static str,
    /// A nested list's scope names its parent.
    nested: bool,
    args: PageArgs,
    filter: Filter,
    order: Vec<SortTerm>,
    /// The window when the arguments hold no cursor, the same for every parent.
    fixed: Option<PageRequest>,
}

impl Window {
    fn new(
        list: &'static str,
        nested: bool,
        args: PageArgs,
        filter: Filter,
    ) -> Result<Self, ApiError> {
        let order = list_order(args.order.clone(), &filter)?;
        let mut window = Self {
            list,
            nested,
            args,
            filter,
            order,
            fixed: None,
        };
        if window.args.after.is_none() && window.args.before.is_none() {
            // Without cursors the scope is not read: any will do.
            window.fixed = Some(window.args.request(0, window.order.clone())?);
        }
        Ok(window)
    }

    /// The scope of the list of `parent`, which its cursors carry.
    fn scope(&self, parent: i32) -> u32 {
        if self.nested {
            let list = format!("{} of {parent}", self.list);
            list_scope(&list, &self.filter, &self.order)
        } else {
            list_scope(self.list, &self.filter, &self.order)
        }
    }

    /// The window of the list of `parent`.
    fn request(&self, parent: i32) -> Result<PageRequest, ApiError> {
        match &self.fixed {
            Some(request) => Ok(request.clone()),
            None => self.args.request(self.scope(parent), self.order.clone()),
        }
    }
}

/// A field of a connection, as selected.
enum Part<M> {
    Typename(&'static str),
    /// `totalCount`, at its place in the document (for the error of its count).
    TotalCount(Pos),
    Nodes(Object<M>),
    Edges(Vec<(Name, EdgePart<M>)>),
    PageInfo(Vec<(Name, PageInfoPart)>),
}

enum EdgePart<M> {
    Typename(&'static str),
    Cursor,
    Node(Object<M>),
}

#[derive(Clone, Copy)]
enum PageInfoPart {
    Typename,
    HasNextPage,
    HasPreviousPage,
    StartCursor,
    EndCursor,
}

/// A connection's fields as the query selects them.
pub(crate) struct Shape<M> {
    parts: Vec<(Name, Part<M>)>,
}

impl<M: Send + Sync + 'static> Shape<M> {
    /// The connection of `T` that `field` selects.
    fn plan<'d, T: Planned<Row = M>>(
        field: &Field<'_, 'd>,
        planner: &mut Planner<'d>,
    ) -> Result<Self, Unplanned> {
        let (connection, connection_facts) = static_type(&format!("{}Connection", T::NAME))?;
        let (edge, edge_facts) = static_type(&format!("{}Edge", T::NAME))?;
        let (page_info, page_info_facts) = static_type("PageInfo")?;
        let doc = planner.doc;
        let mut parts = Vec::new();
        for selected in doc.collect(connection, connection_facts, field.sets()) {
            let part = match selected.name() {
                "__typename" => Part::Typename(connection),
                "totalCount" => Part::TotalCount(selected.pos()),
                "nodes" => Part::Nodes(planner.object::<T>(&selected.sets)?),
                "edges" => {
                    let mut parts = Vec::new();
                    for selected in doc.collect(edge, edge_facts, &selected.sets) {
                        let part = match selected.name() {
                            "__typename" => EdgePart::Typename(edge),
                            "cursor" => EdgePart::Cursor,
                            "node" => EdgePart::Node(planner.object::<T>(&selected.sets)?),
                            _ => return Err(Unplanned),
                        };
                        parts.push((selected.key().clone(), part));
                    }
                    Part::Edges(parts)
                }
                "pageInfo" => {
                    let mut parts = Vec::new();
                    for selected in doc.collect(page_info, page_info_facts, &selected.sets) {
                        let part = match selected.name() {
                            "__typename" => PageInfoPart::Typename,
                            "hasNextPage" => PageInfoPart::HasNextPage,
                            "hasPreviousPage" => PageInfoPart::HasPreviousPage,
                            "startCursor" => PageInfoPart::StartCursor,
                            "endCursor" => PageInfoPart::EndCursor,
                            _ => return Err(Unplanned),
                        };
                        parts.push((selected.key().clone(), part));
                    }
                    Part::PageInfo(parts)
                }
                _ => return Err(Unplanned),
            };
            parts.push((selected.key().clone(), part));
        }
        Ok(Self { parts })
    }

    /// Whether the rows of the page are selected (a connection asked only for its
    /// `totalCount` reads none).
    fn wants_rows(&self) -> bool {
        self.parts
            .iter()
            .any(|(_, part)| matches!(part, Part::Nodes(_) | Part::Edges(_) | Part::PageInfo(_)))
    }

    fn wants_count(&self) -> bool {
        self.parts
            .iter()
            .any(|(_, part)| matches!(part, Part::TotalCount(_)))
    }

    /// Asks for what the objects of `rows` read, `depth` levels further down.
    fn want(&self, rows: &[&M], depth: usize, loaded: &Loaded, wants: &mut Wants) {
        for (_, part) in &self.parts {
            match part {
                Part::Nodes(object) => object.want(rows, depth, loaded, wants),
                Part::Edges(parts) => {
                    for (_, part) in parts {
                        if let EdgePart::Node(object) = part {
                            object.want(rows, depth, loaded, wants);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Writes the connection of `page`, counted by `count` when `totalCount` is
    /// selected, its cursors made in the scope `scope`.
    fn write<'p>(
        &'p self,
        page: &Page<M>,
        count: &mut dyn FnMut(&mut Out<'p>, Pos) -> Result<u64, super::out::Null>,
        scope: &dyn Fn() -> u32,
        loaded: &Loaded,
        out: &mut Out<'p>,
    ) -> Written {
        let cursors: Option<Vec<String>> = self
            .parts
            .iter()
            .any(|(_, part)| match part {
                Part::Edges(parts) => parts.iter().any(|(_, p)| matches!(p, EdgePart::Cursor)),
                Part::PageInfo(parts) => parts
                    .iter()
                    .any(|(_, p)| matches!(p, PageInfoPart::StartCursor | PageInfoPart::EndCursor)),
                _ => false,
            })
            .then(|| {
                let scope = scope();
                page.positions.iter().map(|p| cursor(p, scope)).collect()
            });
        let parts = self.parts.iter().map(|(key, part)| (key.as_str(), part));
        write_object(parts, out, |part, out| match part {
            Part::Typename(name) => {
                out.str(name);
                Ok(())
            }
            Part::TotalCount(pos) => {
                count(out, *pos).map(|n| out.int(i64::try_from(n).unwrap_or(i64::MAX)))
            }
            Part::Nodes(object) => write_list(&page.rows, false, out, |row, out| {
                object.write(row, loaded, out)
            }),
            Part::Edges(parts) => {
                write_list(page.rows.iter().enumerate(), false, out, |(i, row), out| {
                    let parts = parts.iter().map(|(key, part)| (key.as_str(), part));
                    write_object(parts, out, |part, out| match part {
                        EdgePart::Typename(name) => {
                            out.str(name);
                            Ok(())
                        }
                        EdgePart::Cursor => {
                            out.opt_str(cursors.as_ref().map(|c| c[i].as_str()));
                            Ok(())
                        }
                        EdgePart::Node(object) => object.write(row, loaded, out),
                    })
                })
            }
            Part::PageInfo(parts) => {
                let cursor =
                    |at: Option<usize>| at.and_then(|at| cursors.as_ref().map(|c| c[at].as_str()));
                let parts = parts.iter().map(|(key, part)| (key.as_str(), part));
                write_object(parts, out, |part, out| {
                    match part {
                        PageInfoPart::Typename => out.str("PageInfo"),
                        PageInfoPart::HasNextPage => out.bool(page.has_next),
                        PageInfoPart::HasPreviousPage => out.bool(page.has_previous),
                        PageInfoPart::StartCursor => {
                            out.opt_str(cursor((!page.rows.is_empty()).then_some(0)))
                        }
                        PageInfoPart::EndCursor => {
                            out.opt_str(cursor(page.rows.len().checked_sub(1)))
                        }
                    }
                    Ok(())
                })
            }
        })
    }
}

/// A type of the schema by name, with its name as a `'static` string.
fn static_type(name: &str) -> Result<(&'static str, &'static crate::facts::TypeFacts), Unplanned> {
    facts().get_key_value(name).ok_or(Unplanned)
}

/// The key of a parent's page, from its id and its window.
type PageKey<P> = Box<dyn Fn(i32, PageRequest) -> P + Send + Sync>;

/// A connection field: a page of a list and its count, per parent.
pub(crate) struct Connection<R, P, C> {
    local: Local<R>,
    window: Result<Window, ServerError>,
    page: Option<(Slot, PageKey<P>)>,
    count: Option<(Slot, MakeKey<C>)>,
}

/// A connection field with its shape.
struct ConnectionField<R, P, C, M> {
    connection: Connection<R, P, C>,
    shape: Shape<M>,
}

impl<R, P, C, M> Nested<R> for ConnectionField<R, P, C, M>
where
    R: Send + Sync,
    P: BatchKey<Value = Page<M>>,
    C: BatchKey<Value = u64>,
    M: Send + Sync + 'static,
{
    fn want(&self, parents: &[&R], depth: usize, loaded: &Loaded, wants: &mut Wants) {
        let Ok(window) = &self.connection.window else {
            return;
        };
        if depth == 0 {
            for parent in parents {
                let Some(local) = (self.connection.local)(parent) else {
                    continue;
                };
                // A parent whose window cannot be made (a cursor of another list) reads
                // nothing: its field is that error.
                let Ok(request) = window.request(local) else {
                    continue;
                };
                if let Some((slot, key)) = &self.connection.page {
                    wants.add(key(local, request), *slot, local);
                }
                if let Some((slot, key)) = &self.connection.count {
                    wants.add(key(local), *slot, local);
                }
            }
        } else if let Some((slot, _)) = &self.connection.page {
            let rows: Vec<&M> = loaded
                .get::<Page<M>>(*slot)
                .and_then(|found| found.as_ref().ok())
                .into_iter()
                .flat_map(|pages| pages.values())
                .flat_map(|page| &page.rows)
                .collect();
            self.shape.want(&rows, depth - 1, loaded, wants);
        }
    }

    fn write<'p>(&'p self, parent: &R, loaded: &Loaded, out: &mut Out<'p>, pos: Pos) -> Written {
        let window = match &self.connection.window {
            Ok(window) => window,
            Err(error) => return Err(out.fail_with(error.clone())),
        };
        let Some(local) = (self.connection.local)(parent) else {
            out.null();
            return Ok(());
        };
        if let Err(error) = window.request(local) {
            return Err(out.fail(pos, error));
        }
        let empty = Page::empty();
        let page = match &self.connection.page {
            Some((slot, _)) => match loaded.get::<Page<M>>(*slot) {
                Some(Ok(pages)) => pages.get(&local).unwrap_or(&empty),
                Some(Err(error)) => return Err(out.fail(pos, ApiError::from(error.clone()))),
                None => &empty,
            },
            None => &empty,
        };
        let count_slot = self.connection.count.as_ref().map(|(slot, _)| *slot);
        let mut count = |out: &mut Out<'p>, at: Pos| match count_slot
            .and_then(|slot| loaded.get::<u64>(slot))
        {
            Some(Ok(counts)) => Ok(counts.get(&local).copied().unwrap_or(0)),
            Some(Err(error)) => Err(out.fail(at, ApiError::from(error.clone()))),
            None => Ok(0),
        };
        let scope = || window.scope(local);
        self.shape.write(page, &mut count, &scope, loaded, out)
    }
}

impl<'d> Planner<'d> {
    /// A nested connection of `T`: the children of each parent along the link `L`,
    /// `parent` naming the parent's id, the field's arguments read as `Paged<F, O>`.
    pub(crate) fn child_connection<R, T, L, F, O>(
        &mut self,
        field: &Field<'_, 'd>,
        link: L,
        parent: fn(&R) -> Id<L::Parent>,
    ) -> Result<super::How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: super::Planned<Row = L::Model>,
        L: ChildLink,
        F: ListArgument + FilterInput,
        O: ListArgument + Into<SortTerm>,
    {
        let shape = Shape::plan::<T>(field, self)?;
        let window = paged::<F, O>(field).and_then(|(args, filter)| {
            Window::new(L::NAME, true, args, filter).map_err(|e| field.error(e))
        });
        let filter = window
            .as_ref()
            .map(|w| w.filter.clone())
            .unwrap_or(Filter::All);
        let page_filter = filter.clone();
        let page = shape.wants_rows().then(|| {
            // The local key is the parent's id, which `parent` gave typed by the link.
            let key: PageKey<ChildPage<L>> = Box::new(move |parent, request| ChildPage {
                link,
                parent: Id::new(parent),
                request,
                filter: page_filter.clone(),
            });
            (self.slot(), key)
        });
        let count = shape.wants_count().then(|| {
            let key: MakeKey<ChildCount<L>> = Box::new(move |parent| ChildCount {
                link,
                parent: Id::new(parent),
                filter: filter.clone(),
            });
            (self.slot(), key)
        });
        Ok(super::How::nested(ConnectionField {
            connection: Connection {
                local: Box::new(move |row| Some(parent(row).get())),
                window,
                page,
                count,
            },
            shape,
        }))
    }

    /// A root connection of `T`: a page of the rows of `E`, the field's arguments read
    /// as `Paged<F, O>`.
    pub(crate) fn root_connection<T, E, F, O>(
        &mut self,
        field: &Field<'_, 'd>,
    ) -> Result<super::How<()>, Unplanned>
    where
        T: super::Planned<Row = E::Model>,
        E: Table,
        F: ListArgument + FilterInput,
        O: ListArgument + Into<SortTerm>,
    {
        let shape = Shape::plan::<T>(field, self)?;
        let window = paged::<F, O>(field).and_then(|(args, filter)| {
            Window::new(E::name(), false, args, filter).map_err(|e| field.error(e))
        });
        let filter = window
            .as_ref()
            .map(|w| w.filter.clone())
            .unwrap_or(Filter::All);
        let page_filter = filter.clone();
        let page = shape.wants_rows().then(|| {
            let key: PageKey<RootPage<E>> =
                Box::new(move |_, request| RootPage::new(request, page_filter.clone()));
            (self.slot(), key)
        });
        let count = shape.wants_count().then(|| {
            let key: MakeKey<RootCount<E>> = Box::new(move |_| RootCount::new(filter.clone()));
            (self.slot(), key)
        });
        Ok(super::How::nested(ConnectionField {
            connection: Connection {
                local: Box::new(|_| Some(0)),
                window,
                page,
                count,
            },
            shape,
        }))
    }
}
