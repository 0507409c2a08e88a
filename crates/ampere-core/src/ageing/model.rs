//! A named ageing model: its card (paper, validity, oddities) and its fade law, from a model file in
//! `data/ageing/` (compiled in) or a user's file with the same shape.

use crate::ageing::driver::{self, AgeingResult, DriverOptions, RepeatStop};
use crate::ageing::embedded::{self, embedded_toml};
use crate::ageing::models::FadeLaw;
use crate::ageing::models::{
    self, ModelCard, lfp_250ah::Lfp250Ah, lfp_sony::LfpSony, nca_panasonic::NcaPanasonic, nmc111_kokam::Nmc111Kokam,
    nmc622_denso::Nmc622Denso, nmc811_lgm50::Nmc811Lgm50,
};
use crate::ageing::series::Series;
use crate::error::{Error, Result, check};

embedded_toml!(
    MODELS,
    "ageing",
    [
        "lfp_gr_250ah_prismatic",
        "lfp_gr_sony_murata_3ah",
        "nmc811_grsi_lg_m50",
        "nmc622_gr_denso_50ah",
        "nca_gr_panasonic_3ah",
        "nmc111_gr_kokam_75ah",
    ]
);

/// The fade law of a model (closed set).
#[derive(Debug, Clone, Copy)]
pub enum Law {
    /// LFP/graphite 250 Ah prismatic.
    Lfp250Ah(Lfp250Ah),
    /// LFP/graphite Sony/Murata 3 Ah (capacity and resistance).
    LfpSony(LfpSony),
    /// NMC811/graphite-Si LG M50.
    Nmc811Lgm50(Nmc811Lgm50),
    /// NMC622/graphite DENSO 50 Ah.
    Nmc622Denso(Nmc622Denso),
    /// NCA/graphite Panasonic 3.2 Ah.
    NcaPanasonic(NcaPanasonic),
    /// NMC111/graphite Kokam 75 Ah (capacity and resistance).
    Nmc111Kokam(Nmc111Kokam),
}

/// Call `$body` with `$law` bound to the concrete law (so the driver is monomorphic per law).
macro_rules! with_law {
    ($self:expr, $law:ident => $body:expr) => {
        match $self {
            Law::Lfp250Ah($law) => $body,
            Law::LfpSony($law) => $body,
            Law::Nmc811Lgm50($law) => $body,
            Law::Nmc622Denso($law) => $body,
            Law::NcaPanasonic($law) => $body,
            Law::Nmc111Kokam($law) => $body,
        }
    };
}

/// A validated ageing model.
#[derive(Debug, Clone)]
pub struct AgeingModel {
    card: ModelCard,
    law: Law,
}

