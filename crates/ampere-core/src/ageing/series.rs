//! A measured or generated time series of SOC and cell temperature, the driver's input.
//!
//! CSV columns (BLAST-Lite's names, or ampere's): `t_secs` or `time_s` (s, strictly increasing), `soc`
//! (fraction 0–1) and `T_celsius` or `temperature_degc` (cell temperature, °C, −60…100); optionally
//! `current_a` (cell current, A, positive on discharge as in PyBaMM), from which the default driver takes the
//! C-rates instead of from SOC changes (see [`crate::ageing::stressors`]). Other columns are refused so that a
//! misspelt header does not pass silently.

use crate::error::{Error, Format, Result};

/// Largest accepted |time|, s (about 3 200 years): a series is a measurement or a generated year, and a span
/// of 1e308 s would overflow the time-proportional terms of the laws.
pub const MAX_ABS_TIME_S: f64 = 1e11;

/// Largest |C-rate| a measured current may give, h⁻¹ (a full charge in 3.6 s): beyond it the column is not
/// the current of one cell of the stated capacity.
pub const MAX_CURRENT_C_RATE_PER_H: f64 = 1000.0;

/// Largest factor between the charge a measured current carries and the SOC swings of the same series.
pub const MAX_THROUGHPUT_RATIO: f64 = 2.0;

/// Lowest and highest accepted cell temperature, °C.
pub const TEMPERATURE_RANGE_DEGC: [f64; 2] = [-60.0, 100.0];

const TIME_COLUMNS: [&str; 2] = ["t_secs", "time_s"];
const SOC_COLUMNS: [&str; 1] = ["soc"];
const TEMPERATURE_COLUMNS: [&str; 2] = ["T_celsius", "temperature_degc"];
const CURRENT_COLUMN: &str = "current_a";

/// A validated series: at least two samples, time strictly increasing, SOC in [0, 1], temperature in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    t_s: Vec<f64>,
    soc: Vec<f64>,
    temperature_degc: Vec<f64>,
    current: Option<Current>,
}

/// A measured cell current (A, positive on discharge) and what checking it against a capacity needs, taken in
/// one pass when the series is built rather than in every run.
#[derive(Debug, Clone, PartialEq)]
struct Current {
    current_a: Vec<f64>,
    /// Charge the current carries, Ah: `Σ|Ī|·Δt` with `Ī` an interval's mean current.
    throughput_ah: f64,
    /// Index of the largest |current|.
    peak_idx: usize,
    /// Equivalent full cycles of the SOC ([`Series::efc`]), against which the throughput is checked in every run.
    soc_efc: f64,
}

impl Current {
    fn of(current_a: Vec<f64>, t_s: &[f64], soc: &[f64]) -> Current {
        let interval_as = |(i, t): (&[f64], &[f64])| (0.5 * (i[0] + i[1])).abs() * (t[1] - t[0]);
        let throughput_as: f64 = current_a.windows(2).zip(t_s.windows(2)).map(interval_as).sum();
        let peak_idx = (0..current_a.len())
            .fold(0, |peak, idx| if current_a[idx].abs() > current_a[peak].abs() { idx } else { peak });
        Current { current_a, throughput_ah: throughput_as / 3600.0, peak_idx, soc_efc: efc_of(soc) }
    }
}

/// Equivalent full cycles of a SOC column, `½·Σ|Δsoc|`.
fn efc_of(soc: &[f64]) -> f64 {
    soc.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / 2.0
}

