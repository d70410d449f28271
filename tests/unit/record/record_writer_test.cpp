// RecordWriter: fragmentation, plaintext and protected records, RFC 8448 bytes, RFC 8449 limits.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "nxs/crypto/provider.h"
#include "record/record_reader.h"
#include "record/record_writer.h"
#include "unit/handshake/rfc8448_trace.h"
#include "unit/record/rfc8448_records.h"

namespace nxs::record {
namespace {

using rfc8448::bytes;

RecordProtection client_application_key() {
    auto protection = RecordProtection::create(*crypto::default_provider(), crypto::AeadAlgorithm::kAes128Gcm,
                                               bytes(rfc8448::kClientApKey), bytes(rfc8448::kClientApIv));
    EXPECT_TRUE(protection.ok());
    return std::move(protection).value();
}

// Reads every record of `wire` back: the concatenated content of each type, and each record's inner plaintext size.
struct ReadBack {
    std::vector<std::uint8_t> content;
    std::vector<ContentType> types;
    std::vector<std::size_t> fragment_sizes;
};

ReadBack read_back(std::vector<std::uint8_t>& wire, RecordProtection* opener) {
    ReadBack out;
    RecordReader reader;
    reader.set_protected(opener != nullptr);
    MutableBytes rest(wire);
    while (!rest.empty()) {
        auto framed = reader.frame(rest);
        EXPECT_TRUE(framed.ok());
        if (!framed.ok() || !std::holds_alternative<RecordView>(*framed)) {
            break;
        }
        const auto view = std::get<RecordView>(*framed);
        rest = rest.subspan(view.wire_size());
        if (opener == nullptr) {
            out.types.push_back(view.type);
            out.fragment_sizes.push_back(view.fragment.size());
            out.content.insert(out.content.end(), view.fragment.begin(), view.fragment.end());
            continue;
        }
        const auto opened = opener->open(view);
        EXPECT_TRUE(opened.ok());
        if (!opened.ok()) {
            break;
        }
        out.types.push_back(opened->type);
        out.fragment_sizes.push_back(view.fragment.size() - 16);
        out.content.insert(out.content.end(), opened->content.begin(), opened->content.end());
    }
    return out;
}

TEST(RecordWriter, Rfc8448InitialClientHelloRecord) {
    RecordWriter writer;
    writer.set_legacy_version(kLegacyRecordVersionInitial);
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(writer.write(ContentType::kHandshake, bytes(rfc8448::kClientHello), out).ok());
    std::vector<std::uint8_t> expected = {0x16, 0x03, 0x01, 0x00, 0xc4};
    const auto client_hello = bytes(rfc8448::kClientHello);
    expected.insert(expected.end(), client_hello.begin(), client_hello.end());
    EXPECT_EQ(out, expected);
}

TEST(RecordWriter, Rfc8448ApplicationDataRecord) {
    RecordWriter writer;
    writer.set_protection(client_application_key());
    std::vector<std::uint8_t> payload;
    for (std::uint8_t i = 0; i <= 0x31; ++i) {
        payload.push_back(i);
    }
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(writer.write(ContentType::kApplicationData, payload, out).ok());
    EXPECT_EQ(out, bytes(rfc8448::kClientApplicationRecord));
    const auto* protection = writer.protection();
    ASSERT_NE(protection, nullptr);
    EXPECT_EQ(protection->sequence(), 1U);
}

TEST(RecordWriter, PlaintextHandshakeIsSplitAt2To14) {
    RecordWriter writer;
    std::vector<std::uint8_t> data(2 * kMaxPlaintext + 10);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(i * 7);
    }
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(writer.write(ContentType::kHandshake, data, out).ok());
    EXPECT_EQ(out.size(), data.size() + 3 * kHeaderSize);
    const auto back = read_back(out, nullptr);
    EXPECT_EQ(back.content, data);
    EXPECT_EQ(back.fragment_sizes, (std::vector<std::size_t>{kMaxPlaintext, kMaxPlaintext, 10}));
    EXPECT_EQ(out[1], 0x03);
    EXPECT_EQ(out[2], 0x03);
}

TEST(RecordWriter, ProtectedDataIsSplitAtThePeersRecordSizeLimit) {
    RecordWriter writer;
    auto key = client_application_key();
    ASSERT_TRUE(key.set_record_size_limit(64).ok());
    writer.set_protection(std::move(key));
    EXPECT_EQ(writer.max_fragment(), 63U);
    std::vector<std::uint8_t> data(200, 0x61);
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(writer.write(ContentType::kHandshake, data, out).ok());
    auto opener = client_application_key();
    const auto back = read_back(out, &opener);
    EXPECT_EQ(back.content, data);
    // Inner plaintext (content + type byte) never exceeds the limit: 63 + 1.
    EXPECT_EQ(back.fragment_sizes, (std::vector<std::size_t>{64, 64, 64, 12}));
}

TEST(RecordWriter, LargeApplicationDataRoundTrips) {
    RecordWriter writer;
    writer.set_protection(client_application_key());
    std::vector<std::uint8_t> data(100000);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(i ^ (i >> 8));
    }
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(writer.write(ContentType::kApplicationData, data, out).ok());
    auto opener = client_application_key();
    const auto back = read_back(out, &opener);
    EXPECT_EQ(back.content, data);
    EXPECT_EQ(back.types.size(), 7U);
    EXPECT_EQ(opener.sequence(), 7U);
}

