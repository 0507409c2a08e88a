//! Stressors of one simulation chunk: elapsed time, equivalent full cycles, depth of discharge, C-rates and
//! time-averaged temperature and SOC, plus time averaging of per-sample rate laws.
//!
//! For samples i = a…b of a chunk (time `t_i` in s, SOC `s_i`, cell temperature `T_i` in K) and the relative
//! capacity before the chunk `q`:
//!
//! * `Δt_days = (t_b − t_a)/86 400`;
//! * `ΔEFC = q·½·Σ|s_{i+1} − s_i|` (Ah per nominal Ah);
//! * `DOD = max s − min s` over the chunk (not per rainflow cycle; BLAST-Lite 1.1.0 semantics);
//! * instantaneous rate `c_i = (s_{i+1} − s_i)/Δt_h`, set to 0 where `|c_i| < 0.01 h⁻¹` (rest);
//! * a per-sample rate law `k(T, s)` is averaged as `k̄ = trapz(k, t)/Δt` (the *rate* is averaged, so the
//!   convexity of Arrhenius terms inside a chunk is kept).
//!
//! The mean |C-rate| and the mean charge and discharge rates differ between the two driver modes:
//! [`DriverMode::BlastCompat`] reproduces BLAST-Lite's trapezoid over the shifted time axis
//! (`trapz(|c|, t[1:])/Δt`, which drops one interval and so reports 0.5 C for a 1 C 0→1→0 cycle sampled at
//! its turning points), [`DriverMode::Default`] uses the duration-weighted mean `Σ|c_i|·Δt_i/Σ Δt_i`.

use crate::ageing::driver::DriverMode;
use crate::ageing::fast_exp::exp_slice;

/// Below this |dSOC/dt| (per hour) an interval counts as rest, as in BLAST-Lite.
pub const REST_RATE_PER_H: f64 = 0.01;

/// Samples of one chunk, SOC already rescaled for energy throughput (see [`rescale_soc`]).
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    /// Sample times, s (strictly increasing).
    pub t_s: &'a [f64],
    /// SOC the model sees, fraction 0–1.
    pub soc: &'a [f64],
    /// Cell temperature, °C.
    pub temperature_degc: &'a [f64],
    /// Measured current of the samples; None: C-rates from the SOC changes.
    pub current: Option<MeasuredCurrent<'a>>,
}

/// A measured cell current over a chunk's samples and the capacity that turns it into C-rates.
#[derive(Debug, Clone, Copy)]
pub struct MeasuredCurrent<'a> {
    /// Cell current, A, positive on discharge, one value per sample.
    pub current_a: &'a [f64],
    /// Nominal capacity of the cell, Ah.
    pub capacity_ah: f64,
}

/// `2·trapz(v, t) = Σ w_i·v_i` of two columns `[a, b]` of samples at times `t_s` (s; all of length n ≥ 2)
/// with the trapezoid weights `w_i = t_{i+1} − t_{i−1}` (the first and last sample: their one interval). One
/// multiply-add per sample rather than a trapezoid per interval; both columns in one loop, so each weight is
/// computed once; the interior samples summed in four interleaved partial sums, added pairwise at the end:
/// four independent chains of additions overlap where one running sum would wait on each addition, and the
/// loop vectorises. Differs from a running trapezoid sum by rounding only.
fn trapz_sums([a, b]: [&[f64]; 2], t_s: &[f64]) -> [f64; 2] {
    let n = t_s.len();
    let mut acc = [[0.0; 4]; 2];
    let (a_rows, b_rows) = (a[1..n - 1].chunks_exact(4), b[1..n - 1].chunks_exact(4));
    let (next, previous) = (t_s[2..n].chunks_exact(4), t_s[..n - 2].chunks_exact(4));
    let rests =
        (a_rows.remainder().iter().zip(b_rows.remainder())).zip(next.remainder().iter().zip(previous.remainder()));
    for ((a4, b4), (t_next, t_previous)) in a_rows.zip(b_rows).zip(next.zip(previous)) {
        for lane in 0..4 {
            let weight = t_next[lane] - t_previous[lane];
            acc[0][lane] += a4[lane] * weight;
            acc[1][lane] += b4[lane] * weight;
        }
    }
    for (lane, ((&a, &b), (&t_next, &t_previous))) in rests.enumerate() {
        let weight = t_next - t_previous;
        acc[0][lane] += a * weight;
        acc[1][lane] += b * weight;
    }
    let (first_weight, last_weight) = (t_s[1] - t_s[0], t_s[n - 1] - t_s[n - 2]);
    let sum = |values: &[f64], acc: [f64; 4]| {
        let ends = values[0] * first_weight + values[n - 1] * last_weight;
        ends + ((acc[0] + acc[2]) + (acc[1] + acc[3]))
    };
    [sum(a, acc[0]), sum(b, acc[1])]
}

