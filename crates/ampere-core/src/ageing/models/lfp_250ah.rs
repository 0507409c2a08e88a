//! LFP/graphite >250 Ah prismatic cell (Gasper et al., J. Energy Storage 73 (2023) 109042,
//! doi:10.1016/j.est.2023.109042; parameters in `data/ageing/lfp_gr_250ah_prismatic.toml`).
//!
//! ```text
//! k_cal = |p1|·exp(p2/T)·exp(p3·Ua/T)                       q_loss_t   = k_cal·t_days^pcal
//! k_cyc = (p4 + p5·DOD + p6·Crate)·(exp(p7/T) + exp(−p8/T))  q_loss_EFC = k_cyc·EFC^pcyc
//! q = 1 − q_loss_t − q_loss_EFC
//! ```

use serde::Deserialize;

use super::{FadeLaw, Health, INVERSE_TEMPERATURE_RANGE_PER_K, TwoLosses};
use crate::ageing::anode::anode_potential_v;
use crate::ageing::fast_exp::exp;
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors, Memo, Sample};

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

impl Lfp250Ah {
    /// True when `exp(−p8/T)` is below `e^−42` of `exp(p7/T)` at every accepted temperature, so that adding it
    /// cannot change the sum: the published fit has it near `e^−500`, and its exponential is then never taken.
    /// Otherwise the same test is made per sample.
    fn minor_term_is_negligible(&self) -> bool {
        let smallest_inv_t = INVERSE_TEMPERATURE_RANGE_PER_K[0];
        let gap_per_inv_t = self.params.p7 + self.params.p8;
        gap_per_inv_t > 0.0 && gap_per_inv_t * smallest_inv_t > NEGLIGIBLE_EXPONENT_GAP
    }
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
        let mut calendar_exponent = |s: Sample, inv_t: f64| soc_factor.get(s.soc) * inv_t;
        // |p1| is constant, so it multiplies the average rather than every sample.
        let (k_cal_exponential, k_cyc_temperature) = if self.minor_term_is_negligible() {
            let ([k_cal_exponential, k_temperature], []) = chunk.time_average(scratch, |s| {
                let inv_t = 1.0 / s.temperature_k;
                ([calendar_exponent(s, inv_t), p.p7 * inv_t], [])
            });
            (k_cal_exponential, k_temperature)
        } else {
            let ([k_cal_exponential, k_temperature_major], [k_temperature_minor]) = chunk.time_average(scratch, |s| {
                let inv_t = 1.0 / s.temperature_k;
                let (major, minor) = (p.p7 * inv_t, -p.p8 * inv_t);
                // Skipped where it cannot change the sum (see `minor_term_is_negligible`).
                let minor_term = if major - minor > NEGLIGIBLE_EXPONENT_GAP { 0.0 } else { exp(minor) };
                ([calendar_exponent(s, inv_t), major], [minor_term])
            });
            (k_cal_exponential, k_temperature_major + k_temperature_minor)
        };
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

    fn positive_parameters(&self) -> Vec<(&'static str, f64)> {
        let p = &self.params;
        vec![("pcal", p.pcal), ("pcyc", p.pcyc)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_term_is_skipped_only_where_it_cannot_count() {
        let text = include_str!("../../../../../data/ageing/lfp_gr_250ah_prismatic.toml");
        let (_, params) = super::super::parse_model_file::<Params>(text, "lfp").expect("parse");
        assert!(Lfp250Ah { params }.minor_term_is_negligible());
        // With p8 = 0 both terms are of the same size at 100 °C.
        assert!(!Lfp250Ah { params: Params { p8: 0.0, ..params } }.minor_term_is_negligible());
    }
}
