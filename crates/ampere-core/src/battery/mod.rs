//! The traction battery as the vehicle sees it: an energy source with power limits, losses and a state of
//! charge.
//!
//! Callers talk to a battery through [`BatteryModel`]: they ask for the terminal power limits of a step, then
//! apply the terminal power they settled on. Every model implements that trait and [`Battery`] dispatches to
//! them; the drive loop steps a model through `DriveStep`, which lets a model whose limits are costly check a
//! power against them instead of computing them every step. Signs: power and current are positive when
//! discharging.

pub mod bpx;
pub mod cell;
pub mod ecm;
mod energy_store;
pub mod fit;
pub mod ocv;
pub mod pack;
pub mod profile;
pub mod thermal;

pub use energy_store::{EnergyStore, EnergyStoreSpec, StoreEfficiency, StoreEfficiencySpec, StoreEfficiencyTableSpec};
pub use pack::{EcmPack, PackSetup, PackSpec};

use ecm::StepCircuit;

use serde::{Deserialize, Serialize};

use crate::error::Result;

/// Battery as written in a vehicle file: `model = "energy"` or `model = "ecm"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum BatterySpec {
    /// An energy store with a SOC window, efficiency or resistance, and power limits.
    Energy(Box<EnergyStoreSpec>),
    /// A pack of equivalent-circuit cells (see `docs/models/battery.md`).
    Ecm(Box<PackSpec>),
}

/// A validated battery model.
// One value per vehicle, read every step: the variants stay inline rather than boxed to even out their sizes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Battery {
    /// See [`EnergyStore`].
    Energy(EnergyStore),
    /// See [`EcmPack`].
    Ecm(Box<EcmPack>),
}

impl Battery {
    /// Validate a spec; `origin` names the file in errors.
    pub fn from_spec(spec: &BatterySpec, origin: &str) -> Result<Self> {
        match spec {
            BatterySpec::Energy(s) => Ok(Battery::Energy(EnergyStore::from_spec(s, origin)?)),
            BatterySpec::Ecm(s) => Ok(Battery::Ecm(Box::new(EcmPack::from_spec(s, origin)?))),
        }
    }

    /// An equivalent battery prepared for a run starting in `state`, or `None` when this one is as good: an
    /// energy store's temperature maps read at its fixed temperature. Same results up to rounding.
    pub fn prepared_for_run(&self, state: &BatteryState) -> Option<Battery> {
        match self {
            Battery::Energy(store) => store.at_fixed_temperature(state.temperature_k).map(Battery::Energy),
            Battery::Ecm(_) => None,
        }
    }

    fn model(&self) -> &dyn BatteryModel {
        match self {
            Battery::Energy(store) => store,
            Battery::Ecm(pack) => pack.as_ref(),
        }
    }
}

/// Per-step state of any battery model. Models use the fields they need and leave the others at their
/// initial values.
#[derive(Debug, Clone, Copy)]
pub struct BatteryState {
    /// State of charge, 0–1 of the full (0–100 %) capacity.
    pub soc: f64,
    /// Cell temperature, K.
    pub temperature_k: f64,
    /// Voltages across the RC branches of an equivalent circuit, V (discharge positive).
    pub rc_voltage_v: [f64; 2],
    /// Hysteresis voltage of an equivalent circuit, V.
    pub hysteresis_v: f64,
    /// What the equivalent-circuit pack computed at the end of the last step for the next one; not part of the
    /// state's value (ignored by `==`), and only used while it matches the state and the pack.
    pub(crate) cache: pack::StepCache,
}

impl BatteryState {
    /// A rested battery at `soc` and `temperature_k`.
    pub fn rested(soc: f64, temperature_k: f64) -> Self {
        BatteryState {
            soc,
            temperature_k,
            rc_voltage_v: [0.0; 2],
            hysteresis_v: 0.0,
            cache: pack::StepCache::default(),
        }
    }
}

impl BatteryState {
    /// The same state without what a pack cached for its next step. A state handed in from outside a run may
    /// come from another pack that happened to live at the same address; dropping the cache costs one uncached
    /// step and rules that out.
    pub(crate) fn without_step_cache(self) -> Self {
        BatteryState { cache: pack::StepCache::default(), ..self }
    }
}

impl PartialEq for BatteryState {
    fn eq(&self, other: &Self) -> bool {
        self.soc == other.soc
            && self.temperature_k == other.temperature_k
            && self.rc_voltage_v == other.rc_voltage_v
            && self.hysteresis_v == other.hysteresis_v
    }
}

