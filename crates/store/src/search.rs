//! A parsed search query as SQL: an FTS5 `MATCH` on SQLite, `tsvector @@ tsquery`
//! tests on PostgreSQL, and a relevance both compute alike.
//!
//! Both backends index the words `uprgraph_domain::search` folded (migration
//! `m20261128_000004`), and the query's words are folded by the same code, so
//! each backend is asked exactly which stems, phrases of stems and word prefixes to
//! find, and nothing is left to its own language rules.

use sea_orm::{
    sea_query::{
        extension::postgres::PgBinOper, DynIden, Expr, ExprTrait, Func, Order, Query,
        QueryStatementBuilder, SelectStatement,
    },
    Condition,
};
use uprgraph_domain::search::{SearchNode, SearchQuery};

use crate::{
    dialect::Dialect,
    entity::{
        recommendation,
        unlisted::{RecommendationSearch, RecommendationTerms, SearchStems},
    },
    store::Counted,
};

/// The condition "`recommendations.id` matches the query".
pub(crate) fn condition(query: &SearchQuery, dialect: &dyn Dialect) -> Condition {
    dialect.full_text_condition(query)
}

/// The query as an FTS5 query string, for SQLite's `MATCH`: not SQL, but a value the
/// statement binds.
pub(crate) fn fts5_query(query: &SearchQuery) -> String {
    fts5(query.root())
}

/// The query as a PostgreSQL condition of `tsvector @@ tsquery` tests.
pub(crate) fn tsquery(query: &SearchQuery) -> Condition {
    tsquery_condition(query.root())
}

/// An FTS5 query string: stems and phrases in the `search_text` column, prefixes and
/// exact words in `search_words`. Every part is quoted, so no word can read as an FTS5 operator.
fn fts5(node: &SearchNode) -> String {
    match node {
        SearchNode::Word(stem) => format!("search_text : {}", fts5_string(stem)),
        SearchNode::Phrase(stems) => format!("search_text : {}", fts5_string(&stems.join(" "))),
        SearchNode::Prefix(prefix) => format!("search_words : {} *", fts5_string(prefix)),
        SearchNode::Exact(word) => format!("search_words : {}", fts5_string(word)),
        SearchNode::All { keep, exclude } => {
            let kept: Vec<String> = keep.iter().map(fts5).collect();
            // FTS5's NOT is binary (`a NOT b`), which is why the parser refuses a query
            // that only excludes.
            let mut sql = format!("({})", kept.join(" AND "));
            for part in exclude {
                sql = format!("({sql} NOT {})", fts5(part));
            }
            sql
        }
        SearchNode::Any(parts) => {
            let parts: Vec<String> = parts.iter().map(fts5).collect();
            format!("({})", parts.join(" OR "))
        }
    }
}

fn fts5_string(words: &str) -> String {
    format!("\"{}\"", words.replace('"', "\"\""))
}

/// A condition of `tsvector @@ tsquery` tests joined by AND, OR and NOT, each tsquery
/// (one per word, phrase or prefix) a bound value. Each test can use its GIN index, and
/// prefixes and exact words go to the column of unstemmed words.
fn tsquery_condition(node: &SearchNode) -> Condition {
    let test = |column: RecommendationSearch, tsquery: String| {
        Condition::all().add(
            Expr::col((recommendation::Entity, column))
                .binary(PgBinOper::Matches, Expr::val(tsquery).cast_as("tsquery")),
        )
    };
    match node {
        SearchNode::Word(stem) => test(RecommendationSearch::SearchVector, lexeme(stem)),
        SearchNode::Phrase(stems) => test(
            RecommendationSearch::SearchVector,
            stems
                .iter()
                .map(|s| lexeme(s))
                .collect::<Vec<_>>()
                .join(" <-> "),
        ),
        SearchNode::Prefix(prefix) => test(
            RecommendationSearch::SearchWordsVector,
            format!("{}:*", lexeme(prefix)),
        ),
        SearchNode::Exact(word) => test(RecommendationSearch::SearchWordsVector, lexeme(word)),
        SearchNode::All { keep, exclude } => {
            let kept = keep
                .iter()
                .fold(Condition::all(), |all, p| all.add(tsquery_condition(p)));
            exclude
                .iter()
                .fold(kept, |all, p| all.add(tsquery_condition(p).not()))
        }
        SearchNode::Any(parts) => parts
            .iter()
            .fold(Condition::any(), |any, p| any.add(tsquery_condition(p))),
    }
}

