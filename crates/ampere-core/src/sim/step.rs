//! One time step of the backward-facing BEV model, with a forward check: from the prescribed speed, compute
//! the road load, then the driveline, motor and battery power; if a limit (motor, battery, grip, top speed)
//! does not allow it, find the highest speed that is allowed instead.
//!
//! Braking is shared between regen and friction: regen takes what the speed fade, the brake-blending
//! deceleration, the motor and the battery's charge limit (plus the auxiliary load, which absorbs regen)
//! allow, and the friction brakes the rest.

use super::result::Limit;
use crate::battery::PowerLimits;
use crate::vehicle::{AirDensity, RoadLoadPower, StepKinematics, Vehicle};

/// Bisection iterations for the achievable speed: 2⁻⁶⁰ of the target speed, below rounding.
const SPEED_BISECTION_ITERATIONS: u32 = 60;

/// Conditions of the step that do not depend on the chosen end speed.
#[derive(Debug, Clone, Copy)]
pub(super) struct StepContext {
    pub v0_mps: f64,
    pub v_target_mps: f64,
    pub dt_s: f64,
    pub grade: f64,
    pub air_density_kg_m3: f64,
    pub limits: PowerLimits,
}

/// Power flows of the step as settled, W (mean over the step).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PowerFlows {
    pub v1_mps: f64,
    pub road: RoadLoadPower,
    /// Power through the driveline at the wheels (positive: driving; negative: regen).
    pub wheel_drive_w: f64,
    /// Power at the motor shaft (positive: motoring).
    pub shaft_w: f64,
    /// DC power of the motor (positive: drawn).
    pub motor_electric_w: f64,
    pub friction_brake_w: f64,
    pub limit: Limit,
}

/// Air density for the run, kg/m³.
pub(super) fn air_density(vehicle: &Vehicle, ambient_k: f64, pressure_pa: f64) -> f64 {
    match vehicle.conventions.air_density {
        AirDensity::Fixed(rho) => rho,
        AirDensity::FromAmbient => crate::units::dry_air_density(ambient_k, pressure_pa),
    }
}

/// Settle the step: the speed reached and every power flow, given the battery limits in `ctx`.
#[inline]
pub(super) fn solve(vehicle: &Vehicle, ctx: &StepContext, aux_w: f64) -> PowerFlows {
    let grip_ceiling = ctx.v0_mps + vehicle.max_traction_acceleration_mps2 * ctx.dt_s;
    let mut limit = Limit::None;
    let mut v_goal = ctx.v_target_mps;
    if v_goal > grip_ceiling {
        v_goal = grip_ceiling;
        limit = Limit::Traction;
    }
    let budget_w = (ctx.limits.discharge_w - aux_w).max(0.0);
    // Filled in place and returned as it is: a copy of the whole struct here compiled to wide loads over the
    // narrow stores that wrote it, which stall the drive loop.
    let mut flows = flows_at(vehicle, ctx, v_goal, aux_w);
    if let Some(bound) = propulsion_limit(vehicle, ctx, &flows, budget_w) {
        return solve_limited(vehicle, ctx, v_goal, aux_w, budget_w, bound);
    }
    flows.limit = limit;
    flows
}

/// Settle a step whose demand at `v_goal` breaks limit `bound`: the highest speed that fits, or rolling to
/// rest when none does. Rare, and kept out of the drive loop's code.
#[cold]
#[inline(never)]
fn solve_limited(
    vehicle: &Vehicle,
    ctx: &StepContext,
    v_goal: f64,
    aux_w: f64,
    budget_w: f64,
    bound: Limit,
) -> PowerFlows {
    let v1 = highest_feasible_speed(vehicle, ctx, v_goal, aux_w, budget_w);
    let mut flows = flows_at(vehicle, ctx, v1, aux_w);
    if propulsion_limit(vehicle, ctx, &flows, budget_w).is_some() {
        flows = rolling_to_rest(vehicle, ctx);
    }
    flows.limit = bound;
    flows
}

/// Which limit, if any, a propulsion step at these flows breaks.
#[inline]
fn propulsion_limit(vehicle: &Vehicle, ctx: &StepContext, flows: &PowerFlows, budget_w: f64) -> Option<Limit> {
    if flows.shaft_w <= 0.0 {
        return None;
    }
    let mean_speed = 0.5 * (ctx.v0_mps + flows.v1_mps);
    let shaft_speed = vehicle.motor_speed_rad_s(mean_speed);
    if vehicle.motor_speed_rad_s(flows.v1_mps) > vehicle.motor.max_speed_rad_s {
        return Some(Limit::TopSpeed);
    }
    if flows.shaft_w > vehicle.motor.max_power_w(shaft_speed) {
        return Some(Limit::Motor);
    }
    if flows.motor_electric_w > budget_w {
        return Some(if ctx.limits.energy_limited { Limit::BatteryEmpty } else { Limit::BatteryPower });
    }
    None
}

