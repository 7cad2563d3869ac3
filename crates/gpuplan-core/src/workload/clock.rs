//! Local clock times and minutes of the week: `19:30` on a Thursday is minute 5 490.
//!
//! Minute 0 of a week is Monday 00:00, local time. Weekly windows, schedules and traces all
//! meet on this scale.

use crate::plan::file::Weekday;

pub const MINUTES_PER_DAY: u32 = 24 * 60;
pub const MINUTES_PER_WEEK: u32 = 7 * MINUTES_PER_DAY;

/// Minutes after midnight of `HH:MM` (`00:00` to `23:59`); with `allow_midnight_end`, also
/// `24:00` (1 440), the end of a day.
pub fn minutes_of_day(text: &str, allow_midnight_end: bool) -> Option<u32> {
    let (hours, minutes) = text.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u32 = hours.parse().ok()?;
    let minutes: u32 = minutes.parse().ok()?;
    match (hours, minutes) {
        (24, 0) if allow_midnight_end => Some(MINUTES_PER_DAY),
        (0..=23, 0..=59) => Some(hours * 60 + minutes),
        _ => None,
    }
}

/// The minute of the week of a local time on a day.
pub fn minute_of_week(day: Weekday, minute_of_day: u32) -> u32 {
    (day.index() * MINUTES_PER_DAY + minute_of_day) % MINUTES_PER_WEEK
}

/// The day of the week of a `jiff` civil weekday.
pub fn weekday_of(day: jiff::civil::Weekday) -> Weekday {
    match day {
        jiff::civil::Weekday::Monday => Weekday::Mon,
        jiff::civil::Weekday::Tuesday => Weekday::Tue,
        jiff::civil::Weekday::Wednesday => Weekday::Wed,
        jiff::civil::Weekday::Thursday => Weekday::Thu,
        jiff::civil::Weekday::Friday => Weekday::Fri,
        jiff::civil::Weekday::Saturday => Weekday::Sat,
        jiff::civil::Weekday::Sunday => Weekday::Sun,
    }
}

/// The local minute of the week of an instant in a time zone.
pub fn minute_of_week_at(timestamp: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> u32 {
    let local = zone.to_datetime(timestamp);
    let minute_of_day = local.hour() as u32 * 60 + local.minute() as u32;
    minute_of_week(weekday_of(local.weekday()), minute_of_day)
}

/// The instant used to compare two time zones' offsets (a Monday in January): a weekly
/// pattern has no date, so a schedule written in another zone is shifted by the offsets
/// of that day. Stated in the cost report whenever it matters.
pub const OFFSET_REFERENCE_DATE: &str = "2026-01-05";

/// Minutes to add to a local time in `from` to get the same instant's local time in `to`,
/// at [`OFFSET_REFERENCE_DATE`]. `None` when a zone is unknown.
pub fn offset_difference_minutes(from: &str, to: &str) -> Option<i32> {
    let reference: jiff::Timestamp = format!("{OFFSET_REFERENCE_DATE}T00:00:00Z").parse().ok()?;
    let from = jiff::tz::TimeZone::get(from).ok()?;
    let to = jiff::tz::TimeZone::get(to).ok()?;
    let seconds = to.to_offset(reference).seconds() - from.to_offset(reference).seconds();
    Some(seconds / 60)
}

/// Shifts a minute of the week by a signed number of minutes, wrapping around the week.
pub fn shift_minute_of_week(minute: u32, shift: i32) -> u32 {
    (minute as i64 + shift as i64).rem_euclid(MINUTES_PER_WEEK as i64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_parse_strictly() {
        assert_eq!(minutes_of_day("19:30", false), Some(1170));
        assert_eq!(minutes_of_day("00:00", false), Some(0));
        assert_eq!(minutes_of_day("24:00", false), None);
        assert_eq!(minutes_of_day("24:00", true), Some(1440));
        assert_eq!(minutes_of_day("7:30", false), None);
        assert_eq!(minutes_of_day("23:60", false), None);
    }

    #[test]
    fn minutes_of_the_week_start_on_monday() {
        assert_eq!(minute_of_week(Weekday::Mon, 0), 0);
        assert_eq!(minute_of_week(Weekday::Thu, 1170), 3 * 1440 + 1170);
        let thursday_evening: jiff::Timestamp = "2026-11-26T11:30:00Z".parse().unwrap();
        let shanghai = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        assert_eq!(
            minute_of_week_at(thursday_evening, &shanghai),
            3 * 1440 + 1170
        );
    }

    #[test]
    fn zones_are_compared_at_the_reference_date() {
        assert_eq!(offset_difference_minutes("UTC", "Asia/Shanghai"), Some(480));
        assert_eq!(
            offset_difference_minutes("Asia/Shanghai", "Asia/Shanghai"),
            Some(0)
        );
        assert_eq!(offset_difference_minutes("Nowhere/City", "UTC"), None);
        assert_eq!(shift_minute_of_week(10, -20), MINUTES_PER_WEEK - 10);
    }
}
