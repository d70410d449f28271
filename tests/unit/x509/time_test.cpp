// Strict UTCTime / GeneralizedTime (RFC 5280 §4.1.2.5). Expected epoch values were computed independently (Python's
// calendar.timegm), not by the code under test.
#include "x509/time.h"

#include <gtest/gtest.h>

#include <string>

namespace nxs::x509 {
namespace {

Bytes bytes(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::int64_t utc(const std::string& text) {
    auto result = parse_utc_time(bytes(text));
    EXPECT_TRUE(result.ok()) << text;
    return result.value_or(-1);
}

std::int64_t generalized(const std::string& text) {
    auto result = parse_generalized_time(bytes(text));
    EXPECT_TRUE(result.ok()) << text;
    return result.value_or(-1);
}

TEST(Time, UtcTimeValues) {
    EXPECT_EQ(utc("700101000000Z"), 0);
    EXPECT_EQ(utc("250101000000Z"), 1735689600);
    EXPECT_EQ(utc("491231235959Z"), 2524607999);  // the last UTCTime second: 2049-12-31 23:59:59
    EXPECT_EQ(utc("500101000000Z"), -631152000);  // YY >= 50 is 19YY
    EXPECT_EQ(utc("991231235959Z"), 946684799);
    EXPECT_EQ(utc("000229120000Z"), 951825600);  // 2000 is a leap year
    EXPECT_EQ(utc("240229000000Z"), 1709164800);
}

TEST(Time, GeneralizedTimeValues) {
    EXPECT_EQ(generalized("19700101000000Z"), 0);
    EXPECT_EQ(generalized("20991231235959Z"), 4102444799);
    EXPECT_EQ(generalized("20500101000000Z"), 2524608000);
    EXPECT_EQ(generalized("99991231235959Z"), 253402300799);
    EXPECT_EQ(generalized("19691231235959Z"), -1);
    EXPECT_EQ(generalized("16010101000000Z"), -11644473600);
    // Dates through 2049 in GeneralizedTime break an RFC 5280 MUST for CAs but are accepted (see time.cpp).
    EXPECT_EQ(generalized("20250101000000Z"), 1735689600);
}

TEST(Time, Rejected) {
    const char* bad_utc[] = {
        "250101000000",       // no Z
        "2501010000Z",        // no seconds
        "25010100000Z",       // 12 characters
        "2501010000000Z",     // 14
        "250101000000+0000",  // offset
        "250101000000-0500",  //
        "2501010000.5Z",      // fraction
        "250229000000Z",      // Feb 29, 2025
        "210229000000Z",      // Feb 29, 2021
        "250001000000Z",      // month 0
        "251301000000Z",      // month 13
        "250100000000Z",      // day 0
        "250431000000Z",      // April 31
        "250101240000Z",      // hour 24
        "250101006000Z",      // minute 60
        "250101000060Z",      // leap second
        "25010100000aZ",      // non-digit
        "2501010000 0Z",      //
        "250101000000z",      // lower-case z
        "",
    };
    for (const char* text : bad_utc) {
        EXPECT_EQ(parse_utc_time(bytes(text)).status(), Status::kX509InvalidDateFormat) << text;
    }
    const char* bad_generalized[] = {
        "20250101000000",      "20250101000000.0Z", "20250101000000.123Z", "202501010000Z",   "2025010100000Z",
        "20250101000000+0100", "21000229000000Z",   "19000229000000Z",     "+0250101000000Z",
    };
    for (const char* text : bad_generalized) {
        EXPECT_EQ(parse_generalized_time(bytes(text)).status(), Status::kX509InvalidDateFormat) << text;
    }
    EXPECT_TRUE(parse_generalized_time(bytes("20000229000000Z")).ok());  // 2000: divisible by 400
}

TEST(Time, ParseTimeDispatchesOnTheTag) {
    const std::string text = "250101000000Z";
    Element element;
    element.value = bytes(text);
    element.tag = tag::kUtcTime;
    EXPECT_EQ(parse_time(element).value_or(0), 1735689600);
    element.tag = tag::kGeneralizedTime;  // 13 characters are not a GeneralizedTime
    EXPECT_EQ(parse_time(element).status(), Status::kX509InvalidDateFormat);
    element.tag = tag::kIa5String;
    EXPECT_EQ(parse_time(element).status(), Status::kX509UnexpectedAsn1Tag);
}

TEST(Time, Format) {
    EXPECT_EQ(format_time(0), "1970-01-01 00:00:00 UTC");
    EXPECT_EQ(format_time(1795643466), "2026-11-25 21:51:06 UTC");
    EXPECT_EQ(format_time(4102444799), "2099-12-31 23:59:59 UTC");
    EXPECT_EQ(format_time(951825600), "2000-02-29 12:00:00 UTC");
    EXPECT_EQ(format_time(-1), "1969-12-31 23:59:59 UTC");
    EXPECT_EQ(format_time(-631152000), "1950-01-01 00:00:00 UTC");
}

TEST(Time, RoundTripEveryDayOfAFewYears) {
    for (std::int64_t t = -86400LL * 366 * 2; t < 86400LL * 366 * 40; t += 86400 + 3661) {
        const std::string shown = format_time(t);
        const std::string text = shown.substr(0, 4) + shown.substr(5, 2) + shown.substr(8, 2) + shown.substr(11, 2) +
                                 shown.substr(14, 2) + shown.substr(17, 2) + "Z";
        EXPECT_EQ(generalized(text), t) << shown;
    }
}

}  // namespace
}  // namespace nxs::x509
