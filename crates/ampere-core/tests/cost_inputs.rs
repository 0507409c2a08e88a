//! Issue 5 bad inputs: each is refused with a typed error that names the file, the field and what is allowed
//! (never a panic, NaN or silent clamp). Cases already covered beside the code (unknown cell, scrap rate out of
//! range, unknown price key, modules without cells_per_module, volume above plant capacity, …) are not repeated.

use ampere_core::cost::data::{CostData, Source};
use ampere_core::cost::prices::PriceTable;
use ampere_core::cost::{CostModel, PackSpec, Scenario, VehicleSpec, builtin};

const HEADER: &str = "year,region,key,value,status,source\n";

/// The error of a cells file holding one cell `x` with these values.
fn cells_error(chemistry: &str, format: &str, loading_mah_per_cm2: f64) -> String {
    let text = format!(
        "[x]\nchemistry = \"{chemistry}\"\nformat = \"{format}\"\ncapacity_ah = 50.0\nnominal_voltage_v = 3.6\ncathode_loading_mah_per_cm2 = {loading_mah_per_cm2:?}\n"
    );
    let mut sources = builtin::sources();
    sources.cells = Source { text: &text, origin: "my_cells.toml" };
    CostData::parse(&sources).unwrap_err().to_string()
}

fn prices_error(rows: &str) -> String {
    PriceTable::from_csv(&format!("{HEADER}{rows}"), "my_prices.csv").unwrap_err().to_string()
}

#[test]
fn unknown_builtin_pack_lists_the_known_ones() {
    let err = builtin::pack_spec("huge_pack").unwrap_err().to_string();
    assert!(err.contains("unknown pack `huge_pack`") && err.contains("market_lfp"), "{err}");
}

#[test]
fn cell_with_unknown_chemistry_names_the_field_and_the_known_chemistries() {
    let err = cells_error("unobtainium", "pouch", 3.0);
    assert!(err.contains("my_cells.toml: `x.chemistry` = unobtainium") && err.contains("nmc622"), "{err}");
}

#[test]
fn cell_with_absurd_loading_names_the_range() {
    let err = cells_error("lfp", "pouch", 40.0);
    assert!(err.contains("my_cells.toml: `x.cathode_loading_mah_per_cm2` = 40: must be in [0.2, 10]"), "{err}");
}

#[test]
fn cell_with_unknown_format_is_a_syntax_error_naming_it() {
    let err = cells_error("lfp", "coin", 3.0);
    assert!(err.contains("my_cells.toml: TOML syntax") && err.contains("coin"), "{err}");
}

#[test]
fn negative_price_row_names_row_column_and_range() {
    let err = prices_error("2024,all,nickel_usd_per_t,-5,data,x\n");
    assert!(
        err.contains("my_prices.csv: row 2, column `value`") && err.contains("must be a finite number > 0"),
        "{err}"
    );
}

#[test]
fn unknown_price_key_in_a_file_names_the_row() {
    let err = prices_error("2024,all,gold_usd_per_t,1,data,x\n");
    assert!(err.contains("my_prices.csv: row 2, column `key`: unknown price key `gold_usd_per_t`"), "{err}");
}

#[test]
fn price_row_without_source_is_refused() {
    let err = prices_error("2024,eu,labour_usd_per_h,30,data,\n");
    assert!(err.contains("my_prices.csv: row 2, column `source`: must not be empty"), "{err}");
}

#[test]
fn price_row_with_unknown_status_is_a_syntax_error() {
    let err = prices_error("2024,eu,labour_usd_per_h,30,guess,x\n");
    assert!(err.contains("my_prices.csv: CSV syntax") && err.contains("guess"), "{err}");
}

#[test]
fn empty_price_file_is_refused() {
    let err = PriceTable::from_csv(HEADER, "my_prices.csv").unwrap_err().to_string();
    assert!(err.contains("my_prices.csv: no price rows"), "{err}");
}

#[test]
fn deck_missing_a_regional_key_names_key_region_and_year() {
    let table =
        PriceTable::from_csv(&format!("{HEADER}2024,eu,labour_usd_per_h,30,data,x\n"), "my_prices.csv").unwrap();
    let err = table.deck(&Scenario::parse("2024-eu").unwrap(), "my_prices.csv").unwrap_err().to_string();
    assert!(
        err.contains("my_prices.csv: no `lithium_carbonate_usd_per_t` for region `all` in or before 2024"),
        "{err}"
    );
}

#[test]
fn set_with_a_non_number_names_the_key() {
    let mut prices = builtin::deck("2024-eu").unwrap().prices;
    let err = prices.set_from_text("nickel_usd_per_t=cheap").unwrap_err().to_string();
    assert!(err.contains("--set: `nickel_usd_per_t` = cheap: must be a number"), "{err}");
}

#[test]
fn negative_margin_names_the_field_and_range() {
    let data = builtin::data().unwrap();
    let pack: PackSpec = builtin::pack_spec("b_segment_ctp").unwrap();
    let model = CostModel::new(&data, "nmc622_large", &pack, "b_segment_ctp").unwrap();
    let vehicle = VehicleSpec { margin_fraction: -0.1, ..*model.vehicle().unwrap() };
    let err = model.with_vehicle(vehicle, "my_pack.toml").unwrap_err().to_string();
    assert!(err.contains("my_pack.toml: `vehicle.margin_fraction` = -0.1: must be in [0, 2]"), "{err}");
}

#[test]
fn pack_with_unknown_integration_is_a_syntax_error_naming_it() {
    let err = PackSpec::from_toml(
        "energy_kwh = 50.0\nvoltage_v = 400.0\nintegration = \"glued\"\ncooling = \"air\"\n",
        "my_pack.toml",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("my_pack.toml: TOML syntax") && err.contains("glued"), "{err}");
}

#[test]
fn pack_energy_out_of_range_names_the_range() {
    let data = builtin::data().unwrap();
    let pack = PackSpec::from_toml(
        "energy_kwh = -50.0\nvoltage_v = 400.0\nintegration = \"cell_to_pack\"\ncooling = \"air\"\n",
        "my_pack.toml",
    )
    .unwrap();
    let err = CostModel::new(&data, "nmc622_large", &pack, "my_pack.toml").unwrap_err().to_string();
    assert!(err.contains("my_pack.toml: `energy_kwh` = -50: must be in (0, 1000]"), "{err}");
}