/// `[Σ a_i, Σ b_i]`, each in four interleaved partial sums (see [`trapz_sums`]), in one loop.
fn sums([a, b]: [&[f64]; 2]) -> [f64; 2] {
    let mut acc = [[0.0; 4]; 2];
    let (a_rows, b_rows) = (a.chunks_exact(4), b.chunks_exact(4));
    let rests = a_rows.remainder().iter().zip(b_rows.remainder());
    for (a4, b4) in a_rows.zip(b_rows) {
        for lane in 0..4 {
            acc[0][lane] += a4[lane];
            acc[1][lane] += b4[lane];
        }
    }
    for (lane, (&a, &b)) in rests.enumerate() {
        acc[0][lane] += a;
        acc[1][lane] += b;
    }
    acc.map(|acc| (acc[0] + acc[2]) + (acc[1] + acc[3]))
}

/// The SOC a model sees over a chunk, written to `out`: `clamp(anchor + (s_i − anchor)·gain, 0, 1)` where
/// `anchor` is the chunk's first input SOC and `gain = 1/q` when energy throughput is conserved (1 otherwise).
/// Computed once per chunk into a reused buffer (the stressor pass and the rate laws both read it), in a
/// branch-free loop that vectorises.
pub fn rescale_soc(soc: &[f64], gain: f64, out: &mut Vec<f64>) {
    let anchor = soc[0];
    out.clear();
    out.extend(soc.iter().map(|&s| at_most(at_least(anchor + (s - anchor) * gain, 0.0), 1.0)));
}

/// `max(x, lo)` for numbers that are not NaN, as one instruction (`f64::max` also orders NaN, which costs
/// several, and inputs are validated finite).
#[inline(always)]
fn at_least(x: f64, lo: f64) -> f64 {
    if x < lo { lo } else { x }
}

/// `min(x, hi)` for numbers that are not NaN (see [`at_least`]).
#[inline(always)]
fn at_most(x: f64, hi: f64) -> f64 {
    if x > hi { hi } else { x }
}

/// The values one sample hands to a model's rate law.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// Cell temperature, K.
    pub temperature_k: f64,
    /// State of charge after rescaling, fraction 0–1.
    pub soc: f64,
}

/// The last value of a per-sample term that depends on one input only (e.g. SOC), recomputed only when that
/// input changes. SOC stays constant over rests (86 % of the hours of the commuter test profile), so the
/// SOC-only parts of a rate law (anode potential and its roots) are mostly reused; the result is bit-identical
/// to computing them every sample.
pub struct Memo<V, F> {
    last: Option<(u64, V)>,
    f: F,
}

impl<V: Copy, F: FnMut(f64) -> V> Memo<V, F> {
    /// A memo of `f`.
    pub fn new(f: F) -> Self {
        Memo { last: None, f }
    }

    /// `f(x)`, reused when `x` is bit-identical to the previous argument.
    #[inline]
    pub fn get(&mut self, x: f64) -> V {
        match self.last {
            Some((key, value)) if key == x.to_bits() => value,
            _ => {
                let value = (self.f)(x);
                self.last = Some((x.to_bits(), value));
                value
            }
        }
    }
}

/// A rate law's SOC-only terms (K values per SOC: anode potential and its roots) per distinct SOC, kept for a
/// whole run in a direct-mapped table on the SOC's bits; a slot shared by two inputs is simply recomputed, so
/// results are bit-identical to evaluating every sample. A chunk sees a few SOC levels (parked, after each
/// trip), most of them several times: the level of the chunk's first sample unscaled, so it recurs over the run,
/// the others rescaled by `1/q` (see [`rescale_soc`]), new each chunk but repeated within it. 64 slots hold a
/// chunk's levels with few collisions.
///
/// Temperature-only terms are not cached this way (they were until the seventh round of issue 4's speed work):
/// a generated usage year has thousands of distinct, unrounded temperatures, which collide in such a table
/// often enough that the misses cost more than computing the terms every sample (BENCHMARKS.md).
pub struct SocCache<const K: usize> {
    /// A fixed-size array, so the hashed index (always below its length) needs no bounds check.
    slots: [(u64, [f64; K]); SOC_SLOTS],
}

/// Slots of a [`SocCache`] (a power of two).
const SOC_SLOTS: usize = 64;

/// Marks an empty slot: a NaN pattern, never the bits of a validated input.
const EMPTY_SLOT: u64 = u64::MAX;

impl<const K: usize> Default for SocCache<K> {
    fn default() -> Self {
        SocCache { slots: [(EMPTY_SLOT, [0.0; K]); SOC_SLOTS] }
    }
}

impl<const K: usize> SocCache<K> {
    /// `f(x)`, from the table when `x` was seen before.
    #[inline]
    pub fn get(&mut self, x: f64, f: impl FnOnce(f64) -> [f64; K]) -> [f64; K] {
        let key = x.to_bits();
        // Fibonacci hashing: the top bits of key·2^64/φ spread nearby inputs over the table.
        let index = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SOC_SLOTS.trailing_zeros());
        let slot = &mut self.slots[index as usize];
        if slot.0 != key {
            *slot = (key, f(x));
        }
        slot.1
    }
}

/// Buffers of [`Chunk::time_average`] (per-sample exponents and values), reused from chunk to chunk over a
/// run so that averaging does not allocate.
#[derive(Debug, Default)]
pub struct AverageScratch {
    exponents: Vec<f64>,
    values: Vec<f64>,
}

