//! A battery-electric vehicle: masses, road load, driveline, motor, regen rules, auxiliaries, battery and
//! charger, validated from a [`VehicleSpec`] into SI units.
//!
//! The vehicle knows how to compute its road load ([`road_load`]) and its component efficiencies
//! ([`efficiency`]); the time stepping lives in [`crate::sim`].

pub mod builtin;
pub mod efficiency;
pub mod road_load;
pub mod spec;

pub use efficiency::Efficiency;
pub use road_load::{LoadedMass, RoadLoad, RoadLoadPower, StepKinematics};
pub use spec::VehicleSpec;

use spec::{ChargerSpec, ConventionSpec, DriveAxle, MassSpec, RoadLoadSpec};

use crate::battery::{Battery, BatteryModel};
use crate::error::{Error, Result, check, parse_toml};
use crate::units::{MPS_PER_KMH, MPS_PER_MPH, N_PER_LBF, STANDARD_GRAVITY};

/// FASTSim 3.1.0's gravitational acceleration, m/s² (`uc::ACC_GRAV`).
pub const FASTSIM_GRAVITY_MPS2: f64 = 9.80;
/// FASTSim 3.1.0's fixed air density, kg/m³ (standard air at 180 m and 22 °C, `Air::get_density()`).
pub const FASTSIM_AIR_DENSITY_KG_M3: f64 = 1.172_847_7;
/// WLTP: mass added to the mass in running order for the test mass, kg.
pub const WLTP_ADDED_MASS_KG: f64 = 25.0;
/// AC power of the recharge behind every wall-energy figure (the procedures' official consumption and each
/// simulation's wall energy), W: 2.3 kW, a household socket (230 V, 10 A), or the charger's power if lower.
/// The power of the type-approval recharge is not published; with the charging losses ADAC measured, this
/// one global choice reproduces the official wall consumption of the fit set and an 11 kW wallbox does not
/// (`docs/models/vehicle-database.md`).
pub const RECHARGE_POWER_W: f64 = 2300.0;

/// How road load is averaged over a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeedIntegration {
    /// Exact integrals for a linear speed ramp (ampere).
    ExactRamp,
    /// Everything at the mean speed of the step (FASTSim).
    MeanSpeed,
}

/// How grade enters the climbing force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeForm {
    /// m·g·sin(atan θ) (ampere).
    Sine,
    /// m·g·θ (FASTSim).
    Tangent,
}

/// Where the air density comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AirDensity {
    /// Ideal gas at the ambient temperature and pressure of the run (ampere).
    FromAmbient,
    /// A fixed value, kg/m³ (FASTSim).
    Fixed(f64),
}

/// The physics conventions of a run: ampere's own, or FASTSim 3.1.0's for parity checks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conventions {
    /// Gravitational acceleration, m/s².
    pub gravity_mps2: f64,
    /// Air density source.
    pub air_density: AirDensity,
    /// Road-load averaging over the step.
    pub speed_integration: SpeedIntegration,
    /// Grade force form.
    pub grade: GradeForm,
    /// Regen efficiency read at zero power (FASTSim's quirk) rather than at the operating point.
    pub regen_efficiency_at_zero_power: bool,
    /// Regen fades out at low speed and blends with friction brakes (FASTSim has neither).
    pub regen_fade: bool,
}

impl Conventions {
    /// ampere's physics.
    pub const AMPERE: Conventions = Conventions {
        gravity_mps2: STANDARD_GRAVITY,
        air_density: AirDensity::FromAmbient,
        speed_integration: SpeedIntegration::ExactRamp,
        grade: GradeForm::Sine,
        regen_efficiency_at_zero_power: false,
        regen_fade: true,
    };

    /// FASTSim 3.1.0's conventions.
    pub const FASTSIM: Conventions = Conventions {
        gravity_mps2: FASTSIM_GRAVITY_MPS2,
        air_density: AirDensity::Fixed(FASTSIM_AIR_DENSITY_KG_M3),
        speed_integration: SpeedIntegration::MeanSpeed,
        grade: GradeForm::Tangent,
        regen_efficiency_at_zero_power: true,
        regen_fade: false,
    };
}

