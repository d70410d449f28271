// RecordReader framing (RFC 8446 §5.1, §5.2) and the plaintext record checks of record.h.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "record/record.h"
#include "record/record_reader.h"
#include "unit/handshake/rfc8448_trace.h"

namespace nxs::record {
namespace {

using rfc8448::bytes;

std::vector<std::uint8_t> record_of(int type, int version, std::size_t length, std::size_t body_present) {
    std::vector<std::uint8_t> out(kHeaderSize + body_present, 0x33);
    write_header(out, static_cast<ContentType>(type), static_cast<std::uint16_t>(version), length);
    return out;
}

TEST(RecordReader, NeedMoreBytesIsAValueNotAnError) {
    const RecordReader reader;
    std::vector<std::uint8_t> empty;
    auto framed = reader.frame(empty);
    ASSERT_TRUE(framed.ok());
    ASSERT_TRUE(std::holds_alternative<NeedMoreBytes>(*framed));
    EXPECT_EQ(std::get<NeedMoreBytes>(*framed).bytes, 5U);

    std::vector<std::uint8_t> partial_header = {0x16, 0x03, 0x01};
    framed = reader.frame(partial_header);
    ASSERT_TRUE(framed.ok());
    EXPECT_EQ(std::get<NeedMoreBytes>(*framed).bytes, 2U);

    auto partial_body = record_of(22, 0x0303, 10, 4);
    framed = reader.frame(partial_body);
    ASSERT_TRUE(framed.ok());
    EXPECT_EQ(std::get<NeedMoreBytes>(*framed).bytes, 6U);
}

TEST(RecordReader, Rfc8448ClientHelloRecord) {
    // RFC 8448 §3 {client} send handshake record: complete record (201 octets), legacy_record_version 0x0301.
    const auto client_hello = bytes(rfc8448::kClientHello);
    std::vector<std::uint8_t> input = {0x16, 0x03, 0x01, 0x00, 0xc4};
    input.insert(input.end(), client_hello.begin(), client_hello.end());
    input.push_back(0x15);  // the start of the next record stays unread

    const RecordReader reader;
    auto framed = reader.frame(input);
    ASSERT_TRUE(framed.ok()) << framed.error().to_string();
    const auto view = std::get<RecordView>(*framed);
    EXPECT_EQ(view.type, ContentType::kHandshake);
    EXPECT_EQ(view.legacy_version, 0x0301);
    EXPECT_EQ(view.wire_size(), 201U);
    EXPECT_EQ(view.header.data(), input.data());
    EXPECT_EQ(view.fragment.data(), input.data() + 5);
    EXPECT_EQ(std::vector<std::uint8_t>(view.fragment.begin(), view.fragment.end()), client_hello);
    const auto content = plaintext_content(view);
    ASSERT_TRUE(content.ok());
    EXPECT_EQ(content->size(), 196U);
}

TEST(RecordReader, ConsecutiveRecords) {
    std::vector<std::uint8_t> input;
    for (const int type : {22, 20, 21, 23}) {
        const auto one = record_of(type, 0x0303, 2, 2);
        input.insert(input.end(), one.begin(), one.end());
    }
    const RecordReader reader;
    MutableBytes rest(input);
    std::vector<ContentType> types;
    while (!rest.empty()) {
        auto framed = reader.frame(rest);
        ASSERT_TRUE(framed.ok());
        const auto view = std::get<RecordView>(*framed);
        types.push_back(view.type);
        rest = rest.subspan(view.wire_size());
    }
    EXPECT_EQ(types, (std::vector<ContentType>{ContentType::kHandshake, ContentType::kChangeCipherSpec,
                                               ContentType::kAlert, ContentType::kApplicationData}));
}

TEST(RecordReader, UnknownContentTypeIsRejectedFromTheHeader) {
    const RecordReader reader;
    for (const int type : {0, 19, 24, 0x80, 0xFF}) {
        auto input = record_of(type, 0x0303, 1, 0);  // only the header: rejected before the body arrives
        const auto framed = reader.frame(input);
        ASSERT_FALSE(framed.ok()) << type;
        EXPECT_EQ(framed.status(), Status::kTlsUnrecognizedMessageType);
        EXPECT_EQ(framed.error().alert(), AlertDescription::kUnexpectedMessage);
    }
}

TEST(RecordReader, LegacyRecordVersionPolicy) {
    RecordReader reader;
    // The first flight: 0x0301 (RFC 8446 §5.1) and any {03,XX} (RFC 5246 Appendix E.1).
    for (const int version : {0x0300, 0x0301, 0x0303, 0x03FF}) {
        auto input = record_of(22, version, 1, 1);
        EXPECT_TRUE(reader.frame(input).ok()) << version;
    }
    auto sslv2ish = record_of(22, 0x0200, 1, 1);
    EXPECT_EQ(reader.frame(sslv2ish).status(), Status::kTlsUnknownTlsVersion);

    reader.set_version_policy(RecordVersionPolicy::kTls12);
    auto ok = record_of(22, 0x0303, 1, 1);
    EXPECT_TRUE(reader.frame(ok).ok());
    auto old = record_of(22, 0x0301, 1, 1);
    const auto rejected = reader.frame(old);
    EXPECT_EQ(rejected.status(), Status::kTlsUnknownTlsVersion);
    EXPECT_EQ(rejected.error().alert(), AlertDescription::kProtocolVersion);
}

TEST(RecordReader, PlaintextLengthLimit) {
    const RecordReader reader;
    auto at_limit = record_of(22, 0x0303, kMaxPlaintext, kMaxPlaintext);
    EXPECT_TRUE(reader.frame(at_limit).ok());
    auto over = record_of(22, 0x0303, kMaxPlaintext + 1, 0);  // header alone is enough to reject
    const auto framed = reader.frame(over);
    EXPECT_EQ(framed.status(), Status::kTlsRecordOverflow);
    EXPECT_EQ(framed.error().alert(), AlertDescription::kRecordOverflow);
}

TEST(RecordReader, CiphertextLengthLimit) {
    RecordReader reader;
    reader.set_protected(true);
    auto at_limit = record_of(23, 0x0303, kMaxCiphertext, kMaxCiphertext);
    EXPECT_TRUE(reader.frame(at_limit).ok());
    auto over = record_of(23, 0x0303, kMaxCiphertext + 1, 0);
    EXPECT_EQ(reader.frame(over).status(), Status::kTlsRecordOverflow);
    auto largest = record_of(23, 0x0303, 0xFFFF, 0);
    EXPECT_EQ(reader.frame(largest).status(), Status::kTlsRecordOverflow);
}

TEST(RecordReader, RecordLargerThanTheReceiveBuffer) {
    RecordReaderConfig config;
    config.receive_buffer_size = 1000;
    const RecordReader reader(config);
    auto fits = record_of(23, 0x0303, 995, 995);
    EXPECT_TRUE(reader.frame(fits).ok());
    auto too_big = record_of(23, 0x0303, 996, 0);
    const auto framed = reader.frame(too_big);
    EXPECT_EQ(framed.status(), Status::kTlsPacketBufferTooSmall);
    EXPECT_EQ(framed.error().alert(), AlertDescription::kRecordOverflow);
    // The protocol limit is reported first when both are exceeded.
    auto both = record_of(23, 0x0303, kMaxPlaintext + 1, 0);
    EXPECT_EQ(reader.frame(both).status(), Status::kTlsRecordOverflow);
}

TEST(PlaintextRecord, ZeroLengthRules) {
    for (const int type : {21, 22}) {
        auto input = record_of(type, 0x0303, 0, 0);
        const auto framed = RecordReader().frame(input);
        ASSERT_TRUE(framed.ok());
        const auto content = plaintext_content(std::get<RecordView>(*framed));
        EXPECT_EQ(content.status(), Status::kTlsUnexpectedMessage) << type;
        EXPECT_EQ(content.error().alert(), AlertDescription::kUnexpectedMessage);
    }
    EXPECT_TRUE(check_content_length(ContentType::kApplicationData, 0).ok());
    EXPECT_TRUE(check_content_length(ContentType::kHandshake, 1).ok());
}

TEST(ChangeCipherSpec, OnlyTheSingleByteOneIsDroppedAndOnlyWhenAllowed) {
    auto frame = [](std::vector<std::uint8_t>& input) { return std::get<RecordView>(*RecordReader().frame(input)); };
    std::vector<std::uint8_t> good = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
    EXPECT_TRUE(check_compat_change_cipher_spec(frame(good), true).ok());

    const auto not_now = check_compat_change_cipher_spec(frame(good), false);
    EXPECT_EQ(not_now.status(), Status::kTlsBadCipherspec);
    EXPECT_EQ(not_now.error().alert(), AlertDescription::kUnexpectedMessage);

    std::vector<std::uint8_t> wrong_byte = {0x14, 0x03, 0x03, 0x00, 0x01, 0x02};
    EXPECT_EQ(check_compat_change_cipher_spec(frame(wrong_byte), true).status(), Status::kTlsBadCipherspec);
    std::vector<std::uint8_t> two_bytes = {0x14, 0x03, 0x03, 0x00, 0x02, 0x01, 0x01};
    EXPECT_EQ(check_compat_change_cipher_spec(frame(two_bytes), true).status(), Status::kTlsBadCipherspec);
    std::vector<std::uint8_t> empty = {0x14, 0x03, 0x03, 0x00, 0x00};
    EXPECT_EQ(check_compat_change_cipher_spec(frame(empty), true).status(), Status::kTlsBadCipherspec);
    std::vector<std::uint8_t> not_ccs = {0x16, 0x03, 0x03, 0x00, 0x01, 0x01};
    EXPECT_EQ(check_compat_change_cipher_spec(frame(not_ccs), true).status(), Status::kTlsBadCipherspec);
}

TEST(ContentType, NamesAndUnknownValuesRoundTrip) {
    EXPECT_EQ(content_type_name(ContentType::kHandshake), "handshake");
    EXPECT_EQ(content_type_name(static_cast<ContentType>(99)), "unknown");
    EXPECT_EQ(static_cast<int>(static_cast<ContentType>(99)), 99);
    EXPECT_FALSE(is_known(static_cast<ContentType>(24)));
}

}  // namespace
}  // namespace nxs::record
