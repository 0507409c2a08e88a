//! One vehicle through every model: WLTP, DC charging, cost, ageing; official figures beside them.

use ampere_core::ageing::durability::DEFAULT_WARRANTY;
use ampere_core::ageing::scenario::{self, Scenario as AgeingScenario};
use ampere_core::ageing::usage::UsageVehicle;
use ampere_core::ageing::{cells, driver::DriverMode, vehicle_link};
use ampere_core::battery::cell::{Chemistry, builtin_cell};
use ampere_core::battery::pack::{CellRef, CoolingKind, Integration as PackIntegration};
use ampere_core::battery::{BatteryModel, BatterySpec};
use ampere_core::charging::equivalent::{proxy_cell, series_parallel};
use ampere_core::charging::{ChargeOptions, ChargeTrace, Charger, Preconditioning, SessionBattery};
use ampere_core::cost::pack::{Cooling, Integration};
use ampere_core::cost::{CostModel, PackSpec as CostPackSpec, VehicleCost, VehicleSpec as CostVehicleSpec};
use ampere_core::error::Result;
use ampere_core::procedure::wltp::{self, WltpOptions};
use ampere_core::units::{J_PER_KWH, degc_to_k};
use ampere_core::vehicle::Vehicle;
use ampere_core::vehicle::spec::OfficialSpec;

use super::{ChargePoint, Figure, Label, Row, SohPoint, Study, StudyVehicle, Verdict};

/// Displayed SOC at plug-in of the study's DC session.
pub const CHARGE_FROM_SOC: f64 = 0.10;
/// Displayed SOC at the end of the study's DC session.
pub const CHARGE_TO_SOC: f64 = 0.80;

/// What the cost and ageing models need to know about the battery.
struct Pack {
    /// Library cell name, or why there is none.
    cell: std::result::Result<String, String>,
    /// Where the cell choice comes from.
    cell_source: String,
    chemistry: Label,
    energy_kwh: Figure,
    /// Cost-model pack layout, or why there is none.
    cost_pack: std::result::Result<CostPackSpec, String>,
    description: String,
}

/// Compare one vehicle.
pub(super) fn compare(study: &Study, v: &StudyVehicle) -> Result<Row> {
    let vehicle = Vehicle::from_spec(&v.spec, &v.origin)?;
    let official = v.spec.official.clone().unwrap_or_default();
    let cite = |topics: &[&str]| citation(v, topics);
    let scenario = v.entry.scenario.clone().unwrap_or_else(|| study.spec.scenario.clone());
    let mut notes = Vec::new();

    let wltp = wltp::run(&vehicle, &WltpOptions::default())?;
    if wltp.trace_miss.distance_short_m > 0.0 {
        notes.push(format!(
            "cannot follow the WLTC trace: {:.0} m short before break-off (worst speed deficit {:.1} km/h)",
            wltp.trace_miss.distance_short_m,
            wltp.trace_miss.worst_speed_deficit_mps * 3.6
        ));
    }
    let wltp_model = format!("WLTP shortened test, {:?}, from {}", wltp.class, v.origin);

    let pack = pack(v, &vehicle, &official);
    let (charge_10_80_min, peak_charge_power_kw, charge_curve) = charging(study, v, &vehicle)?;

    let cost = cost(study, v, &vehicle, &pack, &scenario)?;
    let ageing = ageing(study, &vehicle, &pack)?;
    notes.extend(ageing.warnings);
    Ok(Row {
        id: v.id.clone(),
        name: v.spec.name.clone(),
        label: v.entry.label.clone().unwrap_or_else(|| v.spec.name.clone()),
        group: v.entry.group.clone(),
        origin: v.origin.clone(),
        battery_model: pack.description.clone(),
        scenario,
        wltc_class: format!("{:?}", wltp.class),
        test_mass_kg: Figure::model(vehicle.mass_kg, format!("WLTP test mass rule on the masses of {}", v.origin)),
        wltp_range_km: Figure::model(wltp.range_km, &wltp_model),
        official_wltp_range_km: Figure::official(
            official.wltp_range_km,
            &cite(&["wltp", "wltp_dimensions", "official"]),
        ),
        wltp_consumption_wh_per_km: Figure::model(wltp.ec_ac_wh_per_km, format!("{wltp_model}, at the wall")),
        official_wltp_consumption_wh_per_km: Figure::official(
            official.wltp_consumption_wh_per_km,
            &cite(&["wltp", "wltp_dimensions", "official"]),
        ),
        charge_10_80_min,
        official_charge_min: Figure::official(
            official.dc_charge_time_min,
            &cite(&["charging", "charging_price", "official"]),
        ),
        official_charge_window: official.dc_charge_window.clone(),
        peak_charge_power_kw,
        pack_energy_kwh: pack.energy_kwh.clone(),
        chemistry: pack.chemistry.clone(),
        cell: Label { text: pack.cell.as_ref().ok().cloned(), source: pack.cell_source.clone() },
        pack_usd_per_kwh: cost.pack_usd_per_kwh,
        pack_cost_usd: cost.pack_cost_usd,
        vehicle_cost_usd: cost.vehicle_cost_usd,
        model_price_usd: cost.model_price_usd,
        list_price_eur: Figure::official(official.price_eur, &price_citation(v, &official)),
        list_price_cny: Figure::official(official.price_cny, &price_citation(v, &official)),
        list_price_usd: Figure::official(official.price_usd, &price_citation(v, &official)),
        soh_8y_160000km_percent: ageing.soh,
        euro7: ageing.euro7,
        charge_curve,
        soh_curve: ageing.curve,
        cost_breakdown: cost.breakdown,
        notes,
    })
}

