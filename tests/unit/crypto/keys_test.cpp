// Keys: loading (SPKI, PKCS#8, PKCS#1, SEC1), sign/verify round trips for every key type and TLS 1.3 signature
// scheme, and the error codes of provider.h for malformed input and misuse.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace nxs::crypto::test {
namespace {

// A P-256 key made with `openssl ecparam -genkey` and converted with `openssl pkcs8 -topk8` / `openssl pkey -pubout`.
constexpr const char* kSec1 =
    "30770201010420862803f9192d88bccab03028927468a76bf4330980819f53f98459ae38fbf4d7a00a06082a8648ce3d030107a144034200"
    "04ad6542b188723da5da33488fd9257ae1726c3bc144e6689fb9559ac6b07862b288a125d3671e840e18febbd9c03ac55db5916fe3941833"
    "935f31bcbcb953aea7";
constexpr const char* kPkcs8 =
    "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420862803f9192d88bccab03028927468a76bf43309"
    "80819f53f98459ae38fbf4d7a14403420004ad6542b188723da5da33488fd9257ae1726c3bc144e6689fb9559ac6b07862b288a125d367"
    "1e840e18febbd9c03ac55db5916fe3941833935f31bcbcb953aea7";
constexpr const char* kSpki =
    "3059301306072a8648ce3d020106082a8648ce3d03010703420004ad6542b188723da5da33488fd9257ae1726c3bc144e6689fb9559ac6b0"
    "7862b288a125d3671e840e18febbd9c03ac55db5916fe3941833935f31bcbcb953aea7";
// An X25519 SubjectPublicKeyInfo (RFC 8410): well-formed, but not a signature key.
constexpr const char* kX25519Spki =
    "302a300506032b656e032100"
    "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f";

struct Keys {
    std::unique_ptr<PrivateKey> rsa;
    std::unique_ptr<PrivateKey> rsa_pss;
    std::unique_ptr<PrivateKey> p256;
    std::unique_ptr<PrivateKey> p384;
    std::unique_ptr<PrivateKey> p521;
    std::unique_ptr<PrivateKey> ed25519;
    std::unique_ptr<PrivateKey> ed448;
};

// RSA generation is slow; make every key once for the whole file.
const Keys& keys() {
    static const Keys made = [] {
        const auto provider = default_provider();
        auto gen = [&](KeySpec spec) {
            auto key = provider->generate_private_key(spec);
            EXPECT_TRUE(key.ok()) << key.error().to_string();
            return key ? std::move(*key) : nullptr;
        };
        Keys k;
        k.rsa = gen({.type = KeyType::kRsa, .rsa_bits = 2048});
        k.rsa_pss = gen({.type = KeyType::kRsaPss, .rsa_bits = 2048});
        k.p256 = gen({.type = KeyType::kEc, .curve = EcCurve::kP256});
        k.p384 = gen({.type = KeyType::kEc, .curve = EcCurve::kP384});
        k.p521 = gen({.type = KeyType::kEc, .curve = EcCurve::kP521});
        k.ed25519 = gen({.type = KeyType::kEd25519});
        k.ed448 = gen({.type = KeyType::kEd448});
        return k;
    }();
    return made;
}

const PrivateKey* key_for(SignatureScheme scheme) {
    const Keys& k = keys();
    switch (scheme) {
        case SignatureScheme::kEcdsaSecp256r1Sha256:
        case SignatureScheme::kEcdsaSha1:
            return k.p256.get();
        case SignatureScheme::kEcdsaSecp384r1Sha384:
            return k.p384.get();
        case SignatureScheme::kEcdsaSecp521r1Sha512:
            return k.p521.get();
        case SignatureScheme::kRsaPssPssSha256:
        case SignatureScheme::kRsaPssPssSha384:
        case SignatureScheme::kRsaPssPssSha512:
            return k.rsa_pss.get();
        case SignatureScheme::kEd25519:
            return k.ed25519.get();
        case SignatureScheme::kEd448:
            return k.ed448.get();
        default:
            return k.rsa.get();
    }
}

constexpr SignatureScheme kSchemes[] = {
    SignatureScheme::kEcdsaSecp256r1Sha256,
    SignatureScheme::kEcdsaSecp384r1Sha384,
    SignatureScheme::kEcdsaSecp521r1Sha512,
    SignatureScheme::kRsaPssRsaeSha256,
    SignatureScheme::kRsaPssRsaeSha384,
    SignatureScheme::kRsaPssRsaeSha512,
    SignatureScheme::kEd25519,
    SignatureScheme::kEd448,
    SignatureScheme::kRsaPssPssSha256,
    SignatureScheme::kRsaPssPssSha384,
    SignatureScheme::kRsaPssPssSha512,
    SignatureScheme::kRsaPkcs1Sha256,
    SignatureScheme::kRsaPkcs1Sha384,
    SignatureScheme::kRsaPkcs1Sha512,
    SignatureScheme::kRsaPkcs1Sha1,
    SignatureScheme::kEcdsaSha1,
};

class SignRoundTrip : public ::testing::TestWithParam<SignatureScheme> {};

TEST_P(SignRoundTrip, SignsAndVerifies) {
    const PrivateKey* key = key_for(GetParam());
    ASSERT_NE(key, nullptr);
    const auto algorithm = signature_algorithm_for(GetParam());
    ASSERT_TRUE(algorithm.has_value());
    const auto message = as_bytes("TLS 1.3, server CertificateVerify");
    auto signature = key->sign(*algorithm, message);
    ASSERT_TRUE(signature.ok()) << signature.error().to_string();

    auto public_key = default_provider()->load_public_key(key->public_spki_der());
    ASSERT_TRUE(public_key.ok()) << public_key.error().to_string();
    EXPECT_EQ((*public_key)->type(), key->type());
    EXPECT_EQ((*public_key)->curve(), key->curve());
    EXPECT_EQ((*public_key)->bits(), key->bits());
    EXPECT_TRUE((*public_key)->verify(*algorithm, message, *signature).ok());

    auto tampered = *signature;
    tampered[tampered.size() / 2] ^= 0x01;
    EXPECT_EQ((*public_key)->verify(*algorithm, message, tampered).status(), Status::kTlsSignatureVerificationError);
    EXPECT_EQ((*public_key)->verify(*algorithm, as_bytes("another message"), *signature).status(),
              Status::kTlsSignatureVerificationError);
    EXPECT_EQ((*public_key)->verify(*algorithm, message, Bytes(*signature).first(signature->size() - 1)).status(),
              Status::kTlsSignatureVerificationError);
}

INSTANTIATE_TEST_SUITE_P(AllSchemes, SignRoundTrip, ::testing::ValuesIn(kSchemes),
                         [](const ::testing::TestParamInfo<SignatureScheme>& param) {
                             return std::string(signature_scheme_name(param.param));
                         });

TEST(Keys, KeyFactsAfterGeneration) {
    EXPECT_EQ(keys().rsa->type(), KeyType::kRsa);
    EXPECT_EQ(keys().rsa->bits(), 2048u);
    EXPECT_EQ(keys().rsa_pss->type(), KeyType::kRsaPss);
    EXPECT_EQ(keys().p384->type(), KeyType::kEc);
    EXPECT_EQ(keys().p384->curve(), EcCurve::kP384);
    EXPECT_EQ(keys().p521->bits(), 521u);
    EXPECT_EQ(keys().ed25519->type(), KeyType::kEd25519);
    EXPECT_EQ(keys().ed448->curve(), EcCurve::kNone);
}

TEST(Keys, SignatureUnderWrongKeyTypeIs0x19A) {
    const auto ecdsa = *signature_algorithm_for(SignatureScheme::kEcdsaSecp256r1Sha256);
    const auto pkcs1 = *signature_algorithm_for(SignatureScheme::kRsaPkcs1Sha256);
    const auto ed25519 = *signature_algorithm_for(SignatureScheme::kEd25519);
    auto rsa_public = default_provider()->load_public_key(keys().rsa->public_spki_der());
    ASSERT_TRUE(rsa_public.ok());
    EXPECT_EQ((*rsa_public)->verify(ecdsa, as_bytes("m"), hex("3006020101020101")).status(),
              Status::kX509WrongSignatureMethod);
    EXPECT_EQ(keys().p256->sign(pkcs1, as_bytes("m")).status(), Status::kX509WrongSignatureMethod);
    EXPECT_EQ(keys().p256->sign(ed25519, as_bytes("m")).status(), Status::kX509WrongSignatureMethod);
    // RFC 8446 §4.2.3: a PKCS#1 v1.5 signature is not allowed under an RSASSA-PSS key.
    EXPECT_EQ(keys().rsa_pss->sign(pkcs1, as_bytes("m")).status(), Status::kX509WrongSignatureMethod);
    EXPECT_EQ(keys().ed25519->sign(*signature_algorithm_for(SignatureScheme::kEd448), as_bytes("m")).status(),
              Status::kX509WrongSignatureMethod);
}

TEST(Keys, EcdsaAcceptsAnyHashWithAnyCurve) {
    // X.509 allows e.g. ecdsa-with-SHA384 under a P-256 key.
    SignatureAlgorithm algorithm{.kind = SignatureKind::kEcdsa, .hash = HashAlgorithm::kSha384};
    auto signature = keys().p256->sign(algorithm, as_bytes("m"));
    ASSERT_TRUE(signature.ok());
    auto public_key = default_provider()->load_public_key(keys().p256->public_spki_der());
    ASSERT_TRUE(public_key.ok());
    EXPECT_TRUE((*public_key)->verify(algorithm, as_bytes("m"), *signature).ok());
}

TEST(Keys, PssSaltLengthIsChecked) {
    auto algorithm = *signature_algorithm_for(SignatureScheme::kRsaPssRsaeSha256);
    auto signature = keys().rsa->sign(algorithm, as_bytes("m"));
    ASSERT_TRUE(signature.ok());
    auto public_key = default_provider()->load_public_key(keys().rsa->public_spki_der());
    ASSERT_TRUE(public_key.ok());
    algorithm.pss_salt_length = 20;
    EXPECT_EQ((*public_key)->verify(algorithm, as_bytes("m"), *signature).status(),
              Status::kTlsSignatureVerificationError);
}

TEST(Keys, LoadsSec1Pkcs8AndSpkiOfTheSameKey) {
    const auto provider = default_provider();
    auto sec1 = provider->load_private_key(Provider::PrivateKeyFormat::kSec1, hex(kSec1));
    ASSERT_TRUE(sec1.ok()) << sec1.error().to_string();
    auto pkcs8 = provider->load_private_key(Provider::PrivateKeyFormat::kPkcs8, hex(kPkcs8));
    ASSERT_TRUE(pkcs8.ok()) << pkcs8.error().to_string();
    EXPECT_EQ(to_vector((*sec1)->public_spki_der()), hex(kSpki));
    EXPECT_EQ(to_vector((*pkcs8)->public_spki_der()), hex(kSpki));
    EXPECT_EQ((*sec1)->curve(), EcCurve::kP256);
    auto exported = (*sec1)->to_pkcs8_der();
    ASSERT_TRUE(exported.ok());
    EXPECT_EQ(to_vector(*exported), hex(kPkcs8));

    auto public_key = provider->load_public_key(hex(kSpki));
    ASSERT_TRUE(public_key.ok());
    EXPECT_EQ(to_vector((*public_key)->spki_der()), hex(kSpki));
    const auto algorithm = *signature_algorithm_for(SignatureScheme::kEcdsaSecp256r1Sha256);
    auto signature = (*sec1)->sign(algorithm, as_bytes("hello"));
    ASSERT_TRUE(signature.ok());
    EXPECT_TRUE((*public_key)->verify(algorithm, as_bytes("hello"), *signature).ok());
}

// The PKCS#1 RSAPrivateKey inside the PKCS#8 key of a Wycheproof file (data made outside nxs).
std::vector<std::uint8_t> wycheproof_rsa_pkcs8() {
    std::ifstream in(shared_path("vectors/wycheproof/rsa_pkcs1_2048_test.json"));
    const auto document = nlohmann::json::parse(in, nullptr, false);
    if (document.is_discarded()) {
        ADD_FAILURE() << "cannot read rsa_pkcs1_2048_test.json";
        return {};
    }
    return hex(document.at("testGroups").at(0).at("privateKeyPkcs8").get<std::string>());
}

TEST(Keys, LoadsPkcs1AndPkcs8Rsa) {
    const auto pkcs8 = wycheproof_rsa_pkcs8();
    ASSERT_GT(pkcs8.size(), 26u);
    // PrivateKeyInfo = SEQUENCE(4) { INTEGER 0 (3), AlgorithmIdentifier rsaEncryption (15), OCTET STRING(4) {...} }
    ASSERT_EQ(pkcs8[22], 0x04);
    const std::vector<std::uint8_t> pkcs1(pkcs8.begin() + 26, pkcs8.end());
    const auto provider = default_provider();
    auto from_pkcs1 = provider->load_private_key(Provider::PrivateKeyFormat::kPkcs1, pkcs1);
    auto from_pkcs8 = provider->load_private_key(Provider::PrivateKeyFormat::kPkcs8, pkcs8);
    ASSERT_TRUE(from_pkcs1.ok()) << from_pkcs1.error().to_string();
    ASSERT_TRUE(from_pkcs8.ok()) << from_pkcs8.error().to_string();
    EXPECT_EQ((*from_pkcs1)->type(), KeyType::kRsa);
    EXPECT_EQ((*from_pkcs1)->bits(), 2048u);
    EXPECT_EQ(to_vector((*from_pkcs1)->public_spki_der()), to_vector((*from_pkcs8)->public_spki_der()));
}

TEST(Keys, MalformedPrivateKeys) {
    const auto provider = default_provider();
    using Format = Provider::PrivateKeyFormat;
    auto bad_pkcs1 = provider->load_private_key(Format::kPkcs1, hex("3003020100"));
    EXPECT_EQ(bad_pkcs1.status(), Status::kPkcs1InvalidPrivateKey);
    EXPECT_TRUE(bad_pkcs1.error().has_detail());
    EXPECT_EQ(provider->load_private_key(Format::kPkcs1, {}).status(), Status::kPkcs1InvalidPrivateKey);
    // An EC key handed in as PKCS#1.
    EXPECT_EQ(provider->load_private_key(Format::kPkcs1, hex(kSec1)).status(), Status::kPkcs1InvalidPrivateKey);
    auto truncated = hex(kPkcs8);
    truncated.resize(truncated.size() - 3);
    EXPECT_EQ(provider->load_private_key(Format::kPkcs8, truncated).status(), Status::kX509InvalidPrivateKeyType);
    auto trailing = hex(kSec1);
    trailing.push_back(0);
    EXPECT_EQ(provider->load_private_key(Format::kSec1, trailing).status(), Status::kX509InvalidPrivateKeyType);
    EXPECT_EQ(provider->load_private_key(Format::kSec1, hex("deadbeef")).status(), Status::kX509InvalidPrivateKeyType);
}

TEST(Keys, MalformedAndUnsupportedPublicKeys) {
    const auto provider = default_provider();
    auto spki = hex(kSpki);
    auto truncated = spki;
    truncated.resize(truncated.size() - 1);
    EXPECT_EQ(provider->load_public_key(truncated).status(), Status::kX509InvalidPublicKey);
    auto trailing = spki;
    trailing.push_back(0);
    EXPECT_EQ(provider->load_public_key(trailing).status(), Status::kX509InvalidPublicKey);
    EXPECT_EQ(provider->load_public_key({}).status(), Status::kX509InvalidPublicKey);
    EXPECT_EQ(provider->load_public_key(hex("300500")).status(), Status::kX509InvalidPublicKey);
    auto off_curve = spki;
    off_curve.back() ^= 1;  // a well-formed SPKI whose point is not on P-256
    EXPECT_EQ(provider->load_public_key(off_curve).status(), Status::kX509InvalidPublicKey);
    EXPECT_EQ(provider->load_public_key(hex(kX25519Spki)).status(), Status::kTlsUnsupportedPublicCipher);
}

TEST(Keys, GenerationRejectsBadSpecs) {
    const auto provider = default_provider();
    EXPECT_EQ(provider->generate_private_key({.type = KeyType::kRsa, .rsa_bits = 512}).status(),
              Status::kTlsUnsupportedPublicCipher);
    EXPECT_EQ(provider->generate_private_key({.type = KeyType::kEc, .curve = EcCurve::kNone}).status(),
              Status::kTlsUnsupportedEccCurve);
}

}  // namespace
}  // namespace nxs::crypto::test
