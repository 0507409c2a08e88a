//! Vehicle cost: battery pack + electric drive + charger + HV wiring + glider + final assembly, and a price.
//!
//! ```text
//! drive      = motor_fixed + motor_per_kW·P + inverter_fixed + inverter_per_kW·P + reducer
//! charger    = obc_fixed + obc_per_kW·P_obc
//! parts      = (drive + charger + wiring + glider_segment) · vehicle_parts_price_factor
//! capacity   = line rate (vehicles/h) · operating hours/yr
//! assembly   = h_direct·w·m_labour                                  per vehicle (variable)
//!            + C_ref·(K_per_unit·f_capital·m_capital + h_fixed_per_unit·w·m_labour)·(capacity/C_ref)^p / volume
//!                                                                    (fixed, absorbed over the volume)
//! cost       = pack + parts + assembly;   price = cost · (1 + margin)
//! ```
//!
//! Fixed plant costs are absorbed over the annual volume and grow less than in proportion with capacity
//! (exponent p < 1, the scaling rule BatPaC uses for its plants, MARKET.md §3.2). Filling an existing line
//! lowers the fixed cost per car as 1/volume; raising the cadence (line rate) of the same plant by a factor k
//! with the volume following changes it by k^(p − 1), e.g. −14 % for k = 1.55 and p = 0.65. Parameter values (`data/cost/vehicle.toml`) are assumptions in EU 2024
//! dollars; other regions scale by the deck's `vehicle_parts_price_factor`, labour rate and capital factor.

use serde::Deserialize;

use super::overheads::Multipliers;
use super::prices::{PriceKey, Prices};
use crate::error::{Error, Result, check};

/// Vehicle size class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Segment {
    /// City car (Twingo, Spring).
    A,
    /// Small car (Renault 5, Dolphin).
    B,
    /// Compact (Mégane, MG4, ID.3).
    C,
}

/// The vehicle around a pack (`[vehicle]` of a pack file, or built in code by issue 6).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehicleSpec {
    /// Size class (sets the glider cost).
    pub segment: Segment,
    /// Peak motor power, kW.
    pub motor_kw: f64,
    /// On-board (AC) charger power, kW.
    pub onboard_charger_kw: f64,
    /// Vehicles built per year in the assembly plant.
    pub vehicles_per_year: f64,
    /// Line rate (cadence), vehicles per hour.
    pub line_rate_vehicles_per_hour: f64,
    /// Margin on cost (OEM and dealer, before tax), fraction.
    pub margin_fraction: f64,
}

impl VehicleSpec {
    /// Validate against the plant capacity implied by `params`; `origin` names the file.
    pub fn validate(&self, params: &VehicleParameters, origin: &str) -> Result<()> {
        check::in_range_open_low(origin, "vehicle.motor_kw", self.motor_kw, 0.0, 1000.0)?;
        check::in_range(origin, "vehicle.onboard_charger_kw", self.onboard_charger_kw, 0.0, 50.0)?;
        check::in_range_open_low(
            origin,
            "vehicle.line_rate_vehicles_per_hour",
            self.line_rate_vehicles_per_hour,
            0.0,
            200.0,
        )?;
        check::in_range(origin, "vehicle.margin_fraction", self.margin_fraction, 0.0, 2.0)?;
        let capacity = self.line_rate_vehicles_per_hour * params.operating_hours_per_year;
        if !(self.vehicles_per_year.is_finite() && self.vehicles_per_year > 0.0 && self.vehicles_per_year <= capacity) {
            return Err(Error::field(
                origin,
                "vehicle.vehicles_per_year",
                self.vehicles_per_year,
                format!("must be in (0, {capacity}] (line rate × {} operating h/yr)", params.operating_hours_per_year),
            ));
        }
        Ok(())
    }
}

