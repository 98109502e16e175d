//! Dates and times in UTC, without a time-zone database: file-name stamps and the
//! ISO 8601 times of the audit log.

use std::time::{SystemTime, UNIX_EPOCH};

/// A civil date and time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utc {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millisecond: u32,
}

impl Utc {
    /// The UTC date and time of `t` (times before 1970 count as 1970-01-01).
    pub fn of(t: SystemTime) -> Utc {
        let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
        let secs = since.as_secs();
        let (days, rem) = (secs / 86_400, secs % 86_400);
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = i64::try_from(days).unwrap_or(i64::MAX / 2) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let small = |v: i64| u32::try_from(v).unwrap_or(0);
        let rem = small(i64::try_from(rem).unwrap_or(0));
        Utc {
            year: yoe + era * 400 + i64::from(month <= 2),
            month: small(month),
            day: small(day),
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
            millisecond: since.subsec_millis(),
        }
    }

    /// `20261123-014501`, for file names.
    pub fn stamp(&self) -> String {
        format!(
            "{:04}{:02}{:02}-{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `2026-11-23T01:45:01.250Z`: ISO 8601 with milliseconds, so that the lines of
    /// several logs sort into the order they were written.
    pub fn iso_millis(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.millisecond
        )
    }

    /// `2026-11-23T01:45:01Z` (ISO 8601 / RFC 3339).
    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn known_dates() {
        let t = UNIX_EPOCH + Duration::from_secs(1_795_398_301);
        assert_eq!(Utc::of(t).stamp(), "20261123-014501");
        assert_eq!(Utc::of(t).iso(), "2026-11-23T01:45:01Z");
        let later = t + Duration::from_millis(250);
        assert_eq!(Utc::of(later).iso_millis(), "2026-11-23T01:45:01.250Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(Utc::of(leap).iso(), "2000-02-29T00:00:00Z");
        assert_eq!(Utc::of(UNIX_EPOCH).iso(), "1970-01-01T00:00:00Z");
    }
}
