// Key shares: a round trip for every group, the deterministic path, and invalid peer values (RFC 8446 §4.2.8).
#include <gtest/gtest.h>

#include "test_support.h"

namespace nxs::crypto::test {
namespace {

constexpr NamedGroup kGroups[] = {NamedGroup::kSecp256r1, NamedGroup::kSecp384r1, NamedGroup::kSecp521r1,
                                  NamedGroup::kX25519,    NamedGroup::kX448,      NamedGroup::kFfdhe2048,
                                  NamedGroup::kFfdhe3072, NamedGroup::kFfdhe4096, NamedGroup::kFfdhe6144,
                                  NamedGroup::kFfdhe8192};

class KeyShareRoundTrip : public ::testing::TestWithParam<NamedGroup> {};

TEST_P(KeyShareRoundTrip, BothSidesAgree) {
    const auto provider = default_provider();
    auto client = provider->generate_key_share(GetParam());
    auto server = provider->generate_key_share(GetParam());
    ASSERT_TRUE(client.ok()) << client.error().to_string();
    ASSERT_TRUE(server.ok()) << server.error().to_string();
    EXPECT_EQ((*client)->group(), GetParam());
    auto a = (*client)->derive((*server)->public_key());
    auto b = (*server)->derive((*client)->public_key());
    ASSERT_TRUE(a.ok()) << a.error().to_string();
    ASSERT_TRUE(b.ok()) << b.error().to_string();
    EXPECT_TRUE(*a == *b);
    EXPECT_NE(to_vector((*client)->public_key()), to_vector((*server)->public_key()));
}

TEST_P(KeyShareRoundTrip, FromPrivateIsDeterministic) {
    const auto provider = default_provider();
    const std::size_t length = GetParam() == NamedGroup::kX448        ? 56
                               : GetParam() == NamedGroup::kSecp384r1 ? 48
                               : GetParam() == NamedGroup::kSecp521r1 ? 66
                                                                      : 32;
    std::vector<std::uint8_t> private_value(length, 0x11);
    if (GetParam() == NamedGroup::kSecp521r1) {
        private_value[0] = 0x01;  // the P-521 order is 521 bits: keep the scalar below it
    }
    auto first = provider->key_share_from_private(GetParam(), private_value);
    auto second = provider->key_share_from_private(GetParam(), private_value);
    ASSERT_TRUE(first.ok()) << first.error().to_string();
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(to_vector((*first)->public_key()), to_vector((*second)->public_key()));
    auto peer = provider->generate_key_share(GetParam());
    ASSERT_TRUE(peer.ok());
    auto a = (*first)->derive((*peer)->public_key());
    auto b = (*peer)->derive((*first)->public_key());
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(*a == *b);
}

TEST_P(KeyShareRoundTrip, WrongLengthPeerIsRejected) {
    auto share = default_provider()->generate_key_share(GetParam());
    ASSERT_TRUE(share.ok());
    auto peer = to_vector((*share)->public_key());
    peer.push_back(0);
    EXPECT_EQ((*share)->derive(peer).status(), Status::kTlsUnsupportedEccFormat);
    peer.resize(peer.size() - 2);
    EXPECT_EQ((*share)->derive(peer).status(), Status::kTlsUnsupportedEccFormat);
    EXPECT_EQ((*share)->derive({}).status(), Status::kTlsUnsupportedEccFormat);
}

INSTANTIATE_TEST_SUITE_P(AllGroups, KeyShareRoundTrip, ::testing::ValuesIn(kGroups),
                         [](const ::testing::TestParamInfo<NamedGroup>& param) {
                             return std::string(group_name(param.param));
                         });

TEST(KeyShare, PointNotOnCurveIsRejected) {
    auto share = default_provider()->generate_key_share(NamedGroup::kSecp256r1);
    ASSERT_TRUE(share.ok());
    auto peer = to_vector((*share)->public_key());
    ASSERT_EQ(peer.size(), 65u);
    peer[64] ^= 1;  // y no longer matches x
    auto result = (*share)->derive(peer);
    EXPECT_EQ(result.status(), Status::kTlsUnsupportedEccFormat);
    EXPECT_TRUE(result.error().has_detail());
}

TEST(KeyShare, CompressedPointIsRejected) {
    auto share = default_provider()->generate_key_share(NamedGroup::kSecp256r1);
    ASSERT_TRUE(share.ok());
    auto peer = to_vector((*share)->public_key());
    ASSERT_EQ(peer.size(), 65u);
    peer[0] = 0x02;  // RFC 8446 §4.2.8.2: only uncompressed points
    EXPECT_EQ((*share)->derive(peer).status(), Status::kTlsUnsupportedEccFormat);
}

TEST(KeyShare, SmallOrderX25519PointsAreRejected) {
    auto share = default_provider()->generate_key_share(NamedGroup::kX25519);
    ASSERT_TRUE(share.ok());
    // The zero point and u = 1 give an all-zero shared secret (RFC 7748 §6.1, RFC 8446 §7.4.2).
    EXPECT_EQ((*share)->derive(std::vector<std::uint8_t>(32, 0)).status(), Status::kTlsUnsupportedEccFormat);
    std::vector<std::uint8_t> one(32, 0);
    one[0] = 1;
    EXPECT_EQ((*share)->derive(one).status(), Status::kTlsUnsupportedEccFormat);
}

TEST(KeyShare, FfdheValuesOutsideRangeAreRejected) {
    auto share = default_provider()->generate_key_share(NamedGroup::kFfdhe2048);
    ASSERT_TRUE(share.ok());
    EXPECT_EQ((*share)->public_key().size(), 256u);
    std::vector<std::uint8_t> value(256, 0);
    EXPECT_EQ((*share)->derive(value).status(), Status::kTlsUnsupportedEccFormat);  // 0
    value[255] = 1;
    EXPECT_EQ((*share)->derive(value).status(), Status::kTlsUnsupportedEccFormat);  // 1
    // RFC 7919 primes end in 64 one bits, so p - 1 is the prime with its last byte 0xFE, and all-ones exceeds p.
    std::vector<std::uint8_t> all_ones(256, 0xFF);
    EXPECT_EQ((*share)->derive(all_ones).status(), Status::kTlsUnsupportedEccFormat);
}

TEST(KeyShare, InvalidPrivateValuesAreRejected) {
    const auto provider = default_provider();
    EXPECT_EQ(provider->key_share_from_private(NamedGroup::kX25519, std::vector<std::uint8_t>(31, 1)).status(),
              Status::kTlsUnsupportedEccFormat);
    EXPECT_EQ(provider->key_share_from_private(NamedGroup::kSecp256r1, std::vector<std::uint8_t>(32, 0)).status(),
              Status::kTlsUnsupportedEccFormat);  // zero scalar
    EXPECT_EQ(provider->key_share_from_private(NamedGroup::kSecp256r1, std::vector<std::uint8_t>(32, 0xFF)).status(),
              Status::kTlsUnsupportedEccFormat);  // >= group order
    EXPECT_EQ(provider->key_share_from_private(NamedGroup::kFfdhe2048, {}).status(), Status::kTlsUnsupportedEccFormat);
    EXPECT_EQ(provider->generate_key_share(static_cast<NamedGroup>(0x4242)).status(), Status::kTlsMissingCryptoRoutine);
}

}  // namespace
}  // namespace nxs::crypto::test
