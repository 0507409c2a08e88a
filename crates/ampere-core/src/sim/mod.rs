//! Driving a vehicle over a cycle, step by step.
//!
//! [`simulate`] starts from a rested battery at the initial SOC; [`simulate_from`] continues from a given
//! battery state (the range procedures chain runs this way). Each step settles the speed reached and every
//! power flow ([`step`]), applies the battery power, and books energy by category. The loop allocates nothing:
//! the only allocations of a run are the per-phase summary, the battery prepared for the run when it needs one
//! ([`Battery::prepared_for_run`]) and, when asked for, the trace, sized up front.

mod result;
mod step;

pub use result::{BreakOff, EnergyBreakdown, Limit, PhaseSummary, SimResult, Summary, Trace, TraceMiss};

use step::{PowerFlows, StepContext};

use crate::battery::{Battery, BatteryFlow, BatteryModel, BatteryState, DriveStep, PowerLimits};
use crate::cycle::DriveCycle;
use crate::units::{STANDARD_PRESSURE_PA, degc_to_k, k_to_degc};
use crate::vehicle::Vehicle;

/// Speed shortfall beyond which a step is outside the trace tolerance, m/s (2 km/h, WLTP).
const BREAK_OFF_SPEED_TOLERANCE_MPS: f64 = 2.0 / 3.6;
/// How long a battery-caused shortfall may last before the run breaks off, s.
const BREAK_OFF_TIME_S: f64 = 4.0;

/// Ambient temperature used when neither the options nor the cycle give one, °C (WLTP test temperature).
pub const DEFAULT_AMBIENT_DEGC: f64 = 23.0;

/// Options of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimOptions {
    /// SOC at the start; `None` starts at the top of the battery's SOC window.
    pub initial_soc: Option<f64>,
    /// Ambient temperature, °C, where the cycle carries none.
    pub ambient_degc: f64,
    /// Ambient pressure, Pa.
    pub ambient_pressure_pa: f64,
    /// Record the per-step time series.
    pub record_trace: bool,
    /// End the run at the step where the battery runs empty (range tests).
    pub stop_at_break_off: bool,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            initial_soc: None,
            ambient_degc: DEFAULT_AMBIENT_DEGC,
            ambient_pressure_pa: STANDARD_PRESSURE_PA,
            record_trace: false,
            stop_at_break_off: false,
        }
    }
}

/// Drive `vehicle` over `cycle` from a rested battery.
pub fn simulate(vehicle: &Vehicle, cycle: &DriveCycle, options: &SimOptions) -> SimResult {
    let (_, max_soc) = vehicle.battery.soc_window();
    let soc = options.initial_soc.unwrap_or(max_soc);
    let state = BatteryState::rested(soc, degc_to_k(ambient_at(cycle, options, 0)));
    simulate_from(vehicle, cycle, options, state)
}

/// Drive `vehicle` over `cycle` starting from battery `state`.
pub fn simulate_from(vehicle: &Vehicle, cycle: &DriveCycle, options: &SimOptions, state: BatteryState) -> SimResult {
    let state = state.without_step_cache();
    match vehicle.battery.prepared_for_run(&state) {
        Some(battery) => drive(vehicle, &battery, cycle, options, state),
        None => drive(vehicle, &vehicle.battery, cycle, options, state),
    }
}

/// The run itself, with `battery` standing for the vehicle's: the loop compiled for its model.
fn drive(
    vehicle: &Vehicle,
    battery: &Battery,
    cycle: &DriveCycle,
    options: &SimOptions,
    state: BatteryState,
) -> SimResult {
    match battery {
        Battery::Energy(store) => drive_with(vehicle, store, cycle, options, state),
        Battery::Ecm(pack) => drive_with(vehicle, pack.as_ref(), cycle, options, state),
    }
}

fn drive_with<B: DriveStep>(
    vehicle: &Vehicle,
    battery: &B,
    cycle: &DriveCycle,
    options: &SimOptions,
    state: BatteryState,
) -> SimResult {
    let mut run = Run::new(vehicle, battery, cycle, options, state);
    'phases: for (phase_idx, phase) in cycle.phases().iter().enumerate() {
        let at_phase_start = run.phase_totals();
        for idx in phase.start_idx + 1..=phase.end_idx {
            run.step(idx);
            if options.stop_at_break_off && run.summary.break_off.is_some() {
                run.close_phase(phase_idx, &at_phase_start);
                break 'phases;
            }
        }
        run.close_phase(phase_idx, &at_phase_start);
    }
    run.finish()
}

