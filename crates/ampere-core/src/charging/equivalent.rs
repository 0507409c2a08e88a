//! The equivalent pack of an energy-store car: the pack of its chemistry's library cell that a charging session
//! runs on, so that the cell's charge-current map (SOC, temperature) and CC-CV give the taper the energy store
//! (a flat charge-power limit) does not have.
//!
//! One method for every car, read from its file and nothing tuned per car:
//! * cell: the published chemistry (`[official] chemistry`) mapped to the library's large-format cell of that
//!   chemistry by [`proxy_cell`]; no such cell (chemistry not published, or not in the library): no pack;
//! * layout: [`series_parallel`] on the published gross energy (`[official] battery_gross_kwh`, else the
//!   store's 0–100 % energy) at the store's nominal voltage (`[battery] nominal_voltage_v`);
//! * SOC window: the store's usable energy over the pack's energy, centred in 0–100 % SOC (equal buffers at
//!   the bottom and the top), so that the displayed 0–100 % holds exactly the car's usable energy;
//! * BMS, cooling and integration: the pack defaults of a vehicle file (cell current limits, derating from
//!   45 °C, passive cooling of 10 W/K, no heater), as the ECM variants in `data/vehicles/variants/` use;
//! * the store's charge-power limit (`max_charge_power_kw`, which the reference files set to the published
//!   DC peak) stays the car's limit on the charging power.

use crate::battery::cell::builtin_cell;
use crate::battery::pack::{BmsSpec, CellRef, CoolingSpec, Integration, PackSpec};
use crate::battery::{Battery, BatteryModel, BatterySpec, EcmPack};
use crate::error::Result;
use crate::units::J_PER_KWH;
use crate::vehicle::{Vehicle, VehicleSpec};

/// The library cell standing in for a published chemistry: the large-format cell of that chemistry (LMFP →
/// `lmfp_prismatic`, LFP → `lfp_prismatic_blade`, NMC → `nmc622_large`, NCA → `nca_panasonic_18650`);
/// `None` when the text names none of them (e.g. "Li-ion (type not stated)").
pub fn proxy_cell(published_chemistry: &str) -> Option<&'static str> {
    let upper = published_chemistry.to_uppercase();
    if upper.contains("LMFP") {
        Some("lmfp_prismatic")
    } else if upper.contains("LFP") {
        Some("lfp_prismatic_blade")
    } else if upper.contains("NMC") {
        Some("nmc622_large")
    } else if upper.contains("NCA") {
        Some("nca_panasonic_18650")
    } else {
        None
    }
}

/// Series × parallel of cells of `cell_kwh` (nominal voltage `cell_v`) for a pack of `energy_kwh` at about
/// `voltage_v`: strings at the stated voltage when the energy fills at least 1.5 of them; otherwise one string
/// of as many cells as the energy holds (a small LFP pack of large cells runs at a lower voltage, as the BYD
/// Seagull's does). Either way the pack keeps the energy to within one cell (or one string).
pub fn series_parallel(energy_kwh: f64, voltage_v: f64, cell_kwh: f64, cell_v: f64) -> (u32, u32) {
    let n_cells = (energy_kwh / cell_kwh).round().max(1.0);
    let series = (voltage_v / cell_v).round().max(1.0);
    if n_cells < series * 1.5 {
        return (n_cells as u32, 1);
    }
    let parallel = (n_cells / series).round().max(1.0);
    ((n_cells / parallel).round() as u32, parallel as u32)
}

/// An energy-store car's equivalent pack and the car's limit on the charging power.
#[derive(Debug, Clone, PartialEq)]
pub struct EquivalentPack {
    /// The pack, as a battery (always [`Battery::Ecm`]).
    pub battery: Battery,
    /// Library cell name.
    pub cell: &'static str,
    /// Cells in series.
    pub n_series: u32,
    /// Cells in parallel.
    pub n_parallel: u32,
    /// The car's charge-power limit at the battery terminals (the store's), W.
    pub max_charge_power_w: f64,
}

