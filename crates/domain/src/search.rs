//! Full-text search over recommendation texts: the one way text is cut into words
//! and folded, used alike for the index, for queries and for highlighting, and the
//! query language researchers type, one module each: `index` (words and their folding),
//! `query` (the language), `highlight` (what a query matched in a text) and `excerpt`
//! (the part of a text to show); `fold` holds the vocabularies folding draws on.
//!
//! Folding makes words meet across spellings: lower case, compatibility decomposition
//! with the diacritics dropped (`Türkiye` = `turkiye`), then the Snowball English
//! stemmer (`discriminate` and `discrimination` both become `discrimin`). Because both
//! databases index the folded words made here, and queries are folded here too, SQLite
//! and PostgreSQL are asked about the same words and find the same rows.

mod excerpt;
mod fold;
mod highlight;
mod index;
mod query;

pub use excerpt::{excerpt, marked_words, Excerpt};
pub use fold::{
    treaty_names, treaty_short_forms, vocabulary, Rule, TreatyName, TREATY_NAMES,
    TREATY_SHORT_FORMS,
};
pub use highlight::{utf16_offsets, Highlight};
pub use index::{relevances, search_text, words, SearchText, Word};
use query::{Pattern, QueryWord};
pub use query::{SearchNode, SearchQuery};