fn ambient_at(cycle: &DriveCycle, options: &SimOptions, idx: usize) -> f64 {
    cycle.ambient_degc().map_or(options.ambient_degc, |a| a[idx])
}

/// State carried through a run.
struct Run<'a, B> {
    vehicle: &'a Vehicle,
    cycle: &'a DriveCycle,
    options: &'a SimOptions,
    /// The vehicle's battery, or an equivalent prepared for this run ([`Battery::prepared_for_run`]).
    battery: &'a B,
    state: BatteryState,
    speed_mps: f64,
    /// How long the battery has kept the car below the trace tolerance without a break, s.
    battery_shortfall_s: f64,
    /// Air density when it does not change during the run (no ambient column in the cycle), kg/m³.
    constant_air_density: Option<f64>,
    summary: Summary,
    trace: Option<Trace>,
}

impl<'a, B: DriveStep> Run<'a, B> {
    fn new(
        vehicle: &'a Vehicle,
        battery: &'a B,
        cycle: &'a DriveCycle,
        options: &'a SimOptions,
        state: BatteryState,
    ) -> Self {
        let phases = cycle
            .phases()
            .iter()
            .map(|p| PhaseSummary {
                name: p.name.clone(),
                duration_s: 0.0,
                distance_m: 0.0,
                battery_terminal_j: 0.0,
                battery_internal_j: 0.0,
            })
            .collect();
        let summary = Summary {
            vehicle: vehicle.name.clone(),
            cycle: cycle.name().to_owned(),
            duration_s: 0.0,
            distance_m: 0.0,
            target_distance_m: 0.0,
            energy: EnergyBreakdown::default(),
            wall_energy_j: 0.0,
            soc_start: state.soc,
            soc_end: state.soc,
            phases,
            trace_miss: TraceMiss::default(),
            break_off: None,
        };
        let mut run = Run {
            vehicle,
            cycle,
            options,
            battery,
            state,
            speed_mps: cycle.speed_mps()[0],
            battery_shortfall_s: 0.0,
            constant_air_density: cycle
                .ambient_degc()
                .is_none()
                .then(|| step::air_density(vehicle, degc_to_k(options.ambient_degc), options.ambient_pressure_pa)),
            summary,
            trace: options.record_trace.then(|| Trace::with_capacity(cycle.len())),
        };
        let initial = PowerFlows { v1_mps: run.speed_mps, ..PowerFlows::default() };
        run.record(0, initial, 0.0, BatteryFlow::default());
        run
    }

    #[inline]
    fn step(&mut self, idx: usize) {
        let time = self.cycle.time_s();
        let dt_s = time[idx] - time[idx - 1];
        let ambient_k = degc_to_k(ambient_at(self.cycle, self.options, idx));
        let prepared = self.battery.prepare_step(&mut self.state, dt_s);
        let first_limits = B::first_limits(&prepared);
        let ctx = StepContext {
            v0_mps: self.speed_mps,
            v_target_mps: self.cycle.speed_mps()[idx],
            dt_s,
            grade: self.cycle.grade()[idx],
            air_density_kg_m3: match self.constant_air_density {
                Some(rho) => rho,
                None => step::air_density(self.vehicle, ambient_k, self.options.ambient_pressure_pa),
            },
            // Field by field: a copy of the whole struct read its flag (stored as one byte) with an 8-byte
            // load, which cannot be forwarded from the store and stalled every step.
            limits: PowerLimits {
                discharge_w: first_limits.discharge_w,
                charge_w: first_limits.charge_w,
                energy_limited: first_limits.energy_limited,
            },
        };
        let flows = step::solve(self.vehicle, &ctx, self.vehicle.aux_power_w);
        let aux_w = self.aux_within(&ctx, &flows);
        let terminal_w = flows.motor_electric_w + aux_w;
        match self.battery.step_within(&mut self.state, &prepared, terminal_w, dt_s, ambient_k) {
            Some(battery) => self.close_step(idx, &ctx, flows, aux_w, battery),
            None => self.step_at_limits(idx, ctx, &prepared, ambient_k),
        }
    }

