//! What a run returns: a summary (energy breakdown, per phase, trace miss) and, on request, the per-step
//! time series as named columns.

use serde::Serialize;

use crate::battery::BatteryState;
use crate::units::J_PER_WH;

/// Energy flows over a run, J. Battery internal energy out equals the sum of every loss, the wheel work
/// against aero, rolling and grade, the change of kinetic energy and friction braking (checked to 1e-9).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct EnergyBreakdown {
    /// Drawn from stored (chemical) energy, net of regen.
    pub battery_internal_j: f64,
    /// At the battery terminals (DC), net of regen, including auxiliaries.
    pub battery_terminal_j: f64,
    /// Battery losses.
    pub battery_loss_j: f64,
    /// Auxiliaries.
    pub aux_j: f64,
    /// Motor and inverter losses, motoring and generating.
    pub motor_loss_j: f64,
    /// Driveline (gear) losses.
    pub driveline_loss_j: f64,
    /// Aerodynamic drag.
    pub aero_j: f64,
    /// Rolling resistance.
    pub rolling_j: f64,
    /// Climbing: change of potential energy.
    pub grade_j: f64,
    /// Change of kinetic energy (translational and rotational).
    pub kinetic_j: f64,
    /// Dissipated in the friction brakes.
    pub friction_brake_j: f64,
    /// Electrical energy the motor returned to the DC bus while braking.
    pub regen_recovered_j: f64,
    /// Auxiliary energy that an empty battery could not supply.
    pub aux_unserved_j: f64,
}

impl EnergyBreakdown {
    /// Every sink of the battery's internal energy, summed, J.
    pub fn sinks_j(&self) -> f64 {
        self.battery_loss_j
            + self.aux_j
            + self.motor_loss_j
            + self.driveline_loss_j
            + self.aero_j
            + self.rolling_j
            + self.grade_j
            + self.kinetic_j
            + self.friction_brake_j
    }
}

/// One phase of the cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseSummary {
    /// Phase name.
    pub name: String,
    /// Duration, s.
    pub duration_s: f64,
    /// Distance driven, m.
    pub distance_m: f64,
    /// Net DC energy at the battery terminals, J.
    pub battery_terminal_j: f64,
    /// Net energy drawn from storage, J.
    pub battery_internal_j: f64,
}

impl PhaseSummary {
    /// DC consumption, Wh/km (0 for a phase without distance).
    pub fn wh_per_km_dc(&self) -> f64 {
        per_km(self.battery_terminal_j, self.distance_m)
    }
}

/// How far the vehicle fell short of the prescribed trace.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct TraceMiss {
    /// Steps whose end speed is below the target.
    pub steps: usize,
    /// Their total duration, s.
    pub time_s: f64,
    /// Target distance minus driven distance, m.
    pub distance_short_m: f64,
    /// Largest shortfall of speed, m/s.
    pub worst_speed_deficit_mps: f64,
    /// Time of that shortfall, s.
    pub worst_at_s: f64,
}

/// What limited a step (`None` when the trace was followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Nothing: the trace was followed.
    #[default]
    None,
    /// Tyre grip.
    Traction,
    /// Motor top speed.
    TopSpeed,
    /// Motor power or torque.
    Motor,
    /// Battery discharge power.
    BatteryPower,
    /// Battery at the bottom of its SOC window.
    BatteryEmpty,
}

/// The first moment the battery was empty and the vehicle could not follow the trace (range tests end here).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BreakOff {
    /// Time since the start of the run, s.
    pub time_s: f64,
    /// Distance driven by then, m.
    pub distance_m: f64,
}

/// Summary of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Vehicle name.
    pub vehicle: String,
    /// Cycle name.
    pub cycle: String,
    /// Duration simulated, s.
    pub duration_s: f64,
    /// Distance driven, m.
    pub distance_m: f64,
    /// Distance of the prescribed trace over the simulated duration, m.
    pub target_distance_m: f64,
    /// Energy flows.
    pub energy: EnergyBreakdown,
    /// Energy from the wall to put back the stored energy used, J (battery charge and charger losses).
    pub wall_energy_j: f64,
    /// SOC at the start.
    pub soc_start: f64,
    /// SOC at the end.
    pub soc_end: f64,
    /// Per phase of the cycle.
    pub phases: Vec<PhaseSummary>,
    /// Shortfall against the trace.
    pub trace_miss: TraceMiss,
    /// When the battery ran empty, if it did.
    pub break_off: Option<BreakOff>,
}

impl Summary {
    /// Net DC consumption at the battery terminals, Wh/km.
    pub fn wh_per_km_dc(&self) -> f64 {
        per_km(self.energy.battery_terminal_j, self.distance_m)
    }

