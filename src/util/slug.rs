//! Slugs: the URL-safe form of a name.

/// Lowercase letters, digits and single dashes.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_digits_joined_by_single_dashes() {
        assert_eq!(slugify("Best-suited  apps!"), "best-suited-apps");
        assert_eq!(slugify("--Ünïcode 2--"), "ünïcode-2");
        assert_eq!(slugify("***"), "");
    }
}
