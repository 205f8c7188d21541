//! Page furniture: the spec's text boxes filled from the furniture file.

use super::Composer;
use super::head::{Group, stack};
use crate::content::Furniture;
use crate::error::{Error, Result, Warning};

/// Most characters a text box may hold once its `{key}`s are filled.
pub const MAX_BOX_CHARS: usize = crate::content::MAX_HEADER_CHARS;

/// Sets every text box of the spec.
pub fn compose(cx: &mut Composer<'_, '_>, furniture: &Furniture) -> Result<()> {
    unknown_keys(cx, furniture)?;
    let grid = cx.grid;
    for text_box in &cx.spec.texts {
        let (file, line) = cx.spec.place(text_box.spec_line);
        let error = |message: String| Error::Spec {
            file: file.clone(),
            line: Some(line),
            field: "text.text".into(),
            message,
        };
        let text = fill(&text_box.text, furniture).map_err(|key| {
            error(format!(
                "`{{{key}}}` names no entry of the furniture file{}; it has: {}",
                crate::suggest::did_you_mean(&key, furniture.keys().map(String::as_str)),
                furniture.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })?;
        let chars = text.chars().count();
        if chars > MAX_BOX_CHARS {
            return Err(error(format!(
                "filled from the furniture file, the box holds {chars} characters; a text box may hold at most {MAX_BOX_CHARS}"
            )));
        }
        let group = Group {
            lines: text.split(" / ").map(str::to_string).collect(),
            style: cx.par_style(text_box.style),
            leading: cx.spec.style(text_box.style).leading,
        };
        let overset = stack(
            cx,
            &[group],
            grid.rect(&text_box.area),
            text_box.valign,
            "furniture",
        );
        if overset.chars > 0 {
            cx.warnings.warn(Warning::Overset {
                article: {
                    let (file, line) = cx.spec.place(text_box.spec_line);
                    format!("furniture (text box at {}:{line})", file.display())
                },
                chars: overset.chars,
                lines: overset.lines,
            });
        }
    }
    Ok(())
}

/// Replaces `{key}` placeholders; returns the first unknown key as the error.
/// Every `{key}` of the text boxes that the furniture file does not give: one diagnostic
/// per key, with each box that names it.
fn unknown_keys(cx: &Composer<'_, '_>, furniture: &Furniture) -> Result<()> {
    use crate::diagnostic::{Code, Diagnostic, Label};
    let mut found: Vec<(String, Vec<Label>)> = Vec::new();
    for text_box in &cx.spec.texts {
        let (file, line) = cx.spec.place(text_box.spec_line);
        let mut rest = text_box.text.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                break;
            };
            let key = &after[..close];
            if furniture.get(key).is_none() {
                let mut label = Label::line(&file, line, None);
                label.message = format!("`{{{key}}}` in this box");
                match found.iter_mut().find(|(k, _)| k == key) {
                    Some((_, labels)) => labels.push(label),
                    None => found.push((key.to_string(), vec![label])),
                }
            }
            rest = &after[close + 1..];
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let keys: Vec<&str> = furniture.keys().map(String::as_str).collect();
    let diagnostics = found
        .into_iter()
        .map(|(key, labels)| Diagnostic {
            code: Code::UnknownFurnitureKey,
            message: format!("`{{{key}}}` names no entry of the furniture file"),
            labels,
            help: Some(match crate::suggest::nearest(&key, keys.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("the furniture file has: {}", keys.join(", ")),
            }),
        })
        .collect();
    Err(Error::Invalid(diagnostics))
}

fn fill(template: &str, furniture: &Furniture) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        // Stop filling once past the box's limit (the caller refuses it): a template of
        // a thousand `{key}`s must not build megabytes first.
        if out.len() > MAX_BOX_CHARS * 4 {
            break;
        }
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return Ok(out);
        };
        let key = &after[..close];
        out.push_str(furniture.get(key).ok_or_else(|| key.to_string())?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled() {
        let mut f = crate::content::Furniture::new();
        f.insert("date".into(), "2023年1月18日".into());
        assert_eq!(fill("{date} 星期三", &f).unwrap(), "2023年1月18日 星期三");
        assert_eq!(fill("{nope}", &f).unwrap_err(), "nope");
    }
}
