//! Reading a layout spec from TOML and checking it against itself.
//!
//! The serde structs stay private: they mirror the file, spans and all, so every error can
//! name the file, the line and the field. What leaves this module is a [`LayoutSpec`].

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::raw::*;
use super::{
    ArticleSpec, FontRef, FontSpec, GridArea, GridSpec, HeadStyles, LayoutSpec, Overlap, PhotoSpec,
    Roles, RuleSpec, StyleRef, StyleSpec, TextBoxSpec,
};
use crate::error::{Error, Result};
use crate::geom::{Cmyk, Em, Mm, Pt};
use crate::style::Setting;

/// The documented bounds of a spec's numbers ([`docs/spec.md`]): generous for any real
/// newspaper, small enough that no arithmetic on them can overflow or exhaust memory.
pub mod limits {
    /// Trim width and height, mm (a broadsheet is 390 × 540).
    pub const PAGE_MM: (f64, f64) = (10.0, 2000.0);
    /// Grid columns.
    pub const COLUMNS: u32 = 32;
    /// Body characters per column.
    pub const COLUMN_CHARS: u32 = 100;
    /// Gutter in body characters.
    pub const GUTTER_CHARS: u32 = 10;
    /// Characters a line of a text block may hold (a broadsheet's widest, 8 columns of 13
    /// and their gutters, is 111): the line breaker's work grows with the measure.
    pub const MEASURE_CHARS: u32 = 200;
    /// Lines per column.
    pub const LINES: u32 = 2000;
    /// Any type size, leading or line pitch, pt.
    pub const SIZE_PT: (f64, f64) = (1.0, 720.0);
    /// A first-line indent, in ems.
    pub const INDENT_EM: f64 = 20.0;
    /// A rule's weight, pt.
    pub const RULE_PT: f64 = 72.0;
    /// Fallback faces per style.
    pub const FALLBACKS: usize = 4;
    /// Articles, text boxes, rules and styles: each at most this many.
    pub const ITEMS: usize = 1000;
    /// Faces (each is mapped and parsed: a thousand entries naming one 10 MB file would
    /// take half a gigabyte).
    pub const FONTS: usize = 32;
    /// Fewest Han characters asked of a paragraph's last line.
    pub const LAST_LINE_HAN: u8 = 10;
}

/// Reads (through [`crate::input`]) and validates a layout spec.
pub fn load(path: &Path) -> Result<LayoutSpec> {
    let input = crate::input::read(path, crate::input::Kind::Spec)?;
    parse(path, text(&input)?)
}

/// The text of a spec file; one that is not UTF-8 is a spec error at its line.
pub fn text(file: &crate::input::Input) -> Result<&str> {
    file.text().map_err(|e| match e {
        Error::Content {
            file,
            line,
            message,
        } => Error::Spec {
            file,
            line: Some(line),
            field: "(file)".into(),
            message,
        },
        e => e,
    })
}

/// Validates the text of a layout spec; `path` names it in messages and resolves the
/// files it names.
pub fn parse(path: &Path, source: &str) -> Result<LayoutSpec> {
    let cx = Context { path, source };
    let raw: RawSpec = toml::from_str(source).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        cx.error(span.clone(), &cx.key_at(span.start), e.message().trim_end())
    })?;
    cx.resolve(raw)
}