/// Vehicle cost parameters (`data/cost/vehicle.toml`), EU 2024 USD.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehicleParameters {
    /// Motor, per unit, USD.
    pub motor_usd_fixed: f64,
    /// Motor, per kW, USD/kW.
    pub motor_usd_per_kw: f64,
    /// Inverter, per unit, USD.
    pub inverter_usd_fixed: f64,
    /// Inverter, per kW, USD/kW.
    pub inverter_usd_per_kw: f64,
    /// Reducer and differential, USD.
    pub reducer_usd: f64,
    /// On-board charger, per unit, USD.
    pub onboard_charger_usd_fixed: f64,
    /// On-board charger, per kW, USD/kW.
    pub onboard_charger_usd_per_kw: f64,
    /// HV wiring, DC/DC, junction box, charge port, USD.
    pub hv_wiring_usd: f64,
    /// Glider (body, interior, chassis, LV electrics), A segment, USD.
    pub glider_a_usd: f64,
    /// Glider, B segment, USD.
    pub glider_b_usd: f64,
    /// Glider, C segment, USD.
    pub glider_c_usd: f64,
    /// Direct final-assembly labour per vehicle, h.
    pub assembly_labour_h_per_vehicle: f64,
    /// Operating hours of the line per year, h/yr.
    pub operating_hours_per_year: f64,
    /// Plant equipment and building investment per unit of annual capacity, USD/(vehicle/yr).
    pub plant_capital_usd_per_annual_vehicle: f64,
    /// Fixed staff (indirect, maintenance) per unit of annual capacity, h/yr per (vehicle/yr).
    pub fixed_staff_h_per_annual_vehicle: f64,
    /// Capacity at which the two per-unit figures above hold, vehicles/yr.
    pub reference_capacity_vehicles_per_year: f64,
    /// Exponent of fixed plant cost with capacity, 0–1.
    pub plant_scale_exponent: f64,
}

impl VehicleParameters {
    /// Check every parameter is finite and ≥ 0 (hours per year > 0).
    pub fn validate(&self, origin: &str) -> Result<()> {
        for (field, value) in [
            ("motor_usd_fixed", self.motor_usd_fixed),
            ("motor_usd_per_kw", self.motor_usd_per_kw),
            ("inverter_usd_fixed", self.inverter_usd_fixed),
            ("inverter_usd_per_kw", self.inverter_usd_per_kw),
            ("reducer_usd", self.reducer_usd),
            ("onboard_charger_usd_fixed", self.onboard_charger_usd_fixed),
            ("onboard_charger_usd_per_kw", self.onboard_charger_usd_per_kw),
            ("hv_wiring_usd", self.hv_wiring_usd),
            ("glider_a_usd", self.glider_a_usd),
            ("glider_b_usd", self.glider_b_usd),
            ("glider_c_usd", self.glider_c_usd),
            ("assembly_labour_h_per_vehicle", self.assembly_labour_h_per_vehicle),
            ("plant_capital_usd_per_annual_vehicle", self.plant_capital_usd_per_annual_vehicle),
            ("fixed_staff_h_per_annual_vehicle", self.fixed_staff_h_per_annual_vehicle),
        ] {
            check::non_negative(origin, field, value)?;
        }
        check::in_range_open_low(origin, "operating_hours_per_year", self.operating_hours_per_year, 0.0, 8760.0)?;
        check::positive(origin, "reference_capacity_vehicles_per_year", self.reference_capacity_vehicles_per_year)?;
        check::in_range(origin, "plant_scale_exponent", self.plant_scale_exponent, 0.0, 1.0)?;
        Ok(())
    }

    fn glider_usd(&self, segment: Segment) -> f64 {
        match segment {
            Segment::A => self.glider_a_usd,
            Segment::B => self.glider_b_usd,
            Segment::C => self.glider_c_usd,
        }
    }
}

/// Vehicle cost breakdown, USD per vehicle.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct VehicleCost {
    /// Battery pack.
    pub battery_usd: f64,
    /// Motor, inverter and reducer.
    pub electric_drive_usd: f64,
    /// On-board charger.
    pub onboard_charger_usd: f64,
    /// HV wiring.
    pub hv_wiring_usd: f64,
    /// Glider.
    pub glider_usd: f64,
    /// Final assembly, variable part (direct labour).
    pub assembly_variable_usd: f64,
    /// Final assembly, fixed part absorbed over the annual volume.
    pub assembly_fixed_usd: f64,
    /// Total manufacturing cost.
    pub total_cost_usd: f64,
    /// Price before tax: cost × (1 + margin).
    pub price_usd: f64,
    /// Share of plant capacity used, 0–1.
    pub plant_utilisation: f64,
}

