//! Charging a vehicle: AC (on-board charger) or DC fast charging, from one displayed SOC to another.
//!
//! Each step (default 1 s) the charge power is the smallest of: the charger's power, its current limit at the
//! pack voltage, its voltage ceiling, the car's charge-power limit, and the battery's own charge limit. For the
//! equivalent-circuit pack the latter is the cell charge-current map (SOC, temperature) with BMS derating and
//! the maximum cell voltage, which turns the end of the session into the CV phase of CC-CV (see
//! `battery::ecm`); for the energy store it is its charge-power limit.
//!
//! [`SessionBattery::of`] picks what a car charges as: an ECM pack as its file says; an energy-store car with a
//! published chemistry through its [`equivalent`] pack (the chemistry's library cell laid out to its published
//! energy and voltage) under the store's charge-power limit, so that it tapers as the cell data say; an
//! energy-store car without one at the store's flat limit. `ampere charge` and `ampere compare` both go
//! through it. Preconditioning heats the pack with its heater (powered from the grid)
//! during the session, or before it (the pack arrives at the target temperature and the heat is booked as grid
//! energy). SOCs given and reported here are *displayed* SOCs: 0–100 % of the BMS window.
//!
//! Grid energy = Σ (P_terminal/η_charger + P_heater/η_charger)·Δt; losses = grid − energy stored (charger,
//! battery and heater).

pub mod equivalent;

use serde::Serialize;

use crate::battery::ecm::{Bound, Solved};
use crate::battery::{Battery, BatteryModel, BatteryState, EcmPack};
use crate::error::{Error, Result, check};
use crate::vehicle::{Vehicle, VehicleSpec};
use equivalent::EquivalentPack;

/// Longest session simulated, s (a stalled session, e.g. a frozen pack with no heater, ends here).
pub const MAX_SESSION_S: f64 = 48.0 * 3600.0;

/// The reference DC charger of `ampere charge` and `ampere compare`, in the units of [`Charger::dc`]'s arguments:
/// a high-power (HPC) charger of 350 kW, 500 A and 1000 V with 95 % from grid to battery terminals, so that a
/// car's own limits, not the charger's, set its charging time.
pub const REFERENCE_DC_CHARGER: DcChargerRating =
    DcChargerRating { power_kw: 350.0, current_a: 500.0, max_voltage_v: 1000.0, efficiency: 0.95 };

/// A DC charger's rating as published (kW, A, V, grid-to-terminal efficiency 0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DcChargerRating {
    /// Output power, kW.
    pub power_kw: f64,
    /// Output current limit, A.
    pub current_a: f64,
    /// Highest output voltage, V.
    pub max_voltage_v: f64,
    /// Grid-to-battery-terminal efficiency, (0, 1].
    pub efficiency: f64,
}

/// A charger.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Charger {
    /// Largest output power, W.
    pub max_power_w: f64,
    /// Largest output current, A.
    pub max_current_a: f64,
    /// Highest output voltage, V.
    pub max_voltage_v: f64,
    /// Grid-to-battery-terminal efficiency, (0, 1].
    pub efficiency: f64,
}

impl Charger {
    /// The vehicle's on-board AC charger at its full power (its efficiency there; no current or voltage limit
    /// of its own).
    pub fn ac(vehicle: &Vehicle) -> Self {
        // At full power, not at the 2.3 kW recharge of `Vehicle::charger_efficiency`: the charger's no-load
        // draw weighs less the more power flows through it.
        let efficiency = vehicle.charger_efficiency_at(vehicle.charger_power_w);
        Charger {
            max_power_w: vehicle.charger_power_w * efficiency,
            max_current_a: f64::INFINITY,
            max_voltage_v: f64::INFINITY,
            efficiency,
        }
    }

    /// A DC charger; `origin` names the source of the values in errors.
    pub fn dc(power_kw: f64, current_a: f64, max_voltage_v: f64, efficiency: f64, origin: &str) -> Result<Self> {
        Ok(Charger {
            max_power_w: check::positive(origin, "charger power_kw", power_kw)? * 1e3,
            max_current_a: check::positive(origin, "charger current_a", current_a)?,
            max_voltage_v: check::positive(origin, "charger max_voltage_v", max_voltage_v)?,
            efficiency: check::in_range_open_low(origin, "charger efficiency", efficiency, 0.0, 1.0)?,
        })
    }
}

/// When the heater runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preconditioning {
    /// Never.
    #[default]
    None,
    /// During the session, whenever the pack is below the heater target.
    During,
    /// Before the session: the pack arrives at the heater target (and keeps heating during it).
    Before,
}

