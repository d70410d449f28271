#include "x509/time.h"

#include <cstdio>

namespace nxs::x509 {
namespace {

Error date_error(std::string_view what, Bytes contents) {
    std::string text(contents.begin(), contents.end());
    for (auto& c : text) {
        if (c < 0x20 || c > 0x7E) {
            c = '?';
        }
    }
    return Error(Status::kX509InvalidDateFormat, std::string(what) + " \"" + text + "\"");
}

// `count` ASCII digits from `pos` as a number; -1 if any is not a digit.
int digits(Bytes contents, std::size_t pos, std::size_t count) {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const std::uint8_t c = contents[i];
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

bool is_leap(std::int64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(std::int64_t year, int month) {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// MMDDHHMMSSZ from `pos` to the end, which must be exactly 11 characters: the part both forms share.
Result<std::int64_t> parse_rest(Bytes contents, std::size_t pos, std::int64_t year, std::string_view type) {
    const int month = digits(contents, pos, 2);
    const int day = digits(contents, pos + 2, 2);
    const int hour = digits(contents, pos + 4, 2);
    const int minute = digits(contents, pos + 6, 2);
    const int second = digits(contents, pos + 8, 2);
    if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
        return date_error(std::string(type) + " with a non-digit", contents);
    }
    // RFC 5280 §4.1.2.5.1/§4.1.2.5.2: "MUST be expressed in Greenwich Mean Time (Zulu)" and "MUST include seconds";
    // GeneralizedTime "MUST NOT include fractional seconds". So exactly 'Z' follows the seconds.
    if (contents[pos + 10] != 'Z') {
        return date_error(std::string(type) + " not ending in Z", contents);
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
        return date_error(std::string(type) + " with an invalid date", contents);
    }
    // Leap seconds (60) are not accepted: nothing issues them and the epoch arithmetic has no place for them.
    if (hour > 23 || minute > 59 || second > 59) {
        return date_error(std::string(type) + " with an invalid time of day", contents);
    }
    return to_unix_seconds(year, month, day, hour, minute, second);
}

}  // namespace

std::int64_t to_unix_seconds(std::int64_t year, int month, int day, int hour, int minute, int second) noexcept {
    // Days since 1970-01-01: count from 0000-03-01 so that the leap day is the last day of a "year" (a standard
    // civil-calendar computation), then shift to the Unix epoch.
    const std::int64_t y = month <= 2 ? year - 1 : year;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t month_index = month > 2 ? month - 3 : month + 9;
    const std::int64_t day_of_year = (153 * month_index + 2) / 5 + day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    const std::int64_t days = era * 146097 + day_of_era - 719468;
    return days * 86400 + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second;
}

Result<std::int64_t> parse_utc_time(Bytes contents) {
    // RFC 5280 §4.1.2.5.1: YYMMDDHHMMSSZ.
    if (contents.size() != 13) {
        return date_error("UTCTime not in the form YYMMDDHHMMSSZ", contents);
    }
    const int yy = digits(contents, 0, 2);
    if (yy < 0) {
        return date_error("UTCTime with a non-digit", contents);
    }
    // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
    const std::int64_t year = yy >= 50 ? 1900 + yy : 2000 + yy;
    return parse_rest(contents, 2, year, "UTCTime");
}

Result<std::int64_t> parse_generalized_time(Bytes contents) {
    // RFC 5280 §4.1.2.5.2: YYYYMMDDHHMMSSZ, no fractional seconds. RFC 5280 also says dates through 2049 MUST be
    // UTCTime; that is deliberately not enforced here because many deployed certificates break it and nothing is
    // ambiguous about such a date.
    if (contents.size() != 15) {
        return date_error("GeneralizedTime not in the form YYYYMMDDHHMMSSZ", contents);
    }
    const int year = digits(contents, 0, 4);
    if (year < 0) {
        return date_error("GeneralizedTime with a non-digit", contents);
    }
    return parse_rest(contents, 4, year, "GeneralizedTime");
}

Result<std::int64_t> parse_time(const Element& element) {
    if (element.tag == tag::kUtcTime) {
        return parse_utc_time(element.value);
    }
    if (element.tag == tag::kGeneralizedTime) {
        return parse_generalized_time(element.value);
    }
    return Error(Status::kX509UnexpectedAsn1Tag, "expected UTCTime or GeneralizedTime but found " +
                                                     tag_to_string(element.tag) + " at offset " +
                                                     std::to_string(element.offset));
}

std::string format_time(std::int64_t unix_seconds) {
    // The inverse of to_unix_seconds (same civil-calendar shift).
    const std::int64_t days = (unix_seconds >= 0 ? unix_seconds : unix_seconds - 86399) / 86400;
    const std::int64_t seconds_of_day = unix_seconds - days * 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t day_of_era = z - era * 146097;
    const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_index = (5 * day_of_year + 2) / 153;
    const std::int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
    const std::int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
    const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld UTC", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day),
                  static_cast<long long>(seconds_of_day / 3600), static_cast<long long>((seconds_of_day / 60) % 60),
                  static_cast<long long>(seconds_of_day % 60));
    return buffer;
}

}  // namespace nxs::x509
