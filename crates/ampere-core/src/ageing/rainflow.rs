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

/// A reversal point of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reversal {
    /// Sample index.
    pub idx: usize,
    /// The series' value there.
    pub value: f64,
    /// Total variation `Σ|x_{i+1} − x_i|` from the first sample up to this one, summed in sample order (for a
    /// SOC series, twice the equivalent full cycles). The reversal scan visits every change anyway, so the
    /// driver gets its cumulative throughput here instead of from a second pass over the samples.
    pub variation: f64,
}

/// Reversal points `(index, value)` of `series`.
pub fn reversals(series: &[f64]) -> Vec<(usize, f64)> {
    reversal_points(series).iter().map(|r| (r.idx, r.value)).collect()
}

/// Reversal points of `series`, in order (see the module doc for the convention). A plain loop rather than an
/// iterator chain: it runs over every sample of a ten-year series, and rests (a repeated value) must cost only
/// a compare. A rest adds exactly zero to the variation, so skipping it leaves the sum bit-identical to one
/// over every interval.
fn reversal_points(series: &[f64]) -> Vec<Reversal> {
    let n = series.len();
    // Room for a reversal every other sample up front: growing by doubling would copy the list a dozen times
    // over a ten-year hourly series, and pages of the reservation that are never written cost nothing.
    let mut out = Vec::with_capacity(n / 2 + 2);
    if n < 2 {
        return out;
    }
    out.push(Reversal { idx: 0, value: series[0], variation: 0.0 });
    let (mut x, mut d_last) = (series[1], series[1] - series[0]);
    let mut variation = d_last.abs();
    for (idx, &x_next) in series.iter().enumerate().skip(2) {
        if x_next == x {
            continue;
        }
        let d_next = x_next - x;
        if d_last * d_next < 0.0 {
            out.push(Reversal { idx: idx - 1, value: x, variation });
        }
        variation += d_next.abs();
        x = x_next;
        d_last = d_next;
    }
    if n > 2 {
        out.push(Reversal { idx: n - 1, value: series[n - 1], variation });
    }
    out
}

/// Calls `emit(start, end, count)` with the positions in `points` (reversals, in order) where each full and
/// half cycle starts and ends, in the order the three-point method finds them; `stack` is scratch space
/// (cleared first), so a caller can run it without allocating.
fn for_each_cycle(points: &[Reversal], stack: &mut Vec<usize>, mut emit: impl FnMut(usize, usize, f64)) {
    stack.clear();
    let mut head = 0; // Points before `head` have been counted as half cycles and dropped.
    for k in 0..points.len() {
        stack.push(k);
        while stack.len() - head >= 3 {
            let n = stack.len();
            let [x1, x2, x3] = [stack[n - 3], stack[n - 2], stack[n - 1]].map(|k| points[k].value);
            if (x3 - x2).abs() < (x2 - x1).abs() {
                break;
            }
            if n - head == 3 {
                emit(stack[head], stack[head + 1], 0.5);
                head += 1;
            } else {
                emit(stack[n - 3], stack[n - 2], 1.0);
                let last = stack[n - 1];
                stack.truncate(n - 3);
                stack.push(last);
            }
        }
    }
    for idx in head..stack.len().saturating_sub(1) {
        emit(stack[idx], stack[idx + 1], 0.5);
    }
}

/// Full and half cycles of `series`, in the order the three-point method finds them.
pub fn extract_cycles(series: &[f64]) -> Vec<Cycle> {
    let points = reversal_points(series);
    let mut cycles = Vec::new();
    for_each_cycle(&points, &mut Vec::new(), |start, end, count| {
        let (a, b) = (points[start], points[end]);
        cycles.push(Cycle {
            range: (a.value - b.value).abs(),
            mean: 0.5 * (a.value + b.value),
            count,
            start_idx: a.idx,
            end_idx: b.idx,
        });
    });
    cycles
}

/// Sorted, unique end indices of all cycles: the turning points the driver may break chunks at.
pub fn turning_points(series: &[f64]) -> Vec<usize> {
    turning_reversals(series).iter().map(|point| point.idx).collect()
}

/// The reversals where a cycle ends (the [`turning_points`]), sorted by sample and unique, with their
/// cumulative variation.
pub fn turning_reversals(series: &[f64]) -> Vec<Reversal> {
    let mut points = reversal_points(series);
    // Cycles end out of order; a flag per reversal (not per sample: a few in a hundred samples are reversals)
    // sorts and deduplicates them in O(reversals).
    let mut is_end = vec![false; points.len()];
    for_each_cycle(&points, &mut Vec::new(), |_, end, _| is_end[end] = true);
    // Filtered in place, so the kept points need no second list.
    let mut flags = is_end.into_iter();
    points.retain(|_| flags.next().unwrap_or(false));
    points
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
    fn variation_is_the_running_sum_of_steps() {
        let series = [0.5, 0.9, 0.9, 0.2, 0.8, 0.8, 0.1, 0.6, 0.3, 1.0, 1.0, 0.0, 0.4];
        for point in reversal_points(&series) {
            let running = series[..=point.idx].windows(2).fold(0.0, |sum, w| sum + (w[1] - w[0]).abs());
            assert_eq!(point.variation.to_bits(), running.to_bits(), "at {}", point.idx);
        }
    }

    #[test]
    fn two_samples_have_no_cycles() {
        assert!(extract_cycles(&[0.2, 0.8]).is_empty());
    }
}
