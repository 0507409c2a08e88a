//! Reading a drive cycle from CSV text.
//!
//! Columns: `time_s` (required), exactly one of `speed_kmh`, `speed_mps`, `speed_mph` (required), at most one
//! of `grade` (rise/run) or `elevation_m`, and optionally `ambient_degc`. Time steps may be irregular. Every
//! problem is reported with file, row and column.

use super::DriveCycle;
use crate::error::{Error, Format, Result};
use crate::units::{MPS_PER_KMH, MPS_PER_MPH};

/// The most rows a cycle file may have (a 10 Hz trace of 11 days); beyond it the file is refused rather than
/// read into memory.
pub const MAX_ROWS: usize = 10_000_000;

const SPEED_COLUMNS: [(&str, f64); 3] = [("speed_kmh", MPS_PER_KMH), ("speed_mps", 1.0), ("speed_mph", MPS_PER_MPH)];
const KNOWN_COLUMNS: &str = "time_s, speed_kmh | speed_mps | speed_mph, grade | elevation_m, ambient_degc";

/// Which column index holds what.
struct Layout {
    time: usize,
    speed: usize,
    speed_name: &'static str,
    speed_to_mps: f64,
    grade: Option<usize>,
    elevation: Option<usize>,
    ambient: Option<usize>,
}

impl DriveCycle {
    /// Parse a cycle from CSV `text`; `origin` (usually the file path) names the cycle and appears in errors.
    pub fn from_csv(text: &str, origin: &str) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| syntax(origin, &e))?.clone();
        let layout = layout(&headers, origin)?;
        let mut columns = Columns::default();
        for (record_idx, record) in reader.records().enumerate() {
            let record = record.map_err(|e| syntax(origin, &e))?;
            if record_idx >= MAX_ROWS {
                return Err(Error::InvalidTable {
                    origin: origin.to_owned(),
                    problem: format!("more than {MAX_ROWS} rows; split the cycle or resample it"),
                });
            }
            columns.push(&record, &layout, &headers, origin, record_idx + 2)?;
        }
        if columns.time_s.is_empty() {
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem: "no data rows".into() });
        }
        let grade = match (&columns.grade, &columns.elevation_m) {
            (Some(g), _) => Some(g.clone()),
            (None, Some(z)) => Some(grade_from_elevation(&columns.time_s, &columns.speed_mps, z)),
            (None, None) => None,
        };
        DriveCycle::new(origin, columns.time_s, columns.speed_mps, grade, columns.ambient_degc)
    }
}

#[derive(Default)]
struct Columns {
    time_s: Vec<f64>,
    speed_mps: Vec<f64>,
    grade: Option<Vec<f64>>,
    elevation_m: Option<Vec<f64>>,
    ambient_degc: Option<Vec<f64>>,
}

impl Columns {
    fn push(
        &mut self,
        record: &csv::StringRecord,
        layout: &Layout,
        headers: &csv::StringRecord,
        origin: &str,
        row: usize,
    ) -> Result<()> {
        let cell = |idx: usize| parse_cell(record, idx, &headers[idx], origin, row);
        let t = cell(layout.time)?;
        if let Some(&previous) = self.time_s.last()
            && t <= previous
        {
            return Err(row_error(origin, row, "time_s", format!("{t} s is not after the previous {previous} s")));
        }
        let speed = cell(layout.speed)?;
        if speed < 0.0 {
            return Err(row_error(origin, row, layout.speed_name, format!("{speed}: speed must be ≥ 0")));
        }
        self.time_s.push(t);
        self.speed_mps.push(speed * layout.speed_to_mps);
        for (idx, column) in [
            (layout.grade, &mut self.grade),
            (layout.elevation, &mut self.elevation_m),
            (layout.ambient, &mut self.ambient_degc),
        ] {
            if let Some(idx) = idx {
                column.get_or_insert_with(Vec::new).push(cell(idx)?);
            }
        }
        Ok(())
    }
}

fn layout(headers: &csv::StringRecord, origin: &str) -> Result<Layout> {
    let mut seen: Vec<&str> = Vec::new();
    for name in headers.iter() {
        if seen.contains(&name) {
            return Err(table_error(origin, format!("column `{name}` appears twice")));
        }
        let known = name == "time_s"
            || SPEED_COLUMNS.iter().any(|(s, _)| *s == name)
            || ["grade", "elevation_m", "ambient_degc"].contains(&name);
        if !known {
            return Err(table_error(origin, format!("unknown column `{name}`; accepted columns: {KNOWN_COLUMNS}")));
        }
        seen.push(name);
    }
    let find = |name: &str| headers.iter().position(|h| h == name);
    let time = find("time_s").ok_or_else(|| table_error(origin, "missing column `time_s`".into()))?;
    let speeds: Vec<_> = SPEED_COLUMNS.iter().filter_map(|&(n, k)| find(n).map(|idx| (idx, n, k))).collect();
    let (speed, speed_name, speed_to_mps) = match speeds.as_slice() {
        [one] => *one,
        [] => return Err(table_error(origin, "missing speed column: one of speed_kmh, speed_mps, speed_mph".into())),
        _ => return Err(table_error(origin, "more than one speed column; keep exactly one".into())),
    };
    let (grade, elevation) = (find("grade"), find("elevation_m"));
    if grade.is_some() && elevation.is_some() {
        return Err(table_error(origin, "both `grade` and `elevation_m` given; keep one".into()));
    }
    Ok(Layout { time, speed, speed_name, speed_to_mps, grade, elevation, ambient: find("ambient_degc") })
}

/// Grade of each step from the elevation profile: Δz over the distance of the step (trapezoid rule).
/// While the car stands still the grade is taken as 0.
fn grade_from_elevation(time_s: &[f64], speed_mps: &[f64], elevation_m: &[f64]) -> Vec<f64> {
    let mut grade = vec![0.0; time_s.len()];
    for idx in 1..time_s.len() {
        let run_m = 0.5 * (speed_mps[idx] + speed_mps[idx - 1]) * (time_s[idx] - time_s[idx - 1]);
        if run_m > 1e-9 {
            let rise_m = elevation_m[idx] - elevation_m[idx - 1];
            // The profile gives the rise along the road (sine of the angle); convert to rise/run.
            let sine = (rise_m / run_m).clamp(-0.99, 0.99);
            grade[idx] = sine / (1.0 - sine * sine).sqrt();
        }
    }
    grade
}

fn parse_cell(record: &csv::StringRecord, idx: usize, column: &str, origin: &str, row: usize) -> Result<f64> {
    let text = record.get(idx).unwrap_or("");
    let value: f64 = text.parse().map_err(|_| row_error(origin, row, column, format!("`{text}` is not a number")))?;
    if !value.is_finite() {
        return Err(row_error(origin, row, column, format!("{value} is not a finite number")));
    }
    Ok(value)
}

fn row_error(origin: &str, row: usize, column: &str, problem: String) -> Error {
    Error::InvalidRow { origin: origin.to_owned(), row, column: column.to_owned(), problem }
}

fn table_error(origin: &str, problem: String) -> Error {
    Error::InvalidTable { origin: origin.to_owned(), problem }
}

fn syntax(origin: &str, e: &csv::Error) -> Error {
    Error::Syntax { origin: origin.to_owned(), format: Format::Csv, message: e.to_string() }
}