/// The `[source]` entry of the first topic the file has, as `<file> [source].<key>: <text>`.
fn citation(v: &StudyVehicle, topics: &[&str]) -> String {
    let table = v.spec.source.as_ref();
    for topic in topics {
        if let Some(text) = table.and_then(|t| t.get(*topic)).and_then(|value| value.as_str()) {
            return format!("{} [source].{topic}: {text}", v.origin);
        }
    }
    format!("{} [official] (see its [source] table)", v.origin)
}

fn price_citation(v: &StudyVehicle, official: &OfficialSpec) -> String {
    let market = match (&official.price_market, official.price_year) {
        (Some(m), Some(y)) => format!("{m} {y}, "),
        (None, Some(y)) => format!("{y}, "),
        (Some(m), None) => format!("{m}, "),
        (None, None) => String::new(),
    };
    format!("{market}{}", citation(v, &["price", "charging_price", "official"]))
}

fn pack(v: &StudyVehicle, vehicle: &Vehicle, official: &OfficialSpec) -> Pack {
    let entry = &v.entry;
    let cooling_of = |kind: Option<Cooling>| kind.unwrap_or(Cooling::Liquid);
    match &v.spec.battery {
        BatterySpec::Ecm(spec) => {
            let energy_kwh = vehicle.battery.total_energy_j() / J_PER_KWH;
            let integration = match spec.integration {
                PackIntegration::Modules => Integration::Modules,
                PackIntegration::CellToPack => Integration::CellToPack,
                PackIntegration::CellToBody => Integration::CellToBody,
            };
            let cooling = match spec.cooling.kind {
                CoolingKind::Liquid => Cooling::Liquid,
                CoolingKind::Air | CoolingKind::None => Cooling::Air,
            };
            let description = format!("ECM pack {}s{}p, {:?}", spec.series, spec.parallel, spec.integration);
            let (cell, chemistry) = match &spec.cell {
                CellRef::Name(name) => match builtin_cell(name) {
                    Ok(cell) => (Ok(name.clone()), Some(Chemistry::label(cell.chemistry))),
                    Err(e) => (Err(e.to_string()), None),
                },
                CellRef::Inline(cell) => (
                    Err(format!("inline cell `{}` has no cost or ageing data (use a library cell)", cell.name)),
                    Some(Chemistry::label(cell.chemistry)),
                ),
            };
            let cells_per_module = entry.cells_per_module;
            let cost_pack = match (integration, cells_per_module) {
                (Integration::Modules, None) => {
                    Err("a pack with modules needs `cells_per_module` in the study entry".to_owned())
                }
                _ => Ok(CostPackSpec {
                    cells_in_series: Some(spec.series),
                    cells_in_parallel: Some(spec.parallel),
                    energy_kwh: None,
                    voltage_v: None,
                    integration,
                    cells_per_module: cells_per_module.filter(|_| integration == Integration::Modules),
                    cooling,
                    vehicle: None,
                }),
            };
            Pack {
                cell_source: format!("{} [battery].cell", v.origin),
                cell,
                chemistry: Label {
                    text: chemistry.map(str::to_owned),
                    source: format!("model: the cell library's chemistry of the pack's cell ({})", v.origin),
                },
                energy_kwh: Figure::model(energy_kwh, format!("ECM pack: cells × capacity × mean OCV ({description})")),
                cost_pack,
                description,
            }
        }
        BatterySpec::Energy(store) => {
            let published = official.chemistry.clone();
            let chemistry = Label {
                text: published.clone(),
                source: match &published {
                    Some(_) => format!("official: {}", citation(v, &["battery", "battery_mass", "official", "wltp"])),
                    None => "not published".into(),
                },
            };
            let (cell, cell_source) = match (&entry.cell, published.as_deref().and_then(proxy_cell)) {
                (Some(cell), _) => (Ok(cell.clone()), "the study entry's `cell`".to_owned()),
                (None, Some(cell)) => (
                    Ok(cell.to_owned()),
                    format!(
                        "stand-in: the library's large-format cell of the published chemistry `{}`",
                        published.as_deref().unwrap_or("")
                    ),
                ),
                (None, None) => (
                    Err(format!(
                        "the battery is an energy store and the chemistry ({}) does not name a library cell; give `cell` in the study entry",
                        published.as_deref().unwrap_or("not published")
                    )),
                    "none".to_owned(),
                ),
            };
            let (energy_kwh, gross) = match official.battery_gross_kwh {
                Some(gross) => (
                    Figure::official(Some(gross), &citation(v, &["battery", "battery_mass", "official", "wltp"])),
                    gross,
                ),
                None => {
                    let total = vehicle.battery.total_energy_j() / J_PER_KWH;
                    (Figure::model(total, format!("energy store: usable energy / SOC window ({})", v.origin)), total)
                }
            };
            let cost_pack = match entry.integration {
                None => Err("the battery is an energy store: give `integration` in the study entry".to_owned()),
                Some(Integration::Modules) if entry.cells_per_module.is_none() => {
                    Err("a pack with modules needs `cells_per_module` in the study entry".to_owned())
                }
                Some(integration) => Ok(CostPackSpec {
                    // Laid out by the cost model from the gross energy at the store's nominal voltage (see
                    // `charging::equivalent::series_parallel`): filled in once the cell is known.
                    cells_in_series: None,
                    cells_in_parallel: None,
                    energy_kwh: Some(gross),
                    voltage_v: Some(store.nominal_voltage_v.unwrap_or(400.0)),
                    integration,
                    cells_per_module: entry.cells_per_module,
                    cooling: cooling_of(entry.cooling),
                    vehicle: None,
                }),
            };
            Pack { cell, cell_source, chemistry, energy_kwh, cost_pack, description: "energy store".into() }
        }
    }
}

