//! `report.html`: one self-contained page (styles, script and SVG inline; no network) with the charts, the
//! sortable table and the sources.
//!
//! Contract with the browser test (`tests/compare.rs`): every table cell holding a figure has `data-key` (its
//! JSON key) and, when it has a value, `data-value` (the JSON number, full precision) with the rounded value
//! as the first word of its text; each row has `data-id`. Each chart is a `<figure class="chart">` whose SVG
//! has a fixed id; after rendering, the script writes the charts' page boxes as JSON into `#layout`, any
//! error into `#errors`, and sets the title to `ok` (or `error`).

use std::fmt::Write as _;

use ampere_study::compare::{CHARGE_FROM_SOC, CHARGE_TO_SOC, Comparison, Figure, Row};

use super::svg::{self, Axis, Bar, Point, Series, Shape, escape};
use super::{euro7_text, list_price, number};

/// A numeric column of the table: JSON key, title, unit and where its numbers come from.
struct Column {
    key: &'static str,
    title: &'static str,
    unit: &'static str,
    decimals: usize,
    source: &'static str,
}

const fn column(
    key: &'static str,
    title: &'static str,
    unit: &'static str,
    decimals: usize,
    source: &'static str,
) -> Column {
    Column { key, title, unit, decimals, source }
}

const BEFORE_CHEMISTRY: [Column; 7] = [
    column("wltp_range_km", "WLTP range", "km", 0, "model: WLTP shortened test"),
    column("official_wltp_range_km", "WLTP range, official", "km", 0, "official: vehicle file"),
    column("wltp_consumption_wh_per_km", "WLTP consumption", "Wh/km at the wall", 1, "model: WLTP"),
    column("official_wltp_consumption_wh_per_km", "consumption, official", "Wh/km at the wall", 1, "official"),
    column("charge_10_80_min", "DC 10–80 %", "min", 1, "model: DC session"),
    column("official_charge_min", "DC time, official", "min (window beside)", 1, "official"),
    column("pack_energy_kwh", "pack", "kWh", 1, "official gross, or the ECM pack model"),
];

const AFTER_CHEMISTRY: [Column; 4] = [
    column("pack_usd_per_kwh", "pack cost", "USD/kWh", 0, "model: cost, BatPaC method"),
    column("pack_cost_usd", "pack cost", "USD", 0, "model: cost"),
    column("vehicle_cost_usd", "vehicle cost", "USD", 0, "model: vehicle cost"),
    column("model_price_usd", "model price", "USD before tax", 0, "model: cost × (1 + margin)"),
];

const SOH: Column = column("soh_8y_160000km_percent", "SOH 8 y/160,000 km", "% capacity", 1, "model: ageing");

