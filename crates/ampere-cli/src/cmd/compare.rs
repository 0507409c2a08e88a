//! `ampere compare [STUDY.toml] [--out DIR]`: run every model on every vehicle of a study (the built-in one,
//! `data/studies/default.toml`, without an argument) and write `report.html`, `compare.csv` and
//! `compare.json` into DIR (default `ampere-report/`); print a summary table and the report's path.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ampere_study::compare::{Comparison, DEFAULT_STUDY_ORIGIN, Figure, Study, StudySpec, StudyVehicle};
use anyhow::{Context, Result};

use crate::{cmd::age, input, report, table::Table};

/// Arguments of `ampere compare`.
#[derive(clap::Args)]
pub struct Args {
    /// Study file (TOML, format in docs/compare.md); the built-in study when omitted.
    study: Option<PathBuf>,
    /// Directory to write report.html, compare.csv and compare.json into (created if missing).
    #[arg(long, default_value = "ampere-report")]
    out: PathBuf,
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    let start = Instant::now();
    let (spec, origin, base) = match &args.study {
        Some(path) => {
            let origin = path.display().to_string();
            (StudySpec::from_toml(&input::read_file(path)?, &origin)?, origin, path.parent().map(Path::to_path_buf))
        }
        None => (StudySpec::builtin()?, DEFAULT_STUDY_ORIGIN.to_owned(), None),
    };
    // Files named in a study are relative to the study file.
    let resolve = |name: &str| -> String {
        match &base {
            Some(dir) if input::is_path(name) && Path::new(name).is_relative() => dir.join(name).display().to_string(),
            _ => name.to_owned(),
        }
    };
    let study_origin = &origin;
    let vehicles = spec
        .vehicles
        .iter()
        .enumerate()
        .map(|(idx, entry)| {
            let name = resolve(&entry.vehicle);
            let (id, origin) = if input::is_path(&name) {
                let stem = Path::new(&name).file_stem().map_or(name.clone(), |s| s.to_string_lossy().into_owned());
                (stem, name.clone())
            } else {
                (name.clone(), builtin_vehicle_path(&name))
            };
            let spec = input::vehicle_spec(&name).with_context(|| format!("{study_origin}: vehicle[{idx}].vehicle"))?;
            Ok(StudyVehicle { entry: entry.clone(), id, origin, spec })
        })
        .collect::<Result<Vec<_>>>()?;
    let usage = age::load_usage(&resolve(&spec.ageing.usage))?;
    let climate = age::load_climate(&resolve(&spec.ageing.climate))?;
    let cycle_mix = spec
        .ageing
        .cycle_mix
        .iter()
        .map(|(cycle, share)| Ok((input::cycle(&resolve(cycle))?, *share)))
        .collect::<Result<Vec<_>>>()?;
    let study = Study::new(spec, &origin, vehicles, usage, climate, cycle_mix)?;
    let comparison = study.run()?;
    let files = report::write(&args.out, &comparison)?;
    print!("{}", summary(&comparison));
    println!("\n{} vehicles in {:.2} s", comparison.rows.len(), start.elapsed().as_secs_f64());
    println!("data: {} and {}", files.csv.display(), files.json.display());
    println!("report: {}", files.html.display());
    Ok(())
}

/// Where a built-in vehicle's file lives in the repository (built-in `variant_*` names are the files of
/// `data/vehicles/variants/`).
fn builtin_vehicle_path(name: &str) -> String {
    match name.strip_prefix("variant_") {
        Some(file) => format!("data/vehicles/variants/{file}.toml"),
        None => format!("data/vehicles/{name}.toml"),
    }
}

/// The terminal summary: the main columns of the report's table.
fn summary(comparison: &Comparison) -> String {
    let mut table = Table::new([
        "vehicle",
        "scenario",
        "WLTP km",
        "official",
        "Wh/km",
        "10-80 min",
        "pack kWh",
        "chemistry",
        "pack $/kWh",
        "cost $",
        "list price",
        "SOH 8y %",
        "Euro 7",
    ]);
    for r in &comparison.rows {
        table.row([
            r.label.clone(),
            r.scenario.clone(),
            short(&r.wltp_range_km, 0),
            short(&r.official_wltp_range_km, 0),
            short(&r.wltp_consumption_wh_per_km, 1),
            short(&r.charge_10_80_min, 1),
            short(&r.pack_energy_kwh, 1),
            r.chemistry.text.clone().unwrap_or_else(|| "-".into()),
            short(&r.pack_usd_per_kwh, 0),
            short(&r.vehicle_cost_usd, 0),
            report::list_price(r).map_or("-".to_owned(), |(f, currency)| format!("{} {currency}", short(f, 0))),
            short(&r.soh_8y_160000km_percent, 1),
            report::euro7_text(&r.euro7).to_owned(),
        ]);
    }
    format!(
        "{}\n{} · usage {} · climate {} · costs in USD at each car's scenario\n\n{}\
         n/m = not modelled yet, - = not published (reasons and sources in the report)\n",
        comparison.study,
        comparison.origin,
        comparison.usage,
        comparison.climate,
        table.render()
    )
}

fn short(figure: &Figure, decimals: usize) -> String {
    match figure.value {
        Some(v) => report::number(v, decimals),
        None if figure.source.starts_with("not modelled") => "n/m".into(),
        None => "-".into(),
    }
}
