//! Pack design and pack cost: cells, integration (modules, cell-to-pack, cell-to-body), BMS, thermal system,
//! housing and assembly.
//!
//! ```text
//! pack = cells + h·(modules + interconnect + BMS + thermal + housing) + assembly
//! h    = m_materials · material_price_factor · (packs/yr ÷ baseline packs/yr)^(−0.15)
//! ```
//!
//! Purchased hardware scales with volume as BatPaC's (1 − 0.85) rule (MARKET.md §3.2). Assembly is the pack
//! stage of the process table (module assembly only when there are modules). The hardware prices are
//! calibrated on BatPaC's NMC622 example pack (MARKET.md §3.2) for modules; cell-to-pack and cell-to-body
//! values are assumptions (`data/cost/pack.toml`).

use serde::Deserialize;

use super::cell::CellDesign;
use super::vehicle::VehicleSpec;
use crate::error::{Error, Result, check, parse_toml};

/// How cells are integrated into the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Integration {
    /// Cells in modules, modules in a pack housing.
    Modules,
    /// Cells directly in the pack housing (CATL CTP, BYD Blade).
    CellToPack,
    /// Cells in a pack whose lid is the vehicle floor (cell-to-body/chassis).
    CellToBody,
}

/// Pack thermal system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cooling {
    /// Liquid cooling plates, pump share, heater.
    Liquid,
    /// Air or passive cooling, heater only.
    Air,
}

/// A pack file (`--pack FILE`, `data/cost/packs/*.toml`). Give either `cells_in_series` and
/// `cells_in_parallel`, or `energy_kwh` and `voltage_v` (then the counts are the nearest whole numbers).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    /// Cells in series.
    pub cells_in_series: Option<u32>,
    /// Cells in parallel.
    pub cells_in_parallel: Option<u32>,
    /// Target nominal energy, kWh.
    pub energy_kwh: Option<f64>,
    /// Target nominal voltage, V.
    pub voltage_v: Option<f64>,
    /// Integration type.
    pub integration: Integration,
    /// Cells per module (modules only).
    pub cells_per_module: Option<u32>,
    /// Thermal system.
    pub cooling: Cooling,
    /// Optional vehicle to cost around the pack.
    pub vehicle: Option<VehicleSpec>,
}

impl PackSpec {
    /// Parse a pack TOML file.
    pub fn from_toml(text: &str, origin: &str) -> Result<PackSpec> {
        parse_toml(text, origin)
    }
}

/// Hardware prices of one integration type, USD 2020 at BatPaC volume.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntegrationPrices {
    /// Housing (tray, lid, seals, fasteners), per pack, USD.
    pub housing_usd_per_pack: f64,
    /// Housing, per kWh, USD/kWh.
    pub housing_usd_per_kwh: f64,
    /// Cell interconnects and conductors, per cell, USD.
    pub interconnect_usd_per_cell: f64,
    /// Module hardware (container, electronics, vent), per module, USD.
    pub module_usd_each: f64,
}

/// Thermal system prices, USD 2020 at BatPaC volume.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThermalPrices {
    /// Per pack, USD.
    pub usd_per_pack: f64,
    /// Per kWh, USD/kWh.
    pub usd_per_kwh: f64,
}

/// Pack hardware price list (`data/cost/pack.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackPrices {
    /// BMS per pack, USD.
    pub bms_usd_per_pack: f64,
    /// BMS per series cell (sensing, balancing), USD.
    pub bms_usd_per_series_cell: f64,
    /// Exponent of purchased hardware cost with volume (BatPaC: 1 − 0.85).
    pub hardware_volume_exponent: f64,
    /// Modules.
    pub modules: IntegrationPrices,
    /// Cell-to-pack.
    pub cell_to_pack: IntegrationPrices,
    /// Cell-to-body.
    pub cell_to_body: IntegrationPrices,
    /// Liquid thermal system.
    pub liquid: ThermalPrices,
    /// Air thermal system.
    pub air: ThermalPrices,
}

