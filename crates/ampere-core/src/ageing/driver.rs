//! The time-series driver: cuts a SOC/temperature series into chunks, extracts each chunk's stressors, and
//! advances a fade law chunk by chunk, repeating the series until the horizon.
//!
//! Chunk boundaries (both modes, after BLAST-Lite 1.1.0): rainflow turning points of the SOC series; a
//! boundary is placed at a turning point once more than `max_chunk_efc` EFC have passed since the last one,
//! and at the first sample more than `max_chunk_days` after the last boundary when turning points are sparse;
//! the last sample always ends a chunk. With energy throughput conserved, each chunk's SOC swings are scaled
//! by `1/q` about its first sample (clamped to [0, 1]), so the depth of discharge grows as the cell fades.
//!
//! [`DriverMode::BlastCompat`] reproduces BLAST-Lite 1.1.0's `simulate_battery_life` exactly: chunk k covers
//! samples `b_{k−1}+1 … b_k`, so the interval between two chunks belongs to none (1 h in 25 with hourly data),
//! the series restarts from its first chunk when it runs out, and the run ends after the first chunk whose
//! accumulated time exceeds the horizon. [`DriverMode::Default`] makes chunks share their boundary sample so
//! that every interval is counted, bridges the wrap from the last sample back to the first, and uses
//! duration-weighted C-rates (see [`crate::ageing::stressors`]). Both report validity warnings.

use crate::ageing::models::{FadeLaw, Health, Validity};
use crate::ageing::rainflow::turning_reversals;
use crate::ageing::series::Series;
use crate::ageing::stressors::{
    AverageScratch, Chunk, ChunkStressors, MeasuredCurrent, UnscaledStressors, rescale_soc,
};
use crate::ageing::warnings::{ValidityWarning, WarningTracker};
use crate::error::{Error, Result, check};

/// How the driver treats the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DriverMode {
    /// Reproduce BLAST-Lite 1.1.0's driver, quirks included.
    BlastCompat,
    /// ampere's driver: contiguous chunks, duration-weighted C-rates.
    #[default]
    Default,
}

/// Options of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriverOptions {
    /// Driver mode (default: [`DriverMode::Default`]).
    pub mode: DriverMode,
    /// Horizon, years of 365 days (repeat the series until then).
    pub years: f64,
    /// Scale SOC swings by 1/q so the same energy is drawn from a faded cell (default: true).
    pub conserve_energy_throughput: bool,
    /// Multiplier on every degradation increment, e.g. a pack-versus-cell factor (default: 1).
    pub degradation_scalar: f64,
    /// Longest chunk, days (default: 1).
    pub max_chunk_days: f64,
    /// Most equivalent full cycles per chunk (default: 1).
    pub max_chunk_efc: f64,
    /// Capacity of the cell whose current a series carries (`current_a`), Ah, to turn it into C-rates; None:
    /// the ageing model's ([`crate::ageing::AgeingModel::simulate`] fills it in). Unused without a current.
    pub cell_capacity_ah: Option<f64>,
}

/// Most chunks one run may step through. Its trace holds a row of 48 bytes per chunk (480 MB at this limit);
/// ten years of hourly data take about 3 650 chunks, while a series of seconds repeated to years would take
/// billions, so a run that would exceed the limit is refused before it starts.
pub const MAX_CHUNKS: f64 = 1e7;

impl DriverOptions {
    /// Check the options: `years` in (0, 1000], `degradation_scalar` finite and ≥ 0, chunk limits > 0 (+∞ for
    /// no limit). A NaN horizon would never be reached, so it is refused rather than run.
    pub fn validate(&self) -> Result<()> {
        const ORIGIN: &str = "driver options";
        check::in_range_open_low(ORIGIN, "years", self.years, 0.0, 1000.0)?;
        check::non_negative(ORIGIN, "degradation_scalar", self.degradation_scalar)?;
        for (field, value) in [("max_chunk_days", self.max_chunk_days), ("max_chunk_efc", self.max_chunk_efc)] {
            if value.is_nan() || value <= 0.0 {
                return Err(Error::field(ORIGIN, field, value, "must be > 0 (inf for no limit)"));
            }
        }
        if let Some(capacity_ah) = self.cell_capacity_ah {
            check::positive(ORIGIN, "cell_capacity_ah", capacity_ah)?;
        }
        Ok(())
    }
}

