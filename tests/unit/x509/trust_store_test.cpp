// TrustStore: add/remove, PEM bundles, lookups by subject and SKI, the system store loader.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>

#include "chain_test_support.h"
#include "counting_provider.h"
#include "nxs/crypto/provider.h"
#include "nxs/x509/trust_store.h"
#include "nxs/x509/verify.h"

namespace nxs::x509 {
namespace {

using test::CountingProvider;

TEST(TrustStore, AddRemoveAndLookups) {
    TrustStore store;
    const auto root = test::chain_cert("root.pem");
    const auto root2 = test::chain_cert("root2.pem");
    EXPECT_TRUE(store.add(root));
    EXPECT_FALSE(store.add(root));  // the same DER twice
    EXPECT_TRUE(store.add(root2));
    EXPECT_EQ(store.size(), 2U);
    EXPECT_TRUE(store.contains(root));

    const auto by_name = store.find_by_subject(root.subject());
    ASSERT_EQ(by_name.size(), 1U);
    EXPECT_EQ(by_name[0]->subject().to_string(), "O=Example,CN=Example Root");
    ASSERT_TRUE(root.extensions().subject_key_id);
    const auto by_ski = store.find_by_key_id(*root.extensions().subject_key_id);
    ASSERT_EQ(by_ski.size(), 1U);
    EXPECT_TRUE(store.find_by_subject(test::chain_cert("int.pem").subject()).empty());

    EXPECT_TRUE(store.remove(root));
    EXPECT_FALSE(store.remove(root));
    EXPECT_FALSE(store.contains(root));
    EXPECT_TRUE(store.find_by_subject(root.subject()).empty());
    EXPECT_EQ(store.find_by_subject(root2.subject()).size(), 1U);  // the index survives a removal
}

TEST(TrustStore, AnchorKeyIsLoadedOnceAndShared) {
    TrustStore store;
    const auto root = test::chain_cert("root.pem");
    const auto root2 = test::chain_cert("root2.pem");
    ASSERT_TRUE(store.add(root2));
    ASSERT_TRUE(store.add(root));
    const auto provider = std::make_shared<CountingProvider>();
    const std::shared_ptr<const crypto::Provider> as_provider = provider;
    const Certificate& anchor = *store.find_by_subject(root.subject()).at(0);

    const crypto::PublicKey* key = store.anchor_key(anchor, as_provider);
    ASSERT_NE(key, nullptr);
    const auto spki = key->spki_der();
    EXPECT_TRUE(std::equal(spki.begin(), spki.end(), root.public_key().der.begin(), root.public_key().der.end()));
    EXPECT_EQ(store.anchor_key(anchor, as_provider), key);
    EXPECT_EQ(provider->loads.load(), 1);

    // Copies share the loaded key; a removal elsewhere in the store keeps it with its anchor.
    TrustStore copy = store;
    EXPECT_EQ(copy.anchor_key(*copy.find_by_subject(root.subject()).at(0), as_provider), key);
    ASSERT_TRUE(store.remove(root2));
    EXPECT_EQ(store.anchor_key(*store.find_by_subject(root.subject()).at(0), as_provider), key);
    EXPECT_EQ(provider->loads.load(), 1);
}

TEST(TrustStore, AnchorKeyRefusesOtherCertificatesAndProviders) {
    TrustStore store;
    const auto root = test::chain_cert("root.pem");
    ASSERT_TRUE(store.add(root));
    const std::shared_ptr<const crypto::Provider> first = std::make_shared<CountingProvider>();
    const auto second = std::make_shared<CountingProvider>();
    const Certificate& anchor = *store.anchors().front();
    EXPECT_EQ(store.anchor_key(root, first), nullptr);  // an equal certificate, but not the store's object
    EXPECT_EQ(store.anchor_key(test::chain_cert("int.pem"), first), nullptr);
    EXPECT_EQ(store.anchor_key(anchor, nullptr), nullptr);
    ASSERT_NE(store.anchor_key(anchor, first), nullptr);
    EXPECT_EQ(store.anchor_key(anchor, second), nullptr);  // only the first provider's key is kept
    EXPECT_EQ(second->loads.load(), 0);
}

TEST(TrustStore, VerificationsLoadTheAnchorKeyOnce) {
    const auto leaf = test::chain_cert("leaf.pem");
    const auto inter = test::chain_certs({"int.pem"});
    const auto store = test::store_of({"root.pem"});
    const auto provider = std::make_shared<CountingProvider>();
    auto options = test::options_for(leaf, PeerName::dns("www.example.com"));
    options.provider = provider;
    for (int i = 0; i < 3; ++i) {
        const auto chain = verify_chain(leaf, inter, store, options);
        ASSERT_TRUE(chain.ok()) << chain.error().to_string();
    }
    // Per verification: the leaf's issuer (intermediate) key; the root's key only the first time.
    EXPECT_EQ(provider->loads.load(), 3 + 1);

    // Another provider still verifies (loading the anchor key itself), and a bad signature is still found.
    auto other = options;
    other.provider = std::make_shared<CountingProvider>();
    EXPECT_TRUE(verify_chain(leaf, inter, store, other).ok());
    const auto wrong_root = test::store_of({"root2.pem"});
    EXPECT_FALSE(verify_chain(leaf, inter, wrong_root, options).ok());
}

TEST(TrustStore, PemBundle) {
    const auto a = test::read_vector("chains/generated/root.pem");
    const auto b = test::read_vector("chains/generated/root2.pem");
    std::vector<std::uint8_t> bundle(a);
    const std::string between = "\nsome text between blocks\n";
    bundle.insert(bundle.end(), between.begin(), between.end());
    bundle.insert(bundle.end(), b.begin(), b.end());
    TrustStore store;
    const auto added = store.add_pem_bundle(bundle);
    ASSERT_TRUE(added.ok()) << added.error().to_string();
    EXPECT_EQ(*added, 2U);
    const std::string broken = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
    EXPECT_FALSE(store.add_pem_bundle(std::vector<std::uint8_t>(broken.begin(), broken.end())).ok());
    EXPECT_EQ(store.size(), 2U);
}

TEST(TrustStore, LoadFileAndMissingFile) {
    TrustStore store;
    const auto loaded = store.load_file(std::string(NXS_SOURCE_DIR) + "/tests/vectors/x509/chains/generated/root.pem");
    ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
    EXPECT_EQ(*loaded, 1U);
    const auto missing = store.load_file("/nonexistent/nxs/bundle.pem");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().status(), Status::kTlsCertificateNotFound);
    EXPECT_NE(missing.error().message().find("/nonexistent/nxs/bundle.pem"), std::string::npos);
}

TEST(TrustStore, SystemStoreHonoursSslCertFile) {
    const std::string file = std::string(NXS_SOURCE_DIR) + "/tests/vectors/x509/chains/generated/root2.pem";
    ASSERT_EQ(setenv("SSL_CERT_FILE", file.c_str(), 1), 0);
    unsetenv("SSL_CERT_DIR");
    TrustStore store;
    const auto loaded = store.load_system();
    unsetenv("SSL_CERT_FILE");
    ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
    EXPECT_EQ(*loaded, 1U);
    EXPECT_EQ(store.anchors().front()->subject().to_string(), "O=Other,CN=Other Root");
}

TEST(TrustStore, SystemStoreHonoursSslCertDir) {
    const std::string dir = std::string(NXS_SOURCE_DIR) + "/tests/vectors/x509/chains/generated";
    ASSERT_EQ(setenv("SSL_CERT_DIR", dir.c_str(), 1), 0);
    ASSERT_EQ(setenv("SSL_CERT_FILE", "/nonexistent/nxs/bundle.pem", 1), 0);
    TrustStore store;
    const auto loaded = store.load_system();
    EXPECT_FALSE(loaded.ok());  // an explicit SSL_CERT_FILE must load
    unsetenv("SSL_CERT_FILE");
    const auto again = store.load_system();
    unsetenv("SSL_CERT_DIR");
    ASSERT_TRUE(again.ok()) << again.error().to_string();
    EXPECT_GT(store.size(), 10U);  // every parseable .pem of the folder
}

}  // namespace
}  // namespace nxs::x509
