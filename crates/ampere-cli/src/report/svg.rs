//! Hand-written SVG charts for the report: scatter plots, line charts and stacked bars, drawn here from the
//! numbers (no JavaScript library; the page stays self-contained and renders without scripts). Every data
//! element carries class `mark`, so the page's check and the browser test can count what was drawn.

use std::fmt::Write as _;

/// Width of every chart, px.
pub const WIDTH: f64 = 660.0;
/// Height of the scatter and line charts, px.
pub const HEIGHT: f64 = 420.0;
const LEFT: f64 = 62.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 48.0;
/// Room for the legend on the right of line charts, px.
const LEGEND: f64 = 170.0;

/// Escape text for HTML and SVG.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// A distinct colour for series `index` of `count`.
pub fn colour(index: usize, count: usize) -> String {
    let hue = (index as f64 * 360.0 / count.max(1) as f64 + 200.0) % 360.0;
    format!("hsl({hue:.0},70%,42%)")
}

/// Marker shapes, one per legend group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Circle.
    Circle,
    /// Square.
    Square,
    /// Diamond.
    Diamond,
    /// Triangle.
    Triangle,
}

impl Shape {
    /// The shape of group `index`.
    pub fn of_group(index: usize) -> Shape {
        [Shape::Circle, Shape::Square, Shape::Diamond, Shape::Triangle][index % 4]
    }

    fn draw(self, x: f64, y: f64, fill: &str, hollow: bool, title: &str) -> String {
        let paint = if hollow {
            format!("fill=\"white\" stroke=\"{fill}\" stroke-width=\"2\"")
        } else {
            format!("fill=\"{fill}\" stroke=\"#222\" stroke-width=\"0.6\"")
        };
        let title = format!("<title>{}</title>", escape(title));
        match self {
            Shape::Circle => {
                format!("<circle class=\"mark\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5.5\" {paint}>{title}</circle>")
            }
            Shape::Square => format!(
                "<rect class=\"mark\" x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" {paint}>{title}</rect>",
                x - 5.0,
                y - 5.0
            ),
            Shape::Diamond => format!(
                "<polygon class=\"mark\" points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\" {paint}>{title}</polygon>",
                y - 7.0,
                x + 7.0,
                y + 7.0,
                x - 7.0
            ),
            Shape::Triangle => format!(
                "<polygon class=\"mark\" points=\"{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" {paint}>{title}</polygon>",
                y - 7.0,
                x + 6.5,
                y + 5.0,
                x - 6.5,
                y + 5.0
            ),
        }
    }
}

/// A linear axis from `min` to `max` with round ticks.
#[derive(Debug, Clone)]
pub struct Axis {
    min: f64,
    max: f64,
    step: f64,
    label: String,
}

impl Axis {
    /// An axis covering `values` (with a margin), labelled `label`; `from_zero` starts it at 0.
    pub fn fit(values: impl IntoIterator<Item = f64>, label: &str, from_zero: bool) -> Axis {
        let (mut lo, mut hi) =
            values.into_iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if from_zero {
            lo = lo.min(0.0);
        }
        if hi - lo < 1e-9 {
            hi = lo + 1.0;
        }
        let span = hi - lo;
        let raw = span / 8.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step =
            [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
        let min = if from_zero && lo >= 0.0 { 0.0 } else { ((lo - 0.04 * span) / step).floor() * step };
        let max = ((hi + 0.04 * span) / step).ceil() * step;
        Axis { min, max, step, label: label.to_owned() }
    }

    /// An axis with fixed bounds and step.
    pub fn fixed(min: f64, max: f64, step: f64, label: &str) -> Axis {
        Axis { min, max, step, label: label.to_owned() }
    }

    fn ticks(&self) -> Vec<f64> {
        let n = ((self.max - self.min) / self.step).round() as usize;
        (0..=n).map(|i| self.min + i as f64 * self.step).collect()
    }

    fn decimals(&self) -> usize {
        if self.step >= 1.0 { 0 } else { (-self.step.log10().floor()) as usize }
    }
}

/// The plotting frame: pixel mapping of two axes inside a chart of `width` × `height`.
struct Frame {
    x: Axis,
    y: Axis,
    width: f64,
    height: f64,
    right: f64,
}

impl Frame {
    fn px(&self, x: f64) -> f64 {
        LEFT + (x - self.x.min) / (self.x.max - self.x.min) * (self.width - LEFT - self.right)
    }

