//! A measured or generated time series of SOC and cell temperature, the driver's input.
//!
//! CSV columns (BLAST-Lite's names, or ampere's): `t_secs` or `time_s` (s, strictly increasing), `soc`
//! (fraction 0–1) and `T_celsius` or `temperature_degc` (cell temperature, °C, −60…100). Other columns are
//! refused so that a misspelt header does not pass silently.

use crate::error::{Error, Format, Result};

/// Largest accepted |time|, s (about 3 200 years): a series is a measurement or a generated year, and a span
/// of 1e308 s would overflow the time-proportional terms of the laws.
pub const MAX_ABS_TIME_S: f64 = 1e11;

/// Lowest and highest accepted cell temperature, °C.
pub const TEMPERATURE_RANGE_DEGC: [f64; 2] = [-60.0, 100.0];

const TIME_COLUMNS: [&str; 2] = ["t_secs", "time_s"];
const SOC_COLUMNS: [&str; 1] = ["soc"];
const TEMPERATURE_COLUMNS: [&str; 2] = ["T_celsius", "temperature_degc"];

/// A validated series: at least two samples, time strictly increasing, SOC in [0, 1], temperature in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    t_s: Vec<f64>,
    soc: Vec<f64>,
    temperature_degc: Vec<f64>,
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
        Ok(Series { t_s, soc, temperature_degc })
    }

    /// Parse CSV text (see the module doc for the columns).
    pub fn from_csv(text: &str, origin: &str) -> Result<Self> {
        let syntax =
            |e: csv::Error| Error::Syntax { origin: origin.to_owned(), format: Format::Csv, message: e.to_string() };
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let headers = reader.headers().map_err(syntax)?.clone();
        let layout = layout(&headers, origin)?;
        let (mut t_s, mut soc, mut temperature) = (Vec::new(), Vec::new(), Vec::new());
        for (record_idx, record) in reader.records().enumerate() {
            let record = record.map_err(syntax)?;
            let row = record_idx + 2;
            let cell = |idx: usize| parse_cell(&record, idx, &headers[idx], origin, row);
            t_s.push(cell(layout[0])?);
            soc.push(cell(layout[1])?);
            temperature.push(cell(layout[2])?);
        }
        Series::new(t_s, soc, temperature, origin)
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
        Series { t_s, soc: self.soc.repeat(copies), temperature_degc: self.temperature_degc.repeat(copies) }
    }

    /// The series as CSV with BLAST-Lite's column names (`t_secs,soc,T_celsius`), every value written in its
    /// shortest form that reads back to the same bits, so [`Series::from_csv`] returns an equal series.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("t_secs,soc,T_celsius\n");
        for ((t_s, soc), temperature_degc) in self.t_s.iter().zip(&self.soc).zip(&self.temperature_degc) {
            out.push_str(&format!("{t_s},{soc},{temperature_degc}\n"));
        }
        out
    }

    /// Equivalent full cycles of the input SOC, `½·Σ|Δsoc|`.
    pub fn efc(&self) -> f64 {
        self.soc.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / 2.0
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

/// Column indices of time, SOC and temperature.
fn layout(headers: &csv::StringRecord, origin: &str) -> Result<[usize; 3]> {
    let known = "t_secs | time_s, soc, T_celsius | temperature_degc";
    for header in headers {
        let is_known =
            TIME_COLUMNS.contains(&header) || SOC_COLUMNS.contains(&header) || TEMPERATURE_COLUMNS.contains(&header);
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
    Ok([find(&TIME_COLUMNS)?, find(&SOC_COLUMNS)?, find(&TEMPERATURE_COLUMNS)?])
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

    #[test]
    fn refuses_unknown_columns() {
        let err = Series::from_csv("t,soc,T_celsius\n0,0.5,25\n", "x.csv").unwrap_err();
        assert!(err.to_string().contains("unknown column `t`"), "{err}");
    }
}
