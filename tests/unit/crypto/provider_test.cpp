// The provider as a whole: the shared default, capability table, missing algorithms, randomness, algorithm names.
#include <gtest/gtest.h>

#include <thread>

#include "../x509/counting_provider.h"
#include "crypto/openssl/openssl_provider.h"
#include "test_support.h"

namespace nxs::crypto::test {
namespace {

TEST(Provider, DefaultIsOneSharedInstance) {
    std::shared_ptr<const Provider> a;
    std::shared_ptr<const Provider> b;
    std::thread t1([&] { a = default_provider(); });
    std::thread t2([&] { b = default_provider(); });
    t1.join();
    t2.join();
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, default_provider());
    EXPECT_EQ(a->name(), "openssl");
}

TEST(Provider, SupportsEverythingTlsNeeds) {
    const auto provider = default_provider();
    for (auto aead : {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm, AeadAlgorithm::kChaCha20Poly1305,
                      AeadAlgorithm::kAes128Ccm, AeadAlgorithm::kAes128Ccm8}) {
        EXPECT_TRUE(provider->supports(aead)) << aead_name(aead);
    }
    for (auto group : {NamedGroup::kSecp256r1, NamedGroup::kSecp384r1, NamedGroup::kSecp521r1, NamedGroup::kX25519,
                       NamedGroup::kX448, NamedGroup::kFfdhe2048, NamedGroup::kFfdhe3072, NamedGroup::kFfdhe4096,
                       NamedGroup::kFfdhe6144, NamedGroup::kFfdhe8192}) {
        EXPECT_TRUE(provider->supports(group)) << group_name(group);
    }
    for (auto scheme :
         {SignatureScheme::kRsaPkcs1Sha256, SignatureScheme::kEcdsaSecp256r1Sha256, SignatureScheme::kRsaPssRsaeSha256,
          SignatureScheme::kRsaPssPssSha512, SignatureScheme::kEd25519, SignatureScheme::kEd448}) {
        EXPECT_TRUE(provider->supports(scheme)) << signature_scheme_name(scheme);
    }
    EXPECT_FALSE(provider->supports(static_cast<NamedGroup>(0x1234)));
    EXPECT_FALSE(provider->supports(static_cast<SignatureScheme>(0x0999)));
}

// A property query no OpenSSL provider satisfies: every fetch fails, so every algorithm is missing.
TEST(Provider, MissingAlgorithmsAreReportedAs0x13B) {
    const auto provider = openssl::make_provider({.properties = "provider=nxs-no-such-provider"});
    EXPECT_FALSE(provider->supports(AeadAlgorithm::kAes128Gcm));
    EXPECT_FALSE(provider->supports(NamedGroup::kX25519));
    EXPECT_FALSE(provider->supports(SignatureScheme::kEd25519));

    EXPECT_EQ(provider->new_hash(HashAlgorithm::kSha256).status(), Status::kTlsMissingCryptoRoutine);
    std::vector<std::uint8_t> out(64);
    EXPECT_EQ(provider->hash(HashAlgorithm::kSha256, {}, out).status(), Status::kTlsMissingCryptoRoutine);
    EXPECT_EQ(provider->hmac(HashAlgorithm::kSha256, hex("00"), {}, out).status(), Status::kTlsMissingCryptoRoutine);
    EXPECT_EQ(provider->hkdf_extract(HashAlgorithm::kSha256, {}, hex("00")).status(), Status::kTlsMissingCryptoRoutine);
    EXPECT_EQ(provider->tls12_prf(HashAlgorithm::kSha256, hex("00"), "x", {}, 12).status(),
              Status::kTlsMissingCryptoRoutine);
    const std::vector<std::uint8_t> key(16, 1);
    EXPECT_EQ(provider->new_aead(AeadAlgorithm::kAes128Gcm, key).status(), Status::kTlsMissingCryptoRoutine);
    EXPECT_EQ(provider->new_aead_for(AeadUse::kOpenOnly, AeadAlgorithm::kAes128Gcm, key).status(),
              Status::kTlsMissingCryptoRoutine);
    EXPECT_EQ(provider->new_cbc(CbcAlgorithm::kAes128Cbc, key).status(), Status::kTlsMissingCryptoRoutine);
    EXPECT_EQ(provider->generate_key_share(NamedGroup::kX25519).status(), Status::kTlsMissingCryptoRoutine);
    EXPECT_EQ(provider->generate_private_key({.type = KeyType::kEd25519}).status(), Status::kTlsMissingCryptoRoutine);
    const auto error = provider->new_aead(AeadAlgorithm::kAes128Gcm, key);
    ASSERT_FALSE(error.ok());
    EXPECT_NE(error.error().message().find("AES-128-GCM"), std::string::npos) << error.error().message();
}

// A provider that implements only new_aead() gets Provider::new_aead_for's default: a two-way key whatever the use
// asked for, so the record layer works unchanged on it.
TEST(Provider, OneDirectionKeysDefaultToTwoWayKeys) {
    const x509::test::CountingProvider provider;  // forwards new_aead() only
    const std::vector<std::uint8_t> key(16, 1);
    const std::vector<std::uint8_t> nonce(12, 2);
    for (const auto use : {AeadUse::kSealOnly, AeadUse::kOpenOnly}) {
        auto aead = provider.new_aead_for(use, AeadAlgorithm::kAes128Gcm, key);
        ASSERT_TRUE(aead.ok()) << aead.error().to_string();
        std::vector<std::uint8_t> data(20, 3);
        std::vector<std::uint8_t> tag(16);
        ASSERT_TRUE((*aead)->seal(nonce, {}, data, tag).ok());
        ASSERT_TRUE((*aead)->open(nonce, {}, data, tag).ok());
        EXPECT_EQ(data, std::vector<std::uint8_t>(20, 3));
    }
}

TEST(Provider, RngFillsAndDiffers) {
    auto& rng = default_provider()->rng();
    std::vector<std::uint8_t> a(64);
    std::vector<std::uint8_t> b(64);
    ASSERT_TRUE(rng.fill(a).ok());
    ASSERT_TRUE(rng.fill(b).ok());
    EXPECT_NE(a, b);
    EXPECT_NE(a, std::vector<std::uint8_t>(64, 0));
    EXPECT_TRUE(rng.fill({}).ok());
}

TEST(Algorithms, NamesAndLengths) {
    EXPECT_EQ(hash_length(HashAlgorithm::kSha1), 20u);
    EXPECT_EQ(hash_length(HashAlgorithm::kSha384), 48u);
    EXPECT_EQ(hash_name(HashAlgorithm::kSha256), "SHA-256");
    EXPECT_EQ(aead_key_length(AeadAlgorithm::kAes256Gcm), 32u);
    EXPECT_EQ(aead_key_length(AeadAlgorithm::kAes128Ccm8), 16u);
    EXPECT_EQ(aead_tag_length(AeadAlgorithm::kAes128Ccm8), 8u);
    EXPECT_EQ(aead_tag_length(AeadAlgorithm::kChaCha20Poly1305), 16u);
    EXPECT_EQ(aead_name(AeadAlgorithm::kAes128Gcm), "AES-128-GCM");
    EXPECT_EQ(group_name(NamedGroup::kX25519), "x25519");
    EXPECT_EQ(group_name(NamedGroup::kFfdhe2048), "ffdhe2048");
    EXPECT_EQ(group_name(NamedGroup::kFfdhe8192), "ffdhe8192");
    EXPECT_EQ(group_name(static_cast<NamedGroup>(0x4242)), "");
    EXPECT_EQ(signature_scheme_name(SignatureScheme::kEcdsaSecp256r1Sha256), "ecdsa_secp256r1_sha256");
    EXPECT_EQ(key_type_name(KeyType::kEd25519), "Ed25519");
    EXPECT_EQ(curve_name(EcCurve::kP256), "P-256");
}

TEST(Algorithms, SignatureAlgorithmForTls13Schemes) {
    const auto pss = signature_algorithm_for(SignatureScheme::kRsaPssRsaeSha384);
    ASSERT_TRUE(pss.has_value());
    EXPECT_EQ(pss->kind, SignatureKind::kRsaPss);
    EXPECT_EQ(pss->hash, HashAlgorithm::kSha384);
    EXPECT_EQ(pss->mgf1_hash, HashAlgorithm::kSha384);
    EXPECT_EQ(pss->pss_salt_length, 48u);  // RFC 8446 §4.2.3: salt length = hash length
    EXPECT_EQ(signature_algorithm_for(SignatureScheme::kRsaPssPssSha256)->kind, SignatureKind::kRsaPss);
    EXPECT_EQ(signature_algorithm_for(SignatureScheme::kEcdsaSecp521r1Sha512)->hash, HashAlgorithm::kSha512);
    EXPECT_EQ(signature_algorithm_for(SignatureScheme::kEd448)->kind, SignatureKind::kEd448);
    EXPECT_FALSE(signature_algorithm_for(static_cast<SignatureScheme>(0x0999)).has_value());
}

}  // namespace
}  // namespace nxs::crypto::test