    fn py(&self, y: f64) -> f64 {
        self.height - BOTTOM - (y - self.y.min) / (self.y.max - self.y.min) * (self.height - TOP - BOTTOM)
    }

    /// Grid, ticks and axis labels.
    fn axes(&self) -> String {
        let mut out = String::new();
        let (x0, x1, y0, y1) = (LEFT, self.width - self.right, self.height - BOTTOM, TOP);
        for t in self.x.ticks() {
            let x = self.px(t);
            let _ = write!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{y0:.1}\" x2=\"{x:.1}\" y2=\"{y1:.1}\" stroke=\"#e4e4e4\"/>\
                 <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"tick\">{}</text>",
                y0 + 16.0,
                super::number(t, self.x.decimals())
            );
        }
        for t in self.y.ticks() {
            let y = self.py(t);
            let _ = write!(
                out,
                "<line x1=\"{x0:.1}\" y1=\"{y:.1}\" x2=\"{x1:.1}\" y2=\"{y:.1}\" stroke=\"#e4e4e4\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"tick\">{}</text>",
                x0 - 6.0,
                y + 4.0,
                super::number(t, self.y.decimals())
            );
        }
        let _ = write!(
            out,
            "<rect x=\"{x0:.1}\" y=\"{y1:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#888\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"axis\">{}</text>\
             <text transform=\"translate(14,{:.1}) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">{}</text>",
            x1 - x0,
            y0 - y1,
            (x0 + x1) / 2.0,
            self.height - 8.0,
            escape(&self.x.label),
            (y0 + y1) / 2.0,
            escape(&self.y.label)
        );
        out
    }
}

fn open(id: &str, width: f64, height: f64, title: &str) -> String {
    format!(
        "<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">",
        escape(title)
    )
}

/// One point of a scatter plot.
pub struct Point {
    /// x value.
    pub x: f64,
    /// y value.
    pub y: f64,
    /// Text beside the marker.
    pub label: String,
    /// Tooltip.
    pub title: String,
    /// Fill colour.
    pub colour: String,
    /// Marker.
    pub shape: Shape,
    /// Open marker (e.g. an official figure next to a simulated one).
    pub hollow: bool,
}