/// The DC session of `ampere charge` (`SessionBattery::of`) with the study's charger.
fn charging(study: &Study, v: &StudyVehicle, vehicle: &Vehicle) -> Result<(Figure, Figure, Vec<ChargePoint>)> {
    let c = &study.spec.charging;
    let charger = Charger::dc(c.power_kw, c.current_a, c.max_voltage_v, c.efficiency, &study.origin)?;
    let options = ChargeOptions {
        from_soc: CHARGE_FROM_SOC,
        to_soc: CHARGE_TO_SOC,
        ambient_k: degc_to_k(c.ambient_degc),
        preconditioning: Preconditioning::None,
        dt_s: 1.0,
    };
    let battery = SessionBattery::of(&v.spec, vehicle, &v.origin)?;
    let result = battery.charge(&charger, &options)?;
    let physics = match &battery {
        SessionBattery::Own(own) if !own.has_electrical_detail() => "",
        _ => ": cell charge-current map, CC-CV, thermal",
    };
    let model = format!(
        "DC session on the {}{physics}; charger {:.0} kW/{:.0} A/{:.0} V at {:.0} °C",
        battery.description(),
        c.power_kw,
        c.current_a,
        c.max_voltage_v,
        c.ambient_degc
    );
    let time = match result.summary.time_10_80_s {
        Some(t) => Figure::model(t / 60.0, &model),
        None => Figure::not_modelled(format!("the session stalled before 80 % ({model})")),
    };
    let peak = Figure::model(result.summary.peak_power_w / 1e3, &model);
    Ok((time, peak, curve(&result.trace)))
}

