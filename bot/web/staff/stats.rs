//! The statistics page (`/staff/stats`) and its CSV (`/staff/stats.csv`): for a period and
//! filters, each chart drawn on the server as SVG (presentation attributes only: no script, no
//! style attribute), followed by its table and a link to its CSV. What is counted, the scope
//! and the small numbers are the application layer's; this file only draws and writes.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use super::ctx::Ctx;
use super::error::StaffError;
use super::export::csv_cell;
use super::layout::{self, Tr, parcours_label, partner_name};
use super::queue::nonempty;
use super::state::Staff;
use crate::app::staff::{CHARTS, Cell, Chart, Label, Report, StatsAsk};
use crate::booking::territory::Territory;
use crate::dialogue::Dialogue;

/// The page's query string (also the CSV's, with `chart`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct StatsQuery {
    /// `week`, `month`, `quarter` (the last 3 months) or `custom` (with `from` and `to`).
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub partner: Option<String>,
    pub channel: Option<String>,
    pub locale: Option<String>,
    pub parcours: Option<String>,
    pub chart: Option<String>,
}

const PERIODS: [&str; 4] = ["week", "month", "quarter", "custom"];

fn date_of(day: i64) -> NaiveDate {
    NaiveDate::default() + chrono::Days::new(u64::try_from(day).unwrap_or(0))
}

fn day_of(d: NaiveDate) -> i64 {
    (d - NaiveDate::default()).num_days()
}

impl StatsQuery {
    /// The period (named, or `from`/`to` given) and filters asked, on day `today`.
    fn ask(&self, today: i64) -> Result<(String, StatsAsk), StaffError> {
        let date = |v: &Option<String>, what: &str| -> Result<Option<i64>, StaffError> {
            nonempty(v.as_ref())
                .map(|d| {
                    NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                        .map(day_of)
                        .map_err(|_| {
                            StaffError::BadRequest(format!("{what}: AAAA-MM-JJ / YYYY-MM-DD"))
                        })
                })
                .transpose()
        };
        let (from, to) = (date(&self.from, "from")?, date(&self.to, "to")?);
        let period = nonempty(self.period.as_ref()).unwrap_or_else(|| {
            if from.is_some() || to.is_some() {
                "custom"
            } else {
                "month"
            }
            .to_string()
        });
        let d = date_of(today);
        let (from_day, to_day) = match period.as_str() {
            "week" => (today - i64::from(d.weekday().num_days_from_monday()), today),
            "month" => (today - i64::from(d.day0()), today),
            "quarter" => (today - 91, today),
            "custom" => (from.unwrap_or(today - 30), to.unwrap_or(today)),
            _ => {
                return Err(StaffError::BadRequest(
                    "period: week, month, quarter, custom".into(),
                ));
            }
        };
        if to_day < from_day {
            return Err(StaffError::BadRequest(
                "Période : la date de fin précède celle de début. / Period: the end comes before the start.".into(),
            ));
        }
        Ok((
            period,
            StatsAsk {
                from_day,
                to_day,
                partner: nonempty(self.partner.as_ref()),
                channel: nonempty(self.channel.as_ref()),
                locale: nonempty(self.locale.as_ref()),
                parcours: nonempty(self.parcours.as_ref()),
            },
        ))
    }
}

/// The query string of a chart's CSV: the period as dates, and the filters.
fn csv_link(chart: &str, ask: &StatsAsk) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("chart", chart);
    s.append_pair("from", &date_of(ask.from_day).to_string());
    s.append_pair("to", &date_of(ask.to_day).to_string());
    for (k, v) in [
        ("partner", &ask.partner),
        ("channel", &ask.channel),
        ("locale", &ask.locale),
        ("parcours", &ask.parcours),
    ] {
        if let Some(v) = v {
            s.append_pair(k, v);
        }
    }
    format!("/staff/stats.csv?{}", s.finish())
}

