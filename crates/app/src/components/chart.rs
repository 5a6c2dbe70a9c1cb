//! Line charts drawn by `plotters` into an SVG string, and the component that shows one.
//!
//! plotters' SVG backend writes `<text>` elements and lets the browser lay them out, but on
//! `wasm32` plotters measures text (for axis label placement) by adding a `<span>` with an inline
//! `style` attribute to the page: the Content-Security-Policy (`style-src 'self'`) refuses that,
//! and the measuring code unwraps DOM calls. [`Measured`] wraps the SVG backend and answers
//! those size questions itself from the font size, so rendering is pure and identical natively
//! (where it is tested) and in the browser.

use leptos::prelude::*;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

/// One line of a chart: a name and one value per x position.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// What the line shows (the legend text).
    pub name: String,
    /// One value per label of [`ChartData::labels`].
    pub values: Vec<f64>,
}

/// What a chart shows: x positions named by `labels` (days, hours) and lines over them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartData {
    /// The x axis labels, in order.
    pub labels: Vec<String>,
    /// The lines.
    pub series: Vec<Series>,
}

impl ChartData {
    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() || self.series.iter().all(|s| s.values.is_empty())
    }

    /// The largest value of any series (0 when empty).
    pub fn max_value(&self) -> f64 {
        self.series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    }
}

/// The line colours, in series order (distinguishable for common colour blindness).
pub const PALETTE: [(u8, u8, u8); 6] = [
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
];

/// The SVG backend, with text sizes estimated from the font size instead of measured in the
/// page (see the module documentation).
struct Measured<'a>(SVGBackend<'a>);

impl DrawingBackend for Measured<'_> {
    type ErrorType = <SVGBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_text(text, style, pos)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(estimate_text_size(text, style.size()))
    }
}

/// Width and height of `text` at `size` px: 0.6 em per character (digits and Latin letters in
/// a sans-serif font), 1 em per wide (CJK) character, one line high.
pub fn estimate_text_size(text: &str, size: f64) -> (u32, u32) {
    let ems: f64 = text
        .chars()
        .map(|c| if c.len_utf8() >= 3 { 1.0 } else { 0.6 })
        .sum();
    // Both are small positive numbers of pixels.
    let width = (ems * size).ceil().max(0.0) as u32;
    let height = size.ceil().max(0.0) as u32;
    (width, height)
}

/// Why a chart could not be drawn (plotters' message; never data values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the chart could not be drawn: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

/// A short axis label for a count or amount (`1200` → `1.2k`).
pub fn short_number(value: f64) -> String {
    let abs = value.abs();
    if abs >= 1_000_000.0 {
        format!("{:.1}M", value / 1_000_000.0)
    } else if abs >= 10_000.0 {
        format!("{:.0}k", value / 1_000.0)
    } else if abs >= 1_000.0 {
        format!("{:.1}k", value / 1_000.0)
    } else if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Draw `data` as a line chart of `width`×`height` px; an SVG document as a string.
pub fn render_svg(data: &ChartData, width: u32, height: u32) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = Measured(SVGBackend::with_string(&mut svg, (width, height))).into_drawing_area();
        draw(&root, data).map_err(|error| ChartError(error.to_string()))?;
        root.present()
            .map_err(|error| ChartError(error.to_string()))?;
    }
    Ok(svg)
}

type DrawResult =
    Result<(), DrawingAreaErrorKind<<SVGBackend<'static> as DrawingBackend>::ErrorType>>;

