//! `ampere cost`: cost a cell, its pack and (if the pack file has a `[vehicle]`) the vehicle at a price
//! scenario, with an optional tornado; `ampere cost validate` prints the validation checks; `ampere cost
//! prices` prints a scenario's price deck with the source of each value.

use std::path::Path;

use ampere_core::cost::data::{CostData, Source};
use ampere_core::cost::prices::{Deck, PriceTable, Status};
use ampere_core::cost::sensitivity::{Bar, Output, tornado};
use ampere_core::cost::{CostBreakdown, CostModel, PackCost, PackSpec, PriceKey, Scenario, builtin};
use anyhow::{Result, bail};

use crate::{input, table::Table};

/// Arguments of `ampere cost`.
#[derive(clap::Args)]
#[command(subcommand_negates_reqs = true, args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// Cell name (see `data/cost/cells.toml`, or the file given with --cells).
    #[arg(long, required = true)]
    cell: Option<String>,
    /// Pack: a built-in name (batpac_id4, market_lfp, market_nmc, b_segment_ctp, c_segment_modules) or a TOML file.
    #[arg(long, required = true)]
    pack: Option<String>,
    #[command(flatten)]
    deck: DeckArgs,
    /// Override one price-deck input, e.g. `lithium_carbonate_usd_per_t=30000` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    /// Also print a tornado: each deck input moved by ±PERCENT alone.
    #[arg(long, value_name = "PERCENT")]
    tornado: Option<f64>,
    /// A cells TOML file (same layout as data/cost/cells.toml) to use instead of the built-in cells.
    #[arg(long, value_name = "FILE")]
    cells: Option<String>,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

