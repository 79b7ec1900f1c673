//! The committed `schema.graphql` is what the code generates.

#[test]
fn schema_graphql_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = uprgraph_graphql::sdl();
    assert!(
        committed == generated,
        "schema.graphql differs from the schema the code generates: run `cargo xtask codegen` and commit the result"
    );
}

#[test]
fn every_type_field_and_argument_is_described() {
    let sdl = uprgraph_graphql::sdl();
    let schema = async_graphql::parser::parse_schema(&sdl).expect("the SDL parses");
    let mut missing = Vec::new();
    for definition in &schema.definitions {
        let async_graphql::parser::types::TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = &ty.node;
        let name = ty.name.node.as_str();
        if ty.description.is_none() {
            missing.push(name.to_owned());
        }
        use async_graphql::parser::types::TypeKind;
        match &ty.kind {
            TypeKind::Object(object) => {
                for field in &object.fields {
                    if field.node.description.is_none() {
                        missing.push(format!("{name}.{}", field.node.name.node));
                    }
                    for argument in &field.node.arguments {
                        if argument.node.description.is_none() {
                            missing.push(format!(
                                "{name}.{}({})",
                                field.node.name.node, argument.node.name.node
                            ));
                        }
                    }
                }
            }
            TypeKind::Interface(interface) => {
                for field in &interface.fields {
                    if field.node.description.is_none() {
                        missing.push(format!("{name}.{}", field.node.name.node));
                    }
                }
            }
            TypeKind::Enum(e) => {
                for value in &e.values {
                    if value.node.description.is_none() {
                        missing.push(format!("{name}.{}", value.node.value.node));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:?}");
}