/// Motor and inverter.
#[derive(Debug, Clone, PartialEq)]
pub struct Motor {
    /// Peak mechanical power, W.
    pub peak_power_w: f64,
    /// Peak torque, N·m (infinite when only power limits).
    pub peak_torque_nm: f64,
    /// Top shaft speed, rad/s (infinite when not given).
    pub max_speed_rad_s: f64,
    /// Motoring efficiency.
    pub efficiency: Efficiency,
    /// Generating efficiency (`None`: the motoring one at the braking operating point).
    pub regen_efficiency: Option<Efficiency>,
}

impl Motor {
    /// Largest shaft power at mean shaft speed `speed_rad_s`, W: torque-limited below base speed, power-limited
    /// above, zero past top speed.
    #[inline]
    pub fn max_power_w(&self, speed_rad_s: f64) -> f64 {
        if speed_rad_s > self.max_speed_rad_s {
            return 0.0;
        }
        self.peak_power_w.min(self.peak_torque_nm * speed_rad_s)
    }
}

/// Regen fade and blending.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regen {
    /// Regen starts fading below this speed, m/s.
    pub fade_start_mps: f64,
    /// Regen is zero at and below this speed, m/s.
    pub fade_end_mps: f64,
    /// Braking deceleration beyond which friction brakes take over, m/s² (infinite: none).
    pub max_deceleration_mps2: f64,
}

impl Regen {
    /// Share of the braking the motor may take at mean speed `speed_mps`, 0–1.
    #[inline]
    pub fn share(&self, speed_mps: f64) -> f64 {
        if speed_mps >= self.fade_start_mps {
            1.0
        } else if speed_mps <= self.fade_end_mps {
            0.0
        } else {
            (speed_mps - self.fade_end_mps) / (self.fade_start_mps - self.fade_end_mps)
        }
    }
}

/// A validated vehicle. Built with [`Vehicle::from_spec`]; fields are public for reading, and a study that
/// changes a design edits the [`VehicleSpec`] and builds again so that validation always runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    /// Display name.
    pub name: String,
    /// Physics conventions.
    pub conventions: Conventions,
    /// Mass in running order, kg.
    pub running_order_mass_kg: f64,
    /// Simulated (test) mass, kg.
    pub mass_kg: f64,
    /// Equivalent mass of the rotating parts, kg.
    pub rotating_mass_kg: f64,
    /// Road load.
    pub road_load: RoadLoad,
    /// Wheel radius, m.
    pub wheel_radius_m: f64,
    /// Reduction ratio.
    pub driveline_ratio: f64,
    /// Driveline efficiency (against motor-side speed and power).
    pub driveline_efficiency: Efficiency,
    /// Motor and inverter.
    pub motor: Motor,
    /// Regen rules.
    pub regen: Regen,
    /// Auxiliary power, W.
    pub aux_power_w: f64,
    /// Traction battery.
    pub battery: Battery,
    /// Battery mass within the running-order mass, kg (if known).
    pub battery_mass_kg: Option<f64>,
    /// Wall-to-terminal efficiency of the recharge at [`RECHARGE_POWER_W`] (or the charger's power if lower),
    /// the recharge every wall-energy figure assumes; [`Vehicle::charger_efficiency_at`] gives other powers.
    pub charger_efficiency: f64,
    /// AC charging power (the charger's rating), W.
    pub charger_power_w: f64,
    /// What the charger loses, for [`Vehicle::charger_efficiency_at`].
    charger_losses: ChargerLosses,
    /// Tyre-grip acceleration ceiling, m/s² (infinite: not limited).
    pub max_traction_acceleration_mps2: f64,
    /// Rated power for the WLTP power-to-mass ratio, W.
    pub rated_power_w: f64,
    /// Declared top speed, m/s.
    pub max_speed_mps: f64,
    /// Motor shaft speed per vehicle speed, rad/m (ratio / wheel radius), kept to spare a division per step.
    motor_rad_per_m: f64,
}

