// Crl::parse on OpenSSL-made CRLs (make_test_certs.sh) and on corrupted copies.
#include "nxs/x509/crl.h"

#include <gtest/gtest.h>

#include <string>

#include "x509_test_support.h"

namespace nxs::x509 {
namespace {

using test::ByteVec;
using test::seq;
using test::tlv;

constexpr std::int64_t kThisUpdate = 1751328000;      // 2025-07-01 00:00:00 UTC (-crl_lastupdate)
constexpr std::int64_t kNextUpdate = 4070908800;      // 2099-01-01 00:00:00 UTC (-crl_nextupdate)
constexpr std::int64_t kRevocationDate = 1748736000;  // 2025-06-01 00:00:00 UTC (set in the script)

Certificate cert(const std::string& name) {
    return std::move(Certificate::parse(test::pem_der(name))).value();
}

TEST(Crl, RootCrl) {
    const auto der = test::pem_der("crl-rsa.pem");
    auto crl = Crl::parse(der);
    ASSERT_TRUE(crl.ok()) << crl.error().to_string();
    const auto root = cert("ca-rsa.pem");
    EXPECT_EQ(crl->version(), 2);
    EXPECT_TRUE(names_equal(crl->issuer(), root.subject()));
    EXPECT_EQ(crl->this_update(), kThisUpdate);
    EXPECT_EQ(crl->next_update(), kNextUpdate);
    ASSERT_TRUE(crl->signature_algorithm().algorithm);
    EXPECT_EQ(crl->signature_algorithm().algorithm->kind, crypto::SignatureKind::kRsaPkcs1);
    EXPECT_EQ(crl->signature().size(), 256U);
    EXPECT_EQ(ByteVec(crl->tbs_der().begin(), crl->tbs_der().end()), test::children(der)[0]);
    ASSERT_TRUE(crl->authority_key_id());
    const auto ski = *root.extensions().subject_key_id;
    EXPECT_TRUE(std::equal(crl->authority_key_id()->begin(), crl->authority_key_id()->end(), ski.begin(), ski.end()));
    ASSERT_TRUE(crl->extensions().crl_number);
    EXPECT_EQ(ByteVec(crl->extensions().crl_number->begin(), crl->extensions().crl_number->end()), ByteVec{1});
    EXPECT_FALSE(crl->extensions().crl_number_critical);
    EXPECT_EQ(crl->extensions().count, 2U);
    EXPECT_EQ(crl->revoked_count(), 2U);
}

TEST(Crl, FindRevoked) {
    auto crl = Crl::parse(test::pem_der("crl-rsa.pem"));
    ASSERT_TRUE(crl.ok());
    const auto sha1 = crl->find_revoked(cert("leaf-sha1.pem").serial());
    ASSERT_TRUE(sha1);
    EXPECT_EQ(sha1->reason, CrlReason::kKeyCompromise);
    EXPECT_EQ(sha1->revocation_date, kRevocationDate);
    const auto sha512 = crl->find_revoked(cert("leaf-sha512.pem").serial());
    ASSERT_TRUE(sha512);
    EXPECT_FALSE(sha512->reason);
    EXPECT_FALSE(crl->find_revoked(cert("leaf-rsa.pem").serial()));
    std::size_t visited = 0;
    crl->for_each_revoked([&](const RevokedCertificate&) { return ++visited < 1; });
    EXPECT_EQ(visited, 1U);
}

TEST(Crl, EmptyCrlAndBundles) {
    auto crl = Crl::parse(test::pem_der("crl-empty.pem"));
    ASSERT_TRUE(crl.ok());
    EXPECT_EQ(crl->revoked_count(), 0U);
    EXPECT_TRUE(names_equal(crl->issuer(), cert("int-p384.pem").subject()));
    EXPECT_EQ(crl->signature_algorithm().algorithm->kind, crypto::SignatureKind::kEcdsa);
    auto both = parse_crls(test::str(test::read_text("crl-rsa.pem") + "text\n" + test::read_text("crl-empty.pem")));
    ASSERT_TRUE(both.ok());
    EXPECT_EQ(both->size(), 2U);
    auto der = parse_crls(test::read_vector("crl-rsa.der"));
    ASSERT_TRUE(der.ok());
    EXPECT_EQ(ByteVec((*der)[0].der().begin(), (*der)[0].der().end()), test::pem_der("crl-rsa.pem"));
    EXPECT_EQ(parse_crls(test::read_vector("leaf-rsa.pem")).status(), Status::kX509InvalidCertificateData);
}

class CorruptCrl : public ::testing::Test {
protected:
    ByteVec good = test::pem_der("crl-rsa.pem");
    std::vector<ByteVec> top = test::children(good);
    std::vector<ByteVec> tbs =
        test::children(top[0]);  // version, signature, issuer, thisUpdate, nextUpdate, revoked, [0]