/// A number within bounds, or the message that says which.
fn within(x: f64, (lo, hi): (f64, f64), unit: &str) -> std::result::Result<f64, String> {
    if x.is_finite() && x >= lo && x <= hi {
        Ok(x)
    } else {
        Err(format!(
            "must be a finite number from {lo} to {hi} {unit}, found {x}"
        ))
    }
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

    fn relative(&self, file: &Spanned<String>, field: &str) -> Result<PathBuf> {
        let name = file.get_ref();
        if name.trim().is_empty() {
            return Err(self.error(file.span(), field, "is empty; it must name a file"));
        }
        Ok(self.path.parent().unwrap_or(Path::new(".")).join(name))
    }

    fn resolve(&self, raw: RawSpec) -> Result<LayoutSpec> {
        let grid = self.grid(&raw.page, &raw.grid)?;
        for (count, most, what, span) in [
            (raw.fonts.len(), limits::FONTS, "fonts", None),
            (raw.styles.len(), limits::ITEMS, "styles", None),
            (
                raw.text.len(),
                limits::ITEMS,
                "text",
                raw.text.last().map(|t| t.span()),
            ),
            (
                raw.rule.len(),
                limits::ITEMS,
                "rule",
                raw.rule.last().map(|r| r.span()),
            ),
            (
                raw.article.len(),
                limits::ITEMS,
                "article",
                raw.article.last().map(|a| a.span()),
            ),
        ] {
            if count > most {
                return Err(self.error(
                    span.unwrap_or(0..0),
                    what,
                    &format!("{count} entries; a spec may have at most {most}"),
                ));
            }
        }
        // Faces and styles in name order: the order is part of the output (font ids).
        let mut fonts: Vec<FontSpec> = Vec::new();
        for (k, v) in &raw.fonts {
            fonts.push(FontSpec {
                name: k.clone(),
                path: self.relative(v, &format!("fonts.{k}"))?,
                line: self.line_of(v.span().start),
            });
        }
        let mut styles: Vec<StyleSpec> = Vec::new();
        for (name, style) in &raw.styles {
            styles.push(self.style(name, style, &fonts)?);
        }
        let style_names = || {
            styles
                .iter()
                .map(|s| format!("`{}`", s.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let find = |name: &str| {
            styles
                .iter()
                .position(|s| s.name == name)
                .map(|i| StyleRef(i as u16))
        };
        let check_style = |s: &Spanned<String>, field: &str| -> Result<StyleRef> {
            find(s.get_ref()).ok_or_else(|| {
                self.error(
                    s.span(),
                    field,
                    &format!(
                        "no style named `{}`; defined styles: {}",
                        s.get_ref(),
                        style_names()
                    ),
                )
            })
        };
        let Some(body) = find("body") else {
            return Err(Error::Spec {
                file: self.path.to_path_buf(),
                line: None,
                field: "styles.body".into(),
                message: "missing; every spec needs a `body` style for article text".into(),
            });
        };
        // The body style sets the character grid: its size must be the grid's unit.
        let body_size = styles[body.0 as usize].size;
        if let Some(raw_body) = raw.styles.get("body")
            && (body_size - grid.body_size).abs() > Pt(1e-9)
        {
            return Err(self.error(
                    raw_body.get_ref().size.span(),
                    "styles.body.size",
                    &format!("is {} pt but grid.body_size is {} pt; the body sets the character grid, so they must agree", body_size.0, grid.body_size.0),
                ));
        }
        let roles = Roles {
            body,
            lead: find("lead").unwrap_or(body),
        };
        let mut texts = Vec::new();
        for (i, t) in raw.text.iter().enumerate() {
            let t = t.get_ref();
            let style = check_style(&t.style, &format!("text[{i}].style"))?;
            check_template(&t.text)
                .map_err(|m| self.error(t.area.span(), &format!("text[{i}].text"), &m))?;
            texts.push(TextBoxSpec {
                text: t.text.clone(),
                style,
                area: self.area(&t.area, &format!("text[{i}].area"), &grid)?,
                valign: t.valign,
                spec_line: self.line_of(t.area.span().start),
                overlap: t.overlap,
            });
        }

        let mut rules = Vec::new();
        for (i, spanned) in raw.rule.iter().enumerate() {
            let r = spanned.get_ref();
            if !(r.weight.is_finite() && r.weight > 0.0 && r.weight <= limits::RULE_PT) {
                return Err(self.error(
                    spanned.span(),
                    &format!("rule[{i}].weight"),
                    &format!(
                        "must be a line weight above 0 and at most {} pt, found {}",
                        limits::RULE_PT,
                        r.weight
                    ),
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

        let mut placed: Vec<Placed> = texts
            .iter()
            .zip(&raw.text)
            .enumerate()
            .map(|(i, (t, raw_t))| {
                Placed::new(
                    t.area,
                    format!("text[{i}]"),
                    raw_t.get_ref().area.span(),
                    t.overlap == Overlap::Allow,
                )
            })
            .collect();
        // The parts an article places need their styles.
        let needed = |name: &str, raw_a: &Spanned<RawArticle>, what: &str| -> Result<StyleRef> {
            find(name).ok_or_else(|| {
                self.error(
                    raw_a.span(),
                    &format!("article {}", raw_a.get_ref().id.get_ref()),
                    &format!(
                        "places a {what}, which needs a style named `{name}`; defined styles: {}",
                        style_names()
                    ),
                )
            })
        };
        let resolve_styles = |raw_a: &Spanned<RawArticle>| -> Result<ArticleStyles> {
            let a = raw_a.get_ref();
            let id = a.id.get_ref();
            let pick = |s: &Option<Spanned<String>>, default: &str, which: &str| match s {
                Some(s) => check_style(s, &format!("article {id}: styles.{which}")),
                None => needed(default, raw_a, "head"),
            };
            let head = match &a.head {
                Some(_) => Some(HeadStyles {
                    kicker: pick(&a.styles.kicker, "kicker", "kicker")?,
                    headline: pick(&a.styles.headline, "headline", "headline")?,
                    subhead: pick(&a.styles.subhead, "subhead", "subhead")?,
                }),
                None => None,
            };
            let photo = match &a.photo {
                Some(_) => Some((
                    needed("caption", raw_a, "photo")?,
                    needed("credit", raw_a, "photo")?,
                )),
                None => None,
            };
            Ok(ArticleStyles { head, photo })
        };
        let articles = self.articles(&raw.article, &grid, &mut placed, &resolve_styles)?;
        self.check_overlaps(&placed)?;
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
            styles,
            roles,
            furniture: match &raw.furniture {
                Some(f) => Some(self.relative(f, "furniture")?),
                None => None,
            },
            texts,
            rules,
            articles,
        })
    }

    fn grid(&self, page: &RawPage, g: &RawGrid) -> Result<GridSpec> {
        let bounded = |v: &Spanned<f64>, field: &str, range: (f64, f64), unit: &str| {
            within(*v.get_ref(), range, unit).map_err(|m| self.error(v.span(), field, &m))
        };
        let width = Mm(bounded(&page.width, "page.width", limits::PAGE_MM, "mm")?).to_pt();
        let height = Mm(bounded(&page.height, "page.height", limits::PAGE_MM, "mm")?).to_pt();
        let top = Mm(bounded(
            &page.top,
            "page.top",
            (0.0, limits::PAGE_MM.1),
            "mm",
        )?)
        .to_pt();
        let body_size = Pt(bounded(
            &g.body_size,
            "grid.body_size",
            limits::SIZE_PT,
            "pt",
        )?);
        let line_pitch = Pt(bounded(
            &g.line_pitch,
            "grid.line_pitch",
            limits::SIZE_PT,
            "pt",
        )?);
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
        for (v, field, lo, hi) in [
            (&g.columns, "grid.columns", 1, limits::COLUMNS),
            (
                &g.column_chars,
                "grid.column_chars",
                1,
                limits::COLUMN_CHARS,
            ),
            (
                &g.gutter_chars,
                "grid.gutter_chars",
                0,
                limits::GUTTER_CHARS,
            ),
            (&g.lines, "grid.lines", 1, limits::LINES),
        ] {
            let x = *v.get_ref();
            if x < lo || x > hi {
                return Err(self.error(
                    v.span(),
                    field,
                    &format!("must be from {lo} to {hi}, found {x}"),
                ));
            }
        }
        // Bounded above, so none of this can overflow.
        let columns = *g.columns.get_ref();
        let gutter_chars = *g.gutter_chars.get_ref();
        let chars = columns * g.column_chars.get_ref() + (columns - 1) * gutter_chars;
        let type_width = body_size * chars as f64;
        let (left, left_span) = match &page.left {
            Some(l) => (
                Mm(bounded(l, "page.left", (0.0, limits::PAGE_MM.1), "mm")?).to_pt(),
                Some(l.span()),
            ),
            None => ((width - type_width) / 2.0, None),
        };
        if left < Pt::ZERO || left + type_width > width + Pt(0.001) {
            let (span, field) = match left_span {
                Some(span) => (span, "page.left"),
                None => (g.columns.span(), "grid"),
            };
            return Err(self.error(
                span,
                field,
                &format!(
                    "the type area is {chars} characters = {:.1} mm wide and, {:.1} mm from the left, does not fit the {:.1} mm trim",
                    type_width.to_mm().0,
                    left.to_mm().0,
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
            gutter_chars,
            body_size,
            line_pitch,
            lines: *g.lines.get_ref(),
            left,
            top,
        })
    }

    fn style(&self, name: &str, s: &Spanned<RawStyle>, fonts: &[FontSpec]) -> Result<StyleSpec> {
        let raw = s.get_ref();
        let font_ref = |f: &Spanned<String>, field: &str| -> Result<FontRef> {
            fonts
                .iter()
                .position(|x| x.name == *f.get_ref())
                .map(|i| FontRef(i as u16))
                .ok_or_else(|| {
                    self.error(
                        f.span(),
                        &format!("styles.{name}.{field}"),
                        &format!(
                            "no font named `{}`; [fonts] defines: {}",
                            f.get_ref(),
                            fonts
                                .iter()
                                .map(|x| format!("`{}`", x.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })
        };
        let font = font_ref(&raw.font, "font")?;
        let at = |field: &str| format!("styles.{name}.{field}");
        let size = within(*raw.size.get_ref(), limits::SIZE_PT, "pt")
            .map_err(|m| self.error(raw.size.span(), &at("size"), &m))?;
        within(raw.indent, (0.0, limits::INDENT_EM), "em")
            .map_err(|m| self.error(s.span(), &at("indent"), &m))?;
        // The default is 1.2 × size, within the bounds a written leading must keep.
        let leading = raw.leading.unwrap_or((size * 1.2).min(limits::SIZE_PT.1));
        within(leading, limits::SIZE_PT, "pt")
            .map_err(|m| self.error(s.span(), &at("leading"), &m))?;
        if leading < size {
            return Err(self.error(
                s.span(),
                &at("leading"),
                &format!(
                    "{leading} pt is less than the size {size} pt; the style's lines would print on top of each other"
                ),
            ));
        }
        if raw.min_last_line_han > limits::LAST_LINE_HAN {
            return Err(self.error(
                s.span(),
                &at("min_last_line_han"),
                &format!(
                    "must be at most {}, found {}",
                    limits::LAST_LINE_HAN,
                    raw.min_last_line_han
                ),
            ));
        }
        if raw.fallback.len() > limits::FALLBACKS {
            return Err(self.error(
                s.span(),
                &at("fallback"),
                &format!(
                    "at most {} faces, found {}",
                    limits::FALLBACKS,
                    raw.fallback.len()
                ),
            ));
        }
        let fallback = raw
            .fallback
            .iter()
            .map(|f| font_ref(f, "fallback"))
            .collect::<Result<Vec<_>>>()?;
        if let Some(color) = raw.color {
            self.check_color(color, s.span(), &at("color"))?;
        }
        Ok(StyleSpec {
            name: name.to_string(),
            font,
            size: Pt(size),
            color: raw
                .color
                .map_or(Cmyk::BLACK, |[c, m, y, k]| Cmyk::percent(c, m, y, k)),
            leading: Pt(leading),
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
            fallback,
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

    fn articles(
        &self,
        raw: &[Spanned<RawArticle>],
        grid: &GridSpec,
        placed: &mut Vec<Placed>,
        resolve_styles: &dyn Fn(&Spanned<RawArticle>) -> Result<ArticleStyles>,
    ) -> Result<Vec<ArticleSpec>> {
        let mut out: Vec<ArticleSpec> = Vec::new();
        for raw_a in raw {
            let a = raw_a.get_ref();
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
            let photo_area = match &a.photo {
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
                    Some(area)
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
                let area = self.area(b, &format!("article {id}: blocks[{i}]"), grid)?;
                let chars = area.span * grid.column_chars + (area.span - 1) * grid.gutter_chars;
                if chars > limits::MEASURE_CHARS {
                    return Err(self.error(
                        b.span(),
                        &format!("article {id}: blocks[{i}]"),
                        &format!(
                            "a line of {chars} characters; a text block's lines may hold at most {}",
                            limits::MEASURE_CHARS
                        ),
                    ));
                }
                blocks.push(area);
            }
            // Geometry first, then the styles its parts need.
            let styles = resolve_styles(raw_a)?;
            let photo = match (photo_area, styles.photo) {
                (Some(area), Some((caption, credit))) => Some(PhotoSpec {
                    area,
                    caption_lines: a.caption_lines,
                    caption,
                    credit,
                }),
                _ => None,
            };
            let allow = a.overlap == Overlap::Allow;
            if let (Some(h), Some(s)) = (head, &a.head) {
                placed.push(Placed::new(
                    h,
                    format!("article {id}: head"),
                    s.span(),
                    allow,
                ));
            }
            if let (Some(p), Some(s)) = (photo, &a.photo) {
                placed.push(Placed::new(
                    p.area,
                    format!("article {id}: photo"),
                    s.span(),
                    allow,
                ));
            }
            for (i, (b, s)) in blocks.iter().zip(a.blocks.get_ref()).enumerate() {
                placed.push(Placed::new(
                    *b,
                    format!("article {id}: blocks[{i}]"),
                    s.span(),
                    allow,
                ));
            }
            out.push(ArticleSpec {
                file: self.relative(&a.file, &format!("article {id}: file"))?,
                id,
                head,
                photo,
                blocks,
                head_styles: styles.head,
                balance: a.balance,
            });
        }
        Ok(out)
    }
}

/// The styles an article's parts need, resolved.
struct ArticleStyles {
    head: Option<HeadStyles>,
    photo: Option<(StyleRef, StyleRef)>,
}

/// An element that takes room on the page, for the overlap check.
struct Placed {
    area: GridArea,
    field: String,
    span: Range<usize>,
    allow: bool,
}

impl Placed {
    fn new(area: GridArea, field: String, span: Range<usize>, allow: bool) -> Self {
        Self {
            area,
            field,
            span,
            allow,
        }
    }
}

impl Context<'_> {
    /// Refuses two placed elements (text boxes, heads, photos, text blocks) in one place,
    /// unless one of them says `overlap = "allow"`. Rules and tints sit behind text by
    /// design and are not placed elements.
    fn check_overlaps(&self, placed: &[Placed]) -> Result<()> {
        for (i, p) in placed.iter().enumerate() {
            if let Some(other) = placed[..i]
                .iter()
                .find(|o| !(o.allow || p.allow) && o.area.overlaps(&p.area))
            {
                return Err(self.error(
                    p.span.clone(),
                    &p.field,
                    &format!(
                        "overlaps {} (line {}); move one of them, or give one `overlap = \"allow\"`",
                        other.field,
                        self.line_of(other.span.start)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Checks a text box's `{key}` placeholders are closed.
fn check_template(text: &str) -> std::result::Result<(), String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find(['}', '{']) {
            Some(close) if after[close..].starts_with('}') => rest = &after[close + 1..],
            _ => {
                return Err(format!(
                    "`{{` at `{}` is not closed by `}}`",
                    rest[open..].chars().take(12).collect::<String>()
                ));
            }
        }
    }
    Ok(())
}