impl Vehicle {
    /// Parse and validate a TOML vehicle file; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        let spec: VehicleSpec = parse_toml(text, origin)?;
        Vehicle::from_spec(&spec, origin)
    }

    /// Validate a spec into a model.
    pub fn from_spec(spec: &VehicleSpec, origin: &str) -> Result<Self> {
        let conventions = match spec.convention {
            ConventionSpec::Ampere => Conventions::AMPERE,
            ConventionSpec::Fastsim => Conventions::FASTSIM,
        };
        let battery = Battery::from_spec(&spec.battery, origin)?;
        let mass_spec = mass_with_battery(&spec.mass, &battery, origin)?;
        let (mass_kg, running_order_mass_kg) = masses(&mass_spec, origin)?;
        let wheel_radius_m = check::in_range(origin, "wheels.radius_m", spec.wheels.radius_m, 0.1, 2.0)?;
        let rotating_mass_kg = match spec.wheels.inertia_kg_m2 {
            Some(inertia) => {
                check::in_range(origin, "wheels.inertia_kg_m2", inertia, 0.0, 100.0)? * f64::from(spec.wheels.count)
                    / (wheel_radius_m * wheel_radius_m)
            }
            None => {
                check::in_range(origin, "mass.rotating_mass_share", spec.mass.rotating_mass_share, 0.0, 0.5)? * mass_kg
            }
        };
        let motor = motor(&spec.motor, origin)?;
        let charger_power_w =
            check::in_range_open_low(origin, "charger.ac_power_kw", spec.charger.ac_power_kw, 0.0, 1000.0)? * 1e3;
        let charger_losses = ChargerLosses::from_spec(&spec.charger, charger_power_w, origin)?;
        let driveline_ratio = check::in_range_open_low(origin, "driveline.ratio", spec.driveline.ratio, 0.0, 100.0)?;
        let max_speed_mps = match spec.homologation.max_speed_kmh {
            Some(v) => check::in_range_open_low(origin, "homologation.max_speed_kmh", v, 0.0, 1000.0)? * MPS_PER_KMH,
            None => motor.max_speed_rad_s * wheel_radius_m / driveline_ratio,
        };
        Ok(Vehicle {
            name: spec.name.clone(),
            conventions,
            running_order_mass_kg,
            mass_kg,
            rotating_mass_kg,
            road_load: road_load(&spec.road_load, origin)?,
            wheel_radius_m,
            driveline_ratio,
            driveline_efficiency: Efficiency::from_spec(
                &spec.driveline.efficiency,
                motor.peak_power_w,
                origin,
                "driveline.efficiency",
            )?,
            regen: regen(spec, origin)?,
            aux_power_w: check::in_range(origin, "aux.power_w", spec.aux.power_w, 0.0, 100_000.0)?,
            battery: Battery::from_spec(&spec.battery, origin)?,
            battery_mass_kg: spec
                .mass
                .battery_kg
                .map(|m| check::in_range(origin, "mass.battery_kg", m, 0.0, 100_000.0))
                .transpose()?,
            charger_efficiency: charger_losses.efficiency_at(recharge_power_w(charger_power_w)),
            charger_power_w,
            charger_losses,
            max_traction_acceleration_mps2: traction(spec, conventions.gravity_mps2, origin)?,
            rated_power_w: match spec.homologation.rated_power_kw {
                Some(p) => check::in_range_open_low(origin, "homologation.rated_power_kw", p, 0.0, 5000.0)? * 1e3,
                None => motor.peak_power_w,
            },
            max_speed_mps,
            motor,
            motor_rad_per_m: driveline_ratio / wheel_radius_m,
        })
    }

    /// Shaft speed of the motor at vehicle speed `speed_mps`, rad/s.
    #[inline]
    pub fn motor_speed_rad_s(&self, speed_mps: f64) -> f64 {
        speed_mps * self.motor_rad_per_m
    }

    /// AC power of the recharge behind every wall-energy figure ([`RECHARGE_POWER_W`], or the charger's power
    /// if lower), W; [`Vehicle::charger_efficiency`] is the efficiency there.
    pub fn recharge_power_w(&self) -> f64 {
        recharge_power_w(self.charger_power_w)
    }

    /// Wall-to-terminal efficiency of AC charging at `ac_power_w` drawn from the wall (0 when the power does not
    /// cover the charger's no-load draw).
    pub fn charger_efficiency_at(&self, ac_power_w: f64) -> f64 {
        self.charger_losses.efficiency_at(ac_power_w)
    }

    /// Masses the road load acts on.
    pub fn loaded_mass(&self) -> LoadedMass {
        LoadedMass { mass_kg: self.mass_kg, rotating_mass_kg: self.rotating_mass_kg }
    }
}

