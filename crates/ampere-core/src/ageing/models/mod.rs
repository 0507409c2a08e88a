//! The fade laws: one file per published model, a shared [`FadeLaw`] contract, and the model file format.
//!
//! Every model gives relative capacity `q` (1 = new) as `q = 1 − calendar loss − cycling loss` (Kokam:
//! minimum of two mechanisms) and, where the paper fits it, relative resistance `r` (1 = new). Equations and
//! fitted parameters are those of the cited papers as NREL BLAST-Lite 1.1.0 implements them; each model's
//! `data/ageing/<name>.toml` holds its parameters, paper, validity range and known oddities.

pub mod lfp_250ah;
pub mod lfp_sony;
pub mod nca_panasonic;
pub mod nmc111_kokam;
pub mod nmc622_denso;
pub mod nmc811_lgm50;

use serde::Deserialize;

use crate::ageing::laws::power_step;
use crate::ageing::series::TEMPERATURE_RANGE_DEGC;
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors};
use crate::error::{Error, Result, parse_toml};

/// Molar gas constant as the fits use it, J/(mol·K).
pub const GAS_CONSTANT: f64 = 8.3144;

/// Smallest and largest `1/T` (K⁻¹) of the cell temperatures a [`crate::ageing::Series`] accepts
/// ([`TEMPERATURE_RANGE_DEGC`]): laws use them to decide once, from their parameters, whether a term can matter.
pub const INVERSE_TEMPERATURE_RANGE_PER_K: [f64; 2] =
    [1.0 / (TEMPERATURE_RANGE_DEGC[1] + 273.15), 1.0 / (TEMPERATURE_RANGE_DEGC[0] + 273.15)];

/// What a model reports after each chunk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Health {
    /// Relative capacity, 1 = new.
    pub q: f64,
    /// Relative DC resistance, 1 = new (1 for models without a resistance fit).
    pub r: f64,
    /// Capacity lost to calendar (time) ageing, fraction of nominal.
    pub calendar_loss: f64,
    /// Capacity lost to cycling (throughput) ageing, fraction of nominal.
    pub cycling_loss: f64,
}

/// The contract every fade law fulfils; the driver is generic over it so the chunk loop is monomorphic.
pub trait FadeLaw {
    /// Rates of one chunk (stressor-dependent coefficients).
    type Rates: Copy;
    /// Internal states (accumulated losses and gains); `Default` is the new cell.
    type State: Copy + Default;
    /// Scratch state kept over a run to speed up [`FadeLaw::rates`] (e.g. a
    /// [`crate::ageing::stressors::SocCache`]); never changes results.
    type Cache: Default;
    /// Rates for one chunk from its samples and scalar stressors (`scratch`: buffers for
    /// [`Chunk::time_average`]).
    fn rates(
        &self,
        chunk: &Chunk<'_>,
        stressors: &ChunkStressors,
        cache: &mut Self::Cache,
        scratch: &mut AverageScratch,
    ) -> Self::Rates;
    /// Advance the states over one chunk; every increment is multiplied by `scalar` (degradation scalar).
    fn advance(&self, state: &mut Self::State, rates: &Self::Rates, stressors: &ChunkStressors, scalar: f64);
    /// Capacity and resistance of a state.
    fn health(&self, state: &Self::State) -> Health;
    /// The parameters that must be positive for the law to mean anything, by name: the exponents of its power and
    /// sigmoid laws and the rate constants inside a sigmoid (`(k·x)^p` is not a number for k < 0). Checked when a
    /// model file is read.
    fn positive_parameters(&self) -> Vec<(&'static str, f64)> {
        Vec::new()
    }
}

/// The tested conditions of a model, from its paper (BLAST-Lite's `experimental_range`).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    /// Cell temperature range of the cycling tests, °C.
    pub cycling_temperature_degc: [f64; 2],
    /// Depth-of-discharge range of the cycling tests (fraction).
    pub dod: [f64; 2],
    /// SOC range of the tests (fraction).
    pub soc: [f64; 2],
    /// Highest tested charge rate, h⁻¹ (C).
    pub max_charge_rate_per_h: f64,
    /// Highest tested discharge rate, h⁻¹ (C).
    pub max_discharge_rate_per_h: f64,
}

/// The descriptive part of a model file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModelCard {
    /// Model name, e.g. `lfp_gr_250ah_prismatic`.
    pub name: String,
    /// Chemistry, e.g. `LFP/graphite`.
    pub chemistry: String,
    /// Nominal capacity of the tested cell, Ah.
    pub capacity_ah: f64,
    /// Paper(s) the equations and data come from.
    pub paper: String,
    /// The BLAST-Lite 1.1.0 class that implements the same equations.
    pub blast_class: String,
    /// Tested conditions.
    pub validity: Validity,
    /// Known oddities of the fit.
    pub oddities: Vec<String>,
}

/// A model file: card fields plus a `[parameters]` table whose shape depends on the law.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile<P> {
    name: String,
    #[allow(dead_code, reason = "read by `law_of` before the typed parse")]
    law: String,
    blast_class: String,
    chemistry: String,
    capacity_ah: f64,
    paper: String,
    #[serde(default)]
    oddities: Vec<String>,
    validity: Validity,
    parameters: P,
}

