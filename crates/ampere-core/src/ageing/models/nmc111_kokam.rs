//! NMC111/graphite Kokam 75 Ah, capacity and resistance (Smith et al., American Control Conference 2017,
//! IEEE 7963578; parameters in `data/ageing/nmc111_gr_kokam_75ah.toml`).
//!
//! With `TN = T/308.15`, `UaN = Ua/0.123`, `T_C` in °C:
//! ```text
//! q1 = q1_0·exp(q1_1/TN)·exp(q1_2·UaN/TN)       LLI_t   = q1·t_days^q2      r_t   = r1·q1·t_days^r2
//! q3 = q3_0·exp(q3_1/TN)·exp(q3_2·exp(DOD²))    LLI_EFC = q3·EFC^q4         r_EFC = r3·q3·EFC^r4
//! q5 = q5_0 + q5_1·(T_C − 55)·DOD·(mean SOC/0.6)
//! LAM = 2·(½ − 1/(1 + exp((EFC/q5)^p_lam)))     (sigmoid with y∞ = 1)
//! q = min(1 − LLI_t − LLI_EFC, 1.01 − LAM),     r = max(1 + r_t + r_EFC, r5 + r6/(1.01 − LAM))
//! ```
//! The LAM sigmoid makes the knee of this cell. Where the fit gives `q5 ≤ 0` (cold, far outside the tested
//! range; a validity warning is raised) the LAM branch does not advance.

use serde::Deserialize;

use super::{FadeLaw, Health};
use crate::ageing::anode::anode_potential_v;
use crate::ageing::laws::{power_step, sigmoid_step};
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors, Memo};

/// Fitted parameters (see the module doc for where each enters).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "names are the paper's symbols, documented in the module equations")]
pub struct Params {
    pub q1_0: f64,
    pub q1_1: f64,
    pub q1_2: f64,
    pub q2: f64,
    pub q3_0: f64,
    pub q3_1: f64,
    pub q3_2: f64,
    pub q4: f64,
    pub q5_0: f64,
    pub q5_1: f64,
    pub p_lam: f64,
    pub r1: f64,
    pub r2: f64,
    pub r3: f64,
    pub r4: f64,
    pub r5: f64,
    pub r6: f64,
}

/// Capacity of the LAM branch when new (it only limits q after losing 1 %).
const LAM_START: f64 = 1.01;

/// The Kokam NMC111 law.
#[derive(Debug, Clone, Copy)]
pub struct Nmc111Kokam {
    /// Fitted parameters.
    pub params: Params,
}

/// Losses (lithium inventory by time and by throughput, active material) and resistance gains.
#[derive(Debug, Clone, Copy)]
pub struct State {
    lli_calendar: f64,
    lli_cycling: f64,
    lam: f64,
    r_calendar: f64,
    r_cycling: f64,
}

impl Default for State {
    /// A new cell. BLAST-Lite starts the LAM sigmoid just above zero so that its slope is defined.
    fn default() -> Self {
        State { lli_calendar: 0.0, lli_cycling: 0.0, lam: 1e-8, r_calendar: 0.0, r_cycling: 0.0 }
    }
}

impl FadeLaw for Nmc111Kokam {
    type Rates = [f64; 3];
    type State = State;
    type Cache = ();

    fn rates(&self, chunk: &Chunk<'_>, s: &ChunkStressors, _: &mut (), scratch: &mut AverageScratch) -> [f64; 3] {
        let p = &self.params;
        let dod_term = (p.q3_2 * (s.dod * s.dod).exp()).exp();
        let soc_term = s.dod * (s.mean_soc / 0.6);
        // The SOC-dependent factor of the calendar exponent, recomputed only when SOC changes.
        let mut soc_factor = Memo::new(|soc| p.q1_1 + p.q1_2 * (anode_potential_v(soc) / 0.123));
        // q1_0 is constant, so it multiplies the average rather than every sample.
        let ([q1_exponential, q3_temperature], [q5]) = chunk.time_average(scratch, |sample| {
            let inv_tn = 308.15 / sample.temperature_k;
            let q5 = p.q5_0 + p.q5_1 * (sample.temperature_k - 273.15 - 55.0) * soc_term;
            ([soc_factor.get(sample.soc) * inv_tn, p.q3_1 * inv_tn], [q5])
        });
        [p.q1_0 * q1_exponential, p.q3_0 * dod_term * q3_temperature, q5]
    }

    fn advance(&self, state: &mut State, rates: &[f64; 3], s: &ChunkStressors, scalar: f64) {
        let p = &self.params;
        let [q1, q3, q5] = *rates;
        state.lli_calendar += scalar * power_step(state.lli_calendar, s.delta_days, q1, p.q2);
        state.lli_cycling += scalar * power_step(state.lli_cycling, s.delta_efc, q3, p.q4);
        if q5 > 0.0 {
            state.lam += scalar * sigmoid_step(state.lam, s.delta_efc, 1.0, 1.0 / q5, p.p_lam);
        }
        state.r_calendar += scalar * power_step(state.r_calendar, s.delta_days, p.r1 * q1, p.r2);
        state.r_cycling += scalar * power_step(state.r_cycling, s.delta_efc, p.r3 * q3, p.r4);
    }

    fn health(&self, state: &State) -> Health {
        let p = &self.params;
        let q_lli = 1.0 - state.lli_calendar - state.lli_cycling;
        let q_lam = LAM_START - state.lam;
        let q = q_lli.min(q_lam);
        let r = (1.0 + state.r_calendar + state.r_cycling).max(p.r5 + p.r6 / q_lam);
        Health { q, r, calendar_loss: state.lli_calendar, cycling_loss: 1.0 - q - state.lli_calendar }
    }

    fn positive_parameters(&self) -> Vec<(&'static str, f64)> {
        let p = &self.params;
        vec![("q2", p.q2), ("q4", p.q4), ("r2", p.r2), ("r4", p.r4), ("p_lam", p.p_lam)]
    }
}
