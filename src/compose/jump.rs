//! Jump lines (转版提示): （下转第2版） at the foot of the part a story leaves, （上接第1版） at
//! the head of the part where it goes on. The page is never typed: it is the label of the
//! page the thread really goes to or comes from.

use super::Composer;
use super::head::{Group, stack};
use crate::flow::Slot;
use crate::geom::Rect;
use crate::spec::VAlign;
use crate::style::Align;

/// The text of a jump line to (`out`) or from page `label`: 第2版 for a page number,
/// A2版 for a sectioned page.
pub fn text(label: &str, out: bool) -> String {
    let verb = if out { "下转" } else { "上接" };
    let page = if label.chars().all(|c| c.is_ascii_digit()) {
        format!("第{label}版")
    } else {
        format!("{label}版")
    };
    format!("（{verb}{page}）")
}

/// Sets a jump line flush right in its reserved line, in the spec's `jump` style; returns
/// the characters set (the ledger lists them apart from the story's).
pub fn line(cx: &mut Composer<'_, '_>, slot: &Slot, label: &str, out: bool, owner: &str) -> usize {
    let mut style = cx.par_style(cx.spec.roles.jump);
    style.setting.align = Align::Right;
    style.setting.indent = crate::geom::Em(0.0);
    style.setting.justify = false;
    style.setting.han_latin_spacing = false;
    let size = style.text.size;
    let text = text(label, out);
    let group = Group {
        lines: vec![text.clone()],
        style,
        leading: size,
    };
    // The line's em box on the body's grid line, as the body's lines sit.
    let rect = Rect::new(slot.x, slot.top, slot.measure, size);
    let overset = stack(cx, &[group], rect, VAlign::Top, owner);
    if overset.chars > 0 {
        cx.warnings.warn(crate::error::Warning::Overset {
            article: format!("{owner} jump line"),
            chars: overset.chars,
            lines: overset.lines,
        });
    }
    crate::ledger::count(&text) - overset.chars
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn jump_lines_name_the_page_by_its_label() {
        assert_eq!(text("2", true), "（下转第2版）");
        assert_eq!(text("1", false), "（上接第1版）");
        assert_eq!(text("A2", true), "（下转A2版）");
    }
}