/// The most words (terms) a query may hold.
pub const MAX_SEARCH_TERMS: usize = 64;
/// The most prefixes (`abol*`) a query may hold. Each is looked up across every word of
/// the index, where a word is one lookup: 64 prefixes of one letter took a second and a
/// half on SQLite, and eight take what one word in a hundred thousand texts does.
pub const MAX_PREFIXES: usize = 8;
/// The longest word, once folded, that the search index holds: PostgreSQL leaves words
/// over 2,047 bytes out of a `tsvector` and SQLite keeps them, so the importers refuse
/// texts with longer words and a search for one is refused, the same on both backends.
pub const MAX_WORD_BYTES: usize = 255;

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use proptest::prelude::*;

    use super::*;

    fn word(s: &str) -> SearchNode {
        SearchNode::Word(s.to_owned())
    }

    fn parse_error(input: &str) -> String {
        SearchQuery::parse(input).unwrap_err().to_string()
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        let found = words("Türkiye: end Discrimination!");
        let folded: Vec<&str> = found.iter().map(|w| w.folded.as_str()).collect();
        let stems: Vec<&str> = found.iter().map(|w| w.stem.as_str()).collect();
        assert_eq!(folded, ["turkiye", "end", "discrimination"]);
        assert_eq!(stems[2], words("discriminate")[0].stem);
        assert_eq!(
            &"Türkiye: end Discrimination!"[found[0].span.clone()],
            "Türkiye"
        );
        // A decomposed accent stays inside its word.
        assert_eq!(words("Turkiye")[0].stem, words("Tu\u{308}rkiye")[0].stem);
        assert_eq!(words("Tu\u{308}rkiye")[0].span, 0..9);
    }

    #[test]
    fn the_index_text_holds_stems_in_order_and_distinct_words() {
        let text = search_text("Children's rights, children");
        // `children` folds to `child`, its singular.
        assert_eq!(text.stems, " child  s  right  child ");
        assert_eq!(search_text("...").stems, "");
        assert_eq!(text.words, "children s rights");
        // A closed compound is indexed as its parts, and as written for prefixes.
        let text = search_text("Nondiscrimination");
        assert_eq!(text.stems, " non  discrimin ");
        assert_eq!(text.words, "nondiscrimination");
    }

    #[test]
    fn relevances_count_each_stem_per_character() {
        let text = search_text("Children's rights, children");
        // 24 characters of stems, plus 100.
        assert_eq!(
            relevances(&text.stems),
            [
                ("child", 2 * 1_000_000 / 124),
                ("s", 1_000_000 / 124),
                ("right", 1_000_000 / 124)
            ]
        );
        assert!(relevances(&search_text("...").stems).is_empty());
    }

    #[test]
    fn queries_parse_into_trees() {
        let q = SearchQuery::parse(r#"torture OR ("death penalty" AND abol*) -child"#).unwrap();
        assert_eq!(
            q.root,
            SearchNode::Any(vec![
                word("tortur"),
                SearchNode::All {
                    keep: vec![
                        SearchNode::Phrase(vec!["death".into(), "penalti".into()]),
                        SearchNode::Prefix("abol".into()),
                    ],
                    exclude: vec![word("child")],
                },
            ])
        );
        assert_eq!(q.kept_stems(), ["tortur", "death", "penalti"]);
        // Lower-case operators are words; hyphenated words are phrases.
        assert_eq!(
            SearchQuery::parse("anti-torture").unwrap().root,
            SearchNode::Phrase(vec!["anti".into(), "tortur".into()])
        );
        assert!(matches!(
            SearchQuery::parse("war and peace").unwrap().root,
            SearchNode::All { ref keep, .. } if keep.len() == 3
        ));
    }

    #[test]
    fn unreadable_queries_say_where() {
        assert_eq!(
            parse_error(r#"torture AND "death penalty"#),
            "unclosed quote at character 13"
        );
        assert_eq!(
            parse_error("(torture OR death"),
            "unclosed parenthesis at character 1"
        );
        assert_eq!(
            parse_error("torture)"),
            "`)` without a matching `(` at character 8"
        );
        assert_eq!(
            parse_error("AND torture"),
            "AND needs a word before and after it at character 1"
        );
        assert_eq!(
            parse_error("torture OR"),
            "a word was expected at the end of the search at character 11"
        );
        assert_eq!(
            parse_error("NOT torture"),
            "NOT needs something to keep beside it, as in `torture NOT death` at character 1"
        );
        assert_eq!(
            parse_error("death OR -torture"),
            "NOT needs something to keep beside it, as in `torture NOT death` at character 10"
        );
        assert_eq!(
            parse_error("to*ture"),
            "`*` can only end a word at character 3"
        );
        assert_eq!(
            parse_error("torture &&"),
            "`&&` has no letters or digits to search for at character 9"
        );
        assert_eq!(parse_error("   "), "the search is empty at character 1");
        assert_eq!(
            parse_error(&"a ".repeat(MAX_SEARCH_TERMS + 1)),
            format!(
                "the search has more than {MAX_SEARCH_TERMS} words at character {}",
                2 * MAX_SEARCH_TERMS + 1
            )
        );
        assert_eq!(
            parse_error(&"(".repeat(40)),
            "parentheses nest too deeply at character 17"
        );
    }

    #[test]
    fn words_longer_than_the_index_holds_are_refused_where_they_stand() {
        let fits = "a".repeat(MAX_WORD_BYTES);
        assert!(SearchQuery::parse(&format!("torture {fits}")).is_ok());
        let long = "b".repeat(MAX_WORD_BYTES + 1);
        let said = |at: usize| {
            format!(
                "a word of 256 bytes is longer than any word the index holds (255 bytes) at character {at}"
            )
        };
        assert_eq!(parse_error(&format!("torture {long}")), said(9));
        assert_eq!(parse_error(&format!("\"torture {long}\"")), said(10));
        assert_eq!(parse_error(&format!("torture NOT {long}*")), said(13));
        assert_eq!(parse_error(&format!("x ={long}")), said(4));
        // Bytes once folded: `é` is two bytes as typed and one once folded.
        assert!(SearchQuery::parse(&"é".repeat(MAX_WORD_BYTES)).is_ok());
    }

    #[test]
    fn prefixes_are_bounded() {
        let eight: Vec<String> = (0..MAX_PREFIXES).map(|i| format!("p{i}*")).collect();
        assert!(SearchQuery::parse(&eight.join(" OR ")).is_ok());
        assert_eq!(
            parse_error(&"a* ".repeat(MAX_PREFIXES + 1)),
            format!(
                "the search has more than {MAX_PREFIXES} prefixes (`word*`) at character {}",
                3 * MAX_PREFIXES + 1
            )
        );
    }

    #[test]
    fn highlights_mark_kept_words_phrases_and_prefixes() {
        let text = "Abolish the death penalty; end discrimination, not death squads.";
        let q = SearchQuery::parse(r#""death penalty" discriminate abol* NOT squad"#).unwrap();
        let marked: Vec<&str> = q.highlights(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(marked, ["Abolish", "death penalty", "discrimination"]);
    }

    #[test]
    fn excerpts_centre_on_the_most_highlights() {
        let text = "one two three four five six seven eight nine ten";
        let found = words(text);
        let q = SearchQuery::parse("seven OR eight").unwrap();
        let e = excerpt(text, &found, &q.highlights(text), 3);
        assert_eq!(&text[e.span.clone()], "six seven eight");
        let q = SearchQuery::parse("two").unwrap();
        let e = excerpt(text, &found, &q.highlights(text), 5);
        assert_eq!(
            (&text[e.span.clone()], e.cut_before),
            ("one two three four five", false)
        );
        let e = excerpt(
            text,
            &found,
            &SearchQuery::parse("six").unwrap().highlights(text),
            3,
        );
        assert_eq!(&text[e.span.clone()], "five six seven");
        assert!(e.cut_before && e.cut_after);
        let e = excerpt(text, &found, &[], 3);
        assert_eq!(
            (&text[e.span.clone()], e.cut_before),
            ("one two three", false)
        );
    }

    /// The excerpt as first written: each word checked against every highlight.
    fn excerpt_by_every_pair(
        text: &str,
        words: &[Word],
        highlights: &[Range<usize>],
        window: usize,
    ) -> Excerpt {
        let window = window.max(1);
        if words.len() <= window {
            return Excerpt {
                span: 0..text.len(),
                cut_before: false,
                cut_after: false,
            };
        }
        let marked: Vec<bool> = words
            .iter()
            .map(|w| {
                highlights
                    .iter()
                    .any(|h| h.start < w.span.end && w.span.start < h.end)
            })
            .collect();
        let counts: Vec<usize> = (0..=words.len() - window)
            .map(|start| marked[start..start + window].iter().filter(|m| **m).count())
            .collect();
        let best_count = counts.iter().copied().max().unwrap_or(0);
        let mut best = counts.iter().position(|c| *c == best_count).unwrap_or(0);
        let inside: Vec<usize> = (best..best + window).filter(|i| marked[*i]).collect();
        if let (Some(first), Some(last)) = (inside.first(), inside.last()) {
            best = ((first + last) / 2)
                .saturating_sub(window / 2)
                .min(words.len() - window);
        }
        Excerpt::of_words(text, words, best, window)
    }

    /// A small text of a few letters, separators and characters outside the BMP, and
    /// ordered, non-overlapping highlights cut at any of its character boundaries.
    fn text_and_highlights() -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
        let piece = prop::sample::select(vec!["a", "b", "É", "ß", "😀", " ", ", ", "-"]);
        prop::collection::vec(piece, 0..40).prop_flat_map(|pieces| {
            let text: String = pieces.concat();
            let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            bounds.push(text.len());
            let n = bounds.len();
            (
                Just(text),
                Just(bounds),
                prop::collection::btree_set(0..n, 0..=n.min(12)),
            )
                .prop_map(|(text, bounds, cuts)| {
                    let cuts: Vec<usize> = cuts.into_iter().map(|i| bounds[i]).collect();
                    let highlights = cuts.chunks_exact(2).map(|pair| pair[0]..pair[1]).collect();
                    (text, highlights)
                })
        })
    }

    proptest! {
        #[test]
        fn one_walk_marks_and_counts_as_every_pair_does(
            (text, highlights) in text_and_highlights(),
            window in 1usize..8,
        ) {
            let found = words(&text);
            let by_pairs: Vec<bool> = found
                .iter()
                .map(|w| highlights.iter().any(|h| h.start < w.span.end && w.span.start < h.end))
                .collect();
            prop_assert_eq!(marked_words(&found, &highlights), by_pairs);
            prop_assert_eq!(
                excerpt(&text, &found, &highlights, window),
                excerpt_by_every_pair(&text, &found, &highlights, window)
            );
            let bounds: Vec<usize> = highlights.iter().flat_map(|h| [h.start, h.end]).collect();
            let from_start: Vec<usize> =
                bounds.iter().map(|b| text[..*b].encode_utf16().count()).collect();
            prop_assert_eq!(utf16_offsets(&text, bounds), from_start);
        }
    }

    #[test]
    fn a_long_text_highlighted_almost_everywhere_is_cut_in_one_walk() {
        // 200,000 words, four in five matched: checking every word against every
        // highlight would take some 10^10 steps.
        let text = "torture torture torture torture death ".repeat(40_000);
        let found = words(&text);
        assert_eq!(found.len(), 200_000);
        let highlights: Vec<Range<usize>> = SearchQuery::parse("torture")
            .unwrap()
            .highlights_in(&found)
            .into_iter()
            .map(|h| h.span)
            .collect();
        assert_eq!(highlights.len(), 160_000);
        let e = excerpt(&text, &found, &highlights, 4);
        assert_eq!(&text[e.span.clone()], "torture torture torture torture");
        assert!(!e.cut_before && e.cut_after);
        let offsets = utf16_offsets(&text, highlights.iter().flat_map(|h| [h.start, h.end]));
        assert_eq!(offsets.len(), 320_000);
        assert_eq!(offsets[offsets.len() - 1], text.len() - " death ".len());
    }

    /// The index terms of a text.
    fn terms(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.stem).collect()
    }

    #[test]
    fn the_vocabularies_are_consistent() {
        assert_eq!(fold::rules().conflicts, Vec::<String>::new());
        // One step of folding is final: no term is folded again.
        for (a, b) in ["irregular", "variants", "derived"]
            .into_iter()
            .flat_map(vocabulary)
        {
            for term in terms(&a).into_iter().chain(terms(&b)) {
                assert_eq!(fold::term(term.clone()).0, term, "{a} / {b}");
            }
        }
    }

    #[test]
    fn every_irregular_plural_folds_with_its_singular() {
        let entries = vocabulary("irregular");
        assert!(entries.len() >= 20);
        for (singular, plural) in entries {
            assert_eq!(terms(&singular), terms(&plural), "{singular} / {plural}");
            let found = words(&plural);
            assert_eq!(found[0].rule, Some(Rule::Irregular), "{plural}");
        }
        // Their possessives too.
        assert_eq!(terms("women's"), terms("woman's"));
    }

    #[test]
    fn every_spelling_variant_folds_with_the_un_spelling() {
        let entries = vocabulary("variants");
        assert!(entries.len() >= 40);
        for (un, variant) in entries {
            assert_eq!(terms(&un), terms(&variant), "{un} / {variant}");
        }
        // Inflected forms follow their stems.
        assert_eq!(terms("programmes"), terms("programs"));
        assert_eq!(terms("organisations"), terms("organizations"));
        assert_eq!(terms("labour"), terms("labor"));
        assert_eq!(words("labor")[0].rule, Some(Rule::Variant));
        assert_eq!(words("labour")[0].rule, None);
    }

    #[test]
    fn every_compound_matches_closed_hyphenated_and_spaced() {
        let entries = vocabulary("compounds");
        assert!(entries.len() >= 20);
        for (closed, parts) in entries {
            let spaced = terms(&parts);
            assert!(spaced.len() >= 2, "{parts}");
            assert_eq!(terms(&closed), spaced, "{closed}");
            assert_eq!(terms(&parts.replace(' ', "-")), spaced, "{parts}");
            // Written closed, every part stands at the whole word.
            let found = words(&closed);
            assert!(
                found.iter().all(|w| w.span == (0..closed.len())),
                "{closed}"
            );
        }
    }

    #[test]
    fn every_derived_form_folds_with_its_base() {
        let entries = vocabulary("derived");
        assert!(entries.len() >= 8);
        for (base, derived) in entries {
            assert_eq!(terms(&base), terms(&derived), "{base} / {derived}");
        }
        assert_eq!(terms("ratify"), terms("ratifications"));
        assert_eq!(terms("criminalise"), terms("criminalization"));
        // Not a guess: a word the table does not name keeps its own stem.
        assert_ne!(terms("accede"), terms("accession"));
    }

    #[test]
    fn the_names_texts_write_find_what_the_acronym_finds() {
        assert!(treaty_short_forms().len() >= 15);
        for (short, name) in treaty_short_forms() {
            assert!(
                treaty_names()
                    .iter()
                    .any(|row| &row.short == short && row.kind == "instrument"),
                "{short} is an instrument of treaty_names.csv"
            );
            // A search for the shorter name marks the acronym, and one for the acronym
            // marks the shorter name.
            for (typed, other) in [(short, name), (name, short)] {
                let query = SearchQuery::parse(&format!("\"{typed}\"")).unwrap();
                let marked = query.highlights_in(&words(other));
                assert_eq!(marked.len(), 1, "{typed} -> {other}");
                assert_eq!(marked[0].span, 0..other.len(), "{typed} -> {other}");
                assert_eq!(marked[0].rule, Rule::TreatyName, "{typed} -> {other}");
            }
        }
    }

    #[test]
    fn treaty_names_expand_to_each_other() {
        assert!(treaty_names().len() >= 28);
        for row in treaty_names() {
            assert!(
                ["instrument", "body"].contains(&row.kind.as_str()),
                "{row:?}"
            );
            // A search for either name looks for both.
            for (typed, other) in [(&row.short, &row.name), (&row.name, &row.short)] {
                let query = SearchQuery::parse(&format!("\"{typed}\"")).unwrap();
                let marked = query.highlights_in(&words(other));
                assert_eq!(marked.len(), 1, "{typed} -> {other}");
                assert_eq!(marked[0].span, 0..other.len(), "{typed} -> {other}");
                assert_eq!(marked[0].rule, Rule::TreatyName, "{typed} -> {other}");
            }
        }
        let text = "Ratify the Convention on the Elimination of All Forms of Discrimination \
                    against Women and withdraw its reservations to CEDAW.";
        let query = SearchQuery::parse("CEDAW").unwrap();
        let marked: Vec<(&str, Rule)> = query
            .highlights_in(&words(text))
            .into_iter()
            .map(|h| (&text[h.span], h.rule))
            .collect();
        assert_eq!(
            marked,
            [
                (
                    "Convention on the Elimination of All Forms of Discrimination against Women",
                    Rule::TreatyName
                ),
                ("CEDAW", Rule::Exact)
            ]
        );
    }

    #[test]
    fn highlights_say_which_term_matched_and_why() {
        let text = "Women, men and children; labor and non-discrimination; abolish \
                    the death penalty; Ratification of the OPCAT.";
        let query = SearchQuery::parse(
            r#"woman OR man OR child OR labour OR nondiscrimination OR "death penalties" OR ratify OR abol* OR OP-CAT"#,
        )
        .unwrap();
        let marked: Vec<(&str, String, Rule)> = query
            .highlights_in(&words(text))
            .into_iter()
            .map(|h| (&text[h.span], h.term, h.rule))
            .collect();
        let expected = [
            ("Women", "woman", Rule::Irregular),
            ("men", "man", Rule::Irregular),
            ("children", "child", Rule::Irregular),
            ("labor", "labour", Rule::Variant),
            ("non-discrimination", "nondiscrimination", Rule::Compound),
            ("abolish", "abol*", Rule::Prefix),
            ("death penalty", "\"death penalties\"", Rule::Stem),
            ("Ratification", "ratify", Rule::Derived),
            ("OPCAT", "OP-CAT", Rule::Compound),
        ];
        let expected: Vec<(&str, String, Rule)> = expected
            .into_iter()
            .map(|(t, q, r)| (t, q.to_owned(), r))
            .collect();
        assert_eq!(marked, expected);
    }

    #[test]
    fn an_exact_word_turns_the_rules_off() {
        let query = SearchQuery::parse("=Woman").unwrap();
        assert_eq!(query.root, SearchNode::Exact("woman".into()));
        assert!(query.kept_stems().is_empty());
        let text = "A woman, two women, Woman's rights";
        let marked: Vec<&str> = query
            .highlights(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["woman", "Woman"]);
        assert_eq!(query.highlights_in(&words(text))[0].rule, Rule::Exact);
        assert_eq!(
            parse_error("="),
            "`=` must be followed by a word, as in `=woman` at character 1"
        );
        assert_eq!(
            parse_error("torture =abol*"),
            "`=abol*`: `=` (this word only) and `*` (any ending) cannot be combined at character 9"
        );
        assert_eq!(
            parse_error("=non-discrimination"),
            "`=non-discrimination`: `=` takes a single word at character 1"
        );
        // Excluded, an exact word marks nothing.
        let query = SearchQuery::parse("women -=woman").unwrap();
        let marked: Vec<&str> = query
            .highlights(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["woman", "women", "Woman"]);
    }
}