/// What row labels are named from: the territory (partners) and the dialogue (questions).
#[derive(Clone, Copy)]
struct Names<'a> {
    territory: Option<&'a Territory>,
    dialogue: Option<&'a Dialogue>,
}

/// The words of a question, shortened to `max` characters: its first sentence (up to its
/// question mark), cut at a word with "…" when still longer.
fn question(tr: &Tr<'_>, n: Names<'_>, step: &str, max: usize) -> Option<String> {
    let text = tr.t(&n.dialogue?.step(step)?.ids.prompt);
    let first = text
        .find(['?', '!', '.', ':'])
        .map_or(text.as_str(), |i| &text[..=i])
        .trim();
    if first.chars().count() <= max {
        return Some(first.to_string());
    }
    let mut cut: String = first.chars().take(max - 1).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    Some(format!("{} …", cut.trim_end_matches([',', ';', ' '])))
}

/// The longest question the tables write; the charts write less (their label column).
const QUESTION_TABLE: usize = 90;
const QUESTION_CHART: usize = 34;

/// A row's label in words (a question's words for a step).
fn label(tr: &Tr<'_>, n: Names<'_>, l: &Label) -> String {
    label_within(tr, n, l, QUESTION_TABLE)
}

/// A row's second line: the step's id under its question (a step the dialogue no longer has
/// is named by its id alone).
fn sub_label<'l>(n: Names<'_>, l: &'l Label) -> Option<&'l str> {
    match l {
        Label::Step(s) if n.dialogue.is_some_and(|d| d.step(s).is_some()) => Some(s),
        _ => None,
    }
}

fn label_within(tr: &Tr<'_>, n: Names<'_>, l: &Label, max: usize) -> String {
    let t = n.territory;
    match l {
        Label::Week(monday) => tr.ta(
            "staff-stats-week",
            &[("date", date_of(*monday).format("%d/%m/%Y").to_string())],
        ),
        Label::Step(s) => question(tr, n, s, max).unwrap_or_else(|| s.clone()),
        Label::Channel(c) => tr.or(&format!("staff-channel-{c}"), c),
        Label::Locale(l) => tr.or(&format!("staff-stats-locale-{l}"), l),
        Label::Parcours(p) => parcours_label(tr, Some(p)),
        Label::Lead(b) => crate::core::Body::parse(b).map_or_else(
            || b.clone(),
            |b| tr.or(&format!("body-{}", b.message_name()), b.as_str()),
        ),
        Label::Partner(p) => partner_name(t, p),
        Label::Msg(id) => tr.t(id),
    }
}

fn column(tr: &Tr<'_>, key: &str) -> String {
    tr.t(&format!("staff-stats-col-{key}"))
}

/// Colours of the series: dark enough on white for text and bars (contrast over 4.5:1).
const PALETTE: [&str; 6] = [
    "#000091", "#18753c", "#8a4b00", "#a10e90", "#ce0500", "#3a3a3a",
];

const WIDTH: f64 = 760.0;
const LABEL_W: f64 = 210.0;
const PLOT_W: f64 = 460.0;
const BAR_H: f64 = 14.0;

/// A round step for the axis: 1, 2 or 5 times a power of ten, above a quarter of `max`.
fn tick_step(max: f64) -> f64 {
    let raw = (max / 4.0).max(1.0);
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * p)
}

/// About how wide a text is drawn at 12 px, in the chart's units (narrow and wide letters
/// apart): where the next legend entry may start.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'm' | 'w' | 'M' | 'W' => 10.5,
            'i' | 'l' | 'j' | 't' | 'f' | 'r' | ' ' | '.' | ',' | '\'' => 3.8,
            c if c.is_uppercase() => 8.2,
            _ => 6.6,
        })
        .sum()
}