TEST(RecordWriter, ZeroLengthRules) {
    RecordWriter writer;
    std::vector<std::uint8_t> out;
    EXPECT_EQ(writer.write(ContentType::kHandshake, {}, out).status(), Status::kTlsInvalidState);
    // Application data is never sent in the clear.
    EXPECT_EQ(writer.write(ContentType::kApplicationData, std::vector<std::uint8_t>{1}, out).status(),
              Status::kTlsInvalidState);
    EXPECT_TRUE(out.empty());

    writer.set_protection(client_application_key());
    EXPECT_EQ(writer.write(ContentType::kAlert, {}, out).status(), Status::kTlsInvalidState);
    ASSERT_TRUE(writer.write(ContentType::kApplicationData, {}, out).ok());
    auto opener = client_application_key();
    const auto back = read_back(out, &opener);
    EXPECT_EQ(back.types, (std::vector<ContentType>{ContentType::kApplicationData}));
    EXPECT_TRUE(back.content.empty());
}

TEST(RecordWriter, AlertsAndChangeCipherSpec) {
    RecordWriter writer;
    std::vector<std::uint8_t> out;
    writer.write_change_cipher_spec(out);
    ASSERT_TRUE(writer.write_alert(Alert{AlertLevel::kFatal, AlertDescription::kHandshakeFailure}, out).ok());
    EXPECT_EQ(
        out, (std::vector<std::uint8_t>{0x14, 0x03, 0x03, 0x00, 0x01, 0x01, 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}));
    EXPECT_EQ(writer.write(ContentType::kChangeCipherSpec, std::vector<std::uint8_t>{1}, out).status(),
              Status::kTlsInvalidState);

    writer.set_protection(client_application_key());
    std::vector<std::uint8_t> protected_out;
    writer.write_change_cipher_spec(protected_out);  // the compatibility CCS is never protected
    EXPECT_EQ(protected_out, (std::vector<std::uint8_t>{0x14, 0x03, 0x03, 0x00, 0x01, 0x01}));
    protected_out.clear();
    ASSERT_TRUE(writer.write_alert(Alert{AlertLevel::kWarning, AlertDescription::kCloseNotify}, protected_out).ok());
    EXPECT_EQ(protected_out[0], 0x17);
    auto opener = client_application_key();
    const auto back = read_back(protected_out, &opener);
    EXPECT_EQ(back.types, (std::vector<ContentType>{ContentType::kAlert}));
    EXPECT_EQ(back.content, (std::vector<std::uint8_t>{1, 0}));
}

}  // namespace
}  // namespace nxs::record
