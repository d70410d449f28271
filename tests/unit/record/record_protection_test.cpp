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
        // One direction each, as a connection makes its write and read keys.
        auto sealer = RecordProtection::create(*m_provider, aead, key, iv, crypto::AeadUse::kSealOnly);
        auto opener = RecordProtection::create(*m_provider, aead, key, iv, crypto::AeadUse::kOpenOnly);
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

// A connection's read key cannot seal and its write key cannot open.
TEST_F(RecordProtectionTest, OneDirectionKeysRefuseTheOtherDirection) {
    const auto key = bytes(rfc8448::kClientApKey);
    const auto iv = bytes(rfc8448::kClientApIv);
    auto write_key =
        RecordProtection::create(*m_provider, AeadAlgorithm::kAes128Gcm, key, iv, crypto::AeadUse::kSealOnly);
    auto read_key =
        RecordProtection::create(*m_provider, AeadAlgorithm::kAes128Gcm, key, iv, crypto::AeadUse::kOpenOnly);
    ASSERT_TRUE(write_key.ok() && read_key.ok());
    std::vector<std::uint8_t> record;
    ASSERT_TRUE(write_key->seal(ContentType::kApplicationData, std::vector<std::uint8_t>(40, 0x61), record).ok());
    std::vector<std::uint8_t> refused;
    EXPECT_EQ(read_key->seal(ContentType::kApplicationData, std::vector<std::uint8_t>(40, 0x61), refused).status(),
              Status::kTlsInvalidState);
    std::vector<std::uint8_t> destination(record.size() - kHeaderSize);
    const Bytes wire(record);
    EXPECT_EQ(
        write_key
            ->open_into(ContentType::kApplicationData, wire.first(kHeaderSize), wire.subspan(kHeaderSize), destination)
            .status(),
        Status::kTlsInvalidState);
}

constexpr AeadAlgorithm kEveryAead[] = {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm,
                                        AeadAlgorithm::kChaCha20Poly1305, AeadAlgorithm::kAes128Ccm,
                                        AeadAlgorithm::kAes128Ccm8};

std::vector<std::uint8_t> counting(std::size_t size, std::uint8_t first) {
    std::vector<std::uint8_t> out(size);
    for (std::size_t i = 0; i < size; ++i) {
        out[i] = static_cast<std::uint8_t>(first + i * 7);
    }
    return out;
}

// Implements only the in-place calls, so seal_from() and open_into() are AeadKey's default implementations.
class InPlaceOnlyKey final : public crypto::AeadKey {
public:
    explicit InPlaceOnlyKey(std::unique_ptr<crypto::AeadKey> key) : m_key(std::move(key)) {}
    AeadAlgorithm algorithm() const noexcept override { return m_key->algorithm(); }
    Result<void> seal(crypto::Bytes nonce, crypto::Bytes aad, crypto::MutableBytes in_out,
                      crypto::MutableBytes tag) override {
        return m_key->seal(nonce, aad, in_out, tag);
    }
    Result<void> open(crypto::Bytes nonce, crypto::Bytes aad, crypto::MutableBytes in_out, crypto::Bytes tag) override {
        return m_key->open(nonce, aad, in_out, tag);
    }

private:
    std::unique_ptr<crypto::AeadKey> m_key;
};

// A key of `aead` (key bytes 0x42): the provider's own, or wrapped in InPlaceOnlyKey so that AeadKey's default
// out-of-place calls run. Null (and a test failure) if the provider refuses.
std::unique_ptr<crypto::AeadKey> test_key(const crypto::Provider& provider, AeadAlgorithm aead,
                                          bool default_implementation) {
    const std::vector<std::uint8_t> key_bytes(crypto::aead_key_length(aead), 0x42);
    auto made = provider.new_aead(aead, key_bytes);
    EXPECT_TRUE(made.ok());
    if (!made.ok()) {
        return nullptr;
    }
    std::unique_ptr<crypto::AeadKey> key = std::move(made).value();
    if (default_implementation) {
        key = std::make_unique<InPlaceOnlyKey>(std::move(key));
    }
    return key;
}

