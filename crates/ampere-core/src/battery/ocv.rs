//! Open-circuit voltage: a table over SOC at a reference temperature, a linear temperature term from the
//! entropic coefficient, and a one-state hysteresis (the LFP case, whose flat OCV makes the charge and
//! discharge branches tens of mV apart).
//!
//! OCV(z, T) = U(z) + ∂U/∂T(z)·(T − T_ref). Hysteresis (Plett 2004, "Extended Kalman filtering for battery
//! management systems", J. Power Sources 134; one-state form): h relaxes towards −M·sgn(I) with a rate set by
//! the charge passed, h_{k+1} = e^{−γ|I|Δt/Q}·h_k − (1 − e^{−γ|I|Δt/Q})·M·sgn(I), where M is half the gap
//! between the branches and γ is dimensionless (per unit of capacity passed). The terminal voltage adds h.
//! The reversible (entropic) heat is −I·T·∂U/∂T (Bernardi et al. 1985), positive when it warms the cell.

use serde::{Deserialize, Serialize};

use super::cell::check_soc_axis;
use crate::error::{Error, Result, check};
use crate::interp::{Interpolation, Table1d};
use crate::units::degc_to_k;

/// The TOML shape of `[ocv]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OcvSpec {
    /// SOC grid, 0–1, increasing.
    pub soc: Vec<f64>,
    /// OCV at each SOC point at the reference temperature, V (for hysteretic cells: the mean of the charge
    /// and discharge branches).
    pub voltage_v: Vec<f64>,
    /// Entropic coefficient ∂U/∂T at each SOC point, mV/K (absent: 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entropic_mv_per_k: Option<Vec<f64>>,
    /// Temperature of `voltage_v`, °C (default: 25).
    #[serde(default = "default_reference_degc")]
    pub reference_temperature_degc: f64,
    /// Half the gap between charge and discharge OCV branches, V (default: 0).
    #[serde(default)]
    pub hysteresis_v: f64,
    /// Hysteresis rate γ, per unit of capacity passed (default: 0; e.g. 60 switches branch within ~5 % SOC).
    #[serde(default)]
    pub hysteresis_rate: f64,
}

fn default_reference_degc() -> f64 {
    25.0
}

/// A validated OCV model.
#[derive(Debug, Clone, PartialEq)]
pub struct Ocv {
    voltage_v: Table1d,
    entropic_v_per_k: Option<Table1d>,
    /// Both tables segment by segment, for the look-up that stays in the segment of the last one.
    segments: Vec<OcvSegment>,
    reference_temperature_k: f64,
    /// Half-gap M of the hysteresis, V.
    pub hysteresis_v: f64,
    /// Hysteresis rate γ, dimensionless.
    pub hysteresis_rate: f64,
}

/// The OCV terms at one SOC ([`Ocv::near`]): OCV(T) = U + ∂U/∂T·(T − T_ref).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct OcvAt {
    /// U, the OCV at the reference temperature, V.
    pub reference_v: f64,
    /// ∂U/∂T, V/K.
    pub entropic_v_per_k: f64,
    /// T_ref, K.
    pub reference_temperature_k: f64,
}

impl OcvAt {
    /// OCV at cell temperature `temperature_k` without hysteresis, V.
    #[inline]
    pub fn voltage_v(&self, temperature_k: f64) -> f64 {
        self.reference_v + self.entropic_v_per_k * (temperature_k - self.reference_temperature_k)
    }
}

/// One SOC segment of the OCV and entropic tables, with the slopes [`Table1d`] interpolates them with.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OcvSegment {
    start_soc: f64,
    end_soc: f64,
    reference_v: f64,
    reference_slope_v: f64,
    entropic_v_per_k: f64,
    entropic_slope_v_per_k: f64,
}

/// The segments of `voltage_v` and `entropic_v_per_k` (same SOC axis; no entropic table reads 0).
fn segments(voltage_v: &Table1d, entropic_v_per_k: Option<&Table1d>) -> Vec<OcvSegment> {
    let (soc, u) = (voltage_v.x(), voltage_v.y());
    let entropic = entropic_v_per_k.map_or(vec![0.0; soc.len()], |t| t.y().to_vec());
    // The slope as `Table1d` computes it, so that values are bit for bit the table's.
    let slope = |y: &[f64], idx: usize| (y[idx + 1] - y[idx]) / (soc[idx + 1] - soc[idx]);
    (0..soc.len() - 1)
        .map(|idx| OcvSegment {
            start_soc: soc[idx],
            end_soc: soc[idx + 1],
            reference_v: u[idx],
            reference_slope_v: slope(u, idx),
            entropic_v_per_k: entropic[idx],
            entropic_slope_v_per_k: slope(&entropic, idx),
        })
        .collect()
}

impl Ocv {
    /// Validate a spec.
    pub fn from_spec(spec: &OcvSpec, origin: &str) -> Result<Self> {
        let voltage_v = Table1d::new(spec.soc.clone(), spec.voltage_v.clone(), Interpolation::Linear, origin, "ocv")?;
        check_soc_axis(voltage_v.x(), origin, "ocv.soc")?;
        if voltage_v.domain() != (0.0, 1.0) {
            return Err(Error::field(origin, "ocv.soc", format!("{:?}", voltage_v.domain()), "must run from 0 to 1"));
        }
        if let Some(pair) = spec.voltage_v.windows(2).find(|w| w[1] < w[0]) {
            return Err(Error::field(
                origin,
                "ocv.voltage_v",
                format!("… {}, {} …", pair[0], pair[1]),
                "must not decrease with SOC",
            ));
        }
        let entropic_v_per_k = spec
            .entropic_mv_per_k
            .as_ref()
            .map(|mv| {
                let v_per_k = mv.iter().map(|m| m * 1e-3).collect();
                Table1d::new(spec.soc.clone(), v_per_k, Interpolation::Linear, origin, "ocv.entropic_mv_per_k")
            })
            .transpose()?;
        Ok(Ocv {
            segments: segments(&voltage_v, entropic_v_per_k.as_ref()),
            voltage_v,
            entropic_v_per_k,
            reference_temperature_k: degc_to_k(check::in_range(
                origin,
                "ocv.reference_temperature_degc",
                spec.reference_temperature_degc,
                -60.0,
                100.0,
            )?),
            hysteresis_v: check::in_range(origin, "ocv.hysteresis_v", spec.hysteresis_v, 0.0, 0.5)?,
            hysteresis_rate: check::non_negative(origin, "ocv.hysteresis_rate", spec.hysteresis_rate)?,
        })
    }

