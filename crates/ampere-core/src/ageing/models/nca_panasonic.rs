//! NCA/graphite Panasonic NCR18650B (calendar: Keil et al., J. Electrochem. Soc. 2016,
//! doi:10.1149/2.0411609jes; cycle: Preger et al., J. Electrochem. Soc. 2020, doi:10.1149/1945-7111/abae37;
//! parameters in `data/ageing/nca_gr_panasonic_3ah.toml`).
//!
//! ```text
//! k_cal = A·exp(B/T)·exp(C·SOC/T)                          q_loss_t   = k_cal·t_days^p_cal
//! k_cyc = (A2 + B2·Crate + C2·DOD)·(exp(D2/T) + exp(−E2/T)) q_loss_EFC = k_cyc·EFC^p_cyc
//! q = 1 − q_loss_t − q_loss_EFC
//! ```

use serde::Deserialize;

use super::{FadeLaw, Health, TwoLosses};
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors};

/// Fitted parameters (see the module doc for where each enters).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "names are the paper's symbols, documented in the module equations")]
pub struct Params {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub p_cal: f64,
    pub a2: f64,
    pub b2: f64,
    pub c2: f64,
    pub d2: f64,
    pub e2: f64,
    pub p_cyc: f64,
}

/// The Panasonic NCA law.
#[derive(Debug, Clone, Copy)]
pub struct NcaPanasonic {
    /// Fitted parameters.
    pub params: Params,
}

impl FadeLaw for NcaPanasonic {
    type Rates = [f64; 2];
    type State = TwoLosses;
    type Cache = ();

    fn rates(
        &self,
        chunk: &Chunk<'_>,
        stressors: &ChunkStressors,
        _: &mut (),
        scratch: &mut AverageScratch,
    ) -> [f64; 2] {
        let p = &self.params;
        let stress = p.a2 + p.b2 * stressors.c_rate_per_h + p.c2 * stressors.dod;
        // A is constant, so it multiplies the average rather than every sample.
        let ([k_cal_exponential, k_cyc_major, k_cyc_minor], []) = chunk.time_average(scratch, |s| {
            let inv_t = 1.0 / s.temperature_k;
            ([(p.b + p.c * s.soc) * inv_t, p.d2 * inv_t, -p.e2 * inv_t], [])
        });
        let k_cyc_temperature = k_cyc_major + k_cyc_minor;
        [p.a * k_cal_exponential, stress * k_cyc_temperature]
    }

    fn advance(&self, state: &mut TwoLosses, rates: &[f64; 2], stressors: &ChunkStressors, scalar: f64) {
        let p = &self.params;
        let dx = [stressors.delta_days, stressors.delta_efc];
        state.advance_power_laws(*rates, [p.p_cal, p.p_cyc], dx, scalar);
    }

    fn health(&self, state: &TwoLosses) -> Health {
        state.health()
    }
}
