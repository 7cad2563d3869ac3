//! Exit statuses, one meaning each.
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success; for `check`, nothing blocks the plan |
//! | 1 | usage or input error (bad arguments, unreadable or invalid plan file) |
//! | 3 | `check` found something that blocks the deployment |

use std::process::ExitCode;

/// How a gpuplan run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success,
    Error,
    Blocked,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Error => 1,
            Exit::Blocked => 3,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}