/// Charging power at every whole percent of displayed SOC.
fn curve(trace: &ChargeTrace) -> Vec<ChargePoint> {
    let mut points = Vec::new();
    let mut next_percent = (trace.soc.first().copied().unwrap_or(0.0) * 100.0).ceil();
    for (soc, power_w) in trace.soc.iter().zip(&trace.power_w).skip(1) {
        if soc * 100.0 + 1e-9 >= next_percent {
            points.push(ChargePoint { soc_percent: next_percent, power_kw: power_w / 1e3 });
            next_percent += 1.0;
        }
    }
    points
}

/// The cost model's figures of one vehicle.
struct CostFigures {
    pack_usd_per_kwh: Figure,
    pack_cost_usd: Figure,
    vehicle_cost_usd: Figure,
    model_price_usd: Figure,
    breakdown: Option<VehicleCost>,
}

fn cost(study: &Study, v: &StudyVehicle, vehicle: &Vehicle, pack: &Pack, scenario: &str) -> Result<CostFigures> {
    let (cell, spec) = match (&pack.cell, &pack.cost_pack) {
        (Ok(cell), Ok(spec)) => (cell, spec),
        (Err(reason), _) | (_, Err(reason)) => {
            let missing = Figure::not_modelled(reason);
            return Ok(CostFigures {
                pack_usd_per_kwh: missing.clone(),
                pack_cost_usd: missing.clone(),
                vehicle_cost_usd: missing.clone(),
                model_price_usd: missing,
                breakdown: None,
            });
        }
    };
    let design = study.cost_data.cell(cell)?;
    let mut spec = spec.clone();
    if let (Some(energy_kwh), Some(voltage_v)) = (spec.energy_kwh.take(), spec.voltage_v.take()) {
        let (series, parallel) =
            series_parallel(energy_kwh, voltage_v, design.energy_kwh(), design.spec().nominal_voltage_v);
        spec.cells_in_series = Some(series);
        spec.cells_in_parallel = Some(parallel);
    }
    let mut model = CostModel::new(&study.cost_data, cell, &spec, &v.origin)?;
    if let Some(segment) = v.entry.segment {
        let plant = &study.spec.plant;
        let vehicle_spec = CostVehicleSpec {
            segment,
            motor_kw: vehicle.motor.peak_power_w / 1e3,
            onboard_charger_kw: vehicle.charger_power_w / 1e3,
            vehicles_per_year: plant.vehicles_per_year,
            line_rate_vehicles_per_hour: plant.line_rate_vehicles_per_hour,
            margin_fraction: plant.margin_fraction,
        };
        model = model.with_vehicle(vehicle_spec, &study.origin)?;
    }
    let deck = &study.decks[scenario];
    let cost = model.evaluate(&deck.prices);
    let p = model.pack();
    let pack_model = format!(
        "cost (BatPaC method) at {scenario}: {} cells of {cell} in {}s{}p, {:?}, {:?} cooling, {:.1} kWh",
        p.n_cells(),
        p.cells_in_series,
        p.cells_in_parallel,
        p.integration,
        p.cooling,
        p.energy_kwh
    );
    let pack_usd_per_kwh = Figure::model(cost.pack.usd_per_kwh, &pack_model);
    let pack_cost_usd = Figure::model(cost.pack.total_usd, &pack_model);
    Ok(match (cost.vehicle, v.entry.segment) {
        (Some(vc), Some(segment)) => {
            let plant = &study.spec.plant;
            let vehicle_model = format!(
                "vehicle cost at {scenario}: segment {segment:?} glider, {:.0} kW drive, pack as above, plant {:.0}/yr at {:.0}/h, margin {:.0} %",
                vehicle.motor.peak_power_w / 1e3,
                plant.vehicles_per_year,
                plant.line_rate_vehicles_per_hour,
                plant.margin_fraction * 100.0
            );
            CostFigures {
                pack_usd_per_kwh,
                pack_cost_usd,
                vehicle_cost_usd: Figure::model(vc.total_cost_usd, &vehicle_model),
                model_price_usd: Figure::model(vc.price_usd, format!("{vehicle_model}; price = cost × (1 + margin)")),
                breakdown: Some(vc),
            }
        }
        _ => {
            let missing = Figure::not_modelled("no `segment` in the study entry (the glider cost depends on it)");
            CostFigures {
                pack_usd_per_kwh,
                pack_cost_usd,
                vehicle_cost_usd: missing.clone(),
                model_price_usd: missing,
                breakdown: None,
            }
        }
    })
}