/// The first `len` values of `buffer`, lengthened with zeros where it is shorter; never shortened.
fn grown(buffer: &mut Vec<f64>, len: usize) -> &mut [f64] {
    if buffer.len() < len {
        buffer.resize(len, 0.0);
    }
    &mut buffer[..len]
}

/// Scalar stressors of one chunk (all rates are in h⁻¹ of *nominal* capacity, i.e. already × q).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ChunkStressors {
    /// Duration, days.
    pub delta_days: f64,
    /// Equivalent full cycles in the chunk, Ah per nominal Ah.
    pub delta_efc: f64,
    /// Depth of discharge, max − min SOC (fraction).
    pub dod: f64,
    /// Mean absolute C-rate, h⁻¹ (rests included).
    pub c_rate_per_h: f64,
    /// Mean charging C-rate over charging intervals, h⁻¹ (0 if none).
    pub c_charge_per_h: f64,
    /// Mean discharging C-rate (positive) over discharging intervals, h⁻¹ (0 if none).
    pub c_discharge_per_h: f64,
    /// Highest instantaneous charging C-rate, h⁻¹.
    pub max_charge_per_h: f64,
    /// Highest instantaneous discharging C-rate, h⁻¹.
    pub max_discharge_per_h: f64,
    /// Mean cell temperature, K.
    pub mean_temperature_k: f64,
    /// Mean SOC (fraction).
    pub mean_soc: f64,
}

