//! Planned execution: a query operation answered from a plan of batched statements,
//! written as JSON in the order the query selects.
//!
//! async-graphql parses and validates the document; it resolves nothing. The plan is a
//! tree that mirrors the operation's selection, typed by the rows it reads: for each
//! object type of the API, [`Planned::field`] says how each of its fields is answered
//! (a column of the row, a value computed from it, rows read through a link, a
//! connection, a statistic). Planning collects the fields as the specification says
//! (fragments, type conditions, `@skip`/`@include`, merged response keys) and reads
//! their arguments as the resolvers do, so a bad argument is the same error, at the
//! same place.
//!
//! Running a plan reads one level of the query at a time: every field of the level
//! asks for the keys it needs ([`loads::Wants`]), keys of one kind are loaded by one
//! store call (the batcher's [`crate::batch::BatchKey`]s), and the next level asks
//! with the rows just read. Then the answer is written in one walk of the plan
//! ([`out::Out`]): keys in the order selected, `null` where a value failed and the
//! schema allows it, errors with their path.
//!
//! A document the plan does not cover (introspection) runs through async-graphql's
//! resolvers instead, which answer the same (the differential tests hold the two
//! paths to one answer).

pub(crate) mod cache;
pub(crate) mod connection;
pub(crate) mod introspection;
pub(crate) mod loads;
pub(crate) mod lookups;
pub(crate) mod nested;
pub(crate) mod out;
pub(crate) mod select;

use async_graphql::{
    parser::types::{ExecutableDocument, OperationDefinition, SelectionSet},
    InputType, Name, Pos, Positioned, ServerError, Variables,
};
use uprgraph_store::Store;

use self::{
    loads::{Loaded, Slot, Wants},
    out::{Null, Out, Written},
    select::{Collected, Doc, Reads},
};
use crate::{
    facts::{facts, Facts, FieldFacts},
    ApiError,
};

/// The plan does not cover this document; async-graphql's resolvers answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unplanned;

/// An object type of the API, as the plan answers it: the rows it is made of, and how
/// each of its fields is answered from one.
pub(crate) trait Planned: 'static {
    /// What one object of the type is made from.
    type Row: Send + Sync + 'static;
    /// The type's name in the schema.
    const NAME: &'static str;
    /// How the field `field` of an object of this type is answered.
    fn field<'d>(
        field: &Field<'_, 'd>,
        plan: &mut Planner<'d>,
    ) -> Result<How<Self::Row>, Unplanned>;
}

