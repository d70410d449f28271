#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/hex.h"
#include "common/reader.h"
#include "common/writer.h"
#include "nxs/result.h"
#include "nxs/secret.h"

namespace nxs {
namespace {

Result<int> parse_positive(int v) {
    if (v <= 0) {
        return Error(Status::kTlsIncorrectMessageLength, "value must be positive");
    }
    return v;
}

Result<int> doubled(int v) {
    NXS_TRY_ASSIGN(const int x, parse_positive(v));
    return 2 * x;
}

Result<void> check(int v) {
    NXS_TRY(parse_positive(v));
    return {};
}

TEST(Result, ValueAndErrorPaths) {
    const auto good = doubled(21);
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 42);
    EXPECT_EQ(good.status(), Status::kTlsSuccess);

    const auto bad = doubled(-1);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status(), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(bad.error().message(), "value must be positive");
    EXPECT_EQ(bad.error().to_string(), "NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH: value must be positive");
    EXPECT_EQ(bad.error().alert(), AlertDescription::kDecodeError);

    EXPECT_TRUE(check(1).ok());
    EXPECT_EQ(check(0).status(), Status::kTlsIncorrectMessageLength);
}

TEST(Result, MoveOnlyValues) {
    Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
    ASSERT_TRUE(r.ok());
    auto p = std::move(r).value();
    EXPECT_EQ(*p, 7);
}

TEST(Result, AlertOverrideAndDetail) {
    Error e = Error(Status::kX509ChainVerifyFailure, ErrorDetail{"certificate at depth 1 (CN=Example CA) is not a CA",
                                                                 "basicConstraints", 1, "CN=Example CA"})
                  .with_alert(AlertDescription::kUnknownCa);
    EXPECT_EQ(e.alert(), AlertDescription::kUnknownCa);
    EXPECT_EQ(e.detail().depth, 1);
    EXPECT_EQ(e.detail().check, "basicConstraints");
    const Error plain(Status::kTlsAeadDecryptFail);
    EXPECT_FALSE(plain.has_detail());
    EXPECT_EQ(plain.detail().depth, -1);
    EXPECT_EQ(plain.message(), status_description(Status::kTlsAeadDecryptFail));
}

TEST(Reader, ReadsVectorsAndRejectsShortData) {
    const std::uint8_t data[] = {0x01, 0x00, 0x03, 0xAA, 0xBB, 0xCC, 0x00, 0x00, 0x01, 0x7F};
    Reader r(data);
    EXPECT_EQ(*r.u8(), 0x01);
    auto inner = r.vec16();
    ASSERT_TRUE(inner.ok());
    EXPECT_EQ(inner->remaining(), 3u);
    EXPECT_EQ(*inner->u24(), 0xAABBCCu);
    EXPECT_TRUE(inner->expect_end().ok());
    auto tail = r.vec24_bytes();
    ASSERT_TRUE(tail.ok());
    EXPECT_EQ(tail->size(), 1u);
    EXPECT_TRUE(r.expect_end().ok());
    EXPECT_EQ(r.u8().status(), Status::kTlsIncorrectMessageLength);

    const std::uint8_t overlong[] = {0x00, 0x05, 0x01};
    Reader r2(overlong);
    EXPECT_EQ(r2.vec16().status(), Status::kTlsIncorrectMessageLength);

    const std::uint8_t trailing[] = {0x00, 0x01};
    Reader r3(trailing);
    ASSERT_TRUE(r3.u8().ok());
    EXPECT_EQ(r3.expect_end().status(), Status::kTlsIncorrectMessageLength);
}

TEST(Writer, PatchesLengthsAndRejectsOverlongBlocks) {
    std::vector<std::uint8_t> out;
    Writer w(out);
    w.u16(0x0303);
    const auto block = w.open(2);
    w.u8(0x42);
    w.u24(0x010203);
    ASSERT_TRUE(w.close(block).ok());
    EXPECT_EQ(to_hex(out), "0303000442010203");

    std::vector<std::uint8_t> big(300, 0x11);
    std::vector<std::uint8_t> out2;
    Writer w2(out2);
    EXPECT_EQ(w2.vec8(big).status(), Status::kTlsInvalidState);
    EXPECT_TRUE(w2.vec16(big).ok());
}

TEST(Secret, MoveWipeCompare) {
    const std::uint8_t key[] = {1, 2, 3, 4};
    Secret a(key);
    Secret b = a.clone();
    EXPECT_TRUE(a == b);
    Secret c = std::move(a);
    EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from state is specified
    EXPECT_EQ(c.size(), 4u);
    c.truncate(2);
    EXPECT_EQ(c.size(), 2u);
    EXPECT_FALSE(c == b);
    c.wipe();
    EXPECT_EQ(c.data()[0], 0);
    EXPECT_TRUE(constant_time_equal(std::span<const std::uint8_t>(key, 2), std::span<const std::uint8_t>(key, 2)));
    EXPECT_FALSE(constant_time_equal(std::span<const std::uint8_t>(key, 2), std::span<const std::uint8_t>(key + 1, 2)));
}

TEST(Hex, RoundTripAndRejects) {
    const auto bytes = from_hex("00:ff AB");
    ASSERT_TRUE(bytes);
    EXPECT_EQ(to_hex(*bytes, ":"), "00:ff:ab");
    EXPECT_FALSE(from_hex("abc"));
    EXPECT_FALSE(from_hex("zz"));
}

}  // namespace
}  // namespace nxs
