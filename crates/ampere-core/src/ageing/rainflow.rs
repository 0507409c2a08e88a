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
    let mut out = Vec::new();
    for_each_reversal(series, |point| out.push(point));
    out
}

/// Calls `emit` with each reversal point `(index, value)` of `series`, in order (see the module doc for the
/// convention). A plain loop rather than an iterator chain: it runs over every sample of a ten-year series, and
/// rests (a repeated value) must cost only a compare.
fn for_each_reversal(series: &[f64], mut emit: impl FnMut((usize, f64))) {
    let n = series.len();
    if n < 2 {
        return;
    }
    emit((0, series[0]));
    let (mut x, mut d_last) = (series[1], series[1] - series[0]);
    for (idx, &x_next) in series.iter().enumerate().skip(2) {
        if x_next == x {
            continue;
        }
        let d_next = x_next - x;
        if d_last * d_next < 0.0 {
            emit((idx - 1, x));
        }
        x = x_next;
        d_last = d_next;
    }
    if n > 2 {
        emit((n - 1, series[n - 1]));
    }
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
    for_each_reversal(series, |point| {
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
    });
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
    // Cycles end out of order; one bit per sample, read back word by word, sorts and deduplicates them in O(n)
    // with a 64th of the memory of a flag per sample.
    let mut is_end = vec![0u64; series.len().div_ceil(64)];
    for_each_cycle(series, &mut Vec::new(), |c| is_end[c.end_idx / 64] |= 1 << (c.end_idx % 64));
    let mut out = Vec::new();
    for (word_idx, &word) in is_end.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            out.push(word_idx * 64 + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
    }
    out
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