/// The ageing model's figures of one vehicle.
struct AgeingFigures {
    soh: Figure,
    euro7: Verdict,
    curve: Vec<SohPoint>,
    /// Validity warnings of the ageing model.
    warnings: Vec<String>,
}

fn ageing(study: &Study, vehicle: &Vehicle, pack: &Pack) -> Result<AgeingFigures> {
    let cell = match &pack.cell {
        Ok(cell) => cell,
        Err(reason) => {
            return Ok(AgeingFigures {
                soh: Figure::not_modelled(reason),
                euro7: Verdict { pass: None, source: format!("not modelled yet: {reason}") },
                curve: Vec::new(),
                warnings: Vec::new(),
            });
        }
    };
    let (model, mapping) = cells::model_for_cell(cell)?;
    let usage_vehicle = vehicle_link::usage_vehicle(vehicle, &study.cycle_mix, UsageVehicle::default().thermal)?;
    let energy_per_km_wh = usage_vehicle.energy_per_km_wh;
    let scenario = AgeingScenario {
        model: &model,
        degradation_scalar: mapping.degradation_scalar,
        usage: &study.usage,
        vehicle: usage_vehicle,
        climate: &study.climate,
        years: study.spec.ageing.years,
        mode: DriverMode::Default,
        warranty: DEFAULT_WARRANTY,
    };
    let result = scenario::run(&scenario)?;
    let d = &result.durability;
    let described = format!(
        "ageing model {} for cell {cell}, usage {} ({:.0} km/yr), climate {}, {:.0} Wh/km DC from the vehicle engine",
        mapping.model, result.usage, result.km_per_year, result.climate, energy_per_km_wh
    );
    let end_point = &d.euro7[1];
    let soh = match end_point.q {
        Some(q) => Figure::model(
            100.0 * q,
            format!("{described}; at {:.1} years (8 years or 160,000 km, whichever first)", end_point.at_years),
        ),
        None => Figure::not_modelled("the ageing run is shorter than the Euro 7 end point"),
    };
    let pass = d.euro7.iter().map(|c| c.pass).collect::<Option<Vec<bool>>>().map(|all| all.iter().all(|p| *p));
    let euro7 = Verdict {
        pass,
        source: format!(
            "model: {described} (cell map: {}); Euro 7 points 80 % at 5 years/100,000 km and 72 % at 8 years/160,000 km: {}",
            mapping.note,
            d.euro7
                .iter()
                .map(|c| c.q.map_or("not reached".to_owned(), |q| format!("{:.1} %", 100.0 * q)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let curve = std::iter::once(SohPoint { years: 0.0, soh_percent: 100.0 })
        .chain(d.yearly.iter().map(|y| SohPoint { years: y.year, soh_percent: 100.0 * y.q }))
        .collect();
    let warnings = result.ageing.warnings.iter().map(|w| format!("ageing: {w}")).collect();
    Ok(AgeingFigures { soh, euro7, curve, warnings })
}
