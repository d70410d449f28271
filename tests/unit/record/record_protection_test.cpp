// RecordProtection against RFC 8448 §3 records (byte for byte, both directions) and every rejection of RFC 8446
// §5.2–§5.4 and RFC 8449.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "nxs/crypto/provider.h"
#include "record/record.h"
#include "record/record_protection.h"
#include "record/record_reader.h"
#include "unit/handshake/rfc8448_trace.h"
#include "unit/record/rfc8448_records.h"

namespace nxs::record {
namespace {

using crypto::AeadAlgorithm;
using rfc8448::bytes;

std::vector<std::uint8_t> concat(std::initializer_list<std::string_view> parts) {
    std::vector<std::uint8_t> out;
    for (const auto part : parts) {
        const auto b = bytes(part);
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

std::vector<std::uint8_t> application_payload() {
    std::vector<std::uint8_t> out;
    for (std::uint8_t i = 0; i <= 0x31; ++i) {
        out.push_back(i);
    }
    return out;
}

class RecordProtectionTest : public ::testing::Test {
protected:
    RecordProtection make(std::string_view key, std::string_view iv) const {
        auto protection = RecordProtection::create(*m_provider, AeadAlgorithm::kAes128Gcm, bytes(key), bytes(iv));
        EXPECT_TRUE(protection.ok()) << (protection.ok() ? "" : protection.error().to_string());
        return std::move(protection).value();
    }

    static RecordView view_of(std::vector<std::uint8_t>& record) {
        RecordReader reader;
        reader.set_protected(true);
        reader.set_version_policy(RecordVersionPolicy::kTls12);
        auto framed = reader.frame(record);
        EXPECT_TRUE(framed.ok());
        EXPECT_TRUE(std::holds_alternative<RecordView>(*framed));
        return std::get<RecordView>(*framed);
    }

    // A protected record whose TLSInnerPlaintext is exactly `inner` (content type and padding included), sealed at
    // sequence 0 under the RFC 8448 client application key. Lets tests build records seal() refuses to make.
    std::vector<std::uint8_t> raw_record(const std::vector<std::uint8_t>& inner) const {
        auto key = m_provider->new_aead(AeadAlgorithm::kAes128Gcm, bytes(rfc8448::kClientApKey));
        EXPECT_TRUE(key.ok());
        std::vector<std::uint8_t> record(kHeaderSize + inner.size() + 16);
        write_header(record, ContentType::kApplicationData, kLegacyRecordVersion, inner.size() + 16);
        std::copy(inner.begin(), inner.end(), record.begin() + kHeaderSize);
        const auto iv = bytes(rfc8448::kClientApIv);  // sequence 0: the nonce is the IV
        const MutableBytes all(record);
        EXPECT_TRUE((*key)
                        ->seal(iv, all.first(kHeaderSize), all.subspan(kHeaderSize, inner.size()),
                               all.subspan(kHeaderSize + inner.size()))
                        .ok());
        return record;
    }

    std::shared_ptr<const crypto::Provider> m_provider = crypto::default_provider();
};

// RFC 8448 §3: {server} send handshake record — EncryptedExtensions..Finished, 657 bytes of content.
TEST_F(RecordProtectionTest, Rfc8448ServerHandshakeFlightOpensInPlace) {
    auto record = bytes(rfc8448::kServerHandshakeRecord);
    ASSERT_EQ(record.size(), 679U);
    auto opener = make(rfc8448::kServerHsKey, rfc8448::kServerHsIv);
    const RecordView view = view_of(record);
    const auto opened = opener.open(view);
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->type, ContentType::kHandshake);
    const auto expected = concat(
        {rfc8448::kEncryptedExtensions, rfc8448::kCertificate, rfc8448::kCertificateVerify, rfc8448::kServerFinished});
    EXPECT_EQ(std::vector<std::uint8_t>(opened->content.begin(), opened->content.end()), expected);
    // In place: the content is a view into the record the caller owns, right after the header.
    EXPECT_EQ(opened->content.data(), record.data() + kHeaderSize);
    EXPECT_EQ(opener.sequence(), 1U);
}

TEST_F(RecordProtectionTest, Rfc8448ServerHandshakeFlightSealsToTheSameBytes) {
    auto sealer = make(rfc8448::kServerHsKey, rfc8448::kServerHsIv);
    const auto content = concat(
        {rfc8448::kEncryptedExtensions, rfc8448::kCertificate, rfc8448::kCertificateVerify, rfc8448::kServerFinished});
    std::vector<std::uint8_t> out = {0xAA};  // seal appends; what was there stays
    ASSERT_TRUE(sealer.seal(ContentType::kHandshake, content, out).ok());
    ASSERT_EQ(out.size(), 680U);
    EXPECT_EQ(out[0], 0xAA);
    EXPECT_EQ(std::vector<std::uint8_t>(out.begin() + 1, out.end()), bytes(rfc8448::kServerHandshakeRecord));
    EXPECT_EQ(sealer.sealed_size(content.size()), 679U);
}

TEST_F(RecordProtectionTest, Rfc8448ClientFinishedRecord) {
    auto record = bytes(rfc8448::kClientFinishedRecord);
    auto opener = make(rfc8448::kClientHsKey, rfc8448::kClientHsIv);
    const auto opened = opener.open(view_of(record));
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->type, ContentType::kHandshake);
    EXPECT_EQ(std::vector<std::uint8_t>(opened->content.begin(), opened->content.end()),
              bytes(rfc8448::kClientFinished));

    auto sealer = make(rfc8448::kClientHsKey, rfc8448::kClientHsIv);
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(sealer.seal(ContentType::kHandshake, bytes(rfc8448::kClientFinished), out).ok());
    EXPECT_EQ(out, bytes(rfc8448::kClientFinishedRecord));
}

TEST_F(RecordProtectionTest, Rfc8448ApplicationDataBothDirections) {
    const auto payload = application_payload();
    struct Case {
        std::string_view key, iv, record;
        std::uint64_t sequence;
    };
    const Case cases[] = {
        {rfc8448::kClientApKey, rfc8448::kClientApIv, rfc8448::kClientApplicationRecord, 0},
        // The server's first record under its application key is the NewSessionTicket, so this one is sequence 1:
        // the nonce is IV XOR 1, which a broken XOR would get wrong.
        {rfc8448::kServerApKey, rfc8448::kServerApIv, rfc8448::kServerApplicationRecord, 1},
    };
    for (const auto& c : cases) {
        auto record = bytes(c.record);
        auto opener = make(c.key, c.iv);
        opener.set_sequence(c.sequence);
        const auto opened = opener.open(view_of(record));
        ASSERT_TRUE(opened.ok()) << opened.error().to_string();
        EXPECT_EQ(opened->type, ContentType::kApplicationData);
        EXPECT_EQ(std::vector<std::uint8_t>(opened->content.begin(), opened->content.end()), payload);
        EXPECT_EQ(opener.sequence(), c.sequence + 1);

        auto sealer = make(c.key, c.iv);
        sealer.set_sequence(c.sequence);
        std::vector<std::uint8_t> out;
        ASSERT_TRUE(sealer.seal(ContentType::kApplicationData, payload, out).ok());
        EXPECT_EQ(out, bytes(c.record));
    }
}

TEST_F(RecordProtectionTest, WrongSequenceOrWrongKeyFailsAuthentication) {
    for (const std::uint64_t wrong : {std::uint64_t{1}, std::uint64_t{256}, std::uint64_t{1} << 40}) {
        auto record = bytes(rfc8448::kClientApplicationRecord);
        auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
        opener.set_sequence(wrong);
        const auto opened = opener.open(view_of(record));
        ASSERT_FALSE(opened.ok());
        EXPECT_EQ(opened.status(), Status::kTlsAeadDecryptFail);
        EXPECT_EQ(opened.error().alert(), AlertDescription::kBadRecordMac);
    }
    auto record = bytes(rfc8448::kClientApplicationRecord);
    auto opener = make(rfc8448::kServerApKey, rfc8448::kServerApIv);
    EXPECT_EQ(opener.open(view_of(record)).status(), Status::kTlsAeadDecryptFail);
}

TEST_F(RecordProtectionTest, TamperedHeaderCiphertextOrTagFailsAuthentication) {
    const auto original = bytes(rfc8448::kClientApplicationRecord);
    // Byte 2 is the header (AAD: legacy version), 5 and 40 the ciphertext, the last the tag.
    for (const std::size_t at : {std::size_t{2}, std::size_t{5}, std::size_t{40}, original.size() - 1}) {
        auto record = original;
        record[at] ^= 0x01;
        RecordView view;
        view.type = ContentType::kApplicationData;
        view.header = MutableBytes(record).first(kHeaderSize);
        view.fragment = MutableBytes(record).subspan(kHeaderSize);
        auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
        const auto opened = opener.open(view);
        ASSERT_FALSE(opened.ok()) << "byte " << at;
        EXPECT_EQ(opened.status(), Status::kTlsAeadDecryptFail) << "byte " << at;
    }
}

TEST_F(RecordProtectionTest, FragmentShorterThanTagIsADecryptFailure) {
    std::vector<std::uint8_t> record = {0x17, 0x03, 0x03, 0x00, 0x0F};
    record.resize(kHeaderSize + 15);
    auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    EXPECT_EQ(opener.open(view_of(record)).status(), Status::kTlsAeadDecryptFail);
}

TEST_F(RecordProtectionTest, UnprotectedOuterTypeAfterProtectionIsUnexpected) {
    auto record = bytes(rfc8448::kClientApplicationRecord);
    record[0] = static_cast<std::uint8_t>(ContentType::kHandshake);
    auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    EXPECT_EQ(opener.open(view_of(record)).status(), Status::kTlsUnexpectedMessage);
}

TEST_F(RecordProtectionTest, PaddingIsStrippedAndTheRealTypeFound) {
    // Handshake content 01 02 03, type 22, then 20 zero bytes of padding.
    std::vector<std::uint8_t> inner = {0x01, 0x02, 0x03, 22};
    inner.resize(inner.size() + 20, 0);
    auto record = raw_record(inner);
    auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    const auto opened = opener.open(view_of(record));
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->type, ContentType::kHandshake);
    EXPECT_EQ(std::vector<std::uint8_t>(opened->content.begin(), opened->content.end()),
              (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST_F(RecordProtectionTest, AllZeroInnerPlaintextIsUnexpectedMessage) {
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{33}}) {
        auto record = raw_record(std::vector<std::uint8_t>(size, 0));
        auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
        const auto opened = opener.open(view_of(record));
        ASSERT_FALSE(opened.ok());
        EXPECT_EQ(opened.status(), Status::kTlsUnexpectedMessage) << size;
        EXPECT_EQ(opened.error().alert(), AlertDescription::kUnexpectedMessage);
    }
}

TEST_F(RecordProtectionTest, InnerContentTypeRules) {
    struct Case {
        std::vector<std::uint8_t> inner;
        Status status;
    };
    const Case cases[] = {
        {{0x01, 0x55}, Status::kTlsUnrecognizedMessageType},  // unknown inner type
        {{0x01, 20}, Status::kTlsBadCipherspec},              // protected change_cipher_spec
        {{22}, Status::kTlsUnexpectedMessage},                // zero-length handshake
        {{22, 0, 0, 0}, Status::kTlsUnexpectedMessage},       // ... even with padding
        {{21}, Status::kTlsUnexpectedMessage},                // zero-length alert
        {{23}, Status::kTlsSuccess},                          // zero-length application data is allowed
        {{23, 0, 0}, Status::kTlsSuccess},
    };
    for (const auto& c : cases) {
        auto record = raw_record(c.inner);
        auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
        const auto opened = opener.open(view_of(record));
        EXPECT_EQ(opened.status(), c.status) << "inner type " << int{c.inner.front()};
        if (opened.ok()) {
            EXPECT_TRUE(opened->content.empty());
            EXPECT_EQ(opened->type, ContentType::kApplicationData);
        }
    }
}

TEST_F(RecordProtectionTest, InnerPlaintextOverTheProtocolLimitIsRecordOverflow) {
    // 2^14 + 1 bytes of inner plaintext is the most TLS allows (RFC 8446 §5.4); one more is refused before the
    // AEAD is even run.
    std::vector<std::uint8_t> at_limit(kMaxInnerPlaintext, 0x41);
    at_limit.back() = 23;
    auto record = raw_record(at_limit);
    auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    const auto opened = opener.open(view_of(record));
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->content.size(), kMaxPlaintext);

