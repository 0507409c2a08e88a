//! Vehicles compiled into the binary, from `data/vehicles/*.toml` (each file names its sources and marks
//! its estimates).

use super::{Vehicle, VehicleSpec};
use crate::error::{Error, Result, parse_toml};

/// Names and TOML text of every built-in vehicle.
const VEHICLES: &[(&str, &str)] =
    &[("renault_zoe_ze50_r135", include_str!("../../../../data/vehicles/renault_zoe_ze50_r135.toml"))];

/// Names of the built-in vehicles.
pub fn names() -> impl Iterator<Item = &'static str> {
    VEHICLES.iter().map(|(name, _)| *name)
}

/// The spec of a built-in vehicle.
pub fn spec(name: &str) -> Result<VehicleSpec> {
    let (_, text) = VEHICLES.iter().find(|(n, _)| *n == name).ok_or_else(|| Error::UnknownName {
        kind: "vehicle",
        name: name.to_owned(),
        known: names().collect::<Vec<_>>().join(", "),
    })?;
    parse_toml(text, name)
}

/// A built-in vehicle, validated.
pub fn load(name: &str) -> Result<Vehicle> {
    Vehicle::from_spec(&spec(name)?, name)
}
