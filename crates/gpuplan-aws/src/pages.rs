//! Following a paginated list: the token of the next page, or none at the last.

/// The token to ask the next page with; `None` when `next_token` says this was the last
/// page (absent, or empty as some services send it).
pub(crate) fn next_page(next_token: Option<&str>) -> Option<String> {
    next_token
        .filter(|token| !token.is_empty())
        .map(str::to_string)
}
