//! The depth and complexity limits, checked by uprgraph and answered with its own
//! coded errors.
//!
//! async-graphql computes a document's depth and complexity while it validates it
//! (each field's complexity is the schema's: `page_complexity`, `groups_complexity`,
//! …), and hands them to an extension's `validation` hook. An extension on the
//! schema that runs requests would put every field of every answer through the
//! extension chain, so the hook sits on a second schema of the same types that only
//! validates: [`Checker::check`] runs it, and the request then runs on the schema
//! without extensions. A query over a limit is refused here with the code
//! `QUERY_TOO_COMPLEX`, so no error code depends on async-graphql's wording.

use std::sync::Arc;

use async_graphql::{
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation},
    EmptyMutation, EmptySubscription, ErrorExtensionValues, Request, Schema, ServerError,
    ValidationResult,
};

use crate::Query;

/// What the checker's validation says of a document that passed it; never sent.
const PASSED: &str = "uprgraph: validation passed";

/// The code of an error for a query over the depth or complexity limit.
pub(crate) const TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";

/// A schema that validates requests, with the limits, and never runs them.
#[derive(Clone)]
pub(crate) struct Checker(Schema<Query, EmptyMutation, EmptySubscription>);

impl Checker {
    /// The checker of a schema built by `builder`, with these limits.
    pub(crate) fn new(
        builder: async_graphql::SchemaBuilder<Query, EmptyMutation, EmptySubscription>,
        max_depth: usize,
        max_complexity: usize,
    ) -> Self {
        Self(
            builder
                .extension(LimitsFactory {
                    max_depth,
                    max_complexity,
                })
                .finish(),
        )
    }

    /// Validates `request` (parsed already, or parsed here) against the schema and the
    /// limits: the errors validation found, or none when it passed.
    pub(crate) async fn check(&self, request: &mut Request) -> Vec<ServerError> {
        let mut copy = Request::new(request.query.clone()).variables(request.variables.clone());
        copy.operation_name.clone_from(&request.operation_name);
        copy.introspection_mode = request.introspection_mode;
        match request.parsed_query() {
            Ok(document) => copy.set_parsed_query(document.clone()),
            Err(error) => return vec![error],
        }
        let errors = self.0.execute(copy).await.errors;
        if errors
            .iter()
            .any(|e| e.message == PASSED && e.extensions.is_none())
        {
            Vec::new()
        } else {
            errors
        }
    }
}

struct LimitsFactory {
    max_depth: usize,
    max_complexity: usize,
}

impl ExtensionFactory for LimitsFactory {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Limits {
            max_depth: self.max_depth,
            max_complexity: self.max_complexity,
        })
    }
}

struct Limits {
    max_depth: usize,
    max_complexity: usize,
}

#[async_graphql::async_trait::async_trait]
impl Extension for Limits {
    /// Validates, then refuses a document over a limit, and stops every other one: the
    /// checker never runs a request.
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let over = if result.depth > self.max_depth {
            Some("Query is nested too deep.")
        } else if result.complexity > self.max_complexity {
            Some("Query is too complex.")
        } else {
            None
        };
        Err(vec![match over {
            Some(message) => {
                let mut error = ServerError::new(message, None);
                let mut extensions = ErrorExtensionValues::default();
                extensions.set("code", TOO_COMPLEX);
                error.extensions = Some(extensions);
                error
            }
            None => ServerError::new(PASSED, None),
        }])
    }
}
