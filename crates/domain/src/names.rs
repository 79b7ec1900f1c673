use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// The key under which a state's name or alias is looked up: lower case, without
/// diacritics, `&` read as `and`, punctuation dropped and spaces collapsed, so that
/// "Côte d'Ivoire", "Cote d'Ivoire" and "COTE D IVOIRE" meet, as do
/// "Bosnia & Herzegovina" and "Bosnia and Herzegovina".
pub fn normalize_name(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut words = Vec::new();
    for word in folded
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
    {
        let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        if !word.is_empty() {
            words.push(word);
        }
    }
    if words.first().is_some_and(|w| w == "the") && words.len() > 1 {
        words.remove(0);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalize_name;

    #[test]
    fn spellings_of_one_name_meet() {
        assert_eq!(
            normalize_name("Côte d'Ivoire"),
            normalize_name("Cote d'Ivoire")
        );
        assert_eq!(normalize_name("Côte d’Ivoire"), "cote divoire");
        assert_eq!(
            normalize_name("Bosnia & Herzegovina"),
            "bosnia and herzegovina"
        );
        assert_eq!(normalize_name("  Türkiye "), "turkiye");
        assert_eq!(normalize_name("The Gambia"), normalize_name("Gambia"));
        assert_eq!(
            normalize_name("Guinea-Bissau"),
            normalize_name("Guinea Bissau")
        );
        assert_eq!(normalize_name("St. Lucia"), "st lucia");
    }
}
