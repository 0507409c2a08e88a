//! Rainflow cycle extraction (ASTM E1049-85 (2011) §5.4.4, the three-point method), used by the driver to
//! place chunk boundaries at SOC turning points.
//!
//! Reversals are the samples where the slope changes sign; on a plateau the *last* sample of the plateau is
//! the reversal, and the first and last samples count as reversals (the convention of the `rainflow` Python
//! package that BLAST-Lite 1.1.0 vendors, so that chunk boundaries fall on the same samples).

/// One counted cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cycle {
    /// Range (peak − valley), SOC fraction.
    pub range: f64,
    /// Mean of peak and valley, SOC fraction.
    pub mean: f64,
    /// 1 for a full cycle, 0.5 for a half cycle.
    pub count: f64,
    /// Sample index where the cycle starts.
    pub start_idx: usize,
    /// Sample index where the cycle ends.
    pub end_idx: usize,
}

/// Reversal points `(index, value)` of `series`.
pub fn reversals(series: &[f64]) -> Vec<(usize, f64)> {
    reversal_points(series).collect()
}

/// Reversal points `(index, value)` of `series`, lazily (see the module doc for the convention).
fn reversal_points(series: &[f64]) -> impl Iterator<Item = (usize, f64)> + '_ {
    let n = series.len();
    let first = (n >= 2).then(|| (0, series[0]));
    let last = (n > 2).then(|| (n - 1, series[n - 1]));
    let (mut x, mut d_last) = if n >= 2 { (series[1], series[1] - series[0]) } else { (0.0, 0.0) };
    let inner = series.iter().enumerate().skip(2).filter_map(move |(idx, &x_next)| {
        if x_next == x {
            return None;
        }
        let d_next = x_next - x;
        let reversal = (d_last * d_next < 0.0).then_some((idx - 1, x));
        x = x_next;
        d_last = d_next;
        reversal
    });
    first.into_iter().chain(inner).chain(last)
}

/// Calls `emit` with each full and half cycle of `series`, in the order the three-point method finds them;
/// `stack` is scratch space (cleared first), so a caller can run it without allocating.
fn for_each_cycle(series: &[f64], stack: &mut Vec<(usize, f64)>, mut emit: impl FnMut(Cycle)) {
    let cycle = |(i1, x1): (usize, f64), (i2, x2): (usize, f64), count: f64| Cycle {
        range: (x1 - x2).abs(),
        mean: 0.5 * (x1 + x2),
        count,
        start_idx: i1,
        end_idx: i2,
    };
    stack.clear();
    let mut head = 0; // Points before `head` have been counted as half cycles and dropped.
    for point in reversal_points(series) {
        stack.push(point);
        while stack.len() - head >= 3 {
            let n = stack.len();
            let (x1, x2, x3) = (stack[n - 3].1, stack[n - 2].1, stack[n - 1].1);
            if (x3 - x2).abs() < (x2 - x1).abs() {
                break;
            }
            if n - head == 3 {
                emit(cycle(stack[head], stack[head + 1], 0.5));
                head += 1;
            } else {
                emit(cycle(stack[n - 3], stack[n - 2], 1.0));
                let last = stack[n - 1];
                stack.truncate(n - 3);
                stack.push(last);
            }
        }
    }
    for idx in head..stack.len().saturating_sub(1) {
        emit(cycle(stack[idx], stack[idx + 1], 0.5));
    }
}

/// Full and half cycles of `series`, in the order the three-point method finds them.
pub fn extract_cycles(series: &[f64]) -> Vec<Cycle> {
    let mut cycles = Vec::new();
    for_each_cycle(series, &mut Vec::new(), |c| cycles.push(c));
    cycles
}

/// Sorted, unique end indices of all cycles: the turning points the driver may break chunks at.
pub fn turning_points(series: &[f64]) -> Vec<usize> {
    // Cycles end out of order; marking their ends and reading the marks back sorts and deduplicates in O(n).
    let mut is_end = vec![false; series.len()];
    for_each_cycle(series, &mut Vec::new(), |c| is_end[c.end_idx] = true);
    is_end.iter().enumerate().filter_map(|(idx, &end)| end.then_some(idx)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astm_example_counts() {
        // The ASTM E1049 example series; expected range histogram as in the standard's Table 4.
        let series = [-2.0, 1.0, -3.0, 5.0, -1.0, 3.0, -4.0, 4.0, -2.0];
        let mut counts: Vec<(f64, f64)> = Vec::new();
        for c in extract_cycles(&series) {
            match counts.iter_mut().find(|(r, _)| *r == c.range) {
                Some((_, n)) => *n += c.count,
                None => counts.push((c.range, c.count)),
            }
        }
        counts.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(counts, vec![(3.0, 0.5), (4.0, 1.5), (6.0, 0.5), (8.0, 1.0), (9.0, 0.5)]);
    }

    #[test]
    fn plateau_reversal_is_its_last_sample() {
        assert_eq!(reversals(&[0.0, 1.0, 1.0, 1.0, 0.0]), vec![(0, 0.0), (3, 1.0), (4, 0.0)]);
    }

    #[test]
    fn turning_points_are_sorted_unique_cycle_ends() {
        let series = [0.5, 0.9, 0.2, 0.8, 0.8, 0.1, 0.6, 0.3, 1.0, 0.0, 0.4];
        let mut want: Vec<usize> = extract_cycles(&series).iter().map(|c| c.end_idx).collect();
        want.sort_unstable();
        want.dedup();
        assert_eq!(turning_points(&series), want);
        assert_eq!(reversals(&series).len(), 10);
    }

    #[test]
    fn two_samples_have_no_cycles() {
        assert!(extract_cycles(&[0.2, 0.8]).is_empty());
    }
}
