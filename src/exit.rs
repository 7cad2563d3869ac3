//! Exit statuses, one meaning each.
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success; for `check`, nothing blocks the plan |
//! | 1 | usage or input error (bad arguments, unreadable or invalid plan file) |
//! | 2 | `plan --detailed-exitcode`: there are changes to apply |
//! | 3 | `check` found something that blocks the deployment |
//! | 4 | AWS could not be reached, credentials failed, or an API call was refused |
//! | 130 | `apply` or `destroy` stopped by Ctrl-C |

use std::process::ExitCode;

/// How a gpuplan run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success,
    Error,
    Changes,
    Blocked,
    Aws,
    Interrupted,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Error => 1,
            Exit::Changes => 2,
            Exit::Blocked => 3,
            Exit::Aws => 4,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}
