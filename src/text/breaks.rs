//! Where a line may end: UAX #14 tailored for Chinese, then the clreq prohibitions.

use super::cjk::CharClass;
use super::shape::ShapedPara;

/// Returns, for each glyph index `i` in `0..=glyphs.len()`, whether a line may end before
/// glyph `i`. Index 0 is never a break; the paragraph's end always is.
pub fn break_opportunities(para: &ShapedPara) -> Vec<bool> {
    let glyphs = &para.glyphs;
    let n = glyphs.len();
    let mut allowed = vec![false; n + 1];
    if n == 0 {
        return allowed;
    }

    // UAX #14 treats “ ” ‘ ’ as ambiguous quotes (QU) that glue to both neighbours, which
    // in Chinese would forbid every break around a quotation. The tailoring clreq and
    // CSS `line-break` ask for treats them as opening and closing brackets: swap in
    // same-length brackets (all four are three bytes in UTF-8, like （ and ）).
    let tailored: String = para
        .text
        .chars()
        .map(|c| match c {
            '“' | '‘' => '（',
            '”' | '’' => '）',
            c => c,
        })
        .collect();
    debug_assert_eq!(tailored.len(), para.text.len());

    // Map byte offsets where a cluster starts to the glyph that starts it.
    let mut glyph_at = vec![usize::MAX; para.text.len() + 1];
    for (i, g) in glyphs.iter().enumerate().rev() {
        glyph_at[g.text.start as usize] = i;
    }
    glyph_at[para.text.len()] = n;
    for (offset, _) in unicode_linebreak::linebreaks(&tailored) {
        let i = glyph_at[offset];
        if i != usize::MAX && i > 0 {
            allowed[i] = true;
        }
    }

    // clreq prohibitions on top of UAX #14, at the paragraph's level.
    let level = para.style.setting.prohibition;
    // UAX #14 never breaks before `…` (class IN), which is clreq's *strict* rule; below
    // strict, `……` may start a line like `——` does.
    if level != super::cjk::Prohibition::Strict {
        for i in 1..n {
            if glyphs[i].class == CharClass::Ellipsis
                && glyphs[i - 1].class != CharClass::Ellipsis
                && !glyphs[i - 1].text.is_empty()
            {
                allowed[i] = !level.forbids_end(glyphs[i - 1].ch);
            }
        }
    }
    // The marks that meet at a break are the last one set before it and the first after
    // it: spaces between them are trimmed from the line's end or skipped at the next
    // line's start, so `“　` must not end a line any more than `“` may.
    let mut last_set = vec![None; n + 1];
    for i in 1..=n {
        last_set[i] = if glyphs[i - 1].is_space() {
            last_set[i - 1]
        } else {
            Some(i - 1)
        };
    }
    let mut next_set = vec![None; n + 1];
    for i in (0..n).rev() {
        next_set[i] = if glyphs[i].is_space() {
            next_set[i + 1]
        } else {
            Some(i)
        };
    }
    for i in 1..n {
        let (before, after) = (&glyphs[i - 1], &glyphs[i]);
        if !allowed[i] {
            continue;
        }
        let same_pair =
            before.ch == after.ch && matches!(before.class, CharClass::Dash | CharClass::Ellipsis);
        let ends = last_set[i].is_some_and(|b| level.forbids_end(glyphs[b].ch));
        let starts = next_set[i].is_some_and(|a| level.forbids_start(glyphs[a].ch));
        if starts || ends || same_pair {
            allowed[i] = false;
        }
    }
    // A single `—` is a connector (中心—杭州, CN33—0018), which clreq's basic level keeps
    // from starting a line; only the two-em dash `——` may start one below strict.
    if level != super::cjk::Prohibition::None {
        for i in 1..n {
            let g = &glyphs[i];
            let single = g.class == CharClass::Dash
                && para.text[g.text.start as usize..g.text.end as usize]
                    .chars()
                    .count()
                    == 1
                && g.ch != '⸺'
                && glyphs[i - 1].class != CharClass::Dash
                && glyphs
                    .get(i + 1)
                    .is_none_or(|next| next.class != CharClass::Dash);
            if single {
                allowed[i] = false;
            }
        }
    }
    allowed[n] = true;
    allowed
}
