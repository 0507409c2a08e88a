//! Unit conversions and physical constants.
//!
//! Inside every model quantities are SI (s, m, kg, W, J, A, V, K). Human units appear only in spec field
//! names (`speed_kmh`, `energy_kwh`, `temperature_degc`) and are converted here, once, at the boundary.
//! Signs: battery current and power are positive when discharging; tractive force and power are positive
//! when propelling; grade is rise/run, positive uphill.

/// Metres per second in one km/h.
pub const MPS_PER_KMH: f64 = 1.0 / 3.6;
/// Metres per second in one mile per hour (exact, 1 mi = 1609.344 m).
pub const MPS_PER_MPH: f64 = 0.447_04;
/// Metres in one statute mile.
pub const M_PER_MILE: f64 = 1609.344;
/// Joules in one watt-hour.
pub const J_PER_WH: f64 = 3600.0;
/// Joules in one kilowatt-hour.
pub const J_PER_KWH: f64 = 3.6e6;
/// Newtons in one pound-force (exact, from 0.45359237 kg × 9.80665 m/s²).
pub const N_PER_LBF: f64 = 4.448_221_615_260_5;
/// Standard gravity, m/s² (CGPM 1901).
pub const STANDARD_GRAVITY: f64 = 9.806_65;
/// Specific gas constant of dry air, J/(kg·K).
pub const GAS_CONSTANT_DRY_AIR: f64 = 287.052_874;
/// Standard sea-level pressure, Pa.
pub const STANDARD_PRESSURE_PA: f64 = 101_325.0;
/// 0 °C in kelvin.
pub const ZERO_DEGC_IN_K: f64 = 273.15;

/// °C → K.
pub fn degc_to_k(t_degc: f64) -> f64 {
    t_degc + ZERO_DEGC_IN_K
}

/// K → °C.
pub fn k_to_degc(t_k: f64) -> f64 {
    t_k - ZERO_DEGC_IN_K
}

/// Density of dry air, kg/m³, from the ideal-gas law at temperature `t_k` and pressure `pressure_pa`.
pub fn dry_air_density(t_k: f64, pressure_pa: f64) -> f64 {
    pressure_pa / (GAS_CONSTANT_DRY_AIR * t_k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn air_density_at_standard_conditions() {
        // ISA sea level: 1.2250 kg/m³ at 15 °C, 101 325 Pa.
        let rho = dry_air_density(degc_to_k(15.0), STANDARD_PRESSURE_PA);
        assert!((rho - 1.2250).abs() < 5e-4, "{rho}");
    }

    #[test]
    fn mile_and_mph_agree() {
        assert!((M_PER_MILE / 3600.0 - MPS_PER_MPH).abs() < 1e-15);
    }
}