    /// Settle the step again within the battery's exact limits and apply it: the battery found the first
    /// settlement's power near or beyond them ([`DriveStep`]). Rare, and kept out of the drive loop's code.
    #[cold]
    #[inline(never)]
    fn step_at_limits(&mut self, idx: usize, mut ctx: StepContext, prepared: &B::Prepared, ambient_k: f64) {
        let (limited, limits) = self.battery.limit_step(&mut self.state, prepared);
        ctx.limits = limits;
        let flows = step::solve(self.vehicle, &ctx, self.vehicle.aux_power_w);
        let aux_w = self.aux_within(&ctx, &flows);
        let terminal_w = flows.motor_electric_w + aux_w;
        let battery = self.battery.step_limited(&mut self.state, &limited, terminal_w, ctx.dt_s, ambient_k);
        self.close_step(idx, &ctx, flows, aux_w, battery);
    }

    /// The auxiliary power served in a step settled at `flows` within `ctx`'s limits. An empty battery cannot
    /// feed the auxiliaries either; what it cannot give is booked, not drawn. A branch, not a min(): the
    /// terminal power must not wait for the battery's limits, which depend on its state.
    #[inline(always)]
    fn aux_within(&self, ctx: &StepContext, flows: &PowerFlows) -> f64 {
        if flows.motor_electric_w + self.vehicle.aux_power_w <= ctx.limits.discharge_w {
            self.vehicle.aux_power_w
        } else {
            aux_served(self.vehicle.aux_power_w, ctx.limits.discharge_w - flows.motor_electric_w)
        }
    }

    /// Book a settled step, check for break-off, move on and record it.
    #[inline(always)]
    fn close_step(&mut self, idx: usize, ctx: &StepContext, flows: PowerFlows, aux_w: f64, battery: BatteryFlow) {
        let target_distance_m = 0.5 * (self.cycle.speed_mps()[idx - 1] + ctx.v_target_mps) * ctx.dt_s;
        self.book(ctx, &flows, aux_w, &battery);
        self.summary.target_distance_m += target_distance_m;
        if self.is_break_off(ctx, &flows) && self.summary.break_off.is_none() {
            self.summary.break_off =
                Some(BreakOff { time_s: self.summary.duration_s, distance_m: self.summary.distance_m });
        }
        self.speed_mps = flows.v1_mps;
        if self.trace.is_some() {
            self.record(idx, flows, aux_w, battery);
        }
    }

    /// Break-off: the battery is empty, or it has kept the car more than 2 km/h below the trace for more than
    /// 4 s (the WLTP speed-trace tolerance; a pack at its cell-voltage floor is power-limited, not empty).
    #[inline]
    fn is_break_off(&mut self, ctx: &StepContext, flows: &PowerFlows) -> bool {
        let battery_limited = matches!(flows.limit, Limit::BatteryPower | Limit::BatteryEmpty);
        if battery_limited && ctx.v_target_mps - flows.v1_mps > BREAK_OFF_SPEED_TOLERANCE_MPS {
            self.battery_shortfall_s += ctx.dt_s;
        } else {
            self.battery_shortfall_s = 0.0;
        }
        flows.limit == Limit::BatteryEmpty || self.battery_shortfall_s > BREAK_OFF_TIME_S
    }

    #[inline]
    fn book(&mut self, ctx: &StepContext, flows: &PowerFlows, aux_w: f64, battery: &BatteryFlow) {
        let dt = ctx.dt_s;
        let distance = 0.5 * (ctx.v0_mps + flows.v1_mps) * dt;
        let s = &mut self.summary;
        s.duration_s += dt;
        s.distance_m += distance;
        let e = &mut s.energy;
        e.battery_internal_j += battery.internal_power_w * dt;
        e.battery_terminal_j += (flows.motor_electric_w + aux_w) * dt;
        e.battery_loss_j += battery.loss_w * dt;
        e.aux_j += aux_w * dt;
        e.aux_unserved_j += (self.vehicle.aux_power_w - aux_w) * dt;
        e.motor_loss_j += (flows.motor_electric_w - flows.shaft_w) * dt;
        e.driveline_loss_j += (flows.shaft_w - flows.wheel_drive_w) * dt;
        e.aero_j += flows.road.aero_w * dt;
        e.rolling_j += flows.road.rolling_w * dt;
        e.grade_j += flows.road.grade_w * dt;
        e.kinetic_j += flows.road.inertia_w * dt;
        e.friction_brake_j += flows.friction_brake_w * dt;
        e.regen_recovered_j += (-flows.motor_electric_w).max(0.0) * dt;
        let deficit = ctx.v_target_mps - flows.v1_mps;
        if deficit > 1e-9 {
            book_trace_miss(s, deficit, dt);
        }
    }

