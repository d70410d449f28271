// Keys used again and again: the OpenSSL provider prepares a signature context once per key and algorithm and copies
// it for every call (src/crypto/openssl/keys.cpp), so these check that a key gives the same answers on its first,
// later and concurrent uses, that algorithms are never mixed up, and that failures are reported every time.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "test_support.h"

namespace nxs::crypto::test {
namespace {

struct KeyPair {
    std::unique_ptr<PrivateKey> private_key;
    std::unique_ptr<PublicKey> public_key;
};

KeyPair make_pair(const KeySpec& spec) {
    const auto provider = default_provider();
    auto private_key = provider->generate_private_key(spec);
    EXPECT_TRUE(private_key.ok()) << private_key.error().to_string();
    if (!private_key.ok()) {
        return {};
    }
    auto public_key = provider->load_public_key((*private_key)->public_spki_der());
    EXPECT_TRUE(public_key.ok()) << public_key.error().to_string();
    if (!public_key.ok()) {
        return {};
    }
    return {std::move(*private_key), std::move(*public_key)};
}

// RSA generation is slow: one key of each kind for the whole file.
const KeyPair& p256() {
    static const KeyPair pair = make_pair({.type = KeyType::kEc, .curve = EcCurve::kP256});
    return pair;
}
const KeyPair& rsa() {
    static const KeyPair pair = make_pair({.type = KeyType::kRsa, .rsa_bits = 2048});
    return pair;
}
const KeyPair& rsa_pss() {
    static const KeyPair pair = make_pair({.type = KeyType::kRsaPss, .rsa_bits = 2048});
    return pair;
}

SignatureAlgorithm scheme(SignatureScheme value) {
    const auto algorithm = signature_algorithm_for(value);
    EXPECT_TRUE(algorithm.has_value());
    return algorithm.value_or(SignatureAlgorithm{});
}

std::vector<SignatureAlgorithm> rsa_algorithms() {
    // More algorithms than a key keeps prepared, so some are set up per call.
    std::vector<SignatureAlgorithm> algorithms = {
        scheme(SignatureScheme::kRsaPkcs1Sha256), scheme(SignatureScheme::kRsaPssRsaeSha256),
        scheme(SignatureScheme::kRsaPkcs1Sha384), scheme(SignatureScheme::kRsaPssRsaeSha384),
        scheme(SignatureScheme::kRsaPkcs1Sha512), scheme(SignatureScheme::kRsaPssRsaeSha512),
        scheme(SignatureScheme::kRsaPkcs1Sha1),
    };
    SignatureAlgorithm short_salt = scheme(SignatureScheme::kRsaPssRsaeSha256);
    short_salt.pss_salt_length = 20;
    algorithms.push_back(short_salt);
    SignatureAlgorithm other_mgf1 = scheme(SignatureScheme::kRsaPssRsaeSha256);
    other_mgf1.mgf1_hash = HashAlgorithm::kSha384;
    algorithms.push_back(other_mgf1);
    return algorithms;
}

TEST(SignatureContexts, RepeatedUseGivesTheSameAnswers) {
    const auto message = as_bytes("TLS 1.3, server CertificateVerify");
    const std::pair<const KeyPair*, SignatureAlgorithm> cases[] = {
        {&p256(), scheme(SignatureScheme::kEcdsaSecp256r1Sha256)},
        {&rsa(), scheme(SignatureScheme::kRsaPkcs1Sha256)},
        {&rsa(), scheme(SignatureScheme::kRsaPssRsaeSha256)},
        {&rsa_pss(), scheme(SignatureScheme::kRsaPssPssSha256)},
    };
    for (const auto& [pair, algorithm] : cases) {
        ASSERT_NE(pair->private_key, nullptr);
        for (int round = 0; round < 3; ++round) {
            SCOPED_TRACE(std::string(key_type_name(pair->private_key->type())) + ", round " + std::to_string(round));
            auto signature = pair->private_key->sign(algorithm, message);
            ASSERT_TRUE(signature.ok()) << signature.error().to_string();
            EXPECT_TRUE(pair->public_key->verify(algorithm, message, *signature).ok());
            // A failed verification leaves nothing behind for the next one.
            auto tampered = *signature;
            tampered.back() ^= 0x01;
            EXPECT_EQ(pair->public_key->verify(algorithm, message, tampered).status(),
                      Status::kTlsSignatureVerificationError);
            EXPECT_EQ(pair->public_key->verify(algorithm, as_bytes("another message"), *signature).status(),
                      Status::kTlsSignatureVerificationError);
            EXPECT_TRUE(pair->public_key->verify(algorithm, message, *signature).ok());
        }
    }
}

TEST(SignatureContexts, AlgorithmsOfOneKeyAreNotMixedUp) {
    const auto message = as_bytes("tbsCertificate");
    const auto algorithms = rsa_algorithms();
    std::vector<std::vector<std::uint8_t>> signatures;
    for (const auto& algorithm : algorithms) {
        auto signature = rsa().private_key->sign(algorithm, message);
        ASSERT_TRUE(signature.ok()) << signature.error().to_string();
        signatures.push_back(std::move(*signature));
    }
    // Every signature against every algorithm, twice over and in both orders: only its own algorithm accepts it.
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t k = 0; k < algorithms.size(); ++k) {
            const std::size_t i = pass == 0 ? k : algorithms.size() - 1 - k;
            for (std::size_t j = 0; j < algorithms.size(); ++j) {
                SCOPED_TRACE("signed with #" + std::to_string(j) + ", verified with #" + std::to_string(i));
                const auto verified = rsa().public_key->verify(algorithms[i], message, signatures[j]);
                if (i == j) {
                    EXPECT_TRUE(verified.ok()) << verified.error().to_string();
                } else {
                    EXPECT_EQ(verified.status(), Status::kTlsSignatureVerificationError);
                }
            }
        }
    }
}

