//! The fields an operation selects on an object, collected as the specification's
//! CollectFields does: fragments spread and inlined where their type condition applies,
//! `@skip` and `@include` read with the request's variables, and every selection of
//! one response key merged into one field, in the order the keys first appear. Field
//! arguments are read here too, as async-graphql's resolvers read them: variables
//! substituted (a variable the request does not give takes its default), an absent
//! argument given its default, and the value checked by its input type.

use std::cell::RefCell;

use async_graphql::{
    parser::types::{
        Directive, ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet,
    },
    InputType, Name, Pos, Positioned, ServerError, Value, Variables,
};

use crate::facts::{FieldFacts, TypeFacts};

/// The document an operation comes from, with the request's variables.
#[derive(Clone, Copy)]
pub(crate) struct Doc<'d> {
    pub document: &'d ExecutableDocument,
    pub operation: &'d OperationDefinition,
    pub variables: &'d Variables,
    /// The variables read so far, each once, with the values read.
    pub reads: &'d RefCell<Reads>,
}

/// The variables a plan was made with: each variable it read (for `@skip`, `@include`
/// or an argument), in the order first read, with the value read (`None` for one
/// neither given nor defaulted). A request whose variables give the same values makes
/// the same plan, since planning reads nothing else that varies.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reads(Vec<(Name, Option<Value>)>);

impl Reads {
    /// Whether `operation` with `variables` gives every variable read its value read.
    pub(crate) fn same_in(&self, operation: &OperationDefinition, variables: &Variables) -> bool {
        self.0
            .iter()
            .all(|(name, value)| variable(operation, variables, name).as_ref() == value.as_ref())
    }

    fn record(&mut self, name: &str, value: &Option<Value>) {
        if !self.0.iter().any(|(read, _)| read.as_str() == name) {
            self.0.push((Name::new(name), value.clone()));
        }
    }
}

/// The value of the variable `name` of `operation` in a request with `variables`: the
/// one given, else the definition's default (null for a nullable variable without one).
fn variable(operation: &OperationDefinition, variables: &Variables, name: &str) -> Option<Value> {
    let definition = operation
        .variable_definitions
        .iter()
        .find(|d| d.node.name.node == name)?;
    variables
        .get(&definition.node.name.node)
        .or_else(|| definition.node.default_value())
        .cloned()
}

/// One response key of an object's selection: the field selected under it (its first
/// occurrence, whose arguments validation makes every occurrence share) and the
/// selection sets of all its occurrences, merged when the field's own type is collected.
#[derive(Clone)]
pub(crate) struct Collected<'d> {
    pub field: &'d Positioned<Field>,
    pub sets: Vec<&'d Positioned<SelectionSet>>,
}

impl<'d> Collected<'d> {
    /// The response key: the alias, or the field's name.
    pub(crate) fn key(&self) -> &'d Name {
        let field: &'d Positioned<Field> = self.field;
        &field.node.response_key().node
    }

    /// The field's name.
    pub(crate) fn name(&self) -> &'d str {
        self.field.node.name.node.as_str()
    }

    /// Where the field stands in the document.
    pub(crate) fn pos(&self) -> Pos {
        self.field.pos
    }
}

impl<'d> Doc<'d> {
    /// The value of a variable in this request (see [`variable`]), recorded in the reads.
    fn variable(&self, name: &str) -> Option<Value> {
        let value = variable(self.operation, self.variables, name);
        self.reads.borrow_mut().record(name, &value);
        value
    }

    /// Whether `@skip` and `@include` keep a selection.
    fn included(&self, directives: &[Positioned<Directive>]) -> bool {
        directives.iter().all(|directive| {
            let condition = directive
                .node
                .get_argument("if")
                .and_then(|value| {
                    value
                        .node
                        .clone()
                        .into_const_with(|name| self.variable(&name).ok_or(()))
                        .ok()
                })
                .and_then(|value| match value {
                    Value::Boolean(b) => Some(b),
                    _ => None,
                });
            match (directive.node.name.node.as_str(), condition) {
                ("skip", Some(skip)) => !skip,
                ("include", Some(include)) => include,
                _ => true,
            }
        })
    }

    /// The fields `sets` select on an object of the type `type_name` (`facts` its
    /// facts), each response key once, in the order keys first appear.
    pub(crate) fn collect(
        &self,
        type_name: &str,
        facts: &TypeFacts,
        sets: &[&'d Positioned<SelectionSet>],
    ) -> Vec<Collected<'d>> {
        let mut out: Vec<Collected<'d>> = Vec::new();
        let mut visited: Vec<&'d Name> = Vec::new();
        for set in sets {
            self.collect_into(type_name, facts, set, &mut out, &mut visited);
        }
        out
    }

    fn collect_into(
        &self,
        type_name: &str,
        facts: &TypeFacts,
        set: &'d Positioned<SelectionSet>,
        out: &mut Vec<Collected<'d>>,
        visited: &mut Vec<&'d Name>,
    ) {
        for selection in &set.node.items {
            if !self.included(selection.node.directives()) {
                continue;
            }
            // The selection set a fragment adds, when its type condition applies.
            let fragment_set = match &selection.node {
                Selection::Field(field) => {
                    let key = &field.node.response_key().node;
                    match out.iter_mut().find(|c| c.key() == key) {
                        Some(collected) => collected.sets.push(&field.node.selection_set),
                        None => out.push(Collected {
                            field,
                            sets: vec![&field.node.selection_set],
                        }),
                    }
                    continue;
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    if visited.contains(&name) {
                        continue;
                    }
                    visited.push(name);
                    let Some(fragment) = self.document.fragments.get(name) else {
                        continue;
                    };
                    facts
                        .applies(type_name, &fragment.node.type_condition.node.on.node)
                        .then_some(&fragment.node.selection_set)
                }
                Selection::InlineFragment(fragment) => fragment
                    .node
                    .type_condition
                    .as_ref()
                    .is_none_or(|c| facts.applies(type_name, &c.node.on.node))
                    .then_some(&fragment.node.selection_set),
            };
            if let Some(set) = fragment_set {
                self.collect_into(type_name, facts, set, out, visited);
            }
        }
    }

    /// The argument `name` of `field` as the input type `T`, read as a resolver reads it:
    /// variables substituted, the argument's default (from `facts`) when it is absent,
    /// and the error async-graphql gives when the value does not fit `T`.
    pub(crate) fn argument<T: InputType>(
        &self,
        field: &Positioned<Field>,
        facts: &FieldFacts,
        name: &str,
    ) -> Result<T, ServerError> {
        let given = field
            .node
            .arguments
            .iter()
            .find(|(n, _)| n.node.as_str() == name)
            .map(|(_, value)| value);
        let (pos, value) = match given {
            Some(value) => {
                let resolved = value.node.clone().into_const_with(|variable| {
                    self.variable(&variable).ok_or_else(|| {
                        ServerError::new(
                            format!("Variable {variable} is not defined."),
                            Some(value.pos),
                        )
                    })
                })?;
                (value.pos, Some(resolved))
            }
            None => (Pos::default(), facts.defaults.get(name).cloned()),
        };
        T::parse(value).map_err(|e| e.into_server_error(pos))
    }
}