/// How one field of an object made from rows of `R` is answered.
pub(crate) enum How<R> {
    /// The object's type name.
    Typename(&'static str),
    /// A value of the row, written as it is.
    Value(fn(&R, &mut Out<'_>)),
    /// A value computed from the row, which may fail.
    Computed(Box<Compute<R>>),
    /// An error the field gives wherever it is asked (a bad argument).
    Error(ServerError),
    /// Rows read for the row, or objects made from it.
    Nested(Box<dyn Nested<R>>),
}

/// A value computed from a row of `R` and written, or the reason it cannot be.
pub(crate) type Compute<R> = dyn Fn(&R, &mut Out<'_>) -> Result<(), ApiError> + Send + Sync;

impl<R> How<R> {
    /// A value computed from the row.
    pub(crate) fn computed(
        compute: impl Fn(&R, &mut Out<'_>) -> Result<(), ApiError> + Send + Sync + 'static,
    ) -> Self {
        Self::Computed(Box::new(compute))
    }

    /// Rows read for the row, or objects made from it.
    pub(crate) fn nested(nested: impl Nested<R> + 'static) -> Self {
        Self::Nested(Box::new(nested))
    }
}

/// A field whose value is read (or made) for its parent rows, and written per row.
pub(crate) trait Nested<R>: Send + Sync {
    /// Asks for what the field reads for `parents`, when `depth` is 0; otherwise passes
    /// the rows it read on to its own fields, `depth` levels further down.
    fn want(&self, parents: &[&R], depth: usize, loaded: &Loaded, wants: &mut Wants);

    /// Writes the field's value for `parent`, from what was loaded; `pos` is the
    /// field's place in the document, for its errors.
    fn write<'p>(&'p self, parent: &R, loaded: &Loaded, out: &mut Out<'p>, pos: Pos) -> Written;
}

/// One field of an object in the plan: where it is written and how it is answered.
pub(crate) struct PlannedField<R> {
    key: Name,
    pos: Pos,
    nullable: bool,
    how: How<R>,
}

/// The fields of an object made from rows of `R`, in the order the query selects them.
pub(crate) struct Object<R> {
    fields: Vec<PlannedField<R>>,
    nested: bool,
}

impl<R> Object<R> {
    /// Whether any field of the object reads rows (or makes objects that may).
    pub(crate) fn reads(&self) -> bool {
        self.nested
    }

    /// Asks for what the fields read for `rows` (see [`Nested::want`]).
    pub(crate) fn want(&self, rows: &[&R], depth: usize, loaded: &Loaded, wants: &mut Wants) {
        if !self.nested || rows.is_empty() {
            return;
        }
        for field in &self.fields {
            if let How::Nested(nested) = &field.how {
                nested.want(rows, depth, loaded, wants);
            }
        }
    }

    /// Writes the object made from `row`.
    ///
    /// A field that fails and may not be null fails the object; the fields after it are
    /// still written, so that their errors are reported too, as the specification's
    /// executors (which run every field) report them.
    pub(crate) fn write<'p>(&'p self, row: &R, loaded: &Loaded, out: &mut Out<'p>) -> Written {
        let fields = self.fields.iter().map(|field| (field.key.as_str(), field));
        write_object(fields, out, |field, out| {
            let mark = out.len();
            let written = match &field.how {
                How::Typename(name) => {
                    out.str(name);
                    Ok(())
                }
                How::Value(write) => {
                    write(row, out);
                    Ok(())
                }
                How::Computed(compute) => compute(row, out).map_err(|e| out.fail(field.pos, e)),
                How::Error(error) => Err(out.fail_with(error.clone())),
                How::Nested(nested) => nested.write(row, loaded, out, field.pos),
            };
            if written.is_err() && field.nullable {
                out.null_from(mark);
                return Ok(());
            }
            written
        })
    }
}

/// Writes an object, each member's value by `member` under its key; a member that
/// fails fails the object once every member is written (for their errors).
pub(crate) fn write_object<'p, P>(
    members: impl IntoIterator<Item = (&'p str, P)>,
    out: &mut Out<'p>,
    mut member: impl FnMut(P, &mut Out<'p>) -> Written,
) -> Written {
    let mut failed = false;
    out.raw(b"{");
    for (i, (key, value)) in members.into_iter().enumerate() {
        if out.over() {
            // The answer outgrew its budget and will not be sent: stop writing it.
            return Ok(());
        }
        out.key(i == 0, key);
        out.enter(key);
        failed |= member(value, out).is_err();
        out.leave();
    }
    out.raw(b"}");
    if failed {
        Err(Null)
    } else {
        Ok(())
    }
}

/// Writes a list, each item by `item`; an item that fails becomes null where the
/// schema allows (`items_nullable`), else the whole list fails, once every item is
/// written (for their errors).
pub(crate) fn write_list<'p, T>(
    items: impl IntoIterator<Item = T>,
    items_nullable: bool,
    out: &mut Out<'p>,
    mut item: impl FnMut(T, &mut Out<'p>) -> Written,
) -> Written {
    let mut failed = false;
    out.raw(b"[");
    for (i, value) in items.into_iter().enumerate() {
        if out.over() {
            return Ok(());
        }
        if i > 0 {
            out.raw(b",");
        }
        out.enter_item(i);
        let mark = out.len();
        let written = item(value, out);
        out.leave();
        if written.is_err() {
            if items_nullable {
                out.null_from(mark);
            } else {
                failed = true;
            }
        }
    }
    out.raw(b"]");
    if failed {
        Err(Null)
    } else {
        Ok(())
    }
}

/// A field as the planner sees it: its selection in the document and what the schema
/// says of it.
pub(crate) struct Field<'a, 'd> {
    collected: &'a Collected<'d>,
    facts: &'static FieldFacts,
    doc: Doc<'d>,
}

impl<'a, 'd> Field<'a, 'd> {
    /// The field's name.
    pub(crate) fn name(&self) -> &'d str {
        self.collected.name()
    }

    /// The field's place in the document.
    pub(crate) fn pos(&self) -> Pos {
        self.collected.pos()
    }

    /// The argument `name`, read as the field's resolver reads it.
    pub(crate) fn argument<T: InputType>(&self, name: &str) -> Result<T, ServerError> {
        self.doc.argument(self.collected.field, self.facts, name)
    }

    /// The selection sets the field's value is written with.
    pub(crate) fn sets(&self) -> &'a [&'d Positioned<SelectionSet>] {
        &self.collected.sets
    }

    /// An error of this field, as its resolver would have given it.
    pub(crate) fn error(&self, error: ApiError) -> ServerError {
        error.into_graphql().into_server_error(self.pos())
    }

    /// An error of this field from the form async-graphql's own code gives.
    pub(crate) fn graphql_error(&self, error: async_graphql::Error) -> ServerError {
        error.into_server_error(self.pos())
    }
}

/// Builds a plan: numbers its slots and plans each object's fields.
pub(crate) struct Planner<'d> {
    doc: Doc<'d>,
    facts: &'static Facts,
    slots: usize,
    /// The introspection root fields, which async-graphql answers, with their slots.
    introspection: Vec<(Collected<'d>, Slot)>,
}

impl<'d> Planner<'d> {
    /// A new slot for a field's rows.
    pub(crate) fn slot(&mut self) -> Slot {
        self.slots += 1;
        self.slots - 1
    }

    /// The object of type `T` that `sets` select.
    pub(crate) fn object<T: Planned>(
        &mut self,
        sets: &[&'d Positioned<SelectionSet>],
    ) -> Result<Object<T::Row>, Unplanned> {
        let type_facts = self.facts.get(T::NAME).ok_or(Unplanned)?;
        let collected = self.doc.collect(T::NAME, type_facts, sets);
        let mut fields = Vec::with_capacity(collected.len());
        let mut nested = false;
        for selected in &collected {
            let (nullable, how) = if selected.name() == "__typename" {
                (false, How::Typename(T::NAME))
            } else if T::NAME == "Query" && introspection::is_introspection(selected.name()) {
                let slot = self.slot();
                self.introspection.push((selected.clone(), slot));
                (true, How::nested(introspection::Introspected { slot }))
            } else {
                let facts = type_facts.fields.get(selected.name()).ok_or(Unplanned)?;
                let field = Field {
                    collected: selected,
                    facts,
                    doc: self.doc,
                };
                (facts.nullable, T::field(&field, self)?)
            };
            nested |= matches!(how, How::Nested(_));
            fields.push(PlannedField {
                key: selected.key().clone(),
                pos: selected.pos(),
                nullable,
                how,
            });
        }
        Ok(Object { fields, nested })
    }

    /// Whether `sets` select the field `field` on an object of type `type_name`.
    pub(crate) fn selects(
        &self,
        sets: &[&'d Positioned<SelectionSet>],
        type_name: &str,
        field: &str,
    ) -> bool {
        self.facts.get(type_name).is_some_and(|facts| {
            self.doc
                .collect(type_name, facts, sets)
                .iter()
                .any(|selected| selected.name() == field)
        })
    }

    /// The object of type `T` that a field's selection selects.
    pub(crate) fn object_of<T: Planned>(
        &mut self,
        field: &Field<'_, 'd>,
    ) -> Result<Object<T::Row>, Unplanned> {
        self.object::<T>(field.sets())
    }
}

/// A plan of one query operation: its root object, the document of its introspection
/// fields with the slots their answers go in, and the variables it was made with.
pub(crate) struct Plan {
    root: Object<()>,
    introspection: Option<(ExecutableDocument, Vec<(Name, Slot)>)>,
    reads: Reads,
}

impl Plan {
    /// Plans the operation `operation` of `document` with the request's `variables`;
    /// the document is valid.
    pub(crate) fn new(
        document: &ExecutableDocument,
        operation: &OperationDefinition,
        variables: &Variables,
    ) -> Result<Self, Unplanned> {
        let reads = std::cell::RefCell::default();
        let mut planner = Planner {
            doc: Doc {
                document,
                operation,
                variables,
                reads: &reads,
            },
            facts: facts(),
            slots: 0,
            introspection: Vec::new(),
        };
        let root = planner.object::<crate::Query>(&[&operation.selection_set])?;
        let introspection = (!planner.introspection.is_empty()).then(|| {
            let fields: Vec<Collected<'_>> = planner
                .introspection
                .iter()
                .map(|(collected, _)| collected.clone())
                .collect();
            let slots = planner
                .introspection
                .iter()
                .map(|(collected, slot)| (collected.key().clone(), *slot))
                .collect();
            (introspection::document(document, operation, &fields), slots)
        });
        Ok(Self {
            root,
            introspection,
            reads: reads.into_inner(),
        })
    }

    /// Whether this plan answers `operation` with `variables` as well: the plan of a
    /// request whose variables give the same values to those this plan read.
    pub(crate) fn fits(&self, operation: &OperationDefinition, variables: &Variables) -> bool {
        self.reads.same_in(operation, variables)
    }

    /// The document of the operation's introspection fields, which async-graphql
    /// answers, if it has any.
    pub(crate) fn introspection(&self) -> Option<&ExecutableDocument> {
        self.introspection.as_ref().map(|(document, _)| document)
    }

    /// Reads what the plan needs, a level at a time, and writes the answer's `data`:
    /// the bytes of the JSON value, and the errors met.
    /// `introspected` is async-graphql's answer to [`Plan::introspection`]'s document.
    ///
    /// An answer that outgrows `max_bytes` is not finished: the writing stops there, and
    /// the budget's error is returned instead.
    pub(crate) async fn run(
        &self,
        store: &Store,
        introspected: Option<async_graphql::Value>,
        max_bytes: u64,
    ) -> Result<(Vec<u8>, Vec<ServerError>), ApiError> {
        let mut loaded = Loaded::default();
        if let (Some((_, slots)), Some(async_graphql::Value::Object(mut values))) =
            (&self.introspection, introspected)
        {
            for (key, slot) in slots {
                if let Some(value) = values.swap_remove(key) {
                    loaded.put(*slot, Ok([(0, value)].into_iter().collect()));
                }
            }
        }
        let root = [&()];
        for depth in 0.. {
            let mut wants = Wants::default();
            self.root.want(&root, depth, &loaded, &mut wants);
            if wants.is_empty() {
                break;
            }
            wants.load(store, &mut loaded).await;
        }
        let mut out = Out::new(max_bytes);
        if self.root.write(&(), &loaded, &mut out).is_err() {
            // A non-null root field failed: the whole of `data` is null.
            out.null_from(0);
        }
        out.finish()
    }
}