/// [`Vehicle::recharge_power_w`] for a charger of `charger_power_w`.
fn recharge_power_w(charger_power_w: f64) -> f64 {
    charger_power_w.min(RECHARGE_POWER_W)
}

/// The AC charger's losses: a constant draw from the wall while charging, then a conversion efficiency on the
/// rest (`ChargerSpec`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct ChargerLosses {
    conversion_efficiency: f64,
    no_load_loss_w: f64,
}

impl ChargerLosses {
    fn from_spec(spec: &ChargerSpec, ac_power_w: f64, origin: &str) -> Result<Self> {
        // The no-load draw must leave power to charge with at the recharge power.
        let max_no_load_w = 0.5 * recharge_power_w(ac_power_w);
        Ok(ChargerLosses {
            conversion_efficiency: check::in_range_open_low(
                origin,
                "charger.ac_efficiency",
                spec.ac_efficiency,
                0.0,
                1.0,
            )?,
            no_load_loss_w: check::in_range(origin, "charger.no_load_loss_w", spec.no_load_loss_w, 0.0, max_no_load_w)?,
        })
    }

    /// Terminal power over wall power at `ac_power_w` (0 when it does not cover the no-load draw).
    fn efficiency_at(&self, ac_power_w: f64) -> f64 {
        if ac_power_w <= self.no_load_loss_w {
            return 0.0;
        }
        self.conversion_efficiency * (1.0 - self.no_load_loss_w / ac_power_w)
    }
}

/// When the battery model derives its own mass (a pack built from cells), the running-order mass is the
/// vehicle without its original battery (`mass.battery_kg`) plus the model's pack: change the chemistry and the
/// car gets heavier or lighter.
fn mass_with_battery(spec: &MassSpec, battery: &Battery, origin: &str) -> Result<MassSpec> {
    let original_kg =
        spec.battery_kg.map(|m| check::in_range(origin, "mass.battery_kg", m, 0.0, 100_000.0)).transpose()?;
    let Some(pack_kg) = battery.mass_kg() else { return Ok(spec.clone()) };
    let Some(original_kg) = original_kg else {
        return Err(Error::field(
            origin,
            "mass.battery_kg",
            "missing",
            "needed when the battery model computes the pack mass (the mass it replaces)",
        ));
    };
    let mut adjusted = spec.clone();
    adjusted.running_order_kg = spec.running_order_kg - original_kg + pack_kg;
    adjusted.test_mass_kg = spec.test_mass_kg.map(|m| m - original_kg + pack_kg);
    adjusted.max_laden_mass_kg = spec.max_laden_mass_kg.map(|m| m - original_kg + pack_kg);
    adjusted.battery_kg = Some(pack_kg);
    Ok(adjusted)
}