/// Terminal power the battery can deliver or take during the next step, W (both ≥ 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerLimits {
    /// Largest discharge power.
    pub discharge_w: f64,
    /// Largest charge power.
    pub charge_w: f64,
    /// True when the energy left above the bottom of the SOC window, not the power rating, sets
    /// `discharge_w` (the battery is empty or about to be).
    pub energy_limited: bool,
}

impl PowerLimits {
    /// No limit on either side.
    pub const NONE: PowerLimits =
        PowerLimits { discharge_w: f64::INFINITY, charge_w: f64::INFINITY, energy_limited: false };
}

/// What happened inside the battery during one step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BatteryFlow {
    /// Power drawn from the stored (chemical) energy, W; terminal power plus losses.
    pub internal_power_w: f64,
    /// Losses turned into heat, W (≥ 0).
    pub loss_w: f64,
    /// Terminal voltage, V (0 when the model has no electrical detail).
    pub voltage_v: f64,
    /// Terminal current, A (0 when the model has no electrical detail).
    pub current_a: f64,
}

/// The contract between the drive loop and a battery model.
pub trait BatteryModel {
    /// Terminal power limits for a step of `dt_s` starting in `state`.
    fn limits(&self, state: &BatteryState, dt_s: f64) -> PowerLimits;
    /// Apply `terminal_power_w` (within the limits) for `dt_s`; updates `state`.
    fn step(&self, state: &mut BatteryState, terminal_power_w: f64, dt_s: f64, ambient_k: f64) -> BatteryFlow;
    /// SOC window (min, max) the battery is operated in.
    fn soc_window(&self) -> (f64, f64);
    /// Energy of the full 0–100 % SOC range, J.
    fn total_energy_j(&self) -> f64;
    /// Efficiency of storing energy when charged at `terminal_power_w` (> 0), 0–1.
    fn charge_efficiency(&self, terminal_power_w: f64) -> f64;
    /// Whether [`BatteryFlow::voltage_v`] and [`BatteryFlow::current_a`] carry values.
    fn has_electrical_detail(&self) -> bool;
    /// Mass of the battery when the model derives it (a pack built from cells), kg; `None` when the vehicle's
    /// own mass figures already include it.
    fn mass_kg(&self) -> Option<f64>;
}

/// A battery model as the drive loop steps it. A step first prepares what does not depend on the power
/// ([`DriveStep::prepare_step`]); the loop settles the vehicle with the limits that gives
/// ([`DriveStep::first_limits`]: the exact ones, or none for a model that checks the power afterwards) and
/// tries the power ([`DriveStep::step_within`]). Only when that says the power may break a limit does the loop
/// compute the exact limits ([`DriveStep::limit_step`]), settle the vehicle again within them and apply its
/// power ([`DriveStep::step_limited`]). Either way the step equals one settled with the exact limits from the
/// start. The loop is compiled once per model, so that a step keeps what it prepared in registers.
pub(crate) trait DriveStep {
    /// What [`DriveStep::prepare_step`] computed.
    type Prepared;
    /// What [`DriveStep::limit_step`] computed.
    type Limited;
    /// The first half of a step of `dt_s` from `state`.
    fn prepare_step(&self, state: &mut BatteryState, dt_s: f64) -> Self::Prepared;
    /// The limits the vehicle is first settled with.
    fn first_limits(prepared: &Self::Prepared) -> PowerLimits;
    /// Apply `terminal_power_w` for `dt_s` if it is surely within the step's limits, as
    /// [`DriveStep::step_limited`] would; `None`, with `state` as it was (search hints aside), when it may not
    /// be.
    fn step_within(
        &self,
        state: &mut BatteryState,
        prepared: &Self::Prepared,
        terminal_power_w: f64,
        dt_s: f64,
        ambient_k: f64,
    ) -> Option<BatteryFlow>;
    /// The exact limits of the prepared step.
    fn limit_step(&self, state: &mut BatteryState, prepared: &Self::Prepared) -> (Self::Limited, PowerLimits);
    /// Apply `terminal_power_w` (limited if beyond the limits of `limited`) for `dt_s`.
    fn step_limited(
        &self,
        state: &mut BatteryState,
        limited: &Self::Limited,
        terminal_power_w: f64,
        dt_s: f64,
        ambient_k: f64,
    ) -> BatteryFlow;
}

