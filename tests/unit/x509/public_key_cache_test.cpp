// PublicKeyCache: hits and misses, LRU eviction, byte-exact keying, one provider's keys never served to another,
// verification results unchanged with a warm cache, and concurrent use.
#include "nxs/x509/public_key_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "chain_test_support.h"
#include "counting_provider.h"
#include "nxs/crypto/provider.h"
#include "nxs/x509/verify.h"

namespace nxs::x509 {
namespace {

using test::chain_cert;
using test::chain_certs;
using test::CountingProvider;
using test::options_for;
using test::store_of;

std::vector<std::uint8_t> spki_of(const char* name) {
    const Certificate cert = chain_cert(name);  // public_key().der is a view into the certificate
    const auto der = cert.public_key().der;
    return {der.begin(), der.end()};
}

bool same_bytes(Bytes a, Bytes b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

TEST(PublicKeyCache, SecondLoadIsAHit) {
    PublicKeyCache cache;
    const auto provider = std::make_shared<CountingProvider>();
    const auto spki = spki_of("int.pem");
    const auto first = cache.load(provider, spki);
    ASSERT_TRUE(first.ok()) << first.error().to_string();
    const auto second = cache.load(provider, spki);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(first->get(), second->get());
    EXPECT_TRUE(same_bytes((*second)->spki_der(), spki));
    EXPECT_EQ(provider->loads.load(), 1);
    EXPECT_EQ(cache.stats().hits, 1U);
    EXPECT_EQ(cache.stats().misses, 1U);
    EXPECT_EQ(cache.size(), 1U);
    EXPECT_EQ(cache.capacity(), PublicKeyCache::kDefaultCapacity);

    cache.clear();
    EXPECT_EQ(cache.size(), 0U);
    ASSERT_TRUE(cache.load(provider, spki).ok());
    EXPECT_EQ(provider->loads.load(), 2);
    EXPECT_FALSE(cache.load(nullptr, spki).ok());
}

TEST(PublicKeyCache, KeyedByEveryByte) {
    PublicKeyCache cache;
    const auto provider = std::make_shared<CountingProvider>();
    // An RSA key: one modulus byte changed is another valid key of the same size, and the same DER length.
    const auto spki = spki_of("rsa_leaf.pem");
    auto changed = spki;
    changed[changed.size() - 40] ^= 0x01;
    const auto a = cache.load(provider, spki);
    const auto b = cache.load(provider, changed);
    ASSERT_TRUE(a.ok()) << a.error().to_string();
    ASSERT_TRUE(b.ok()) << b.error().to_string();
    EXPECT_NE(a->get(), b->get());
    EXPECT_TRUE(same_bytes((*a)->spki_der(), spki));
    EXPECT_TRUE(same_bytes((*b)->spki_der(), changed));
    EXPECT_EQ(provider->loads.load(), 2);
    EXPECT_EQ(cache.size(), 2U);
    // A prefix of the bytes is not the key either.
    const std::vector<std::uint8_t> prefix(spki.begin(), spki.end() - 1);
    EXPECT_FALSE(cache.load(provider, prefix).ok());
    EXPECT_EQ(provider->loads.load(), 3);
}

TEST(PublicKeyCache, FailedLoadsAreNotKept) {
    PublicKeyCache cache;
    const auto provider = std::make_shared<CountingProvider>();
    auto broken = spki_of("int.pem");
    broken.back() ^= 0xFF;  // the P-256 point is no longer on the curve
    const auto first = cache.load(provider, broken);
    const auto direct = provider->load_public_key(broken);
    ASSERT_FALSE(first.ok());
    ASSERT_FALSE(direct.ok());
    EXPECT_EQ(first.status(), direct.status());  // the provider's own error
    EXPECT_FALSE(cache.load(provider, broken).ok());
    EXPECT_EQ(provider->loads.load(), 3);
    EXPECT_EQ(cache.size(), 0U);
}

TEST(PublicKeyCache, EvictsTheLeastRecentlyUsed) {
    PublicKeyCache cache(2);
    const auto provider = std::make_shared<CountingProvider>();
    const auto a = spki_of("root.pem");
    const auto b = spki_of("root2.pem");
    const auto c = spki_of("int.pem");
    ASSERT_TRUE(cache.load(provider, a).ok());
    ASSERT_TRUE(cache.load(provider, b).ok());
    ASSERT_TRUE(cache.load(provider, a).ok());  // a is now the most recently used
    ASSERT_TRUE(cache.load(provider, c).ok());  // evicts b
    EXPECT_EQ(cache.size(), 2U);
    EXPECT_EQ(provider->loads.load(), 3);
    ASSERT_TRUE(cache.load(provider, a).ok());
    ASSERT_TRUE(cache.load(provider, c).ok());
    EXPECT_EQ(provider->loads.load(), 3);
    ASSERT_TRUE(cache.load(provider, b).ok());  // loaded again; evicts a
    EXPECT_EQ(provider->loads.load(), 4);
    ASSERT_TRUE(cache.load(provider, a).ok());
    EXPECT_EQ(provider->loads.load(), 5);
    EXPECT_EQ(cache.size(), 2U);

    // An evicted key stays valid for whoever still holds it.
    PublicKeyCache tiny(1);
    const auto held = tiny.load(provider, a);
    ASSERT_TRUE(held.ok());
    ASSERT_TRUE(tiny.load(provider, b).ok());
    EXPECT_TRUE(same_bytes((*held)->spki_der(), a));

    PublicKeyCache none(0);
    ASSERT_TRUE(none.load(provider, a).ok());
    ASSERT_TRUE(none.load(provider, a).ok());
    EXPECT_EQ(none.size(), 0U);
    EXPECT_EQ(provider->loads.load(), 5 + 2 + 2);
}

TEST(PublicKeyCache, ProvidersAreNotMixed) {
    PublicKeyCache cache;
    const auto first = std::make_shared<CountingProvider>();
    const auto second = std::make_shared<CountingProvider>();
    const auto spki = spki_of("int.pem");
    const auto a = cache.load(first, spki);
    const auto b = cache.load(second, spki);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_NE(a->get(), b->get());
    EXPECT_EQ(first->loads.load(), 1);
    EXPECT_EQ(second->loads.load(), 1);
    EXPECT_EQ(cache.load(first, spki)->get(), a->get());
    EXPECT_EQ(cache.load(second, spki)->get(), b->get());
    EXPECT_EQ(first->loads.load() + second->loads.load(), 2);
}

TEST(PublicKeyCache, VerificationsLoadTheIntermediateOnce) {
    const auto leaf = chain_cert("leaf.pem");
    const auto inter = chain_certs({"int.pem"});
    const auto store = store_of({"root.pem"});
    const auto provider = std::make_shared<CountingProvider>();
    auto options = options_for(leaf, PeerName::dns("www.example.com"));
    options.provider = provider;
    options.public_key_cache = std::make_shared<PublicKeyCache>();
    for (int i = 0; i < 3; ++i) {
        const auto chain = verify_chain(leaf, inter, store, options);
        ASSERT_TRUE(chain.ok()) << chain.error().to_string();
        EXPECT_EQ(chain->signature_checks, 2U);  // every signature is still checked
    }
    EXPECT_EQ(provider->loads.load(), 2);  // the root's (trust store) and the intermediate's (cache), once each
    EXPECT_EQ(options.public_key_cache->stats().hits, 2U);
}

TEST(PublicKeyCache, BadSignatureStillFailsWithAWarmCache) {  // 0x117
    const auto good = chain_cert("rsa_leaf.pem");
    const auto bad = chain_cert("rsa_leaf_badsig.der");
    const auto inter = chain_certs({"rsa_int.pem"});
    const auto store = store_of({"root.pem"});
    auto options = options_for(good);
    options.public_key_cache = std::make_shared<PublicKeyCache>();
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(verify_chain(good, inter, store, options).ok());
        const auto r = verify_chain(bad, inter, store, options);
        EXPECT_VERIFY_ERROR(r, Status::kTlsCertificateSigCheckFailed, 0, "signature that does not verify");
    }
    EXPECT_GE(options.public_key_cache->stats().hits, 3U);
    // And the other way round: a chain that fails under one trust store passes under the right one, same cache.
    const auto leaf = chain_cert("leaf.pem");
    const auto ecdsa_int = chain_certs({"int.pem"});
    EXPECT_FALSE(verify_chain(leaf, ecdsa_int, store_of({"root2.pem"}), options).ok());
    EXPECT_TRUE(verify_chain(leaf, ecdsa_int, store, options).ok());
}

TEST(PublicKeyCache, ConcurrentVerifications) {
    const auto leaf = chain_cert("leaf.pem");
    const auto inter = chain_certs({"int.pem"});
    const auto rsa_leaf = chain_cert("rsa_leaf.pem");
    const auto rsa_inter = chain_certs({"rsa_int.pem"});
    const auto bad = chain_cert("rsa_leaf_badsig.der");
    const auto store = store_of({"root.pem"});
    const auto provider = std::make_shared<CountingProvider>();
    const std::vector<std::vector<std::uint8_t>> spkis = {spki_of("root2.pem"), spki_of("leaf.pem"),
                                                          spki_of("rsa_leaf.pem")};
    auto options = options_for(leaf);
    options.provider = provider;
    options.public_key_cache = std::make_shared<PublicKeyCache>(3);  // small: eviction under contention too

    constexpr int kThreads = 4;
    constexpr int kRounds = 75;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kRounds; ++i) {
                failures += verify_chain(leaf, inter, store, options).ok() ? 0 : 1;
                failures += verify_chain(rsa_leaf, rsa_inter, store, options).ok() ? 0 : 1;
                failures += verify_chain(bad, rsa_inter, store, options).ok() ? 1 : 0;
                const auto& spki = spkis[static_cast<std::size_t>(i + t) % spkis.size()];
                const auto key = options.public_key_cache->load(provider, spki);
                failures += key.ok() && same_bytes((*key)->spki_der(), spki) ? 0 : 1;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_LE(options.public_key_cache->size(), 3U);
    const auto stats = options.public_key_cache->stats();
    EXPECT_EQ(stats.hits + stats.misses, static_cast<std::uint64_t>(kThreads * kRounds * 4));
}

}  // namespace
}  // namespace nxs::x509