impl PackPrices {
    /// Check every price is ≥ 0 and the exponent in [0, 1].
    pub fn validate(&self, origin: &str) -> Result<()> {
        check::non_negative(origin, "bms_usd_per_pack", self.bms_usd_per_pack)?;
        check::non_negative(origin, "bms_usd_per_series_cell", self.bms_usd_per_series_cell)?;
        check::in_range(origin, "hardware_volume_exponent", self.hardware_volume_exponent, 0.0, 1.0)?;
        for (name, p) in
            [("modules", self.modules), ("cell_to_pack", self.cell_to_pack), ("cell_to_body", self.cell_to_body)]
        {
            check::non_negative(origin, &format!("{name}.housing_usd_per_pack"), p.housing_usd_per_pack)?;
            check::non_negative(origin, &format!("{name}.housing_usd_per_kwh"), p.housing_usd_per_kwh)?;
            check::non_negative(origin, &format!("{name}.interconnect_usd_per_cell"), p.interconnect_usd_per_cell)?;
            check::non_negative(origin, &format!("{name}.module_usd_each"), p.module_usd_each)?;
        }
        for (name, t) in [("liquid", self.liquid), ("air", self.air)] {
            check::non_negative(origin, &format!("{name}.usd_per_pack"), t.usd_per_pack)?;
            check::non_negative(origin, &format!("{name}.usd_per_kwh"), t.usd_per_kwh)?;
        }
        Ok(())
    }

    /// Prices of `integration`.
    pub fn integration(&self, integration: Integration) -> IntegrationPrices {
        match integration {
            Integration::Modules => self.modules,
            Integration::CellToPack => self.cell_to_pack,
            Integration::CellToBody => self.cell_to_body,
        }
    }

    /// Prices of `cooling`.
    pub fn thermal(&self, cooling: Cooling) -> ThermalPrices {
        match cooling {
            Cooling::Liquid => self.liquid,
            Cooling::Air => self.air,
        }
    }
}

/// A validated pack layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackDesign {
    /// Cells in series.
    pub cells_in_series: u32,
    /// Cells in parallel.
    pub cells_in_parallel: u32,
    /// Modules (0 without modules).
    pub n_modules: u32,
    /// Integration type.
    pub integration: Integration,
    /// Thermal system.
    pub cooling: Cooling,
    /// Nominal energy, kWh.
    pub energy_kwh: f64,
}

impl PackDesign {
    /// Lay out `spec` with `cell`; `origin` names the pack file in errors.
    pub fn from_spec(spec: &PackSpec, cell: &CellDesign, origin: &str) -> Result<PackDesign> {
        let (cells_in_series, cells_in_parallel) = layout(spec, cell, origin)?;
        let n_cells = cells_in_series * cells_in_parallel;
        let n_modules = match (spec.integration, spec.cells_per_module) {
            (Integration::Modules, Some(per_module)) if per_module > 0 => n_cells.div_ceil(per_module),
            (Integration::Modules, _) => {
                return Err(Error::field(
                    origin,
                    "cells_per_module",
                    "(missing or 0)",
                    "a pack with modules needs cells_per_module ≥ 1",
                ));
            }
            (_, Some(_)) => {
                return Err(Error::field(
                    origin,
                    "cells_per_module",
                    "(set)",
                    "only allowed with integration = \"modules\"",
                ));
            }
            (_, None) => 0,
        };
        Ok(PackDesign {
            cells_in_series,
            cells_in_parallel,
            n_modules,
            integration: spec.integration,
            cooling: spec.cooling,
            energy_kwh: f64::from(n_cells) * cell.energy_kwh(),
        })
    }

    /// Number of cells.
    pub fn n_cells(&self) -> u32 {
        self.cells_in_series * self.cells_in_parallel
    }
}

fn layout(spec: &PackSpec, cell: &CellDesign, origin: &str) -> Result<(u32, u32)> {
    const MAX_CELLS: u32 = 100_000;
    let counts = match (spec.cells_in_series, spec.cells_in_parallel, spec.energy_kwh, spec.voltage_v) {
        (Some(series), Some(parallel), None, None) => (series, parallel),
        (None, None, Some(energy_kwh), Some(voltage_v)) => {
            check::in_range_open_low(origin, "energy_kwh", energy_kwh, 0.0, 1000.0)?;
            check::in_range(origin, "voltage_v", voltage_v, 12.0, 1500.0)?;
            let series = (voltage_v / cell.spec().nominal_voltage_v).round().max(1.0);
            let parallel = (energy_kwh / (series * cell.energy_kwh())).round().max(1.0);
            (series as u32, parallel as u32)
        }
        _ => {
            return Err(Error::field(
                origin,
                "cells_in_series/cells_in_parallel/energy_kwh/voltage_v",
                "(inconsistent)",
                "give either cells_in_series and cells_in_parallel, or energy_kwh and voltage_v",
            ));
        }
    };
    if counts.0 == 0 || counts.1 == 0 || counts.0.saturating_mul(counts.1) > MAX_CELLS {
        let value = format!("{} × {}", counts.0, counts.1);
        return Err(Error::field(
            origin,
            "cells_in_series × cells_in_parallel",
            value,
            format!("must be in [1, {MAX_CELLS}] cells"),
        ));
    }
    Ok(counts)
}