fn draw(root: &DrawingArea<Measured<'_>, plotters::coord::Shift>, data: &ChartData) -> DrawResult {
    root.fill(&WHITE)?;
    let count = data.labels.len().max(1);
    let top = (data.max_value() * 1.1).max(1.0);
    let x_max = (count - 1).max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(48)
        .build_cartesian_2d(0.0..x_max, 0.0..top)?;
    let labels = data.labels.clone();
    let label_of = move |x: &f64| {
        let rounded = x.round();
        if (x - rounded).abs() > 0.01 || rounded < 0.0 {
            return String::new();
        }
        // A non-negative whole number below the label count.
        labels.get(rounded as usize).cloned().unwrap_or_default()
    };
    chart
        .configure_mesh()
        .x_labels(count.min(8))
        .y_labels(6)
        .x_label_formatter(&label_of)
        .y_label_formatter(&|y| short_number(*y))
        .label_style(("sans-serif", 15).into_font().color(&RGBColor(60, 60, 60)))
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(210, 210, 210))
        .axis_style(RGBColor(120, 120, 120))
        .draw()?;
    for (index, series) in data.series.iter().enumerate() {
        let (r, g, b) = PALETTE[index % PALETTE.len()];
        let color = RGBColor(r, g, b);
        let points: Vec<(f64, f64)> = series
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, if v.is_finite() { *v } else { 0.0 }))
            .collect();
        chart.draw_series(LineSeries::new(
            points.clone(),
            ShapeStyle::from(color).stroke_width(2),
        ))?;
        chart.draw_series(
            points
                .into_iter()
                .map(move |point| Circle::new(point, 3, color.filled())),
        )?;
    }
    Ok(())
}

/// A chart with its legend. The SVG is decorative for screen readers (`aria-hidden`): the same
/// numbers are in the table next to it, which `described_by` names.
#[component]
pub fn Chart(
    /// What to draw.
    data: Signal<ChartData>,
    /// A short description (the chart's accessible name).
    label: Signal<String>,
    /// The id of the table with the same numbers.
    described_by: &'static str,
    /// The `data-testid` of the chart's root.
    testid: &'static str,
) -> impl IntoView {
    let svg = move || data.with(|d| render_svg(d, 720, 300).unwrap_or_default());
    let legend = move || {
        data.with(|d| {
            d.series
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let swatch = format!("swatch swatch-{}", i % PALETTE.len());
                    view! {
                        <li><span class=swatch aria-hidden="true"></span>{s.name.clone()}</li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <figure class="chart" data-testid=testid data-empty=move || data.with(ChartData::is_empty).to_string()
            data-points=move || data.with(|d| d.labels.len()).to_string() role="group" aria-label=label aria-describedby=described_by>
            <div class="chart-svg" aria-hidden="true" inner_html=svg></div>
            <ul class="chart-legend" data-testid=format!("{testid}-legend")>{legend}</ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ChartData {
        ChartData {
            labels: vec!["11-30".into(), "12-01".into(), "12-02".into()],
            series: vec![
                Series {
                    name: "total".into(),
                    values: vec![1.0, 4.0, 2.0],
                },
                Series {
                    name: "matched <&>".into(),
                    values: vec![0.0, 3.0, f64::NAN],
                },
            ],
        }
    }

    #[test]
    fn draws_one_line_per_series_with_the_labels() {
        let svg = render_svg(&sample(), 600, 240).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert_eq!(svg.matches(r#"stroke-width="2""#).count(), 2, "{svg}");
        assert!(svg.contains("11-30\n"), "x labels");
        assert!(svg.contains("12-02\n"), "x labels");
        // No inline style attribute: the page's CSP would refuse it.
        assert!(!svg.contains("style="));
        // Both series' colours are used.
        assert!(svg.contains("#0072B2") || svg.contains("#0072b2"), "{svg}");
    }

    #[test]
    fn an_empty_chart_still_draws_axes() {
        let data = ChartData::default();
        assert!(data.is_empty());
        let svg = render_svg(&data, 300, 200).unwrap();
        assert!(svg.contains("<svg"));
        assert_eq!(svg.matches(r#"stroke-width="2""#).count(), 0);
        assert!(svg.contains("<polyline"), "axes");
    }

    #[test]
    fn numbers_and_text_sizes() {
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(12.5), "12.5");
        assert_eq!(short_number(1_260.0), "1.3k");
        assert_eq!(short_number(25_000.0), "25k");
        assert_eq!(short_number(3_400_000.0), "3.4M");
        assert_eq!(estimate_text_size("12-01", 10.0), (30, 10));
        assert_eq!(estimate_text_size("转化", 10.0), (20, 10));
        assert_eq!(sample().max_value(), 4.0);
    }
}