    /// The running totals that phases are booked from.
    fn phase_totals(&self) -> PhaseSummary {
        let s = &self.summary;
        PhaseSummary {
            name: String::new(),
            duration_s: s.duration_s,
            distance_m: s.distance_m,
            battery_terminal_j: s.energy.battery_terminal_j,
            battery_internal_j: s.energy.battery_internal_j,
        }
    }

    /// Book phase `phase_idx` as what the run totals gained since `at_start` (booking each step into its phase
    /// as well would cost the drive loop four more sums per step).
    fn close_phase(&mut self, phase_idx: usize, at_start: &PhaseSummary) {
        let now = self.phase_totals();
        let phase = &mut self.summary.phases[phase_idx];
        phase.duration_s = now.duration_s - at_start.duration_s;
        phase.distance_m = now.distance_m - at_start.distance_m;
        phase.battery_terminal_j = now.battery_terminal_j - at_start.battery_terminal_j;
        phase.battery_internal_j = now.battery_internal_j - at_start.battery_internal_j;
    }

    /// Append step `idx` to the trace. The flows come by value: taking their address would keep them in memory
    /// on every step, traced or not, where the booking then reads them back with wide loads over narrow stores.
    #[inline(never)]
    fn record(&mut self, idx: usize, flows: PowerFlows, aux_w: f64, battery: BatteryFlow) {
        let Some(trace) = self.trace.as_mut() else { return };
        let distance = self.summary.distance_m;
        trace.time_s.push(self.cycle.time_s()[idx]);
        trace.speed_target_mps.push(self.cycle.speed_mps()[idx]);
        trace.speed_mps.push(flows.v1_mps);
        trace.distance_m.push(distance);
        trace.tractive_power_w.push(flows.road.total_w());
        trace.motor_shaft_power_w.push(flows.shaft_w);
        trace.motor_electric_power_w.push(flows.motor_electric_w);
        trace.friction_brake_power_w.push(flows.friction_brake_w);
        trace.aux_power_w.push(aux_w);
        trace.battery_power_w.push(flows.motor_electric_w + aux_w);
        trace.battery_loss_w.push(battery.loss_w);
        trace.battery_voltage_v.push(battery.voltage_v);
        trace.battery_current_a.push(battery.current_a);
        trace.soc.push(self.state.soc);
        trace.battery_temperature_degc.push(k_to_degc(self.state.temperature_k));
        trace.limited_by.push(flows.limit);
    }

    fn finish(mut self) -> SimResult {
        let s = &mut self.summary;
        s.soc_end = self.state.soc;
        s.trace_miss.distance_short_m = (s.target_distance_m - s.distance_m).max(0.0);
        s.wall_energy_j = wall_energy_j(self.vehicle, s.energy.battery_internal_j);
        SimResult { summary: self.summary, trace: self.trace, final_state: self.state }
    }
}

/// The auxiliary power a battery with `left_w` to spare after traction can serve. Rare (an empty or
/// power-limited battery), and kept out of the drive loop's code.
#[cold]
#[inline(never)]
fn aux_served(aux_power_w: f64, left_w: f64) -> f64 {
    aux_power_w.min(left_w).max(0.0)
}

/// Book a step that fell `deficit` m/s short of the trace. Rare, and kept out of the drive loop's code.
#[cold]
#[inline(never)]
fn book_trace_miss(summary: &mut Summary, deficit: f64, dt: f64) {
    let miss = &mut summary.trace_miss;
    miss.steps += 1;
    miss.time_s += dt;
    if deficit > miss.worst_speed_deficit_mps {
        miss.worst_speed_deficit_mps = deficit;
        miss.worst_at_s = summary.duration_s;
    }
}

