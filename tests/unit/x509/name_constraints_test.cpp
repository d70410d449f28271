// Name constraints (RFC 5280 §4.2.1.10) through verify_chain: int_nc.pem permits DNS example.com,
// IP 192.0.2.0/24, DirName O=Example, email example.com, URI .example.com; excludes DNS bad.example.com and
// IP 192.0.2.128/25.
#include <gtest/gtest.h>

#include "chain_test_support.h"
#include "nxs/x509/verify.h"

namespace nxs::x509 {
namespace {

Result<VerifiedChain> verify_nc(const char* leaf_name) {
    const auto leaf = test::chain_cert(leaf_name);
    return verify_chain(leaf, test::chain_certs({"int_nc.pem"}), test::store_of({"root.pem"}), test::options_for(leaf));
}

TEST(NameConstraints, PermittedNamesOfEveryForm) {
    const auto r = verify_nc("nc_ok.pem");
    EXPECT_TRUE(r.ok()) << r.error().to_string();
}

TEST(NameConstraints, DnsOutsidePermitted) {
    EXPECT_VERIFY_ERROR(verify_nc("nc_dns_out.pem"), Status::kX509ChainVerifyFailure, 0,
                        "dNSName 'www.other.org' outside the permitted subtrees");
}

TEST(NameConstraints, DnsExcluded) {
    EXPECT_VERIFY_ERROR(verify_nc("nc_dns_excluded.pem"), Status::kX509ChainVerifyFailure, 0,
                        "dNSName 'bad.example.com' in an excluded subtree");
}

TEST(NameConstraints, WildcardReachingIntoExcluded) {
    // "*.example.com" could present as bad.example.com (CVE-2025-61727).
    EXPECT_VERIFY_ERROR(verify_nc("nc_wildcard_excluded.pem"), Status::kX509ChainVerifyFailure, 0,
                        "'*.example.com' in an excluded subtree");
}

TEST(NameConstraints, IpOutsidePermittedAndExcluded) {
    EXPECT_VERIFY_ERROR(verify_nc("nc_ip_out.pem"), Status::kX509ChainVerifyFailure, 0,
                        "iPAddress '198.51.100.1' outside the permitted subtrees");
    EXPECT_VERIFY_ERROR(verify_nc("nc_ip_excluded.pem"), Status::kX509ChainVerifyFailure, 0,
                        "iPAddress '192.0.2.200' in an excluded subtree");
}

TEST(NameConstraints, DirectoryNameOutsidePermitted) {
    EXPECT_VERIFY_ERROR(verify_nc("nc_dn_out.pem"), Status::kX509ChainVerifyFailure, 0,
                        "directoryName 'O=Other,CN=www.example.com' outside the permitted subtrees");
}

TEST(NameConstraints, EmailOutsidePermitted) {
    EXPECT_VERIFY_ERROR(verify_nc("nc_email_out.pem"), Status::kX509ChainVerifyFailure, 0,
                        "rfc822Name 'a@other.org' outside the permitted subtrees");
}

TEST(NameConstraints, UriOutsidePermitted) {
    EXPECT_VERIFY_ERROR(verify_nc("nc_uri_out.pem"), Status::kX509ChainVerifyFailure, 0,
                        "'https://www.other.org/' outside the permitted subtrees");
}

TEST(NameConstraints, MessageNamesTheConstrainingCa) {
    const auto r = verify_nc("nc_dns_out.pem");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("of certificate at depth 1 (O=Example,CN=Constrained CA)"), std::string::npos);
    EXPECT_EQ(r.error().detail().check, "nameConstraints");
}

}  // namespace
}  // namespace nxs::x509
