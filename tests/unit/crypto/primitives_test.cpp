// Hashes, HMAC, HKDF, the TLS 1.2 PRF, AEAD and CBC: round trips and negative cases.
#include <gtest/gtest.h>

#include "test_support.h"

namespace nxs::crypto::test {
namespace {

constexpr HashAlgorithm kHashes[] = {HashAlgorithm::kSha1, HashAlgorithm::kSha256, HashAlgorithm::kSha384,
                                     HashAlgorithm::kSha512};
constexpr AeadAlgorithm kAeads[] = {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm,
                                    AeadAlgorithm::kChaCha20Poly1305, AeadAlgorithm::kAes128Ccm,
                                    AeadAlgorithm::kAes128Ccm8};

std::vector<std::uint8_t> one_shot_hash(HashAlgorithm hash, Bytes data) {
    std::vector<std::uint8_t> out(hash_length(hash));
    EXPECT_TRUE(default_provider()->hash(hash, data, out).ok());
    return out;
}

TEST(Hash, KnownAnswerAbc) {
    // FIPS 180-4 example "abc".
    EXPECT_EQ(one_shot_hash(HashAlgorithm::kSha256, as_bytes("abc")),
              hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    EXPECT_EQ(one_shot_hash(HashAlgorithm::kSha1, as_bytes("abc")), hex("a9993e364706816aba3e25717850c26c9cd0d89d"));
}

TEST(Hash, CloneMidStreamEqualsSeparateHash) {
    for (const auto hash : kHashes) {
        SCOPED_TRACE(std::string(hash_name(hash)));
        auto ctx = default_provider()->new_hash(hash);
        ASSERT_TRUE(ctx.ok());
        EXPECT_EQ((*ctx)->algorithm(), hash);
        ASSERT_TRUE((*ctx)->update(as_bytes("client hello|")).ok());
        auto snapshot = (*ctx)->clone();
        ASSERT_TRUE(snapshot.ok());
        ASSERT_TRUE((*ctx)->update(as_bytes("server hello")).ok());

        std::vector<std::uint8_t> mid(hash_length(hash));
        ASSERT_TRUE((*snapshot)->finish(mid).ok());
        EXPECT_EQ(mid, one_shot_hash(hash, as_bytes("client hello|")));
        std::vector<std::uint8_t> full(hash_length(hash));
        ASSERT_TRUE((*ctx)->finish(full).ok());
        EXPECT_EQ(full, one_shot_hash(hash, as_bytes("client hello|server hello")));
        // finish() resets: the next message starts from scratch.
        ASSERT_TRUE((*ctx)->update(as_bytes("abc")).ok());
        ASSERT_TRUE((*ctx)->finish(full).ok());
        EXPECT_EQ(full, one_shot_hash(hash, as_bytes("abc")));
    }
}

TEST(Hash, ShortOutputIsRejected) {
    std::vector<std::uint8_t> out(31);
    EXPECT_EQ(default_provider()->hash(HashAlgorithm::kSha256, as_bytes("x"), out).status(),
              Status::kTlsInsufficientMetadataSpace);
}

TEST(Hmac, IncrementalEqualsOneShotAndResets) {
    const auto key = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    // RFC 4231 test case 1.
    const auto expected = hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    std::vector<std::uint8_t> out(32);
    ASSERT_TRUE(default_provider()->hmac(HashAlgorithm::kSha256, key, as_bytes("Hi There"), out).ok());
    EXPECT_EQ(out, expected);
    auto ctx = default_provider()->new_hmac(HashAlgorithm::kSha256, key);
    ASSERT_TRUE(ctx.ok());
    for (int round = 0; round < 2; ++round) {
        ASSERT_TRUE((*ctx)->update(as_bytes("Hi ")).ok());
        ASSERT_TRUE((*ctx)->update(as_bytes("There")).ok());
        std::fill(out.begin(), out.end(), 0);
        ASSERT_TRUE((*ctx)->finish(out).ok());
        EXPECT_EQ(out, expected) << "round " << round;
    }
    EXPECT_TRUE(default_provider()->hmac(HashAlgorithm::kSha256, {}, {}, out).ok());  // empty key is valid HMAC
}

TEST(Hkdf, ExpandLengthLimit) {
    const std::vector<std::uint8_t> prk(32, 7);
    EXPECT_TRUE(default_provider()->hkdf_expand(HashAlgorithm::kSha256, prk, {}, std::size_t{255} * 32).ok());
    EXPECT_EQ(default_provider()->hkdf_expand(HashAlgorithm::kSha256, prk, {}, std::size_t{255} * 32 + 1).status(),
              Status::kTlsCryptoKeysTooLarge);
    const auto prepared = default_provider()->new_hkdf_prk(HashAlgorithm::kSha256, prk);
    ASSERT_TRUE(prepared.ok()) << prepared.error().to_string();
    EXPECT_EQ((*prepared)->hash(), HashAlgorithm::kSha256);
    EXPECT_TRUE((*prepared)->expand({}, std::size_t{255} * 32).ok());
    EXPECT_EQ((*prepared)->expand({}, std::size_t{255} * 32 + 1).status(), Status::kTlsCryptoKeysTooLarge);
    EXPECT_EQ((*prepared)->expand({}, 0)->size(), 0U);
}

// HMAC through the provider's EVP_MAC context (new_hmac); the one-shot hmac() hashes the pads itself, as HKDF does.
void evp_mac_hmac(HashAlgorithm hash, Bytes key, Bytes data, std::vector<std::uint8_t>& out) {
    auto context = default_provider()->new_hmac(hash, key);
    ASSERT_TRUE(context.ok());
    ASSERT_TRUE((*context)->update(data).ok());
    ASSERT_TRUE((*context)->finish(out).ok());
}

// RFC 5869 written out on the provider's EVP_MAC HMAC, to cross-check HKDF (which hashes the HMAC pads itself):
// keys longer than a block (hashed first), empty and long info, outputs of several blocks, SHA-256 and SHA-384.
TEST(Hkdf, MatchesHmacWrittenOut) {
    const auto& provider = *default_provider();
    for (const HashAlgorithm hash : {HashAlgorithm::kSha256, HashAlgorithm::kSha384}) {
        const std::size_t hash_len = hash_length(hash);
        for (const std::size_t salt_size : {std::size_t{0}, std::size_t{20}, std::size_t{64}, std::size_t{200}}) {
            const std::vector<std::uint8_t> salt(salt_size, 0xa5);
            const std::vector<std::uint8_t> ikm(77, 0x0b);
            std::vector<std::uint8_t> expected_prk(hash_len);
            evp_mac_hmac(hash, salt, ikm, expected_prk);
            const auto prk = provider.hkdf_extract(hash, salt, ikm);
            ASSERT_TRUE(prk.ok()) << prk.error().to_string();
            EXPECT_EQ(std::vector<std::uint8_t>(prk->span().begin(), prk->span().end()), expected_prk) << salt_size;

            // A PRK longer than the block is allowed too (RFC 5869 only asks for at least HashLen).
            const std::vector<std::uint8_t> long_prk(salt_size + hash_len, 0x3c);
            const std::vector<std::uint8_t> info(salt_size / 2, 0x77);
            const std::size_t length = 3 * hash_len - 5;
            std::vector<std::uint8_t> expected;
            std::vector<std::uint8_t> t;
            for (std::uint8_t i = 1; expected.size() < length; ++i) {
                std::vector<std::uint8_t> input = t;  // T(i) = HMAC(PRK, T(i-1) | info | i)
                input.insert(input.end(), info.begin(), info.end());
                input.push_back(i);
                t.assign(hash_len, 0);
                evp_mac_hmac(hash, long_prk, input, t);
                expected.insert(expected.end(), t.begin(), t.end());
            }
            expected.resize(length);
            const auto okm = provider.hkdf_expand(hash, long_prk, info, length);
            ASSERT_TRUE(okm.ok()) << okm.error().to_string();
            EXPECT_EQ(std::vector<std::uint8_t>(okm->span().begin(), okm->span().end()), expected) << salt_size;
            EXPECT_EQ(provider.hkdf_expand(hash, long_prk, info, 0)->size(), 0U);

            // Keyed once, then expanded with different info in between: each expansion starts from the keyed state.
            const auto prepared = provider.new_hkdf_prk(hash, long_prk);
            ASSERT_TRUE(prepared.ok()) << prepared.error().to_string();
            for (int round = 0; round < 2; ++round) {
                const auto again = (*prepared)->expand(info, length);
                ASSERT_TRUE(again.ok()) << again.error().to_string();
                EXPECT_EQ(std::vector<std::uint8_t>(again->span().begin(), again->span().end()), expected) << salt_size;
                ASSERT_TRUE((*prepared)->expand(ikm, hash_len).ok());
            }
        }
    }
}

// RFC 5246 §5 written out on the provider's HMAC, to cross-check the EVP_KDF "TLS1-PRF" path.
std::vector<std::uint8_t> p_hash(HashAlgorithm hash, Bytes secret, Bytes seed, std::size_t length) {
    const auto& provider = *default_provider();
    std::vector<std::uint8_t> out;
    std::vector<std::uint8_t> a(seed.begin(), seed.end());
    std::vector<std::uint8_t> block(hash_length(hash));
    while (out.size() < length) {
        EXPECT_TRUE(provider.hmac(hash, secret, a, block).ok());
        a = block;  // A(i) = HMAC(secret, A(i-1))
        std::vector<std::uint8_t> input = a;
        input.insert(input.end(), seed.begin(), seed.end());
        EXPECT_TRUE(provider.hmac(hash, secret, input, block).ok());
        out.insert(out.end(), block.begin(), block.end());
    }
    out.resize(length);
    return out;
}

TEST(Tls12Prf, MatchesPHashDefinition) {
    const auto secret = hex("9bbe436ba940f017b17652849a71db35");
    const auto seed = hex("a0ba9f936cda311827a6f796ffd5198c");
    for (const auto hash : {HashAlgorithm::kSha256, HashAlgorithm::kSha384}) {
        auto prf = default_provider()->tls12_prf(hash, secret, "test label", seed, 100);
        ASSERT_TRUE(prf.ok()) << prf.error().to_string();
        std::vector<std::uint8_t> label_seed(10);
        std::copy_n(as_bytes("test label").begin(), 10, label_seed.begin());
        label_seed.insert(label_seed.end(), seed.begin(), seed.end());
        EXPECT_EQ(to_vector(*prf), p_hash(hash, secret, label_seed, 100));
    }
}

class Aead : public ::testing::TestWithParam<AeadAlgorithm> {
protected:
    void SetUp() override {
        m_key.assign(aead_key_length(GetParam()), 0x42);
        auto key = default_provider()->new_aead(GetParam(), m_key);
        ASSERT_TRUE(key.ok()) << key.error().to_string();
        m_aead = std::move(*key);
        m_tag.resize(aead_tag_length(GetParam()));
        m_data = m_plain;
        ASSERT_TRUE(m_aead->seal(m_nonce, m_aad, m_data, m_tag).ok());
        ASSERT_NE(m_data, m_plain);
    }

    std::vector<std::uint8_t> m_key;
    std::unique_ptr<AeadKey> m_aead;
    const std::vector<std::uint8_t> m_nonce = hex("000102030405060708090a0b");
    const std::vector<std::uint8_t> m_aad = hex("170303002a");
    const std::vector<std::uint8_t> m_plain = std::vector<std::uint8_t>(37, 0x61);
    std::vector<std::uint8_t> m_data;  // the sealed record
    std::vector<std::uint8_t> m_tag;
};

TEST_P(Aead, RoundTripInPlace) {
    EXPECT_EQ(m_aead->algorithm(), GetParam());
    ASSERT_TRUE(m_aead->open(m_nonce, m_aad, m_data, m_tag).ok());
    EXPECT_EQ(m_data, m_plain);
    // The same key keeps working for further records, in both directions.
    for (std::size_t size : {0u, 1u, 16u, 1000u}) {
        std::vector<std::uint8_t> data(size, 0x5a);
        std::vector<std::uint8_t> tag(m_tag.size());
        ASSERT_TRUE(m_aead->seal(m_nonce, {}, data, tag).ok());
        ASSERT_TRUE(m_aead->open(m_nonce, {}, data, tag).ok()) << size;
        EXPECT_EQ(data, std::vector<std::uint8_t>(size, 0x5a));
    }
}

TEST_P(Aead, TamperedTagCiphertextAadOrNonceFails) {
    auto tag = m_tag;
    tag[0] ^= 1;
    auto data = m_data;
    EXPECT_EQ(m_aead->open(m_nonce, m_aad, data, tag).status(), Status::kTlsAeadDecryptFail);
    data = m_data;
    data[5] ^= 0x80;
    EXPECT_EQ(m_aead->open(m_nonce, m_aad, data, m_tag).status(), Status::kTlsAeadDecryptFail);
    data = m_data;
    auto aad = m_aad;
    aad[4] ^= 1;
    EXPECT_EQ(m_aead->open(m_nonce, aad, data, m_tag).status(), Status::kTlsAeadDecryptFail);
    data = m_data;
    auto nonce = m_nonce;
    nonce[11] ^= 1;
    EXPECT_EQ(m_aead->open(nonce, m_aad, data, m_tag).status(), Status::kTlsAeadDecryptFail);
    // And a good record still opens after the failures.
    data = m_data;
    EXPECT_TRUE(m_aead->open(m_nonce, m_aad, data, m_tag).ok());
}

TEST_P(Aead, TruncatedInputsFail) {
    auto data = m_data;
    EXPECT_EQ(m_aead->open(m_nonce, m_aad, data, Bytes(m_tag).first(m_tag.size() - 1)).status(),
              Status::kTlsAeadDecryptFail);
    data = m_data;
    EXPECT_EQ(m_aead->open(m_nonce, m_aad, MutableBytes(data).first(data.size() - 1), m_tag).status(),
              Status::kTlsAeadDecryptFail);
    data = m_data;
    EXPECT_EQ(m_aead->open(Bytes(m_nonce).first(11), m_aad, data, m_tag).status(), Status::kTlsAeadDecryptFail);
    std::vector<std::uint8_t> short_tag(m_tag.size() - 1);
    EXPECT_EQ(m_aead->seal(m_nonce, m_aad, data, short_tag).status(), Status::kTlsInsufficientMetadataSpace);
    EXPECT_EQ(m_aead->seal(Bytes(m_nonce).first(8), m_aad, data, m_tag).status(), Status::kTlsUnsupportedCipher);
}

// A record layer's key serves one direction (Provider::new_aead_for): a seal-only key seals exactly as a two-way key
// does, an open-only key opens, and each refuses the other direction with NX_SECURE_TLS_INVALID_STATE — also after
// a forged record, and without disturbing the direction it has.
TEST_P(Aead, OneDirectionKeysDoTheirDirectionAndRefuseTheOther) {
    auto sealer = default_provider()->new_aead_for(AeadUse::kSealOnly, GetParam(), m_key);
    auto opener = default_provider()->new_aead_for(AeadUse::kOpenOnly, GetParam(), m_key);
    ASSERT_TRUE(sealer.ok() && opener.ok());

    auto data = m_plain;
    std::vector<std::uint8_t> tag(m_tag.size());
    ASSERT_TRUE((*sealer)->seal(m_nonce, m_aad, data, tag).ok());
    EXPECT_EQ(data, m_data);  // the same key, nonce and AAD as SetUp's two-way key
    EXPECT_EQ(tag, m_tag);
    EXPECT_EQ((*sealer)->open(m_nonce, m_aad, data, tag).status(), Status::kTlsInvalidState);
    EXPECT_EQ((*sealer)->open_into(m_nonce, m_aad, m_data, data, tag).status(), Status::kTlsInvalidState);

    auto forged = m_data;
    forged[0] ^= 1;
    EXPECT_EQ((*opener)->open(m_nonce, m_aad, forged, m_tag).status(), Status::kTlsAeadDecryptFail);
    data = m_data;
    ASSERT_TRUE((*opener)->open(m_nonce, m_aad, data, m_tag).ok());
    EXPECT_EQ(data, m_plain);
    EXPECT_EQ((*opener)->seal(m_nonce, m_aad, data, tag).status(), Status::kTlsInvalidState);
    // Refused before anything is written: the output keeps what it had.
    std::vector<std::uint8_t> untouched(m_plain.size(), 0xEE);
    EXPECT_EQ((*opener)->seal_from(m_nonce, m_aad, m_plain, untouched, tag).status(), Status::kTlsInvalidState);
    EXPECT_EQ(untouched, std::vector<std::uint8_t>(m_plain.size(), 0xEE));

    // The key still seals after being refused the other direction, and a two-way key asked for explicitly does both.
    data = m_plain;
    ASSERT_TRUE((*sealer)->seal(m_nonce, m_aad, data, tag).ok());
    EXPECT_EQ(data, m_data);
    auto both = default_provider()->new_aead_for(AeadUse::kSealAndOpen, GetParam(), m_key);
    ASSERT_TRUE(both.ok());
    ASSERT_TRUE((*both)->open(m_nonce, m_aad, data, tag).ok());
    EXPECT_EQ(data, m_plain);
    ASSERT_TRUE((*both)->seal(m_nonce, m_aad, data, tag).ok());
    EXPECT_EQ(data, m_data);
}

TEST_P(Aead, OneDirectionKeysCheckTheKeyLengthToo) {
    const std::vector<std::uint8_t> key(aead_key_length(GetParam()) + 1, 1);
    EXPECT_EQ(default_provider()->new_aead_for(AeadUse::kSealOnly, GetParam(), key).status(),
              Status::kTlsUnsupportedCipher);
    EXPECT_EQ(default_provider()->new_aead_for(AeadUse::kOpenOnly, GetParam(), {}).status(),
              Status::kTlsUnsupportedCipher);
}

TEST_P(Aead, WrongKeyLengthIsRejected) {
    const std::vector<std::uint8_t> key(aead_key_length(GetParam()) + 8, 1);
    EXPECT_EQ(default_provider()->new_aead(GetParam(), key).status(), Status::kTlsUnsupportedCipher);
    EXPECT_EQ(default_provider()->new_aead(GetParam(), {}).status(), Status::kTlsUnsupportedCipher);
}

INSTANTIATE_TEST_SUITE_P(All, Aead, ::testing::ValuesIn(kAeads),
                         [](const ::testing::TestParamInfo<AeadAlgorithm>& param) {
                             std::string name(aead_name(param.param));
                             std::erase(name, '-');
                             return name;
                         });

TEST(Aead, Ccm8UsesAnEightByteTag) {
    auto key = default_provider()->new_aead(AeadAlgorithm::kAes128Ccm8, std::vector<std::uint8_t>(16, 3));
    ASSERT_TRUE(key.ok());
    std::vector<std::uint8_t> data(20, 9);
    std::vector<std::uint8_t> tag(8);
    ASSERT_TRUE((*key)->seal(std::vector<std::uint8_t>(12, 0), {}, data, tag).ok());
    EXPECT_TRUE((*key)->open(std::vector<std::uint8_t>(12, 0), {}, data, tag).ok());
}

TEST(Cbc, RoundTripAndShapeChecks) {
    for (const auto algorithm : {CbcAlgorithm::kAes128Cbc, CbcAlgorithm::kAes256Cbc}) {
        const std::vector<std::uint8_t> key(algorithm == CbcAlgorithm::kAes128Cbc ? 16 : 32, 7);
        auto cbc = default_provider()->new_cbc(algorithm, key);
        ASSERT_TRUE(cbc.ok());
        const std::vector<std::uint8_t> iv(16, 1);
        const std::vector<std::uint8_t> plain(48, 0x33);
        auto data = plain;
        ASSERT_TRUE((*cbc)->encrypt(iv, data).ok());
        EXPECT_NE(data, plain);
        ASSERT_TRUE((*cbc)->decrypt(iv, data).ok());
        EXPECT_EQ(data, plain);
        std::vector<std::uint8_t> ragged(17);
        EXPECT_EQ((*cbc)->decrypt(iv, ragged).status(), Status::kTlsPaddingCheckFailed);
        EXPECT_EQ((*cbc)->encrypt(Bytes(iv).first(8), data).status(), Status::kTlsUnsupportedCipher);
    }
    EXPECT_EQ(default_provider()->new_cbc(CbcAlgorithm::kAes128Cbc, std::vector<std::uint8_t>(24, 0)).status(),
              Status::kTlsUnsupportedCipher);
}

// A CBC key's two directions are independent: either may be used first, and a refused input disturbs neither.
TEST(Cbc, EachDirectionWorksWhicheverIsUsedFirst) {
    const std::vector<std::uint8_t> key(32, 7);
    const std::vector<std::uint8_t> iv(16, 1);
    const std::vector<std::uint8_t> plain(48, 0x33);
    auto encrypter = default_provider()->new_cbc(CbcAlgorithm::kAes256Cbc, key);
    auto both = default_provider()->new_cbc(CbcAlgorithm::kAes256Cbc, key);
    ASSERT_TRUE(encrypter.ok() && both.ok());
    auto sealed = plain;
    ASSERT_TRUE((*encrypter)->encrypt(iv, sealed).ok());
    ASSERT_NE(sealed, plain);

    auto data = sealed;
    ASSERT_TRUE((*both)->decrypt(iv, data).ok());
    EXPECT_EQ(data, plain);
    ASSERT_TRUE((*both)->encrypt(iv, data).ok());
    EXPECT_EQ(data, sealed);
    ASSERT_TRUE((*both)->decrypt(iv, data).ok());
    EXPECT_EQ(data, plain);
    // A malformed input is refused before any context is touched, and the key still works after it.
    std::vector<std::uint8_t> ragged(17, 0);
    EXPECT_EQ((*both)->decrypt(iv, ragged).status(), Status::kTlsPaddingCheckFailed);
    data = sealed;
    ASSERT_TRUE((*both)->decrypt(iv, data).ok());
    EXPECT_EQ(data, plain);
}

}  // namespace
}  // namespace nxs::crypto::test