/// Refuse a run whose chunk count (`chunks`, an estimate) exceeds [`MAX_CHUNKS`]; `what` says what repeats.
fn check_chunk_count(chunks: f64, what: impl FnOnce() -> String) -> Result<()> {
    if chunks <= MAX_CHUNKS {
        return Ok(());
    }
    Err(Error::InvalidTable {
        origin: "ageing run".to_owned(),
        problem: format!(
            "{} takes about {chunks:.3e} chunks, more than the {MAX_CHUNKS:.0e} a run may have: give a longer \
             series or a shorter horizon",
            what()
        ),
    })
}

impl Default for DriverOptions {
    fn default() -> Self {
        DriverOptions {
            mode: DriverMode::Default,
            years: 10.0,
            conserve_energy_throughput: true,
            degradation_scalar: 1.0,
            max_chunk_days: 1.0,
            max_chunk_efc: 1.0,
            cell_capacity_ah: None,
        }
    }
}

/// Health after each chunk, as columns (the first row is the new cell at t = 0).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct AgeingTrace {
    /// Elapsed (simulated) time, days.
    pub time_days: Vec<f64>,
    /// Accumulated equivalent full cycles.
    pub efc: Vec<f64>,
    /// Relative capacity, 1 = new.
    pub q: Vec<f64>,
    /// Relative resistance, 1 = new.
    pub r: Vec<f64>,
    /// Capacity lost to calendar ageing, fraction.
    pub calendar_loss: Vec<f64>,
    /// Capacity lost to cycling, fraction.
    pub cycling_loss: Vec<f64>,
}

/// The outcome of a run: the trace and the validity warnings (inputs outside what the model was fitted on).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AgeingResult {
    /// Health over time.
    pub trace: AgeingTrace,
    /// One entry per kind of excursion outside the model's tested range.
    pub warnings: Vec<ValidityWarning>,
    /// When relative capacity fell to zero or below, the elapsed days at which the run stopped there: the fit
    /// then describes no cell (a spent cell's `1/q` rescaling and throughput would be meaningless). Published fits
    /// do not get there in 50 years of the built-in usages; a user's parameters may.
    pub spent_at_days: Option<f64>,
}

impl AgeingTrace {
    fn with_capacity(n: usize) -> Self {
        let column = || Vec::with_capacity(n);
        AgeingTrace {
            time_days: column(),
            efc: column(),
            q: column(),
            r: column(),
            calendar_loss: column(),
            cycling_loss: column(),
        }
    }

    fn push(&mut self, time_days: f64, efc: f64, health: Health) {
        self.time_days.push(time_days);
        self.efc.push(efc);
        self.q.push(health.q);
        self.r.push(health.r);
        self.calendar_loss.push(health.calendar_loss);
        self.cycling_loss.push(health.cycling_loss);
    }

    /// Relative capacity at the end of the run.
    pub fn final_q(&self) -> f64 {
        self.q.last().copied().unwrap_or(1.0)
    }

    /// Relative resistance at the end of the run.
    pub fn final_r(&self) -> f64 {
        self.r.last().copied().unwrap_or(1.0)
    }
}

