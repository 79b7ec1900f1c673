//! What async-graphql is asked to do with a request: validate it (the specification's
//! rules) once, and execute it only when its resolvers are to answer it.
//!
//! async-graphql validates inside `Schema::execute`, which then executes. The extension
//! here reads two marks a request may carry. [`ValidateOnly`]: the plan answers the
//! request, so `execute` stops after validation and records that the document passed.
//! [`Validated`]: the document was validated already in this request, with the same
//! variables (the introspection fields of a planned operation, run as a document of their
//! own, or a whole document the plan does not cover), so validation is not run again.
//!
//! A document validated by an earlier request (the parsed-document cache holds only
//! valid ones) is validated again all the same: validation checks the values of the
//! variables against their types (`ArgumentsOfCorrectType` substitutes them), and another
//! request brings other values, while async-graphql runs its rules all together or not
//! at all. The limits are not async-graphql's: `limits.rs` checks them before
//! validation, and the depth and complexity async-graphql computes while it validates
//! are not read.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use async_graphql::{
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute, NextValidation},
    Response, ServerError, ValidationResult,
};

/// Marks a request to be validated and not executed, and says whether it passed.
#[derive(Debug, Clone, Default)]
pub(crate) struct ValidateOnly(Arc<AtomicBool>);

impl ValidateOnly {
    /// Whether the request's document was valid.
    pub(crate) fn passed(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// Marks a request whose document this request has validated already, with the same
/// variables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Validated;

/// The extension that reads the marks.
pub(crate) struct Marks;

impl ExtensionFactory for Marks {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Marks)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for Marks {
    /// Validates, unless the request is marked [`Validated`].
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        match ctx.data_opt::<Validated>() {
            Some(Validated) => Ok(ValidationResult {
                cache_control: Default::default(),
                complexity: 0,
                depth: 0,
            }),
            None => next.run(ctx).await,
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
