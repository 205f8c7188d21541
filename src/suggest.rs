//! "Did you mean …?": the nearest of the names a mistake could have meant, for errors
//! about unknown styles, fonts and furniture keys.

/// ` (did you mean `X`?)` when one of `names` is close to `wanted` (a typo, a letter or
/// two off, or a different case); empty otherwise.
pub fn did_you_mean<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    nearest(wanted, names).map_or(String::new(), |n| format!(" (did you mean `{n}`?)"))
}

/// The one of `names` closest to `wanted`, if one is close (Jaro–Winkler 0.8 or more, case
/// ignored; of equals, the first in order).
pub fn nearest<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    names
        .into_iter()
        .map(|n| {
            (
                strsim::jaro_winkler(&wanted.to_lowercase(), &n.to_lowercase()),
                n,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn a_near_name_is_suggested_and_a_far_one_is_not() {
        let names = ["headline", "headline_secondary", "kicker", "body"];
        assert_eq!(
            did_you_mean("headlien", names),
            " (did you mean `headline`?)"
        );
        assert_eq!(did_you_mean("Kicker", names), " (did you mean `kicker`?)");
        assert_eq!(did_you_mean("nameplate", names), "");
    }
}