/// Chunk end indices of `series` (see the module doc).
pub fn breakpoints(series: &Series, max_chunk_days: f64, max_chunk_efc: f64) -> Vec<usize> {
    let (t_s, soc) = (series.t_s(), series.soc());
    let max_chunk_s = max_chunk_days * 86_400.0;
    // Samples per second over the series, for the guesses of `first_later` (no division per boundary).
    let samples_per_s = (series.len() - 1) as f64 / (t_s[series.len() - 1] - t_s[0]);
    let mut out = Vec::new();
    // (sample, EFC up to it) of the last boundary and of the last turning point passed.
    let (mut last, mut efc_last) = (0, 0.0);
    let mut previous = (0, 0.0);
    for point in turning_reversals(soc) {
        let idx = point.idx;
        // Halving is exact, so this equals the running sum of halved steps (`efc_from`) to the bit.
        let efc_idx = point.variation / 2.0;
        if t_s[idx] - t_s[last] > max_chunk_s {
            // The scan range is fixed when it starts; only the reference time moves (BLAST-Lite semantics).
            // Times increase, so `t − reference > max` switches from false to true once over the range: each
            // boundary is found by a search instead of a test per sample.
            let (mut reference_s, mut from) = (t_s[last], last);
            loop {
                let candidate = first_later(&t_s[..idx], from, reference_s, max_chunk_s, samples_per_s);
                if candidate == idx {
                    break;
                }
                out.push(candidate);
                (reference_s, from) = (t_s[candidate], candidate + 1);
            }
            if let Some(&candidate) = out.last().filter(|&&c| c != last) {
                // Summed from the nearest earlier sample whose EFC is known (the boundary lies after `last`).
                let anchor = if previous.0 <= candidate && previous.0 > last { previous } else { (last, efc_last) };
                (last, efc_last) = (candidate, efc_from(soc, anchor, candidate));
            }
        } else if efc_idx - efc_last > max_chunk_efc {
            out.push(idx);
            (last, efc_last) = (idx, efc_idx);
        }
        previous = (idx, efc_idx);
    }
    if out.last() != Some(&(series.len() - 1)) {
        out.push(series.len() - 1);
    }
    out
}

/// The first index `i ≥ from` of the increasing times `t_s` with `t_s[i] − reference_s > max_s`, or
/// `t_s.len()`. Interpolation search: a guess from the series' mean sampling rate `samples_per_s` is checked
/// with two compares and is right for regularly sampled series (hourly data), where bisection would take a
/// chain of dependent, mispredicted steps per boundary; otherwise bisection finishes on the side the guess
/// leaves.
fn first_later(t_s: &[f64], from: usize, reference_s: f64, max_s: f64, samples_per_s: f64) -> usize {
    let later = |t: f64| t - reference_s > max_s;
    let end = t_s.len();
    if from >= end {
        return end;
    }
    let steps = (reference_s + max_s - t_s[from]) * samples_per_s;
    // Saturating float-to-integer conversion: a NaN or negative guess becomes 0, a huge one the range's end.
    // At least `from + 1`, so the sample before the guess is in the range.
    let guess = from.saturating_add((steps as usize).saturating_add(1)).min(end);
    let guess_later = guess == end || later(t_s[guess]);
    if guess_later && !later(t_s[guess - 1]) {
        return guess;
    }
    if guess_later {
        from + t_s[from..guess].partition_point(|&t| !later(t))
    } else {
        guess + 1 + t_s[guess + 1..].partition_point(|&t| !later(t))
    }
}

/// Equivalent full cycles `½·Σ|Δsoc|` up to sample `idx`, from `efc` up to an earlier sample `from`: the
/// running sum of halved steps in sample order, so the value is bit-identical to summing from the first
/// sample. Turning points know theirs from the reversal scan; only day boundaries between them are summed.
fn efc_from(soc: &[f64], (from, efc): (usize, f64), idx: usize) -> f64 {
    let soc = &soc[from..=idx];
    soc.iter().zip(&soc[1..]).fold(efc, |sum, (&previous, &next)| sum + (next - previous).abs() / 2.0)
}

/// The running simulation of one cell.
struct Cell<'l, L: FadeLaw> {
    law: &'l L,
    state: L::State,
    cache: L::Cache,
    /// The current chunk's rescaled SOC (a buffer reused from chunk to chunk).
    scaled_soc: Vec<f64>,
    /// Buffers of the rate laws' time averages.
    averages: AverageScratch,
    health: Health,
    time_days: f64,
    efc: f64,
    options: DriverOptions,
    trace: AgeingTrace,
    warnings: WarningTracker,
}