/// An energy store's limits cost little: the vehicle is settled with them from the start.
impl DriveStep for EnergyStore {
    type Prepared = PowerLimits;
    type Limited = PowerLimits;

    #[inline(always)]
    fn prepare_step(&self, state: &mut BatteryState, dt_s: f64) -> PowerLimits {
        self.limits(state, dt_s)
    }

    #[inline(always)]
    fn first_limits(prepared: &PowerLimits) -> PowerLimits {
        *prepared
    }

    #[inline(always)]
    fn step_within(
        &self,
        state: &mut BatteryState,
        _: &PowerLimits,
        terminal_power_w: f64,
        dt_s: f64,
        ambient_k: f64,
    ) -> Option<BatteryFlow> {
        Some(self.step(state, terminal_power_w, dt_s, ambient_k))
    }

    #[inline(always)]
    fn limit_step(&self, _: &mut BatteryState, prepared: &PowerLimits) -> (PowerLimits, PowerLimits) {
        (*prepared, *prepared)
    }

    #[inline(always)]
    fn step_limited(
        &self,
        state: &mut BatteryState,
        _: &PowerLimits,
        terminal_power_w: f64,
        dt_s: f64,
        ambient_k: f64,
    ) -> BatteryFlow {
        self.step(state, terminal_power_w, dt_s, ambient_k)
    }
}

/// A pack's limits wait for its state and cost about a quarter of its step: the vehicle is first settled
/// without them, and the pack checks the power against its current and voltage limits.
impl DriveStep for EcmPack {
    type Prepared = StepCircuit;
    type Limited = PackSetup;

    #[inline(always)]
    fn prepare_step(&self, state: &mut BatteryState, dt_s: f64) -> StepCircuit {
        self.circuit_at(state, dt_s)
    }

    #[inline(always)]
    fn first_limits(_: &StepCircuit) -> PowerLimits {
        PowerLimits::NONE
    }

    #[inline(always)]
    fn step_within(
        &self,
        state: &mut BatteryState,
        circuit: &StepCircuit,
        terminal_power_w: f64,
        dt_s: f64,
        ambient_k: f64,
    ) -> Option<BatteryFlow> {
        self.step_if_within(state, circuit, terminal_power_w, dt_s, ambient_k)
    }

    #[inline(always)]
    fn limit_step(&self, state: &mut BatteryState, circuit: &StepCircuit) -> (PackSetup, PowerLimits) {
        let setup = self.setup_with(state, *circuit);
        (setup, setup.limits(self.n_cells()))
    }

    #[inline(always)]
    fn step_limited(
        &self,
        state: &mut BatteryState,
        setup: &PackSetup,
        terminal_power_w: f64,
        dt_s: f64,
        ambient_k: f64,
    ) -> BatteryFlow {
        self.step_with(state, setup, terminal_power_w, dt_s, ambient_k, 0.0).flow
    }
}

impl BatteryModel for Battery {
    #[inline(always)]
    fn limits(&self, state: &BatteryState, dt_s: f64) -> PowerLimits {
        match self {
            Battery::Energy(store) => store.limits(state, dt_s),
            Battery::Ecm(pack) => pack.limits(state, dt_s),
        }
    }

    #[inline(always)]
    fn step(&self, state: &mut BatteryState, terminal_power_w: f64, dt_s: f64, ambient_k: f64) -> BatteryFlow {
        match self {
            Battery::Energy(store) => store.step(state, terminal_power_w, dt_s, ambient_k),
            Battery::Ecm(pack) => pack.step(state, terminal_power_w, dt_s, ambient_k),
        }
    }

    fn soc_window(&self) -> (f64, f64) {
        self.model().soc_window()
    }

    fn total_energy_j(&self) -> f64 {
        self.model().total_energy_j()
    }

    fn charge_efficiency(&self, terminal_power_w: f64) -> f64 {
        self.model().charge_efficiency(terminal_power_w)
    }

    fn has_electrical_detail(&self) -> bool {
        self.model().has_electrical_detail()
    }

    fn mass_kg(&self) -> Option<f64> {
        self.model().mass_kg()
    }
}

impl Battery {
    /// Usable energy of the SOC window, J.
    pub fn usable_energy_j(&self) -> f64 {
        let (lo, hi) = self.soc_window();
        (hi - lo) * self.total_energy_j()
    }
}
