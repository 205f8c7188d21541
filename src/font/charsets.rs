//! The character sets a Chinese newspaper's faces are measured against: GB 2312's 6,763
//! hanzi (the national standard of 1980, still the floor of every Chinese font) and the
//! 8,105 characters of 通用规范汉字表 (2013, the State Council's list of standard
//! characters, `fonts/tgscc8105.txt`).

use std::sync::OnceLock;

/// GB 2312's hanzi: rows 16–87 (bytes B0–F7) of the EUC-CN table, decoded through
/// encoding_rs's GBK table (its superset, with the same code points there).
pub fn gb2312() -> &'static [char] {
    static SET: OnceLock<Vec<char>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = Vec::with_capacity(6763);
        for lead in 0xb0u8..=0xf7 {
            for trail in 0xa1u8..=0xfe {
                let bytes = [lead, trail];
                let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
                let Some(c) = text.chars().next() else {
                    continue;
                };
                // The five empty cells of row 55 decode to the private use area.
                if !bad && ('\u{4e00}'..='\u{9fff}').contains(&c) {
                    set.push(c);
                }
            }
        }
        set
    })
}

/// 通用规范汉字表's 8,105 characters, in its order.
pub fn tgscc() -> &'static [char] {
    static SET: OnceLock<Vec<char>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../fonts/tgscc8105.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(2)?.chars().next())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sets_have_their_published_sizes() {
        assert_eq!(super::gb2312().len(), 6763);
        assert_eq!(super::tgscc().len(), 8105);
        assert_eq!(super::gb2312()[0], '啊', "GB 2312 starts at B0A1");
        assert_eq!(super::tgscc()[0], '一');
    }
}