    std::vector<std::uint8_t> over(kHeaderSize + kMaxInnerPlaintext + 1 + 16, 0);
    write_header(over, ContentType::kApplicationData, kLegacyRecordVersion, over.size() - kHeaderSize);
    auto opener2 = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    const auto rejected = opener2.open(view_of(over));
    EXPECT_EQ(rejected.status(), Status::kTlsRecordOverflow);
    EXPECT_EQ(rejected.error().alert(), AlertDescription::kRecordOverflow);
    EXPECT_EQ(opener2.sequence(), 0U);
}

TEST_F(RecordProtectionTest, ReceivedRecordSizeLimitIsEnforced) {
    // RFC 8449: we advertised 100; an inner plaintext of 100 bytes is fine, 101 is record_overflow.
    std::vector<std::uint8_t> inner(100, 0x41);
    inner.back() = 23;
    auto record = raw_record(inner);
    auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    ASSERT_TRUE(opener.set_record_size_limit(100).ok());
    EXPECT_TRUE(opener.open(view_of(record)).ok());

    inner.push_back(0);
    auto too_big = raw_record(inner);
    auto opener2 = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    ASSERT_TRUE(opener2.set_record_size_limit(100).ok());
    EXPECT_EQ(opener2.open(view_of(too_big)).status(), Status::kTlsRecordOverflow);
}

TEST_F(RecordProtectionTest, SendingHonoursThePeersRecordSizeLimit) {
    auto sealer = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    EXPECT_EQ(sealer.max_content(), kMaxPlaintext);
    ASSERT_TRUE(sealer.set_record_size_limit(64).ok());
    EXPECT_EQ(sealer.max_content(), 63U);
    std::vector<std::uint8_t> out;
    EXPECT_TRUE(sealer.seal(ContentType::kApplicationData, std::vector<std::uint8_t>(63, 1), out).ok());
    const std::size_t size = out.size();
    EXPECT_EQ(size, kHeaderSize + 64 + 16);
    EXPECT_EQ(sealer.seal(ContentType::kApplicationData, std::vector<std::uint8_t>(64, 1), out).status(),
              Status::kTlsInvalidState);
    EXPECT_EQ(out.size(), size);
    EXPECT_EQ(sealer.set_record_size_limit(1).status(), Status::kTlsInvalidState);
    // Larger than TLS's own limit means no extra limit.
    ASSERT_TRUE(sealer.set_record_size_limit(65535).ok());
    EXPECT_EQ(sealer.max_content(), kMaxPlaintext);
}

TEST_F(RecordProtectionTest, PaddingPolicyPadsToAMultipleAndRoundTrips) {
    auto sealer = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    sealer.set_padding(PaddingPolicy::multiple_of(32));
    EXPECT_EQ(sealer.sealed_size(10), kHeaderSize + 32 + 16);
    EXPECT_EQ(sealer.sealed_size(31), kHeaderSize + 32 + 16);
    EXPECT_EQ(sealer.sealed_size(32), kHeaderSize + 64 + 16);
    // Never past the largest inner plaintext: 2^14 bytes of content leave no room for padding.
    EXPECT_EQ(sealer.sealed_size(kMaxPlaintext), kHeaderSize + kMaxInnerPlaintext + 16);
    ASSERT_TRUE(sealer.set_record_size_limit(40).ok());
    EXPECT_EQ(sealer.sealed_size(35), kHeaderSize + 40 + 16);

    auto roundtrip = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    roundtrip.set_padding(PaddingPolicy::multiple_of(256));
    const std::vector<std::uint8_t> content = {'p', 'a', 'd'};
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(roundtrip.seal(ContentType::kHandshake, content, out).ok());
    EXPECT_EQ(out.size(), kHeaderSize + 256 + 16);
    auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    const auto opened = opener.open(view_of(out));
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened->type, ContentType::kHandshake);
    EXPECT_EQ(std::vector<std::uint8_t>(opened->content.begin(), opened->content.end()), content);
}

