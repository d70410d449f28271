// CRL checks in verify_chain (RFC 5280 §6.3): revoked, not revoked, wrong issuer, bad signature, no cRLSign.
#include <gtest/gtest.h>

#include <memory>

#include "chain_test_support.h"
#include "nxs/x509/crl.h"
#include "nxs/x509/verify.h"

namespace nxs::x509 {
namespace {

std::shared_ptr<const Crl> crl(const std::string& name) {
    auto crls = parse_crls(test::read_vector("chains/generated/" + name));
    EXPECT_TRUE(crls.ok() && crls->size() == 1) << name;
    return std::make_shared<const Crl>(crls->front());
}

Result<VerifiedChain> verify_with(const char* leaf_name, const char* intermediate,
                                  std::initializer_list<const char*> crl_names) {
    const auto leaf = test::chain_cert(leaf_name);
    auto options = test::options_for(leaf);
    for (const char* name : crl_names) {
        options.crls.push_back(crl(name));
    }
    return verify_chain(leaf, test::chain_certs({intermediate}), test::store_of({"root.pem"}), options);
}

TEST(CrlCheck, Revoked) {  // 0x199
    EXPECT_VERIFY_ERROR(verify_with("leaf_revoked.pem", "int.pem", {"crl_int.pem"}), Status::kX509CrlCertificateRevoked,
                        0, "is revoked by a CRL of O=Example,CN=Example CA");
}

TEST(CrlCheck, NotRevoked) {
    const auto r = verify_with("leaf.pem", "int.pem", {"crl_int.pem", "crl_root.pem"});
    EXPECT_TRUE(r.ok()) << r.error().to_string();
}

TEST(CrlCheck, OnlyCrlFromAnotherIssuer) {  // 0x197
    EXPECT_VERIFY_ERROR(verify_with("leaf.pem", "int.pem", {"crl_root2.pem"}), Status::kX509CrlIssuerMismatch, 0,
                        "no CRL given is from an issuer of the path");
}

TEST(CrlCheck, BadSignature) {  // 0x198
    EXPECT_VERIFY_ERROR(verify_with("leaf.pem", "int.pem", {"crl_int_badsig.der"}),
                        Status::kX509CrlSignatureCheckFailed, 1, "signature that does not verify");
}

TEST(CrlCheck, IssuerWithoutCrlSign) {  // 0x1A0
    EXPECT_VERIFY_ERROR(verify_with("leaf_nocrlsign.pem", "int_nocrlsign.pem", {"crl_nocrlsign.pem"}),
                        Status::kX509KeyUsageError, 1, "lacks cRLSign");
}

TEST(CrlCheck, ExpiredCrl) {  // 0x18C: an expired CRL cannot vouch for "not revoked"
    const auto leaf = test::chain_cert("leaf.pem");
    auto options = test::options_for(leaf);
    const auto c = crl("crl_int.pem");
    ASSERT_TRUE(c->next_update());
    options.time = *c->next_update() + 1;
    options.crls.push_back(c);
    const auto r = verify_chain(leaf, test::chain_certs({"int.pem"}), test::store_of({"root.pem"}), options);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("expired"), std::string::npos) << r.error().to_string();
}

}  // namespace
}  // namespace nxs::x509