impl Series {
    /// Validate columns; `origin` names the source in errors (row numbers count the CSV header as row 1).
    pub fn new(t_s: Vec<f64>, soc: Vec<f64>, temperature_degc: Vec<f64>, origin: &str) -> Result<Self> {
        if t_s.len() != soc.len() || t_s.len() != temperature_degc.len() {
            let problem =
                format!("columns differ in length ({}, {}, {})", t_s.len(), soc.len(), temperature_degc.len());
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem });
        }
        if t_s.len() < 2 {
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem: "needs at least two rows".into() });
        }
        for idx in 0..t_s.len() {
            check_row(origin, idx, &t_s, soc[idx], temperature_degc[idx])?;
        }
        Ok(Series { t_s, soc, temperature_degc, current: None })
    }

    /// The series with a measured cell current (A, positive on discharge), one value per sample. Refused, with
    /// the row or the reason named, when the length differs, a value is not finite, or the current's sign runs
    /// against the SOC: where SOC moves, `−Ī·Δsoc` (Ī the interval's mean current) must add up to more than
    /// `+Ī·Δsoc`, else the column is positive on charge.
    pub fn with_current_a(mut self, current_a: Vec<f64>, origin: &str) -> Result<Self> {
        if current_a.len() != self.len() {
            let problem = format!("`{CURRENT_COLUMN}` has {} values for {} samples", current_a.len(), self.len());
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem });
        }
        if let Some(idx) = current_a.iter().position(|i| !i.is_finite()) {
            return Err(row_error(origin, idx + 2, CURRENT_COLUMN, format!("{} must be finite", current_a[idx])));
        }
        let (mut agreeing, mut opposing) = (0.0, 0.0);
        for (i, s) in current_a.windows(2).zip(self.soc.windows(2)) {
            let product = 0.5 * (i[0] + i[1]) * (s[1] - s[0]);
            if product < 0.0 { agreeing -= product } else { opposing += product }
        }
        if opposing > agreeing {
            let problem = format!(
                "`{CURRENT_COLUMN}` is positive while SOC rises ({opposing:.3e} A·SOC against {agreeing:.3e} the \
                 other way); ampere takes the current positive on discharge (PyBaMM's convention): negate the column"
            );
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem });
        }
        self.current = Some(Current::of(current_a, &self.t_s, &self.soc));
        Ok(self)
    }

    /// Parse CSV text (see the module doc for the columns).
    pub fn from_csv(text: &str, origin: &str) -> Result<Self> {
        let syntax =
            |e: csv::Error| Error::Syntax { origin: origin.to_owned(), format: Format::Csv, message: e.to_string() };
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let headers = reader.headers().map_err(syntax)?.clone();
        let layout = layout(&headers, origin)?;
        let (mut t_s, mut soc, mut temperature, mut current) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (record_idx, record) in reader.records().enumerate() {
            let record = record.map_err(syntax)?;
            let row = record_idx + 2;
            let cell = |idx: usize| parse_cell(&record, idx, &headers[idx], origin, row);
            t_s.push(cell(layout.time)?);
            soc.push(cell(layout.soc)?);
            temperature.push(cell(layout.temperature)?);
            if let Some(idx) = layout.current {
                current.push(cell(idx)?);
            }
        }
        let series = Series::new(t_s, soc, temperature, origin)?;
        match layout.current {
            Some(_) => series.with_current_a(current, origin),
            None => Ok(series),
        }
    }

    /// Sample times, s.
    pub fn t_s(&self) -> &[f64] {
        &self.t_s
    }

    /// SOC, fraction.
    pub fn soc(&self) -> &[f64] {
        &self.soc
    }

    /// Cell temperature, °C.
    pub fn temperature_degc(&self) -> &[f64] {
        &self.temperature_degc
    }

    /// Measured cell current, A, positive on discharge (None when the series has none).
    pub fn current_a(&self) -> Option<&[f64]> {
        self.current.as_ref().map(|current| &current.current_a[..])
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.t_s.len()
    }

    /// Always false: a series has at least two samples.
    pub fn is_empty(&self) -> bool {
        self.t_s.is_empty()
    }

    /// Time from first to last sample, days.
    pub fn duration_days(&self) -> f64 {
        (self.t_s[self.len() - 1] - self.t_s[0]) / 86_400.0
    }

    /// The series repeated `copies` times back to back, each copy starting one sampling step (the last
    /// interval) after the previous one ends, as the default driver bridges the wrap; e.g. one year of hourly
    /// samples tiled to ten years. `copies` of 0 is treated as 1.
    pub fn repeated(&self, copies: usize) -> Series {
        let n = self.len();
        let period_s = self.t_s[n - 1] - self.t_s[0] + (self.t_s[n - 1] - self.t_s[n - 2]);
        let copies = copies.max(1);
        let mut t_s = Vec::with_capacity(n * copies);
        for k in 0..copies {
            t_s.extend(self.t_s.iter().map(|t| t + k as f64 * period_s));
        }
        let soc = self.soc.repeat(copies);
        let current = self.current_a().map(|current_a| Current::of(current_a.repeat(copies), &t_s, &soc));
        Series { t_s, soc, temperature_degc: self.temperature_degc.repeat(copies), current }
    }

    /// The series as CSV with BLAST-Lite's column names (`t_secs,soc,T_celsius`, and `current_a` when it has
    /// a current), every value written in its shortest form that reads back to the same bits, so
    /// [`Series::from_csv`] returns an equal series.
    pub fn to_csv(&self) -> String {
        let current_a = self.current_a();
        let mut out = String::from("t_secs,soc,T_celsius");
        out.push_str(if current_a.is_some() { ",current_a\n" } else { "\n" });
        for (idx, ((t_s, soc), temperature_degc)) in
            self.t_s.iter().zip(&self.soc).zip(&self.temperature_degc).enumerate()
        {
            out.push_str(&format!("{t_s},{soc},{temperature_degc}"));
            match current_a {
                Some(current_a) => out.push_str(&format!(",{}\n", current_a[idx])),
                None => out.push('\n'),
            }
        }
        out
    }

    /// Check the measured current (if any) against a cell of `capacity_ah`. Refused when a sample's |C-rate|
    /// (`|I|/Q`, h⁻¹) exceeds [`MAX_CURRENT_C_RATE_PER_H`] (the row of the largest is named), or when the charge the
    /// current carries and the SOC swings differ by more than a factor of [`MAX_THROUGHPUT_RATIO`] where either
    /// reaches 0.05 EFC: a pack's current, or a cell of another capacity.
    pub fn check_current(&self, capacity_ah: f64) -> Result<()> {
        let Some(current) = &self.current else { return Ok(()) };
        let peak_a = current.current_a[current.peak_idx];
        if peak_a.abs() / capacity_ah > MAX_CURRENT_C_RATE_PER_H {
            return Err(Error::field(
                "series",
                format!("{CURRENT_COLUMN} (row {})", current.peak_idx + 2),
                format!("{peak_a} A, {:.0} C for a {capacity_ah} Ah cell", peak_a.abs() / capacity_ah),
                format!("|C-rate| must be at most {MAX_CURRENT_C_RATE_PER_H} h⁻¹: is it a pack's current?"),
            ));
        }
        let (current_efc, soc_efc) = (current.throughput_ah / capacity_ah / 2.0, current.soc_efc);
        let ratio = current_efc / soc_efc;
        let comparable = current_efc.max(soc_efc) >= 0.05;
        if comparable && !(1.0 / MAX_THROUGHPUT_RATIO..=MAX_THROUGHPUT_RATIO).contains(&ratio) {
            return Err(Error::field(
                "series",
                CURRENT_COLUMN,
                format!("{current_efc:.3} EFC of charge for a {capacity_ah} Ah cell"),
                format!(
                    "must be within a factor of {MAX_THROUGHPUT_RATIO} of the {soc_efc:.3} EFC of the SOC swings: \
                     is it a pack's current, or a cell of another capacity?"
                ),
            ));
        }
        Ok(())
    }

    /// Equivalent full cycles of the input SOC, `½·Σ|Δsoc|`.
    pub fn efc(&self) -> f64 {
        efc_of(&self.soc)
    }
}

