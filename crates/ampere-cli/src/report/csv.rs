//! `compare.csv`: one row per vehicle; each figure as a value column (its JSON key, unit in the name, empty
//! when there is no value) followed by a `<key>_source` column.

use ampere_study::compare::Comparison;

use super::euro7_text;

/// The CSV text.
pub fn table(comparison: &Comparison) -> String {
    let Some(first) = comparison.rows.first() else { return String::new() };
    let mut header: Vec<String> = [
        "id",
        "name",
        "label",
        "group",
        "scenario",
        "battery_model",
        "wltc_class",
        "chemistry",
        "chemistry_source",
        "cell",
        "cell_source",
        "official_charge_window",
    ]
    .map(str::to_owned)
    .to_vec();
    for (key, _) in first.figures() {
        header.push(key.to_owned());
        header.push(format!("{key}_source"));
    }
    header.extend(["euro7", "euro7_source", "notes"].map(str::to_owned));
    let mut out = line(&header);
    for r in &comparison.rows {
        let mut cells = vec![
            r.id.clone(),
            r.name.clone(),
            r.label.clone(),
            r.group.clone(),
            r.scenario.clone(),
            r.battery_model.clone(),
            r.wltc_class.clone(),
            r.chemistry.text.clone().unwrap_or_default(),
            r.chemistry.source.clone(),
            r.cell.text.clone().unwrap_or_default(),
            r.cell.source.clone(),
            r.official_charge_window.clone().unwrap_or_default(),
        ];
        for (_, figure) in r.figures() {
            // Full precision: the CSV is for machines; the report rounds for people.
            cells.push(figure.value.map_or(String::new(), |v| v.to_string()));
            cells.push(figure.source.clone());
        }
        cells.push(euro7_text(&r.euro7).to_owned());
        cells.push(r.euro7.source.clone());
        cells.push(r.notes.join("; "));
        out.push_str(&line(&cells));
    }
    out
}

/// One CSV line (RFC 4180 quoting).
fn line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() })
        .collect();
    format!("{}\n", quoted.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_commas_and_quotes_are_quoted() {
        assert_eq!(line(&["a".into(), "b, c".into(), "say \"hi\"".into()]), "a,\"b, c\",\"say \"\"hi\"\"\"\n");
    }
}
