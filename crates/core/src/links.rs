//! What a link may point to, checked the same way by the builder and the
//! viewer: only `http:`, `https:` and `mailto:` destinations are ever
//! rendered or stored.

use crate::archive::{is_iso_date, Issue};

/// Returns the URL if it is safe to put in an `href`: an absolute `http`,
/// `https` or `mailto` URL with no control characters or white space
/// anywhere (browsers strip those, which is how `java\tscript:` sneaks past
/// naive checks). Entity decoding is the builder's job; this sees the final
/// text.
pub fn safe_href(url: &str) -> Option<&str> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let (scheme, rest) = url.split_once(':')?;
    let allowed = match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => rest.starts_with("//") && rest.len() > 2,
        "mailto" => !rest.is_empty(),
        _ => false,
    };
    allowed.then_some(url)
}

/// The placeholders of an issue page template ([`issue_page_url`]): the
/// issue's date (`YYYY-MM-DD`), its number and its edition (`zh`, `en`,
/// `ja`).
pub const ISSUE_URL_PLACEHOLDERS: [&str; 3] = ["{date}", "{number}", "{edition}"];

/// Checks an issue page template before it is written into an archive: an
/// absolute http(s) URL whose only `{…}` are [`ISSUE_URL_PLACEHOLDERS`].
pub fn check_issue_url_template(template: &str) -> Result<(), String> {
    let lower = template.get(..8).unwrap_or(template).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://"))
        || safe_href(template).is_none()
    {
        return Err(format!(
            "`{template}` is not an absolute http(s) URL without spaces"
        ));
    }
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c + 1);
        let placeholder = close.map(|c| &rest[open..c]).unwrap_or(&rest[open..]);
        if !ISSUE_URL_PLACEHOLDERS.contains(&placeholder) {
            return Err(format!(
                "`{template}` holds `{placeholder}`; the placeholders are {}",
                ISSUE_URL_PLACEHOLDERS.join(", ")
            ));
        }
        rest = &rest[close.unwrap_or(rest.len())..];
    }
    Ok(())
}

/// The page of one issue: `template` with its placeholders filled in.
/// `None` unless the result is an absolute http(s) URL safe to render
/// (the template comes from the archive, which may come from elsewhere),
/// or when the template asks for a date the issue does not have in the
/// `YYYY-MM-DD` form.
pub fn issue_page_url(template: &str, issue: &Issue) -> Option<String> {
    if template.contains("{date}") && !is_iso_date(&issue.date) {
        return None;
    }
    let url = template
        .replace("{date}", &issue.date)
        .replace("{number}", &issue.number.to_string())
        .replace("{edition}", issue.edition.code());
    check_issue_url_template(&url).ok()?;
    Some(url)
}

