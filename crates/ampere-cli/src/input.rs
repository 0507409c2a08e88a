//! Resolving what the user named: a built-in name or a file path.

use std::path::Path;

use ampere_core::cycle::{DriveCycle, builtin};
use anyhow::{Context, Result};

/// Read a file to a string, naming it in the error.
pub fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))
}

/// True when `name` should be read as a file rather than looked up as a built-in name.
pub fn is_path(name: &str) -> bool {
    name.contains('/') || name.contains('\\') || name.contains('.')
}

/// A drive cycle: built-in name or CSV file.
pub fn cycle(name: &str) -> Result<DriveCycle> {
    if is_path(name) {
        let text = read_file(Path::new(name))?;
        Ok(DriveCycle::from_csv(&text, name)?)
    } else {
        Ok(builtin::load(name)?)
    }
}

/// A vehicle: built-in name or TOML file.
pub fn vehicle(name: &str) -> Result<ampere_core::vehicle::Vehicle> {
    if is_path(name) {
        let text = read_file(Path::new(name))?;
        Ok(ampere_core::vehicle::Vehicle::from_toml(&text, name)?)
    } else {
        Ok(ampere_core::vehicle::builtin::load(name)?)
    }
}

/// A cell: library name or TOML file.
pub fn cell(name: &str) -> Result<ampere_core::battery::cell::Cell> {
    use ampere_core::battery::cell::{Cell, builtin_cell};
    if is_path(name) {
        let text = read_file(Path::new(name))?;
        Ok(Cell::from_toml(&text, name)?)
    } else {
        Ok(builtin_cell(name)?)
    }
}

/// Write `columns` (name, values) as CSV to `path`.
pub fn write_csv(path: &Path, columns: &[(&str, &[f64])]) -> Result<()> {
    use std::fmt::Write as _;
    let mut text = columns.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(",");
    text.push('\n');
    let n_rows = columns.iter().map(|(_, v)| v.len()).min().unwrap_or(0);
    for row in 0..n_rows {
        let line: Vec<String> = columns.iter().map(|(_, v)| format!("{}", v[row])).collect();
        writeln!(text, "{}", line.join(",")).expect("writing to a String cannot fail");
    }
    std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
}
