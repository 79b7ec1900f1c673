//! What the schema says of each field, read once from its own SDL: the type a field
//! returns (its name, whether it may be null, whether it is a list), its arguments and
//! the default value of each. The checks before
//! validation and the planned execution read the schema through this one table, so
//! neither restates what the resolvers' declarations already say.

use std::{collections::HashMap, sync::LazyLock};

use async_graphql::{
    parser::{
        parse_schema,
        types::{BaseType, Type, TypeKind, TypeSystemDefinition},
    },
    Value,
};

/// The object and interface types of the schema, by name.
#[derive(Debug)]
pub(crate) struct Facts {
    types: HashMap<String, TypeFacts>,
}

/// One object or interface type.
#[derive(Debug)]
pub(crate) struct TypeFacts {
    /// Its fields, by name.
    pub fields: HashMap<String, FieldFacts>,
    /// The interfaces it implements.
    pub implements: Vec<String>,
}

/// One field of a type.
#[derive(Debug)]
pub(crate) struct FieldFacts {
    /// The named type it returns, lists and non-null unwrapped.
    pub returns: String,
    /// Whether the field's value may be null.
    pub nullable: bool,
    /// Whether it returns a list.
    pub list: bool,
    /// Its arguments' names.
    pub arguments: Vec<String>,
    /// Each argument's default value, where it has one.
    pub defaults: HashMap<String, Value>,
}

impl Facts {
    /// A type by name.
    pub(crate) fn get(&self, type_name: &str) -> Option<&TypeFacts> {
        self.types.get(type_name)
    }

    /// A type by name, with its name as a `'static` string.
    pub(crate) fn get_key_value(&self, type_name: &str) -> Option<(&str, &TypeFacts)> {
        self.types
            .get_key_value(type_name)
            .map(|(name, facts)| (name.as_str(), facts))
    }

    /// A field of a type, by their names.
    pub(crate) fn field(&self, type_name: &str, field: &str) -> Option<&FieldFacts> {
        self.types.get(type_name)?.fields.get(field)
    }
}

impl TypeFacts {
    /// Whether a fragment on `condition` applies to an object of this type named `name`.
    pub(crate) fn applies(&self, name: &str, condition: &str) -> bool {
        condition == name || self.implements.iter().any(|i| i == condition)
    }
}

fn named(ty: &Type) -> String {
    match &ty.base {
        BaseType::Named(name) => name.to_string(),
        BaseType::List(inner) => named(inner),
    }
}

/// The schema's facts, read from its SDL the first time they are asked for.
pub(crate) fn facts() -> &'static Facts {
    static FACTS: LazyLock<Facts> = LazyLock::new(|| {
        let sdl = crate::sdl();
        let document = parse_schema(&sdl).expect("the schema's SDL parses");
        let types = document
            .definitions
            .iter()
            .filter_map(|definition| {
                let TypeSystemDefinition::Type(ty) = definition else {
                    return None;
                };
                let (fields, implements) = match &ty.node.kind {
                    TypeKind::Object(object) => (&object.fields, &object.implements),
                    TypeKind::Interface(interface) => (&interface.fields, &interface.implements),
                    _ => return None,
                };
                let fields = fields
                    .iter()
                    .map(|field| {
                        let ty = &field.node.ty.node;
                        let returns = named(ty);
                        let arguments = field
                            .node
                            .arguments
                            .iter()
                            .map(|argument| argument.node.name.node.to_string())
                            .collect();
                        let defaults = field
                            .node
                            .arguments
                            .iter()
                            .filter_map(|argument| {
                                let default = argument.node.default_value.as_ref()?;
                                Some((argument.node.name.node.to_string(), default.node.clone()))
                            })
                            .collect();
                        let facts = FieldFacts {
                            returns,
                            nullable: ty.nullable,
                            list: matches!(ty.base, BaseType::List(_)),
                            arguments,
                            defaults,
                        };
                        (field.node.name.node.to_string(), facts)
                    })
                    .collect();
                let implements = implements.iter().map(|i| i.node.to_string()).collect();
                Some((
                    ty.node.name.node.to_string(),
                    TypeFacts { fields, implements },
                ))
            })
            .collect();
        Facts { types }
    });
    &FACTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_typed_and_defaults_read() {
        let facts = facts();
        let reviews = facts.field("State", "reviews").unwrap();
        assert_eq!(reviews.returns, "ReviewConnection");
        assert!(!reviews.nullable);
        assert_eq!(facts.field("Query", "nodes").unwrap().returns, "Node");
        let state = facts.field("Query", "state").unwrap();
        assert!(state.nullable);
        let snippet = facts.field("SearchMatches", "snippet").unwrap();
        assert_eq!(snippet.defaults["words"], Value::from(30));
        assert!(facts.get("State").unwrap().applies("State", "Node"));
        assert!(!facts.get("PageInfo").unwrap().applies("PageInfo", "Node"));
    }
}
