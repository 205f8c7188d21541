//! The dates of an issue: Gregorian, weekday and Chinese lunar, as a masthead prints them.

use std::fmt;

/// The date an issue appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueDate {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl IssueDate {
    /// Parses `YYYY-MM-DD`; `None` if it is not a real date.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let date = Self { year, month, day };
        let real = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        (real && date.lunar().is_some()).then_some(date)
    }

    /// 2023年1月18日.
    pub fn gregorian(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// 星期三.
    pub fn weekday(&self) -> String {
        const NAMES: [&str; 7] = ["日", "一", "二", "三", "四", "五", "六"];
        format!("星期{}", NAMES[self.day_of_week()])
    }

    /// 0 = Sunday … 6 = Saturday (Sakamoto's method).
    fn day_of_week(&self) -> usize {
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let (m, d) = (self.month as i32, self.day as i32);
        let y = if m < 3 { self.year - 1 } else { self.year };
        ((y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d).rem_euclid(7)) as usize
    }

    /// 壬寅年十二月廿七: the lunar year by its stem and branch, month and day.
    pub fn lunar(&self) -> Option<String> {
        const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
        const BRANCHES: [char; 12] = [
            '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
        ];
        let solar = lunar_lite::SolarDate {
            year: self.year,
            month: self.month,
            day: self.day,
        };
        let lunar = lunar_lite::solar_to_lunar(solar).ok()?;
        let year = lunar_lite::lunar_year_stem_branch(lunar.year);
        Some(format!(
            "{}{}年{}{}{}",
            STEMS[year.stem().index()],
            BRANCHES[year.branch().index()],
            if lunar.is_leap_month { "闰" } else { "" },
            month_name(lunar.month),
            day_name(lunar.day)
        ))
    }
}

impl fmt::Display for IssueDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const DIGITS: [&str; 11] = [
    "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
];

/// 正月, 二月 … 十二月.
fn month_name(month: u8) -> String {
    match month {
        1 => "正月".into(),
        m if m <= 10 => format!("{}月", DIGITS[m as usize]),
        m => format!("十{}月", DIGITS[(m - 10) as usize]),
    }
}

/// 初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十.
fn day_name(day: u8) -> String {
    match day {
        d if d <= 10 => format!("初{}", DIGITS[d as usize]),
        d if d < 20 => format!("十{}", DIGITS[(d - 10) as usize]),
        20 => "二十".into(),
        d if d < 30 => format!("廿{}", DIGITS[(d - 20) as usize]),
        _ => "三十".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::IssueDate;

    #[test]
    fn the_reference_issue() {
        let d = IssueDate::parse("2023-01-18").unwrap();
        assert_eq!(d.gregorian(), "2023年1月18日");
        assert_eq!(d.weekday(), "星期三");
        assert_eq!(d.lunar().unwrap(), "壬寅年十二月廿七");
    }

    #[test]
    fn new_year_and_month_names() {
        // 2024-02-10 was the first day of the year of 甲辰.
        assert_eq!(
            IssueDate::parse("2024-02-10").unwrap().lunar().unwrap(),
            "甲辰年正月初一"
        );
        assert_eq!(IssueDate::parse("2024-02-10").unwrap().weekday(), "星期六");
    }

    #[test]
    fn bad_dates_are_refused() {
        assert!(IssueDate::parse("2023-02-29").is_none());
        assert!(IssueDate::parse("2023-13-01").is_none());
        assert!(IssueDate::parse("18.1.2023").is_none());
    }
}
