//! The study file (`data/studies/default.toml`, or any file given to `ampere compare`): which vehicles, the
//! cost scenario, the usage and climate for ageing, the DC charger and the assembly plant. Units are in the
//! key names; unknown keys are refused.
//!
//! ```toml
//! name = "My study"
//! scenario = "2026-eu"                 # cost price deck YEAR-REGION (data/prices/)
//!
//! [ageing]
//! usage = "commuter"                   # built-in usage profile or TOML file
//! climate = "paris"                    # built-in city, TOML or CSV file
//! years = 10.0                         # horizon of the SOH curve, 8–30
//! cycle_mix = { wltc_class3b = 1.0 }   # energy per km for ageing: cycle -> distance share
//!
//! [charging]                           # the DC charger of the 10–80 % session
//! power_kw = 350.0
//!
//! [plant]                              # vehicle cost: assembly plant and margin
//! vehicles_per_year = 150000.0
//!
//! [[vehicle]]
//! vehicle = "renault_5_e_tech_52kwh_110kw"   # built-in name or vehicle file (relative to the study file)
//! label = "R5 52 kWh"                        # short name for charts (default: the vehicle's name)
//! group = "Renault/Ampere"                   # legend group
//! segment = "b"                              # a, b or c: glider cost (vehicle cost needs it)
//! integration = "modules"                    # energy-store vehicles: pack integration for the cost model
//! cells_per_module = 12                      # with integration = "modules"
//! cooling = "liquid"                         # liquid or air (default liquid)
//! cell = "nmc622_large"                      # energy-store vehicles: cell standing in for the pack
//! scenario = "2024-china"                    # cost scenario of this vehicle (default: the study's)
//! ```

use std::collections::BTreeMap;

use ampere_core::charging::{DcChargerRating, REFERENCE_DC_CHARGER};
use ampere_core::cost::Segment;
use ampere_core::cost::pack::{Cooling, Integration};
use ampere_core::error::{Result, check, parse_toml};
use serde::{Deserialize, Serialize};

/// Text of the built-in study.
pub const DEFAULT_STUDY: &str = include_str!("../../../../data/studies/default.toml");

/// Where the built-in study comes from (for messages and provenance).
pub const DEFAULT_STUDY_ORIGIN: &str = "data/studies/default.toml";

/// A study file as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudySpec {
    /// Title of the study (report heading).
    pub name: String,
    /// Free text shown under the title.
    #[serde(default)]
    pub description: String,
    /// Default cost scenario `YEAR-REGION` (e.g. `2026-eu`).
    pub scenario: String,
    /// Ageing inputs.
    #[serde(default)]
    pub ageing: AgeingSpec,
    /// DC charger of the 10–80 % session.
    #[serde(default)]
    pub charging: ChargingSpec,
    /// Assembly plant and margin for the vehicle cost.
    #[serde(default)]
    pub plant: PlantSpec,
    /// The vehicles, in report order.
    #[serde(rename = "vehicle")]
    pub vehicles: Vec<EntrySpec>,
}

/// Usage, climate and horizon of the ageing runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeingSpec {
    /// Usage profile: built-in name or TOML file.
    pub usage: String,
    /// Climate: built-in city, TOML or CSV file.
    pub climate: String,
    /// Horizon of the SOH curve, years (at least 8: the Euro 7 point is at 8 years).
    pub years: f64,
    /// Drive cycles and their distance shares for the energy per km of the usage profile.
    pub cycle_mix: BTreeMap<String, f64>,
}

impl Default for AgeingSpec {
    fn default() -> Self {
        AgeingSpec {
            usage: "commuter".into(),
            climate: "paris".into(),
            years: 10.0,
            cycle_mix: BTreeMap::from([("wltc_class3b".to_owned(), 1.0)]),
        }
    }
}

/// The DC charger (defaults: `charging::REFERENCE_DC_CHARGER`, as `ampere charge`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChargingSpec {
    /// Charger power, kW.
    pub power_kw: f64,
    /// Charger current limit, A.
    pub current_a: f64,
    /// Charger highest voltage, V.
    pub max_voltage_v: f64,
    /// Grid-to-terminal efficiency, 0–1.
    pub efficiency: f64,
    /// Ambient and initial pack temperature, °C.
    pub ambient_degc: f64,
}

impl Default for ChargingSpec {
    fn default() -> Self {
        let DcChargerRating { power_kw, current_a, max_voltage_v, efficiency } = REFERENCE_DC_CHARGER;
        ChargingSpec { power_kw, current_a, max_voltage_v, efficiency, ambient_degc: 25.0 }
    }
}

/// Plant and margin of the vehicle cost model (defaults: the `b_segment_ctp` example of `data/cost/packs/`,
/// assumptions).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlantSpec {
    /// Vehicles built per year.
    pub vehicles_per_year: f64,
    /// Line rate, vehicles per hour.
    pub line_rate_vehicles_per_hour: f64,
    /// Margin on cost before tax, fraction.
    pub margin_fraction: f64,
}

impl Default for PlantSpec {
    fn default() -> Self {
        PlantSpec { vehicles_per_year: 150_000.0, line_rate_vehicles_per_hour: 60.0, margin_fraction: 0.15 }
    }
}