// seal_from() with a head read from elsewhere and a tail already in place gives the ciphertext and tag of seal() on
// the whole payload; open_into() decrypts into another buffer what open() decrypts in place. Every AEAD (CCM takes
// its payload in one call, the others stream), payload sizes around the 16-byte block, heads of every length, and
// the provider's own implementation as well as AeadKey's default one.
TEST_F(RecordProtectionTest, AeadOutOfPlaceMatchesInPlace) {
    const std::vector<std::uint8_t> nonce(crypto::kAeadNonceLength, 0x31);
    const std::vector<std::uint8_t> aad = {0x17, 0x03, 0x03, 0x00, 0x40};
    for (const auto aead : kEveryAead) {
        if (!m_provider->supports(aead)) {
            continue;
        }
        const std::size_t tag_length = crypto::aead_tag_length(aead);
        for (const bool default_implementation : {false, true}) {
            const auto key = test_key(*m_provider, aead, default_implementation);
            ASSERT_NE(key, nullptr);
            for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{15}, std::size_t{16},
                                           std::size_t{17}, std::size_t{100}}) {
                const auto plaintext = counting(size, 3);
                std::vector<std::uint8_t> expected = plaintext;
                std::vector<std::uint8_t> expected_tag(tag_length);
                ASSERT_TRUE(key->seal(nonce, aad, expected, expected_tag).ok());
                for (std::size_t head = 0; head <= size; head += (size > 20 ? 13 : 1)) {
                    SCOPED_TRACE(std::string(crypto::aead_name(aead)) + " size " + std::to_string(size) + " head " +
                                 std::to_string(head) + (default_implementation ? " (default)" : ""));
                    std::vector<std::uint8_t> out(size, 0xEE);
                    std::copy(plaintext.begin() + static_cast<std::ptrdiff_t>(head), plaintext.end(),
                              out.begin() + static_cast<std::ptrdiff_t>(head));
                    std::vector<std::uint8_t> tag(tag_length);
                    ASSERT_TRUE(key->seal_from(nonce, aad, crypto::Bytes(plaintext).first(head), out, tag).ok());
                    EXPECT_EQ(out, expected);
                    EXPECT_EQ(tag, expected_tag);
                }
                std::vector<std::uint8_t> opened(size, 0xEE);
                ASSERT_TRUE(key->open_into(nonce, aad, expected, opened, expected_tag).ok());
                EXPECT_EQ(opened, plaintext);
                // The ciphertext was read, not written.
                std::vector<std::uint8_t> in_place = expected;
                ASSERT_TRUE(key->open(nonce, aad, in_place, expected_tag).ok());
                EXPECT_EQ(in_place, plaintext);
            }
        }
    }
}

TEST_F(RecordProtectionTest, AeadOutOfPlaceRefusals) {
    const std::vector<std::uint8_t> nonce(crypto::kAeadNonceLength, 0x31);
    const std::vector<std::uint8_t> aad = {0x17, 0x03, 0x03, 0x00, 0x40};
    for (const auto aead : kEveryAead) {
        if (!m_provider->supports(aead)) {
            continue;
        }
        for (const bool default_implementation : {false, true}) {
            SCOPED_TRACE(std::string(crypto::aead_name(aead)) + (default_implementation ? " (default)" : ""));
            const auto key = test_key(*m_provider, aead, default_implementation);
            ASSERT_NE(key, nullptr);
            const auto plaintext = counting(40, 9);
            std::vector<std::uint8_t> ciphertext(40);
            std::vector<std::uint8_t> tag(crypto::aead_tag_length(aead));
            ASSERT_TRUE(key->seal_from(nonce, aad, plaintext, ciphertext, tag).ok());
            // A head longer than the output.
            std::vector<std::uint8_t> short_out(39);
            EXPECT_EQ(key->seal_from(nonce, aad, plaintext, short_out, tag).status(), Status::kTlsInvalidState);
            // A wrong tag, a changed ciphertext, other AAD: bad_record_mac material.
            std::vector<std::uint8_t> opened(40);
            auto bad_tag = tag;
            bad_tag[0] ^= 0x80;
            EXPECT_EQ(key->open_into(nonce, aad, ciphertext, opened, bad_tag).status(), Status::kTlsAeadDecryptFail);
            auto bad_ciphertext = ciphertext;
            bad_ciphertext[39] ^= 0x01;
            EXPECT_EQ(key->open_into(nonce, aad, bad_ciphertext, opened, tag).status(), Status::kTlsAeadDecryptFail);
            EXPECT_EQ(key->open_into(nonce, std::vector<std::uint8_t>{0x17}, ciphertext, opened, tag).status(),
                      Status::kTlsAeadDecryptFail);
            // An output of another size than the ciphertext.
            std::vector<std::uint8_t> wrong_size(41);
            EXPECT_EQ(key->open_into(nonce, aad, ciphertext, wrong_size, tag).status(), Status::kTlsAeadDecryptFail);
            // And the untouched inputs still open.
            ASSERT_TRUE(key->open_into(nonce, aad, ciphertext, opened, tag).ok());
            EXPECT_EQ(opened, plaintext);
        }
    }
}

