//! Line ranges as authors write them: `2,4-6`.

/// `2,4-6` → `[(2, 2), (4, 6)]`. Lines count from 1; a range may not run
/// backwards.
pub fn parse_ranges(list: &str) -> Result<Vec<(usize, usize)>, String> {
    list.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let part = part.trim();
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            match (a.trim().parse::<usize>(), b.trim().parse::<usize>()) {
                (Ok(a), Ok(b)) if a >= 1 && a <= b => Ok((a, b)),
                _ => Err(format!(
                    "`{part}` is not a line or a range of lines like 4-6"
                )),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_ranges_are_read_and_bad_ones_named() {
        assert_eq!(parse_ranges("2, 4-6,"), Ok(vec![(2, 2), (4, 6)]));
        assert!(parse_ranges("0").unwrap_err().contains("`0`"));
        assert!(parse_ranges("6-4").unwrap_err().contains("`6-4`"));
    }
}
