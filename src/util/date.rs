//! Calendar names shared by the date check of front matter and the dates
//! shown to readers.

/// English month names, January first: `MONTHS[month - 1]`.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