/// Options of a session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChargeOptions {
    /// Displayed SOC at plug-in, 0–1.
    pub from_soc: f64,
    /// Displayed SOC to stop at, 0–1.
    pub to_soc: f64,
    /// Ambient temperature (and pack temperature at plug-in), K.
    pub ambient_k: f64,
    /// Heater use.
    pub preconditioning: Preconditioning,
    /// Time step, s.
    pub dt_s: f64,
}

/// What limited the charge power in a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeLimit {
    /// The charger's power.
    ChargerPower,
    /// The charger's current.
    ChargerCurrent,
    /// The charger's voltage ceiling.
    ChargerVoltage,
    /// The car's charge-power limit (an equivalent pack's: the energy store's, see [`equivalent`]).
    VehiclePower,
    /// The battery, for the reason given.
    Battery(Bound),
    /// The energy store's charge-power limit.
    BatteryPower,
}

/// Time series of a session (one row per step end).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ChargeTrace {
    /// Time since plug-in, s.
    pub time_s: Vec<f64>,
    /// Displayed SOC, 0–1.
    pub soc: Vec<f64>,
    /// Power into the battery terminals, W (≥ 0).
    pub power_w: Vec<f64>,
    /// Power from the grid, W.
    pub grid_power_w: Vec<f64>,
    /// Pack current, A (charging positive here).
    pub current_a: Vec<f64>,
    /// Pack voltage, V.
    pub voltage_v: Vec<f64>,
    /// Cell temperature, °C.
    pub temperature_degc: Vec<f64>,
    /// What limited the step.
    pub limited_by: Vec<ChargeLimit>,
}

/// Results of a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChargeSummary {
    /// Duration from plug-in to `to_soc` (or to the stall), s.
    pub duration_s: f64,
    /// Whether `to_soc` was reached.
    pub reached: bool,
    /// Time from 10 % to 80 % displayed SOC when the session spans them, s.
    pub time_10_80_s: Option<f64>,
    /// Time from 20 % to 80 % displayed SOC when the session spans them, s.
    pub time_20_80_s: Option<f64>,
    /// Energy drawn from the grid, J.
    pub grid_energy_j: f64,
    /// Energy stored (chemical), J.
    pub stored_energy_j: f64,
    /// Losses (charger, battery, heater), J.
    pub loss_j: f64,
    /// Heater energy, J (from the grid, before the charger efficiency).
    pub heater_energy_j: f64,
    /// Highest cell temperature, °C.
    pub peak_temperature_degc: f64,
    /// Highest power into the battery, W.
    pub peak_power_w: f64,
}

/// A session: summary and trace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChargeResult {
    /// Summary.
    pub summary: ChargeSummary,
    /// Time series.
    pub trace: ChargeTrace,
}

/// What a session charges.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionBattery<'a> {
    /// The vehicle's own battery: an ECM pack, or an energy store at its flat charge-power limit.
    Own(&'a Battery),
    /// An energy-store car's equivalent pack, under the car's charge-power limit (boxed: a pack is large, a
    /// reference is not).
    Equivalent(Box<EquivalentPack>),
}

impl<'a> SessionBattery<'a> {
    /// What `ampere charge` and `ampere compare` charge for the car of `spec` (validated as `vehicle`): its
    /// equivalent pack when it has one (see [`equivalent`]), else its own battery. `origin` names the file.
    pub fn of(spec: &VehicleSpec, vehicle: &'a Vehicle, origin: &str) -> Result<Self> {
        Ok(match EquivalentPack::of(spec, vehicle, origin)? {
            Some(pack) => SessionBattery::Equivalent(Box::new(pack)),
            None => SessionBattery::Own(&vehicle.battery),
        })
    }

    /// What charges, in words: model, layout and cell.
    pub fn description(&self) -> String {
        match self {
            SessionBattery::Own(Battery::Ecm(pack)) => {
                format!("ECM pack {}s{}p of {}", pack.n_series, pack.n_parallel, pack.cell().name)
            }
            SessionBattery::Own(Battery::Energy(_)) => {
                "energy store at its constant charge-power limit (no taper: no published chemistry names a library cell)"
                    .to_owned()
            }
            SessionBattery::Equivalent(e) => format!(
                "equivalent ECM pack {}s{}p of {} (the published chemistry's library cell), under the car's {:.0} kW",
                e.n_series,
                e.n_parallel,
                e.cell,
                e.max_charge_power_w / 1e3
            ),
        }
    }

