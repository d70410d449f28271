// X.509 Time (RFC 5280 §4.1.2.5): strict UTCTime and GeneralizedTime to seconds since 1970-01-01 00:00:00 UTC.
#pragma once

#include <cstdint>
#include <string>

#include "nxs/result.h"
#include "x509/der.h"

namespace nxs::x509 {

// Reads a Time CHOICE element (UTCTime or GeneralizedTime). Anything but the RFC 5280 forms — YYMMDDHHMMSSZ and
// YYYYMMDDHHMMSSZ, with a valid calendar date — is NX_SECURE_X509_INVALID_DATE_FORMAT. A tag that is neither
// time type is NX_SECURE_X509_UNEXPECTED_ASN1_TAG.
Result<std::int64_t> parse_time(const Element& element);

// The contents alone, for callers that already know the type (tag::kUtcTime or tag::kGeneralizedTime).
Result<std::int64_t> parse_utc_time(Bytes contents);
Result<std::int64_t> parse_generalized_time(Bytes contents);

// Seconds since 1970 for a proleptic Gregorian UTC date and time; the caller has checked the ranges.
std::int64_t to_unix_seconds(std::int64_t year, int month, int day, int hour, int minute, int second) noexcept;

// "2026-11-25 21:51:06 UTC", for display.
std::string format_time(std::int64_t unix_seconds);

}  // namespace nxs::x509