impl Chunk<'_> {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.t_s.len()
    }

    /// True when the chunk has no samples.
    pub fn is_empty(&self) -> bool {
        self.t_s.is_empty()
    }

    /// Time averages `trapz(·, t)/Δt` of a per-sample rate law. `law(sample)` returns exponents `x`, whose `e^x`
    /// are averaged, and plain values, averaged as they are. The exponentials of the whole chunk are taken at
    /// once ([`exp_slice`], a loop that vectorises) instead of one call per sample. `law` is called once per
    /// sample, in order (so it may keep a [`Memo`]); a one-sample chunk returns its sample's values.
    pub fn time_average<const E: usize, const P: usize>(
        &self,
        scratch: &mut AverageScratch,
        mut law: impl FnMut(Sample) -> ([f64; E], [f64; P]),
    ) -> ([f64; E], [f64; P]) {
        let n = self.len();
        // Sized first and written row by row through iterators, so the per-sample stores need neither a capacity
        // nor a bounds check; grown, never shrunk, since after a shorter chunk (the two-sample wrap) a resize
        // would clear the whole table again for the next long one (a day of samples a second apart: 10 % of
        // such a run). Rows have at least one slot so that a law without exponents or plain values (E or P = 0)
        // still gets one row per sample to zip with; only the first E (P) slots of a row are used, so the first
        // n·E (n·P) values are the rows laid end to end.
        let (exponents, values) =
            (grown(&mut scratch.exponents, n * E.max(1)), grown(&mut scratch.values, n * P.max(1)));
        let rows = exponents.chunks_exact_mut(E.max(1)).zip(values.chunks_exact_mut(P.max(1)));
        let samples = self.temperature_degc[..n].iter().zip(&self.soc[..n]);
        for ((&temperature_degc, &soc), (exponent_row, value_row)) in samples.zip(rows) {
            let (exponents, values) = law(Sample { temperature_k: temperature_degc + 273.15, soc });
            exponent_row[..E].copy_from_slice(&exponents);
            value_row[..P].copy_from_slice(&values);
        }
        exp_slice(&mut exponents[..n * E]);
        self.trapz_means(exponents, values)
    }

    /// `trapz(v_k, t)/Δt` of each column `k` of two per-sample tables, `a` with E values per sample and `b`
    /// with P (sample-major, rows of `max(E, 1)` and `max(P, 1)` slots as [`Chunk::time_average`] lays them
    /// out), summed as [`trapz_sums`] does (four partial sums per column: rows i, i+1, i+2, i+3 go to
    /// different sums). Both tables in one loop, so each trapezoid weight is computed once per sample.
    fn trapz_means<const E: usize, const P: usize>(&self, a: &[f64], b: &[f64]) -> ([f64; E], [f64; P]) {
        let n = self.len();
        let (a_width, b_width) = (E.max(1), P.max(1));
        if n < 2 {
            return (std::array::from_fn(|k| a[k]), std::array::from_fn(|k| b[k]));
        }
        let t_s = self.t_s;
        let (mut a_acc, mut b_acc) = ([[0.0; E]; 4], [[0.0; P]; 4]);
        let mut add = |lane: usize, a_row: &[f64], b_row: &[f64], weight: f64| {
            for (sum, &value) in a_acc[lane].iter_mut().zip(a_row) {
                *sum += value * weight;
            }
            for (sum, &value) in b_acc[lane].iter_mut().zip(b_row) {
                *sum += value * weight;
            }
        };
        let a_rows = a[a_width..(n - 1) * a_width].chunks_exact(4 * a_width);
        let b_rows = b[b_width..(n - 1) * b_width].chunks_exact(4 * b_width);
        let (next, previous) = (t_s[2..n].chunks_exact(4), t_s[..n - 2].chunks_exact(4));
        let rests = (a_rows.remainder().chunks_exact(a_width).zip(b_rows.remainder().chunks_exact(b_width)))
            .zip(next.remainder().iter().zip(previous.remainder()));
        for ((a4, b4), (t_next, t_previous)) in a_rows.zip(b_rows).zip(next.zip(previous)) {
            let rows = a4.chunks_exact(a_width).zip(b4.chunks_exact(b_width));
            for (lane, (a_row, b_row)) in rows.enumerate() {
                add(lane, &a_row[..E], &b_row[..P], t_next[lane] - t_previous[lane]);
            }
        }
        for (lane, ((a_row, b_row), (&t_next, &t_previous))) in rests.enumerate() {
            add(lane, &a_row[..E], &b_row[..P], t_next - t_previous);
        }
        let (first_weight, last_weight) = (t_s[1] - t_s[0], t_s[n - 1] - t_s[n - 2]);
        let duration_s = t_s[n - 1] - t_s[0];
        let mean = |table: &[f64], width: usize, acc: [f64; 4], k: usize| {
            let ends = table[k] * first_weight + table[(n - 1) * width + k] * last_weight;
            0.5 * (ends + ((acc[0] + acc[2]) + (acc[1] + acc[3]))) / duration_s
        };
        (
            std::array::from_fn(|k| mean(a, a_width, a_acc.map(|lane| lane[k]), k)),
            std::array::from_fn(|k| mean(b, b_width, b_acc.map(|lane| lane[k]), k)),
        )
    }

    /// Scalar stressors of the chunk for relative capacity `q` before it. The default mode takes the C-rates
    /// from a measured current where the chunk has one; blast-compat, as BLAST-Lite, from the SOC only.
    pub fn stressors(&self, q: f64, mode: DriverMode) -> ChunkStressors {
        // One copy of the sample loop per mode, so that the per-sample mode branches and the sums the mode
        // does not use fold away.
        match (mode, self.current) {
            (DriverMode::BlastCompat, _) => self.stressors_in::<true>(q),
            (DriverMode::Default, None) => self.stressors_in::<false>(q),
            (DriverMode::Default, Some(current)) => self.stressors_from_current(q, current),
        }
    }

    /// Default-mode stressors of the chunk's SOC as it is (not rescaled), kept to derive those of a rescaled
    /// copy without another pass over the samples ([`UnscaledStressors::scaled`]).
    pub fn unscaled_stressors(&self) -> UnscaledStressors {
        let soc = &self.soc[..self.len()];
        // Apart from the stressor pass, which stays as it is on the path every chunk takes; this runs once per
        // chunk of a repeated series.
        let is_slow = |(ds, dt): (&[f64], &[f64])| {
            let rate = rate_per_h(ds[1] - ds[0], dt[1] - dt[0]);
            rate != 0.0 && rate.abs() < REST_RATE_PER_H
        };
        UnscaledStressors {
            base: self.stressors(1.0, DriverMode::Default),
            anchor: soc[0],
            soc_min: soc.iter().fold(soc[0], |lowest, &s| at_most(lowest, s)),
            soc_max: soc.iter().fold(soc[0], |highest, &s| at_least(highest, s)),
            has_slow_interval: soc.windows(2).zip(self.t_s.windows(2)).any(is_slow),
        }
    }

    fn stressors_in<const BLAST_COMPAT: bool>(&self, q: f64) -> ChunkStressors {
        let mode = if BLAST_COMPAT { DriverMode::BlastCompat } else { DriverMode::Default };
        let n = self.len();
        let (t_s, soc) = (self.t_s, &self.soc[..n]);
        let mut acc = Accumulator::default();
        let (mut soc_min, mut soc_max) = (soc[0], soc[0]);
        let mut idx = 1;
        while idx < n {
            // An interval without SOC change (most of them: parked hours) adds zero to every C-rate sum and
            // cannot move a maximum or the SOC range, so runs of them are skipped in a tight loop (the same to
            // the bit). The compat mode's |c| trapezoid must still see the first rest after a move (its
            // trapezoid with the move is not zero); its count and span, which would also grow, are not used.
            if !BLAST_COMPAT || acc.compat_abs.at_rest() {
                idx = next_change(soc, idx);
                if idx == n {
                    break;
                }
            }
            acc.add(soc[idx] - soc[idx - 1], t_s[idx] - t_s[idx - 1], mode);
            soc_min = at_most(soc_min, soc[idx]);
            soc_max = at_least(soc_max, soc[idx]);
            idx += 1;
        }
        // The rates of the rescaled SOC are per aged capacity: × q makes them per nominal capacity.
        self.assemble::<BLAST_COMPAT>(&acc, [soc_min, soc_max], q, q)
    }

    /// Default-mode stressors with the C-rates of a measured current: each interval's rate is `−Ī/Q`, with `Ī`
    /// the mean of its two samples' current (the trapezoid that integrates the current to charge), positive on
    /// charge as the rates from SOC changes are. SOC quantised by a battery management system (1 % steps a minute
    /// apart at 1 s sampling) then does not turn into spikes of 36 C between rests. Throughput, DOD and mean SOC
    /// still come from the SOC; every interval with current is visited, since the current flows while the SOC
    /// reading stands still.
    fn stressors_from_current(&self, q: f64, current: MeasuredCurrent<'_>) -> ChunkStressors {
        let n = self.len();
        let (t_s, soc, current_a) = (self.t_s, &self.soc[..n], &current.current_a[..n]);
        let rate_per_summed_a = -0.5 / current.capacity_ah;
        let mut acc = Accumulator::default();
        let (mut soc_min, mut soc_max) = (soc[0], soc[0]);
        for idx in 1..n {
            // A parked interval (zero current at both ends, the SOC unchanged) adds zero to every sum and moves no
            // extreme: skipping it gives the same result to the bit.
            if current_a[idx - 1] == 0.0 && current_a[idx] == 0.0 && soc[idx] == soc[idx - 1] {
                continue;
            }
            acc.abs_soc_sum += (soc[idx] - soc[idx - 1]).abs();
            let rate = (current_a[idx - 1] + current_a[idx]) * rate_per_summed_a;
            acc.add_rate(rate, t_s[idx] - t_s[idx - 1], DriverMode::Default);
            soc_min = at_most(soc_min, soc[idx]);
            soc_max = at_least(soc_max, soc[idx]);
        }
        // The current's rates are per nominal capacity already.
        self.assemble::<false>(&acc, [soc_min, soc_max], q, 1.0)
    }

    /// The stressors from a chunk's accumulated sums, SOC range, `q` (for ΔEFC) and the factor that turns the
    /// accumulated C-rates into rates per nominal capacity.
    fn assemble<const BLAST_COMPAT: bool>(
        &self,
        acc: &Accumulator,
        [soc_min, soc_max]: [f64; 2],
        q: f64,
        rate_factor: f64,
    ) -> ChunkStressors {
        let mode = if BLAST_COMPAT { DriverMode::BlastCompat } else { DriverMode::Default };
        let n = self.len();
        let (t_s, soc, temperature) = (self.t_s, &self.soc[..n], &self.temperature_degc[..n]);
        let duration_s = t_s[n - 1] - t_s[0];
        let [mean_soc, mean_temperature_degc] = if !BLAST_COMPAT && duration_s > 0.0 {
            trapz_sums([soc, temperature], t_s).map(|sum| 0.5 * sum / duration_s)
        } else {
            // Sample means: BLAST-Lite's, and the default mode's for a chunk without duration.
            sums([soc, temperature]).map(|sum| sum / n as f64)
        };
        let rates = acc.rates(mode, duration_s);
        ChunkStressors {
            delta_days: duration_s / 86_400.0,
            delta_efc: q * acc.abs_soc_sum / 2.0,
            dod: soc_max - soc_min,
            c_rate_per_h: rate_factor * rates[0],
            c_charge_per_h: rate_factor * rates[1],
            c_discharge_per_h: rate_factor * rates[2],
            max_charge_per_h: rate_factor * acc.max_charge,
            max_discharge_per_h: rate_factor * acc.max_discharge,
            mean_temperature_k: mean_temperature_degc + 273.15,
            mean_soc,
        }
    }
}

