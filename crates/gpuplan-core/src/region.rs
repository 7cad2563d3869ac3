//! The two AWS China regions gpuplan serves, and the partition facts that follow from them.
//!
//! The partition (`aws-cn`), the DNS suffix (`amazonaws.com.cn`) and the ARN prefix
//! (`arn:aws-cn`) are derived from the region here and nowhere else.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An AWS China region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Region {
    /// Ningxia, operated by NWCD.
    #[serde(rename = "cn-northwest-1")]
    CnNorthwest1,
    /// Beijing, operated by Sinnet.
    #[serde(rename = "cn-north-1")]
    CnNorth1,
}

impl Region {
    pub const ALL: [Region; 2] = [Region::CnNorthwest1, Region::CnNorth1];

    pub fn code(self) -> &'static str {
        match self {
            Region::CnNorthwest1 => "cn-northwest-1",
            Region::CnNorth1 => "cn-north-1",
        }
    }

    /// The name AWS price lists use for the region's location.
    pub fn location_name(self) -> &'static str {
        match self {
            Region::CnNorthwest1 => "China (Ningxia)",
            Region::CnNorth1 => "China (Beijing)",
        }
    }

    pub fn chinese_name(self) -> &'static str {
        match self {
            Region::CnNorthwest1 => "中国（宁夏）",
            Region::CnNorth1 => "中国（北京）",
        }
    }

    pub fn partition(self) -> &'static str {
        "aws-cn"
    }

    pub fn dns_suffix(self) -> &'static str {
        "amazonaws.com.cn"
    }

    /// `arn:aws-cn`.
    pub fn arn_prefix(self) -> String {
        format!("arn:{}", self.partition())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.code())
    }
}

/// Why a region name was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error(
        "`{0}` is an AWS region outside China; gpuplan plans for cn-northwest-1 (Ningxia) and cn-north-1 (Beijing) only"
    )]
    OutsideChina(String),
    #[error("`{0}` is not an AWS region")]
    Unknown(String),
}

impl FromStr for Region {
    type Err = RegionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "cn-northwest-1" => Ok(Region::CnNorthwest1),
            "cn-north-1" => Ok(Region::CnNorth1),
            other if looks_like_region(other) => Err(RegionError::OutsideChina(other.to_string())),
            other => Err(RegionError::Unknown(other.to_string())),
        }
    }
}

/// `us-east-1`, `ap-southeast-3`, `us-gov-west-1`: two or three lowercase words and a number.
/// A `cn-` name that is not one of the two China regions is a typo, not another region.
fn looks_like_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    !text.starts_with("cn-")
        && (3..=4).contains(&parts.len())
        && parts[..parts.len() - 1]
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_regions_parse_and_derive_the_partition() {
        let region: Region = "cn-northwest-1".parse().unwrap();
        assert_eq!(region, Region::CnNorthwest1);
        assert_eq!(region.arn_prefix(), "arn:aws-cn");
        assert_eq!(region.dns_suffix(), "amazonaws.com.cn");
        assert_eq!(
            "cn-north-1".parse::<Region>().unwrap().location_name(),
            "China (Beijing)"
        );
    }

    #[test]
    fn other_regions_are_refused_with_the_reason() {
        assert_eq!(
            "us-east-1".parse::<Region>(),
            Err(RegionError::OutsideChina("us-east-1".into()))
        );
        assert_eq!(
            "us-gov-west-1".parse::<Region>(),
            Err(RegionError::OutsideChina("us-gov-west-1".into()))
        );
        assert_eq!(
            "cn-northwest-9x".parse::<Region>(),
            Err(RegionError::Unknown("cn-northwest-9x".into()))
        );
        assert_eq!(
            "cn-nrth-1".parse::<Region>(),
            Err(RegionError::Unknown("cn-nrth-1".into()))
        );
    }
}
