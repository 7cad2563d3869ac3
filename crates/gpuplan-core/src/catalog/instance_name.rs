//! Instance type names: `ml.g5.2xlarge` (SageMaker) and `g5.2xlarge` (EC2) name the same
//! hardware. These helpers split a name into the parts the catalog looks things up by.

/// The SageMaker prefix of instance type names.
pub const SAGEMAKER_PREFIX: &str = "ml.";

/// The EC2 name of `ml.g5.2xlarge` or `g5.2xlarge`: `g5.2xlarge`, trimmed and lower-case.
pub fn ec2_name(name: &str) -> String {
    let name = name.trim().to_ascii_lowercase();
    match name.strip_prefix(SAGEMAKER_PREFIX) {
        Some(rest) => rest.to_string(),
        None => name,
    }
}

/// Whether the name carries the SageMaker `ml.` prefix.
pub fn has_sagemaker_prefix(name: &str) -> bool {
    name.trim()
        .to_ascii_lowercase()
        .starts_with(SAGEMAKER_PREFIX)
}

/// The SageMaker name of `g5.2xlarge` or `ml.g5.2xlarge`: `ml.g5.2xlarge`.
pub fn sagemaker_name(name: &str) -> String {
    format!("{SAGEMAKER_PREFIX}{}", ec2_name(name))
}

/// The family of an EC2 name: `g5` for `g5.2xlarge`.
pub fn family(ec2_name: &str) -> &str {
    ec2_name.split('.').next().unwrap_or(ec2_name)
}

/// The leading letters of a family: `g` for `g4dn`, `inf` for `inf2`, `vt` for `vt1`.
pub fn family_letters(family: &str) -> &str {
    let end = family
        .find(|character: char| !character.is_ascii_alphabetic())
        .unwrap_or(family.len());
    &family[..end]
}

/// The letters and generation of a family: `p4` for `p4d`, `g5` for `g5g`.
pub fn family_generation(family: &str) -> &str {
    let letters = family_letters(family).len();
    let digits = family[letters..]
        .find(|character: char| !character.is_ascii_digit())
        .unwrap_or(family.len() - letters);
    &family[..letters + digits]
}

/// Whether a quota's family pattern covers the family: `g*` covers every family whose
/// leading letters are `g`; `p5` covers the families of letters and generation `p5`.
pub fn pattern_covers(pattern: &str, family: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(letters) => family_letters(family) == letters,
        None => family_generation(family) == pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_into_their_parts() {
        assert_eq!(ec2_name(" ML.G5.2xlarge "), "g5.2xlarge");
        assert_eq!(sagemaker_name("g5.2xlarge"), "ml.g5.2xlarge");
        assert!(has_sagemaker_prefix("ml.g6.4xlarge"));
        assert!(!has_sagemaker_prefix("g6.4xlarge"));
        assert_eq!(family("g4dn.xlarge"), "g4dn");
        assert_eq!(family_letters("inf2"), "inf");
        assert_eq!(family_generation("p4d"), "p4");
        assert_eq!(family_generation("g5g"), "g5");
    }

    #[test]
    fn quota_patterns_cover_their_families_only() {
        assert!(pattern_covers("g*", "g4dn"));
        assert!(pattern_covers("vt*", "vt1"));
        assert!(!pattern_covers("g*", "inf2"));
        assert!(pattern_covers("p4", "p4d"));
        assert!(!pattern_covers("p4", "p5"));
        assert!(pattern_covers("p*", "p5"));
    }
}
