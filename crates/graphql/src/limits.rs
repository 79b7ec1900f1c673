//! The gate every request passes through async-graphql: the depth and complexity
//! limits, checked while async-graphql validates, and the stop after validation for a
//! request that the plan will answer.
//!
//! async-graphql computes a document's depth and complexity while it validates it
//! (each field's complexity is the schema's: `page_complexity`, `groups_complexity`,
//! …) and hands them to an extension's `validation` hook; the hook refuses a query over
//! a limit with the code `QUERY_TOO_COMPLEX`, so no error code depends on
//! async-graphql's wording. Its `execute` hook runs after validation has passed: for a
//! request marked [`ValidateOnly`] it records that the document is valid and returns
//! without executing anything (the plan answers it); any other request (introspection)
//! is executed by async-graphql's resolvers.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use async_graphql::{
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute, NextValidation},
    ErrorExtensionValues, Response, ServerError, ValidationResult,
};

/// The code of an error for a query over the depth or complexity limit.
pub(crate) const TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";

/// Marks a request to be validated and not executed, and says whether it passed.
#[derive(Debug, Clone, Default)]
pub(crate) struct ValidateOnly(Arc<AtomicBool>);

impl ValidateOnly {
    /// Whether the request's document was valid and within the limits.
    pub(crate) fn passed(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// The gate's settings: the limits.
pub(crate) struct Gate {
    pub max_depth: usize,
    pub max_complexity: usize,
}

impl ExtensionFactory for Gate {
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
    /// Validates, then refuses a document over a limit.
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
        match over {
            Some(message) => {
                let mut error = ServerError::new(message, None);
                let mut extensions = ErrorExtensionValues::default();
                extensions.set("code", TOO_COMPLEX);
                error.extensions = Some(extensions);
                Err(vec![error])
            }
            None => Ok(result),
        }
    }

    /// Stops a request marked [`ValidateOnly`] here, valid; executes any other.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        match ctx.data_opt::<ValidateOnly>() {
            Some(mark) => {
                mark.0.store(true, Ordering::Release);
                Response::default()
            }
            None => next.run(ctx, operation_name).await,
        }
    }
}