impl<'l, L: FadeLaw> Cell<'l, L> {
    fn new(law: &'l L, validity: Validity, options: DriverOptions, expected_chunks: usize) -> Self {
        let state = L::State::default();
        let health = law.health(&state);
        let mut trace = AgeingTrace::with_capacity(expected_chunks + 1);
        trace.push(0.0, 0.0, health);
        let warnings = WarningTracker::new(validity);
        Cell {
            law,
            state,
            cache: L::Cache::default(),
            scaled_soc: Vec::new(),
            averages: AverageScratch::default(),
            health,
            time_days: 0.0,
            efc: 0.0,
            options,
            trace,
            warnings,
        }
    }

    /// Age the cell over one chunk of samples (`input`: SOC as the series has it), taking the stressors from
    /// `unscaled` where they carry over to this pass's rescaled SOC, else from a pass over the samples.
    fn step(&mut self, input: &Chunk<'_>, unscaled: Option<&UnscaledStressors>) {
        let q = self.health.q;
        let soc_gain = if self.options.conserve_energy_throughput { 1.0 / q } else { 1.0 };
        // Taken out of `self` while the chunk borrows it, so that `apply` may borrow `self` mutably.
        let mut scaled_soc = std::mem::take(&mut self.scaled_soc);
        rescale_soc(input.soc, soc_gain, &mut scaled_soc);
        let chunk = Chunk { soc: &scaled_soc, ..*input };
        let stressors = unscaled
            .and_then(|unscaled| unscaled.scaled(q, soc_gain))
            .unwrap_or_else(|| chunk.stressors(q, self.options.mode));
        self.apply(&chunk, &stressors);
        self.scaled_soc = scaled_soc;
    }

    fn apply(&mut self, chunk: &Chunk<'_>, stressors: &ChunkStressors) {
        self.warnings.check(stressors, self.time_days);
        let rates = self.law.rates(chunk, stressors, &mut self.cache, &mut self.averages);
        self.law.advance(&mut self.state, &rates, stressors, self.options.degradation_scalar);
        self.health = self.law.health(&self.state);
        self.time_days += stressors.delta_days;
        self.efc += stressors.delta_efc;
        self.trace.push(self.time_days, self.efc, self.health);
    }

    /// False once relative capacity is no longer positive (see [`AgeingResult::spent_at_days`]).
    fn has_capacity(&self) -> bool {
        self.health.q > 0.0
    }

    fn finish(self) -> AgeingResult {
        let spent_at_days = (!self.has_capacity()).then_some(self.time_days);
        AgeingResult { trace: self.trace, warnings: self.warnings.finish(), spent_at_days }
    }
}

/// Run `law` over `series` with `options`; refused when the options are invalid or the run would exceed
/// [`MAX_CHUNKS`].
pub fn run<L: FadeLaw>(law: &L, validity: Validity, series: &Series, options: DriverOptions) -> Result<AgeingResult> {
    options.validate()?;
    let ends = breakpoints(series, options.max_chunk_days, options.max_chunk_efc);
    let horizon_days = options.years * 365.0;
    let passes = (horizon_days / series.duration_days()).ceil() + 1.0;
    let chunks = passes * (ends.len() + 1) as f64;
    check_chunk_count(chunks, || {
        let days = series.duration_days();
        format!("repeating a series of {days:.3e} days in {} chunks to {} years", ends.len(), options.years)
    })?;
    let current = measured_current(series, &options)?;
    let mut cell = Cell::new(law, validity, options, chunks as usize);
    match options.mode {
        DriverMode::BlastCompat => run_compat(&mut cell, series, &ends, horizon_days),
        DriverMode::Default => run_default(&mut cell, series, current, &ends, horizon_days),
    }
    Ok(cell.finish())
}

/// The series' current, checked against the capacity in `options` (None without a current, and in blast-compat
/// mode, which takes its C-rates from SOC changes as BLAST-Lite does).
fn measured_current<'s>(series: &'s Series, options: &DriverOptions) -> Result<Option<MeasuredCurrent<'s>>> {
    let Some(current_a) = series.current_a().filter(|_| options.mode == DriverMode::Default) else {
        return Ok(None);
    };
    let capacity_ah = options.cell_capacity_ah.ok_or_else(|| {
        Error::field(
            "driver options",
            "cell_capacity_ah",
            "none",
            "a series with `current_a` needs its cell's capacity, Ah",
        )
    })?;
    series.check_current(capacity_ah)?;
    Ok(Some(MeasuredCurrent { current_a, capacity_ah }))
}