fn masses(spec: &MassSpec, origin: &str) -> Result<(f64, f64)> {
    let mro = check::in_range_open_low(origin, "mass.running_order_kg", spec.running_order_kg, 0.0, 100_000.0)?;
    let share = check::in_range(origin, "mass.payload_share", spec.payload_share, 0.0, 1.0)?;
    let simulated = if let Some(m) = spec.test_mass_kg {
        check::in_range_open_low(origin, "mass.test_mass_kg", m, 0.0, 100_000.0)?
    } else if let Some(max_laden) = spec.max_laden_mass_kg {
        let max_load = max_laden - mro - WLTP_ADDED_MASS_KG;
        if !max_load.is_finite() || max_load < 0.0 {
            return Err(Error::field(
                origin,
                "mass.max_laden_mass_kg",
                max_laden,
                format!("must be at least running_order_kg + 25 = {}", mro + WLTP_ADDED_MASS_KG),
            ));
        }
        mro + WLTP_ADDED_MASS_KG + share * max_load
    } else {
        let payload =
            spec.payload_kg.map_or(Ok(0.0), |p| check::in_range(origin, "mass.payload_kg", p, 0.0, 100_000.0))?;
        mro + WLTP_ADDED_MASS_KG + payload
    };
    Ok((simulated, mro))
}

fn road_load(spec: &RoadLoadSpec, origin: &str) -> Result<RoadLoad> {
    Ok(match *spec {
        RoadLoadSpec::Physics {
            drag_coefficient,
            frontal_area_m2,
            rolling_resistance_coefficient,
            rolling_resistance_speed_s_per_m,
        } => RoadLoad::Physics {
            drag_area_m2: check::in_range_open_low(origin, "road_load.drag_coefficient", drag_coefficient, 0.0, 2.0)?
                * check::in_range_open_low(origin, "road_load.frontal_area_m2", frontal_area_m2, 0.0, 20.0)?,
            rolling_coefficient: check::in_range(
                origin,
                "road_load.rolling_resistance_coefficient",
                rolling_resistance_coefficient,
                0.0,
                0.1,
            )?,
            rolling_speed_s_per_m: check::in_range(
                origin,
                "road_load.rolling_resistance_speed_s_per_m",
                rolling_resistance_speed_s_per_m,
                0.0,
                1.0,
            )?,
        },
        RoadLoadSpec::WltpCoastdown { f0_n, f1_n_per_kmh, f2_n_per_kmh2 } => RoadLoad::Coastdown {
            f0_n: check::in_range(origin, "road_load.f0_n", f0_n, 0.0, 10_000.0)?,
            f1_n_s_per_m: check::in_range(origin, "road_load.f1_n_per_kmh", f1_n_per_kmh, -100.0, 100.0)? / MPS_PER_KMH,
            f2_n_s2_per_m2: check::in_range_open_low(origin, "road_load.f2_n_per_kmh2", f2_n_per_kmh2, 0.0, 10.0)?
                / (MPS_PER_KMH * MPS_PER_KMH),
        },
        RoadLoadSpec::EpaCoastdown { a_lbf, b_lbf_per_mph, c_lbf_per_mph2 } => RoadLoad::Coastdown {
            f0_n: check::in_range(origin, "road_load.a_lbf", a_lbf, 0.0, 2000.0)? * N_PER_LBF,
            f1_n_s_per_m: check::in_range(origin, "road_load.b_lbf_per_mph", b_lbf_per_mph, -50.0, 50.0)? * N_PER_LBF
                / MPS_PER_MPH,
            f2_n_s2_per_m2: check::in_range_open_low(origin, "road_load.c_lbf_per_mph2", c_lbf_per_mph2, 0.0, 5.0)?
                * N_PER_LBF
                / (MPS_PER_MPH * MPS_PER_MPH),
        },
    })
}

