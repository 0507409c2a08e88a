//! Vehicles compiled into the binary, from `data/vehicles/*.toml` (each file names its sources and marks
//! its estimates).

use super::{Vehicle, VehicleSpec};
use crate::error::{Result, lookup, parse_toml};

/// Names and TOML text of every built-in vehicle.
const VEHICLES: &[(&str, &str)] = &[
    ("byd_dolphin_44kwh_70kw", include_str!("../../../../data/vehicles/byd_dolphin_44kwh_70kw.toml")),
    ("byd_dolphin_60kwh_150kw", include_str!("../../../../data/vehicles/byd_dolphin_60kwh_150kw.toml")),
    ("byd_dolphin_surf_30kwh", include_str!("../../../../data/vehicles/byd_dolphin_surf_30kwh.toml")),
    ("byd_dolphin_surf_43kwh", include_str!("../../../../data/vehicles/byd_dolphin_surf_43kwh.toml")),
    ("byd_seagull_30kwh", include_str!("../../../../data/vehicles/byd_seagull_30kwh.toml")),
    ("chevrolet_bolt_ev_2017", include_str!("../../../../data/vehicles/chevrolet_bolt_ev_2017.toml")),
    ("citroen_e_c3", include_str!("../../../../data/vehicles/citroen_e_c3.toml")),
    ("dacia_spring_2021", include_str!("../../../../data/vehicles/dacia_spring_2021.toml")),
    ("dacia_spring_2024", include_str!("../../../../data/vehicles/dacia_spring_2024.toml")),
    ("mg4_51kwh_lfp", include_str!("../../../../data/vehicles/mg4_51kwh_lfp.toml")),
    ("mg4_64kwh_nmc", include_str!("../../../../data/vehicles/mg4_64kwh_nmc.toml")),
    ("renault_5_e_tech_40kwh_70kw", include_str!("../../../../data/vehicles/renault_5_e_tech_40kwh_70kw.toml")),
    ("renault_5_e_tech_52kwh_110kw", include_str!("../../../../data/vehicles/renault_5_e_tech_52kwh_110kw.toml")),
    ("renault_twingo_e_tech_2026", include_str!("../../../../data/vehicles/renault_twingo_e_tech_2026.toml")),
    ("renault_zoe_ze50_r135", include_str!("../../../../data/vehicles/renault_zoe_ze50_r135.toml")),
    ("tesla_model_3_rwd_lfp_2024", include_str!("../../../../data/vehicles/tesla_model_3_rwd_lfp_2024.toml")),
    (
        "variant_renault_5_52kwh_lfp_ctp_2026",
        include_str!("../../../../data/vehicles/variants/renault_5_52kwh_lfp_ctp_2026.toml"),
    ),
    (
        "variant_renault_5_52kwh_lmfp_ctp_2028",
        include_str!("../../../../data/vehicles/variants/renault_5_52kwh_lmfp_ctp_2028.toml"),
    ),
    (
        "variant_renault_5_52kwh_lmr_ctp_2028",
        include_str!("../../../../data/vehicles/variants/renault_5_52kwh_lmr_ctp_2028.toml"),
    ),
    (
        "variant_renault_5_52kwh_nmc_modules_ecm",
        include_str!("../../../../data/vehicles/variants/renault_5_52kwh_nmc_modules_ecm.toml"),
    ),
    (
        "variant_twingo_class_lfp_ctp_2026",
        include_str!("../../../../data/vehicles/variants/twingo_class_lfp_ctp_2026.toml"),
    ),
];

/// Names of the built-in vehicles.
pub fn names() -> impl Iterator<Item = &'static str> {
    VEHICLES.iter().map(|(name, _)| *name)
}

/// The spec of a built-in vehicle.
pub fn spec(name: &str) -> Result<VehicleSpec> {
    parse_toml(lookup(VEHICLES, "vehicle", name)?, name)
}

/// A built-in vehicle, validated.
pub fn load(name: &str) -> Result<Vehicle> {
    Vehicle::from_spec(&spec(name)?, name)
}