/// Pack cost breakdown, USD per pack.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct PackCost {
    /// Nominal energy, kWh.
    pub energy_kwh: f64,
    /// Cells.
    pub cells_usd: f64,
    /// Module hardware.
    pub modules_usd: f64,
    /// Cell interconnects.
    pub interconnect_usd: f64,
    /// Battery management system.
    pub bms_usd: f64,
    /// Thermal system.
    pub thermal_usd: f64,
    /// Housing.
    pub housing_usd: f64,
    /// Module and pack assembly (labour, capital, building).
    pub assembly_usd: f64,
    /// Total.
    pub total_usd: f64,
    /// Total per kWh, USD/kWh.
    pub usd_per_kwh: f64,
}

/// Purchased pack hardware at BatPaC prices (before the hardware multiplier `h`), USD per pack, by item:
/// modules, interconnect, BMS, thermal, housing.
pub fn hardware_usd(design: &PackDesign, prices: &PackPrices) -> [f64; 5] {
    let integration = prices.integration(design.integration);
    let thermal = prices.thermal(design.cooling);
    [
        f64::from(design.n_modules) * integration.module_usd_each,
        f64::from(design.n_cells()) * integration.interconnect_usd_per_cell,
        prices.bms_usd_per_pack + f64::from(design.cells_in_series) * prices.bms_usd_per_series_cell,
        thermal.usd_per_pack + thermal.usd_per_kwh * design.energy_kwh,
        integration.housing_usd_per_pack + integration.housing_usd_per_kwh * design.energy_kwh,
    ]
}

#[cfg(test)]
mod tests {
    use super::super::builtin;
    use super::*;

    fn spec(text: &str) -> PackSpec {
        PackSpec::from_toml(text, "p.toml").unwrap()
    }

    #[test]
    fn energy_target_picks_whole_cell_counts() {
        let data = builtin::data().unwrap();
        let cell = data.cell("nmc811_lg_m50").unwrap();
        let s = spec("energy_kwh = 75.0\nvoltage_v = 350.0\nintegration = \"cell_to_pack\"\ncooling = \"liquid\"\n");
        let design = PackDesign::from_spec(&s, cell, "p.toml").unwrap();
        assert_eq!(design.cells_in_series, (350.0 / cell.spec().nominal_voltage_v).round() as u32);
        assert!((design.energy_kwh - 75.0).abs() < 0.5 * f64::from(design.cells_in_series) * cell.energy_kwh());
        assert_eq!(design.n_modules, 0);
    }

    #[test]
    fn modules_without_cells_per_module_is_refused() {
        let data = builtin::data().unwrap();
        let s = spec("cells_in_series = 96\ncells_in_parallel = 1\nintegration = \"modules\"\ncooling = \"air\"\n");
        let err = PackDesign::from_spec(&s, data.cell("nmc622_large").unwrap(), "p.toml").unwrap_err().to_string();
        assert!(err.contains("p.toml: `cells_per_module`") && err.contains("needs cells_per_module ≥ 1"), "{err}");
    }

    #[test]
    fn mixed_layout_is_refused() {
        let data = builtin::data().unwrap();
        let s = spec("cells_in_series = 96\nenergy_kwh = 50.0\nintegration = \"cell_to_pack\"\ncooling = \"air\"\n");
        let err = PackDesign::from_spec(&s, data.cell("nmc622_large").unwrap(), "p.toml").unwrap_err().to_string();
        assert!(
            err.contains("give either cells_in_series and cells_in_parallel, or energy_kwh and voltage_v"),
            "{err}"
        );
    }

    #[test]
    fn zero_cells_in_parallel_is_refused() {
        let data = builtin::data().unwrap();
        let s =
            spec("cells_in_series = 96\ncells_in_parallel = 0\nintegration = \"cell_to_pack\"\ncooling = \"air\"\n");
        let err = PackDesign::from_spec(&s, data.cell("nmc622_large").unwrap(), "p.toml").unwrap_err().to_string();
        assert!(err.contains("`cells_in_series × cells_in_parallel` = 96 × 0: must be in [1, 100000] cells"), "{err}");
    }

    #[test]
    fn unknown_key_is_a_syntax_error() {
        let err =
            PackSpec::from_toml("integration = \"modules\"\ncooling = \"air\"\ncolour = 1\n", "p.toml").unwrap_err();
        assert!(err.to_string().contains("p.toml: TOML syntax") && err.to_string().contains("colour"), "{err}");
    }
}