/// An [`Error::InvalidRow`] for `origin`, 1-based `row` (header = 1) and `column`.
pub(crate) fn row_error(origin: &str, row: usize, column: &str, problem: String) -> Error {
    Error::InvalidRow { origin: origin.to_owned(), row, column: column.to_owned(), problem }
}

fn check_row(origin: &str, idx: usize, t_s: &[f64], soc: f64, temperature_degc: f64) -> Result<()> {
    let bad = |column: &str, problem: String| row_error(origin, idx + 2, column, problem);
    if t_s[idx].is_nan() || t_s[idx].abs() > MAX_ABS_TIME_S {
        return Err(bad("t_secs", format!("time {:e} must be finite and within ±{MAX_ABS_TIME_S:e} s", t_s[idx])));
    }
    if idx > 0 && t_s[idx] <= t_s[idx - 1] {
        return Err(bad("t_secs", format!("time {} must be finite and greater than the row before", t_s[idx])));
    }
    if !(0.0..=1.0).contains(&soc) {
        return Err(bad("soc", format!("{soc} must be a fraction in [0, 1]")));
    }
    let [lo, hi] = TEMPERATURE_RANGE_DEGC;
    if !(lo..=hi).contains(&temperature_degc) {
        return Err(bad("T_celsius", format!("{temperature_degc} °C must be in [{lo}, {hi}]")));
    }
    Ok(())
}