/// Samples `range` of `series` as a chunk, with its measured current where given.
fn chunk_of<'s>(
    series: &'s Series,
    current: Option<MeasuredCurrent<'s>>,
    range: std::ops::RangeInclusive<usize>,
) -> Chunk<'s> {
    let (t_s, soc, temperature_degc) = (series.t_s(), series.soc(), series.temperature_degc());
    Chunk {
        t_s: &t_s[range.clone()],
        soc: &soc[range.clone()],
        temperature_degc: &temperature_degc[range.clone()],
        current: current.map(|current| MeasuredCurrent { current_a: &current.current_a[range], ..current }),
    }
}

fn run_compat<L: FadeLaw>(cell: &mut Cell<'_, L>, series: &Series, ends: &[usize], horizon_days: f64) {
    loop {
        let time_before_pass = cell.time_days;
        let mut start = 0;
        for &end in ends {
            cell.step(&chunk_of(series, None, start..=end), None);
            start = end + 1;
            if cell.time_days > horizon_days || !cell.has_capacity() {
                return;
            }
        }
        if cell.time_days <= time_before_pass {
            return; // A pass that adds no time would never reach the horizon.
        }
    }
}

fn run_default<L: FadeLaw>(
    cell: &mut Cell<'_, L>,
    series: &Series,
    current: Option<MeasuredCurrent<'_>>,
    ends: &[usize],
    horizon_days: f64,
) {
    let (t, s, temp) = (series.t_s(), series.soc(), series.temperature_degc());
    let n = series.len();
    // Bridge the wrap: the last sample is followed by the first one, one step later.
    let wrap_t = [t[n - 1], t[n - 1] + (t[n - 1] - t[n - 2])];
    let (wrap_soc, wrap_temperature) = ([s[n - 1], s[0]], [temp[n - 1], temp[0]]);
    let wrap_current_a = current.map(|current| [current.current_a[n - 1], current.current_a[0]]);
    let wrap = Chunk {
        t_s: &wrap_t,
        soc: &wrap_soc,
        temperature_degc: &wrap_temperature,
        current: current
            .zip(wrap_current_a.as_ref())
            .map(|(current, wrap)| MeasuredCurrent { current_a: wrap, ..current }),
    };
    // When the run goes over the series at least twice (a year repeated to ten), the stressors of each chunk's SOC
    // as the series has it (the wrap's last) are taken in the first pass: they spare the later passes a pass over
    // the samples where they carry over (`UnscaledStressors::scaled`). A series gone over once (ten years of
    // data) would only pay for keeping them. The C-rates of a measured current do not scale with the SOC, so a
    // series with a current takes the pass every time.
    let repeated = horizon_days >= 2.0 * series.duration_days() && current.is_none();
    let mut unscaled = Vec::with_capacity(if repeated { ends.len() + 1 } else { 0 });
    let mut step = |cell: &mut Cell<'_, L>, k: usize, input: &Chunk<'_>| {
        if !repeated {
            return cell.step(input, None);
        }
        if k == unscaled.len() {
            unscaled.push(input.unscaled_stressors());
        }
        cell.step(input, Some(&unscaled[k]));
    };
    loop {
        let mut start = 0;
        for (k, &end) in ends.iter().enumerate() {
            step(cell, k, &chunk_of(series, current, start..=end));
            start = end;
            if cell.time_days >= horizon_days || !cell.has_capacity() {
                return;
            }
        }
        step(cell, ends.len(), &wrap);
        if !cell.has_capacity() {
            return;
        }
    }
}