/// A chunk's default-mode stressors taken once from its SOC as it is ([`Chunk::unscaled_stressors`]). With
/// energy throughput conserved, every pass over a repeated series scales the chunk's SOC swings by a new gain
/// `g = 1/q` about its first sample ([`rescale_soc`]); without clamping, ΔEFC, the C-rates and their maxima then
/// scale with `q·g`, and DOD and the mean SOC (about the first sample) with `g`, so a later pass gets its
/// stressors without going over the samples again.
#[derive(Debug, Clone, Copy)]
pub struct UnscaledStressors {
    /// Stressors of the SOC as it is, at q = 1.
    base: ChunkStressors,
    /// The chunk's first SOC, about which it is scaled.
    anchor: f64,
    soc_min: f64,
    soc_max: f64,
    /// True when an interval changes SOC more slowly than the rest threshold: scaled up, it may count as moving.
    has_slow_interval: bool,
}

impl UnscaledStressors {
    /// The stressors of the chunk's SOC scaled by `gain` about its first sample, for capacity `q` before the
    /// chunk: [`Chunk::stressors`] of the rescaled chunk, up to rounding. None where scaling does not carry over
    /// and the samples must be gone over: SOC that [`rescale_soc`] would clamp to [0, 1], a gain below 1 (a
    /// moving interval could fall under the rest threshold), or an interval slower than the threshold (it could
    /// rise above it).
    pub fn scaled(&self, q: f64, gain: f64) -> Option<ChunkStressors> {
        // The expression of `rescale_soc`, which is monotone in SOC, so the extremes map to the extremes.
        let scale = |soc: f64| self.anchor + (soc - self.anchor) * gain;
        let (lowest, highest) = (scale(self.soc_min), scale(self.soc_max));
        if gain < 1.0 || self.has_slow_interval || lowest < 0.0 || highest > 1.0 {
            return None;
        }
        let (base, rate_factor) = (&self.base, q * gain);
        Some(ChunkStressors {
            delta_days: base.delta_days,
            delta_efc: rate_factor * base.delta_efc,
            dod: highest - lowest,
            c_rate_per_h: rate_factor * base.c_rate_per_h,
            c_charge_per_h: rate_factor * base.c_charge_per_h,
            c_discharge_per_h: rate_factor * base.c_discharge_per_h,
            max_charge_per_h: rate_factor * base.max_charge_per_h,
            max_discharge_per_h: rate_factor * base.max_discharge_per_h,
            mean_temperature_k: base.mean_temperature_k,
            mean_soc: scale(base.mean_soc),
        })
    }
}

