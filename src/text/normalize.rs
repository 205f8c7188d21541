//! Wire-copy normalization: the ASCII punctuation and spacing that agency copy and text
//! extraction leave in Chinese text, turned into the forms a Chinese page sets.
//!
//! Only marks that touch Chinese text change; URLs, e-mail addresses, numbers such as
//! `5.4` or `1,000` and Latin-only runs are left exactly as they are.

use super::cjk::CharClass;

/// Returns the text with wire-copy punctuation replaced by full-width forms.
///
/// - `,` `:` `;` `(` `)` `?` `!` next to a Chinese character become `，：；（）？！`;
/// - straight double quotes `"` in Chinese text become `“` and `”`, alternately;
/// - straight single quotes `'` in Chinese text become `‘` and `’`;
/// - a space with Chinese on both sides, between Chinese and a Latin word or number, or
///   next to a full-width mark is dropped (the Han–Western spacing replaces it).
pub fn normalize(text: &str) -> String {
    // Tabs and no-break spaces are spaces, and a run of spaces is one.
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        let c = if matches!(c, '\t' | '\u{a0}') { ' ' } else { c };
        if c == ' ' && chars.last() == Some(&' ') {
            continue;
        }
        chars.push(c);
    }
    // First the marks, each judged by its original neighbours.
    let mut open_quote = true;
    let mut open_single = true;
    let marks: Vec<char> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let touches_cjk = neighbour(&chars, i, -1).is_some_and(is_chinese)
                || neighbour(&chars, i, 1).is_some_and(is_chinese);
            match c {
                ',' | ':' | ';' | '(' | ')' | '?' | '!' if touches_cjk && !in_number(&chars, i) => {
                    full_width(c)
                }
                '"' if touches_cjk => {
                    open_quote = !open_quote;
                    if open_quote { '”' } else { '“' }
                }
                '\'' if touches_cjk => {
                    open_single = !open_single;
                    if open_single { '’' } else { '‘' }
                }
                c => c,
            }
        })
        .collect();
    // Then the spaces, judged by the marks as they now are.
    let mut out = String::with_capacity(text.len() + 16);
    for (i, &c) in marks.iter().enumerate() {
        if c == ' ' {
            let before = out.chars().next_back();
            let after = marks.get(i + 1).copied();
            // Between Chinese characters a space is a stray; between Chinese and a Latin
            // word it becomes the typesetter's ¼-em Han–Western spacing (clreq §3.2.3).
            let western = |c: char| c.is_ascii_alphanumeric();
            let drop = match (before, after) {
                (Some(b), Some(a)) => {
                    (is_chinese(b) && (is_chinese(a) || western(a)))
                        || (western(b) && is_chinese(a))
                        || is_full_width_mark(b)
                        || is_full_width_mark(a)
                }
                _ => false,
            };
            if drop {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The text as a style sets it: normalized unless the style turns that off.
pub fn prepare(text: &str, style: &crate::style::ParStyle) -> String {
    if style.setting.normalize {
        normalize(text)
    } else {
        text.to_string()
    }
}

/// Keeps the spaces of a display line: in a head or a credit, a space between two Chinese
/// characters is a deliberate gap (网聚职工正能量 争做中国好网民, 记者邹伟锋 摄), so it
/// becomes a full-width space, which normalization leaves alone.
pub fn keep_gaps(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let chinese = |c: Option<&char>| c.is_some_and(|c| is_chinese(*c));
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == ' ' && i > 0 && chinese(chars.get(i - 1)) && chinese(chars.get(i + 1)) {
                '\u{3000}'
            } else {
                c
            }
        })
        .collect()
}

/// The nearest non-space character before (`dir` = -1) or after (`dir` = 1) position `i`.
fn neighbour(chars: &[char], i: usize, dir: isize) -> Option<char> {
    let mut j = i as isize + dir;
    while j >= 0 && (j as usize) < chars.len() {
        let c = chars[j as usize];
        if c != ' ' {
            return Some(c);
        }
        j += dir;
    }
    None
}

/// Whether the mark at `i` sits between two digits (`1,000`, `10:30`).
fn in_number(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|j| chars.get(j));
    let after = chars.get(i + 1);
    matches!((before, after), (Some(b), Some(a)) if b.is_ascii_digit() && a.is_ascii_digit())
}

fn is_chinese(c: char) -> bool {
    let class = CharClass::of(c);
    class == CharClass::Han || class.is_cjk_punct()
}

fn is_full_width_mark(c: char) -> bool {
    CharClass::of(c).is_cjk_punct() || c == '\u{3000}'
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn ascii_marks_beside_han_become_full_width() {
        assert_eq!(normalize("昨日上午,省委书记"), "昨日上午，省委书记");
        assert_eq!(normalize("意见》(以下简称"), "意见》（以下简称");
        assert_eq!(normalize("讲话;全总"), "讲话；全总");
    }

    #[test]
    fn urls_mail_and_numbers_stay() {
        assert_eq!(
            normalize("电子版: www.zjgrrb.com"),
            "电子版：www.zjgrrb.com"
        );
        assert_eq!(normalize("zjgrxw@163.com"), "zjgrxw@163.com");
        assert_eq!(normalize("共1,000项"), "共1,000项");
        assert_eq!(normalize("达5.4亿元"), "达5.4亿元");
        assert_eq!(normalize("see (a, b)"), "see (a, b)");
    }

    #[test]
    fn space_between_han_is_dropped() {
        assert_eq!(normalize("正能量 争做"), "正能量争做");
        assert_eq!(normalize("中  文\t字"), "中文字");
        assert_eq!(normalize("New  York"), "New York");
        assert_eq!(normalize("真的?好!"), "真的？好！");
        assert_eq!(normalize("企业Rokid与"), "企业Rokid与");
        assert_eq!(normalize("AR 智能"), "AR智能");
        assert_eq!(normalize("企业 Rokid 与"), "企业Rokid与");
        assert_eq!(normalize("Hello world"), "Hello world");
        assert_eq!(normalize("他说'好'。"), "他说‘好’。");
        assert_eq!(normalize("他说\"好\"。"), "他说“好”。");
    }
}
