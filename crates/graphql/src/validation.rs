//! What async-graphql is asked to do with a request: validate it (the specification's
//! rules), and execute it only when its resolvers are to answer it.
//!
//! async-graphql validates inside `Schema::execute`, which then executes. A request the
//! plan answers is marked [`ValidateOnly`]: the extension here stops it after validation
//! and records that the document passed. The limits are not async-graphql's: `limits.rs`
//! checks them before validation, and the depth and complexity async-graphql computes
//! while it validates are not read.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use async_graphql::{
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute},
    Response,
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

/// The extension that reads the mark.
pub(crate) struct Marks;

impl ExtensionFactory for Marks {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Marks)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for Marks {
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
