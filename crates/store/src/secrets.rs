//! Passwords kept out of what is printed. A database URL carries its password
//! (`postgres://user:password@host/db`), and the drivers quote the URL, or parts of it,
//! in their errors; everything the store says about a URL passes through here, and the
//! binary passes every error it prints through [`redact_secrets`] too.

/// What stands for a password that was hidden.
const HIDDEN: &str = "***";

/// `text` with the password of every URL in it hidden (`scheme://user:***@host`), and
/// `also` (the password of a URL known to be in play, if any) hidden wherever it stands,
/// whatever surrounds it.
pub fn redact_secrets(text: &str, also: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (before, after) = rest.split_at(at + 3);
        out.push_str(before);
        // The authority runs to the path, or to what cannot stand in a URL.
        let end = after
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'' | '`') || c.is_whitespace())
            .unwrap_or(after.len());
        let authority = &after[..end];
        match authority.rfind('@') {
            Some(at) => {
                let userinfo = &authority[..at];
                match userinfo.split_once(':') {
                    Some((user, _)) => {
                        out.push_str(user);
                        out.push(':');
                        out.push_str(HIDDEN);
                    }
                    None => out.push_str(userinfo),
                }
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    match also.filter(|secret| !secret.is_empty()) {
        Some(secret) => out.replace(secret, HIDDEN),
        None => out,
    }
}

/// The password of a URL, as written in it, if it has one.
pub fn url_password(url: &str) -> Option<&str> {
    let after = &url[url.find("://")? + 3..];
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    let userinfo = &authority[..authority.rfind('@')?];
    userinfo.split_once(':').map(|(_, password)| password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_hidden_wherever_they_stand() {
        assert_eq!(
            redact_secrets("postgres://me:pw@host:5432/db", None),
            "postgres://me:***@host:5432/db"
        );
        assert_eq!(
            redact_secrets("cannot parse 'postgres://me:pw@[::1:5432/x'.", None),
            "cannot parse 'postgres://me:***@[::1:5432/x'."
        );
        assert_eq!(
            redact_secrets("database-url = \"mysql://root:p@ss@127.0.0.1/x\n", None),
            "database-url = \"mysql://root:***@127.0.0.1/x\n"
        );
        assert_eq!(
            redact_secrets(
                "a http://example.org/x and sqlite://db.sqlite?mode=rwc",
                None
            ),
            "a http://example.org/x and sqlite://db.sqlite?mode=rwc"
        );
        assert_eq!(
            redact_secrets("postgres://me@host/db", None),
            "postgres://me@host/db"
        );
        // A password quoted without its URL, as a driver may.
        assert_eq!(
            redact_secrets("cannot open me:pw@/tmp/x.db", Some("pw")),
            "cannot open me:***@/tmp/x.db"
        );
    }

    #[test]
    fn a_urls_password_is_found() {
        assert_eq!(url_password("postgres://me:pw@host/db"), Some("pw"));
        assert_eq!(url_password("postgres://me:p@w@host/db"), Some("p@w"));
        assert_eq!(url_password("postgres://me@host/db"), None);
        assert_eq!(url_password("sqlite://x.db?mode=rwc"), None);
        assert_eq!(url_password("not a url"), None);
    }
}
