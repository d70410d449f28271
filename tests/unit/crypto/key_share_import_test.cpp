// Key shares through the provider's prepared import contexts (one per key type, shared by every connection and
// thread): RFC 7748's vectors, generated X25519/X448 pairs, concurrent use, and a provider whose property query
// offers no key exchange at all.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crypto/openssl/openssl_provider.h"
#include "test_support.h"

namespace nxs::crypto::test {
namespace {

struct XdhVector {
    NamedGroup group;
    const char* alice_private;
    const char* alice_public;
    const char* bob_private;
    const char* bob_public;
    const char* shared;
};

// RFC 7748 §6.1 (X25519) and §6.2 (X448).
const XdhVector kRfc7748[] = {
    {NamedGroup::kX25519, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
     "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
     "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
     "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
     "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"},
    {NamedGroup::kX448,
     "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
     "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
     "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
     "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
     "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879"
     "d"},
};

TEST(KeyShareImport, Rfc7748VectorsBothWays) {
    const auto provider = default_provider();
    for (const XdhVector& vector : kRfc7748) {
        SCOPED_TRACE(group_name(vector.group));
        auto alice = provider->key_share_from_private(vector.group, hex(vector.alice_private));
        auto bob = provider->key_share_from_private(vector.group, hex(vector.bob_private));
        ASSERT_TRUE(alice.ok()) << alice.error().to_string();
        ASSERT_TRUE(bob.ok()) << bob.error().to_string();
        EXPECT_EQ(to_vector((*alice)->public_key()), hex(vector.alice_public));
        EXPECT_EQ(to_vector((*bob)->public_key()), hex(vector.bob_public));
        auto a = (*alice)->derive(hex(vector.bob_public));
        auto b = (*bob)->derive(hex(vector.alice_public));
        ASSERT_TRUE(a.ok()) << a.error().to_string();
        ASSERT_TRUE(b.ok()) << b.error().to_string();
        EXPECT_EQ(to_vector(*a), hex(vector.shared));
        EXPECT_EQ(to_vector(*b), hex(vector.shared));
    }
}

// A generated share agrees with one made from a known private value, and generated public values differ.
TEST(KeyShareImport, GeneratedXdhSharesAgreeWithKnownKeys) {
    const auto provider = default_provider();
    for (const XdhVector& vector : kRfc7748) {
        SCOPED_TRACE(group_name(vector.group));
        auto known = provider->key_share_from_private(vector.group, hex(vector.alice_private));
        ASSERT_TRUE(known.ok());
        std::set<std::string> publics;  // as strings: GCC 12 warns falsely on std::set<std::vector<std::uint8_t>>
        for (int i = 0; i < 8; ++i) {
            auto fresh = provider->generate_key_share(vector.group);
            ASSERT_TRUE(fresh.ok()) << fresh.error().to_string();
            EXPECT_EQ((*fresh)->group(), vector.group);
            EXPECT_EQ((*fresh)->public_key().size(), hex(vector.alice_public).size());
            const auto public_key = (*fresh)->public_key();
            publics.insert(std::string(public_key.begin(), public_key.end()));
            auto a = (*known)->derive((*fresh)->public_key());
            auto b = (*fresh)->derive((*known)->public_key());
            ASSERT_TRUE(a.ok() && b.ok());
            EXPECT_TRUE(*a == *b);
        }
        EXPECT_EQ(publics.size(), 8u);
    }
}

// A share derives more than once (its prepared exchange context serves only the first), and each thread's reused
// peer key takes every new peer value: alternating peers, a refused small-order value among them, and two providers
// (each with its own key managers) in turn.
TEST(KeyShareImport, RepeatedDerivationsAcrossPeersAndProviders) {
    const auto first = openssl::make_provider();
    const auto second = openssl::make_provider();
    for (const XdhVector& vector : kRfc7748) {
        SCOPED_TRACE(group_name(vector.group));
        auto alice = first->key_share_from_private(vector.group, hex(vector.alice_private));
        auto bob = second->key_share_from_private(vector.group, hex(vector.bob_private));
        auto other = first->generate_key_share(vector.group);
        ASSERT_TRUE(alice.ok() && bob.ok() && other.ok());
        const std::vector<std::uint8_t> small_order(hex(vector.alice_public).size(), 0);
        for (int round = 0; round < 3; ++round) {
            auto a = (*alice)->derive(hex(vector.bob_public));
            ASSERT_TRUE(a.ok()) << a.error().to_string();
            EXPECT_EQ(to_vector(*a), hex(vector.shared));
            EXPECT_EQ((*alice)->derive(small_order).status(), Status::kTlsUnsupportedEccFormat);
            auto with_other = (*alice)->derive((*other)->public_key());
            auto from_other = (*other)->derive(hex(vector.alice_public));
            ASSERT_TRUE(with_other.ok() && from_other.ok());
            EXPECT_TRUE(*with_other == *from_other);
            EXPECT_FALSE(*with_other == *a);
            auto b = (*bob)->derive(hex(vector.alice_public));
            ASSERT_TRUE(b.ok()) << b.error().to_string();
            EXPECT_EQ(to_vector(*b), hex(vector.shared));
        }
    }
}

// Low-order peer values still fail without OpenSSL's (empty, for X25519/X448) public-key check.
TEST(KeyShareImport, SmallOrderX448PointsAreRejected) {
    auto share = default_provider()->generate_key_share(NamedGroup::kX448);
    ASSERT_TRUE(share.ok());
    std::vector<std::uint8_t> zero(56, 0);
    EXPECT_EQ((*share)->derive(zero).status(), Status::kTlsUnsupportedEccFormat);
    std::vector<std::uint8_t> one(56, 0);
    one[0] = 1;
    EXPECT_EQ((*share)->derive(one).status(), Status::kTlsUnsupportedEccFormat);
}

// One provider (so one set of import contexts) used by several threads at once: every exchange must still agree.
TEST(KeyShareImport, ConcurrentExchangesThroughOneProvider) {
    const auto provider = openssl::make_provider();
    constexpr NamedGroup kGroups[] = {NamedGroup::kX25519, NamedGroup::kX448, NamedGroup::kSecp256r1,
                                      NamedGroup::kFfdhe2048};
    constexpr std::size_t kThreads = 4;
    constexpr std::size_t kRounds = 12;
    std::vector<int> failures(kThreads, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (std::size_t round = 0; round < kRounds; ++round) {
                // FFDHE is slow: only every fourth round uses it.
                const NamedGroup group = kGroups[(t + round) % (round % 4 == 0 ? 4 : 3)];
                auto client = provider->generate_key_share(group);
                auto server = provider->generate_key_share(group);
                if (!client.ok() || !server.ok()) {
                    ++failures[t];
                    continue;
                }
                auto a = (*client)->derive((*server)->public_key());
                auto b = (*server)->derive((*client)->public_key());
                if (!a.ok() || !b.ok() || !(*a == *b)) {
                    ++failures[t];
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (std::size_t t = 0; t < kThreads; ++t) {
        EXPECT_EQ(failures[t], 0) << "thread " << t;
    }
}

// The import contexts are fetched under the provider's property query: a query no OpenSSL provider answers leaves
// every group unsupported, and asking for one fails cleanly.
TEST(KeyShareImport, GroupsFollowThePropertyQuery) {
    const auto named = openssl::make_provider({.properties = "provider=default"});
    ASSERT_TRUE(named->supports(NamedGroup::kX25519));
    auto share = named->generate_key_share(NamedGroup::kX25519);
    ASSERT_TRUE(share.ok()) << share.error().to_string();
    auto known = named->key_share_from_private(NamedGroup::kX25519, hex(kRfc7748[0].alice_private));
    ASSERT_TRUE(known.ok());
    EXPECT_EQ(to_vector((*known)->public_key()), hex(kRfc7748[0].alice_public));

    const auto nowhere = openssl::make_provider({.properties = "provider=nxs-no-such-provider"});
    for (const NamedGroup group :
         {NamedGroup::kX25519, NamedGroup::kX448, NamedGroup::kSecp256r1, NamedGroup::kFfdhe2048}) {
        SCOPED_TRACE(group_name(group));
        EXPECT_FALSE(nowhere->supports(group));
        EXPECT_EQ(nowhere->generate_key_share(group).status(), Status::kTlsMissingCryptoRoutine);
        EXPECT_EQ(nowhere->key_share_from_private(group, std::vector<std::uint8_t>(32, 1)).status(),
                  Status::kTlsMissingCryptoRoutine);
    }
}

}  // namespace
}  // namespace nxs::crypto::test