/// SVG elements are always closed (`{}`): in HTML, an SVG element written as a void one would
/// hold everything after it.
///
/// A chart as horizontal grouped bars: one group per row, one bar per drawn column, the value
/// written after each bar ("< 5" without a bar when masked), an axis with round ticks, and a
/// legend when there are several series.
fn svg(tr: &Tr<'_>, n: Names<'_>, chart: &Chart, title_id: &str) -> Markup {
    let drawn: Vec<usize> = (0..chart.columns.len())
        .filter(|i| chart.columns[*i].1)
        .collect();
    let percent = drawn.iter().all(|i| {
        chart
            .rows
            .iter()
            .all(|(_, c)| matches!(c[*i], Cell::Percent { .. }))
    });
    let max = chart
        .rows
        .iter()
        .flat_map(|(_, c)| drawn.iter().filter_map(|i| c[*i].value()))
        .fold(0.0_f64, f64::max);
    let max = if percent { 100.0 } else { max.max(1.0) };
    let step = tick_step(max);
    let top = max.div_euclid(step) * step + if max % step > 0.0 { step } else { 0.0 };
    let legend_h = if drawn.len() > 1 { 28.0 } else { 0.0 };
    // Each legend entry after the one before, by the width of its words.
    let legend_x: Vec<f64> = drawn
        .iter()
        .scan(10.0, |x, i| {
            let at = *x;
            *x += 30.0 + text_width(&column(tr, chart.columns[*i].0));
            Some(at)
        })
        .collect();
    let two_lines = chart.rows.iter().any(|(l, _)| sub_label(n, l).is_some());
    #[expect(clippy::cast_precision_loss, reason = "a few columns")]
    let group_h =
        (drawn.len() as f64 * (BAR_H + 2.0) + 10.0).max(if two_lines { 34.0 } else { 0.0 });
    #[expect(clippy::cast_precision_loss, reason = "a few hundred rows at most")]
    let plot_h = chart.rows.len().max(1) as f64 * group_h;
    let height = legend_h + plot_h + 30.0;
    let x = |v: f64| LABEL_W + PLOT_W * v / top;
    let ticks: Vec<f64> = (0..)
        .map(|k| f64::from(k) * step)
        .take_while(|v| *v <= top + 0.5)
        .collect();
    let fmt = |v: f64| {
        if percent {
            format!("{v:.0} %")
        } else {
            format!("{v:.0}")
        }
    };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby=(title_id)
            viewBox={ "0 0 " (WIDTH) " " (height) } width="100%" font-family="system-ui, sans-serif" font-size="12" {
            @if drawn.len() > 1 {
                @for (k, i) in drawn.iter().enumerate() {
                    @let lx = legend_x[k];
                    rect x=(lx) y="6" width="12" height="12" fill=(PALETTE[k % PALETTE.len()]) {}
                    text x=(lx + 16.0) y="16" fill="#1e1e1e" { (column(tr, chart.columns[*i].0)) }
                }
            }
            @for v in &ticks {
                line x1=(x(*v)) x2=(x(*v)) y1=(legend_h) y2=(legend_h + plot_h) stroke="#dddddd" {}
                text x=(x(*v)) y=(legend_h + plot_h + 16.0) text-anchor="middle" fill="#3a3a3a" { (fmt(*v)) }
            }
            line x1=(LABEL_W) x2=(LABEL_W) y1=(legend_h) y2=(legend_h + plot_h) stroke="#1e1e1e" {}
            @for (r, (l, cells)) in chart.rows.iter().enumerate() {
                @let gy = legend_h + f64::from(u16::try_from(r).unwrap_or(u16::MAX)) * group_h + 5.0;
                @match sub_label(n, l) {
                    Some(sub) => {
                        text x=(LABEL_W - 6.0) y=(gy + group_h / 2.0 - 3.0) text-anchor="end" fill="#1e1e1e" { (label_within(tr, n, l, QUESTION_CHART)) }
                        text x=(LABEL_W - 6.0) y=(gy + group_h / 2.0 + 10.0) text-anchor="end" fill="#555555" font-size="10" { (sub) }
                    }
                    None => {
                        text x=(LABEL_W - 6.0) y=(gy + group_h / 2.0) text-anchor="end" fill="#1e1e1e" { (label(tr, n, l)) }
                    }
                }
                @for (k, i) in drawn.iter().enumerate() {
                    @let by = gy + f64::from(u8::try_from(k).unwrap_or(0)) * (BAR_H + 2.0);
                    @match cells[*i].value() {
                        Some(v) => {
                            rect x=(LABEL_W) y=(by) width=((x(v) - LABEL_W).max(0.5)) height=(BAR_H) fill=(PALETTE[k % PALETTE.len()]) {}
                            text x=(x(v) + 4.0) y=(by + BAR_H - 3.0) fill="#1e1e1e" { (cells[*i].text()) }
                        }
                        None => {
                            text x=(LABEL_W + 4.0) y=(by + BAR_H - 3.0) fill="#3a3a3a" font-style="italic" { (cells[*i].text()) }
                        }
                    }
                }
            }
        }
    }
}