/// The SOC rate of an interval, h⁻¹, from its SOC change and its duration in s: one expression for the stressor
/// pass and the check of [`Chunk::unscaled_stressors`], so both classify an interval as rest the same way.
#[inline(always)]
fn rate_per_h(delta_soc: f64, dt_s: f64) -> f64 {
    delta_soc / (dt_s / 3600.0)
}

/// The first index `idx ≥ from` (≥ 1) where `soc` changes (`soc[idx] ≠ soc[idx − 1]`), or `soc.len()`: the
/// first sample that differs from `soc[from − 1]`. Four samples per test (`&`, not `&&`, so the four compares
/// make one branch): rests are several samples long.
fn next_change(soc: &[f64], from: usize) -> usize {
    let level = soc[from - 1];
    let mut idx = from;
    while let Some(four) = soc.get(idx..idx + 4) {
        if (four[0] != level) | (four[1] != level) | (four[2] != level) | (four[3] != level) {
            break;
        }
        idx += 4;
    }
    while idx < soc.len() && soc[idx] == level {
        idx += 1;
    }
    idx
}

/// Running sums for the C-rate averages of both modes.
#[derive(Default)]
struct Accumulator {
    abs_soc_sum: f64,
    max_charge: f64,
    max_discharge: f64,
    /// Default mode: Σ|c|·Δt, Σ c⁺·Δt, Σ Δt over charging, Σ c⁻·Δt, Σ Δt over discharging.
    weighted: [f64; 5],
    /// Compat mode: trapz over the shifted axis for |c|, and for charge and discharge subsequences.
    compat_abs: Trapz,
    compat_charge: Trapz,
    compat_discharge: Trapz,
}

/// A trapezoid sum over a subsequence, with its own cumulative time axis.
#[derive(Default)]
struct Trapz {
    previous: Option<f64>,
    integral: f64,
    span: f64,
    first: f64,
    count: usize,
}

impl Trapz {
    fn push(&mut self, value: f64, dt: f64) {
        if let Some(previous) = self.previous {
            self.integral += 0.5 * (previous + value) * dt;
            self.span += dt;
        } else {
            self.first = value;
        }
        self.previous = Some(value);
        self.count += 1;
    }

    /// True once the last value pushed is a rest (0): another rest then adds zero to the integral.
    fn at_rest(&self) -> bool {
        self.previous == Some(0.0)
    }

    /// `trapz(c, cumsum(dt))/(span)`, or the only value, or 0 (BLAST-Lite's charge/discharge mean).
    fn mean(&self) -> f64 {
        match self.count {
            0 => 0.0,
            1 => self.first,
            _ => self.integral / self.span,
        }
    }
}

impl Accumulator {
    #[inline]
    fn add(&mut self, delta_soc: f64, dt_s: f64, mode: DriverMode) {
        self.abs_soc_sum += delta_soc.abs();
        self.add_rate(rate_per_h(delta_soc, dt_s), dt_s, mode);
    }

    /// Add an interval of `dt_s` at C-rate `rate` (h⁻¹, positive on charge; below the rest threshold it counts
    /// as rest).
    #[inline(always)]
    fn add_rate(&mut self, mut rate: f64, dt_s: f64, mode: DriverMode) {
        if rate.abs() < REST_RATE_PER_H {
            rate = 0.0;
        }
        self.max_charge = at_least(self.max_charge, rate);
        self.max_discharge = at_least(self.max_discharge, -rate);
        match mode {
            DriverMode::BlastCompat => {
                self.compat_abs.push(rate.abs(), dt_s);
                if rate > 0.0 {
                    self.compat_charge.push(rate, dt_s);
                } else if rate < 0.0 {
                    self.compat_discharge.push(-rate, dt_s);
                }
            }
            DriverMode::Default => {
                self.weighted[0] += rate.abs() * dt_s;
                if rate > 0.0 {
                    self.weighted[1] += rate * dt_s;
                    self.weighted[2] += dt_s;
                } else if rate < 0.0 {
                    self.weighted[3] += -rate * dt_s;
                    self.weighted[4] += dt_s;
                }
            }
        }
    }