/// A scatter plot; `links` joins pairs of points (indices) with a thin line.
pub fn scatter(id: &str, title: &str, x: Axis, y: Axis, points: &[Point], links: &[(usize, usize)]) -> String {
    let frame = Frame { x, y, width: WIDTH, height: HEIGHT, right: 16.0 };
    let mut out = open(id, WIDTH, HEIGHT, title);
    out.push_str(&frame.axes());
    for (a, b) in links {
        let (p, q) = (&points[*a], &points[*b]);
        let _ = write!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-dasharray=\"3 2\"/>",
            frame.px(p.x),
            frame.py(p.y),
            frame.px(q.x),
            frame.py(q.y),
            p.colour
        );
    }
    for p in points {
        let (px, py) = (frame.px(p.x), frame.py(p.y));
        out.push_str(&p.shape.draw(px, py, &p.colour, p.hollow, &p.title));
        if !p.label.is_empty() {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\">{}</text>",
                px + 8.0,
                py - 6.0,
                escape(&p.label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A line of a line chart.
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Colour.
    pub colour: String,
    /// Points (x, y) in order.
    pub points: Vec<(f64, f64)>,
}

/// A line chart with a legend on the right and optional horizontal reference lines (value, text).
pub fn lines(id: &str, title: &str, x: Axis, y: Axis, series: &[Series], references: &[(f64, &str)]) -> String {
    let frame = Frame { x, y, width: WIDTH, height: HEIGHT, right: LEGEND };
    let mut out = open(id, WIDTH, HEIGHT, title);
    out.push_str(&frame.axes());
    for (value, text) in references {
        let y = frame.py(*value);
        let _ = write!(
            out,
            "<line x1=\"{LEFT:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#c00\" stroke-dasharray=\"6 3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" fill=\"#c00\">{}</text>",
            WIDTH - LEGEND,
            LEFT + 4.0,
            y - 4.0,
            escape(text)
        );
    }
    for s in series {
        let path: Vec<String> =
            s.points.iter().map(|(x, y)| format!("{:.1},{:.1}", frame.px(*x), frame.py(*y))).collect();
        let _ = write!(
            out,
            "<polyline class=\"mark\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>",
            s.colour,
            path.join(" "),
            escape(&s.name)
        );
    }
    let row_height = ((HEIGHT - TOP - BOTTOM) / series.len().max(1) as f64).min(16.0);
    for (idx, s) in series.iter().enumerate() {
        let y = TOP + 6.0 + idx as f64 * row_height;
        let x = WIDTH - LEGEND + 10.0;
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{}</text>",
            x + 16.0,
            s.colour,
            x + 20.0,
            y + 4.0,
            escape(&s.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// One bar of a stacked bar chart.
pub struct Bar {
    /// Text on the left.
    pub label: String,
    /// Segment values, in the order of the chart's parts.
    pub parts: Vec<f64>,
}

/// Horizontal stacked bars; `parts` names the segments (with a colour each).
pub fn stacked_bars(id: &str, title: &str, axis_label: &str, parts: &[(&str, String)], bars: &[Bar]) -> String {
    const BAR: f64 = 18.0;
    const LABELS: f64 = 130.0;
    const LEGEND_ROWS: f64 = 40.0;
    let height = TOP + LEGEND_ROWS + BAR * bars.len() as f64 + BOTTOM;
    let x = Axis::fit(bars.iter().map(|b| b.parts.iter().sum::<f64>()), axis_label, true);
    let scale = |v: f64| (v - x.min) / (x.max - x.min) * (WIDTH - LABELS - 20.0);
    let mut out = open(id, WIDTH, height, title);
    for (idx, (name, colour)) in parts.iter().enumerate() {
        let lx = 10.0 + (idx % 4) as f64 * 160.0;
        let ly = TOP + (idx / 4) as f64 * 16.0;
        let _ = write!(
            out,
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"12\" height=\"10\" fill=\"{colour}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{}</text>",
            ly,
            lx + 16.0,
            ly + 9.0,
            escape(name)
        );
    }
    let top = TOP + LEGEND_ROWS;
    let bottom = top + BAR * bars.len() as f64;
    for t in x.ticks() {
        let px = LABELS + scale(t);
        let _ = write!(
            out,
            "<line x1=\"{px:.1}\" y1=\"{top:.1}\" x2=\"{px:.1}\" y2=\"{bottom:.1}\" stroke=\"#e4e4e4\"/>\
             <text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"tick\">{}</text>",
            bottom + 16.0,
            super::number(t, x.decimals())
        );
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"axis\">{}</text>",
        LABELS + (WIDTH - LABELS) / 2.0,
        bottom + 38.0,
        escape(axis_label)
    );
    for (idx, bar) in bars.iter().enumerate() {
        let y = top + idx as f64 * BAR;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"legend\">{}</text>",
            LABELS - 6.0,
            y + BAR * 0.7,
            escape(&bar.label)
        );
        let mut start = 0.0;
        for (value, (name, colour)) in bar.parts.iter().zip(parts) {
            let _ = write!(
                out,
                "<rect class=\"mark\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\">\
                 <title>{}: {} {}</title></rect>",
                LABELS + scale(start),
                y + 2.0,
                scale(start + value) - scale(start),
                BAR - 4.0,
                escape(&bar.label),
                escape(name),
                super::number(*value, 0)
            );
            start += value;
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_cover_their_values_with_round_ticks() {
        let axis = Axis::fit([212.0, 554.0], "km", false);
        assert!(axis.min <= 212.0 && axis.max >= 554.0, "{axis:?}");
        assert_eq!(axis.step, 50.0);
        let axis = Axis::fit([3.0, 3.0], "x", true);
        assert_eq!(axis.min, 0.0);
        assert!(axis.max >= 3.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