impl EquivalentPack {
    /// The equivalent pack of the car of `spec` (validated as `vehicle`); `None` when its battery is not an
    /// energy store, or it has no nominal voltage, or its published chemistry names no library cell.
    /// `origin` names the file in errors.
    pub fn of(spec: &VehicleSpec, vehicle: &Vehicle, origin: &str) -> Result<Option<Self>> {
        let (BatterySpec::Energy(store), Battery::Energy(_)) = (&spec.battery, &vehicle.battery) else {
            return Ok(None);
        };
        let official = spec.official.as_ref();
        let (Some(cell_name), Some(voltage_v)) =
            (official.and_then(|o| o.chemistry.as_deref()).and_then(proxy_cell), store.nominal_voltage_v)
        else {
            return Ok(None);
        };
        let cell = builtin_cell(cell_name)?;
        let usable_j = vehicle.battery.usable_energy_j();
        let gross_j = official
            .and_then(|o| o.battery_gross_kwh)
            .map(|kwh| kwh * J_PER_KWH)
            .filter(|&gross_j| gross_j >= usable_j)
            .unwrap_or_else(|| vehicle.battery.total_energy_j());
        let (n_series, n_parallel) = series_parallel(
            gross_j / J_PER_KWH,
            voltage_v,
            cell.nominal_energy_j() / J_PER_KWH,
            cell.nominal_voltage_v,
        );
        let pack_spec = |min_soc: f64, max_soc: f64| PackSpec {
            cell: CellRef::Name(cell_name.to_owned()),
            series: n_series,
            parallel: n_parallel,
            // Sets mass and volume only, which a charging session does not use.
            integration: Integration::CellToPack,
            gravimetric_factor: None,
            volumetric_factor: None,
            min_soc,
            max_soc,
            bms: BmsSpec::default(),
            cooling: CoolingSpec::default(),
            heater: None,
        };
        // The pack's energy (cells × capacity × mean OCV) is known once it is built; the window follows from it.
        let full = EcmPack::from_spec(&pack_spec(0.0, 1.0), origin)?;
        let width = (usable_j / full.total_energy_j()).min(1.0);
        let min_soc = (1.0 - width) / 2.0;
        let pack = EcmPack::from_spec(&pack_spec(min_soc, min_soc + width), origin)?;
        Ok(Some(EquivalentPack {
            battery: Battery::Ecm(Box::new(pack)),
            cell: cell_name,
            n_series,
            n_parallel,
            max_charge_power_w: store.max_charge_power_kw * 1e3,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vehicle::builtin;

    #[test]
    fn published_chemistries_map_to_library_cells() {
        assert_eq!(proxy_cell("LFP (Blade)"), Some("lfp_prismatic_blade"));
        assert_eq!(proxy_cell("NMC (unconfirmed)"), Some("nmc622_large"));
        assert_eq!(proxy_cell("LMFP"), Some("lmfp_prismatic"));
        assert_eq!(proxy_cell("Li-ion (type not stated)"), None);
    }

    #[test]
    fn small_packs_of_large_cells_keep_their_energy() {
        // BYD Seagull: 30.08 kWh of 0.4416 kWh Blade cells at a stated 400 V would need 125 cells (55 kWh).
        let (s, p) = series_parallel(30.08, 400.0, 0.4416, 3.2);
        assert_eq!((s, p), (68, 1));
        // A 75 kWh pack of 0.285 kWh NMC cells at 400 V: 110 in series, 2 or 3 in parallel.
        let (s, p) = series_parallel(75.0, 400.0, 78.0 * 3.65 / 1000.0, 3.65);
        let energy = f64::from(s * p) * 78.0 * 3.65 / 1000.0;
        assert!((energy - 75.0).abs() < 1.0, "{s}s{p}p = {energy} kWh");
    }

    /// The pack's displayed 0–100 % holds the store's usable energy; the store's charge limit is kept.
    #[test]
    fn equivalent_pack_keeps_usable_energy_and_peak() {
        let spec = builtin::spec("mg4_64kwh_nmc").unwrap();
        let vehicle = Vehicle::from_spec(&spec, "mg4").unwrap();
        let eq = EquivalentPack::of(&spec, &vehicle, "mg4").unwrap().unwrap();
        assert_eq!(eq.cell, "nmc622_large");
        let usable = eq.battery.usable_energy_j() / vehicle.battery.usable_energy_j();
        assert!((usable - 1.0).abs() < 1e-9, "{usable}");
        assert_eq!(eq.max_charge_power_w, 135e3);
        let spring = builtin::spec("dacia_spring_2024").unwrap();
        let vehicle = Vehicle::from_spec(&spring, "spring").unwrap();
        assert!(EquivalentPack::of(&spring, &vehicle, "spring").unwrap().is_none());
    }
}
