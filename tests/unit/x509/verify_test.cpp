// verify_chain: one positive case per path shape, one negative case per code it produces (tests/vectors/x509/chains).
#include <gtest/gtest.h>

#include "chain_test_support.h"
#include "nxs/x509/verify.h"

namespace nxs::x509 {
namespace {

using test::chain_cert;
using test::chain_certs;
using test::options_for;
using test::store_of;

TEST(VerifyChain, RootIntermediateLeaf) {
    const auto leaf = chain_cert("leaf.pem");
    const auto store = store_of({"root.pem"});
    const auto inter = chain_certs({"int.pem"});
    const auto chain = verify_chain(leaf, inter, store, options_for(leaf, PeerName::dns("www.example.com")));
    ASSERT_TRUE(chain.ok()) << chain.error().to_string();
    ASSERT_EQ(chain->certificates.size(), 3U);
    EXPECT_EQ(chain->certificates[1].subject().to_string(), "O=Example,CN=Example CA");
    EXPECT_EQ(chain->certificates[2].subject().to_string(), "O=Example,CN=Example Root");
}

TEST(VerifyChain, WildcardAndIpPeerNames) {
    const auto leaf = chain_cert("leaf.pem");
    const auto store = store_of({"root.pem"});
    const auto inter = chain_certs({"int.pem"});
    EXPECT_TRUE(verify_chain(leaf, inter, store, options_for(leaf, PeerName::dns("v1.api.example.com"))).ok());
    EXPECT_TRUE(verify_chain(leaf, inter, store, options_for(leaf, PeerName::ip("192.0.2.1"))).ok());
    EXPECT_TRUE(verify_chain(leaf, inter, store, options_for(leaf, PeerName::ip("2001:db8::1"))).ok());
}

TEST(VerifyChain, HostMismatchListsNames) {  // 0x195
    const auto leaf = chain_cert("leaf.pem");
    const auto r = verify_chain(leaf, chain_certs({"int.pem"}), store_of({"root.pem"}),
                                options_for(leaf, PeerName::dns("bad.example.com")));
    EXPECT_VERIFY_ERROR(r, Status::kX509CertificateDnsMismatch, 0, "www.example.com, *.api.example.com");
}

TEST(VerifyChain, ServerWithoutPeerNameMustOptOut) {  // 0x195: kUnset is refused for a server certificate
    const auto leaf = chain_cert("leaf.pem");
    auto options = options_for(leaf);
    options.peer = PeerName{};
    const auto r = verify_chain(leaf, chain_certs({"int.pem"}), store_of({"root.pem"}), options);
    EXPECT_VERIFY_ERROR(r, Status::kX509CertificateDnsMismatch, 0, "PeerName::none()");
}

TEST(VerifyChain, NoTimeIsAnError) {
    const auto leaf = chain_cert("leaf.pem");
    VerifyOptions options;
    options.peer = PeerName::none();
    const auto r = verify_chain(leaf, {}, store_of({"root.pem"}), options);
    EXPECT_VERIFY_ERROR(r, Status::kX509ChainVerifyFailure, -1, "no validation time");
}

TEST(VerifyChain, IssuerNotFound) {  // 0x11B
    const auto leaf = chain_cert("leaf.pem");
    const auto r = verify_chain(leaf, {}, store_of({"root.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kTlsIssuerCertificateNotFound, 0, "has no issuer (O=Example,CN=Example CA)");
}

TEST(VerifyChain, UntrustedRoot) {  // 0x11B at the top of the chain
    const auto leaf = chain_cert("leaf.pem");
    const auto r = verify_chain(leaf, chain_certs({"int.pem"}), store_of({"root2.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kTlsIssuerCertificateNotFound, 1, "Example Root");
}

TEST(VerifyChain, IntermediateNotCa) {  // 0x18C
    const auto leaf = chain_cert("leaf_under_notca.pem");
    const auto r = verify_chain(leaf, chain_certs({"int_notca.pem"}), store_of({"root.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kX509ChainVerifyFailure, 1,
                        "(O=Example,CN=Not A CA) is not a CA: basicConstraints cA is false");
}

TEST(VerifyChain, PathLengthExceeded) {  // 0x18C
    const auto leaf = chain_cert("leaf_pathlen.pem");
    const auto r = verify_chain(leaf, chain_certs({"int_pathlen0.pem", "int_below_pathlen0.pem"}),
                                store_of({"root.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kX509ChainVerifyFailure, 2, "allows 0 intermediate CA(s) below it");
}

TEST(VerifyChain, MaxIntermediates) {  // 0x18C
    const auto leaf = chain_cert("leaf.pem");
    auto options = options_for(leaf);
    options.max_intermediates = 0;
    const auto r = verify_chain(leaf, chain_certs({"int.pem"}), store_of({"root.pem"}), options);
    EXPECT_VERIFY_ERROR(r, Status::kX509ChainVerifyFailure, 1, "longer than the limit of 0 intermediates");
}

TEST(VerifyChain, IssuerWithoutKeyCertSign) {  // 0x1A0
    const auto leaf = chain_cert("leaf_nocertsign.pem");
    const auto r = verify_chain(leaf, chain_certs({"int_nocertsign.pem"}), store_of({"root.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kX509KeyUsageError, 1, "keyCertSign");
}

TEST(VerifyChain, WrongEku) {  // 0x19F
    const auto leaf = chain_cert("leaf_client.pem");
    const auto inter = chain_certs({"int.pem"});
    const auto store = store_of({"root.pem"});
    const auto r = verify_chain(leaf, inter, store, options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kX509ExtKeyUsageNotFound, 0, "does not allow id-kp-serverAuth");
    auto client = options_for(leaf);
    client.purpose = Purpose::kClientAuth;
    EXPECT_TRUE(verify_chain(leaf, inter, store, client).ok());
}

TEST(VerifyChain, LeafNotYetValid) {  // 0x194
    const auto leaf = chain_cert("leaf.pem");
    auto options = options_for(leaf);
    options.time = leaf.not_before() - 1;
    const auto r = verify_chain(leaf, chain_certs({"int.pem"}), store_of({"root.pem"}), options);
    EXPECT_VERIFY_ERROR(r, Status::kX509CertificateNotYetValid, 0, "is not valid before");
}

TEST(VerifyChain, ValidityBoundsAreInclusive) {
    const auto leaf = chain_cert("leaf.pem");
    auto options = options_for(leaf);
    options.time = leaf.not_before();
    EXPECT_TRUE(verify_chain(leaf, chain_certs({"int.pem"}), store_of({"root.pem"}), options).ok());
}

TEST(VerifyChain, IntermediateExpired) {  // 0x193
    const auto leaf = chain_cert("leaf_short.pem");
    const auto inter = chain_certs({"int_short.pem"});
    auto options = options_for(leaf);
    options.time = inter[0].not_after() + 1;
    const auto r = verify_chain(leaf, inter, store_of({"root.pem"}), options);
    EXPECT_VERIFY_ERROR(r, Status::kX509CertificateExpired, 1, "(O=Example,CN=Short CA) expired at");
}

TEST(VerifyChain, TamperedSignature) {  // 0x117
    const auto leaf = chain_cert("rsa_leaf_badsig.der");
    const auto r = verify_chain(leaf, chain_certs({"rsa_int.pem"}), store_of({"root.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kTlsCertificateSigCheckFailed, 0, "signature that does not verify");
}

TEST(VerifyChain, UnsupportedSignatureAlgorithm) {  // 0x116 (sha224WithRSAEncryption)
    const auto leaf = chain_cert("rsa_leaf_sha224.pem");
    const auto r = verify_chain(leaf, chain_certs({"rsa_int.pem"}), store_of({"root.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kTlsUnknownCertSigAlgorithm, 0, "unsupported algorithm 1.2.840.113549.1.1.14");
}

TEST(VerifyChain, SignatureAlgorithmDoesNotFitIssuerKey) {  // 0x19A: ECDSA signature, same-name issuer with RSA key
    const auto leaf = chain_cert("leaf.pem");
    const auto r = verify_chain(leaf, chain_certs({"rsa_int.pem"}), store_of({"root.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kX509WrongSignatureMethod, 0, "has a RSA key");
}

TEST(VerifyChain, SelfSignedLeafNotAnchor) {  // 0x11A
    const auto leaf = chain_cert("self.pem");
    const auto r = verify_chain(leaf, {}, store_of({"root.pem"}), options_for(leaf));
    EXPECT_VERIFY_ERROR(r, Status::kTlsInvalidSelfSignedCert, 0, "is self-signed and not a trust anchor");
}

TEST(VerifyChain, SelfSignedLeafThatIsAnAnchor) {
    const auto leaf = chain_cert("self.pem");
    const auto store = store_of({"self.pem"});
    const auto chain = verify_chain(leaf, {}, store, options_for(leaf, PeerName::dns("self.example.com")));
    ASSERT_TRUE(chain.ok()) << chain.error().to_string();
    EXPECT_EQ(chain->certificates.size(), 1U);
    auto strict = options_for(leaf);
    strict.self_signed_leaf = SelfSignedLeafPolicy::kReject;
    EXPECT_VERIFY_ERROR(verify_chain(leaf, {}, store, strict), Status::kTlsInvalidSelfSignedCert, 0,
                        "refuses self-signed leaves");
}

TEST(VerifyChain, CrossSignedIntermediateFindsTheTrustedRoot) {
    // "Cross CA" is signed by root and by root2; only root2 is trusted; the root-signed copy comes first.
    const auto leaf = chain_cert("leaf_cross.pem");
    const auto chain = verify_chain(leaf, chain_certs({"cross_by_root.pem", "cross_by_root2.pem"}),
                                    store_of({"root2.pem"}), options_for(leaf));
    ASSERT_TRUE(chain.ok()) << chain.error().to_string();
    EXPECT_EQ(chain->certificates.back().subject().to_string(), "O=Other,CN=Other Root");
}

TEST(VerifyChain, SameNameCandidatesBacktrack) {
    // Two "Same Name CA" certificates with different keys; the leaf is signed by the second one.
    const auto leaf = chain_cert("leaf_same2.pem");
    const auto chain =
        verify_chain(leaf, chain_certs({"same1.pem", "same2.pem"}), store_of({"root.pem"}), options_for(leaf));
    ASSERT_TRUE(chain.ok()) << chain.error().to_string();
    EXPECT_EQ(chain->certificates.size(), 3U);
}

TEST(VerifyChain, WorkLimitEndsTheSearch) {
    const auto leaf = chain_cert("leaf_same2.pem");
    auto options = options_for(leaf);
    options.max_signature_checks = 0;
    const auto r = verify_chain(leaf, chain_certs({"same1.pem", "same2.pem"}), store_of({"root.pem"}), options);
    EXPECT_VERIFY_ERROR(r, Status::kX509ChainVerifyFailure, -1, "signature checks");
}

}  // namespace
}  // namespace nxs::x509