/// The car coasts to rest within the step without power: below about g·C_rr·Δt of start speed, resistance
/// stops it before the step ends, which the linear speed ramp would otherwise read as a traction demand. The
/// kinetic energy is booked as rolling loss.
fn rolling_to_rest(vehicle: &Vehicle, ctx: &StepContext) -> PowerFlows {
    let mut road = flows_at(vehicle, ctx, 0.0, 0.0).road;
    road.rolling_w = -(road.aero_w + road.grade_w + road.inertia_w);
    PowerFlows { v1_mps: 0.0, road, ..PowerFlows::default() }
}

/// Largest end speed ≤ `v_goal` whose propulsion demand fits every limit. Demand rises with the end speed,
/// so bisection converges on the boundary (0 when nothing fits: see [`rolling_to_rest`]).
fn highest_feasible_speed(vehicle: &Vehicle, ctx: &StepContext, v_goal: f64, aux_w: f64, budget_w: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, v_goal);
    for _ in 0..SPEED_BISECTION_ITERATIONS {
        let mid = 0.5 * (lo + hi);
        let flows = flows_at(vehicle, ctx, mid, aux_w);
        if propulsion_limit(vehicle, ctx, &flows, budget_w).is_none() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Power flows if the step ends at `v1_mps`.
#[inline(always)]
fn flows_at(vehicle: &Vehicle, ctx: &StepContext, v1_mps: f64, aux_w: f64) -> PowerFlows {
    let kinematics = StepKinematics {
        v0_mps: ctx.v0_mps,
        v1_mps,
        dt_s: ctx.dt_s,
        grade: ctx.grade,
        air_density_kg_m3: ctx.air_density_kg_m3,
    };
    let road = vehicle.road_load.power(&kinematics, &vehicle.loaded_mass(), &vehicle.conventions);
    let tractive_w = road.total_w();
    let mean_speed = 0.5 * (ctx.v0_mps + v1_mps);
    let shaft_speed = vehicle.motor_speed_rad_s(mean_speed);
    if tractive_w >= 0.0 {
        let shaft_w = tractive_w / vehicle.driveline_efficiency.at(tractive_w, shaft_speed);
        let motor_electric_w = shaft_w / vehicle.motor.efficiency.at(shaft_w, shaft_speed);
        return PowerFlows {
            v1_mps,
            road,
            wheel_drive_w: tractive_w,
            shaft_w,
            motor_electric_w,
            friction_brake_w: 0.0,
            limit: Limit::None,
        };
    }
    braking_flows(vehicle, ctx, v1_mps, road, aux_w)
}

/// Share a braking demand between regen and friction.
#[inline(always)]
fn braking_flows(vehicle: &Vehicle, ctx: &StepContext, v1_mps: f64, road: RoadLoadPower, aux_w: f64) -> PowerFlows {
    let braking_w = -road.total_w();
    let mean_speed = 0.5 * (ctx.v0_mps + v1_mps);
    let shaft_speed = vehicle.motor_speed_rad_s(mean_speed);
    let conventions = &vehicle.conventions;
    let mut regen_wheel_w = braking_w;
    if conventions.regen_fade {
        let inertial_mass = vehicle.mass_kg + vehicle.rotating_mass_kg;
        let blend_cap_w = inertial_mass * vehicle.regen.max_deceleration_mps2 * mean_speed;
        regen_wheel_w = (braking_w * vehicle.regen.share(mean_speed)).min(blend_cap_w);
    }
    let eta_driveline = vehicle.driveline_efficiency.at(regen_wheel_w, shaft_speed);
    let generating = vehicle.motor.regen_efficiency.as_ref().unwrap_or(&vehicle.motor.efficiency);
    let eta_motor = |shaft_w: f64| {
        if conventions.regen_efficiency_at_zero_power {
            generating.at_zero_power()
        } else {
            generating.at(shaft_w, shaft_speed)
        }
    };
    // Shaft power the motor may absorb: its own rating, and what the battery (plus the aux load) can take.
    let electric_cap_w = ctx.limits.charge_w + aux_w;
    let mut shaft_w = (regen_wheel_w * eta_driveline).min(vehicle.motor.max_power_w(shaft_speed));
    let mut motor_electric_w = shaft_w * eta_motor(shaft_w);
    if motor_electric_w > electric_cap_w {
        // Efficiency at the capped point is taken from the uncapped one; the cap itself is met exactly.
        shaft_w = electric_cap_w / eta_motor(shaft_w);
        motor_electric_w = electric_cap_w;
    }
    let wheel_regen_w = shaft_w / eta_driveline;
    PowerFlows {
        v1_mps,
        road,
        wheel_drive_w: -wheel_regen_w,
        shaft_w: -shaft_w,
        motor_electric_w: -motor_electric_w,
        friction_brake_w: braking_w - wheel_regen_w,
        limit: Limit::None,
    }
}