/// A chart's table: caption, column heads and row heads with their scope.
fn table(tr: &Tr<'_>, n: Names<'_>, chart: &Chart) -> Markup {
    html! {
        table {
            caption { (tr.t(&format!("staff-stats-{}", chart.id))) }
            thead { tr {
                th scope="col" { (tr.t(&format!("staff-stats-{}-rows", chart.id))) }
                @for (key, _) in &chart.columns { th scope="col" { (column(tr, key)) } }
            } }
            tbody {
                @for (l, cells) in &chart.rows {
                    tr {
                        th scope="row" {
                            (label(tr, n, l))
                            @if let Some(sub) = sub_label(n, l) { br; small.muted { (sub) } }
                        }
                        @for c in cells { td { (c.text()) } }
                    }
                }
            }
        }
    }
}

/// The CSV of a chart: a head line of column names, then a line per row (a step's id in
/// brackets after its question), then the chart's notes, one a line.
fn csv(tr: &Tr<'_>, n: Names<'_>, chart: &Chart) -> String {
    let mut head = vec![tr.t(&format!("staff-stats-{}-rows", chart.id))];
    head.extend(chart.columns.iter().map(|(k, _)| column(tr, k)));
    let mut out = head
        .iter()
        .map(|c| csv_cell(c))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for (l, cells) in &chart.rows {
        let name = match sub_label(n, l) {
            Some(sub) => format!("{} [{sub}]", label(tr, n, l)),
            None => label(tr, n, l),
        };
        let mut line = vec![csv_cell(&name)];
        line.extend(cells.iter().map(|c| csv_cell(&c.text())));
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    for note in &chart.notes {
        out.push_str(&csv_cell(&tr.t(note)));
        out.push_str("\r\n");
    }
    out
}

async fn report(
    staff: &Staff,
    ctx: &Ctx,
    q: &StatsQuery,
) -> Result<(String, StatsAsk, Report), StaffError> {
    let (period, ask) = q.ask(crate::core::local_day(staff.now()))?;
    let report = staff.desk(ctx).stats(&ask).await?;
    Ok((period, ask, report))
}

/// GET /staff/stats
pub async fn stats(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<StatsQuery>,
) -> Result<Html<String>, StaffError> {
    let (period, ask, report) = report(&staff, &ctx, &q).await?;
    let desk = staff.desk(&ctx);
    let scope = desk.scope();
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let ts = desk.territories();
    let names = Names {
        territory: ts.first().copied(),
        dialogue: staff.catalog().dialogue("diagnostic"),
    };
    let partners: Vec<(String, String)> = ts
        .iter()
        .flat_map(|t| t.partners.iter())
        .filter(|p| scope.allows_partner(&p.id))
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let channels = ["telegram", "sms", "whatsapp", "console"];
    let locales = staff.catalog().locales.tags().to_vec();
    let select = |id: &str, msg: &str, options: Vec<(String, String)>, chosen: &Option<String>| {
        html! {
            p {
                label for=(id) { (tr.t(msg)) }
                select id=(id) name=(id) {
                    option value="" { (tr.t("staff-all")) }
                    @for (v, name) in &options {
                        option value=(v) selected[chosen.as_deref() == Some(v.as_str())] { (name) }
                    }
                }
            }
        }
    };
    let body = html! {
        h1 { (tr.t("staff-stats")) }
        p.muted { (tr.t("staff-stats-intro")) }
        form.filters method="get" action="/staff/stats" role="search" {
            p {
                label for="period" { (tr.t("staff-stats-period")) }
                select #period name="period" {
                    @for p in PERIODS {
                        option value=(p) selected[period == p] { (tr.t(&format!("staff-stats-period-{p}"))) }
                    }
                }
            }
            p {
                label for="from" { (tr.t("staff-from")) }
                input #from name="from" type="date" value=(date_of(ask.from_day).to_string());
            }
            p {
                label for="to" { (tr.t("staff-to-included")) }
                input #to name="to" type="date" value=(date_of(ask.to_day).to_string());
            }
            (select("partner", "staff-filter-partner", partners, &ask.partner))
            (select("channel", "staff-channel", channels.iter().map(|c| ((*c).to_string(), tr.t(&format!("staff-channel-{c}")))).collect(), &ask.channel))
            (select("locale", "staff-stats-locale", locales.iter().map(|l| (l.clone(), tr.or(&format!("staff-stats-locale-{l}"), l))).collect(), &ask.locale))
            (select("parcours", "staff-filter-parcours", ["emploi", "global", "social"].iter().map(|p| ((*p).to_string(), parcours_label(&tr, Some(p)))).collect(), &ask.parcours))
            p { button type="submit" { (tr.t("staff-filter-apply")) } }
        }
        p.muted { (tr.ta("staff-stats-shown", &[("from", date_of(ask.from_day).format("%d/%m/%Y").to_string()), ("to", date_of(ask.to_day).format("%d/%m/%Y").to_string())])) " " (tr.t("staff-stats-small")) }
        @if report.too_few {
            p.error role="status" { (tr.t("staff-stats-too-few")) }
        } @else {
            @for chart in &report.charts {
                section.chart aria-labelledby={ "chart-" (chart.id) } {
                    h2 id={ "chart-" (chart.id) } { (tr.t(&format!("staff-stats-{}", chart.id))) }
                    p.muted { (tr.t(&format!("staff-stats-{}-help", chart.id))) }
                    @for note in &chart.notes {
                        p.note role="note" { (tr.t(note)) }
                    }
                    @if !chart.rows.is_empty() || chart.notes.is_empty() {
                        (svg(&tr, names, chart, &format!("chart-{}", chart.id)))
                        (table(&tr, names, chart))
                    }
                    p { a href=(csv_link(chart.id, &ask)) download { (tr.t("staff-stats-csv")) } }
                }
            }
        }
    };
    Ok(layout::page(&tr, &ctx, &tr.t("staff-stats"), body))
}

/// GET /staff/stats.csv?chart=...&from=...&to=...
pub async fn stats_csv(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<StatsQuery>,
) -> Result<Response, StaffError> {
    let chart = nonempty(q.chart.as_ref())
        .filter(|c| CHARTS.contains(&c.as_str()))
        .ok_or_else(|| StaffError::BadRequest(format!("chart: {}", CHARTS.join(", "))))?;
    let (_, _, report) = report(&staff, &ctx, &q).await?;
    if report.too_few {
        return Err(StaffError::BadRequest(
            "Moins de 5 personnes correspondent à ces filtres : rien n'est donné. / Fewer than 5 people match these filters: nothing is given.".into(),
        ));
    }
    let desk = staff.desk(&ctx);
    let ts = desk.territories();
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let body = report
        .charts
        .iter()
        .find(|c| c.id == chart)
        .map(|c| {
            let names = Names {
                territory: ts.first().copied(),
                dialogue: staff.catalog().dialogue("diagnostic"),
            };
            csv(&tr, names, c)
        })
        .unwrap_or_default();
    let disposition = format!("attachment; filename=\"stats-{chart}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
