//! NMC811/graphite-Si LG M50 21700 (data: Bui et al., IEEE 9617644; parameters in
//! `data/ageing/nmc811_grsi_lg_m50.toml`).
//!
//! With `TN = T/308.15` and `UaN = Ua/0.123`:
//! ```text
//! k_cal = b0 + b1·exp(TN³/UaN^(1/3)) + b2·TN³/UaN^0.5 + b3·exp(SOC^0.5/TN²) + b4·exp(SOC³)
//! q_loss_t   = k_cal·(t_days/1e4)^p_cal
//! k_cyc = c0·exp(c1·Cdis³)·exp(c2·TN³·Cdis^0.5)
//! q_loss_EFC = k_cyc·(EFC/1e4)^p_cyc
//! q = 1 − q_loss_t − q_loss_EFC
//! ```

use serde::Deserialize;

use super::{FadeLaw, Health, TwoLosses};
use crate::ageing::anode::anode_potential_v;
use crate::ageing::fast_exp::{cbrt, exp};
use crate::ageing::stressors::{AverageScratch, Chunk, ChunkStressors, Memo, SocCache};

/// Fitted parameters (see the module doc for where each enters).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "names are the paper's symbols, documented in the module equations")]
pub struct Params {
    pub p_cal: f64,
    pub b0: f64,
    pub b1: f64,
    pub b2: f64,
    pub b3: f64,
    pub b4: f64,
    pub p_cyc: f64,
    pub c0: f64,
    pub c1: f64,
    pub c2: f64,
}

/// The LG M50 law.
#[derive(Debug, Clone, Copy)]
pub struct Nmc811Lgm50 {
    /// Fitted parameters.
    pub params: Params,
}

impl FadeLaw for Nmc811Lgm50 {
    type Rates = [f64; 2];
    type State = TwoLosses;
    // Its SOC-only terms (a logarithm and three roots or exponentials) are cached per SOC.
    type Cache = SocCache<4>;

    fn rates(
        &self,
        chunk: &Chunk<'_>,
        stressors: &ChunkStressors,
        soc_cache: &mut SocCache<4>,
        scratch: &mut AverageScratch,
    ) -> [f64; 2] {
        let p = &self.params;
        let c_dis = stressors.c_discharge_per_h;
        // SOC-only terms: 1/UaN^(1/3), 1/UaN^(1/2), SOC^(1/2), b4·exp(SOC³).
        let soc_terms = |soc: f64| {
            let uan = anode_potential_v(soc) / 0.123;
            [1.0 / cbrt(uan), 1.0 / uan.sqrt(), soc.sqrt(), p.b4 * exp(soc * soc * soc)]
        };
        // k_cyc = c0·exp(c1·Cdis³)·exp(c2·√Cdis·TN³): only the last factor varies within the chunk (and is
        // e^0 = 1 without discharge).
        let cycling_exponent = p.c2 * c_dis.sqrt();
        // k_cal is linear in its terms, so its constants b0, b1 and b3 multiply (or add to) the averages.
        // The previous sample's SOC checked first: over rests it repeats, and the compare is cheaper than the hash.
        let mut soc_memo = Memo::new(|soc| soc_cache.get(soc, soc_terms));
        let ([b1_term, b3_term, k_cyc_temperature], [other_terms]) = chunk.time_average(scratch, |s| {
            let tn = s.temperature_k / 308.15;
            let tn3 = tn * tn * tn;
            let [inv_uan_cbrt, inv_uan_sqrt, soc_sqrt, soc_cube_term] = soc_memo.get(s.soc);
            let exponents = [tn3 * inv_uan_cbrt, soc_sqrt / (tn * tn), cycling_exponent * tn3];
            (exponents, [p.b2 * tn3 * inv_uan_sqrt + soc_cube_term])
        });
        let k_cal = p.b0 + p.b1 * b1_term + p.b3 * b3_term + other_terms;
        [k_cal, p.c0 * exp(p.c1 * c_dis.powi(3)) * k_cyc_temperature]
    }

    fn advance(&self, state: &mut TwoLosses, rates: &[f64; 2], stressors: &ChunkStressors, scalar: f64) {
        let p = &self.params;
        let dx = [stressors.delta_days / 1e4, stressors.delta_efc / 1e4];
        state.advance_power_laws(*rates, [p.p_cal, p.p_cyc], dx, scalar);
    }

    fn health(&self, state: &TwoLosses) -> Health {
        state.health()
    }

    fn positive_parameters(&self) -> Vec<(&'static str, f64)> {
        let p = &self.params;
        vec![("p_cal", p.p_cal), ("p_cyc", p.p_cyc)]
    }
}
