//! The score: who won each criterion, the running tally and the verdict,
//! all computed from the points in front matter. The types are the
//! model's ([`Scoreboard`]); this module computes them and words them.

use crate::model::Report;
pub use crate::model::{ScoreRow, Scoreboard, Verdict};

/// Adds up a report's points.
pub fn score(report: &Report) -> Scoreboard {
    let count = report.contenders.len();
    let mut running = vec![0u32; count];
    let rows = report
        .criteria
        .iter()
        .map(|criterion| {
            let points: Vec<u32> = report
                .contenders
                .iter()
                .map(|c| criterion.points_of(&c.id))
                .collect();
            for (total, p) in running.iter_mut().zip(&points) {
                *total = total.saturating_add(*p);
            }
            ScoreRow {
                winners: top(&points),
                points,
                running: running.clone(),
            }
        })
        .collect();
    let verdict = match top(&running).as_slice() {
        [winner] => Verdict::Win { winner: *winner },
        [] => Verdict::Tie {
            winners: (0..count).collect(),
        },
        several => Verdict::Tie {
            winners: several.to_vec(),
        },
    };
    Scoreboard {
        rows,
        totals: running,
        verdict,
    }
}

/// Indexes of the highest values, or none when the highest is 0.
fn top(values: &[u32]) -> Vec<usize> {
    let max = values.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return Vec::new();
    }
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| **v == max)
        .map(|(i, _)| i)
        .collect()
}

/// A score line: `Node.js 3 – 1 Python` for two contenders,
/// `Go 3 · Rust 2 · Zig 1` for more.
pub fn tally_text(names: &[&str], totals: &[u32]) -> String {
    match (names, totals) {
        ([a, b], [x, y]) => format!("{a} {x} – {y} {b}"),
        _ => names
            .iter()
            .zip(totals)
            .map(|(name, total)| format!("{name} {total}"))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// `A`, `A and B`, `A, B and C`.
pub fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_ignores_zero_and_keeps_ties() {
        assert_eq!(top(&[0, 0]), Vec::<usize>::new());
        assert_eq!(top(&[1, 0]), vec![0]);
        assert_eq!(top(&[1, 1, 0]), vec![0, 1]);
    }

    #[test]
    fn tally_reads_naturally() {
        assert_eq!(
            tally_text(&["Node.js", "Python"], &[3, 1]),
            "Node.js 3 – 1 Python"
        );
        assert_eq!(
            tally_text(&["Go", "Rust", "Zig"], &[3, 2, 1]),
            "Go 3 · Rust 2 · Zig 1"
        );
        assert_eq!(join_names(&["A", "B", "C"]), "A, B and C");
    }
}