/// Cost of `spec` around a pack costing `pack_usd`.
pub fn vehicle_cost(
    spec: &VehicleSpec,
    params: &VehicleParameters,
    pack_usd: f64,
    prices: &Prices,
    multipliers: &Multipliers,
) -> VehicleCost {
    let parts_factor = prices.get(PriceKey::VehiclePartsPriceFactor);
    let labour_usd_per_h = prices.get(PriceKey::Labour) * multipliers.labour;
    let electric_drive_usd = parts_factor
        * (params.motor_usd_fixed
            + params.motor_usd_per_kw * spec.motor_kw
            + params.inverter_usd_fixed
            + params.inverter_usd_per_kw * spec.motor_kw
            + params.reducer_usd);
    let onboard_charger_usd =
        parts_factor * (params.onboard_charger_usd_fixed + params.onboard_charger_usd_per_kw * spec.onboard_charger_kw);
    let hv_wiring_usd = parts_factor * params.hv_wiring_usd;
    let glider_usd = parts_factor * params.glider_usd(spec.segment);
    let capacity = spec.line_rate_vehicles_per_hour * params.operating_hours_per_year;
    let reference = params.reference_capacity_vehicles_per_year;
    let fixed_per_year = reference
        * (params.plant_capital_usd_per_annual_vehicle
            * prices.get(PriceKey::CapitalCostFactor)
            * multipliers.capital_per_year
            + params.fixed_staff_h_per_annual_vehicle * labour_usd_per_h)
        * (capacity / reference).powf(params.plant_scale_exponent);
    let assembly_variable_usd = params.assembly_labour_h_per_vehicle * labour_usd_per_h;
    let assembly_fixed_usd = fixed_per_year / spec.vehicles_per_year;
    let total_cost_usd = pack_usd
        + electric_drive_usd
        + onboard_charger_usd
        + hv_wiring_usd
        + glider_usd
        + assembly_variable_usd
        + assembly_fixed_usd;
    VehicleCost {
        battery_usd: pack_usd,
        electric_drive_usd,
        onboard_charger_usd,
        hv_wiring_usd,
        glider_usd,
        assembly_variable_usd,
        assembly_fixed_usd,
        total_cost_usd,
        price_usd: total_cost_usd * (1.0 + spec.margin_fraction),
        plant_utilisation: spec.vehicles_per_year / capacity,
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin;
    use super::*;

    fn b_segment() -> VehicleSpec {
        VehicleSpec {
            segment: Segment::B,
            motor_kw: 100.0,
            onboard_charger_kw: 11.0,
            vehicles_per_year: 100_000.0,
            line_rate_vehicles_per_hour: 60.0,
            margin_fraction: 0.1,
        }
    }

    #[test]
    fn higher_cadence_on_the_same_line_lowers_the_fixed_share_in_proportion() {
        let data = builtin::data().unwrap();
        let prices = builtin::deck("2026-eu").unwrap().prices;
        let base = vehicle_cost(&b_segment(), data.vehicle(), 5000.0, &prices, &data.multipliers());
        let busy = VehicleSpec { vehicles_per_year: 155_000.0, ..b_segment() };
        let more = vehicle_cost(&busy, data.vehicle(), 5000.0, &prices, &data.multipliers());
        assert!((base.assembly_fixed_usd / more.assembly_fixed_usd - 1.55).abs() < 1e-9);
        assert!(more.total_cost_usd < base.total_cost_usd);
    }

    #[test]
    fn faster_cadence_of_the_same_plant_lowers_the_fixed_share_by_k_to_the_p_minus_1() {
        let data = builtin::data().unwrap();
        let prices = builtin::deck("2026-eu").unwrap().prices;
        let base = vehicle_cost(&b_segment(), data.vehicle(), 5000.0, &prices, &data.multipliers());
        let k = 1.55;
        let faster =
            VehicleSpec { line_rate_vehicles_per_hour: 60.0 * k, vehicles_per_year: 100_000.0 * k, ..b_segment() };
        let more = vehicle_cost(&faster, data.vehicle(), 5000.0, &prices, &data.multipliers());
        let want = k.powf(data.vehicle().plant_scale_exponent - 1.0);
        assert!((more.assembly_fixed_usd / base.assembly_fixed_usd - want).abs() < 1e-9);
    }

    #[test]
    fn volume_above_capacity_is_refused_with_the_capacity() {
        let data = builtin::data().unwrap();
        let spec = VehicleSpec { vehicles_per_year: 1e7, ..b_segment() };
        let err = spec.validate(data.vehicle(), "p.toml").unwrap_err().to_string();
        assert!(err.contains("p.toml: `vehicle.vehicles_per_year` = 10000000: must be in (0, "), "{err}");
    }

    #[test]
    fn negative_motor_power_is_refused() {
        let data = builtin::data().unwrap();
        let spec = VehicleSpec { motor_kw: -5.0, ..b_segment() };
        let err = spec.validate(data.vehicle(), "p.toml").unwrap_err().to_string();
        assert!(err.contains("`vehicle.motor_kw` = -5: must be in (0, 1000]"), "{err}");
    }
}
