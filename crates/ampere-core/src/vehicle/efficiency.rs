//! Efficiencies of the motor (with inverter) and the driveline: constant, a curve against output-power
//! fraction (FASTSim style), or a map over shaft speed and torque (the industry standard).

use super::spec::{EfficiencySpec, EfficiencyTableSpec};
use crate::error::{Error, Result, check};
use crate::interp::{Table1d, Table2d};

/// rad/s in one rpm.
pub const RAD_S_PER_RPM: f64 = std::f64::consts::PI / 30.0;

/// A validated efficiency model; every value lies in (0, 1].
#[derive(Debug, Clone, PartialEq)]
pub enum Efficiency {
    /// The same efficiency everywhere.
    Constant(f64),
    /// η(|P_out| / P_peak).
    PowerFraction {
        /// Efficiency against output-power fraction.
        table: Table1d,
        /// 1 / the peak output power that the fraction refers to, 1/W.
        inverse_peak_power_per_w: f64,
    },
    /// η(ω, |T|) with ω in rad/s and T in N·m.
    SpeedTorque(Table2d),
}

impl Efficiency {
    /// Validate a spec; `peak_power_w` is the power a `PowerFraction` curve is relative to.
    pub fn from_spec(spec: &EfficiencySpec, peak_power_w: f64, origin: &str, field: &str) -> Result<Self> {
        let model = match spec {
            EfficiencySpec::Constant(eta) => Efficiency::Constant(*eta),
            EfficiencySpec::Table(EfficiencyTableSpec::PowerFraction {
                output_power_fraction,
                efficiency,
                interpolation,
            }) => Efficiency::PowerFraction {
                table: Table1d::new(output_power_fraction.clone(), efficiency.clone(), *interpolation, origin, field)?,
                inverse_peak_power_per_w: 1.0 / peak_power_w,
            },
            EfficiencySpec::Table(EfficiencyTableSpec::SpeedTorque { speed_rpm, torque_nm, efficiency }) => {
                let speed_rad_s = speed_rpm.iter().map(|n| n * RAD_S_PER_RPM).collect();
                Efficiency::SpeedTorque(Table2d::new(
                    speed_rad_s,
                    torque_nm.clone(),
                    efficiency.clone(),
                    origin,
                    field,
                )?)
            }
        };
        let (lo, hi) = model.range();
        if !(lo > 0.0 && hi <= 1.0) {
            let shown = if lo <= 0.0 { lo } else { hi };
            return Err(Error::field(origin, field, shown, "efficiencies must be in (0, 1]"));
        }
        if let Efficiency::Constant(eta) = model {
            check::in_range_open_low(origin, field, eta, 0.0, 1.0)?;
        }
        Ok(model)
    }

    /// Efficiency when the output side carries `power_w` (either sign) at shaft speed `speed_rad_s`.
    #[inline(always)]
    pub fn at(&self, power_w: f64, speed_rad_s: f64) -> f64 {
        match self {
            Efficiency::Constant(eta) => *eta,
            Efficiency::PowerFraction { table, inverse_peak_power_per_w } => {
                table.eval(power_w.abs() * inverse_peak_power_per_w)
            }
            Efficiency::SpeedTorque(map) => {
                // Torque is power over speed; near standstill power is near zero too, so the floor only
                // avoids 0/0 and does not change the result.
                let speed = speed_rad_s.abs().max(1e-3);
                map.eval(speed, power_w.abs() / speed)
            }
        }
    }

    /// The efficiency FASTSim 3.1.0 uses for regen with a [0, 1] grid: the curve's value at zero power.
    #[inline(always)]
    pub fn at_zero_power(&self) -> f64 {
        match self {
            Efficiency::Constant(eta) => *eta,
            Efficiency::PowerFraction { table, .. } => table.eval(0.0),
            Efficiency::SpeedTorque(map) => map.eval(map.x()[0], 0.0),
        }
    }

    /// Smallest and largest efficiency.
    pub fn range(&self) -> (f64, f64) {
        match self {
            Efficiency::Constant(eta) => (*eta, *eta),
            Efficiency::PowerFraction { table, .. } => table.range(),
            Efficiency::SpeedTorque(map) => map.range(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::Interpolation;

    #[test]
    fn power_fraction_curve_is_read_at_abs_fraction() {
        let spec = EfficiencySpec::Table(EfficiencyTableSpec::PowerFraction {
            output_power_fraction: vec![0.0, 1.0],
            efficiency: vec![0.8, 0.9],
            interpolation: Interpolation::Linear,
        });
        let eta = Efficiency::from_spec(&spec, 100e3, "t", "motor.efficiency").unwrap();
        assert!((eta.at(-50e3, 100.0) - 0.85).abs() < 1e-12);
        assert_eq!(eta.at_zero_power(), 0.8);
    }

    #[test]
    fn rejects_efficiency_above_one() {
        let err = Efficiency::from_spec(&EfficiencySpec::Constant(1.2), 1.0, "car.toml", "driveline.efficiency")
            .unwrap_err()
            .to_string();
        assert!(err.contains("car.toml") && err.contains("driveline.efficiency") && err.contains("(0, 1]"), "{err}");
    }

    #[test]
    fn speed_torque_map_uses_torque_from_power() {
        let spec = EfficiencySpec::Table(EfficiencyTableSpec::SpeedTorque {
            speed_rpm: vec![0.0, 10_000.0],
            torque_nm: vec![0.0, 200.0],
            efficiency: vec![vec![0.8, 0.9], vec![0.8, 0.9]],
        });
        let eta = Efficiency::from_spec(&spec, 1.0, "t", "m").unwrap();
        // 100 N·m at 500 rad/s is 50 kW: halfway along the torque axis.
        assert!((eta.at(50e3, 500.0) - 0.85).abs() < 1e-12);
    }
}
