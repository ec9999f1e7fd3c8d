//! Addresses on the newsletter's own site.

use weekly_core::archive::Edition;

/// The page of one issue on the newsletter's site. Every edition's issue
/// is published at the Chinese blog's post address for its date.
pub fn issue_page_url(_edition: Edition, _number: u32, date: &str) -> Option<String> {
    let valid = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    valid.then(|| format!("https://pythoncat.top/posts/{date}-weekly"))
}