/// Energy from the wall to restore `internal_j` of stored energy by the AC recharge every wall figure assumes
/// ([`Vehicle::recharge_power_w`], at [`Vehicle::charger_efficiency`]).
pub fn wall_energy_j(vehicle: &Vehicle, internal_j: f64) -> f64 {
    let terminal_power_w = vehicle.recharge_power_w() * vehicle.charger_efficiency;
    internal_j / vehicle.battery.charge_efficiency(terminal_power_w) / vehicle.charger_efficiency
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::battery::{EcmPack, PackSetup};
    use crate::cycle::builtin;

    /// A pack settled with its exact limits from the start of every step, as the drive loop did before the
    /// pack checked the power against them ([`DriveStep`] for [`EcmPack`]).
    struct Eager<'a>(&'a EcmPack);

    impl DriveStep for Eager<'_> {
        type Prepared = (PackSetup, PowerLimits);
        type Limited = (PackSetup, PowerLimits);

        fn prepare_step(&self, state: &mut BatteryState, dt_s: f64) -> Self::Prepared {
            let setup = self.0.setup(state, dt_s);
            (setup, setup.limits(self.0.n_cells()))
        }

        fn first_limits(prepared: &Self::Prepared) -> PowerLimits {
            prepared.1
        }

        fn step_within(
            &self,
            state: &mut BatteryState,
            prepared: &Self::Prepared,
            terminal_power_w: f64,
            dt_s: f64,
            ambient_k: f64,
        ) -> Option<BatteryFlow> {
            Some(self.step_limited(state, prepared, terminal_power_w, dt_s, ambient_k))
        }

        fn limit_step(&self, _: &mut BatteryState, prepared: &Self::Prepared) -> (Self::Limited, PowerLimits) {
            (*prepared, prepared.1)
        }

        fn step_limited(
            &self,
            state: &mut BatteryState,
            prepared: &Self::Limited,
            terminal_power_w: f64,
            dt_s: f64,
            ambient_k: f64,
        ) -> BatteryFlow {
            self.0.step_with(state, &prepared.0, terminal_power_w, dt_s, ambient_k, 0.0).flow
        }
    }

    /// The Zoe with its ECM pack over WLTC class 3b, run by the drive loop (limits only near them) and with
    /// the exact limits every step, from states where the limits bind on both sides: a full pack (no regen
    /// until it has room), a nearly empty one in the cold (power-limited, then empty), a mild mid-SOC run.
    /// Every step of the trace, the summary and the final state must be the same bit for bit.
    #[test]
    fn checking_the_power_equals_settling_with_the_exact_limits() {
        let vehicle = Vehicle::from_toml(include_str!("../../../../data/vehicles/examples/zoe_ecm.toml"), "zoe_ecm")
            .expect("example vehicle");
        let Battery::Ecm(pack) = &vehicle.battery else { panic!("the example has an ECM pack") };
        let cycle = builtin::load("wltc_class3b").expect("WLTC 3b");
        let (min_soc, max_soc) = pack.soc_window();
        let mut battery_limited_steps = 0;
        let mut friction_only_braking_steps = 0;
        for (soc, ambient_degc) in [(max_soc, 0.0), (min_soc + 0.03, -20.0), (0.5, 25.0)] {
            let options = SimOptions { ambient_degc, record_trace: true, ..SimOptions::default() };
            let state = BatteryState::rested(soc, degc_to_k(ambient_degc));
            let checked = drive_with(&vehicle, pack.as_ref(), &cycle, &options, state);
            let eager = drive_with(&vehicle, &Eager(pack), &cycle, &options, state);
            let case = format!("start SOC {soc}, {ambient_degc} °C");
            assert_eq!(checked.summary, eager.summary, "{case}");
            assert_eq!(checked.final_state, eager.final_state, "{case}");
            assert!(checked.trace == eager.trace, "{case}: the traces differ");
            let trace = checked.trace.expect("trace");
            battery_limited_steps +=
                trace.limited_by.iter().filter(|l| matches!(l, Limit::BatteryPower | Limit::BatteryEmpty)).count();
            friction_only_braking_steps += trace
                .friction_brake_power_w
                .iter()
                .zip(&trace.motor_electric_power_w)
                .filter(|&(&friction_w, &motor_w)| friction_w > 0.0 && motor_w > -1.0)
                .count();
        }
        assert!(battery_limited_steps > 0, "no step was limited by the battery's discharge power");
        assert!(friction_only_braking_steps > 0, "no braking step found the battery full");
    }
}
