//! Resolving what the user named: a built-in name or a file path.

use std::path::Path;

use ampere_core::cycle::{DriveCycle, builtin};
use ampere_core::vehicle::{self, Vehicle, VehicleSpec, spec::ConventionSpec};
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

/// How a command names a vehicle: built-in name, ampere TOML file or FASTSim 3 YAML file.
#[derive(clap::Args, Debug, Clone)]
pub struct VehicleArgs {
    /// Built-in vehicle name, an ampere TOML file, or a FASTSim 3 BEV YAML file.
    #[arg(long)]
    pub vehicle: String,
    /// Follow FASTSim 3.1.0's conventions (g = 9.80, fixed air density, mean-speed road load, regen
    /// efficiency at zero power, no regen fade).
    #[arg(long)]
    pub fastsim_compat: bool,
}

impl VehicleArgs {
    /// Read and validate the vehicle.
    pub fn load(&self) -> Result<Vehicle> {
        let mut spec = vehicle_spec(&self.vehicle)?;
        if self.fastsim_compat {
            spec.convention = ConventionSpec::Fastsim;
        }
        Ok(Vehicle::from_spec(&spec, &self.vehicle)?)
    }
}

/// The spec of a vehicle: built-in name, `.toml` or FASTSim `.yaml`/`.yml` file.
pub fn vehicle_spec(name: &str) -> Result<VehicleSpec> {
    if !is_path(name) {
        return Ok(vehicle::builtin::spec(name)?);
    }
    let text = read_file(Path::new(name))?;
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        Ok(ampere_core::fastsim::spec_from_yaml(&text, name)?)
    } else {
        Ok(ampere_core::error::parse_toml(&text, name)?)
    }
}
/// A cell: library name, TOML file or BPX JSON file.
pub fn cell(name: &str) -> Result<ampere_core::battery::cell::Cell> {
    Ok(ampere_core::battery::cell::Cell::from_spec(&cell_spec(name)?, name)?)
}

/// The spec of a cell: library name, TOML file or BPX JSON file (`.json`).
pub fn cell_spec(name: &str) -> Result<ampere_core::battery::cell::CellSpec> {
    use ampere_core::battery::{bpx, cell};
    if !is_path(name) {
        return Ok(cell::builtin_cell_spec(name)?);
    }
    let text = read_file(Path::new(name))?;
    if name.ends_with(".json") {
        Ok(bpx::cell_spec_from_bpx(&text, name)?)
    } else {
        Ok(ampere_core::error::parse_toml(&text, name)?)
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