/// A lexeme quoted for tsquery input, taken verbatim (no parsing or stemming by
/// PostgreSQL).
fn lexeme(word: &str) -> String {
    format!("'{}'", word.replace('\\', "\\\\").replace('\'', "''"))
}

/// How relevant a row of `table` (an alias of `recommendations`) is to the query, as
/// an integer both backends compute identically: the occurrences of the stems the
/// query looks for, per character of the row's `search_text` (plus 100, so that a
/// very short text does not win on one word), times a million. `None` when the query looks for
/// prefixes only, whose occurrences this does not count.
pub(crate) fn rank(query: &SearchQuery, table: &DynIden) -> Option<Expr> {
    let stems = query.kept_stems();
    let length = |expr: Expr| Expr::from(Func::cust("length").arg(expr));
    let text = || Expr::col((table.clone(), RecommendationSearch::SearchText));
    // Each stem stands between two spaces of its own (`SearchText::stems`), so one
    // `replace` of ` stem ` finds every occurrence.
    let occurrences = stems.iter().map(|stem| {
        let without = Func::cust("replace").args([
            text(),
            Expr::val(format!(" {stem} ")),
            Expr::Constant("".into()),
        ]);
        let width = i64::try_from(stem.chars().count() + 2).unwrap_or(i64::MAX);
        length(text())
            .sub(length(without.into()))
            .div(Expr::Constant(width.into()))
    });
    let count = occurrences.reduce(|sum, next| sum.add(next))?;
    Some(
        count
            .cast_as("BIGINT")
            .mul(Expr::Constant(1_000_000.into()))
            .div(length(text()).add(Expr::Constant(100.into()))),
    )
}

/// The one stem a query is ranked by, when every match contains it: a word searched
/// alone (`rights`), or the one word among the parts a match must have (`torture NOT
/// death`). The query's rank is then that stem's stored relevance
/// (`recommendation_terms`), and its best matches come first in the stem's index. The
/// flag says whether the stem is the whole query, so that having it is the match.
pub(crate) fn ranking_stem(query: &SearchQuery) -> Option<(&str, bool)> {
    let [stem] = query.kept_stems()[..] else {
        return None;
    };
    let word = |node: &SearchNode| matches!(node, SearchNode::Word(s) if s == stem);
    match query.root() {
        SearchNode::Word(_) => Some((stem, true)),
        SearchNode::All { keep, .. } if keep.iter().any(word) => Some((stem, false)),
        _ => None,
    }
}

/// `table.id IN (…)`: the first `limit` rows of `matching` (a `SELECT table.id FROM
/// table WHERE …`) in the order of their relevance to `stem`, best first, then by id;
/// or the last ones, `from_end`. They are read from the stem's entries of
/// `recommendation_terms` in its one order (the table itself on SQLite,
/// `idx_recommendation_terms_ranked` on PostgreSQL), from the stem's number looked up
/// once, and the reading stops after `limit` rows that `matching` keeps, instead of
/// ranking every match.
pub(crate) fn best_matches(
    mut matching: SelectStatement,
    stem: &str,
    table: &DynIden,
    limit: u64,
    from_end: bool,
) -> Expr {
    use RecommendationTerms as Terms;
    let id = Expr::col((table.clone(), recommendation::Column::Id));
    let (first, then) = if from_end {
        (Order::Asc, Order::Desc)
    } else {
        (Order::Desc, Order::Asc)
    };
    matching
        .inner_join(
            Terms::Table,
            Expr::col((Terms::Table, Terms::RecommendationId))
                .equals((table.clone(), recommendation::Column::Id))
                .and(Expr::col((Terms::Table, Terms::StemId)).eq(stem_id(stem))),
        )
        .order_by((Terms::Table, Terms::Relevance), first)
        .order_by((Terms::Table, Terms::RecommendationId), then)
        .limit(limit);
    id.in_subquery(matching)
}

