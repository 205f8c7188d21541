//! Reading a layout spec from TOML and checking it against itself.
//!
//! The serde structs stay private: they mirror the file, spans and all, so every error can
//! name the file, the line and the field. What leaves this module is a [`LayoutSpec`].

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::context::Context;
use super::limits;
use super::overlap::{Placed, Role};
use super::raw::*;
use super::{
    ArticleSpec, FaceChoice, FontSpec, GridArea, GridSpec, HeadStyles, LayoutSpec, Overlap,
    PhotoSpec, Roles, RuleSpec, StyleRef, StyleSpec, TextBoxSpec, WrapSpec,
};
use crate::error::{Error, Result};
use crate::geom::{Mm, Pt};

/// Reads (through [`crate::input`]) and validates a layout spec, merged with its template
/// if it names one.
pub fn load(path: &Path) -> Result<LayoutSpec> {
    let input = crate::input::read(path, crate::input::Kind::Spec)?;
    parse_with(path, text(&input)?, &mut |t: &Path| {
        let file = crate::input::read(t, crate::input::Kind::Spec)?;
        Ok(text(&file)?.to_string())
    })
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
/// files it names. A spec that names a template is refused here (it reads no files):
/// [`parse_with`] follows it.
pub fn parse(path: &Path, source: &str) -> Result<LayoutSpec> {
    parse_with(path, source, &mut |t: &Path| {
        Err(Error::Usage(format!(
            "{} is a template; this reader follows none",
            t.display()
        )))
    })
}

/// Validates the text of a layout spec, merged with the template it names (read through
/// `read_template`, see [`super::template`]).
pub fn parse_with(
    path: &Path,
    source: &str,
    read_template: &mut dyn FnMut(&Path) -> Result<String>,
) -> Result<LayoutSpec> {
    let _scope = crate::timing::scope("parse");
    let expanded = super::template::expand(path, source, read_template)?;
    let (source, origins) = match &expanded {
        Some(e) => (e.text.as_str(), e.origins.clone()),
        None => (source, super::Origins::default()),
    };
    let cx = Context {
        path,
        source,
        origins: &origins,
    };
    // Every mistake of structure and names at once, before the first that serde meets.
    let place = |line: usize| origins.place(path, line);
    let doc = super::validate::check(
        path,
        source,
        expanded.is_some().then_some(&place as &dyn Fn(usize) -> _),
    )
    .map_err(Error::Invalid)?;
    let raw = RawSpec::deserialize(toml_edit::de::Deserializer::from(doc));
    let raw: RawSpec = raw.map_err(|e| match e.span() {
        Some(span) => cx.error(span.clone(), &cx.key_at(span.start), e.message().trim_end()),
        // Nowhere in particular (a table missing from both files): the page spec.
        None if expanded.is_some() => Error::Spec {
            file: path.to_path_buf(),
            line: None,
            field: "(file)".into(),
            message: format!("{} (with its template)", e.message().trim_end()),
        },
        None => cx.error(0..0, &cx.key_at(0), e.message().trim_end()),
    })?;
    let mut spec = cx.resolve(raw)?;
    spec.origins = origins;
    Ok(spec)
}

impl Context<'_> {
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
                raw.artwork.len(),
                limits::ITEMS,
                "artwork",
                raw.artwork.last().map(|a| a.span()),
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
            let field = format!("fonts.{k}");
            let font = v.get_ref();
            let path = Spanned::new(v.span(), font.path.clone());
            let face = match (font.face, &font.family, &font.style) {
                (None, None, None) => FaceChoice::Only,
                (Some(i), None, None) => FaceChoice::Index(i),
                (None, Some(family), Some(style)) => FaceChoice::Named {
                    family: family.clone(),
                    style: style.clone(),
                },
                _ => {
                    return Err(self.error(
                        v.span(),
                        &field,
                        "names a face by `face` (its index) or by `family` and `style` together, not both",
                    ));
                }
            };
            fonts.push(FontSpec {
                name: k.clone(),
                path: self.relative(&path, &field)?,
                face,
                line: self.line_of(v.span().start),
            });
        }
        let allowed: Vec<String> = raw
            .output
            .as_ref()
            .map(|o| o.get_ref().spots.clone())
            .unwrap_or_default();
        let spots = self.spots(&raw.spots, &allowed)?;
        let mut styles: Vec<StyleSpec> = Vec::new();
        for (name, style) in &raw.styles {
            styles.push(self.style(name, style, &fonts, &spots)?);
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
                        "no style named `{}`{}; defined styles: {}",
                        s.get_ref(),
                        crate::suggest::did_you_mean(
                            s.get_ref(),
                            styles.iter().map(|x| x.name.as_str())
                        ),
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
            jump: find("jump").unwrap_or(body),
            jump_head: find("jump_head").or(find("subhead")).unwrap_or(body),
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
            let color = self.ink(r.color.as_ref(), &spots, &format!("rule[{i}].color"))?;
            rules.push(RuleSpec {
                kind: r.kind,
                area: self.area(&r.area, &format!("rule[{i}].area"), &grid)?,
                weight: Pt(r.weight),
                color,
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
                .with_role(if raw_t.get_ref().wrap {
                    Role::Wrap
                } else {
                    Role::Solid
                })
            })
            .collect();
        let mut wraps: Vec<GridArea> = texts
            .iter()
            .zip(&raw.text)
            .filter(|(_, r)| r.get_ref().wrap)
            .map(|(t, _)| t.area)
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
        wraps.extend(
            articles
                .iter()
                .filter(|a| a.wrap)
                .filter_map(|a| a.photo.map(|p| p.area)),
        );
        let wrap = self.wrap(raw.wrap.as_ref())?;
        let continuations = self.continuations(&raw.continuation, &articles, &grid, &mut placed)?;
        let mut qrs = Vec::new();
        for (i, q) in raw.qr.iter().enumerate() {
            let raw_q = q.get_ref();
            let field = format!("qr[{i}]");
            let url = raw_q.url.get_ref();
            if url.trim().is_empty() || url.len() > 1000 {
                return Err(self.error(
                    raw_q.url.span(),
                    &format!("{field}.url"),
                    "a QR code needs a URL of 1–1000 bytes",
                ));
            }
            let area = self.area(&raw_q.area, &format!("{field}.area"), &grid)?;
            placed.push(Placed::new(
                area,
                field,
                raw_q.area.span(),
                raw_q.overlap == Overlap::Allow,
            ));
            qrs.push(super::QrSpec {
                url: url.clone(),
                area,
                spec_line: self.line_of(q.span().start),
            });
        }
        let mut artworks = Vec::new();
        for (i, a) in raw.artwork.iter().enumerate() {
            let raw_a = a.get_ref();
            let field = format!("artwork[{i}]");
            let area = self.area(&raw_a.area, &format!("{field}.area"), &grid)?;
            placed.push(Placed::new(
                area,
                field.clone(),
                raw_a.area.span(),
                raw_a.overlap == Overlap::Allow,
            ));
            artworks.push(super::ArtworkSpec {
                file: self.relative(&raw_a.file, &format!("{field}.file"))?,
                area,
                spec_line: self.line_of(a.span().start),
            });
        }
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
        let output = self.output(raw.output.as_ref())?;
        Ok(LayoutSpec {
            output,
            artworks,
            spots,
            qrs,
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
            continuations,
            wraps,
            wrap,
            origins: super::Origins::default(),
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
            let owner = format!("article {id}");
            let (blocks, splits, shape) = match (&a.blocks, &a.shape) {
                (Some(b), None) => {
                    let (blocks, splits) = self.blocks(b, &owner, grid)?;
                    (blocks, splits, Vec::new())
                }
                (None, Some(s)) => {
                    let shape = self.shape(s, &owner, grid)?;
                    let taken: Vec<GridArea> = head.into_iter().chain(photo_area).collect();
                    let blocks = super::shape::blocks(&shape, &taken);
                    if blocks.is_empty() {
                        return Err(self.error(
                            s.span(),
                            &format!("{owner}: shape"),
                            "leaves no room for text beside its head and photo",
                        ));
                    }
                    let splits = vec![super::Split::default(); blocks.len()];
                    (blocks, splits, shape)
                }
                (Some(b), Some(_)) => {
                    return Err(self.error(
                        b.span(),
                        &format!("{owner}: blocks"),
                        "an article gives its blocks or its shape, not both",
                    ));
                }
                (None, None) => {
                    return Err(self.error(
                        raw_a.span(),
                        &format!("{owner}: blocks"),
                        "needs its text blocks (`blocks`) or its area (`shape`)",
                    ));
                }
            };
            // Geometry first, then the styles its parts need.
            let styles = resolve_styles(raw_a)?;
            let photo = match (photo_area, styles.photo) {
                (Some(area), Some((caption, credit))) => Some(PhotoSpec {
                    area,
                    caption_lines: a.caption_lines,
                    caption,
                    credit,
                    focus: match a.photo_focus {
                        None => (0.5, 0.5),
                        Some([x, y]) if (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y) => {
                            (x, y)
                        }
                        Some(_) => {
                            return Err(self.error(
                                raw_a.span(),
                                &format!("article {id}: photo_focus"),
                                "is [x, y], each a fraction of the photo from 0 to 1 (0.5, 0.5: the centre)",
                            ));
                        }
                    },
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
            if (a.head_vertical || a.head_latin.is_some()) && head.is_none() {
                return Err(self.error(
                    raw_a.span(),
                    &format!("article {id}: head_vertical"),
                    "sets its head vertically, but places no head",
                ));
            }
            if a.head_latin.is_some() && !a.head_vertical {
                return Err(self.error(
                    raw_a.span(),
                    &format!("article {id}: head_latin"),
                    "is for a vertical head (head_vertical = true)",
                ));
            }
            if a.photo_flex > 0 && (photo.is_none() || a.photo_flex > 10) {
                return Err(self.error(
                    raw_a.span(),
                    &format!("article {id}: photo_flex"),
                    "lets a photo give or take 1–10 grid lines; the article needs a photo",
                ));
            }
            if a.head_flex > 0 && (head.is_none() || a.head_flex > 5) {
                return Err(self.error(
                    raw_a.span(),
                    &format!("article {id}: head_flex"),
                    "lets a head give or take 1–5 grid lines; the article needs a head",
                ));
            }
            if a.border_flex > 5 {
                return Err(self.error(
                    raw_a.span(),
                    &format!("article {id}: border_flex"),
                    "lets the border with the article below move 1–5 grid lines",
                ));
            }
            if a.wrap && photo.is_none() {
                return Err(self.error(
                    raw_a.span(),
                    &format!("article {id}: wrap"),
                    "wraps its text round its photo, but places no photo",
                ));
            }
            if let (Some(p), Some(s)) = (photo, &a.photo) {
                let role = if a.wrap { Role::Wrap } else { Role::Solid };
                placed.push(
                    Placed::new(p.area, format!("article {id}: photo"), s.span(), allow)
                        .with_role(role),
                );
            }
            let spans: Vec<std::ops::Range<usize>> = match (&a.blocks, &a.shape) {
                (Some(b), _) => b.get_ref().iter().map(|s| s.span()).collect(),
                (_, Some(s)) => vec![s.span(); blocks.len()],
                _ => Vec::new(),
            };
            for (i, (b, s)) in blocks.iter().zip(spans).enumerate() {
                placed.push(
                    Placed::new(*b, format!("article {id}: blocks[{i}]"), s, allow)
                        .with_role(Role::Text),
                );
            }
            out.push(ArticleSpec {
                file: self.relative(&a.file, &format!("article {id}: file"))?,
                file_line: self.line_of(a.file.span().start),
                id,
                head,
                photo,
                blocks,
                splits,
                shape,
                head_styles: styles.head,
                balance: a.balance,
                wrap: a.wrap,
                vertical_head: a.head_vertical.then(|| a.head_latin.unwrap_or_default()),
                photo_flex: a.photo_flex,
                head_flex: a.head_flex,
                border_flex: a.border_flex,
            });
        }
        Ok(out)
    }
}

impl Context<'_> {
    /// `[wrap]`, checked: standoffs of a few lines or characters, a minimum of 1–20
    /// characters.
    fn wrap(&self, raw: Option<&Spanned<RawWrap>>) -> Result<WrapSpec> {
        let Some(raw) = raw else {
            return Ok(WrapSpec::default());
        };
        let w = raw.get_ref();
        for (value, most, field) in [
            (w.standoff_lines, 10, "wrap.standoff_lines"),
            (w.standoff_chars, 10, "wrap.standoff_chars"),
            (w.min_chars, 20, "wrap.min_chars"),
        ] {
            if value > most || (field == "wrap.min_chars" && value == 0) {
                return Err(self.error(
                    raw.span(),
                    field,
                    &format!("must be at most {most} (and a minimum at least 1), found {value}"),
                ));
            }
        }
        Ok(WrapSpec {
            standoff_lines: w.standoff_lines,
            standoff_chars: w.standoff_chars,
            min_chars: w.min_chars,
        })
    }
}

/// The styles an article's parts need, resolved.
struct ArticleStyles {
    head: Option<HeadStyles>,
    photo: Option<(StyleRef, StyleRef)>,
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