    ByteVec build() const { return seq({test::join(tag::kSequence, tbs), top[1], top[2]}); }
    Status status() const { return Crl::parse(build()).status(); }
    std::vector<ByteVec> crl_extensions() const { return test::children(test::children(tbs[6])[0]); }
    void set_crl_extensions(const std::vector<ByteVec>& list) {
        tbs[6] = tlv(tag::context_constructed(0), test::join(tag::kSequence, list));
    }
    // Replaces the first revoked entry's extensions.
    void set_entry_extensions(const std::vector<ByteVec>& list) {
        auto entries = test::children(tbs[5]);
        auto fields = test::children(entries[0]);
        fields.resize(2);
        fields.push_back(test::join(tag::kSequence, list));
        entries[0] = test::join(tag::kSequence, fields);
        tbs[5] = test::join(tag::kSequence, entries);
    }
};

TEST_F(CorruptCrl, RebuildsToTheSameBytes) {
    EXPECT_EQ(build(), good);
    EXPECT_EQ(status(), Status::kTlsSuccess);
}

TEST_F(CorruptCrl, UnknownCriticalExtensions0x192) {
    const auto unknown = test::oid_bytes({0x2B, 0x06, 0x01, 0x04, 0x01, 0x83, 0xB2, 0x7A, 0x02});
    auto list = crl_extensions();
    list.push_back(test::extension(unknown, true, {0x05, 0x00}));
    set_crl_extensions(list);
    EXPECT_EQ(status(), Status::kX509InvalidExtensionSequence);
    tbs = test::children(top[0]);
    set_entry_extensions({test::extension(unknown, true, {0x05, 0x00})});
    EXPECT_EQ(status(), Status::kX509InvalidExtensionSequence);
    set_entry_extensions({test::extension(unknown, false, {0x05, 0x00})});
    EXPECT_EQ(status(), Status::kTlsSuccess);
}

TEST_F(CorruptCrl, MalformedExtensions0x192) {
    const auto reason = test::oid_bytes({0x55, 0x1D, 0x15});
    set_entry_extensions({test::extension(reason, false, tlv(tag::kEnumerated, {7}))});
    EXPECT_EQ(status(), Status::kX509InvalidExtensionSequence);
    set_entry_extensions({test::extension(reason, false, tlv(tag::kInteger, {1}))});
    EXPECT_EQ(status(), Status::kX509InvalidExtensionSequence);
    set_entry_extensions({test::extension(reason, false, tlv(tag::kEnumerated, {1})),
                          test::extension(reason, false, tlv(tag::kEnumerated, {1}))});
    EXPECT_EQ(status(), Status::kX509InvalidExtensionSequence);
    tbs = test::children(top[0]);
    auto list = crl_extensions();
    list.push_back(list[1]);  // cRLNumber twice
    set_crl_extensions(list);
    EXPECT_EQ(status(), Status::kX509InvalidExtensionSequence);
    const auto idp = test::oid_bytes({0x55, 0x1D, 0x1C});
    tbs = test::children(top[0]);
    list = crl_extensions();
    list.push_back(test::extension(idp, true, seq({})));
    set_crl_extensions(list);
    EXPECT_EQ(status(), Status::kX509InvalidExtensionSequence);
    list.back() = test::extension(idp, true, seq({tlv(tag::context(1), {0xFF}), tlv(tag::context(2), {0xFF})}));
    set_crl_extensions(list);
    EXPECT_EQ(status(), Status::kX509InvalidExtensionSequence);
    list.back() = test::extension(idp, true, seq({tlv(tag::context(2), {0xFF})}));
    set_crl_extensions(list);
    auto crl = Crl::parse(build());
    ASSERT_TRUE(crl.ok()) << crl.error().to_string();
    ASSERT_TRUE(crl->extensions().issuing_distribution_point);
    EXPECT_TRUE(crl->extensions().issuing_distribution_point->only_contains_ca_certs);
    EXPECT_TRUE(crl->extensions().issuing_distribution_point->critical);
}

TEST_F(CorruptCrl, Versions0x18F) {
    tbs[0] = tlv(tag::kInteger, {0});
    EXPECT_EQ(status(), Status::kX509InvalidVersion);
    tbs[0] = tlv(tag::kInteger, {2});
    EXPECT_EQ(status(), Status::kX509InvalidVersion);
    tbs.erase(tbs.begin());  // v1 with crlExtensions and entry extensions
    EXPECT_EQ(status(), Status::kX509InvalidVersion);
}

TEST_F(CorruptCrl, Framing) {
    auto trailing = good;
    trailing.push_back(0);
    EXPECT_EQ(Crl::parse(trailing).status(), Status::kX509InvalidCertificateSequence);
    auto outer = top[1];
    outer[12] = 0x0D;  // sha512WithRSAEncryption outside, sha256 inside
    EXPECT_EQ(Crl::parse(seq({top[0], outer, top[2]})).status(), Status::kX509WrongSignatureMethod);
    EXPECT_EQ(Crl::parse(seq({top[0], top[2]})).status(), Status::kX509MissingSignatureAlgorithm);
    tbs[3] = tlv(tag::kUtcTime, test::str("250701000000"));
    EXPECT_EQ(status(), Status::kX509InvalidDateFormat);
    tbs = test::children(top[0]);
    tbs[6] = tlv(tag::context_constructed(0), seq({}));
    EXPECT_EQ(status(), Status::kX509InvalidExtensions);
    tbs[6] = tlv(tag::context_constructed(0), tlv(tag::kSet, {}));
    EXPECT_EQ(status(), Status::kX509InvalidExtensions);
    for (std::size_t length = 0; length < good.size(); ++length) {
        EXPECT_FALSE(Crl::parse(Bytes(good.data(), length)).ok()) << length;
    }
}

}  // namespace
}  // namespace nxs::x509
