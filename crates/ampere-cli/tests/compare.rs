//! `ampere compare` as a person uses it: build the report of the built-in study into a directory under target/,
//! check every number of the HTML table against compare.json, then open the page in headless Chromium and
//! check that it reports no error and that every chart has something drawn in it (coloured pixels inside the
//! chart's box on a screenshot).
//!
//! Chromium is required: without it the test fails and says how to install it (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

/// The report built once for all tests of this file.
struct Report {
    dir: PathBuf,
    html: String,
    json: Value,
    stdout: String,
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        // Inside target/ (kept for a look after a failure, replaced by the next run).
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compare-report");
        let _ = std::fs::remove_dir_all(&dir);
        let output = Command::new(env!("CARGO_BIN_EXE_ampere"))
            .args(["compare", "--out"])
            .arg(&dir)
            .output()
            .expect("run ampere compare");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "ampere compare failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html written");
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("compare.json")).expect("compare.json written"))
                .expect("compare.json is JSON");
        Report { dir, html, json, stdout }
    })
}

/// Value of attribute `name` in the text of an opening tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

/// Text content of an element body with tags removed.
fn text(body: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in body.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// Cells of a table row: (opening tag, body).
fn cells(row: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(start) = rest.find("<td") {
        let after = &rest[start..];
        let tag_end = after.find('>').expect("a td tag ends");
        let body_end = after.find("</td>").expect("a td closes");
        out.push((after[..tag_end].to_owned(), after[tag_end + 1..body_end].to_owned()));
        rest = &after[body_end + 5..];
    }
    out
}

#[test]
fn the_terminal_summary_names_the_report() {
    let r = report();
    assert!(r.stdout.contains("report: "), "{}", r.stdout);
    assert!(r.stdout.contains("R5 LFP CTP 2026"), "{}", r.stdout);
    assert!(r.dir.join("compare.csv").exists());
    let csv = std::fs::read_to_string(r.dir.join("compare.csv")).unwrap();
    let rows = r.json["rows"].as_array().unwrap();
    assert_eq!(csv.lines().count(), rows.len() + 1, "one CSV line per vehicle plus the header");
}

#[test]
fn every_number_in_the_table_matches_the_json() {
    let r = report();
    let rows = r.json["rows"].as_array().expect("rows");
    assert!(rows.len() >= 20, "the built-in study has the line-up, the variants and the benchmarks");
    let table_start = r.html.find("<table id=\"compare-table\">").expect("the table");
    let table = &r.html[table_start..table_start + r.html[table_start..].find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").unwrap()..];
    let mut checked_values = 0;
    let mut checked_missing = 0;
    let mut seen_rows = Vec::new();
    for row_html in body.split("<tr ").skip(1) {
        let id = attr(&format!(" {row_html}"), "data-id").expect("row id");
        let json_row =
            rows.iter().find(|row| row["id"] == id.as_str()).unwrap_or_else(|| panic!("row {id} in the JSON"));
        seen_rows.push(id.clone());
        for (tag, body) in cells(row_html) {
            let shown = text(&body);
            let Some(key) = attr(&tag, "data-key") else {
                assert!(!tag.contains("class=\"num\""), "{id}: a number without a key: {tag}");
                continue;
            };
            let figure = &json_row[key.as_str()];
            assert!(figure.is_object(), "{id}: `{key}` is a figure of the JSON");
            let source = figure["source"].as_str().expect("every figure has a source");
            assert!(!source.is_empty(), "{id}.{key}: empty source");
            match attr(&tag, "data-value") {
                Some(raw) => {
                    let in_html: f64 = raw.parse().unwrap_or_else(|_| panic!("{id}.{key}: data-value `{raw}`"));
                    let in_json = figure["value"].as_f64().unwrap_or_else(|| panic!("{id}.{key}: no JSON value"));
                    // serde_json's default parser is not correctly rounded (its `float_roundtrip` feature is
                    // off): the same written number can come back one or two ulps away.
                    assert!(
                        (in_html - in_json).abs() <= 1e-12 * in_json.abs(),
                        "{id}.{key}: data-value {in_html} against the JSON's {in_json}"
                    );
                    let word = shown.split_whitespace().next().unwrap_or("");
                    let displayed: f64 = word.parse().unwrap_or_else(|_| panic!("{id}.{key}: shown `{shown}`"));
                    let decimals = word.split_once('.').map_or(0, |(_, d)| d.len());
                    let half_unit = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9 * in_json.abs().max(1.0);
                    assert!(
                        (displayed - in_json).abs() <= half_unit,
                        "{id}.{key}: shown {displayed} but the JSON says {in_json}"
                    );
                    assert!(source.starts_with("model: ") || source.starts_with("official: "), "{id}.{key}: {source}");
                    checked_values += 1;
                }
                None => {
                    assert!(figure["value"].is_null(), "{id}.{key}: a value in the JSON but none in the table");
                    if shown == "not modelled yet" {
                        assert!(source.starts_with("not modelled yet: ") && source.len() > 20, "{id}.{key}: {source}");
                    } else {
                        assert_eq!(shown, "—", "{id}.{key}");
                        assert_eq!(source, "not published", "{id}.{key}");
                    }
                    checked_missing += 1;
                }
            }
        }
    }
    assert_eq!(seen_rows.len(), rows.len(), "every JSON row is in the table");
    assert!(checked_values >= rows.len() * 7, "{checked_values} numbers checked");
    assert!(checked_missing >= 1, "the study has figures that are not published or not modelled");
}

#[test]
fn modelled_numbers_are_plausible() {
    let rows = report().json["rows"].as_array().unwrap();
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id}"));
    let value = |id: &str, key: &str| row(id)[key]["value"].as_f64().unwrap_or_else(|| panic!("{id}.{key}"));
    // The R5 52 kWh within 10 % of its official WLTP range (the database's validation target is on consumption).
    let r5 = value("renault_5_e_tech_52kwh_110kw", "wltp_range_km");
    assert!((r5 / 410.0 - 1.0).abs() < 0.10, "{r5}");
    // LFP keeps more capacity than NMC in the same car and use.
    let lfp = value("variant_renault_5_52kwh_lfp_ctp_2026", "soh_8y_160000km_percent");
    let nmc = value("variant_renault_5_52kwh_nmc_modules_ecm", "soh_8y_160000km_percent");
    assert!(lfp > nmc && lfp < 100.0, "LFP {lfp} % against NMC {nmc} %");
    // Chinese LFP packs are cheaper per kWh than European NMC ones.
    let blade = value("byd_dolphin_60kwh_150kw", "pack_usd_per_kwh");
    let r5_pack = value("renault_5_e_tech_52kwh_110kw", "pack_usd_per_kwh");
    assert!(blade < r5_pack, "{blade} against {r5_pack}");
    // The ECM variants have a tapering charge curve.
    let curve = row("variant_renault_5_52kwh_lfp_ctp_2026")["charge_curve"].as_array().unwrap();
    assert!(curve.len() >= 60, "{}", curve.len());
    // A car without published chemistry is not costed, and says why.
    let spring = &row("dacia_spring_2021")["pack_usd_per_kwh"];
    assert!(spring["value"].is_null() && spring["source"].as_str().unwrap().starts_with("not modelled yet: "));
}

#[test]
fn a_bad_study_field_is_named() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compare-bad-study");
    std::fs::create_dir_all(&dir).unwrap();
    let study = dir.join("study.toml");
    std::fs::write(
        &study,
        "name = \"x\"\nscenario = \"2026-eu\"\n[charging]\npower_kw = -5.0\n[[vehicle]]\nvehicle = \"mg4_51kwh_lfp\"\n",
    )
    .unwrap();
    let stderr = refused_study(&study, &dir.join("out"));
    assert!(stderr.contains("study.toml") && stderr.contains("charging.power_kw"), "{stderr}");
    std::fs::write(&study, "name = \"x\"\nscenario = \"2026-mars\"\n[[vehicle]]\nvehicle = \"mg4_51kwh_lfp\"\n")
        .unwrap();
    let stderr = refused_study(&study, &dir.join("out"));
    assert!(stderr.contains("mars"), "{stderr}");
    std::fs::write(&study, "name = \"x\"\nscenario = \"2026-eu\"\n[[vehicle]]\nvehicle = \"mg4_51kwh_lfp\"\n[[vehicle]]\nvehicle = \"nope\"\n").unwrap();
    let stderr = refused_study(&study, &dir.join("out"));
    assert!(stderr.contains("vehicle[1].vehicle: unknown vehicle `nope`"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Run `ampere compare` on a study that must be refused; its error output (exit code 2 checked).
fn refused_study(study: &Path, out: &Path) -> String {
    let output =
        Command::new(env!("CARGO_BIN_EXE_ampere")).arg("compare").arg(study).arg("--out").arg(out).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    stderr
}

/// Chromium's path, or a failure that says how to install it.
fn chromium() -> PathBuf {
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(candidate).exists() {
            return PathBuf::from(candidate);
        }
    }
    panic!(
        "headless Chromium is needed to test the report: install it with `apt-get update && apt-get install -y chromium` \
         (Debian's package, /usr/bin/chromium; .ci/run installs it)"
    );
}

/// Run headless Chromium on the report with `extra` arguments; returns stdout.
fn run_chromium(dir: &Path, width: u32, height: u32, extra: &[String]) -> String {
    let profile = dir.join(format!("chromium-profile-{}", extra.len()));
    let url = format!("file://{}", dir.join("report.html").display());
    let output = Command::new("timeout")
        .arg("180")
        .arg(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .args(extra)
        .arg(&url)
        .output()
        .expect("run chromium");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "chromium failed: {stderr}");
    for line in stderr.lines() {
        assert!(!line.contains("Uncaught") && !line.contains(":ERROR:CONSOLE"), "console error: {line}");
    }
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_report_renders_in_headless_chromium() {
    let r = report();
    let width = 1440;
    let dom = run_chromium(&r.dir, width, 2400, &["--dump-dom".to_owned()]);
    let errors_start = dom.find("<pre id=\"errors\">").expect("the errors box") + "<pre id=\"errors\">".len();
    let errors = &dom[errors_start..errors_start + dom[errors_start..].find("</pre>").unwrap()];
    assert!(errors.is_empty(), "the page reported errors: {errors}");
    assert!(dom.contains("<title>ok</title>"), "the page did not finish rendering");
    let layout_start = dom.find("<pre id=\"layout\">").expect("the layout box") + "<pre id=\"layout\">".len();
    let layout: Value =
        serde_json::from_str(&dom[layout_start..layout_start + dom[layout_start..].find("</pre>").unwrap()]).unwrap();
    let charts = layout.as_array().unwrap();
    let ids: Vec<&str> = charts.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["range-price-model", "consumption-mass", "charging", "soh", "cost"], "visible charts");
    // Each chart draws one mark per car (and per part) that the JSON has data for.
    let rows = r.json["rows"].as_array().unwrap();
    let has = |row: &Value, key: &str| row[key]["value"].is_number();
    let count = |f: &dyn Fn(&Value) -> usize| rows.iter().map(f).sum::<usize>() as u64;
    let expected = [
        count(&|row| usize::from(has(row, "model_price_usd") && has(row, "wltp_range_km"))),
        count(&|row| {
            usize::from(has(row, "wltp_consumption_wh_per_km"))
                + usize::from(has(row, "official_wltp_consumption_wh_per_km"))
        }),
        count(&|row| usize::from(!row["charge_curve"].as_array().unwrap().is_empty())),
        count(&|row| usize::from(!row["soh_curve"].as_array().unwrap().is_empty())),
        count(&|row| if row["cost_breakdown"].is_object() { 7 } else { 0 }),
    ];
    for (chart, expected) in charts.iter().zip(expected) {
        assert_eq!(chart["marks"].as_u64().unwrap(), expected, "marks drawn in {}", chart["id"]);
    }
    let bottom = charts.iter().map(|c| c["y"].as_u64().unwrap() + c["height"].as_u64().unwrap()).max().unwrap();
    let height = u32::try_from(bottom).unwrap() + 40;

    let shot = r.dir.join("report.png");
    run_chromium(&r.dir, width, height, &[format!("--screenshot={}", shot.display())]);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).expect("screenshot written")));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    assert!(info.bit_depth == png::BitDepth::Eight && channels >= 3, "{:?} {:?}", info.color_type, info.bit_depth);
    for chart in charts {
        let get = |k: &str| chart[k].as_u64().unwrap() as u32;
        let (x0, y0, w, h) = (get("x"), get("y"), get("width"), get("height"));
        assert!(
            x0 + w <= info.width && y0 + h <= info.height,
            "{chart} outside the {}×{} screenshot",
            info.width,
            info.height
        );
        // Data is drawn in colour; axes, grid and text are grey: count saturated pixels in the box.
        let mut coloured = 0;
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                let at = (y as usize * info.width as usize + x as usize) * channels;
                let (r, g, b) = (pixels[at], pixels[at + 1], pixels[at + 2]);
                if r.max(g).max(b) - r.min(g).min(b) > 60 {
                    coloured += 1;
                }
            }
        }
        let area = w * h;
        assert!(coloured > 400 && coloured < area * 9 / 10, "{}: {coloured} coloured pixels of {area}", chart["id"]);
    }
}
