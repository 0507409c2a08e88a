//! LFP/graphite >250 Ah prismatic cell (Gasper et al., J. Energy Storage 73 (2023) 109042,
//! doi:10.1016/j.est.2023.109042; parameters in `data/ageing/lfp_gr_250ah_prismatic.toml`).
//!
//! ```text
//! k_cal = |p1|·exp(p2/T)·exp(p3·Ua/T)                       q_loss_t   = k_cal·t_days^pcal
//! k_cyc = (p4 + p5·DOD + p6·Crate)·(exp(p7/T) + exp(−p8/T))  q_loss_EFC = k_cyc·EFC^pcyc
//! q = 1 − q_loss_t − q_loss_EFC
//! ```

use serde::Deserialize;

use super::{FadeLaw, Health, TwoLosses};
use crate::ageing::anode::anode_potential_v;
use crate::ageing::fast_exp::exp;
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors, Memo};

/// `e^−x` is under half an ulp of 1 (2^−54 ≈ e^−37.4) for x above this: a smaller term vanishes in a sum.
const NEGLIGIBLE_EXPONENT_GAP: f64 = 42.0;

/// Fitted parameters (see the module doc for where each enters).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "names are the paper's symbols, documented in the module equations")]
pub struct Params {
    pub p1: f64,
    pub p2: f64,
    pub p3: f64,
    pub pcal: f64,
    pub p4: f64,
    pub p5: f64,
    pub p6: f64,
    pub p7: f64,
    pub p8: f64,
    pub pcyc: f64,
}

/// The LFP 250 Ah law.
#[derive(Debug, Clone, Copy)]
pub struct Lfp250Ah {
    /// Fitted parameters.
    pub params: Params,
}

impl FadeLaw for Lfp250Ah {
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
        let stress = p.p4 + p.p5 * stressors.dod + p.p6 * stressors.c_rate_per_h;
        // The SOC-dependent factor of the calendar exponent, recomputed only when SOC changes.
        let mut soc_factor = Memo::new(|soc| p.p2 + p.p3 * anode_potential_v(soc));
        // |p1| is constant, so it multiplies the average rather than every sample.
        let ([k_cal_exponential, k_temperature_major], [k_temperature_minor]) = chunk.time_average(scratch, |s| {
            let inv_t = 1.0 / s.temperature_k;
            let (major, minor) = (p.p7 * inv_t, -p.p8 * inv_t);
            // exp(−p8/T) ≈ e^−500: once it is below e^−42 of exp(p7/T) it is under half an ulp of it, so adding it
            // cannot change the sum and its exponential is skipped.
            let minor_term = if major - minor > NEGLIGIBLE_EXPONENT_GAP { 0.0 } else { exp(minor) };
            ([soc_factor.get(s.soc) * inv_t, major], [minor_term])
        });
        let k_cyc_temperature = k_temperature_major + k_temperature_minor;
        [p.p1.abs() * k_cal_exponential, stress * k_cyc_temperature]
    }

    fn advance(&self, state: &mut TwoLosses, rates: &[f64; 2], stressors: &ChunkStressors, scalar: f64) {
        let p = &self.params;
        let dx = [stressors.delta_days, stressors.delta_efc];
        state.advance_power_laws(*rates, [p.pcal, p.pcyc], dx, scalar);
    }

    fn health(&self, state: &TwoLosses) -> Health {
        state.health()
    }
}