fn motor(spec: &spec::MotorSpec, origin: &str) -> Result<Motor> {
    let peak_power_w = check::in_range_open_low(origin, "motor.peak_power_kw", spec.peak_power_kw, 0.0, 5000.0)? * 1e3;
    let regen_efficiency = spec
        .regen_efficiency
        .as_ref()
        .map(|e| Efficiency::from_spec(e, peak_power_w, origin, "motor.regen_efficiency"))
        .transpose()?;
    Ok(Motor {
        peak_power_w,
        peak_torque_nm: spec.peak_torque_nm.map_or(Ok(f64::INFINITY), |t| {
            check::in_range_open_low(origin, "motor.peak_torque_nm", t, 0.0, 100_000.0)
        })?,
        max_speed_rad_s: spec.max_speed_rpm.map_or(Ok(f64::INFINITY), |n| {
            check::in_range_open_low(origin, "motor.max_speed_rpm", n, 0.0, 100_000.0)
                .map(|n| n * efficiency::RAD_S_PER_RPM)
        })?,
        efficiency: Efficiency::from_spec(&spec.efficiency, peak_power_w, origin, "motor.efficiency")?,
        regen_efficiency,
    })
}

fn regen(spec: &VehicleSpec, origin: &str) -> Result<Regen> {
    let r = &spec.regen;
    let fade_end = check::in_range(origin, "regen.fade_end_kmh", r.fade_end_kmh, 0.0, 100.0)?;
    let fade_start = check::in_range(origin, "regen.fade_start_kmh", r.fade_start_kmh, 0.0, 100.0)?;
    if fade_start < fade_end {
        return Err(Error::field(
            origin,
            "regen.fade_start_kmh",
            fade_start,
            format!("must be ≥ fade_end_kmh = {fade_end}"),
        ));
    }
    Ok(Regen {
        fade_start_mps: fade_start * MPS_PER_KMH,
        fade_end_mps: fade_end * MPS_PER_KMH,
        max_deceleration_mps2: r.max_deceleration_mps2.map_or(Ok(f64::INFINITY), |a| {
            check::in_range_open_low(origin, "regen.max_deceleration_mps2", a, 0.0, 20.0)
        })?,
    })
}

/// FASTSim's grip limit with load transfer: a_max = μ·f·g / (1 + s·h·μ/L), s = +1 FWD, −1 RWD, 0 AWD.
fn traction(spec: &VehicleSpec, gravity: f64, origin: &str) -> Result<f64> {
    let Some(t) = &spec.traction else { return Ok(f64::INFINITY) };
    let mu = check::in_range_open_low(origin, "traction.friction_coefficient", t.friction_coefficient, 0.0, 3.0)?;
    let share =
        check::in_range_open_low(origin, "traction.drive_axle_weight_share", t.drive_axle_weight_share, 0.0, 1.0)?;
    let height = check::in_range_open_low(origin, "traction.cg_height_m", t.cg_height_m, 0.0, 5.0)?;
    let wheelbase = check::in_range_open_low(origin, "traction.wheelbase_m", t.wheelbase_m, 0.0, 20.0)?;
    let sign = match t.drive {
        DriveAxle::Fwd => 1.0,
        DriveAxle::Rwd => -1.0,
        DriveAxle::Awd => 0.0,
    };
    Ok(mu * share * gravity / (1.0 + sign * height * mu / wheelbase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_no_load_draw_makes_slow_charging_lossier() {
        let losses = ChargerLosses { conversion_efficiency: 0.94, no_load_loss_w: 190.0 };
        // 0.94 × (1 − 190 W / 2300 W)
        assert!((losses.efficiency_at(2300.0) - 0.862_348).abs() < 1e-6);
        assert!(losses.efficiency_at(11_000.0) > losses.efficiency_at(2300.0));
        assert_eq!(losses.efficiency_at(190.0), 0.0);
    }

    #[test]
    fn a_no_load_draw_that_leaves_little_to_charge_with_is_refused() {
        let spec = ChargerSpec { ac_efficiency: 0.94, ac_power_kw: 11.0, no_load_loss_w: 1500.0 };
        let err = ChargerLosses::from_spec(&spec, 11_000.0, "test").unwrap_err().to_string();
        assert!(err.contains("charger.no_load_loss_w"), "{err}");
    }
}
