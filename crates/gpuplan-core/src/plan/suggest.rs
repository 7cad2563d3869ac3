//! "Did you mean ...?": the closest known name to a misspelt one.

/// The candidate closest to `written`, if one is close enough to be what was meant: equal
/// but for case, a prefix of at least three characters either way (`thursday` → `thu`), or
/// within a third of its length in edits (`instnce_type` → `instance_type`).
pub fn closest<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let written_lower = written.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let candidate_lower = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&written_lower, &candidate_lower);
            let shorter = written_lower
                .chars()
                .count()
                .min(candidate_lower.chars().count());
            let prefix = shorter >= 3
                && (written_lower.starts_with(&candidate_lower)
                    || candidate_lower.starts_with(&written_lower));
            let allowed = (written_lower.chars().count().max(3) / 3).max(1);
            let score = if distance == 0 {
                Some(0)
            } else if distance <= allowed {
                Some(distance)
            } else if prefix {
                Some(allowed + 1)
            } else {
                None
            };
            score.map(|score| (score, candidate))
        })
        .min_by_key(|(score, candidate)| (*score, *candidate))
        .map(|(_, candidate)| candidate)
}

/// The hint "did you mean `NAME`?" when a candidate is close enough, else `None`.
pub fn did_you_mean<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(written, candidates).map(|suggestion| format!("did you mean `{suggestion}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let keys = ["instance_type", "instance_count", "workload", "name"];
        assert_eq!(closest("instnce_type", keys), Some("instance_type"));
        assert_eq!(closest("Workload", keys), Some("workload"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("thursday", ["mon", "thu", "sun"]), Some("thu"));
        assert_eq!(
            closest(
                "target_invocation_per_instance",
                ["target_invocations_per_instance", "min", "max"]
            ),
            Some("target_invocations_per_instance")
        );
        assert_eq!(
            closest("ml.g5.2xlarg", ["ml.g5.2xlarge", "ml.g5.xlarge"]),
            Some("ml.g5.2xlarge")
        );
    }
}