    /// OCV at `soc` and cell temperature `temperature_k` without hysteresis, V.
    #[inline]
    pub fn at(&self, soc: f64, temperature_k: f64) -> f64 {
        self.near(soc, &mut 0).voltage_v(temperature_k)
    }

    /// The OCV terms at `soc`, for any temperature, with the table search started at the SOC segment `*hint`
    /// (see [`Table1d::eval_near`]; the OCV and entropic tables share their SOC axis). A step looks them up
    /// once at the SOC it starts from: they give its OCV at the cell's temperature and its reversible heat.
    #[inline]
    pub fn near(&self, soc: f64, hint: &mut usize) -> OcvAt {
        // Inside segment `*hint` (SOC at its start included: the clamped value there is the same).
        if let Some(segment) = self.segments.get(*hint)
            && segment.start_soc <= soc
            && soc < segment.end_soc
        {
            let offset = soc - segment.start_soc;
            return OcvAt {
                reference_v: segment.reference_v + offset * segment.reference_slope_v,
                entropic_v_per_k: segment.entropic_v_per_k + offset * segment.entropic_slope_v_per_k,
                reference_temperature_k: self.reference_temperature_k,
            };
        }
        OcvAt {
            entropic_v_per_k: self.entropic_v_per_k.as_ref().map_or(0.0, |t| t.eval_near(soc, &mut hint.clone())),
            reference_v: self.voltage_v.eval_near(soc, hint),
            reference_temperature_k: self.reference_temperature_k,
        }
    }

    /// Entropic coefficient ∂U/∂T at `soc`, V/K.
    #[inline]
    pub fn entropic_v_per_k(&self, soc: f64) -> f64 {
        self.entropic_v_per_k.as_ref().map_or(0.0, |t| t.eval(soc))
    }

    /// Hysteresis voltage after carrying `current_a` (discharge positive) for `dt_s` through a cell of
    /// `capacity_c` coulombs, starting from `hysteresis_v`, V.
    #[inline]
    pub fn hysteresis_step(&self, hysteresis_v: f64, current_a: f64, dt_s: f64, capacity_c: f64) -> f64 {
        if self.hysteresis_v == 0.0 || current_a == 0.0 {
            return hysteresis_v;
        }
        let decay = (-self.hysteresis_rate * current_a.abs() * dt_s / capacity_c).exp();
        decay * hysteresis_v - (1.0 - decay) * self.hysteresis_v * current_a.signum()
    }

    /// Lowest and highest tabulated OCV, V.
    pub fn voltage_range(&self) -> (f64, f64) {
        self.voltage_v.range()
    }

    /// SOC at which the reference-temperature OCV first reaches `voltage_v` (inverse by bisection on the
    /// non-decreasing table), 0–1.
    pub fn soc_at(&self, voltage_v: f64) -> f64 {
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if self.voltage_v.eval(mid) < voltage_v {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> OcvSpec {
        OcvSpec {
            soc: vec![0.0, 0.5, 1.0],
            voltage_v: vec![3.0, 3.3, 3.4],
            entropic_mv_per_k: Some(vec![0.1, 0.0, -0.1]),
            reference_temperature_degc: 25.0,
            hysteresis_v: 0.02,
            hysteresis_rate: 60.0,
        }
    }

    #[test]
    fn temperature_shifts_ocv_linearly() {
        let ocv = Ocv::from_spec(&spec(), "t").unwrap();
        assert!((ocv.at(0.0, degc_to_k(35.0)) - 3.001).abs() < 1e-12);
        assert!((ocv.at(0.25, degc_to_k(25.0)) - 3.15).abs() < 1e-12);
    }

    #[test]
    fn hysteresis_converges_to_branch() {
        let ocv = Ocv::from_spec(&spec(), "t").unwrap();
        let mut h = 0.0;
        for _ in 0..3600 {
            h = ocv.hysteresis_step(h, -1.0, 1.0, 3600.0);
        }
        assert!((h - 0.02).abs() < 1e-9, "charging ends on the upper branch: {h}");
        let h = ocv.hysteresis_step(h, 1.0, 36.0, 3600.0);
        assert!(h < 0.02 && h > -0.02);
    }

    #[test]
    fn inverse_finds_soc() {
        let ocv = Ocv::from_spec(&spec(), "t").unwrap();
        assert!((ocv.soc_at(3.35) - 0.75).abs() < 1e-9);
    }

    #[test]
    fn rejects_decreasing_ocv() {
        let mut s = spec();
        s.voltage_v = vec![3.0, 3.5, 3.4];
        let err = Ocv::from_spec(&s, "cell.toml").unwrap_err().to_string();
        assert!(
            err.contains("cell.toml") && err.contains("ocv.voltage_v") && err.contains("must not decrease"),
            "{err}"
        );
    }
}