    /// Charge with `charger` as `options` says.
    pub fn charge(&self, charger: &Charger, options: &ChargeOptions) -> Result<ChargeResult> {
        let (battery, vehicle_limit_w) = match self {
            SessionBattery::Own(battery) => (*battery, f64::INFINITY),
            SessionBattery::Equivalent(e) => (&e.battery, e.max_charge_power_w),
        };
        charge_battery(battery, vehicle_limit_w, charger, options)
    }
}

/// Charge the battery `vehicle` holds (an energy store at its flat limit; [`SessionBattery::of`] gives its
/// equivalent pack) with `charger` as `options` says.
pub fn charge(vehicle: &Vehicle, charger: &Charger, options: &ChargeOptions) -> Result<ChargeResult> {
    SessionBattery::Own(&vehicle.battery).charge(charger, options)
}

/// Charge `battery` with `charger`, the car taking at most `vehicle_limit_w` at the terminals.
fn charge_battery(
    battery: &Battery,
    vehicle_limit_w: f64,
    charger: &Charger,
    options: &ChargeOptions,
) -> Result<ChargeResult> {
    let origin = "charge options";
    let from = check::in_range(origin, "from_soc", options.from_soc, 0.0, 1.0)?;
    let to = check::in_range(origin, "to_soc", options.to_soc, 0.0, 1.0)?;
    if to <= from {
        return Err(Error::field(origin, "to_soc", to, format!("must be above from_soc = {from}")));
    }
    let dt_s = check::in_range_open_low(origin, "dt_s", options.dt_s, 0.0, 60.0)?;
    let (min_soc, max_soc) = battery.soc_window();
    let displayed = |soc: f64| (soc - min_soc) / (max_soc - min_soc);
    let mut state = BatteryState::rested(min_soc + from * (max_soc - min_soc), options.ambient_k);
    let mut session = Session::new(charger, vehicle_limit_w, dt_s);
    if let (Battery::Ecm(pack), Preconditioning::Before) = (battery, options.preconditioning)
        && let Some(heater) = pack.heater
        && heater.target_k > state.temperature_k
    {
        let heat_j = pack.n_cells() * pack.cell().heat_capacity_j_per_k * (heater.target_k - state.temperature_k);
        session.heater_energy_j += heat_j;
        session.grid_energy_j += heat_j / charger.efficiency;
        state.temperature_k = heater.target_k;
    }
    session.record(displayed(state.soc), &state);
    while displayed(state.soc) < to && session.time_s < MAX_SESSION_S {
        let power_w = match battery {
            Battery::Ecm(pack) => session.ecm_step(pack, &mut state, options),
            Battery::Energy(_) => session.store_step(battery, &mut state, options.ambient_k),
        };
        if power_w <= 0.0 && session.heater_w_last <= 0.0 {
            break;
        }
        session.record(displayed(state.soc), &state);
    }
    Ok(session.finish(displayed(state.soc) >= to))
}

/// Running totals of a session.
struct Session {
    /// The charger with its power capped at the car's limit.
    charger: Charger,
    /// Whether the car's limit, not the charger's, sets `charger.max_power_w`.
    vehicle_limited: bool,
    dt_s: f64,
    time_s: f64,
    trace: ChargeTrace,
    grid_energy_j: f64,
    stored_energy_j: f64,
    heater_energy_j: f64,
    heater_w_last: f64,
    last: (f64, f64, f64, ChargeLimit),
}

impl Session {
    fn new(charger: &Charger, vehicle_limit_w: f64, dt_s: f64) -> Self {
        Session {
            charger: Charger { max_power_w: charger.max_power_w.min(vehicle_limit_w), ..*charger },
            vehicle_limited: vehicle_limit_w < charger.max_power_w,
            dt_s,
            time_s: 0.0,
            trace: ChargeTrace::default(),
            grid_energy_j: 0.0,
            stored_energy_j: 0.0,
            heater_energy_j: 0.0,
            heater_w_last: 0.0,
            last: (0.0, 0.0, 0.0, ChargeLimit::ChargerPower),
        }
    }