impl AgeingModel {
    /// Parse a model file; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        let law_name = models::law_of(text, origin)?;
        let unknown = |value: &str| {
            Error::field(
                origin,
                "law",
                value,
                format!("must be one of: {}", AgeingModel::names().collect::<Vec<_>>().join(", ")),
            )
        };
        let Some(law_name) = law_name else { return Err(unknown("(missing)")) };
        let (card, law) = match law_name.as_str() {
            "lfp_gr_250ah_prismatic" => parse(text, origin, |p| Law::Lfp250Ah(Lfp250Ah { params: p }))?,
            "lfp_gr_sony_murata_3ah" => parse(text, origin, |p| Law::LfpSony(LfpSony { params: p }))?,
            "nmc811_grsi_lg_m50" => parse(text, origin, |p| Law::Nmc811Lgm50(Nmc811Lgm50 { params: p }))?,
            "nmc622_gr_denso_50ah" => parse(text, origin, |p| Law::Nmc622Denso(Nmc622Denso { params: p }))?,
            "nca_gr_panasonic_3ah" => parse(text, origin, |p| Law::NcaPanasonic(NcaPanasonic { params: p }))?,
            "nmc111_gr_kokam_75ah" => parse(text, origin, |p| Law::Nmc111Kokam(Nmc111Kokam { params: p }))?,
            other => return Err(unknown(other)),
        };
        with_law!(&law, law => {
            for (name, value) in law.positive_parameters() {
                check::positive(origin, &format!("parameters.{name}"), value)?;
            }
        });
        Ok(AgeingModel { card, law })
    }

    /// A built-in model by name (see [`AgeingModel::names`]).
    pub fn builtin(name: &str) -> Result<Self> {
        Self::from_toml(embedded::text(MODELS, "ageing model", name)?, name)
    }

    /// Names of the built-in models, in a stable order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        embedded::names(MODELS)
    }

    /// Paper, validity range and oddities.
    pub fn card(&self) -> &ModelCard {
        &self.card
    }

    /// Age the cell over `series` (repeated to `options.years`); refused for invalid options or a run longer than
    /// [`driver::MAX_CHUNKS`] chunks. A series' current is taken as that of a cell of
    /// `options.cell_capacity_ah`, by default the model's tested cell ([`ModelCard::capacity_ah`]).
    pub fn simulate(&self, series: &Series, options: DriverOptions) -> Result<AgeingResult> {
        let validity = self.card.validity;
        let options = self.with_capacity(options);
        with_law!(&self.law, law => driver::run(law, validity, series, options))
    }

    /// Age the cell by repeating one constant `period` (BLAST-Lite's constant-input path); refused as
    /// [`AgeingModel::simulate`] is.
    pub fn simulate_repeating(
        &self,
        period: &Series,
        stop: RepeatStop,
        options: DriverOptions,
    ) -> Result<AgeingResult> {
        let validity = self.card.validity;
        let options = self.with_capacity(options);
        with_law!(&self.law, law => driver::run_repeating(law, validity, period, stop, options))
    }

    /// `options` with the model's cell capacity where they give none.
    fn with_capacity(&self, options: DriverOptions) -> DriverOptions {
        DriverOptions { cell_capacity_ah: options.cell_capacity_ah.or(Some(self.card.capacity_ah)), ..options }
    }
}

fn parse<P: serde::de::DeserializeOwned>(
    text: &str,
    origin: &str,
    make: impl FnOnce(P) -> Law,
) -> Result<(ModelCard, Law)> {
    let (card, params) = models::parse_model_file::<P>(text, origin)?;
    Ok((card, make(params)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads_and_names_its_law() {
        for name in AgeingModel::names() {
            let model = AgeingModel::builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(model.card().name, name);
        }
    }

    #[test]
    fn unknown_law_names_the_choices() {
        let err = AgeingModel::from_toml("law = \"lead_acid\"\n", "my.toml").unwrap_err();
        assert!(
            err.to_string().starts_with("my.toml: `law` = lead_acid: must be one of: lfp_gr_250ah_prismatic"),
            "{err}"
        );
    }

    #[test]
    fn meaningless_parameters_are_refused() {
        let text = include_str!("../../../../data/ageing/nca_gr_panasonic_3ah.toml");
        let err = AgeingModel::from_toml(&text.replace("p_cal = 0.512", "p_cal = 0.0"), "nca.toml").unwrap_err();
        assert_eq!(err.to_string(), "nca.toml: `parameters.p_cal` = 0: must be a finite number > 0");
        let err = AgeingModel::from_toml(&text.replace("a = 75.4", "a = 1e31"), "nca.toml").unwrap_err();
        assert!(err.to_string().starts_with("nca.toml: `parameters.a` = 1e31: must be of magnitude ≤ 1e30"), "{err}");
    }

    #[test]
    fn non_finite_parameter_is_refused() {
        let text = include_str!("../../../../data/ageing/nca_gr_panasonic_3ah.toml").replace("a = 75.4", "a = nan");
        let err = AgeingModel::from_toml(&text, "nca.toml").unwrap_err();
        assert_eq!(err.to_string(), "nca.toml: `parameters.a` = NaN: must be a finite number");
    }
}
