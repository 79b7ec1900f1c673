//! The walk: what a selection set weighs by every measure at once, its fragments
//! spread in place.
//!
//! Validation and execution work on the document with every fragment spread where it is
//! spread, so ten fragments that each spread the one before ten times select ten billion
//! fields from a document of a kilobyte. Walking that expansion would cost what it
//! measures; here each fragment is weighed once for each context it is spread in (the
//! page and the search above it, which only the answer's bytes depend on) and its
//! weight reused wherever it is spread again, so the walk takes time linear in the
//! document however large the expansion. Every count saturates instead of overflowing.
//!
//! The walk follows selection sets as deep as async-graphql reads them ([`MAX_NESTING`])
//! and no deeper, so that a long chain of fragments, each spreading the next, cannot
//! exhaust the stack: a document nested deeper is refused with async-graphql's words.
//!
//! Fields are typed by walking from the operation's root type: a field's own type is the
//! type its selection set stands on, and a fragment (inline or named) stands on the type
//! its condition names, so `... on State { reviews(first: 100) { … } }` under `node` is
//! weighed as `State.reviews`, a page of 100.

use std::collections::HashMap;

use async_graphql::{
    parser::types::{ExecutableDocument, Field, OperationType, Selection, SelectionSet},
    Name, Positioned, Variables,
};
use async_graphql_value::{ConstValue, Value};

use super::weigh;
use crate::facts::{self, FieldFacts};

/// How deeply selection sets may nest, counting a field's, an inline fragment's and a
/// spread fragment's each as one level: async-graphql's own bound
/// (`SchemaBuilder::limit_recursive_depth`, whose default the schema keeps), which it
/// checks before validating.
pub(super) const MAX_NESTING: u64 = 32;

/// Where a selection set stands: the type it selects on, the page size of the connection
/// it belongs to (when it is one), and the bytes of the search whose matches it selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Context<'a> {
    pub on: &'a str,
    pub page: u64,
    pub search: u64,
}

impl<'a> Context<'a> {
    /// The context of an operation's root selection set.
    pub(super) fn root(kind: OperationType) -> Self {
        let on = match kind {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        Self {
            on,
            page: 1,
            search: 0,
        }
    }
}

/// What a selection set weighs, its fragments spread in place.
#[derive(Debug, Clone, Default)]
pub(super) struct Weight {
    /// Fields selected, a fragment's counted wherever it is spread.
    pub fields: u64,
    /// Input values in the arguments of fields and directives (every list item,
    /// input-object field and scalar), a variable counting as the size of its value.
    pub values: u64,
    /// Aliases written in this selection set's own text: a fragment's are counted once,
    /// with its definition, not wherever it is spread.
    pub aliases: u64,
    /// Fields at this level, fragments spread in place: at an operation's root, its root
    /// fields.
    pub width: u64,
    /// How deeply fields nest below this level (`__typename` is not a level).
    pub depth: u64,
    /// How deeply selection sets nest below this one (see [`MAX_NESTING`]).
    pub nesting: u64,
    /// The complexity: each field costs 1 and what it selects, a list of pages or groups
    /// what one item costs times the items it asks for (`weigh::complexity`);
    /// `__typename` costs nothing.
    pub complexity: u64,
    /// The bytes of the query's own text one object of this selection writes into the
    /// answer (`weigh::echoed_by_arguments`, `weigh::list_items`).
    pub echoed: u64,
    /// The first `first` or `last` outside its field's bounds, as the field would say it.
    pub oversized: Option<String>,
    /// Whether `__schema` or `__type` is selected.
    pub introspects: bool,
}

impl Weight {
    /// Two parts of one selection set, side by side.
    fn beside(mut self, other: Weight) -> Weight {
        self.fields = self.fields.saturating_add(other.fields);
        self.values = self.values.saturating_add(other.values);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.width = self.width.saturating_add(other.width);
        self.depth = self.depth.max(other.depth);
        self.nesting = self.nesting.max(other.nesting);
        self.complexity = self.complexity.saturating_add(other.complexity);
        self.echoed = self.echoed.saturating_add(other.echoed);
        self.oversized = self.oversized.or(other.oversized);
        self.introspects |= other.introspects;
        self
    }
}

/// One walk of a document with a request's variables.
pub(super) struct Walk<'a> {
    document: &'a ExecutableDocument,
    /// Each variable's value, with the number of values it holds: the one the request
    /// gave, else its default (the largest when several operations define the name).
    variables: HashMap<&'a str, (ConstValue, u64)>,
    /// Each fragment's weight in a context, once known; `None` while it is being
    /// weighed: a spread of it then is a cycle, which validation refuses, and weighs
    /// nothing here.
    fragments: HashMap<(&'a Name, Context<'a>), Option<Weight>>,
    /// How deeply the selection set being walked is nested in its definition.
    nesting: u64,
    /// Whether a selection set is nested deeper than [`MAX_NESTING`]; what lies below
    /// it was not walked.
    pub too_nested: bool,
}

