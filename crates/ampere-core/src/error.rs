//! Typed errors of the core.
//!
//! Errors are for invalid input only: a vehicle that cannot follow a trace, or a cell that hits a voltage
//! limit, is a *result* (see `sim::TraceMiss`), never an `Err`. Every variant names where the bad value came
//! from (`origin`: a file path or a built-in data name), which field or column, and what would be allowed,
//! so that the CLI can print it as is.

use std::fmt;

/// Result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while turning user input into models.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value in a spec (TOML/YAML/JSON) is outside its allowed range or inconsistent.
    #[error("{origin}: `{field}` = {value}: {allowed}")]
    InvalidField {
        /// The file or built-in name the spec came from.
        origin: String,
        /// Dotted path of the field, e.g. `road_load.drag_coefficient`.
        field: String,
        /// The offending value as written.
        value: String,
        /// What would have been accepted, e.g. "must be in (0, 2]".
        allowed: String,
    },
    /// A row of a CSV table (drive cycle, current profile, …) is not acceptable.
    #[error("{origin}: row {row}, column `{column}`: {problem}")]
    InvalidRow {
        /// The file or built-in name.
        origin: String,
        /// 1-based line number in the file (the header is line 1).
        row: usize,
        /// Column name.
        column: String,
        /// What is wrong with the value.
        problem: String,
    },
    /// A table as a whole is unusable (missing or duplicate column, empty, too large).
    #[error("{origin}: {problem}")]
    InvalidTable {
        /// The file or built-in name.
        origin: String,
        /// What is wrong.
        problem: String,
    },
    /// The text could not be parsed at all (TOML/YAML/CSV syntax, unknown key, wrong type).
    #[error("{origin}: {format} syntax: {message}")]
    Syntax {
        /// The file or built-in name.
        origin: String,
        /// `TOML`, `YAML`, `CSV` or `JSON`.
        format: Format,
        /// The parser's own message (it names line and column).
        message: String,
    },
    /// A name that is not in a built-in library (cycle, vehicle, cell …).
    #[error("unknown {kind} `{name}`; built-in ones are: {known}")]
    UnknownName {
        /// What kind of thing was looked up: "cycle", "vehicle", …
        kind: &'static str,
        /// The name asked for.
        name: String,
        /// Comma-separated list of the names that exist.
        known: String,
    },
}

/// Text formats the core parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML (ampere's own specs).
    Toml,
    /// YAML (FASTSim 3 vehicle files).
    Yaml,
    /// CSV (time series).
    Csv,
    /// JSON (BPX, results).
    Json,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
            Format::Csv => "CSV",
            Format::Json => "JSON",
        })
    }
}

impl Error {
    /// Shorthand for [`Error::InvalidField`].
    pub fn field(origin: &str, field: impl Into<String>, value: impl fmt::Display, allowed: impl Into<String>) -> Self {
        Error::InvalidField {
            origin: origin.to_owned(),
            field: field.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}

/// Find `name` in a built-in table of `(name, value)` entries; the error lists the names that exist.
pub fn lookup<'a, T>(entries: &'a [(&str, T)], kind: &'static str, name: &str) -> Result<&'a T> {
    entries.iter().find(|(n, _)| *n == name).map(|(_, value)| value).ok_or_else(|| Error::UnknownName {
        kind,
        name: name.to_owned(),
        known: entries.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
    })
}

/// Parse `text` as TOML into `T`, naming `origin` in the error.
pub fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| Error::Syntax {
        origin: origin.to_owned(),
        format: Format::Toml,
        message: e.to_string(),
    })
}

/// Checks on spec values that every module uses, so that each error names field and range the same way.
pub mod check {
    use super::{Error, Result};

    /// `value` must be finite and strictly positive.
    pub fn positive(origin: &str, field: &str, value: f64) -> Result<f64> {
        if value.is_finite() && value > 0.0 {
            Ok(value)
        } else {
            Err(Error::field(origin, field, value, "must be a finite number > 0"))
        }
    }

    /// `value` must be finite and ≥ 0.
    pub fn non_negative(origin: &str, field: &str, value: f64) -> Result<f64> {
        if value.is_finite() && value >= 0.0 {
            Ok(value)
        } else {
            Err(Error::field(origin, field, value, "must be a finite number ≥ 0"))
        }
    }

    /// `value` must be finite (any sign).
    pub fn finite(origin: &str, field: &str, value: f64) -> Result<f64> {
        if value.is_finite() { Ok(value) } else { Err(Error::field(origin, field, value, "must be a finite number")) }
    }

    /// `value` must lie in the closed interval [lo, hi].
    pub fn in_range(origin: &str, field: &str, value: f64, lo: f64, hi: f64) -> Result<f64> {
        if value.is_finite() && (lo..=hi).contains(&value) {
            Ok(value)
        } else {
            Err(Error::field(origin, field, value, format!("must be in [{lo}, {hi}]")))
        }
    }

    /// `value` must lie in the half-open interval (lo, hi].
    pub fn in_range_open_low(origin: &str, field: &str, value: f64, lo: f64, hi: f64) -> Result<f64> {
        if value.is_finite() && value > lo && value <= hi {
            Ok(value)
        } else {
            Err(Error::field(origin, field, value, format!("must be in ({lo}, {hi}]")))
        }
    }
}