/// BLAST-Lite's constant-input path: stressors and rates of one `period` are computed once and the states
/// stepped by that period until accumulated EFC or time reaches `stop`. With throughput not conserved, the EFC
/// counter grows by `ΔEFC·q` while the states still advance by the first period's ΔEFC (BLAST-Lite 1.1.0
/// semantics, kept so that its published fingerprints are reproduced). Refused when the options are invalid or
/// the stop would take more than [`MAX_CHUNKS`] periods (never, for a period without cycling and an EFC stop).
pub fn run_repeating<L: FadeLaw>(
    law: &L,
    validity: Validity,
    period: &Series,
    stop: RepeatStop,
    options: DriverOptions,
) -> Result<AgeingResult> {
    options.validate()?;
    let periods = (stop.max_days / period.duration_days()).min(stop.max_efc / period.efc());
    check_chunk_count(periods, || {
        format!("repeating a period of {:.3e} days and {:.3e} EFC until {stop:?}", period.duration_days(), period.efc())
    })?;
    let current = measured_current(period, &options)?;
    let mut cell = Cell::new(law, validity, options, periods as usize + 2);
    let mut soc = Vec::new();
    rescale_soc(period.soc(), 1.0, &mut soc);
    let chunk = Chunk { soc: &soc, ..chunk_of(period, current, 0..=period.len() - 1) };
    let stressors = chunk.stressors(1.0, options.mode);
    cell.apply(&chunk, &stressors);
    let rates = law.rates(&chunk, &stressors, &mut cell.cache, &mut cell.averages);
    while cell.efc < stop.max_efc && cell.time_days < stop.max_days && cell.has_capacity() {
        let q_before = cell.health.q;
        law.advance(&mut cell.state, &rates, &stressors, options.degradation_scalar);
        cell.health = law.health(&cell.state);
        cell.time_days += stressors.delta_days;
        let efc_factor = if options.conserve_energy_throughput { 1.0 } else { q_before };
        cell.efc += stressors.delta_efc * efc_factor;
        cell.trace.push(cell.time_days, cell.efc, cell.health);
    }
    Ok(cell.finish())
}