/// Where the prices come from.
#[derive(clap::Args)]
struct DeckArgs {
    /// Scenario YEAR-REGION, e.g. 2028-eu (regions: china, eu, us; batpac for the calibration plant).
    #[arg(long, required = true)]
    scenario: Option<String>,
    /// A price CSV (columns year,region,key,value,status,source) to use instead of data/prices/.
    #[arg(long, value_name = "FILE")]
    prices: Option<String>,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Run the validation checks (BNEF survey figures, BatPaC calibration pack) and print model vs reference.
    Validate {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print the price deck of a scenario with the year, status and source of each value.
    Prices {
        #[command(flatten)]
        deck: DeckArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    match &args.action {
        Some(Action::Validate { json }) => validate(*json),
        Some(Action::Prices { deck, json }) => prices(deck, *json),
        None => cost(args),
    }
}

fn load_deck(args: &DeckArgs) -> Result<Deck> {
    let Some(scenario) = &args.scenario else { bail!("--scenario is required") };
    let scenario = Scenario::parse(scenario)?;
    let deck = match &args.prices {
        Some(path) => PriceTable::from_csv(&input::read_file(Path::new(path))?, path)?.deck(&scenario, path)?,
        None => builtin::price_table()?.deck(&scenario, "data/prices")?,
    };
    Ok(deck)
}

fn load_pack(name: &str) -> Result<PackSpec> {
    if input::is_path(name) {
        Ok(PackSpec::from_toml(&input::read_file(Path::new(name))?, name)?)
    } else {
        Ok(builtin::pack_spec(name)?)
    }
}

fn load_data(cells: Option<&str>) -> Result<CostData> {
    let Some(path) = cells else { return Ok(builtin::data()?) };
    let text = input::read_file(Path::new(path))?;
    let mut sources = builtin::sources();
    sources.cells = Source { text: &text, origin: path };
    Ok(CostData::parse(&sources)?)
}

fn cost(args: &Args) -> Result<()> {
    let (Some(cell), Some(pack_name)) = (&args.cell, &args.pack) else { bail!("--cell and --pack are required") };
    let data = load_data(args.cells.as_deref())?;
    let pack = load_pack(pack_name)?;
    let model = CostModel::new(&data, cell, &pack, pack_name)?;
    let mut prices = load_deck(&args.deck)?.prices;
    for assignment in &args.overrides {
        prices.set_from_text(assignment)?;
    }
    let cost = model.evaluate(&prices);
    let output = if cost.vehicle.is_some() { Output::VehicleCostUsd } else { Output::PackUsdPerKwh };
    let bars = match args.tornado {
        Some(percent) if percent.is_finite() && percent > 0.0 && percent < 100.0 => {
            tornado(&model, &prices, percent / 100.0, output)
        }
        Some(percent) => bail!("--tornado {percent}: must be a percentage in (0, 100)"),
        None => Vec::new(),
    };
    if args.json {
        let value = serde_json::json!({
            "cell": cell,
            "pack": pack_name,
            "scenario": args.deck.scenario,
            "cost": cost,
            "tornado": bars,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    print_cost(&model, &cost);
    if let Some(percent) = args.tornado {
        let unit = if output == Output::VehicleCostUsd { "vehicle cost USD" } else { "pack USD/kWh" };
        println!("\nTornado of {unit}, each input ±{percent} %");
        print!("{}", tornado_table(&bars).render());
    }
    Ok(())
}

fn print_cost(model: &CostModel, cost: &CostBreakdown) {
    let pack = model.pack();
    println!(
        "{} in {} × {} cells ({:?}, {:?} cooling), {:.1} kWh",
        model.cell().name(),
        pack.cells_in_series,
        pack.cells_in_parallel,
        pack.integration,
        pack.cooling,
        pack.energy_kwh
    );
    let c = &cost.cell;
    let m = &c.materials;
    let mut cell = labelled_values(
        ["cell", "USD/kWh"],
        &[
            ("cathode active material", m.cathode_active_usd_per_kwh),
            ("anode active material", m.anode_active_usd_per_kwh),
            ("binders and carbon", m.binders_usd_per_kwh),
            ("foils", m.foils_usd_per_kwh),
            ("separator", m.separator_usd_per_kwh),
            ("electrolyte", m.electrolyte_usd_per_kwh),
            ("container", m.container_usd_per_kwh),
            ("materials with scrap and overheads", c.materials_usd_per_kwh),
            ("labour", c.labour_usd_per_kwh),
            ("capital", c.capital_usd_per_kwh),
            ("land and building", c.building_usd_per_kwh),
            ("electricity", c.electricity_usd_per_kwh),
            ("cell total", c.total_usd_per_kwh),
            ("per cell (USD)", c.usd_per_cell),
        ],
        2,
    );
    print!("\n{}", cell.render());
    print!("\n{}", pack_table(&cost.pack).render());
    if let Some(v) = &cost.vehicle {
        cell = labelled_values(
            ["vehicle", "USD"],
            &[
                ("battery pack", v.battery_usd),
                ("electric drive", v.electric_drive_usd),
                ("on-board charger", v.onboard_charger_usd),
                ("HV wiring", v.hv_wiring_usd),
                ("glider", v.glider_usd),
                ("assembly, variable", v.assembly_variable_usd),
                ("assembly, fixed (absorbed)", v.assembly_fixed_usd),
                ("vehicle cost", v.total_cost_usd),
                ("price before tax", v.price_usd),
                ("plant utilisation %", 100.0 * v.plant_utilisation),
            ],
            0,
        );
        print!("\n{}", cell.render());
    }
}

/// A two-column table of labelled numbers with `decimals` digits.
fn labelled_values(header: [&str; 2], rows: &[(&str, f64)], decimals: usize) -> Table {
    let mut table = Table::new(header);
    for (label, value) in rows {
        table.row([(*label).to_owned(), format!("{value:.decimals$}")]);
    }
    table
}

fn pack_table(p: &PackCost) -> Table {
    let mut table = Table::new(["pack", "USD", "USD/kWh"]);
    for (item, value) in [
        ("cells", p.cells_usd),
        ("modules", p.modules_usd),
        ("interconnect", p.interconnect_usd),
        ("BMS", p.bms_usd),
        ("thermal", p.thermal_usd),
        ("housing", p.housing_usd),
        ("assembly", p.assembly_usd),
        ("pack total", p.total_usd),
    ] {
        table.row([item.to_owned(), format!("{value:.0}"), format!("{:.2}", value / p.energy_kwh)]);
    }
    table
}

fn tornado_table(bars: &[Bar]) -> Table {
    let mut table = Table::new(["input", "base value", "low", "high", "swing"]);
    for bar in bars {
        let clipped = if bar.clipped { " (high clipped at limit)" } else { "" };
        table.row([
            format!("{}{clipped}", bar.input),
            format!("{}", bar.base_value),
            format!("{:.2}", bar.low),
            format!("{:.2}", bar.high),
            format!("{:.2}", bar.swing()),
        ]);
    }
    table
}

fn validate(json: bool) -> Result<()> {
    let checks = builtin::validation()?;
    if json {
        let rows: Vec<_> = checks
            .iter()
            .map(|c| serde_json::json!({ "check": c, "error": c.error(), "passes": c.passes() }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let mut table = Table::new(["check", "model", "reference", "unit", "error %", "tolerance %", "result"]);
    for c in &checks {
        table.row([
            c.name.clone(),
            format!("{:.3}", c.model),
            format!("{:.3}", c.reference),
            c.unit.clone(),
            format!("{:+.1}", 100.0 * c.error()),
            format!("±{:.0}", 100.0 * c.tolerance),
            (if c.passes() { "pass" } else { "FAIL" }).to_owned(),
        ]);
    }
    println!("Checks of {}", builtin::VALIDATION_ORIGIN);
    print!("{}", table.render());
    if checks.iter().any(|c| !c.passes()) {
        bail!("some validation checks are outside their tolerance");
    }
    Ok(())
}

fn prices(args: &DeckArgs, json: bool) -> Result<()> {
    let deck = load_deck(args)?;
    if json {
        let rows: Vec<_> = PriceKey::ALL
            .iter()
            .zip(&deck.provenance)
            .map(|(key, p)| {
                serde_json::json!({ "key": key.name(), "value": p.value, "year": p.year, "status": status(p.status), "source": p.source })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let mut table = Table::new(["key", "value", "from year", "status", "source"]);
    for (key, p) in PriceKey::ALL.iter().zip(&deck.provenance) {
        table.row([
            key.name().to_owned(),
            format!("{}", p.value),
            p.year.to_string(),
            status(p.status).to_owned(),
            p.source.clone(),
        ]);
    }
    print!("{}", table.render());
    Ok(())
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Data => "data",
        Status::Derived => "derived",
        Status::Assumption => "assumption",
    }
}
