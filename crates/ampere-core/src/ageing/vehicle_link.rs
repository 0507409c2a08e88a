//! The vehicle engine as the ageing scenario's source of energy use and pack size: DC energy per km over a
//! mix of drive cycles, and usable energy, from a [`Vehicle`] simulated with [`crate::sim::simulate`].
//!
//! `Wh/km(mix) = Σ sᵢ·Wh/kmᵢ / Σ sᵢ`, where `sᵢ` is cycle i's share of the distance driven and `Wh/kmᵢ` the
//! net DC consumption at the battery terminals on that cycle (regeneration included) at the default ambient.
//! The range of the aged pack then scales the new usable energy by q (see [`crate::ageing::durability`]).

use crate::ageing::usage::{PackThermal, UsageVehicle};
use crate::cycle::DriveCycle;
use crate::error::{Error, Result};
use crate::sim::{SimOptions, simulate};
use crate::units::J_PER_KWH;
use crate::vehicle::Vehicle;

/// Energy use and usable energy of `vehicle` over `mix` (cycle and its distance share, shares > 0), with
/// the pack's thermal model `thermal` (the vehicle engine has no pack thermal parameters for ageing yet).
pub fn usage_vehicle(vehicle: &Vehicle, mix: &[(DriveCycle, f64)], thermal: PackThermal) -> Result<UsageVehicle> {
    let origin = "cycle mix";
    if mix.is_empty() {
        return Err(Error::InvalidTable { origin: origin.to_owned(), problem: "needs at least one cycle".into() });
    }
    let mut weighted = 0.0;
    let mut total_share = 0.0;
    for (cycle, share) in mix {
        crate::error::check::positive(origin, "share", *share)?;
        let summary = simulate(vehicle, cycle, &SimOptions::default()).summary;
        weighted += share * summary.wh_per_km_dc();
        total_share += share;
    }
    Ok(UsageVehicle {
        energy_per_km_wh: weighted / total_share,
        usable_energy_kwh: vehicle.battery.usable_energy_j() / J_PER_KWH,
        thermal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cycle::builtin as cycles;
    use crate::vehicle::builtin as vehicles;

    #[test]
    fn zoe_on_a_wltc_udds_mix_uses_a_plausible_energy() {
        let zoe = vehicles::load("renault_zoe_ze50_r135").unwrap();
        let mix = [(cycles::load("wltc_class3b").unwrap(), 0.7), (cycles::load("udds").unwrap(), 0.3)];
        let thermal = UsageVehicle::default().thermal;
        let v = usage_vehicle(&zoe, &mix, thermal).unwrap();
        assert!((100.0..250.0).contains(&v.energy_per_km_wh), "{}", v.energy_per_km_wh);
        assert!((40.0..60.0).contains(&v.usable_energy_kwh), "{}", v.usable_energy_kwh);
    }

    #[test]
    fn zero_share_is_refused() {
        let zoe = vehicles::load("renault_zoe_ze50_r135").unwrap();
        let mix = [(cycles::load("udds").unwrap(), 0.0)];
        let err = usage_vehicle(&zoe, &mix, UsageVehicle::default().thermal).unwrap_err();
        assert_eq!(err.to_string(), "cycle mix: `share` = 0: must be a finite number > 0");
    }
}
