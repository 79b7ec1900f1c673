//! Plans made once and kept: by the document's text and the operation's name, a few
//! plans each, one per set of values of the variables planning read.
//!
//! A plan depends on the document, the operation and the values of the variables it
//! read (those of `@skip` and `@include`, and those of arguments: arguments are read
//! into the plan when it is made, as the resolvers read them, so that a bad argument
//! is the same error at the same place). A request whose variables give the same
//! values to those variables gets the same plan ([`Plan::fits`]): planning reads
//! nothing else that varies, so it would make that plan again. A document whose
//! arguments are written in it (the explorer's, GraphiQL's examples, most persisted
//! documents) is planned once whatever its other variables; one whose arguments take
//! variables is planned again for each new value, and keeps its most recent plans.
//!
//! Validation is not skipped on a hit: it checks every variable's value against its
//! type, including those no plan reads.

use std::{
    collections::VecDeque,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
};

use async_graphql::{
    parser::types::{ExecutableDocument, OperationDefinition},
    Variables,
};

use super::{Plan, Unplanned};

/// How many documents the cache keeps plans for.
const DOCUMENTS: u64 = 1_024;

/// How many plans one document keeps, the most recent: a document whose arguments take
/// variables has one for each set of values.
const PLANS_PER_DOCUMENT: usize = 8;

/// The plans of one document and operation, the most recent first.
type Plans = Mutex<VecDeque<Arc<Plan>>>;

/// The plans made, by document text and operation name.
#[derive(Clone)]
pub(crate) struct PlanCache {
    plans: moka::sync::Cache<(String, Option<String>), Arc<Plans>>,
    made: Arc<AtomicU64>,
}

impl Default for PlanCache {
    fn default() -> Self {
        Self {
            plans: moka::sync::Cache::new(DOCUMENTS),
            made: Arc::default(),
        }
    }
}

impl PlanCache {
    /// The plan of the operation `operation` (named `operation_name` in the request) of
    /// `document` (whose text is `query`) with `variables`: one kept, or a new one,
    /// then kept. The document is valid.
    pub(crate) fn plan(
        &self,
        query: &str,
        operation_name: Option<&str>,
        document: &ExecutableDocument,
        operation: &OperationDefinition,
        variables: &Variables,
    ) -> Result<Arc<Plan>, Unplanned> {
        let plans = self.plans.get_with(
            (query.to_owned(), operation_name.map(str::to_owned)),
            || Arc::new(Mutex::new(VecDeque::with_capacity(PLANS_PER_DOCUMENT))),
        );
        let kept = plans
            .lock()
            .ok()
            .and_then(|plans| plans.iter().find(|p| p.fits(operation, variables)).cloned());
        if let Some(plan) = kept {
            return Ok(plan);
        }
        let plan = Arc::new(Plan::new(document, operation, variables)?);
        self.made.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut plans) = plans.lock() {
            if plans.len() == PLANS_PER_DOCUMENT {
                plans.pop_back();
            }
            plans.push_front(Arc::clone(&plan));
        }
        Ok(plan)
    }

    /// How many plans were made since the server started.
    pub(crate) fn made(&self) -> u64 {
        self.made.load(Ordering::Relaxed)
    }
}