    /// Consumption at the wall (AC, charging losses included), Wh/km.
    pub fn wh_per_km_wall(&self) -> f64 {
        per_km(self.wall_energy_j, self.distance_m)
    }

    /// Relative energy-balance residual |internal − Σ sinks| / (|internal| + Σ|sink|): 0 up to rounding.
    pub fn energy_balance_residual(&self) -> f64 {
        let e = &self.energy;
        let flows = [
            e.battery_internal_j,
            e.battery_loss_j,
            e.aux_j,
            e.motor_loss_j,
            e.driveline_loss_j,
            e.aero_j,
            e.rolling_j,
            e.grade_j,
            e.kinetic_j,
            e.friction_brake_j,
        ];
        let scale = flows.iter().map(|f| f.abs()).sum::<f64>().max(f64::MIN_POSITIVE);
        (e.battery_internal_j - e.sinks_j()).abs() / scale
    }
}

fn per_km(energy_j: f64, distance_m: f64) -> f64 {
    if distance_m > 0.0 { energy_j / J_PER_WH / (distance_m / 1000.0) } else { 0.0 }
}

/// Per-step time series, one column per channel. Row 0 is the initial state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trace {
    /// Time, s.
    pub time_s: Vec<f64>,
    /// Prescribed speed, m/s.
    pub speed_target_mps: Vec<f64>,
    /// Achieved speed, m/s.
    pub speed_mps: Vec<f64>,
    /// Cumulative distance, m.
    pub distance_m: Vec<f64>,
    /// Mean tractive power at the wheels over the step, W (negative: braking).
    pub tractive_power_w: Vec<f64>,
    /// Motor shaft power, W (negative: generating).
    pub motor_shaft_power_w: Vec<f64>,
    /// Motor DC power, W (negative: generating).
    pub motor_electric_power_w: Vec<f64>,
    /// Friction-brake power, W (≥ 0).
    pub friction_brake_power_w: Vec<f64>,
    /// Auxiliary power, W.
    pub aux_power_w: Vec<f64>,
    /// Battery terminal power, W (discharge positive).
    pub battery_power_w: Vec<f64>,
    /// Battery losses, W.
    pub battery_loss_w: Vec<f64>,
    /// Battery terminal voltage, V (0 when the model has none).
    pub battery_voltage_v: Vec<f64>,
    /// Battery current, A (0 when the model has none).
    pub battery_current_a: Vec<f64>,
    /// State of charge.
    pub soc: Vec<f64>,
    /// Battery temperature, °C.
    pub battery_temperature_degc: Vec<f64>,
    /// What limited the step.
    pub limited_by: Vec<Limit>,
}

impl Trace {
    /// An empty trace with room for `n` rows.
    pub fn with_capacity(n: usize) -> Self {
        let column = || Vec::with_capacity(n);
        Trace {
            time_s: column(),
            speed_target_mps: column(),
            speed_mps: column(),
            distance_m: column(),
            tractive_power_w: column(),
            motor_shaft_power_w: column(),
            motor_electric_power_w: column(),
            friction_brake_power_w: column(),
            aux_power_w: column(),
            battery_power_w: column(),
            battery_loss_w: column(),
            battery_voltage_v: column(),
            battery_current_a: column(),
            soc: column(),
            battery_temperature_degc: column(),
            limited_by: Vec::with_capacity(n),
        }
    }

    /// The numeric columns with their names (units in the names): the one list that CSV and JSON writers share.
    pub fn columns(&self) -> [(&'static str, &[f64]); 15] {
        [
            ("time_s", &self.time_s),
            ("speed_target_mps", &self.speed_target_mps),
            ("speed_mps", &self.speed_mps),
            ("distance_m", &self.distance_m),
            ("tractive_power_w", &self.tractive_power_w),
            ("motor_shaft_power_w", &self.motor_shaft_power_w),
            ("motor_electric_power_w", &self.motor_electric_power_w),
            ("friction_brake_power_w", &self.friction_brake_power_w),
            ("aux_power_w", &self.aux_power_w),
            ("battery_power_w", &self.battery_power_w),
            ("battery_loss_w", &self.battery_loss_w),
            ("battery_voltage_v", &self.battery_voltage_v),
            ("battery_current_a", &self.battery_current_a),
            ("soc", &self.soc),
            ("battery_temperature_degc", &self.battery_temperature_degc),
        ]
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.time_s.len()
    }

    /// True when no row was recorded.
    pub fn is_empty(&self) -> bool {
        self.time_s.is_empty()
    }
}

/// Everything a run returns.
#[derive(Debug, Clone, PartialEq)]
pub struct SimResult {
    /// Summary figures.
    pub summary: Summary,
    /// Time series, when asked for.
    pub trace: Option<Trace>,
    /// Battery state at the end (to chain runs, as the range procedures do).
    pub final_state: BatteryState,
}