    /// One step of the equivalent-circuit pack; returns the terminal power, W.
    fn ecm_step(&mut self, pack: &EcmPack, state: &mut BatteryState, options: &ChargeOptions) -> f64 {
        let n_parallel = f64::from(pack.n_parallel);
        let n_series = f64::from(pack.n_series);
        let (circuit, mut window) = pack.step_circuit(state, self.dt_s);
        let mut charger_bound = None;
        let charger_cell_a = self.charger.max_current_a / n_parallel;
        if charger_cell_a < window.charge_a {
            window.charge_a = charger_cell_a;
            window.charge_bound = Bound::Current;
            charger_bound = Some(ChargeLimit::ChargerCurrent);
        }
        let charger_cell_v = self.charger.max_voltage_v / n_series;
        if charger_cell_v < window.max_voltage_v {
            window.max_voltage_v = charger_cell_v;
        }
        let solved: Solved = circuit.solve_power(-self.charger.max_power_w / pack.n_cells(), &window);
        let limit = match solved.bound {
            Bound::None if self.vehicle_limited => ChargeLimit::VehiclePower,
            Bound::None => ChargeLimit::ChargerPower,
            Bound::Current if charger_bound.is_some() => ChargeLimit::ChargerCurrent,
            Bound::Voltage if charger_cell_v < pack.cell().max_voltage_v && window.max_voltage_v == charger_cell_v => {
                ChargeLimit::ChargerVoltage
            }
            bound => ChargeLimit::Battery(bound),
        };
        let heater_w = match (pack.heater, options.preconditioning) {
            (Some(h), Preconditioning::During | Preconditioning::Before) if state.temperature_k < h.target_k => {
                h.power_w
            }
            _ => 0.0,
        };
        let power_w = -solved.power_w * pack.n_cells();
        let step = pack.step_power(state, -power_w, self.dt_s, options.ambient_k, heater_w);
        self.book(power_w, -step.flow.internal_power_w, heater_w);
        self.last = (power_w, -step.flow.current_a, step.flow.voltage_v, limit);
        power_w
    }

    /// One step of the energy store; returns the terminal power, W.
    fn store_step(&mut self, battery: &Battery, state: &mut BatteryState, ambient_k: f64) -> f64 {
        let battery_w = battery.limits(state, self.dt_s).charge_w;
        let (power_w, limit) = if battery_w < self.charger.max_power_w {
            (battery_w, ChargeLimit::BatteryPower)
        } else {
            (self.charger.max_power_w, ChargeLimit::ChargerPower)
        };
        let flow = battery.step(state, -power_w, self.dt_s, ambient_k);
        self.book(power_w, -flow.internal_power_w, 0.0);
        self.last = (power_w, -flow.current_a, flow.voltage_v, limit);
        power_w
    }

    fn book(&mut self, terminal_w: f64, stored_w: f64, heater_w: f64) {
        self.time_s += self.dt_s;
        self.grid_energy_j += (terminal_w + heater_w) / self.charger.efficiency * self.dt_s;
        self.stored_energy_j += stored_w * self.dt_s;
        self.heater_energy_j += heater_w * self.dt_s;
        self.heater_w_last = heater_w;
    }

    /// Record the state after the last step (at plug-in: zeros).
    fn record(&mut self, soc: f64, state: &BatteryState) {
        let (power_w, current_a, voltage_v, limit) = self.last;
        let t = &mut self.trace;
        t.time_s.push(self.time_s);
        t.soc.push(soc);
        t.power_w.push(power_w);
        t.grid_power_w.push((power_w + self.heater_w_last) / self.charger.efficiency);
        t.current_a.push(current_a);
        t.voltage_v.push(voltage_v);
        t.temperature_degc.push(crate::units::k_to_degc(state.temperature_k));
        t.limited_by.push(limit);
    }

    fn finish(self, reached: bool) -> ChargeResult {
        let t = &self.trace;
        let crossing = |target: f64| crossing_time(&t.time_s, &t.soc, target);
        let between = |a: f64, b: f64| match (crossing(a), crossing(b)) {
            (Some(ta), Some(tb)) if t.soc[0] <= a + 1e-9 => Some(tb - ta),
            _ => None,
        };
        let summary = ChargeSummary {
            duration_s: self.time_s,
            reached,
            time_10_80_s: between(0.1, 0.8),
            time_20_80_s: between(0.2, 0.8),
            grid_energy_j: self.grid_energy_j,
            stored_energy_j: self.stored_energy_j,
            loss_j: self.grid_energy_j - self.stored_energy_j,
            heater_energy_j: self.heater_energy_j,
            peak_temperature_degc: t.temperature_degc.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
            peak_power_w: t.power_w.iter().cloned().fold(0.0, f64::max),
        };
        ChargeResult { summary, trace: self.trace }
    }
}