TEST_F(RecordProtectionTest, SequenceNumberNeverWraps) {
    constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
    auto sealer = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    sealer.set_sequence(kMax - 1);
    opener.set_sequence(kMax - 1);
    std::vector<std::uint8_t> out;
    // The last usable sequence number works in both directions (and the nonce uses all 64 bits) ...
    ASSERT_TRUE(sealer.seal(ContentType::kApplicationData, std::vector<std::uint8_t>{1, 2}, out).ok());
    const auto opened = opener.open(view_of(out));
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->content.size(), 2U);
    // ... and then the key is spent: no record may reuse sequence 0.
    EXPECT_EQ(sealer.sequence(), kMax);
    std::vector<std::uint8_t> more;
    const auto refused = sealer.seal(ContentType::kApplicationData, std::vector<std::uint8_t>{1}, more);
    EXPECT_EQ(refused.status(), Status::kTlsInvalidState);
    EXPECT_TRUE(more.empty());
    auto record = bytes(rfc8448::kClientApplicationRecord);
    EXPECT_EQ(opener.open(view_of(record)).status(), Status::kTlsInvalidState);
}

TEST_F(RecordProtectionTest, KeyUpdateIsDueAfterTheAesGcmRecordLimit) {
    auto sealer = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    EXPECT_FALSE(sealer.needs_key_update());
    sealer.set_sequence(23726565);
    EXPECT_FALSE(sealer.needs_key_update());
    sealer.set_sequence(23726566);
    EXPECT_TRUE(sealer.needs_key_update());
}