// RecordProtection::open_into() decrypts a read-only record elsewhere with open()'s result, and seal() (from the
// caller's content) makes the same bytes as seal_in_place().
TEST_F(RecordProtectionTest, OpenIntoAndSealIntoMatchTheInPlaceCalls) {
    for (const auto aead : kEveryAead) {
        if (!m_provider->supports(aead)) {
            continue;
        }
        SCOPED_TRACE(crypto::aead_name(aead));
        const std::vector<std::uint8_t> key(crypto::aead_key_length(aead), 0x42);
        const std::vector<std::uint8_t> iv(crypto::kAeadNonceLength, 0x24);
        auto from_caller = RecordProtection::create(*m_provider, aead, key, iv);
        auto in_place = RecordProtection::create(*m_provider, aead, key, iv);
        auto opener = RecordProtection::create(*m_provider, aead, key, iv);
        auto in_place_opener = RecordProtection::create(*m_provider, aead, key, iv);
        ASSERT_TRUE(from_caller.ok() && in_place.ok() && opener.ok() && in_place_opener.ok());
        from_caller->set_padding(PaddingPolicy::multiple_of(64));
        in_place->set_padding(PaddingPolicy::multiple_of(64));
        for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{1000}}) {
            const auto content = counting(size, 1);
            ByteBuffer sealed;
            ASSERT_TRUE(from_caller->seal(ContentType::kApplicationData, content, sealed).ok());
            std::vector<std::uint8_t> expected(in_place->sealed_size(size));
            std::copy(content.begin(), content.end(), expected.begin() + kHeaderSize);
            ASSERT_TRUE(in_place->seal_in_place(ContentType::kApplicationData, expected, size).ok());
            ASSERT_EQ(std::vector<std::uint8_t>(sealed.begin(), sealed.end()), expected);

            const std::vector<std::uint8_t> received = expected;  // stays as it is
            const Bytes wire(received);
            std::vector<std::uint8_t> destination(wire.size() - kHeaderSize, 0xEE);
            const auto opened = opener->open_into(ContentType::kApplicationData, wire.first(kHeaderSize),
                                                  wire.subspan(kHeaderSize), destination);
            ASSERT_TRUE(opened.ok()) << opened.error().to_string();
            EXPECT_EQ(opened->type, ContentType::kApplicationData);
            EXPECT_EQ(opened->content.data(), destination.data());
            EXPECT_EQ(std::vector<std::uint8_t>(opened->content.begin(), opened->content.end()), content);
            EXPECT_EQ(received, expected);
            const auto also = in_place_opener->open(view_of(expected));
            ASSERT_TRUE(also.ok());
            EXPECT_EQ(also->content.size(), size);
        }
    }
}

// A record that does not authenticate leaves nothing in the destination, gets open()'s error, and open_into() makes
// open()'s other checks too.
TEST_F(RecordProtectionTest, OpenIntoRefusals) {
    auto sealer = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
    std::vector<std::uint8_t> record;
    ASSERT_TRUE(sealer.seal(ContentType::kApplicationData, counting(300, 5), record).ok());
    const Bytes wire(record);
    {
        auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
        auto forged = record;
        ASSERT_GT(forged.size(), kHeaderSize + 10);
        forged[kHeaderSize + 10] ^= 0x04;
        std::vector<std::uint8_t> destination(forged.size() - kHeaderSize, 0xEE);
        const Bytes forged_wire(forged);
        EXPECT_EQ(opener
                      .open_into(ContentType::kApplicationData, forged_wire.first(kHeaderSize),
                                 forged_wire.subspan(kHeaderSize), destination)
                      .status(),
                  Status::kTlsAeadDecryptFail);
        EXPECT_EQ(destination, std::vector<std::uint8_t>(destination.size(), 0));
    }
    {
        auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
        std::vector<std::uint8_t> destination(wire.size() - kHeaderSize - 1);
        EXPECT_EQ(opener
                      .open_into(ContentType::kApplicationData, wire.first(kHeaderSize), wire.subspan(kHeaderSize),
                                 destination)
                      .status(),
                  Status::kTlsInvalidState);
        EXPECT_EQ(opener.sequence(), 0U);  // nothing was consumed
    }
    {
        auto opener = make(rfc8448::kClientApKey, rfc8448::kClientApIv);
        std::vector<std::uint8_t> destination(wire.size());
        EXPECT_EQ(
            opener.open_into(ContentType::kHandshake, wire.first(kHeaderSize), wire.subspan(kHeaderSize), destination)
                .status(),
            Status::kTlsUnexpectedMessage);
        EXPECT_EQ(opener
                      .open_into(ContentType::kApplicationData, wire.first(kHeaderSize), wire.subspan(kHeaderSize, 15),
                                 destination)
                      .status(),
                  Status::kTlsAeadDecryptFail);
        // A record over the limit we advertised is record_overflow before any decryption.
        ASSERT_TRUE(opener.set_record_size_limit(100).ok());
        EXPECT_EQ(opener
                      .open_into(ContentType::kApplicationData, wire.first(kHeaderSize), wire.subspan(kHeaderSize),
                                 destination)
                      .status(),
                  Status::kTlsRecordOverflow);
    }
}

}  // namespace
}  // namespace nxs::record
