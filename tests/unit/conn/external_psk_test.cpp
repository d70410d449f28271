// External PSKs (RFC 8446 §2.2) between two nxs engines in memory: PSK-only connections without certificates,
// several identities, unknown identities with and without a certificate to fall back to, a wrong key, the store's
// limits.
#include <gtest/gtest.h>

#include "conn_test_support.h"

namespace nxs::testing {
namespace {

std::vector<std::uint8_t> bytes(std::string_view text) {
    return {text.begin(), text.end()};
}

const std::vector<std::uint8_t> kKey(32, 0x42);

std::shared_ptr<Config> psk_server(std::initializer_list<std::string_view> identities) {
    auto config = std::make_shared<Config>(Role::kServer);
    for (const auto identity : identities) {
        EXPECT_TRUE(config->add_external_psk(bytes(identity), kKey).ok());
    }
    return config;
}

std::shared_ptr<Config> psk_client(std::string_view identity, std::vector<std::uint8_t> key = kKey) {
    auto config = std::make_shared<Config>(Role::kClient);
    config->allow_no_server_name = true;  // no certificate is expected: nothing to check a name against
    EXPECT_TRUE(config->add_external_psk(bytes(identity), std::move(key)).ok());
    return config;
}

TEST(ExternalPsk, PskOnlyWithoutCertificates) {
    auto pair = Pair::make(psk_client("device-7"), psk_server({"device-1", "device-7", "device-9"}), "");
    pair.run();
    ASSERT_TRUE(pair.established()) << pair.client_status.error().to_string() << " / "
                                    << pair.server_status.error().to_string();
    EXPECT_EQ(pair.client->info().psk_identity, "device-7");
    EXPECT_EQ(pair.server->info().psk_identity, "device-7");
    EXPECT_FALSE(pair.client->info().resumed);
    EXPECT_TRUE(pair.client->info().peer_chain.empty());
    EXPECT_EQ(pair.server->info().certificate_id, 0U);
    ASSERT_TRUE(pair.client->write(bytes_of("hello")).ok());
    pair.run();
    EXPECT_EQ(read_all(*pair.server), "hello");
}

TEST(ExternalPsk, Sha384PskWithASha384Suite) {
    auto server = std::make_shared<Config>(Role::kServer);
    ASSERT_TRUE(server->add_external_psk(bytes("big"), kKey, crypto::HashAlgorithm::kSha384).ok());
    auto client = std::make_shared<Config>(Role::kClient);
    client->allow_no_server_name = true;
    client->cipher_suites = {CipherSuiteId::kAes256GcmSha384};
    ASSERT_TRUE(client->add_external_psk(bytes("big"), kKey, crypto::HashAlgorithm::kSha384).ok());
    auto pair = Pair::make(client, server, "");
    pair.run();
    ASSERT_TRUE(pair.established());
    EXPECT_EQ(pair.client->info().psk_identity, "big");
}

TEST(ExternalPsk, UnknownIdentityWithoutCertificateIsNoMatchingPsk) {
    auto pair = Pair::make(psk_client("stranger"), psk_server({"device-1"}), "");
    pair.run();
    ASSERT_FALSE(pair.server_status.ok());
    EXPECT_EQ(pair.server_status.status(), Status::kTlsNoMatchingPsk);
    EXPECT_EQ(pair.client->received_alert(), AlertDescription::kUnknownPskIdentity);
}

TEST(ExternalPsk, UnknownIdentityFallsBackToTheCertificate) {
    auto server = server_config();
    ASSERT_TRUE(server->add_external_psk(bytes("device-1"), kKey).ok());
    auto client = client_config();
    ASSERT_TRUE(client->add_external_psk(bytes("stranger"), kKey).ok());
    auto pair = Pair::make(client, server);
    pair.run();
    ASSERT_TRUE(pair.established());
    EXPECT_EQ(pair.client->info().psk_identity, "");
    EXPECT_TRUE(pair.client->info().peer_verified);
}

TEST(ExternalPsk, WrongKeyIsBinderMismatch) {
    auto pair = Pair::make(psk_client("device-1", std::vector<std::uint8_t>(32, 0x43)), psk_server({"device-1"}), "");
    pair.run();
    ASSERT_FALSE(pair.server_status.ok());
    EXPECT_EQ(pair.server_status.status(), Status::kTlsPskBinderMismatch);
    EXPECT_EQ(pair.client->received_alert(), AlertDescription::kDecryptError);
}

TEST(ExternalPsk, StoreLimitsAndArguments) {
    Config config(Role::kServer);
    config.max_external_psks = 2;
    EXPECT_TRUE(config.add_external_psk(bytes("a"), kKey).ok());
    EXPECT_EQ(config.add_external_psk(bytes("a"), kKey).status(), Status::kTlsInvalidState);
    EXPECT_TRUE(config.add_external_psk(bytes("b"), kKey).ok());
    EXPECT_EQ(config.add_external_psk(bytes("c"), kKey).status(), Status::kTlsNoMorePskSpace);
    EXPECT_EQ(config.add_external_psk({}, kKey).status(), Status::kTlsInvalidState);
    EXPECT_EQ(config.add_external_psk(bytes("d"), {}).status(), Status::kTlsInvalidState);
    EXPECT_EQ(config.add_external_psk(std::vector<std::uint8_t>(65536, 1), kKey).status(), Status::kTlsInvalidState);
    EXPECT_EQ(config.add_external_psk(bytes("e"), std::vector<std::uint8_t>(256, 1)).status(),
              Status::kTlsInvalidState);
    EXPECT_EQ(config.add_external_psk(bytes("f"), kKey, crypto::HashAlgorithm::kSha1).status(),
              Status::kTlsUnsupportedFeature);
    EXPECT_EQ(config.external_psks().size(), 2U);
}

TEST(ExternalPsk, ResumesFromTicketsOfAPskConnection) {
    auto client = psk_client("device-1");
    auto server = psk_server({"device-1"});
    auto pair = Pair::make(client, server, "");
    pair.run();
    ASSERT_TRUE(pair.established());
    const auto session = pair.client->session();
    ASSERT_TRUE(session.has_value());
    auto resumed_client = Connection::client(client, "", *session).value();
    auto resumed_server = Connection::server(server).value();
    Pair again;
    again.client = std::move(resumed_client);
    again.server = std::move(resumed_server);
    again.run();
    ASSERT_TRUE(again.established());
    EXPECT_TRUE(again.server->info().resumed);
}

}  // namespace
}  // namespace nxs::testing
