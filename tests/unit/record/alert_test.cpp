// Alert encoding and decoding (RFC 8446 §6).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "record/alert.h"

namespace nxs::record {
namespace {

TEST(Alert, DecodesLevelAndDescription) {
    const std::vector<std::uint8_t> bytes = {2, 40};
    const auto alert = decode_alert(bytes);
    ASSERT_TRUE(alert.ok());
    EXPECT_EQ(alert->level, AlertLevel::kFatal);
    EXPECT_EQ(alert->description, AlertDescription::kHandshakeFailure);
    EXPECT_EQ(describe(*alert), "fatal handshake_failure");
}

TEST(Alert, AnyLengthButTwoIsADecodeError) {
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{4}}) {
        const std::vector<std::uint8_t> bytes(size, 1);
        const auto alert = decode_alert(bytes);
        ASSERT_FALSE(alert.ok()) << size;
        EXPECT_EQ(alert.status(), Status::kTlsIncorrectMessageLength);
        EXPECT_EQ(alert.error().alert(), AlertDescription::kDecodeError);
    }
}

TEST(Alert, UnknownValuesRoundTrip) {
    const Alert odd{static_cast<AlertLevel>(7), static_cast<AlertDescription>(201)};
    const auto encoded = encode_alert(odd);
    EXPECT_EQ(encoded[0], 7);
    EXPECT_EQ(encoded[1], 201);
    const auto decoded = decode_alert(encoded);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, odd);
    EXPECT_EQ(describe(odd), "level(7) alert(201)");
}

TEST(Alert, ClosureAlerts) {
    EXPECT_TRUE(is_closure_alert(AlertDescription::kCloseNotify));
    EXPECT_TRUE(is_closure_alert(AlertDescription::kUserCanceled));
    EXPECT_FALSE(is_closure_alert(AlertDescription::kBadRecordMac));
    EXPECT_FALSE(is_closure_alert(static_cast<AlertDescription>(201)));
}

TEST(Alert, AlertForAnErrorIsFatalWithTheCodesAlert) {
    const auto mac = alert_for(Error(Status::kTlsAeadDecryptFail));
    ASSERT_TRUE(mac.has_value());
    EXPECT_EQ(*mac, (Alert{AlertLevel::kFatal, AlertDescription::kBadRecordMac}));
    const auto overridden =
        alert_for(Error(Status::kTlsPacketBufferTooSmall).with_alert(AlertDescription::kDecodeError));
    ASSERT_TRUE(overridden.has_value());
    EXPECT_EQ(overridden->description, AlertDescription::kDecodeError);
    // A signal, not a failure: nothing is sent.
    EXPECT_FALSE(alert_for(Error(Status::kTlsHandshakeFragmentReceived)).has_value());
}

}  // namespace
}  // namespace nxs::record
