// Known answers from the RFCs: RFC 5869 Appendix A (HKDF-SHA256 test cases 1-3) and RFC 8448 §3 (the simple 1-RTT
// handshake: X25519 exchange, key schedule, handshake traffic keys). The hex values are copied from the RFC text.
#include <gtest/gtest.h>

#include "test_support.h"

namespace nxs::crypto::test {
namespace {

struct Rfc5869Case {
    const char* name;
    const char* ikm;
    const char* salt;
    const char* info;
    std::size_t length;
    const char* prk;
    const char* okm;
};

// RFC 5869 Appendix A.1-A.3.
const Rfc5869Case kRfc5869[] = {
    {"A.1", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
     "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
     "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
    {"A.2",
     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
     "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
     "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
     "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
     "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
     "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
     82, "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
     "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
     "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"},
    {"A.3", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
     "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
     "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
};

TEST(Rfc5869, HkdfSha256TestCases) {
    const auto provider = default_provider();
    for (const auto& tc : kRfc5869) {
        SCOPED_TRACE(tc.name);
        auto prk = provider->hkdf_extract(HashAlgorithm::kSha256, hex(tc.salt), hex(tc.ikm));
        ASSERT_TRUE(prk.ok()) << prk.error().to_string();
        EXPECT_EQ(to_vector(*prk), hex(tc.prk));
        auto okm = provider->hkdf_expand(HashAlgorithm::kSha256, prk->span(), hex(tc.info), tc.length);
        ASSERT_TRUE(okm.ok()) << okm.error().to_string();
        EXPECT_EQ(to_vector(*okm), hex(tc.okm));
        // The same PRK keyed once (OpenSSL's prepared HMAC, and the interface's default), expanded twice.
        auto prepared = provider->new_hkdf_prk(HashAlgorithm::kSha256, prk->span());
        ASSERT_TRUE(prepared.ok()) << prepared.error().to_string();
        auto copied = provider->Provider::new_hkdf_prk(HashAlgorithm::kSha256, prk->span());
        ASSERT_TRUE(copied.ok()) << copied.error().to_string();
        for (int round = 0; round < 2; ++round) {
            auto again = (*prepared)->expand(hex(tc.info), tc.length);
            ASSERT_TRUE(again.ok()) << again.error().to_string();
            EXPECT_EQ(to_vector(*again), hex(tc.okm)) << "round " << round;
            auto by_default = (*copied)->expand(hex(tc.info), tc.length);
            ASSERT_TRUE(by_default.ok()) << by_default.error().to_string();
            EXPECT_EQ(to_vector(*by_default), hex(tc.okm)) << "round " << round;
        }
    }
}

// RFC 8448 §3, "Simple 1-RTT Handshake" (TLS_AES_128_GCM_SHA256 over x25519).
constexpr const char* kClientPrivate = "49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005";
constexpr const char* kClientPublic = "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c";
constexpr const char* kServerPublic = "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f";
constexpr const char* kSharedSecret = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";
constexpr const char* kEarlySecret = "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a";
constexpr const char* kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kDerivedEarly = "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba";
constexpr const char* kHandshakeSecret = "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac";
constexpr const char* kHelloHash = "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8";
constexpr const char* kClientHsTraffic = "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21";
constexpr const char* kServerHsTraffic = "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38";
constexpr const char* kDerivedHandshake = "43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4";
constexpr const char* kMasterSecret = "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919";
constexpr const char* kServerHsKey = "3fce516009c21727d0f2e4e86ee403bc";
constexpr const char* kServerHsIv = "5d313eb2671276ee13000b30";
constexpr const char* kClientHsKey = "dbfaa693d1762c5b666af5d950258d01";
constexpr const char* kClientHsIv = "5bd3c71b836e0b76bb73265f";
constexpr const char* kServerFinishedKey = "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8";

class Rfc8448 : public ::testing::Test {
protected:
    std::vector<std::uint8_t> expand_label(const std::vector<std::uint8_t>& secret, std::string_view label,
                                           const std::vector<std::uint8_t>& context, std::size_t length) {
        auto out = hkdf_expand_label(*m_provider, HashAlgorithm::kSha256, secret, label, context, length);
        EXPECT_TRUE(out.ok()) << out.error().to_string();
        return out ? to_vector(*out) : std::vector<std::uint8_t>{};
    }
    std::vector<std::uint8_t> derive(const std::vector<std::uint8_t>& secret, std::string_view label,
                                     const std::vector<std::uint8_t>& transcript_hash) {
        auto out = derive_secret(*m_provider, HashAlgorithm::kSha256, secret, label, transcript_hash);
        EXPECT_TRUE(out.ok()) << out.error().to_string();
        return out ? to_vector(*out) : std::vector<std::uint8_t>{};
    }
    std::vector<std::uint8_t> extract(const std::vector<std::uint8_t>& salt, const std::vector<std::uint8_t>& ikm) {
        auto out = m_provider->hkdf_extract(HashAlgorithm::kSha256, salt, ikm);
        EXPECT_TRUE(out.ok()) << out.error().to_string();
        return out ? to_vector(*out) : std::vector<std::uint8_t>{};
    }

    std::shared_ptr<const Provider> m_provider = default_provider();
};

TEST_F(Rfc8448, X25519Exchange) {
    auto client = m_provider->key_share_from_private(NamedGroup::kX25519, hex(kClientPrivate));
    ASSERT_TRUE(client.ok()) << client.error().to_string();
    EXPECT_EQ(to_vector((*client)->public_key()), hex(kClientPublic));
    auto shared = (*client)->derive(hex(kServerPublic));
    ASSERT_TRUE(shared.ok()) << shared.error().to_string();
    EXPECT_EQ(to_vector(*shared), hex(kSharedSecret));
}

TEST_F(Rfc8448, KeySchedule) {
    const std::vector<std::uint8_t> zeros(32, 0);
    // RFC 8446 §7.1: Early Secret = HKDF-Extract(0, PSK), with a zero PSK when none is used.
    const auto early = extract(zeros, zeros);
    EXPECT_EQ(early, hex(kEarlySecret));

    std::vector<std::uint8_t> empty_hash(32);
    ASSERT_TRUE(m_provider->hash(HashAlgorithm::kSha256, {}, empty_hash).ok());
    EXPECT_EQ(empty_hash, hex(kEmptyHash));

    const auto derived_early = derive(early, "derived", empty_hash);
    EXPECT_EQ(derived_early, hex(kDerivedEarly));
    const auto handshake = extract(derived_early, hex(kSharedSecret));
    EXPECT_EQ(handshake, hex(kHandshakeSecret));

    const auto client_hs = derive(handshake, "c hs traffic", hex(kHelloHash));
    const auto server_hs = derive(handshake, "s hs traffic", hex(kHelloHash));
    EXPECT_EQ(client_hs, hex(kClientHsTraffic));
    EXPECT_EQ(server_hs, hex(kServerHsTraffic));

    // RFC 8446 §7.3: traffic keys.
    EXPECT_EQ(expand_label(server_hs, "key", {}, 16), hex(kServerHsKey));
    EXPECT_EQ(expand_label(server_hs, "iv", {}, 12), hex(kServerHsIv));
    EXPECT_EQ(expand_label(client_hs, "key", {}, 16), hex(kClientHsKey));
    EXPECT_EQ(expand_label(client_hs, "iv", {}, 12), hex(kClientHsIv));
    // RFC 8446 §4.4.4: finished_key.
    EXPECT_EQ(expand_label(server_hs, "finished", {}, 32), hex(kServerFinishedKey));

    const auto derived_handshake = derive(handshake, "derived", empty_hash);
    EXPECT_EQ(derived_handshake, hex(kDerivedHandshake));
    EXPECT_EQ(extract(derived_handshake, zeros), hex(kMasterSecret));
}

TEST_F(Rfc8448, ExpandLabelRejectsOverlongLabel) {
    const std::string label(250, 'x');  // "tls13 " + 250 > 255 bytes (RFC 8446 §7.1: label<7..255>)
    auto out = hkdf_expand_label(*m_provider, HashAlgorithm::kSha256, hex(kEarlySecret), label, {}, 32);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.status(), Status::kTlsCryptoKeysTooLarge);
}

}  // namespace
}  // namespace nxs::crypto::test