/// `SELECT COUNT(*) AS n …`: how many recommendations hold `stem`, read as a
/// [`Counted`].
pub(crate) fn holding(stem: &str) -> SelectStatement {
    use RecommendationTerms as Terms;
    let mut select = Counted::of(Terms::Table);
    select.and_where(Expr::col((Terms::Table, Terms::StemId)).eq(stem_id(stem)));
    select
}

/// `(SELECT id FROM search_stems WHERE stem = …)`: the number of `stem`, or null (which
/// no term holds) for a stem no recommendation has had.
fn stem_id(stem: &str) -> Expr {
    let select = Query::select()
        .column(SearchStems::Id)
        .from(SearchStems::Table)
        .and_where(Expr::col(SearchStems::Stem).eq(stem))
        .to_owned();
    Expr::from(select.into_sub_query_statement())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_fts5_expressions() {
        let query = SearchQuery::parse(r#"(blockade OR "human rights") educat* -cuba"#).unwrap();
        assert_eq!(
            fts5(query.root()),
            r#"(((search_text : "blockad" OR search_text : "human right") AND search_words : "educat" *) NOT search_text : "cuba")"#
        );
        // An exact word is a whole word of the unstemmed column; a treaty's short name
        // also looks for its full names.
        assert_eq!(
            fts5(SearchQuery::parse("=women CRC").unwrap().root()),
            r#"(search_words : "women" AND (search_text : "crc" OR search_text : "convent on the right of the child" OR search_text : "committe on the right of the child"))"#
        );
    }

    #[test]
    fn queries_ranked_by_one_stem_every_match_holds_are_read_in_index_order() {
        let stem =
            |q: &str| ranking_stem(&SearchQuery::parse(q).unwrap()).map(|(s, w)| (s.to_owned(), w));
        assert_eq!(stem("rights"), Some(("right".to_owned(), true)));
        assert_eq!(
            stem("torture NOT death"),
            Some(("tortur".to_owned(), false))
        );
        assert_eq!(stem("torture educat*"), Some(("tortur".to_owned(), false)));
        // Two stems add up; a match may lack the stem; or there is no stem to rank by.
        assert_eq!(stem(r#""death penalty""#), None);
        assert_eq!(stem("discriminate women"), None);
        assert_eq!(stem("torture OR torture"), None);
        assert_eq!(stem("blockade OR educat*"), None);
        assert_eq!(stem("educat*"), None);
    }

    #[test]
    fn queries_become_tsquery_tests() {
        use sea_orm::sea_query::{PostgresQueryBuilder, Query};

        let query = SearchQuery::parse(r#"(blockade OR "human rights") educat* -cuba"#).unwrap();
        let (sql, values) = Query::select()
            .expr(Expr::val(1))
            .cond_where(tsquery(&query))
            .build(PostgresQueryBuilder);
        let test =
            |c: &str, n: usize| format!("\"recommendations\".\"{c}\" @@ CAST(${n} AS tsquery)");
        assert_eq!(
            sql,
            format!(
                "SELECT $1 WHERE ({} OR {}) AND {} AND (NOT {})",
                test("search_vector", 2),
                test("search_vector", 3),
                test("search_words_vector", 4),
                test("search_vector", 5)
            )
        );
        let values: Vec<String> = values
            .into_iter()
            .skip(1)
            .map(|v| match v {
                sea_orm::Value::String(Some(s)) => s,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            values,
            ["'blockad'", "'human' <-> 'right'", "'educat':*", "'cuba'"]
        );
    }
}
