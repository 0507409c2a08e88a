//! NMC622/graphite DENSO 50 Ah (Smith et al., J. Electrochem. Soc. 168 (2021) 100530,
//! doi:10.1149/1945-7111/ac2ebd; parameters in `data/ageing/nmc622_gr_denso_50ah.toml`).
//!
//! With `Arr(Ea) = exp(−Ea/R·(1/T − 1/298.15))` and T, SOC the chunk means:
//! ```text
//! b1t = Arr(b1t_ea)·(b1t_0 + b1t_1·SOC + b1t_2·SOC² + b1t_3·SOC³ + b1t_4·SOC·T + b1t_5·max(0, T − 328.15))
//! stress = √(DOD·Cchg)   (√(DOD·Crate) if there is no charging)
//! b1N = max(0, b1n_0·Arr(b1n_ea_1)·stress·(1 + b1n_1·SOC) + b1n_2) + b1n_3·Arr(b1n_ea_2)·DOD⁶
//! q_loss_t = b1t·t_days^0.5,  q_loss_EFC = b1t·b1N·b1n_4·EFC^0.5
//! ```
//! A step whose cycle fade exceeds 0.01 is replaced by 5e−4·ΔEFC (BLAST-Lite's guard against the fit's
//! blow-up at low DOD early in life).

use serde::Deserialize;

use super::{FadeLaw, Health, TwoLosses, arrhenius};
use crate::ageing::laws::power_step_by;
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors};

/// Fitted parameters (see the module doc for where each enters).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "names are the paper's symbols, documented in the module equations")]
pub struct Params {
    pub b1t_ea: f64,
    pub b1t_0: f64,
    pub b1t_1: f64,
    pub b1t_2: f64,
    pub b1t_3: f64,
    pub b1t_4: f64,
    pub b1t_5: f64,
    pub b1n_ea_1: f64,
    pub b1n_0: f64,
    pub b1n_1: f64,
    pub b1n_2: f64,
    pub b1n_3: f64,
    pub b1n_ea_2: f64,
    pub b1n_4: f64,
}

/// Largest cycle-fade step the fit is trusted with (BLAST-Lite's guard threshold).
const MAX_CYCLE_STEP: f64 = 0.01;
/// Fade per EFC used instead when the guard trips.
const GUARD_FADE_PER_EFC: f64 = 5e-4;

/// The DENSO NMC622 law.
#[derive(Debug, Clone, Copy)]
pub struct Nmc622Denso {
    /// Fitted parameters.
    pub params: Params,
}

impl FadeLaw for Nmc622Denso {
    type Rates = [f64; 2];
    type State = TwoLosses;
    type Cache = ();

    fn rates(
        &self,
        _chunk: &Chunk<'_>,
        s: &ChunkStressors,
        _cache: &mut (),
        _scratch: &mut AverageScratch,
    ) -> [f64; 2] {
        let p = &self.params;
        let (t, soc, dod) = (s.mean_temperature_k, s.mean_soc, s.dod);
        let polynomial = p.b1t_0 + p.b1t_1 * soc + p.b1t_2 * soc.powi(2) + p.b1t_3 * soc.powi(3) + p.b1t_4 * soc * t;
        let b1t = arrhenius(t, p.b1t_ea) * (polynomial + p.b1t_5 * (t - 328.15).max(0.0));
        let charge_rate = if s.c_charge_per_h == 0.0 { s.c_rate_per_h } else { s.c_charge_per_h };
        let stress = (dod * charge_rate).sqrt();
        let b1n = (p.b1n_0 * arrhenius(t, p.b1n_ea_1) * stress * (1.0 + p.b1n_1 * soc) + p.b1n_2).max(0.0)
            + p.b1n_3 * arrhenius(t, p.b1n_ea_2) * dod.powi(6);
        [b1t, b1t * b1n * p.b1n_4]
    }

    fn advance(&self, state: &mut TwoLosses, rates: &[f64; 2], s: &ChunkStressors, scalar: f64) {
        // Square-root laws: with p = ½ known here, `powf(x, −1)` compiles to `1/x`.
        let d_calendar = power_step_by(state.calendar, s.delta_days, rates[0], 0.5, f64::powf);
        let mut d_cycling = scalar * power_step_by(state.cycling, s.delta_efc, rates[1], 0.5, f64::powf);
        if d_cycling > MAX_CYCLE_STEP {
            d_cycling = GUARD_FADE_PER_EFC * s.delta_efc;
        }
        state.add(d_calendar, 0.0, scalar);
        state.cycling += d_cycling;
    }

    fn health(&self, state: &TwoLosses) -> Health {
        state.health()
    }
}