/// Column indices of a series CSV.
struct Layout {
    time: usize,
    soc: usize,
    temperature: usize,
    current: Option<usize>,
}

/// Where each column is; the current's is optional.
fn layout(headers: &csv::StringRecord, origin: &str) -> Result<Layout> {
    let known = "t_secs | time_s, soc, T_celsius | temperature_degc, and optionally current_a";
    for header in headers {
        let is_known = TIME_COLUMNS.contains(&header)
            || SOC_COLUMNS.contains(&header)
            || TEMPERATURE_COLUMNS.contains(&header)
            || header == CURRENT_COLUMN;
        if !is_known {
            let problem = format!("unknown column `{header}`; the columns are {known}");
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem });
        }
    }
    let find = |names: &[&str]| {
        let found: Vec<usize> = headers.iter().enumerate().filter(|(_, h)| names.contains(h)).map(|(i, _)| i).collect();
        match found.as_slice() {
            [one] => Ok(*one),
            _ => Err(Error::InvalidTable {
                origin: origin.to_owned(),
                problem: format!("needs exactly one of the columns {}; the columns are {known}", names.join(" | ")),
            }),
        }
    };
    let current = headers.iter().any(|h| h == CURRENT_COLUMN).then(|| find(&[CURRENT_COLUMN])).transpose()?;
    Ok(Layout {
        time: find(&TIME_COLUMNS)?,
        soc: find(&SOC_COLUMNS)?,
        temperature: find(&TEMPERATURE_COLUMNS)?,
        current,
    })
}