/// One vehicle of the study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySpec {
    /// Built-in vehicle name or vehicle file.
    pub vehicle: String,
    /// Short name for charts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Legend group (e.g. "Renault/Ampere", "China").
    #[serde(default)]
    pub group: String,
    /// Vehicle segment for the glider cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<Segment>,
    /// Pack integration for the cost model (energy-store vehicles; ECM packs say their own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<Integration>,
    /// Cells per module, with `integration = "modules"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cells_per_module: Option<u32>,
    /// Pack cooling for the cost model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooling: Option<Cooling>,
    /// Library cell standing in for an energy-store vehicle's cells (default: from the published chemistry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Cost scenario of this vehicle (default: the study's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
}

impl StudySpec {
    /// Parse and check a study file; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<StudySpec> {
        let spec: StudySpec = parse_toml(text, origin)?;
        spec.check(origin)?;
        Ok(spec)
    }

    /// The built-in study.
    pub fn builtin() -> Result<StudySpec> {
        StudySpec::from_toml(DEFAULT_STUDY, DEFAULT_STUDY_ORIGIN)
    }

    fn check(&self, origin: &str) -> Result<()> {
        if self.vehicles.is_empty() {
            return Err(ampere_core::Error::field(origin, "vehicle", "(none)", "list at least one [[vehicle]]"));
        }
        let a = &self.ageing;
        check::in_range(origin, "ageing.years", a.years, 8.0, 30.0)?;
        if a.cycle_mix.is_empty() {
            return Err(ampere_core::Error::field(origin, "ageing.cycle_mix", "{}", "name at least one cycle"));
        }
        for (cycle, share) in &a.cycle_mix {
            check::positive(origin, &format!("ageing.cycle_mix.{cycle}"), *share)?;
        }
        let c = &self.charging;
        check::in_range_open_low(origin, "charging.power_kw", c.power_kw, 0.0, 2000.0)?;
        check::in_range_open_low(origin, "charging.current_a", c.current_a, 0.0, 3000.0)?;
        check::in_range_open_low(origin, "charging.max_voltage_v", c.max_voltage_v, 0.0, 1500.0)?;
        check::in_range_open_low(origin, "charging.efficiency", c.efficiency, 0.0, 1.0)?;
        check::in_range(origin, "charging.ambient_degc", c.ambient_degc, -40.0, 60.0)?;
        let p = &self.plant;
        check::in_range_open_low(origin, "plant.vehicles_per_year", p.vehicles_per_year, 0.0, 5.0e6)?;
        check::in_range_open_low(
            origin,
            "plant.line_rate_vehicles_per_hour",
            p.line_rate_vehicles_per_hour,
            0.0,
            600.0,
        )?;
        check::in_range(origin, "plant.margin_fraction", p.margin_fraction, 0.0, 1.0)?;
        for (idx, entry) in self.vehicles.iter().enumerate() {
            let field = |name: &str| format!("vehicle[{idx}].{name}");
            if entry.vehicle.trim().is_empty() {
                return Err(ampere_core::Error::field(origin, field("vehicle"), "\"\"", "a built-in name or a file"));
            }
            match (entry.integration, entry.cells_per_module) {
                (Some(Integration::Modules) | None, Some(0)) => {
                    return Err(ampere_core::Error::field(origin, field("cells_per_module"), 0, "must be ≥ 1"));
                }
                (Some(Integration::CellToPack | Integration::CellToBody), Some(_)) => {
                    return Err(ampere_core::Error::field(
                        origin,
                        field("cells_per_module"),
                        "(set)",
                        "only allowed with integration = \"modules\"",
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Every cost scenario the study uses (the study's and the vehicles' own), sorted, once each.
    pub fn scenarios(&self) -> Vec<String> {
        let mut all: Vec<String> = std::iter::once(self.scenario.clone())
            .chain(self.vehicles.iter().filter_map(|v| v.scenario.clone()))
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_study_parses() {
        let study = StudySpec::builtin().unwrap();
        assert!(study.vehicles.len() >= 15, "{}", study.vehicles.len());
        assert!(study.scenarios().contains(&"2028-eu".to_owned()));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = StudySpec::from_toml(
            "name = \"x\"\nscenario = \"2026-eu\"\nrange_km = 3\n[[vehicle]]\nvehicle = \"a\"\n",
            "s.toml",
        )
        .unwrap_err();
        assert!(err.to_string().contains("s.toml") && err.to_string().contains("range_km"), "{err}");
    }

    #[test]
    fn bad_values_name_their_field() {
        let text = "name = \"x\"\nscenario = \"2026-eu\"\n[ageing]\nusage = \"commuter\"\nclimate = \"paris\"\nyears = 5.0\ncycle_mix = { udds = 1.0 }\n[[vehicle]]\nvehicle = \"a\"\n";
        let err = StudySpec::from_toml(text, "s.toml").unwrap_err();
        assert_eq!(err.to_string(), "s.toml: `ageing.years` = 5: must be in [8, 30]");
        let text = "name = \"x\"\nscenario = \"2026-eu\"\n[[vehicle]]\nvehicle = \"a\"\nintegration = \"cell_to_pack\"\ncells_per_module = 4\n";
        let err = StudySpec::from_toml(text, "s.toml").unwrap_err();
        assert!(err.to_string().contains("vehicle[0].cells_per_module"), "{err}");
        let err = StudySpec::from_toml("name = \"x\"\nscenario = \"2026-eu\"\nvehicle = []\n", "s.toml").unwrap_err();
        assert!(err.to_string().contains("at least one"), "{err}");
    }
}
