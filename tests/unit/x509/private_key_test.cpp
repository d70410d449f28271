// Private keys in every container OpenSSL writes, loaded through the default provider; broken and encrypted ones.
#include "nxs/x509/private_key.h"

#include <gtest/gtest.h>

#include <string>

#include "x509_test_support.h"

namespace nxs::x509 {
namespace {

using crypto::EcCurve;
using crypto::KeyType;
using Format = crypto::Provider::PrivateKeyFormat;
using test::ByteVec;
using test::seq;
using test::tlv;

const crypto::Provider& provider() {
    static const auto instance = crypto::default_provider();
    return *instance;
}

Result<std::unique_ptr<crypto::PrivateKey>> load(const ByteVec& data) {
    return load_private_key(provider(), data);
}

struct KeyCase {
    const char* file;
    Format format;
    KeyType type;
    EcCurve curve;
    const char* certificate;  // a certificate of the same key
};

class PrivateKeyFiles : public ::testing::TestWithParam<KeyCase> {};

TEST_P(PrivateKeyFiles, LoadsAndMatchesItsCertificate) {
    const auto& c = GetParam();
    const auto data = test::read_vector(c.file);
    const ByteVec der = test::looks_like_pem_file(c.file) ? ByteVec() : data;
    auto key = load(data);
    ASSERT_TRUE(key.ok()) << c.file << ": " << key.error().to_string();
    EXPECT_EQ((*key)->type(), c.type);
    EXPECT_EQ((*key)->curve(), c.curve);
    if (!der.empty()) {
        auto description = inspect_private_key(der);
        ASSERT_TRUE(description.ok());
        EXPECT_EQ(description->format, c.format);
        EXPECT_EQ(description->type, c.type);
        EXPECT_EQ(description->curve, c.curve);
    }
    auto cert = Certificate::parse(test::pem_der(c.certificate));
    ASSERT_TRUE(cert.ok());
    EXPECT_TRUE(check_key_matches_certificate(*cert, **key).ok()) << c.file;
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, PrivateKeyFiles,
    ::testing::Values(KeyCase{"key-rsa-pkcs8.pem", Format::kPkcs8, KeyType::kRsa, EcCurve::kNone, "leaf-rsa.pem"},
                      KeyCase{"key-rsa-pkcs8.der", Format::kPkcs8, KeyType::kRsa, EcCurve::kNone, "leaf-sha1.pem"},
                      KeyCase{"key-rsa-pkcs1.pem", Format::kPkcs1, KeyType::kRsa, EcCurve::kNone, "leaf-rsa.pem"},
                      KeyCase{"key-rsa-pkcs1.der", Format::kPkcs1, KeyType::kRsa, EcCurve::kNone, "leaf-rsa.pem"},
                      KeyCase{"key-p256-pkcs8.pem", Format::kPkcs8, KeyType::kEc, EcCurve::kP256, "leaf-p256.pem"},
                      KeyCase{"key-p256-sec1.pem", Format::kSec1, KeyType::kEc, EcCurve::kP256, "leaf-p256.pem"},
                      KeyCase{"key-p256-sec1.der", Format::kSec1, KeyType::kEc, EcCurve::kP256, "v1.pem"},
                      KeyCase{"key-p256-ecparam.pem", Format::kSec1, KeyType::kEc, EcCurve::kP256, "leaf-p256.pem"},
                      KeyCase{"key-p384-pkcs8.pem", Format::kPkcs8, KeyType::kEc, EcCurve::kP384, "leaf-p384.pem"},
                      KeyCase{"key-p521-pkcs8.pem", Format::kPkcs8, KeyType::kEc, EcCurve::kP521, "leaf-p521.pem"},
                      KeyCase{"key-p521-sec1.pem", Format::kSec1, KeyType::kEc, EcCurve::kP521, "leaf-p521.pem"},
                      KeyCase{"key-ed25519.pem", Format::kPkcs8, KeyType::kEd25519, EcCurve::kNone, "leaf-ed25519.pem"},
                      KeyCase{"key-ed25519.der", Format::kPkcs8, KeyType::kEd25519, EcCurve::kNone, "leaf-ed25519.pem"},
                      KeyCase{"key-ed448.pem", Format::kPkcs8, KeyType::kEd448, EcCurve::kNone, "leaf-ed448.pem"},
                      KeyCase{"key-rsa-pss.pem", Format::kPkcs8, KeyType::kRsaPss, EcCurve::kNone,
                              "leaf-rsa-pss.pem"}));

TEST(PrivateKey, MismatchWithCertificate0x185) {
    auto key = load(test::read_vector("key-p256-pkcs8.pem"));
    ASSERT_TRUE(key.ok());
    for (const char* other : {"leaf-rsa.pem", "leaf-p384.pem", "int-p384.pem"}) {
        auto cert = Certificate::parse(test::pem_der(other));
        ASSERT_TRUE(cert.ok());
        EXPECT_EQ(check_key_matches_certificate(*cert, **key).status(), Status::kX509InvalidPublicKey) << other;
    }
}

TEST(PrivateKey, EncryptedKeysAreRefused0x19D) {
    for (const char* file : {"key-rsa-encrypted.pem", "key-rsa-legacy-encrypted.pem"}) {
        auto key = load(test::read_vector(file));
        ASSERT_EQ(key.status(), Status::kX509InvalidPrivateKeyType) << file;
        EXPECT_NE(key.error().message().find("encrypted keys are not supported"), std::string::npos);
    }
    auto der = load(test::pem_der("key-rsa-encrypted.pem"));
    EXPECT_EQ(der.status(), Status::kX509InvalidPrivateKeyType);
    EXPECT_NE(der.error().message().find("encrypted keys are not supported"), std::string::npos);
}

TEST(PrivateKey, UnknownAlgorithm0x19D) {
    // The Ed25519 PKCS #8 key with its algorithm changed to DSA (1.2.840.10040.4.1).
    auto parts = test::children(test::pem_der("key-ed25519.pem"));
    parts[1] = seq({test::oid_bytes({0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01})});
    auto key = load(test::join(tag::kSequence, parts));
    ASSERT_EQ(key.status(), Status::kX509InvalidPrivateKeyType);
    EXPECT_NE(key.error().message().find("1.2.840.10040.4.1"), std::string::npos);
}

TEST(PrivateKey, MalformedPkcs8AndSec1_0x19D) {
    const auto ed = test::children(test::pem_der("key-ed25519.pem"));
    // Ed25519 seed of 31 bytes; parameters present; version 2.
    auto bad = ed;
    bad[2] = tlv(tag::kOctetString, tlv(tag::kOctetString, ByteVec(31, 1)));
    EXPECT_EQ(load(test::join(tag::kSequence, bad)).status(), Status::kX509InvalidPrivateKeyType);
    bad = ed;
    bad[1] = seq({test::children(ed[1])[0], ByteVec{0x05, 0x00}});
    EXPECT_EQ(load(test::join(tag::kSequence, bad)).status(), Status::kX509InvalidPrivateKeyType);
    bad = ed;
    bad[0] = tlv(tag::kInteger, {2});
    EXPECT_EQ(load(test::join(tag::kSequence, bad)).status(), Status::kX509InvalidPrivateKeyType);
    // SEC1 on secp256k1 (1.3.132.0.10), and with a short scalar.
    auto sec1 = test::children(test::read_vector("key-p256-sec1.der"));
    auto k1 = sec1;
    k1[2] = tlv(tag::context_constructed(0), test::oid_bytes({0x2B, 0x81, 0x04, 0x00, 0x0A}));
    EXPECT_EQ(load(test::join(tag::kSequence, k1)).status(), Status::kX509InvalidPrivateKeyType);
    auto short_scalar = sec1;
    short_scalar[1] = tlv(tag::kOctetString, ByteVec(31, 7));
    EXPECT_EQ(load(test::join(tag::kSequence, short_scalar)).status(), Status::kX509InvalidPrivateKeyType);
    // SEC1 without its curve.
    auto no_curve = sec1;
    no_curve.erase(no_curve.begin() + 2);
    EXPECT_EQ(load(test::join(tag::kSequence, no_curve)).status(), Status::kX509InvalidPrivateKeyType);
    // Not a key at all.
    EXPECT_EQ(load(test::pem_der("leaf-rsa.pem")).status(), Status::kX509InvalidPrivateKeyType);
    EXPECT_EQ(load(ByteVec{0x04, 0x00}).status(), Status::kX509InvalidPrivateKeyType);
}

TEST(PrivateKey, MalformedPkcs1_0x18A) {
    const auto rsa = test::children(test::read_vector("key-rsa-pkcs1.der"));
    ASSERT_EQ(rsa.size(), 9U);
    auto seven = rsa;
    seven.pop_back();
    EXPECT_EQ(load(test::join(tag::kSequence, seven)).status(), Status::kPkcs1InvalidPrivateKey);
    auto version = rsa;
    version[0] = tlv(tag::kInteger, {1});
    EXPECT_EQ(load(test::join(tag::kSequence, version)).status(), Status::kPkcs1InvalidPrivateKey);
    auto negative = rsa;
    negative[3] = tlv(tag::kInteger, {0x80});
    EXPECT_EQ(load(test::join(tag::kSequence, negative)).status(), Status::kPkcs1InvalidPrivateKey);
    auto extra = rsa;
    extra.push_back(tlv(tag::kInteger, {1}));
    EXPECT_EQ(load(test::join(tag::kSequence, extra)).status(), Status::kPkcs1InvalidPrivateKey);
    // Inside PKCS #8 the RSAPrivateKey is still PKCS #1.
    auto pkcs8 = test::children(test::read_vector("key-rsa-pkcs8.der"));
    pkcs8[2] = tlv(tag::kOctetString, test::join(tag::kSequence, seven));
    EXPECT_EQ(load(test::join(tag::kSequence, pkcs8)).status(), Status::kPkcs1InvalidPrivateKey);
}

TEST(PrivateKey, PemSelection) {
    // A certificate before the key is skipped; two keys are ambiguous; no key is an error; label must fit.
    const auto cert_and_key = test::read_text("leaf-p256.pem") + test::read_text("key-p256-pkcs8.pem");
    EXPECT_TRUE(load(test::str(cert_and_key)).ok());
    const auto two = test::read_text("key-p256-pkcs8.pem") + test::read_text("key-p384-pkcs8.pem");
    EXPECT_EQ(load(test::str(two)).status(), Status::kX509InvalidPrivateKeyType);
    EXPECT_EQ(load(test::read_vector("leaf-p256.pem")).status(), Status::kX509InvalidPrivateKeyType);
    auto mislabelled = test::read_text("key-p256-pkcs8.pem");
    for (auto pos = mislabelled.find("PRIVATE KEY"); pos != std::string::npos;
         pos = mislabelled.find("PRIVATE KEY", pos + 20)) {
        mislabelled.replace(pos, 11, "RSA PRIVATE KEY");
    }
    EXPECT_EQ(load(test::str(mislabelled)).status(), Status::kX509InvalidPrivateKeyType);
    EXPECT_EQ(load(test::str("-----BEGIN PRIVATE KEY-----\nA*==\n-----END PRIVATE KEY-----\n")).status(),
              Status::kX509InvalidCertificateData);
}

}  // namespace
}  // namespace nxs::x509