TEST(SignatureContexts, EcdsaHashIsPartOfTheAlgorithm) {
    const auto message = as_bytes("m");
    const SignatureAlgorithm sha256{.kind = SignatureKind::kEcdsa, .hash = HashAlgorithm::kSha256};
    const SignatureAlgorithm sha384{.kind = SignatureKind::kEcdsa, .hash = HashAlgorithm::kSha384};
    auto under_sha256 = p256().private_key->sign(sha256, message);
    auto under_sha384 = p256().private_key->sign(sha384, message);
    ASSERT_TRUE(under_sha256.ok());
    ASSERT_TRUE(under_sha384.ok());
    for (int round = 0; round < 2; ++round) {
        EXPECT_TRUE(p256().public_key->verify(sha256, message, *under_sha256).ok());
        EXPECT_TRUE(p256().public_key->verify(sha384, message, *under_sha384).ok());
        EXPECT_EQ(p256().public_key->verify(sha384, message, *under_sha256).status(),
                  Status::kTlsSignatureVerificationError);
        EXPECT_EQ(p256().public_key->verify(sha256, message, *under_sha384).status(),
                  Status::kTlsSignatureVerificationError);
    }
}

TEST(SignatureContexts, FailuresAreReportedEveryTime) {
    const auto message = as_bytes("m");
    SignatureAlgorithm huge_salt = scheme(SignatureScheme::kRsaPssRsaeSha256);
    huge_salt.pss_salt_length = 0x10000;
    // Longer than a 2048-bit modulus leaves room for: the parameters are accepted, signing itself fails.
    SignatureAlgorithm long_salt = scheme(SignatureScheme::kRsaPssRsaeSha256);
    long_salt.pss_salt_length = 300;
    const auto good = scheme(SignatureScheme::kRsaPssRsaeSha256);
    auto signature = rsa().private_key->sign(good, message);
    ASSERT_TRUE(signature.ok());
    for (int round = 0; round < 3; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        EXPECT_EQ(rsa().private_key->sign(huge_salt, message).status(), Status::kX509WrongSignatureMethod);
        EXPECT_EQ(rsa().public_key->verify(huge_salt, message, *signature).status(), Status::kX509WrongSignatureMethod);
        EXPECT_EQ(rsa().private_key->sign(long_salt, message).status(), Status::kTlsUnsupportedSignatureAlgorithm);
        EXPECT_EQ(rsa().public_key->verify(long_salt, message, *signature).status(),
                  Status::kTlsSignatureVerificationError);
        EXPECT_EQ(rsa().private_key->sign(scheme(SignatureScheme::kEcdsaSecp256r1Sha256), message).status(),
                  Status::kX509WrongSignatureMethod);
        EXPECT_EQ(rsa_pss().private_key->sign(scheme(SignatureScheme::kRsaPkcs1Sha256), message).status(),
                  Status::kX509WrongSignatureMethod);
        // The failures above spoil nothing for a good algorithm on the same keys.
        EXPECT_TRUE(rsa().public_key->verify(good, message, *signature).ok());
        EXPECT_TRUE(rsa().private_key->sign(good, message).ok());
    }
}

TEST(SignatureContexts, OneKeySharedByThreads) {
    // A Config's key and the peer-key cache's keys are used by connections on any thread at once.
    const auto ecdsa = scheme(SignatureScheme::kEcdsaSecp256r1Sha256);
    const auto pss = scheme(SignatureScheme::kRsaPssRsaeSha256);
    const auto pkcs1 = scheme(SignatureScheme::kRsaPkcs1Sha256);
    ASSERT_NE(p256().private_key, nullptr);
    ASSERT_NE(rsa().private_key, nullptr);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            const std::string text = "message of thread " + std::to_string(t);
            const auto message = as_bytes(text);
            for (int i = 0; i < 8; ++i) {
                const std::pair<const KeyPair*, SignatureAlgorithm> uses[] = {{&p256(), ecdsa},
                                                                              {&rsa(), (i + t) % 2 == 0 ? pss : pkcs1}};
                for (const auto& [pair, algorithm] : uses) {
                    auto signature = pair->private_key->sign(algorithm, message);
                    if (!signature.ok() || !pair->public_key->verify(algorithm, message, *signature).ok()) {
                        ++failures;
                        continue;
                    }
                    (*signature)[0] ^= 0x01;
                    if (pair->public_key->verify(algorithm, message, *signature).status() !=
                        Status::kTlsSignatureVerificationError) {
                        ++failures;
                    }
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace nxs::crypto::test
