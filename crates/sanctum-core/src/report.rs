//! The shareable weekly report and its charts: Markdown for Slack/Confluence, and one
//! self-contained HTML file (inline CSS and SVG, no scripts, no external assets) for mail.
//! The SVG charts are also what the app's review screen shows. All user text is escaped.

use std::fmt::Write as _;

use crate::review::{Tally, WeekReview};

const STRATEGIC: &str = "#3d7a4f";
const BATCH: &str = "#c08a2d";
const REACTIVE: &str = "#b3453d";

/// Minutes as [`crate::text::duration`] writes them (a negative figure counts as none).
pub fn hm(minutes: i64) -> String {
    crate::text::duration(u64::try_from(minutes).unwrap_or(0))
}

fn pct(share: Option<f64>) -> String {
    share.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "–".into())
}

/// Escapes text for HTML and SVG content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown tables and lines.
fn md(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Stacked bars per day: strategic, batch, reactive. Each segment has a `<title>` (the value on
/// hover) and the bar a `data-date` (the app lists the entries behind it on click).
pub fn daily_chart_svg(r: &WeekReview) -> String {
    let (w, h, left, bottom, top) = (560.0, 220.0, 44.0, 28.0, 12.0);
    let max = r
        .days
        .iter()
        .map(|d| d.balance.strategic_minutes + d.balance.batch_minutes + d.balance.reactive_minutes)
        .max()
        .unwrap_or(0)
        .max(60);
    let max_h = ((max as f64) / 60.0).ceil();
    let plot_h = h - bottom - top;
    let y = |minutes: f64| plot_h * minutes / (max_h * 60.0);
    let step = (w - left) / 7.0;
    let mut s = String::new();
    let label = format!(
        "Balance per day, {}: strategic {}, batch {}, reactive {}",
        r.week,
        hm(r.balance.strategic_minutes),
        hm(r.balance.batch_minutes),
        hm(r.balance.reactive_minutes)
    );
    write!(s, r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart daily" viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#, esc(&label)).ok();
    for k in 0..=(max_h as i64) {
        let yy = top + plot_h - y(k as f64 * 60.0);
        if max_h <= 8.0 || k % 2 == 0 {
            write!(s, r#"<line x1="{left}" x2="{w}" y1="{yy:.1}" y2="{yy:.1}" class="grid"/><text x="{}" y="{:.1}" class="axis" text-anchor="end">{k}h</text>"#, left - 6.0, yy + 4.0).ok();
        }
    }
    for (n, d) in r.days.iter().enumerate() {
        let x = left + step * n as f64 + step * 0.2;
        let bw = step * 0.6;
        let day = d.date.format("%a %d %b").to_string();
        write!(s, r#"<g class="bar" data-date="{}" tabindex="0">"#, d.date).ok();
        let mut base = top + plot_h;
        for (name, minutes, colour) in [
            ("strategic", d.balance.strategic_minutes, STRATEGIC),
            ("batch", d.balance.batch_minutes, BATCH),
            ("reactive", d.balance.reactive_minutes, REACTIVE),
        ] {
            if minutes <= 0 {
                continue;
            }
            let bh = y(minutes as f64);
            base -= bh;
            write!(s, r#"<rect x="{x:.1}" y="{base:.1}" width="{bw:.1}" height="{bh:.1}" fill="{colour}" class="{name}"><title>{}: {name} {}</title></rect>"#, esc(&day), hm(minutes)).ok();
        }
        write!(s, r#"<rect x="{x:.1}" y="{top}" width="{bw:.1}" height="{plot_h:.1}" fill="transparent" class="hit"><title>{}: strategic {}, batch {}, reactive {} ({} fires)</title></rect>"#,
            esc(&day), hm(d.balance.strategic_minutes), hm(d.balance.batch_minutes), hm(d.balance.reactive_minutes), d.fires).ok();
        write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="axis" text-anchor="middle">{}</text></g>"#,
            x + bw / 2.0,
            h - 8.0,
            d.date.format("%a")
        )
        .ok();
    }
    s.push_str("</svg>");
    s
}

/// Strategic and reactive hours over the trend's weeks, and the share of fires that were not
/// the user's (delegated or declined) as a dashed line on a 0–100% scale.
pub fn trend_chart_svg(r: &WeekReview) -> String {
    let (w, h, left, right, bottom, top) = (560.0, 200.0, 44.0, 40.0, 28.0, 12.0);
    let n = r.trend.len().max(1);
    let max = r
        .trend
        .iter()
        .map(|t| t.strategic_minutes.max(t.reactive_minutes))
        .max()
        .unwrap_or(0)
        .max(60);
    let max_h = ((max as f64) / 60.0).ceil();
    let plot_h = h - bottom - top;
    let plot_w = w - left - right;
    let x =
        |i: usize| left + if n == 1 { plot_w / 2.0 } else { plot_w * i as f64 / (n - 1) as f64 };
    let y = |minutes: i64| top + plot_h - plot_h * minutes as f64 / (max_h * 60.0);
    let ys = |share: f64| top + plot_h - plot_h * share;
    let mut s = String::new();
    write!(s, r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" viewBox="0 0 {w} {h}" role="img" aria-label="Strategic and reactive hours over the last {} weeks">"#, r.trend.len()).ok();
    for k in 0..=(max_h as i64) {
        if max_h <= 8.0 || k % ((max_h as i64 / 6).max(1)) == 0 {
            let yy = y(k * 60);
            write!(s, r#"<line x1="{left}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" class="grid"/><text x="{}" y="{:.1}" class="axis" text-anchor="end">{k}h</text>"#, w - right, left - 6.0, yy + 4.0).ok();
        }
    }
    write!(s, r#"<text x="{}" y="{}" class="axis">100%</text><text x="{}" y="{:.1}" class="axis">0%</text>"#, w - right + 4.0, top + 4.0, w - right + 4.0, top + plot_h + 4.0).ok();
    let line = |s: &mut String,
                class: &str,
                colour: &str,
                pts: Vec<(f64, f64, String)>,
                dashed: bool| {
        let path: Vec<String> = pts.iter().map(|(px, py, _)| format!("{px:.1},{py:.1}")).collect();
        let dash = if dashed { r#" stroke-dasharray="4 3""# } else { "" };
        write!(s, r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"{dash} class="{class}"/>"#, path.join(" ")).ok();
        for (px, py, title) in pts {
            write!(s, r#"<circle cx="{px:.1}" cy="{py:.1}" r="3.5" fill="{colour}" class="{class}"><title>{}</title></circle>"#, esc(&title)).ok();
        }
    };
    let pts = |f: &dyn Fn(usize) -> (f64, String)| -> Vec<(f64, f64, String)> {
        (0..r.trend.len())
            .map(|i| {
                let (py, t) = f(i);
                (x(i), py, t)
            })
            .collect()
    };
    line(
        &mut s,
        "strategic",
        STRATEGIC,
        pts(&|i| {
            let t = &r.trend[i];
            (y(t.strategic_minutes), format!("{}: strategic {}", t.week, hm(t.strategic_minutes)))
        }),
        false,
    );
    line(
        &mut s,
        "reactive",
        REACTIVE,
        pts(&|i| {
            let t = &r.trend[i];
            (y(t.reactive_minutes), format!("{}: reactive {}", t.week, hm(t.reactive_minutes)))
        }),
        false,
    );
    let shares: Vec<(f64, f64, String)> = r
        .trend
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            t.not_mine_share.map(|v| {
                (x(i), ys(v), format!("{}: {} delegated or declined", t.week, pct(Some(v))))
            })
        })
        .collect();
    if !shares.is_empty() {
        line(&mut s, "not-mine", "#6b7a90", shares, true);
    }
    for (i, t) in r.trend.iter().enumerate() {
        if i % 2 == (n - 1) % 2 {
            write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" class="axis" text-anchor="middle">W{:02}</text>"#,
                x(i),
                h - 8.0,
                t.week.week
            )
            .ok();
        }
    }
    s.push_str("</svg>");
    s
}

/// A table of the report: a header and rows of plain, unescaped cells. Markdown and HTML
/// write the same tables, each escaping in its own way.
struct Table {
    head: &'static [&'static str],
    rows: Vec<Vec<String>>,
}

fn day_table(r: &WeekReview) -> Table {
    Table {
        head: &["day", "strategic", "batch", "reactive", "fires"],
        rows: r
            .days
            .iter()
            .map(|d| {
                vec![
                    d.date.format("%a %d %b").to_string(),
                    hm(d.balance.strategic_minutes),
                    hm(d.balance.batch_minutes),
                    hm(d.balance.reactive_minutes),
                    d.fires.to_string(),
                ]
            })
            .collect(),
    }
}

fn trend_table(r: &WeekReview) -> Table {
    Table {
        head: &["week", "strategic", "reactive", "fires", "not mine"],
        rows: r
            .trend
            .iter()
            .map(|t| {
                vec![
                    t.week.to_string(),
                    hm(t.strategic_minutes),
                    hm(t.reactive_minutes),
                    t.fires.to_string(),
                    pct(t.not_mine_share),
                ]
            })
            .collect(),
    }
}

/// The top sources, channels and categories, five rows each; empty tallies are left out.
fn tally_tables(r: &WeekReview) -> Vec<(&'static str, Table)> {
    [
        ("Top sources", &r.fires.by_source),
        ("Channels", &r.fires.by_channel),
        ("Categories", &r.fires.by_category),
    ]
    .into_iter()
    .filter(|(_, ts)| !ts.is_empty())
    .map(|(title, ts): (&'static str, &Vec<Tally>)| {
        let rows =
            ts.iter().take(5).map(|t| vec![t.name.clone(), t.count.to_string(), hm(t.minutes)]);
        (title, Table { head: &["", "fires", "minutes"], rows: rows.collect() })
    })
    .collect()
}

fn md_row(s: &mut String, cells: impl IntoIterator<Item = String>) {
    s.push('|');
    for c in cells {
        if c.is_empty() {
            s.push_str(" |");
        } else {
            write!(s, " {c} |").ok();
        }
    }
    s.push('\n');
}

fn md_table(s: &mut String, t: &Table) {
    md_row(s, t.head.iter().map(|h| h.to_string()));
    s.push('|');
    s.push_str(&"---|".repeat(t.head.len()));
    s.push('\n');
    for row in &t.rows {
        md_row(s, row.iter().map(|c| md(c)));
    }
}

fn html_table(s: &mut String, t: &Table) {
    s.push_str("<table><thead><tr>");
    for h in t.head {
        write!(s, "<th>{h}</th>").ok();
    }
    s.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        s.push_str("<tr>");
        for c in row {
            write!(s, "<td>{}</td>", esc(c)).ok();
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
}

/// The week as Markdown.
pub fn markdown(r: &WeekReview) -> String {
    let mut s = String::new();
    let b = &r.balance;
    writeln!(s, "# Week {} — where the time went\n", r.week).ok();
    writeln!(s, "- **Strategic (focus held):** {}", hm(b.strategic_minutes)).ok();
    writeln!(
        s,
        "- **Reactive (firefighting):** {} across {} interruptions",
        hm(b.reactive_minutes),
        r.fires.count
    )
    .ok();
    writeln!(s, "- **Batched small tasks:** {}", hm(b.batch_minutes)).ok();
    writeln!(
        s,
        "- **Focus planned:** {} of a {} target; held {}; defence rate {}",
        hm(r.focus.planned_minutes),
        hm(r.focus.target_minutes),
        hm(r.focus.held_minutes),
        pct(r.defence_rate)
    )
    .ok();
    writeln!(
        s,
        "- **Focus blocks:** {} kept, {} shortened, {} broken, {} not answered",
        r.focus.kept, r.focus.shortened, r.focus.broken, r.focus.unanswered
    )
    .ok();
    writeln!(s, "- **Interruption cost:** {} incl. ~{} min refocus each; {} landed during focus; {} were not mine (delegated or declined)\n",
        hm(r.fires.cost_minutes), crate::review::REFOCUS_MINUTES, pct(r.fires.during_focus_share), pct(r.fires.not_mine_share)).ok();
    s.push_str("## By day\n\n");
    md_table(&mut s, &day_table(r));
    for (title, table) in tally_tables(r) {
        write!(s, "\n## {title}\n\n").ok();
        md_table(&mut s, &table);
    }
    if !r.not_as_planned.is_empty() {
        writeln!(s, "\n## Focus not as planned\n").ok();
        for n in &r.not_as_planned {
            writeln!(
                s,
                "- {} {}: {} ({} lost){}",
                n.date.format("%a %d %b"),
                md(&n.title),
                n.kind,
                hm(n.minutes_lost),
                n.reason.as_deref().map(|x| format!(" — {}", md(x))).unwrap_or_default()
            )
            .ok();
        }
    }
    if !r.priorities.is_empty() {
        writeln!(s, "\n## Priorities\n").ok();
        for p in &r.priorities {
            writeln!(
                s,
                "{}. {} — {}{}",
                p.rank,
                md(&p.title),
                p.status.as_str(),
                p.outcome.as_deref().map(|o| format!(": {}", md(o))).unwrap_or_default()
            )
            .ok();
        }
    }
    if !r.wins.is_empty() {
        writeln!(s, "\n## Wins\n").ok();
        for w in &r.wins {
            writeln!(
                s,
                "- **{}**{}",
                md(&w.title),
                w.impact.as_deref().map(|i| format!(" — {}", md(i))).unwrap_or_default()
            )
            .ok();
        }
    }
    write!(s, "\n## Last {} weeks\n\n", r.trend.len()).ok();
    md_table(&mut s, &trend_table(r));
    s
}

const CSS: &str = "
:root { color-scheme: light dark; --bg:#fbfaf7; --fg:#22262b; --muted:#5f6670; --line:#dcd8cf; }
@media (prefers-color-scheme: dark) { :root { --bg:#17191c; --fg:#e6e3dc; --muted:#a2a7ad; --line:#363a41; } }
body { margin: 0 auto; max-width: 760px; padding: 24px; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
.kpi b { display: block; font-size: 20px; }
.kpi span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
.chart { width: 100%; height: auto; }
.chart .grid { stroke: var(--line); } .chart .axis { fill: var(--muted); font-size: 11px; }
.legend span { display: inline-block; margin-right: 14px; color: var(--muted); font-size: 13px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
.muted { color: var(--muted); }
";

/// The week as one self-contained HTML file.
pub fn html(r: &WeekReview) -> String {
    let b = &r.balance;
    let mut s = String::new();
    write!(s, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Week {} — Sanctum review</title><style>{CSS}</style></head><body>", r.week).ok();
    write!(s, "<h1>Week {} — where the time went</h1><div class=\"kpis\">", r.week).ok();
    for (value, label) in [
        (hm(b.strategic_minutes), "strategic (focus held)".to_string()),
        (hm(b.reactive_minutes), format!("reactive, {} fires", r.fires.count)),
        (hm(b.batch_minutes), "batched small tasks".to_string()),
        (pct(r.defence_rate), "of planned focus defended".to_string()),
        (pct(r.fires.not_mine_share), "fires that were not mine".to_string()),
    ] {
        write!(s, "<div class=\"kpi\"><b>{}</b><span>{}</span></div>", esc(&value), esc(&label))
            .ok();
    }
    s.push_str("</div><h2>Balance per day</h2>");
    write!(s, "<p class=\"legend\"><span><i style=\"background:{STRATEGIC}\"></i>strategic</span><span><i style=\"background:{BATCH}\"></i>batch</span><span><i style=\"background:{REACTIVE}\"></i>reactive</span></p>").ok();
    s.push_str(&daily_chart_svg(r));
    html_table(&mut s, &day_table(r));
    write!(s, "<h2>Focus</h2><p>Planned {} of a {} target; held {}. {} kept, {} shortened, {} broken, {} not answered.</p>",
        hm(r.focus.planned_minutes), hm(r.focus.target_minutes), hm(r.focus.held_minutes), r.focus.kept, r.focus.shortened, r.focus.broken, r.focus.unanswered).ok();
    if !r.not_as_planned.is_empty() {
        s.push_str("<ul>");
        for n in &r.not_as_planned {
            write!(
                s,
                "<li>{} {}: {} ({} lost){}</li>",
                n.date.format("%a %d %b"),
                esc(&n.title),
                n.kind,
                hm(n.minutes_lost),
                n.reason.as_deref().map(|x| format!(" — {}", esc(x))).unwrap_or_default()
            )
            .ok();
        }
        s.push_str("</ul>");
    }
    write!(s, "<h2>Interruptions</h2><p>{} fires, {} spent; with ~{} minutes to refocus after each, they cost about {}. {} landed during focus.</p>",
        r.fires.count, hm(r.fires.minutes), crate::review::REFOCUS_MINUTES, hm(r.fires.cost_minutes), pct(r.fires.during_focus_share)).ok();
    for (title, table) in tally_tables(r) {
        write!(s, "<h3>{title}</h3>").ok();
        html_table(&mut s, &table);
    }
    if !r.priorities.is_empty() {
        s.push_str("<h2>Priorities</h2><ol>");
        for p in &r.priorities {
            write!(
                s,
                "<li>{} — {}{}</li>",
                esc(&p.title),
                p.status.as_str(),
                p.outcome.as_deref().map(|o| format!(": {}", esc(o))).unwrap_or_default()
            )
            .ok();
        }
        s.push_str("</ol>");
    }
    if !r.wins.is_empty() {
        s.push_str("<h2>Wins</h2><ul>");
        for w in &r.wins {
            write!(
                s,
                "<li><b>{}</b>{}</li>",
                esc(&w.title),
                w.impact.as_deref().map(|i| format!(" — {}", esc(i))).unwrap_or_default()
            )
            .ok();
        }
        s.push_str("</ul>");
    }
    write!(s, "<h2>Last {} weeks</h2>", r.trend.len()).ok();
    write!(s, "<p class=\"legend\"><span><i style=\"background:{STRATEGIC}\"></i>strategic hours</span><span><i style=\"background:{REACTIVE}\"></i>reactive hours</span><span><i style=\"background:#6b7a90\"></i>share not mine (dashed)</span></p>").ok();
    s.push_str(&trend_chart_svg(r));
    html_table(&mut s, &trend_table(r));
    write!(
        s,
        "<p class=\"muted\">Made with Sanctum. Times in {}.</p></body></html>",
        esc(&r.timezone)
    )
    .ok();
    s
}