/// First time `soc` reaches `target`, linear between samples.
fn crossing_time(time_s: &[f64], soc: &[f64], target: f64) -> Option<f64> {
    if soc.first().is_some_and(|&s| s >= target) {
        return time_s.first().copied();
    }
    let idx = soc.iter().position(|&s| s >= target)?;
    let frac = (target - soc[idx - 1]) / (soc[idx] - soc[idx - 1]);
    Some(time_s[idx - 1] + frac * (time_s[idx] - time_s[idx - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::degc_to_k;

    fn zoe_ecm() -> Vehicle {
        Vehicle::from_toml(include_str!("../../../../data/vehicles/examples/zoe_ecm.toml"), "zoe_ecm").unwrap()
    }

    fn options(ambient_degc: f64, preconditioning: Preconditioning) -> ChargeOptions {
        ChargeOptions { from_soc: 0.1, to_soc: 0.8, ambient_k: degc_to_k(ambient_degc), preconditioning, dt_s: 1.0 }
    }

    fn dc() -> Charger {
        Charger::dc(150.0, 400.0, 1000.0, 0.95, "test").unwrap()
    }

    #[test]
    fn dc_session_reaches_target_and_balances_energy() {
        let result = charge(&zoe_ecm(), &dc(), &options(25.0, Preconditioning::None)).unwrap();
        let s = &result.summary;
        assert!(s.reached);
        let t = s.time_10_80_s.unwrap() / 60.0;
        assert!((30.0..90.0).contains(&t), "10–80 % in {t} min");
        assert!(s.time_20_80_s.unwrap() < s.time_10_80_s.unwrap());
        assert!(s.loss_j > 0.0 && s.grid_energy_j > s.stored_energy_j);
        assert!(s.peak_power_w <= 130.0 * 420.0, "BMS current cap: {} W", s.peak_power_w);
    }

    #[test]
    fn cold_pack_charges_slower_and_preconditioning_helps() {
        let mut vehicle = zoe_ecm();
        let Battery::Ecm(pack) = &mut vehicle.battery else { panic!("ECM pack expected") };
        pack.heater = Some(crate::battery::pack::Heater { power_w: 5000.0, target_k: degc_to_k(25.0) });
        let warm = charge(&vehicle, &dc(), &options(25.0, Preconditioning::None)).unwrap().summary;
        let cold = charge(&vehicle, &dc(), &options(-5.0, Preconditioning::None)).unwrap().summary;
        let heated = charge(&vehicle, &dc(), &options(-5.0, Preconditioning::During)).unwrap().summary;
        let before = charge(&vehicle, &dc(), &options(-5.0, Preconditioning::Before)).unwrap().summary;
        let minutes = |s: &ChargeSummary| s.time_10_80_s.unwrap() / 60.0;
        assert!(minutes(&cold) > minutes(&heated) && minutes(&heated) > minutes(&before), "{cold:?} {heated:?}");
        assert!(minutes(&before) < 1.1 * minutes(&warm));
        assert!(heated.heater_energy_j > 0.0 && before.heater_energy_j > 0.0);
    }

    #[test]
    fn energy_store_and_ac_charging() {
        let store =
            Vehicle::from_toml(include_str!("../../../../data/vehicles/renault_zoe_ze50_r135.toml"), "zoe").unwrap();
        let ac = Charger::ac(&store);
        let result = charge(&store, &ac, &options(25.0, Preconditioning::None)).unwrap().summary;
        // 70 % of the SOC window's stored energy, charged through the store's efficiency at the charger's DC
        // output (AC power × charger efficiency), all read from the vehicle file. The efficiency is the one at
        // the charger's full 22 kW, not `charger_efficiency` (at the 2.3 kW WLTP recharge, where the 450 W
        // no-load draw of the Zoe's motor-integrated charger is a fifth of the power): η = 0.94·(P − P₀)/P
        // is 92 % at 22 kW against 75.6 % at 2.3 kW. The test once expected the 2.3 kW figure at 22 kW, which
        // overstated fast-AC losses threefold.
        use crate::battery::BatteryModel;
        let (lo, hi) = store.battery.soc_window();
        let eta = store.charger_efficiency_at(store.charger_power_w);
        assert!((eta - 0.94 * (22e3 - 450.0) / 22e3).abs() < 1e-12, "{eta}");
        let dc_power_w = store.charger_power_w * eta;
        let stored_j = 0.7 * (hi - lo) * store.battery.total_energy_j();
        let expected_s = stored_j / store.battery.charge_efficiency(dc_power_w) / dc_power_w;
        assert!((result.time_10_80_s.unwrap() / expected_s - 1.0).abs() < 1e-3, "{result:?}");
    }

    #[test]
    fn bad_options_are_errors() {
        let mut o = options(25.0, Preconditioning::None);
        o.to_soc = 0.05;
        let err = charge(&zoe_ecm(), &dc(), &o).unwrap_err().to_string();
        assert!(err.contains("to_soc") && err.contains("above from_soc"), "{err}");
        let err = Charger::dc(-1.0, 100.0, 500.0, 0.95, "--charger-kw").unwrap_err().to_string();
        assert!(err.contains("power_kw") && err.contains("> 0"), "{err}");
    }
}
