//! Reading a layout spec from TOML and checking it against itself.
//!
//! The serde structs stay private: they mirror the file, spans and all, so every error can
//! name the file, the line and the field. What leaves this module is a [`LayoutSpec`].

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::raw::*;
use super::{
    ArticleSpec, GridArea, GridSpec, HeadStyles, LayoutSpec, PhotoSpec, RuleSpec, StyleSpec,
    TextBoxSpec,
};
use crate::error::{Error, Result};
use crate::geom::{Cmyk, Em, Mm, Pt};
use crate::style::Setting;

/// Reads and validates a layout spec.
pub fn load(path: &Path) -> Result<LayoutSpec> {
    let source = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let cx = Context {
        path,
        source: &source,
    };
    let raw: RawSpec = toml::from_str(&source).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        cx.error(span.clone(), &cx.key_at(span.start), e.message().trim_end())
    })?;
    cx.resolve(raw)
}

/// The file being read, for locating errors.
struct Context<'a> {
    path: &'a Path,
    source: &'a str,
}

impl Context<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.source[..offset.min(self.source.len())]
            .matches('\n')
            .count()
            + 1
    }

    /// The key written on the line that holds `offset`, as a fallback field name.
    fn key_at(&self, offset: usize) -> String {
        let start = self.source[..offset.min(self.source.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line = self.source[start..].lines().next().unwrap_or("");
        line.split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['[', ']'])
            .to_string()
    }

    fn error(&self, span: Range<usize>, field: &str, message: &str) -> Error {
        Error::Spec {
            file: self.path.to_path_buf(),
            line: Some(self.line_of(span.start)),
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    fn relative(&self, file: &str) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).join(file)
    }

    fn resolve(&self, raw: RawSpec) -> Result<LayoutSpec> {
        let grid = self.grid(&raw.page, &raw.grid)?;
        let fonts: BTreeMap<String, PathBuf> = raw
            .fonts
            .iter()
            .map(|(k, v)| (k.clone(), self.relative(v.get_ref())))
            .collect();
        let font_lines = raw
            .fonts
            .iter()
            .map(|(k, v)| (k.clone(), self.line_of(v.span().start)))
            .collect();

        let mut styles = BTreeMap::new();
        for (name, style) in &raw.styles {
            styles.insert(name.clone(), self.style(name, style, &fonts)?);
        }
        let check_style = |s: &Spanned<String>, field: &str| -> Result<()> {
            if styles.contains_key(s.get_ref()) {
                Ok(())
            } else {
                Err(self.error(
                    s.span(),
                    field,
                    &format!(
                        "no style named `{}`; defined styles: {}",
                        s.get_ref(),
                        names(&styles)
                    ),
                ))
            }
        };
        // The body style sets the character grid: its size must be the grid's unit.
        if let (Some(body), Some(raw_body)) = (styles.get("body"), raw.styles.get("body"))
            && (body.size - grid.body_size).abs() > Pt(1e-9)
        {
            return Err(self.error(
                    raw_body.get_ref().size.span(),
                    "styles.body.size",
                    &format!("is {} pt but grid.body_size is {} pt; the body sets the character grid, so they must agree", body.size.0, grid.body_size.0),
                ));
        }
        if !styles.contains_key("body") {
            return Err(Error::Spec {
                file: self.path.to_path_buf(),
                line: None,
                field: "styles.body".into(),
                message: "missing; every spec needs a `body` style for article text".into(),
            });
        }
        let mut texts = Vec::new();
        for (i, t) in raw.text.iter().enumerate() {
            let t = t.get_ref();
            check_style(&t.style, &format!("text[{i}].style"))?;
            texts.push(TextBoxSpec {
                text: t.text.clone(),
                style: t.style.get_ref().clone(),
                area: self.area(&t.area, &format!("text[{i}].area"), &grid)?,
                valign: t.valign,
                spec_line: self.line_of(t.area.span().start),
            });
        }

        let mut rules = Vec::new();
        for (i, spanned) in raw.rule.iter().enumerate() {
            let r = spanned.get_ref();
            if !(r.weight.is_finite() && r.weight > 0.0) {
                return Err(self.error(
                    spanned.span(),
                    &format!("rule[{i}].weight"),
                    &format!("must be a positive line weight in pt, found {}", r.weight),
                ));
            }
            if let Some(color) = r.color {
                self.check_color(color, spanned.span(), &format!("rule[{i}].color"))?;
            }
            rules.push(RuleSpec {
                kind: r.kind,
                area: self.area(&r.area, &format!("rule[{i}].area"), &grid)?,
                weight: Pt(r.weight),
                color: r
                    .color
                    .map_or(Cmyk::BLACK, |[c, m, y, k]| Cmyk::percent(c, m, y, k)),
            });
        }

        let articles = self.articles(&raw.article, &grid)?;
        for (a, raw_a) in articles.iter().zip(&raw.article) {
            let r = &raw_a.get_ref().styles;
            for (s, which) in [
                (&r.kicker, "kicker"),
                (&r.headline, "headline"),
                (&r.subhead, "subhead"),
            ] {
                if let Some(s) = s {
                    check_style(s, &format!("article {}: styles.{which}", a.id))?;
                }
            }
            // The parts an article places need their styles.
            let mut needed: Vec<&str> = Vec::new();
            if a.head.is_some() {
                needed.extend([
                    a.head_styles.kicker.as_str(),
                    &a.head_styles.headline,
                    &a.head_styles.subhead,
                ]);
            }
            if a.photo.is_some() {
                needed.extend(["caption", "credit"]);
            }
            for name in needed {
                if !styles.contains_key(name) {
                    return Err(self.error(
                        raw_a.span(),
                        &format!("article {}", a.id),
                        &format!("places a head or photo, which needs a style named `{name}`; defined styles: {}", names(&styles)),
                    ));
                }
            }
        }
        let issue_date = match &raw.page.issue_date {
            Some(d) => Some(super::IssueDate::parse(d.get_ref()).ok_or_else(|| {
                self.error(
                    d.span(),
                    "page.issue_date",
                    &format!("`{}` is not a date; expected YYYY-MM-DD", d.get_ref()),
                )
            })?),
            None => None,
        };
        Ok(LayoutSpec {
            path: self.path.to_path_buf(),
            name: raw.page.name.clone(),
            issue_date,
            width: Mm(*raw.page.width.get_ref()).to_pt(),
            height: Mm(*raw.page.height.get_ref()).to_pt(),
            grid,
            fonts,
            font_lines,
            styles,
            furniture: raw.furniture.as_ref().map(|f| self.relative(f.get_ref())),
            texts,
            rules,
            articles,
        })
    }

    fn grid(&self, page: &RawPage, g: &RawGrid) -> Result<GridSpec> {
        let positive = |v: &Spanned<f64>, field: &str| -> Result<f64> {
            let x = *v.get_ref();
            if x.is_finite() && x > 0.0 {
                Ok(x)
            } else {
                Err(self.error(
                    v.span(),
                    field,
                    &format!("must be a positive number, found {x}"),
                ))
            }
        };
        let width = Mm(positive(&page.width, "page.width")?).to_pt();
        let height = Mm(positive(&page.height, "page.height")?).to_pt();
        let top = Mm(positive(&page.top, "page.top")?).to_pt();
        let body_size = Pt(positive(&g.body_size, "grid.body_size")?);
        let line_pitch = Pt(positive(&g.line_pitch, "grid.line_pitch")?);
        if line_pitch < body_size {
            return Err(self.error(
                g.line_pitch.span(),
                "grid.line_pitch",
                &format!(
                    "{} pt is less than the body size {} pt; lines would overlap",
                    line_pitch.0, body_size.0
                ),
            ));
        }
        for (v, field) in [
            (&g.columns, "grid.columns"),
            (&g.column_chars, "grid.column_chars"),
            (&g.lines, "grid.lines"),
        ] {
            if *v.get_ref() == 0 {
                return Err(self.error(v.span(), field, "must be at least 1"));
            }
        }
        let columns = *g.columns.get_ref();
        let chars = columns * g.column_chars.get_ref() + (columns - 1) * g.gutter_chars;
        let type_width = body_size * chars as f64;
        let left = match &page.left {
            Some(l) => Mm(positive(l, "page.left")?).to_pt(),
            None => (width - type_width) / 2.0,
        };
        if left < Pt::ZERO || left + type_width > width + Pt(0.001) {
            return Err(self.error(
                g.columns.span(),
                "grid",
                &format!(
                    "the type area is {chars} characters = {:.1} mm wide and does not fit the {:.1} mm trim",
                    type_width.to_mm().0,
                    width.to_mm().0
                ),
            ));
        }
        let type_height = line_pitch * (*g.lines.get_ref() - 1) as f64 + body_size;
        if top + type_height > height + Pt(0.001) {
            return Err(self.error(
                g.lines.span(),
                "grid.lines",
                &format!(
                    "{} lines of {} pt reach {:.1} mm below the trim's top, past its {:.1} mm height",
                    g.lines.get_ref(),
                    line_pitch.0,
                    (top + type_height).to_mm().0,
                    height.to_mm().0
                ),
            ));
        }
        Ok(GridSpec {
            columns,
            column_chars: *g.column_chars.get_ref(),
            gutter_chars: g.gutter_chars,
            body_size,
            line_pitch,
            lines: *g.lines.get_ref(),
            left,
            top,
        })
    }

    fn style(
        &self,
        name: &str,
        s: &Spanned<RawStyle>,
        fonts: &BTreeMap<String, PathBuf>,
    ) -> Result<StyleSpec> {
        let raw = s.get_ref();
        if !fonts.contains_key(raw.font.get_ref()) {
            return Err(self.error(
                raw.font.span(),
                &format!("styles.{name}.font"),
                &format!(
                    "no font named `{}`; [fonts] defines: {}",
                    raw.font.get_ref(),
                    names(fonts)
                ),
            ));
        }
        let size = *raw.size.get_ref();
        if !(size.is_finite() && size > 0.0) {
            return Err(self.error(
                raw.size.span(),
                &format!("styles.{name}.size"),
                "must be a positive size in pt",
            ));
        }
        let at = |field: &str| format!("styles.{name}.{field}");
        for (value, field) in [
            (raw.indent, "indent"),
            (raw.leading.unwrap_or(size), "leading"),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(self.error(
                    s.span(),
                    &at(field),
                    &format!("must be a length of 0 or more, found {value}"),
                ));
            }
        }
        if let Some(color) = raw.color {
            self.check_color(color, s.span(), &at("color"))?;
        }
        Ok(StyleSpec {
            font: raw.font.get_ref().clone(),
            size: Pt(size),
            color: raw
                .color
                .map_or(Cmyk::BLACK, |[c, m, y, k]| Cmyk::percent(c, m, y, k)),
            leading: Pt(raw.leading.unwrap_or(size * 1.2)),
            setting: Setting {
                indent: Em(raw.indent),
                prohibition: raw.prohibit,
                align: raw.align,
                justify: raw.justify,
                punct: raw.punct,
                hang: raw.hang,
                han_latin_spacing: raw.han_latin_spacing,
                min_last_line_han: raw.min_last_line_han,
                normalize: raw.normalize,
                widows: raw.widows,
            },
        })
    }

    fn check_color(&self, color: [f64; 4], span: Range<usize>, field: &str) -> Result<()> {
        if color
            .iter()
            .all(|v| v.is_finite() && (0.0..=100.0).contains(v))
        {
            Ok(())
        } else {
            Err(self.error(
                span,
                field,
                &format!("CMYK percentages must lie in 0–100, found {color:?}"),
            ))
        }
    }

    fn area(&self, a: &Spanned<RawArea>, field: &str, grid: &GridSpec) -> Result<GridArea> {
        let r = *a.get_ref();
        let bad = |m: String| Err(self.error(a.span(), field, &m));
        if r.column == 0 || r.column > grid.columns {
            return bad(format!(
                "column {} is outside the grid's columns 1..={}",
                r.column, grid.columns
            ));
        }
        // In u64: a span of 4294967295 must not wrap round and pass.
        if r.span == 0 || r.column as u64 + r.span as u64 - 1 > grid.columns as u64 {
            return bad(format!(
                "column {} with span {} ends past the grid's last column {}",
                r.column, r.span, grid.columns
            ));
        }
        if r.lines == 0 || r.line as u64 + r.lines as u64 > grid.lines as u64 {
            return bad(format!(
                "line {} with {} lines ends past the grid's {} lines (lines are numbered from 0)",
                r.line, r.lines, grid.lines
            ));
        }
        Ok(GridArea {
            column: r.column,
            span: r.span,
            line: r.line,
            lines: r.lines,
        })
    }

    fn articles(&self, raw: &[Spanned<RawArticle>], grid: &GridSpec) -> Result<Vec<ArticleSpec>> {
        let mut out: Vec<ArticleSpec> = Vec::new();
        // Every placed area, to refuse two things in one place.
        let mut taken: Vec<(GridArea, String, Range<usize>)> = Vec::new();
        for a in raw {
            let a = a.get_ref();
            let id = a.id.get_ref().clone();
            if out.iter().any(|o| o.id == id) {
                return Err(self.error(
                    a.id.span(),
                    "article.id",
                    &format!("article `{id}` is defined twice"),
                ));
            }
            let head = match &a.head {
                Some(h) => Some(self.area(h, &format!("article {id}: head"), grid)?),
                None => None,
            };
            let photo = match &a.photo {
                Some(p) => {
                    let area = self.area(p, &format!("article {id}: photo"), grid)?;
                    if a.caption_lines >= area.lines {
                        return Err(self.error(
                            p.span(),
                            &format!("article {id}: caption_lines"),
                            &format!(
                                "{} caption lines leave no room for the photo in {} lines",
                                a.caption_lines, area.lines
                            ),
                        ));
                    }
                    Some(PhotoSpec {
                        area,
                        caption_lines: a.caption_lines,
                    })
                }
                None => None,
            };
            if a.blocks.get_ref().is_empty() {
                return Err(self.error(
                    a.blocks.span(),
                    &format!("article {id}: blocks"),
                    "needs at least one text block",
                ));
            }
            let mut blocks = Vec::new();
            for (i, b) in a.blocks.get_ref().iter().enumerate() {
                blocks.push(self.area(b, &format!("article {id}: blocks[{i}]"), grid)?);
            }
            let mut mine: Vec<(GridArea, String, Range<usize>)> = Vec::new();
            if let (Some(h), Some(s)) = (head, &a.head) {
                mine.push((h, format!("article {id}: head"), s.span()));
            }
            if let (Some(p), Some(s)) = (photo, &a.photo) {
                mine.push((p.area, format!("article {id}: photo"), s.span()));
            }
            for (i, (b, s)) in blocks.iter().zip(a.blocks.get_ref()).enumerate() {
                mine.push((*b, format!("article {id}: blocks[{i}]"), s.span()));
            }
            for (area, field, span) in &mine {
                if let Some((_, other, other_span)) =
                    taken.iter().find(|(t, _, _)| t.overlaps(area))
                {
                    return Err(self.error(
                        span.clone(),
                        field,
                        &format!("overlaps {other} (line {})", self.line_of(other_span.start)),
                    ));
                }
                taken.push((*area, field.clone(), span.clone()));
            }
            let pick = |s: &Option<Spanned<String>>, default: &str| {
                s.as_ref()
                    .map_or(default.to_string(), |s| s.get_ref().clone())
            };
            let head_styles = HeadStyles {
                kicker: pick(&a.styles.kicker, "kicker"),
                headline: pick(&a.styles.headline, "headline"),
                subhead: pick(&a.styles.subhead, "subhead"),
            };
            out.push(ArticleSpec {
                id,
                file: self.relative(a.file.get_ref()),
                head,
                photo,
                blocks,
                head_styles,
                balance: a.balance,
            });
        }
        Ok(out)
    }
}

fn names<V>(map: &BTreeMap<String, V>) -> String {
    map.keys()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