impl<'a> Walk<'a> {
    pub(super) fn new(document: &'a ExecutableDocument, given: &Variables) -> Self {
        let mut variables: HashMap<&'a str, (ConstValue, u64)> = HashMap::new();
        for (_, operation) in document.operations.iter() {
            for definition in &operation.node.variable_definitions {
                let name = &definition.node.name.node;
                let value = match given.get(name) {
                    Some(value) => value.clone(),
                    None => match &definition.node.default_value {
                        Some(default) => default.node.clone(),
                        None => continue,
                    },
                };
                let size = value_size(&value);
                let larger = variables
                    .get(name.as_str())
                    .is_none_or(|(_, known)| *known < size);
                if larger {
                    variables.insert(name.as_str(), (value, size));
                }
            }
        }
        Self {
            document,
            variables,
            fragments: HashMap::new(),
            nesting: 0,
            too_nested: false,
        }
    }

    /// What `set` weighs in `context`.
    pub(super) fn selection_set(
        &mut self,
        set: &'a Positioned<SelectionSet>,
        context: Context<'a>,
    ) -> Weight {
        let mut weight = Weight::default();
        for selection in &set.node.items {
            let in_directives = selection
                .node
                .directives()
                .iter()
                .flat_map(|directive| &directive.node.arguments)
                .map(|(_, value)| self.size(&value.node))
                .fold(0, u64::saturating_add);
            let part = match &selection.node {
                Selection::Field(field) => self.field(&field.node, context),
                Selection::InlineFragment(fragment) => {
                    let on = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(context.on, |condition| condition.node.on.node.as_str());
                    let context = Context { on, ..context };
                    self.deeper(|walk| walk.selection_set(&fragment.node.selection_set, context))
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    Weight {
                        aliases: 0,
                        ..self.deeper(|walk| walk.fragment(name, context))
                    }
                }
            };
            if self.nesting + part.nesting > MAX_NESTING {
                self.too_nested = true;
            }
            weight = weight.beside(part).beside(Weight {
                values: in_directives,
                ..Weight::default()
            });
        }
        weight
    }

    /// Walks a selection set one level below the one being walked, unless that is deeper
    /// than [`MAX_NESTING`]; its weight is then left out, and the document refused.
    fn deeper(&mut self, walk: impl FnOnce(&mut Self) -> Weight) -> Weight {
        if self.nesting == MAX_NESTING {
            self.too_nested = true;
            return Weight::default();
        }
        self.nesting += 1;
        let mut weight = walk(self);
        self.nesting -= 1;
        weight.nesting += 1;
        weight
    }

    /// What the fragment `name` weighs spread in `context`: its own selection set, on the
    /// type its condition names.
    pub(super) fn fragment(&mut self, name: &'a Name, context: Context<'a>) -> Weight {
        let Some(definition) = self.document.fragments.get(name) else {
            // An unknown fragment is refused by validation.
            return Weight::default();
        };
        let on = definition.node.type_condition.node.on.node.as_str();
        let context = Context { on, ..context };
        match self.fragments.get(&(name, context)) {
            Some(Some(weight)) => return weight.clone(),
            Some(None) => return Weight::default(),
            None => {}
        }
        self.fragments.insert((name, context), None);
        let weight = self.selection_set(&definition.node.selection_set, context);
        self.fragments.insert((name, context), Some(weight.clone()));
        weight
    }

