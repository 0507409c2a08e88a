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