const STYLE: &str = r#"
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px 24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.meta{color:#555;margin:2px 0}
#charts{display:grid;grid-template-columns:repeat(2,680px);gap:12px 16px}
figure.chart{margin:0;width:680px}figure.chart figcaption{font-weight:600;margin-bottom:2px}
figure.chart p.source{font-size:12px;color:#555;margin:2px 0 0}
.tick{font-size:11px;fill:#444}.axis{font-size:12px;fill:#222}.label{font-size:10px;fill:#333}.legend{font-size:11px;fill:#222}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ddd;padding:3px 6px}
th{background:#f3f3f3;cursor:pointer;vertical-align:bottom;text-align:left}th small{display:block;font-weight:400;color:#666}
th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
td{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}td.na{color:#a60;font-style:italic;font-size:12px}
td.np{color:#999;text-align:center}td.fail{color:#c00;font-weight:600}td small{color:#777}
#errors:empty,#layout{display:none}#errors{color:#c00;border:2px solid #c00;padding:8px}
ul.sources{font-size:12px;color:#444}ul.sources li{margin:2px 0}
"#;

/// Installed first, so that any later script error or console error is visible in the page.
const ERROR_CAPTURE: &str = r#"
window.reportErrors=[];
window.onerror=function(message,source,line,col){window.reportErrors.push(String(message)+' (line '+line+':'+col+')');var e=document.getElementById('errors');if(e){e.textContent=window.reportErrors.join('\n');}document.title='error';};
(function(){var original=console.error;console.error=function(){window.reportErrors.push(Array.prototype.join.call(arguments,' '));original.apply(console,arguments);};})();
"#;

/// Sorting, the price-axis switch, and the rendering check.
const SCRIPT: &str = r#"
(function(){
  var table=document.getElementById('compare-table');
  var body=table.tBodies[0];
  var headers=table.tHead.rows[0].cells;
  function key(cell){
    if(cell.hasAttribute('data-value')){return {num:true,v:parseFloat(cell.getAttribute('data-value'))};}
    if(cell.classList.contains('na')||cell.classList.contains('np')){return {num:true,v:null};}
    return {num:false,v:cell.textContent.trim().toLowerCase()};
  }
  Array.prototype.forEach.call(headers,function(th,col){
    th.addEventListener('click',function(){
      var asc=!th.classList.contains('sorted-asc');
      Array.prototype.forEach.call(headers,function(h){h.classList.remove('sorted-asc','sorted-desc');});
      th.classList.add(asc?'sorted-asc':'sorted-desc');
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=key(a.cells[col]),y=key(b.cells[col]);
        if(x.v===null&&y.v===null){return 0;} if(x.v===null){return 1;} if(y.v===null){return -1;}
        var c=x.num&&y.num?x.v-y.v:String(x.v).localeCompare(String(y.v));
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  var select=document.getElementById('price-axis');
  function showPrice(){
    ['model','list'].forEach(function(kind){
      var shown=(select.value===kind)?'':'none';
      document.getElementById('range-price-'+kind).style.display=shown;
      Array.prototype.forEach.call(document.querySelectorAll('.price-note-'+kind),function(n){n.style.display=shown;});
    });
  }
  select.addEventListener('change',showPrice);
  showPrice();
  var layout=[];
  Array.prototype.forEach.call(document.querySelectorAll('figure.chart svg'),function(svg){
    if(svg.style.display==='none'){return;}
    var marks=svg.querySelectorAll('.mark').length;
    if(marks===0){window.onerror('chart '+svg.id+' has nothing drawn',location.href,0,0);}
    var box=svg.getBoundingClientRect();
    layout.push({id:svg.id,x:Math.round(box.left+window.scrollX),y:Math.round(box.top+window.scrollY),width:Math.round(box.width),height:Math.round(box.height),marks:marks});
  });
  document.getElementById('layout').textContent=JSON.stringify(layout);
  if(window.reportErrors.length===0){document.title='ok';}
})();
"#;

/// The whole page.
pub fn page(c: &Comparison) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>rendering: {title}</title><style>{STYLE}</style><script>{ERROR_CAPTURE}</script></head><body>\
         <pre id=\"errors\"></pre><h1>{title}</h1><p>{description}</p>\
         <p class=\"meta\">Study <code>{origin}</code>; made by <code>ampere compare</code>. Ageing: usage <b>{usage}</b>, \
         climate <b>{climate}</b>, energy per km over {mix}. Charging: DC {power:.0} kW / {current:.0} A / {volts:.0} V \
         charger at {ambient:.0} °C. Vehicle cost: plant {volume:.0} vehicles/yr at {rate:.0}/h, margin {margin:.0} %; \
         costs in USD of each car's price scenario.</p>\
         <p class=\"meta\">Every number below names its source (hover a cell, read the captions, or the list at the \
         end): <i>official</i> figures come from the vehicle file's <code>[official]</code> table and its cited \
         source; <i>model</i> figures name the ampere model that produced them. “not modelled yet” gives the reason; \
         “—” means the maker does not publish it. The same numbers are in compare.json and compare.csv.</p>",
        title = escape(&c.study),
        description = escape(&c.description),
        origin = escape(&c.origin),
        usage = escape(&c.usage),
        climate = escape(&c.climate),
        mix = escape(&c.cycle_mix.iter().map(|(k, v)| format!("{k} × {v}")).collect::<Vec<_>>().join(", ")),
        power = c.charging.power_kw,
        current = c.charging.current_a,
        volts = c.charging.max_voltage_v,
        ambient = c.charging.ambient_degc,
        volume = c.plant.vehicles_per_year,
        rate = c.plant.line_rate_vehicles_per_hour,
        margin = c.plant.margin_fraction * 100.0,
    );
    out.push_str(&charts(c));
    out.push_str(&table(c));
    out.push_str(&sources(c));
    let _ = writeln!(out, "<pre id=\"layout\"></pre><script>{SCRIPT}</script></body></html>");
    out
}

fn groups(c: &Comparison) -> Vec<&str> {
    let mut groups: Vec<&str> = Vec::new();
    for r in &c.rows {
        if !groups.contains(&r.group.as_str()) {
            groups.push(&r.group);
        }
    }
    groups
}

/// Colour and marker of each row.
fn styles(c: &Comparison) -> Vec<(String, Shape)> {
    let groups = groups(c);
    c.rows
        .iter()
        .enumerate()
        .map(|(idx, r)| {
            let group = groups.iter().position(|g| *g == r.group).unwrap_or(0);
            (svg::colour(idx, c.rows.len()), Shape::of_group(group))
        })
        .collect()
}

fn legend(c: &Comparison) -> String {
    let names = ["●", "■", "◆", "▲"];
    groups(c)
        .iter()
        .enumerate()
        .map(|(idx, g)| format!("{} {}", names[idx % 4], escape(if g.is_empty() { "(no group)" } else { g })))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Rows left out of a chart, with the reason.
fn missing_note(items: &[(String, String)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let list: Vec<String> = items.iter().map(|(label, why)| format!("{} ({})", escape(label), escape(why))).collect();
    format!("<p class=\"source\">Not plotted: {}.</p>", list.join("; "))
}

fn figure(id: &str, caption: &str, body: &str, source: &str) -> String {
    format!(
        "<figure class=\"chart\" id=\"fig-{id}\"><figcaption>{}</figcaption>{body}<p class=\"source\">{source}</p></figure>",
        escape(caption)
    )
}

fn charts(c: &Comparison) -> String {
    let styles = styles(c);
    let mut out = String::from("<h2>Charts</h2><section id=\"charts\">");
    out.push_str(&range_vs_price(c, &styles));
    out.push_str(&consumption_vs_mass(c, &styles));
    out.push_str(&charging_curves(c, &styles));
    out.push_str(&soh_curves(c, &styles));
    out.push_str(&cost_bars(c));
    out.push_str("</section>");
    out
}

fn why(figure: &Figure) -> String {
    figure.source.clone()
}

fn range_vs_price(c: &Comparison, styles: &[(String, Shape)]) -> String {
    let mut bodies = String::new();
    let mut notes = String::new();
    for (kind, axis_label) in
        [("model", "model price before tax, USD (each car's scenario)"), ("list", "published list price, EUR")]
    {
        let mut points = Vec::new();
        let mut missing = Vec::new();
        for (r, (colour, shape)) in c.rows.iter().zip(styles) {
            let price = if kind == "model" { &r.model_price_usd } else { &r.list_price_eur };
            match (price.value, r.wltp_range_km.value) {
                (Some(x), Some(y)) => points.push(Point {
                    x,
                    y,
                    label: r.label.clone(),
                    title: format!(
                        "{}: {} km WLTP, {} {}",
                        r.name,
                        number(y, 0),
                        number(x, 0),
                        if kind == "model" { "USD" } else { "EUR" }
                    ),
                    colour: colour.clone(),
                    shape: *shape,
                    hollow: false,
                }),
                _ => missing
                    .push((r.label.clone(), if price.value.is_none() { why(price) } else { why(&r.wltp_range_km) })),
            }
        }
        let x = Axis::fit(points.iter().map(|p| p.x), axis_label, false);
        let y = Axis::fit(points.iter().map(|p| p.y), "WLTP range, km (simulated)", false);
        bodies.push_str(&svg::scatter(&format!("range-price-{kind}"), "range vs price", x, y, &points, &[]));
        let _ = write!(notes, "<span class=\"price-note-{kind}\">{}</span>", missing_note(&missing));
    }
    let select = "<label>x axis: <select id=\"price-axis\"><option value=\"model\">model price (USD, all cars)</option>\
                  <option value=\"list\">published list price (EUR)</option></select></label>";
    figure(
        "range-price",
        "Range vs price",
        &format!("{select}{bodies}"),
        &format!(
            "y: model: WLTP shortened test on each vehicle file. x: model price = vehicle cost (BatPaC-method cost \
             model at each car's scenario) × (1 + margin), or the list price from the vehicle file's [official] table. \
             {}{notes}",
            legend(c)
        ),
    )
}

fn consumption_vs_mass(c: &Comparison, styles: &[(String, Shape)]) -> String {
    let mut points = Vec::new();
    let mut links = Vec::new();
    let mut missing = Vec::new();
    for (r, (colour, shape)) in c.rows.iter().zip(styles) {
        let (Some(mass), Some(wh)) = (r.test_mass_kg.value, r.wltp_consumption_wh_per_km.value) else {
            missing.push((r.label.clone(), why(&r.wltp_consumption_wh_per_km)));
            continue;
        };
        points.push(Point {
            x: mass,
            y: wh,
            label: r.label.clone(),
            title: format!("{}: {} Wh/km simulated at {} kg", r.name, number(wh, 1), number(mass, 0)),
            colour: colour.clone(),
            shape: *shape,
            hollow: false,
        });
        if let Some(official) = r.official_wltp_consumption_wh_per_km.value {
            points.push(Point {
                x: mass,
                y: official,
                label: String::new(),
                title: format!("{}: {} Wh/km official", r.name, number(official, 1)),
                colour: colour.clone(),
                shape: *shape,
                hollow: true,
            });
            links.push((points.len() - 2, points.len() - 1));
        }
    }
    let x = Axis::fit(points.iter().map(|p| p.x), "WLTP test mass, kg", false);
    let y = Axis::fit(points.iter().map(|p| p.y), "WLTP consumption at the wall, Wh/km", false);
    figure(
        "consumption-mass",
        "Consumption vs mass",
        &svg::scatter("consumption-mass", "consumption vs mass", x, y, &points, &links),
        &format!(
            "Filled: model: WLTP shortened test, consumption at the wall (recharged AC energy / range). Open, joined by \
             a dashed line: the official figure where published. x: the WLTP test mass from each file's masses. {}{}",
            legend(c),
            missing_note(&missing)
        ),
    )
}

/// One line per car from `curve` (its points and the figure that explains an empty curve); cars without a curve
/// go to the not-plotted list with that figure's reason.
fn curve_series<'a>(
    c: &'a Comparison,
    styles: &[(String, Shape)],
    curve: impl Fn(&'a Row) -> (Vec<(f64, f64)>, &'a Figure),
) -> (Vec<Series>, Vec<(String, String)>) {
    let mut missing = Vec::new();
    let series = c
        .rows
        .iter()
        .zip(styles)
        .filter_map(|(r, (colour, _))| {
            let (points, figure) = curve(r);
            if points.is_empty() {
                missing.push((r.label.clone(), why(figure)));
                return None;
            }
            Some(Series { name: r.label.clone(), colour: colour.clone(), points })
        })
        .collect();
    (series, missing)
}

fn charging_curves(c: &Comparison, styles: &[(String, Shape)]) -> String {
    let (series, missing) = curve_series(c, styles, |r| {
        (r.charge_curve.iter().map(|p| (p.soc_percent, p.power_kw)).collect(), &r.charge_10_80_min)
    });
    let x = Axis::fixed(CHARGE_FROM_SOC * 100.0, CHARGE_TO_SOC * 100.0, 10.0, "displayed SOC, %");
    let y = Axis::fit(series.iter().flat_map(|s| s.points.iter().map(|p| p.1)), "power into the battery, kW", true);
    figure(
        "charging",
        "DC charging power vs SOC",
        &svg::lines("charging", "charging power vs SOC", x, y, &series, &[]),
        &format!(
            "model: DC session {:.0}→{:.0} % on a {:.0} kW charger at {:.0} °C. ECM packs (the what-if variants): cell \
             charge-current map, CC-CV and pack thermal model. Energy-store vehicles (the reference files): a flat line \
             at the file's charge-power limit, without taper, so their times are optimistic. {}",
            CHARGE_FROM_SOC * 100.0,
            CHARGE_TO_SOC * 100.0,
            c.charging.power_kw,
            c.charging.ambient_degc,
            missing_note(&missing)
        ),
    )
}

fn soh_curves(c: &Comparison, styles: &[(String, Shape)]) -> String {
    let (series, missing) = curve_series(c, styles, |r| {
        (r.soh_curve.iter().map(|p| (p.years, p.soh_percent)).collect(), &r.soh_8y_160000km_percent)
    });
    let years = series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).fold(1.0, f64::max);
    let low = series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).fold(100.0, f64::min);
    let x = Axis::fixed(0.0, years, 1.0, "age, years");
    let y = Axis::fixed((low.min(72.0) / 5.0).floor() * 5.0, 100.0, 5.0, "capacity (state of health), %");
    figure(
        "soh",
        "State of health vs years",
        &svg::lines("soh", "state of health vs years", x, y, &series, &[(72.0, "Euro 7: 72 % at 8 years/160,000 km")]),
        &format!(
            "model: ageing (BLAST-Lite fade laws, ampere's default driver) of each car's cell model, usage {} in {}, \
             energy per km from the vehicle engine; the cell → ageing-model map is in data/ageing/cell_map.toml. {}",
            escape(&c.usage),
            escape(&c.climate),
            missing_note(&missing)
        ),
    )
}

fn cost_bars(c: &Comparison) -> String {
    let names = [
        "battery pack",
        "electric drive",
        "on-board charger",
        "HV wiring",
        "glider",
        "assembly, variable",
        "assembly, fixed",
    ];
    let parts: Vec<(&str, String)> = names.iter().enumerate().map(|(i, n)| (*n, svg::colour(i, names.len()))).collect();
    let mut missing = Vec::new();
    let bars: Vec<Bar> = c
        .rows
        .iter()
        .filter_map(|r| {
            let Some(v) = &r.cost_breakdown else {
                missing.push((r.label.clone(), why(&r.vehicle_cost_usd)));
                return None;
            };
            Some(Bar {
                label: r.label.clone(),
                parts: vec![
                    v.battery_usd,
                    v.electric_drive_usd,
                    v.onboard_charger_usd,
                    v.hv_wiring_usd,
                    v.glider_usd,
                    v.assembly_variable_usd,
                    v.assembly_fixed_usd,
                ],
            })
        })
        .collect();
    figure(
        "cost",
        "Vehicle cost breakdown",
        &svg::stacked_bars("cost", "vehicle cost breakdown", "manufacturing cost, USD", &parts, &bars),
        &format!(
            "model: cost (BatPaC method for cell and pack; electric drive, charger, wiring, glider by segment, final \
             assembly absorbed over the plant volume) at each car's scenario (the table's scenario column). {}",
            missing_note(&missing)
        ),
    )
}

fn header(title: &str, unit: &str, source: &str) -> String {
    format!("<th title=\"{}\">{}<small>{}</small></th>", escape(source), escape(title), escape(unit))
}

fn figure_cell(key: &str, f: &Figure, decimals: usize, suffix: &str) -> String {
    match f.value {
        Some(v) => format!(
            "<td class=\"num\" data-key=\"{key}\" data-value=\"{v}\" title=\"{}\">{}{suffix}</td>",
            escape(&f.source),
            number(v, decimals)
        ),
        None if f.source.starts_with("not modelled") => {
            format!("<td class=\"na\" data-key=\"{key}\" title=\"{}\">not modelled yet</td>", escape(&f.source))
        }
        None => format!("<td class=\"np\" data-key=\"{key}\" title=\"{}\">—</td>", escape(&f.source)),
    }
}

fn table(c: &Comparison) -> String {
    let mut out = String::from(
        "<h2>Table</h2><p class=\"meta\">Click a column title to sort. Hover a number for its source.</p>\
         <table id=\"compare-table\"><thead><tr>",
    );
    out.push_str(&header("vehicle", "", "the vehicle file's name"));
    out.push_str(&header("group", "", "the study file"));
    out.push_str(&header("scenario", "cost year-region", "the study file"));
    for col in &BEFORE_CHEMISTRY {
        out.push_str(&header(col.title, col.unit, col.source));
    }
    out.push_str(&header("chemistry", "", "official (energy-store files) or the ECM pack's cell"));
    for col in &AFTER_CHEMISTRY {
        out.push_str(&header(col.title, col.unit, col.source));
    }
    out.push_str(&header("list price", "published", "official: vehicle file"));
    out.push_str(&header(SOH.title, SOH.unit, SOH.source));
    out.push_str(&header("Euro 7", "battery durability", "model: ageing against Regulation (EU) 2024/1257"));
    out.push_str("</tr></thead><tbody>");
    for r in &c.rows {
        out.push_str(&table_row(r));
    }
    out.push_str("</tbody></table>");
    out
}

fn table_row(r: &Row) -> String {
    let mut out = format!(
        "<tr data-id=\"{}\"><td title=\"{}\">{}</td><td>{}</td><td>{}</td>",
        escape(&r.id),
        escape(&format!("{} ({}; {})", r.name, r.origin, r.battery_model)),
        escape(&r.label),
        escape(&r.group),
        escape(&r.scenario)
    );
    for col in &BEFORE_CHEMISTRY {
        let f = r.figure(col.key).expect("every column key is a figure of the row");
        let suffix = match (col.key, &r.official_charge_window, f.value) {
            ("official_charge_min", Some(window), Some(_)) => format!(" <small>{}</small>", escape(window)),
            _ => String::new(),
        };
        out.push_str(&figure_cell(col.key, f, col.decimals, &suffix));
    }
    let chemistry = r.chemistry.text.as_deref().unwrap_or("—");
    let _ = write!(
        out,
        "<td title=\"{}\">{}</td>",
        escape(&format!(
            "{}; cell: {} ({})",
            r.chemistry.source,
            r.cell.text.as_deref().unwrap_or("none"),
            r.cell.source
        )),
        escape(chemistry)
    );
    for col in &AFTER_CHEMISTRY {
        let f = r.figure(col.key).expect("every column key is a figure of the row");
        out.push_str(&figure_cell(col.key, f, col.decimals, ""));
    }
    match list_price(r) {
        Some((f, currency)) => {
            let key = format!("list_price_{}", currency.to_lowercase());
            out.push_str(&figure_cell(&key, f, 0, &format!(" <small>{currency}</small>")));
        }
        None => out.push_str(&figure_cell("list_price_eur", &r.list_price_eur, 0, "")),
    }
    out.push_str(&figure_cell(SOH.key, &r.soh_8y_160000km_percent, SOH.decimals, ""));
    let class = match r.euro7.pass {
        Some(true) => "",
        Some(false) => " class=\"fail\"",
        None => " class=\"na\"",
    };
    let _ = write!(out, "<td{class} title=\"{}\">{}</td></tr>", escape(&r.euro7.source), euro7_text(&r.euro7));
    out
}

/// Text with its web addresses made into links.
fn linkify(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                format!("<a href=\"{0}\">{0}</a>", escape(word))
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn sources(c: &Comparison) -> String {
    let mut out = String::from("<h2>Sources and notes, per vehicle</h2>");
    for r in &c.rows {
        let _ =
            write!(out, "<h3>{} <small>({})</small></h3><ul class=\"sources\">", escape(&r.name), escape(&r.origin));
        let mut seen: Vec<&str> = Vec::new();
        for (key, f) in r.figures() {
            if f.source == "not published" || seen.contains(&f.source.as_str()) {
                continue;
            }
            seen.push(&f.source);
            let _ = write!(out, "<li><code>{key}</code>: {}</li>", linkify(&f.source));
        }
        let _ = write!(out, "<li><code>chemistry</code>: {}</li>", linkify(&r.chemistry.source));
        let _ = write!(out, "<li><code>cell</code>: {}</li>", linkify(&r.cell.source));
        let _ = write!(out, "<li><code>euro7</code>: {}</li>", linkify(&r.euro7.source));
        for note in &r.notes {
            let _ = write!(out, "<li>note: {}</li>", escape(note));
        }
        out.push_str("</ul>");
    }
    out
}