TEST_F(RecordProtectionTest, BadKeyOrIvLengthIsRefused) {
    EXPECT_FALSE(
        RecordProtection::create(*m_provider, AeadAlgorithm::kAes128Gcm, bytes("00112233"), bytes(rfc8448::kClientApIv))
            .ok());
    EXPECT_FALSE(
        RecordProtection::create(*m_provider, AeadAlgorithm::kAes128Gcm, bytes(rfc8448::kClientApKey), bytes("0011"))
            .ok());
}

TEST_F(RecordProtectionTest, EveryAeadRoundTrips) {
    for (const auto aead : {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm, AeadAlgorithm::kChaCha20Poly1305,
                            AeadAlgorithm::kAes128Ccm, AeadAlgorithm::kAes128Ccm8}) {
        if (!m_provider->supports(aead)) {
            continue;
        }
        const std::vector<std::uint8_t> key(crypto::aead_key_length(aead), 0x42);
        const std::vector<std::uint8_t> iv(crypto::kAeadNonceLength, 0x24);
        auto sealer = RecordProtection::create(*m_provider, aead, key, iv);
        auto opener = RecordProtection::create(*m_provider, aead, key, iv);
        ASSERT_TRUE(sealer.ok() && opener.ok()) << crypto::aead_name(aead);
        std::vector<std::uint8_t> out;
        const std::vector<std::uint8_t> content(1000, 0x5A);
        for (int i = 0; i < 3; ++i) {
            ASSERT_TRUE(sealer->seal(ContentType::kApplicationData, content, out).ok());
        }
        EXPECT_EQ(out.size(), 3 * (kHeaderSize + content.size() + 1 + crypto::aead_tag_length(aead)));
        MutableBytes rest(out);
        RecordReader reader;
        reader.set_protected(true);
        for (int i = 0; i < 3; ++i) {
            auto framed = reader.frame(rest);
            ASSERT_TRUE(framed.ok());
            const auto view = std::get<RecordView>(*framed);
            const auto opened = opener->open(view);
            ASSERT_TRUE(opened.ok()) << crypto::aead_name(aead) << ": " << opened.error().to_string();
            EXPECT_EQ(opened->content.size(), content.size());
            rest = rest.subspan(view.wire_size());
        }
    }
}

}  // namespace
}  // namespace nxs::record