/// When [`run_repeating`] stops: as soon as either limit is reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepeatStop {
    /// Equivalent full cycles.
    pub max_efc: f64,
    /// Elapsed time, days.
    pub max_days: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ageing::AgeingModel;

    fn two_samples(step_s: f64, soc: [f64; 2]) -> Series {
        Series::new(vec![0.0, step_s], soc.to_vec(), vec![25.0, 25.0], "two").expect("valid")
    }

    #[test]
    fn invalid_options_are_refused_not_run() {
        let model = AgeingModel::builtin("lfp_gr_250ah_prismatic").expect("builtin");
        let series = two_samples(3600.0, [0.5, 0.6]);
        for (options, message) in [
            (DriverOptions { years: f64::NAN, ..DriverOptions::default() }, "`years` = NaN: must be in (0, 1000]"),
            (DriverOptions { max_chunk_days: 0.0, ..DriverOptions::default() }, "`max_chunk_days` = 0: must be > 0"),
            (DriverOptions { degradation_scalar: -1.0, ..DriverOptions::default() }, "`degradation_scalar` = -1"),
            (DriverOptions { cell_capacity_ah: Some(0.0), ..DriverOptions::default() }, "`cell_capacity_ah` = 0"),
        ] {
            let err = model.simulate(&series, options).expect_err("refused");
            assert!(err.to_string().contains(message), "{err}");
        }
        let no_limits = DriverOptions {
            max_chunk_days: f64::INFINITY,
            max_chunk_efc: f64::INFINITY,
            years: 0.01,
            ..DriverOptions::default()
        };
        assert!(model.simulate(&series, no_limits).is_ok());
    }

    #[test]
    fn a_current_needs_a_capacity_outside_a_model() {
        let model = AgeingModel::builtin("nmc811_grsi_lg_m50").expect("builtin");
        let series = two_samples(3600.0, [0.6, 0.5]).with_current_a(vec![0.5, 0.5], "two").expect("valid");
        let text = include_str!("../../../../data/ageing/nmc811_grsi_lg_m50.toml");
        let (_, params) = crate::ageing::models::parse_model_file(text, "lg_m50.toml").expect("valid file");
        let law = crate::ageing::models::nmc811_lgm50::Nmc811Lgm50 { params };
        let options = DriverOptions { years: 0.01, ..DriverOptions::default() };
        let err = run(&law, model.card().validity, &series, options).expect_err("no capacity");
        assert!(err.to_string().contains("needs its cell's capacity"), "{err}");
        // Through the model, its 5 Ah cell: 0.5 A is 0.1 C, as the SOC falls.
        let result = model.simulate(&series, options).expect("runs");
        assert!(result.trace.final_q() < 1.0);
    }

    #[test]
    fn a_spent_cell_stops_the_run() {
        // LFP 250 Ah without its Arrhenius offset p2 fades by e^17 more: capacity passes zero within days.
        let text =
            include_str!("../../../../data/ageing/lfp_gr_250ah_prismatic.toml").replace("p2 = -5.21e3", "p2 = 0.0");
        let model = AgeingModel::from_toml(&text, "lfp.toml").expect("valid file");
        let daily =
            Series::new(vec![0.0, 43_200.0, 86_400.0], vec![0.9, 0.3, 0.9], vec![25.0; 3], "daily").expect("valid");
        let result = model.simulate(&daily, DriverOptions { years: 1.0, ..DriverOptions::default() }).expect("runs");
        let trace = &result.trace;
        assert!(trace.q.iter().chain(&trace.r).all(|v| v.is_finite()), "{:?}", trace.q);
        assert!(trace.final_q() <= 0.0 && trace.q[..trace.q.len() - 1].iter().all(|&q| q > 0.0), "{:?}", trace.q);
        assert_eq!(result.spent_at_days, trace.time_days.last().copied());
        assert!(result.spent_at_days.expect("spent") < 30.0);
    }

    #[test]
    fn a_run_too_long_for_its_series_is_refused_before_it_starts() {
        let model = AgeingModel::builtin("nmc622_gr_denso_50ah").expect("builtin");
        // One second repeated to ten years: 3e8 passes.
        let err = model.simulate(&two_samples(1.0, [0.5, 0.6]), DriverOptions::default()).expect_err("refused");
        assert!(err.to_string().contains("more than the 1e7 a run may have"), "{err}");
        // A parked period never reaches an EFC stop.
        let parked = two_samples(86_400.0, [0.5, 0.5]);
        let stop = RepeatStop { max_efc: 1000.0, max_days: f64::INFINITY };
        assert!(model.simulate_repeating(&parked, stop, DriverOptions::default()).is_err());
        // With a time stop it runs: the new cell and one row per day.
        let stop = RepeatStop { max_efc: 1000.0, max_days: 3650.0 };
        assert_eq!(
            model.simulate_repeating(&parked, stop, DriverOptions::default()).expect("runs").trace.q.len(),
            3651
        );
    }

    #[test]
    fn first_later_agrees_with_bisection() {
        let regular: Vec<f64> = (0..200).map(|h| h as f64 * 3600.0).collect();
        // Irregular steps (1 s to about 3 h) and a long gap, so that guesses miss on both sides.
        let mut irregular = vec![0.0];
        for idx in 1..200 {
            let step = if idx == 120 { 400_000.0 } else { 1.0 + ((idx * 7919) % 97) as f64 * 111.0 };
            irregular.push(irregular[idx - 1] + step);
        }
        for t_s in [&regular, &irregular] {
            for from in [0, 1, 5, 57, 150, 198, 199] {
                for reference_s in [t_s[from], t_s[from] + 1234.5, t_s[from] - 86_400.0] {
                    for max_s in [0.0, 3600.0, 86_400.0, 1e9] {
                        let want = from + t_s[from..].partition_point(|&t| t - reference_s <= max_s);
                        for samples_per_s in [1.0 / 3600.0, 1e-3, 0.0, f64::INFINITY] {
                            let got = first_later(t_s, from, reference_s, max_s, samples_per_s);
                            assert_eq!(got, want, "{from} {reference_s} {max_s} {samples_per_s}");
                        }
                    }
                }
            }
        }
    }
}