    /// Mean |c|, mean charge rate, mean discharge rate (h⁻¹, before × q).
    fn rates(&self, mode: DriverMode, duration_s: f64) -> [f64; 3] {
        if duration_s <= 0.0 {
            return [0.0; 3];
        }
        match mode {
            DriverMode::BlastCompat => {
                // trapz(|c|, t[1:]) skips the first interval's weight: the first value enters only with the
                // second interval's duration.
                let shifted = self.compat_abs.integral;
                [shifted / duration_s, self.compat_charge.mean(), self.compat_discharge.mean()]
            }
            DriverMode::Default => {
                let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { 0.0 };
                [
                    self.weighted[0] / duration_s,
                    ratio(self.weighted[1], self.weighted[2]),
                    ratio(self.weighted[3], self.weighted[4]),
                ]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soc_cache_is_exact_and_reuses() {
        let terms = |soc: f64| [soc.sqrt(), (soc * soc * soc).exp()];
        let mut cache = SocCache::<2>::default();
        let mut calls = 0;
        // 40 distinct levels, seen three times: recomputed only where two share a slot. Then 1 000 levels (more
        // than the slots): still exact.
        for (levels, passes) in [(40, 3), (1000, 2)] {
            for pass in 0..passes {
                for idx in 0..levels {
                    let soc = idx as f64 / levels as f64;
                    let got = cache.get(soc, |soc| {
                        calls += 1;
                        terms(soc)
                    });
                    assert_eq!(got.map(f64::to_bits), terms(soc).map(f64::to_bits), "pass {pass}, SOC {soc}");
                }
            }
            if levels == 40 {
                assert!(calls < 2 * 40, "{calls}");
            }
        }
    }

    /// A day of hourly samples from `soc` (25 values), warming through the day.
    fn day(soc: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let t_s = (0..soc.len()).map(|h| h as f64 * 3600.0).collect();
        let temperature_degc = (0..soc.len()).map(|h| 15.0 + h as f64 * 0.3).collect();
        (t_s, soc.to_vec(), temperature_degc)
    }

    fn fields(s: &ChunkStressors) -> [f64; 10] {
        [
            s.delta_days,
            s.delta_efc,
            s.dod,
            s.c_rate_per_h,
            s.c_charge_per_h,
            s.c_discharge_per_h,
            s.max_charge_per_h,
            s.max_discharge_per_h,
            s.mean_temperature_k,
            s.mean_soc,
        ]
    }

    #[test]
    fn unscaled_stressors_carry_over_to_rescaled_soc() {
        // Parked, a drive down at 10 %/h, parked, a charge up at 20 %/h, parked: the first sample is not an extreme.
        let mut soc = vec![0.6; 6];
        soc.extend([0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.5, 0.7, 0.8]);
        soc.resize(25, 0.8);
        let (t_s, soc, temperature_degc) = day(&soc);
        let input = Chunk { t_s: &t_s, soc: &soc, temperature_degc: &temperature_degc, current: None };
        let unscaled = input.unscaled_stressors();
        for gain in [1.0, 1.05, 1.3] {
            let q = 1.0 / gain;
            let mut scaled_soc = Vec::new();
            rescale_soc(&soc, gain, &mut scaled_soc);
            let want = Chunk { soc: &scaled_soc, ..input }.stressors(q, DriverMode::Default);
            let got = unscaled.scaled(q, gain).expect("no clamping, no slow interval");
            for (got, want) in fields(&got).into_iter().zip(fields(&want)) {
                assert!((got - want).abs() <= 4.0 * f64::EPSILON * want.abs(), "gain {gain}: {got} vs {want}");
            }
        }
        // 0.6 + 0.2·2.5 = 1.1 would be clamped to 1; a gain below 1 could bring a move under the rest threshold.
        assert!(unscaled.scaled(1.0 / 2.5, 2.5).is_none());
        assert!(unscaled.scaled(1.0, 0.99).is_none());
        // A move of 0.5 %/h is a rest at gain 1 but not at gain 3: the samples must be gone over.
        let mut slow = vec![0.5; 25];
        slow[12..].fill(0.495);
        let (t_s, slow, temperature_degc) = day(&slow);
        let slow_chunk = Chunk { t_s: &t_s, soc: &slow, temperature_degc: &temperature_degc, current: None };
        assert!(slow_chunk.unscaled_stressors().scaled(1.0, 1.0).is_none());
    }

    /// A cell of `capacity_ah` under a current (A, positive on discharge) sampled every `step_s` from SOC `start`,
    /// its SOC integrated by the trapezoid: the SOC the current implies exactly. Returns times and SOC.
    fn integrated(current_a: &[f64], capacity_ah: f64, step_s: f64, start: f64) -> [Vec<f64>; 2] {
        let t_s: Vec<f64> = (0..current_a.len()).map(|k| k as f64 * step_s).collect();
        let mut soc = vec![start];
        for pair in current_a.windows(2) {
            let last = soc[soc.len() - 1];
            soc.push(last - 0.5 * (pair[0] + pair[1]) * step_s / 3600.0 / capacity_ah);
        }
        [t_s, soc]
    }

    #[test]
    fn current_gives_the_rates_of_the_soc_it_implies() {
        // Parked, a 1 C discharge easing to 0.5 C, a pause, a 0.3 C charge, parked: 5 Ah, 5-minute samples.
        let mut current_a = vec![0.0; 4];
        current_a.extend([5.0, 5.0, 4.0, 2.5, 2.5, 0.0, 0.0, -1.5, -1.5, -1.5, -1.5, 0.0]);
        current_a.resize(25, 0.0);
        let [t_s, soc] = integrated(&current_a, 5.0, 300.0, 0.8);
        let current = MeasuredCurrent { current_a: &current_a, capacity_ah: 5.0 };
        let temperature_degc = vec![20.0; t_s.len()];
        for (q, gain) in [(1.0, 1.0), (0.8, 1.25)] {
            let mut scaled_soc = Vec::new();
            rescale_soc(&soc, gain, &mut scaled_soc);
            let from_soc = Chunk { t_s: &t_s, soc: &scaled_soc, temperature_degc: &temperature_degc, current: None };
            let from_current = Chunk { current: Some(current), ..from_soc };
            let (want, got) =
                (from_soc.stressors(q, DriverMode::Default), from_current.stressors(q, DriverMode::Default));
            assert!(got.c_discharge_per_h > 0.6 && got.c_charge_per_h > 0.2 && got.dod < 0.5, "{got:?}");
            for (got, want) in fields(&got).into_iter().zip(fields(&want)) {
                assert!((got - want).abs() <= 1e-12 * want.abs(), "q {q}: {got} vs {want}");
            }
            // blast-compat takes the rates from the SOC, as BLAST-Lite does.
            assert_eq!(
                from_current.stressors(q, DriverMode::BlastCompat),
                from_soc.stressors(q, DriverMode::BlastCompat)
            );
        }
    }

    #[test]
    fn current_smooths_quantised_soc() {
        // An hour at 0.5 C sampled every second, SOC read as a BMS shows it: in whole percent.
        let current_a = [2.5; 3601];
        let [t_s, exact_soc] = integrated(&current_a, 5.0, 1.0, 0.9);
        let current = MeasuredCurrent { current_a: &current_a, capacity_ah: 5.0 };
        let soc: Vec<f64> = exact_soc.iter().map(|s| (s * 100.0).round() / 100.0).collect();
        let temperature_degc = vec![20.0; t_s.len()];
        let from_soc = Chunk { t_s: &t_s, soc: &soc, temperature_degc: &temperature_degc, current: None };
        let from_current = Chunk { current: Some(current), ..from_soc };
        let (quantised, measured) =
            (from_soc.stressors(1.0, DriverMode::Default), from_current.stressors(1.0, DriverMode::Default));
        // From the SOC: 1 % in one second at each step, 36 C between rests.
        assert!((quantised.c_discharge_per_h - 36.0).abs() < 1e-9, "{quantised:?}");
        assert!((measured.c_discharge_per_h - 0.5).abs() < 1e-12 && (measured.max_discharge_per_h - 0.5).abs() < 1e-12);
        // Both count the same throughput and mean |C-rate|, which the SOC gets right over the hour.
        assert_eq!(measured.delta_efc, quantised.delta_efc);
        assert!((measured.c_rate_per_h - quantised.c_rate_per_h).abs() < 0.01, "{measured:?}");
    }

    #[test]
    fn time_average_is_the_trapezoid() {
        // Each interior row counted once, with its own weight, the ends with theirs, whatever the length (the
        // interior rows go to four partial sums, so every remainder of four is tried).
        for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 25, 3001] {
            // Uneven steps, so that a weight taken from the wrong row shows.
            let t_s: Vec<f64> = (0..n).map(|i| i as f64 * 60.0 + (i % 7) as f64 * 5.0).collect();
            let soc: Vec<f64> = (0..n).map(|i| 0.2 + 0.6 * ((i as f64) * 0.01).sin().abs()).collect();
            let temperature_degc: Vec<f64> = (0..n).map(|i| 10.0 + (i % 13) as f64).collect();
            let chunk = Chunk { t_s: &t_s, soc: &soc, temperature_degc: &temperature_degc, current: None };
            let law = |s: Sample| ([s.soc - 0.5, -2000.0 / s.temperature_k], [s.soc * s.temperature_k]);
            let mut calls = 0;
            let got = chunk.time_average(&mut AverageScratch::default(), |s| {
                calls += 1;
                law(s)
            });
            assert_eq!(calls, n);
            let value = |i: usize| {
                let ([x, y], [z]) = law(Sample { temperature_k: temperature_degc[i] + 273.15, soc: soc[i] });
                [x.exp(), y.exp(), z]
            };
            let want: [f64; 3] = if n == 1 {
                value(0)
            } else {
                let integral = (1..n).fold([0.0; 3], |acc, i| {
                    let (v0, v1) = (value(i - 1), value(i));
                    std::array::from_fn(|k| acc[k] + 0.5 * (v0[k] + v1[k]) * (t_s[i] - t_s[i - 1]))
                });
                integral.map(|v| v / (t_s[n - 1] - t_s[0]))
            };
            let got = [got.0[0], got.0[1], got.1[0]];
            for (got, want) in got.into_iter().zip(want) {
                assert!((got - want).abs() <= 1e-13 * want.abs(), "n = {n}: {got} vs {want}");
            }
        }
    }

    #[test]
    fn memo_recomputes_only_on_change() {
        let mut calls = 0;
        let mut memo = Memo::new(|x: f64| {
            calls += 1;
            x * 2.0
        });
        let got: Vec<f64> = [0.5, 0.5, 0.5, 0.25, 0.5].iter().map(|&x| memo.get(x)).collect();
        assert_eq!(got, [1.0, 1.0, 1.0, 0.5, 1.0]);
        assert_eq!(calls, 3);
    }
}