    /// What one field weighs, with what it selects.
    fn field(&mut self, field: &'a Field, context: Context<'a>) -> Weight {
        let name = field.name.node.as_str();
        let info = facts::facts().field(context.on, name);
        let argument = |argument: &str| self.argument(field, info, argument);
        let values = field
            .arguments
            .iter()
            .map(|(_, value)| self.size(&value.node))
            .fold(0, u64::saturating_add);
        let key = field.alias.as_ref().unwrap_or(&field.name).node.len() as u64;
        let echoed_here = (key + weigh::KEY_PUNCTUATION)
            .saturating_add(weigh::echoed_by_arguments(context, name, &argument));
        let length = info.and_then(|info| weigh::length(context.on, name, info, &argument));
        let oversized = length.and_then(|length| {
            field
                .arguments
                .iter()
                .map(|(argument, _)| argument.node.as_str())
                .filter(|argument| matches!(*argument, "first" | "last"))
                .find_map(|which| match argument(which)? {
                    ConstValue::Number(size) => weigh::out_of_bounds(length, which, size.as_i64()?),
                    _ => None,
                })
        });
        let (child, items) = match info {
            Some(info) => {
                let child = Context {
                    on: info.returns.as_str(),
                    page: if info.returns.ends_with("Connection") {
                        weigh::page_size(&argument)
                    } else {
                        1
                    },
                    search: match name {
                        "searchMatches" => weigh::string_bytes(argument("search")),
                        _ => context.search,
                    },
                };
                let items = if info.list {
                    weigh::list_items(context, name, &info.returns, &argument)
                } else {
                    1
                };
                (child, items)
            }
            // `__typename`, introspection, or a field the schema does not have (which
            // validation refuses): its selection is walked on no known type.
            None => (
                Context {
                    on: "",
                    page: 1,
                    search: context.search,
                },
                0,
            ),
        };
        let inner = if field.selection_set.node.items.is_empty() {
            Weight::default()
        } else {
            self.deeper(|walk| walk.selection_set(&field.selection_set, child))
        };
        let typename = name == "__typename";
        Weight {
            fields: inner.fields.saturating_add(1),
            values: inner.values.saturating_add(values),
            aliases: inner.aliases + u64::from(field.alias.is_some()),
            width: 1,
            depth: if typename { 0 } else { inner.depth + 1 },
            nesting: inner.nesting,
            complexity: if typename {
                0
            } else {
                weigh::complexity(length, inner.complexity)
            },
            echoed: echoed_here.saturating_add(items.saturating_mul(inner.echoed)),
            oversized: oversized.or(inner.oversized),
            introspects: inner.introspects || matches!(name, "__schema" | "__type"),
        }
    }

    /// The value of a field's argument: given in the query (a variable's value, or its
    /// default), else the schema's default.
    fn argument(&self, field: &Field, info: Option<&FieldFacts>, name: &str) -> Option<ConstValue> {
        match field.get_argument(name) {
            Some(value) => value
                .node
                .clone()
                .into_const_with(|variable| {
                    self.variables
                        .get(variable.as_str())
                        .map(|(value, _)| value.clone())
                        .ok_or(())
                })
                .ok(),
            None => info?.defaults.get(name).cloned(),
        }
    }

    /// The number of values in an argument, a variable counting as what it holds.
    fn size(&self, value: &Value) -> u64 {
        match value {
            Value::Variable(name) => self
                .variables
                .get(name.as_str())
                .map_or(0, |(_, size)| *size),
            Value::List(items) => items
                .iter()
                .map(|item| self.size(item))
                .fold(1, u64::saturating_add),
            Value::Object(fields) => fields
                .values()
                .map(|field| self.size(field))
                .fold(1, u64::saturating_add),
            _ => 1,
        }
    }
}

/// The number of values in a constant: itself, and every item and field inside it.
fn value_size(value: &ConstValue) -> u64 {
    match value {
        ConstValue::List(items) => items.iter().map(value_size).fold(1, u64::saturating_add),
        ConstValue::Object(fields) => fields.values().map(value_size).fold(1, u64::saturating_add),
        _ => 1,
    }
}