/// The host of an http(s) URL without `www.`, for display (`github.com`).
pub fn display_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.rfind(':') {
        Some(i) if !host.ends_with(']') => &host[..i],
        _ => host,
    };
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// The same link written differently maps to one key: scheme and `www.`
/// dropped, host lower-cased, default ports, fragments, tracking
/// parameters (`utm_*`, `ref`, `spm`, `from` ...) and trailing slashes
/// removed. Used to group entries that share a link.
pub fn normalize_url(url: &str) -> String {
    // The archive's every link goes through here when the engine is
    // built: the two schemes it holds are stripped without a search (a
    // substring search is slow to set up for a three-byte needle, most of
    // all in the wasm).
    let rest = match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(rest) => rest,
        None => url.split_once("://").map_or(url, |(_, rest)| rest),
    };
    let rest = rest.split('#').next().unwrap_or(rest);
    let (authority, path_query) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = authority
        .rsplit('@')
        .next()
        .unwrap_or(authority)
        .to_ascii_lowercase();
    let host = host
        .strip_suffix(":443")
        .or_else(|| host.strip_suffix(":80"))
        .unwrap_or(&host);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let path = path.trim_end_matches('/');
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split('=').next().unwrap_or(p).to_ascii_lowercase();
            !(name.starts_with("utm_")
                || matches!(
                    name.as_str(),
                    "ref"
                        | "ref_src"
                        | "spm"
                        | "from"
                        | "source"
                        | "fbclid"
                        | "gclid"
                        | "share_source"
                        | "s"
                        | "si"
                ))
        })
        .collect();
    // Pushed, not format!(): formatting machinery is slow in the wasm.
    let mut out = String::with_capacity(host.len() + path.len() + query.len() + 1);
    out.push_str(host);
    out.push_str(path);
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Edition;

    fn issue(edition: Edition, number: u32, date: &str) -> Issue {
        Issue {
            edition,
            number,
            date: date.into(),
            title: String::new(),
            source: String::new(),
            title_only: false,
            stated_counts: Default::default(),
        }
    }

    #[test]
    fn issue_pages_fill_the_template_and_stay_http() {
        let i = issue(Edition::En, 42, "2024-03-09");
        assert_eq!(
            issue_page_url("https://pythoncat.top/posts/{date}-weekly", &i).as_deref(),
            Some("https://pythoncat.top/posts/2024-03-09-weekly")
        );
        assert_eq!(
            issue_page_url("https://example.org/{edition}/issue-{number}/", &i).as_deref(),
            Some("https://example.org/en/issue-42/")
        );
        // A date the template needs but the issue lacks: no link, not a
        // wrong one. A template without {date} does not need it.
        let undated = issue(Edition::Zh, 7, "2024-3-9");
        assert_eq!(issue_page_url("https://a.example/{date}", &undated), None);
        assert_eq!(
            issue_page_url("https://a.example/{number}", &undated).as_deref(),
            Some("https://a.example/7")
        );
        // A template from a hostile archive never yields another scheme.
        for bad in [
            "javascript:alert(1)//{date}",
            "JAVASCRIPT:alert(1)",
            "java\tscript:x",
            "data:text/html,{date}",
            "//evil.example/{date}",
            "https://a.example/{date} onclick=x",
            "https://a.example/{title}",
            "https://a.example/{date",
        ] {
            assert_eq!(issue_page_url(bad, &i), None, "{bad}");
            assert!(check_issue_url_template(bad).is_err(), "{bad}");
        }
        assert!(check_issue_url_template("https://a.example/{date}/{number}/{edition}").is_ok());
    }

    #[test]
    fn one_link_written_many_ways_normalizes_to_one_key() {
        let key = "github.com/astral-sh/uv";
        for url in [
            "https://github.com/astral-sh/uv",
            "http://www.github.com/astral-sh/uv/",
            "https://GitHub.com/astral-sh/uv#readme",
            "https://github.com/astral-sh/uv?utm_source=pythoncat&utm_medium=x",
            "https://github.com:443/astral-sh/uv?ref=weekly",
        ] {
            assert_eq!(normalize_url(url), key, "{url}");
        }
        assert_eq!(
            normalize_url("https://example.com/a?id=3&utm_campaign=z"),
            "example.com/a?id=3"
        );
        assert_ne!(
            normalize_url("https://example.com/a"),
            normalize_url("https://example.com/b")
        );
    }

    #[test]
    fn allows_only_web_and_mail_links() {
        for ok in [
            "https://example.com/a?b#c",
            "http://x.org",
            "HTTPS://EXAMPLE.COM",
            "mailto:a@b.c",
        ] {
            assert_eq!(safe_href(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "javascript\n:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "https:evil",
            "https://",
            "//example.com",
            "/relative",
            "",
            "https://exa mple.com",
            "https://example.com/\u{0}",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn shows_the_bare_host() {
        assert_eq!(
            display_host("https://www.github.com/a/b"),
            Some("github.com")
        );
        assert_eq!(
            display_host("http://user@example.org:8080/x"),
            Some("example.org")
        );
        assert_eq!(display_host("https://[::1]/x"), Some("[::1]"));
        assert_eq!(display_host("https://example.com?q=1"), Some("example.com"));
        assert_eq!(display_host("mailto:a@b.c"), None);
        assert_eq!(display_host("https:///path"), None);
    }
}