/// The `law` key of a model file, which selects the equations (None when missing or not a string).
pub fn law_of(text: &str, origin: &str) -> Result<Option<String>> {
    let table: toml::Table = parse_toml(text, origin)?;
    Ok(table.get("law").and_then(|v| v.as_str()).map(str::to_owned))
}

/// Parse a model file with parameter shape `P`, validating the card.
pub fn parse_model_file<P: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<(ModelCard, P)> {
    check_parameters_finite(text, origin)?;
    let file: ModelFile<P> = parse_toml(text, origin)?;
    crate::error::check::positive(origin, "capacity_ah", file.capacity_ah)?;
    check_interval(origin, "validity.cycling_temperature_degc", file.validity.cycling_temperature_degc, -60.0, 100.0)?;
    check_interval(origin, "validity.dod", file.validity.dod, 0.0, 1.0)?;
    check_interval(origin, "validity.soc", file.validity.soc, 0.0, 1.0)?;
    crate::error::check::positive(origin, "validity.max_charge_rate_per_h", file.validity.max_charge_rate_per_h)?;
    crate::error::check::positive(origin, "validity.max_discharge_rate_per_h", file.validity.max_discharge_rate_per_h)?;
    let card = ModelCard {
        name: file.name,
        chemistry: file.chemistry,
        capacity_ah: file.capacity_ah,
        paper: file.paper,
        blast_class: file.blast_class,
        validity: file.validity,
        oddities: file.oddities,
    };
    Ok((card, file.parameters))
}

fn check_interval(origin: &str, field: &str, [lo, hi]: [f64; 2], min: f64, max: f64) -> Result<()> {
    let ok = lo.is_finite() && hi.is_finite() && min <= lo && lo <= hi && hi <= max;
    if ok {
        Ok(())
    } else {
        Err(Error::field(
            origin,
            field,
            format!("[{lo}, {hi}]"),
            format!("must be [lo, hi] with {min} ≤ lo ≤ hi ≤ {max}"),
        ))
    }
}

/// Largest parameter magnitude a model file may hold. The published fits stay below 1e12 (Sony/Murata's
/// `q3_b1` = 7.3e11); products of three such values stay far from overflow, while 1e308 overflows the time
/// averages into NaN.
const MAX_PARAMETER_MAGNITUDE: f64 = 1e30;

/// Check that every parameter is a finite number of magnitude ≤ [`MAX_PARAMETER_MAGNITUDE`], naming the first
/// bad one.
fn check_parameters_finite(text: &str, origin: &str) -> Result<()> {
    let file: ModelFile<std::collections::BTreeMap<String, f64>> = parse_toml(text, origin)?;
    for (name, &value) in &file.parameters {
        let field = format!("parameters.{name}");
        crate::error::check::finite(origin, &field, value)?;
        if value.abs() > MAX_PARAMETER_MAGNITUDE {
            let allowed =
                format!("must be of magnitude ≤ {MAX_PARAMETER_MAGNITUDE:e} (larger values overflow the laws)");
            return Err(Error::field(origin, field, format!("{value:e}"), allowed));
        }
    }
    Ok(())
}

/// Calendar and cycling losses of the models whose capacity is `q = 1 − calendar − cycling`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TwoLosses {
    /// Capacity lost to time, fraction of nominal.
    pub calendar: f64,
    /// Capacity lost to throughput, fraction of nominal.
    pub cycling: f64,
}

impl TwoLosses {
    /// Add increments scaled by the degradation `scalar`.
    pub fn add(&mut self, d_calendar: f64, d_cycling: f64, scalar: f64) {
        self.calendar += scalar * d_calendar;
        self.cycling += scalar * d_cycling;
    }

    /// Advance both losses as power laws `k·x^p`: calendar in `dx[0]` (days, or the model's time unit) with
    /// `rates[0]`, `exponents[0]`; cycling in `dx[1]` (EFC or its unit) with `rates[1]`, `exponents[1]`.
    pub fn advance_power_laws(&mut self, rates: [f64; 2], exponents: [f64; 2], dx: [f64; 2], scalar: f64) {
        let d_calendar = power_step(self.calendar, dx[0], rates[0], exponents[0]);
        let d_cycling = power_step(self.cycling, dx[1], rates[1], exponents[1]);
        self.add(d_calendar, d_cycling, scalar);
    }

    /// Capacity (and unit resistance: these models have no resistance fit).
    pub fn health(&self) -> Health {
        Health {
            q: 1.0 - self.calendar - self.cycling,
            r: 1.0,
            calendar_loss: self.calendar,
            cycling_loss: self.cycling,
        }
    }
}

/// Arrhenius factor `exp(−Ea/R·(1/T − 1/298.15))` for activation energy `ea_j_per_mol` at `temperature_k`.
pub fn arrhenius(temperature_k: f64, ea_j_per_mol: f64) -> f64 {
    arrhenius_exponent(temperature_k, ea_j_per_mol).exp()
}

/// The exponent `−Ea/R·(1/T − 1/298.15)` of [`arrhenius`], for laws that exponentiate a chunk at once.
pub fn arrhenius_exponent(temperature_k: f64, ea_j_per_mol: f64) -> f64 {
    -(ea_j_per_mol / GAS_CONSTANT) * (1.0 / temperature_k - 1.0 / 298.15)
}
