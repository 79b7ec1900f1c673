//! The vocabularies that fold different spellings of one concept to one index term,
//! on top of the Snowball stemmer: irregular plurals, the spelling variants of UN
//! English, closed compounds, a few derived forms, and the names of the human-rights
//! treaties and bodies. The files are in `crates/domain/data/search/` (sources in its
//! README) and `crates/migrations/data/treaty_names.csv`; they are read once, and the
//! same tables serve the index, the queries and the highlights.

use std::{collections::HashMap, sync::OnceLock};

use super::index::stemmer;

/// Why a word of a text matched a word of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// The same word, up to case and diacritics (`Habré` for `habre`).
    Exact,
    /// Another form of the word that the Snowball English stemmer folds together
    /// (`discrimination` for `discriminate`).
    Stem,
    /// An irregular plural or its singular (`women` for `woman`).
    Irregular,
    /// A spelling variant of UN English (`labor` for `labour`).
    Variant,
    /// A compound written closed, hyphenated or spaced (`nondiscrimination` for
    /// `non-discrimination`).
    Compound,
    /// A derived form from the curated table (`ratification` for `ratify`).
    Derived,
    /// The name of a treaty or body for its short name, or back (`Convention on the
    /// Rights of the Child` for `CRC`).
    TreatyName,
    /// A word that begins with the prefix searched (`abol*`).
    Prefix,
}

const IRREGULAR_PLURALS: &str = include_str!("../../data/search/irregular_plurals.csv");
const SPELLING_VARIANTS: &str = include_str!("../../data/search/spelling_variants.csv");
const COMPOUNDS: &str = include_str!("../../data/search/compounds.csv");
const DERIVED_FORMS: &str = include_str!("../../data/search/derived_forms.csv");
/// Shipped with the migrations, which also store it in the `treaty_names` table.
pub const TREATY_NAMES: &str = include_str!("../../../migrations/data/treaty_names.csv");

/// A treaty or body: its short name (an acronym mostly) and its full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatyName {
    /// `CEDAW`, `OP-CAT`, `Rome Statute`.
    pub short: String,
    /// The full name, as OHCHR (or the UN Treaty Collection) writes it.
    pub name: String,
    /// `instrument` or `body`.
    pub kind: String,
}

/// The rows of a CSV file with a header, for these files: fields separated by commas,
/// quoted with `"` when they hold one (and no quote inside).
pub(crate) fn csv_rows(file: &str) -> Vec<Vec<String>> {
    file.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut quoted = false;
            for c in line.chars() {
                match c {
                    '"' => quoted = !quoted,
                    ',' if !quoted => fields.push(std::mem::take(&mut field)),
                    c => field.push(c),
                }
            }
            fields.push(field);
            fields
        })
        .collect()
}

/// The shorter names UPR texts write for the instruments (`Convention against Torture`),
/// each with the short name of its instrument: `crates/domain/data/search/treaty_short_forms.csv`.
pub const TREATY_SHORT_FORMS: &str = include_str!("../../data/search/treaty_short_forms.csv");

/// The shorter names of [`TREATY_SHORT_FORMS`], as (short name, shorter name).
pub fn treaty_short_forms() -> &'static [(String, String)] {
    static FORMS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FORMS.get_or_init(|| {
        csv_rows(TREATY_SHORT_FORMS)
            .into_iter()
            .map(|row| {
                let [short, name] = <[String; 2]>::try_from(row)
                    .unwrap_or_else(|row| panic!("treaty_short_forms.csv: {row:?}"));
                (short, name)
            })
            .collect()
    })
}

/// The treaty and body names of `crates/migrations/data/treaty_names.csv`.
pub fn treaty_names() -> &'static [TreatyName] {
    static NAMES: OnceLock<Vec<TreatyName>> = OnceLock::new();
    NAMES.get_or_init(|| {
        csv_rows(TREATY_NAMES)
            .into_iter()
            .map(|row| {
                let [short, name, kind] = <[String; 3]>::try_from(row)
                    .unwrap_or_else(|row| panic!("treaty_names.csv: {row:?}"));
                TreatyName { short, name, kind }
            })
            .collect()
    })
}

pub(crate) struct Rules {
    /// A stem and the index term it folds to, with the rule.
    terms: HashMap<String, (String, Rule)>,
    /// A closed compound (folded) and its parts.
    compounds: HashMap<String, Vec<String>>,
    /// Entries of the vocabularies that fold one stem two ways, or in a cycle: none,
    /// as a test checks.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) conflicts: Vec<String>,
}

fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

pub(crate) fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut terms: HashMap<String, (String, Rule)> = HashMap::new();
        let mut conflicts = Vec::new();
        for (file, rule) in [
            (IRREGULAR_PLURALS, Rule::Irregular),
            (SPELLING_VARIANTS, Rule::Variant),
            (DERIVED_FORMS, Rule::Derived),
        ] {
            for row in csv_rows(file) {
                let (to, from) = (stem(&row[0]), stem(&row[1]));
                if to == from {
                    // The stemmer already folds them (`fulfil`, `fulfill`).
                    continue;
                }
                if let Some((other, _)) = terms.get(&from) {
                    if *other != to {
                        conflicts.push(format!("{}: {from} -> {other} or {to}", row[1]));
                    }
                }
                terms.insert(from, (to, rule));
            }
        }
        // One step reaches the final term: follow chains (`a -> b`, `b -> c`) once here.
        let keys: Vec<String> = terms.keys().cloned().collect();
        for key in keys {
            let mut seen = 0;
            while let Some(next) = terms.get(&terms[&key].0).map(|(t, _)| t.clone()) {
                seen += 1;
                if seen > 8 {
                    conflicts.push(format!("{key}: a cycle"));
                    break;
                }
                if let Some(entry) = terms.get_mut(&key) {
                    entry.0 = next;
                }
            }
        }
        let compounds = csv_rows(COMPOUNDS)
            .into_iter()
            .map(|row| {
                (
                    row[0].clone(),
                    row[1].split(' ').map(str::to_owned).collect(),
                )
            })
            .collect();
        Rules {
            terms,
            compounds,
            conflicts,
        }
    })
}

/// The parts of a closed compound (`nondiscrimination`: `non`, `discrimination`),
/// given folded.
pub(crate) fn compound_parts(folded: &str) -> Option<&'static [String]> {
    rules().compounds.get(folded).map(Vec::as_slice)
}

/// The index term of a stem, and the rule that made it differ from the stem.
pub(crate) fn term(stem: String) -> (String, Option<Rule>) {
    match rules().terms.get(&stem) {
        Some((term, rule)) => (term.clone(), Some(*rule)),
        None => (stem, None),
    }
}

/// The vocabulary entries of one file as `(form, other form)` pairs, for tests and
/// documentation: `irregular`, `variants`, `compounds` or `derived`.
pub fn vocabulary(name: &str) -> Vec<(String, String)> {
    let file = match name {
        "irregular" => IRREGULAR_PLURALS,
        "variants" => SPELLING_VARIANTS,
        "compounds" => COMPOUNDS,
        "derived" => DERIVED_FORMS,
        _ => return Vec::new(),
    };
    csv_rows(file)
        .into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
}