fn parse_cell(record: &csv::StringRecord, idx: usize, column: &str, origin: &str, row: usize) -> Result<f64> {
    let text = record.get(idx).unwrap_or("");
    text.parse::<f64>().map_err(|_| Error::InvalidRow {
        origin: origin.to_owned(),
        row,
        column: column.to_owned(),
        problem: format!("`{text}` is not a number"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blast_columns() {
        let series = Series::from_csv("t_secs,soc,T_celsius\n0,0.5,25\n3600,0.4,26\n", "x.csv").unwrap();
        assert_eq!(series.len(), 2);
        assert!((series.efc() - 0.05).abs() < 1e-12);
    }

    #[test]
    fn repeated_continues_the_time_axis() {
        let series = Series::from_csv("t_secs,soc,T_celsius\n0,0.5,25\n3600,0.4,26\n7200,0.6,27\n", "x.csv").unwrap();
        let tiled = series.repeated(3);
        assert_eq!(tiled.t_s(), &[0.0, 3600.0, 7200.0, 10_800.0, 14_400.0, 18_000.0, 21_600.0, 25_200.0, 28_800.0]);
        assert_eq!(tiled.soc()[3..6], *series.soc());
        assert_eq!(tiled.temperature_degc()[6..], *series.temperature_degc());
    }

    #[test]
    fn csv_round_trips_to_the_bit() {
        let series = Series::new(
            vec![0.0, 3600.5, 7200.25],
            vec![0.1 + 0.2, 1.0 / 3.0, 1.0],
            vec![-60.0, 25.123_456_789_012_34, 100.0],
            "x",
        )
        .unwrap();
        assert_eq!(Series::from_csv(&series.to_csv(), "x.csv").unwrap(), series);
    }

    #[test]
    fn names_the_bad_row() {
        let err = Series::from_csv("time_s,soc,temperature_degc\n0,0.5,25\n3600,1.4,26\n", "x.csv").unwrap_err();
        assert_eq!(err.to_string(), "x.csv: row 3, column `soc`: 1.4 must be a fraction in [0, 1]");
    }

    #[test]
    fn refuses_times_beyond_the_bound() {
        let err = Series::from_csv("t_secs,soc,T_celsius\n0,0.5,25\n1e308,0.5,25\n", "x.csv").unwrap_err();
        assert_eq!(err.to_string(), "x.csv: row 3, column `t_secs`: time 1e308 must be finite and within ±1e11 s");
    }

    /// A 5 Ah cell discharged at 1 C for a quarter of an hour, the current ramping in and out over the quarters
    /// before and after: 0.5 SOC, as the trapezoid of the current gives.
    const WITH_CURRENT: &str =
        "t_secs,soc,T_celsius,current_a\n0,0.9,25,0\n900,0.775,25,5\n1800,0.525,25,5\n2700,0.4,25,0\n";

    #[test]
    fn reads_and_writes_a_current() {
        let series = Series::from_csv(WITH_CURRENT, "x.csv").unwrap();
        assert_eq!(series.current_a(), Some(&[0.0, 5.0, 5.0, 0.0][..]));
        assert_eq!(Series::from_csv(&series.to_csv(), "x.csv").unwrap(), series);
        assert_eq!(series.repeated(2).current_a().unwrap()[4..], [0.0, 5.0, 5.0, 0.0]);
        assert!(series.check_current(5.0).is_ok() && series.check_current(9.9).is_ok());
        assert!(Series::from_csv(&WITH_CURRENT.replace(",current_a", ""), "x.csv").is_err());
    }

    #[test]
    fn refuses_a_current_that_disagrees_with_the_soc() {
        let charge_positive = WITH_CURRENT.replace(",5\n", ",-5\n");
        let err = Series::from_csv(&charge_positive, "x.csv").unwrap_err().to_string();
        assert!(err.starts_with("x.csv: `current_a` is positive while SOC rises") && err.contains("negate"), "{err}");
        let err = Series::from_csv(&WITH_CURRENT.replace("900,0.775,25,5", "900,0.775,25,inf"), "x.csv").unwrap_err();
        assert_eq!(err.to_string(), "x.csv: row 3, column `current_a`: inf must be finite");
        let series = Series::from_csv(WITH_CURRENT, "x.csv").unwrap();
        // The current of 96 such cells in parallel, or the same current read against a 480 Ah cell.
        let err = series.check_current(480.0).unwrap_err().to_string();
        assert!(err.contains("0.003 EFC of charge for a 480 Ah cell") && err.contains("0.250 EFC"), "{err}");
        let err = series.check_current(0.004).unwrap_err().to_string();
        assert!(err.contains("current_a (row 3)") && err.contains("1250 C for a 0.004 Ah cell"), "{err}");
    }

    #[test]
    fn refuses_unknown_columns() {
        let err = Series::from_csv("t,soc,T_celsius\n0,0.5,25\n", "x.csv").unwrap_err();
        assert!(err.to_string().contains("unknown column `t`"), "{err}");
    }
}
