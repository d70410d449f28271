// TLS 1.3 between two nxs engines in memory: every suite, group and certificate type, client authentication, SNI,
// HelloRetryRequest, KeyUpdate, close_notify, and the failures each side must report with its code and alert.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "conn_test_support.h"

namespace nxs::testing {
namespace {

using crypto::NamedGroup;

// --- the matrix: suite × group × server certificate ---

using MatrixParam = std::tuple<CipherSuiteId, NamedGroup, std::string>;

class HandshakeMatrix : public ::testing::TestWithParam<MatrixParam> {};

TEST_P(HandshakeMatrix, CompletesAndCarriesData) {
    const auto [suite, group, certificate] = GetParam();
    auto client_cfg = client_config();
    client_cfg->cipher_suites = {suite};
    client_cfg->groups = {group};
    client_cfg->key_share_groups = {group};
    auto server_cfg = server_config(certificate);
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    ASSERT_TRUE(pair.client_status.ok()) << pair.client_status.error().to_string();
    ASSERT_TRUE(pair.server_status.ok()) << pair.server_status.error().to_string();
    ASSERT_TRUE(pair.established());

    const auto& info = pair.client->info();
    EXPECT_EQ(info.version_name, "TLSv1.3");
    EXPECT_EQ(info.cipher_suite, static_cast<std::uint16_t>(suite));
    EXPECT_EQ(info.group, group);
    EXPECT_TRUE(info.peer_verified);
    EXPECT_FALSE(info.hello_retry);
    EXPECT_EQ(pair.server->info().cipher_suite_name, info.cipher_suite_name);

    ASSERT_TRUE(pair.client->write(bytes_of("ping")).ok());
    pair.run();
    EXPECT_EQ(read_all(*pair.server), "ping");
    ASSERT_TRUE(pair.server->write(bytes_of("pong")).ok());
    pair.run();
    EXPECT_EQ(read_all(*pair.client), "pong");
}

INSTANTIATE_TEST_SUITE_P(
    AllSuitesGroupsAndKeys, HandshakeMatrix,
    ::testing::Combine(::testing::Values(CipherSuiteId::kAes128GcmSha256, CipherSuiteId::kAes256GcmSha384,
                                         CipherSuiteId::kChaCha20Poly1305Sha256, CipherSuiteId::kAes128CcmSha256,
                                         CipherSuiteId::kAes128Ccm8Sha256),
                       ::testing::Values(NamedGroup::kX25519, NamedGroup::kSecp256r1, NamedGroup::kSecp384r1,
                                         NamedGroup::kSecp521r1, NamedGroup::kX448),
                       ::testing::Values("server-p256", "server-p384", "server-rsa", "server-ed25519")));

TEST(Connection, FfdheGroupWorks) {
    auto client_cfg = client_config();
    client_cfg->groups = {NamedGroup::kFfdhe2048};
    client_cfg->key_share_groups = {NamedGroup::kFfdhe2048};
    auto server_cfg = server_config();
    server_cfg->groups = {NamedGroup::kFfdhe2048};
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    ASSERT_TRUE(pair.established()) << status_name(pair.client_status.status()) << " "
                                    << status_name(pair.server_status.status());
    EXPECT_EQ(pair.client->info().group_name, "ffdhe2048");
}

// --- HelloRetryRequest ---

TEST(Connection, HelloRetryRequestWhenNoShareFits) {
    auto client_cfg = client_config();  // sends an X25519 share, supports P-384 too
    auto server_cfg = server_config();
    server_cfg->groups = {NamedGroup::kSecp384r1};
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    ASSERT_TRUE(pair.established()) << pair.client_status.error().to_string();
    EXPECT_TRUE(pair.client->info().hello_retry);
    EXPECT_TRUE(pair.server->info().hello_retry);
    EXPECT_EQ(pair.client->info().group, NamedGroup::kSecp384r1);
}

TEST(Connection, NoCommonGroupFails) {
    auto client_cfg = client_config();
    client_cfg->groups = {NamedGroup::kX25519};
    auto server_cfg = server_config();
    server_cfg->groups = {NamedGroup::kSecp384r1};
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    EXPECT_EQ(pair.server_status.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(pair.client_status.status(), Status::kTlsAlertReceived);
    EXPECT_EQ(pair.client->received_alert(), AlertDescription::kHandshakeFailure);
}

TEST(Connection, NoCommonSuiteFails) {
    auto client_cfg = client_config();
    client_cfg->cipher_suites = {CipherSuiteId::kAes128Ccm8Sha256};
    auto server_cfg = server_config();
    server_cfg->cipher_suites = {CipherSuiteId::kAes256GcmSha384};
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    EXPECT_EQ(pair.server_status.status(), Status::kTlsNoSupportedCiphers);
    EXPECT_EQ(pair.client->received_alert(), AlertDescription::kHandshakeFailure);
}

// --- peer verification ---

TEST(Connection, UntrustedServerIsUnknownCa) {
    auto server_cfg = std::make_shared<Config>(Role::kServer);
    ASSERT_TRUE(server_cfg->add_certificate(1, load_chain("server-untrusted.pem"), load_key("server-p256.key")).ok());
    auto pair = Pair::make(client_config(), server_cfg);
    pair.run();
    EXPECT_EQ(pair.client_status.status(), Status::kTlsIssuerCertificateNotFound);
    EXPECT_EQ(pair.server->received_alert(), AlertDescription::kUnknownCa);
    EXPECT_FALSE(pair.client->is_handshake_done());
}

TEST(Connection, WrongHostNameIsDnsMismatch) {
    auto pair = Pair::make(client_config(), server_config(), "wrong.nxs.example");
    pair.run();
    EXPECT_EQ(pair.client_status.status(), Status::kX509CertificateDnsMismatch);
    EXPECT_NE(pair.client_status.error().message().find("wrong.nxs.example"), std::string::npos);
    EXPECT_EQ(pair.server->received_alert(), AlertDescription::kBadCertificate);
}

TEST(Connection, IpAddressIsCheckedAgainstIpSans) {
    auto pair = Pair::make(client_config(), server_config(), "127.0.0.1");
    pair.run();
    EXPECT_TRUE(pair.established()) << pair.client_status.error().to_string();
    auto wrong = Pair::make(client_config(), server_config(), "127.0.0.2");
    wrong.run();
    EXPECT_EQ(wrong.client_status.status(), Status::kX509CertificateDnsMismatch);
}

TEST(Connection, ClientWithoutServerNameMustOptOut) {
    const auto refused = Connection::client(client_config(), "");
    EXPECT_EQ(refused.status(), Status::kTlsSessionUninitialized);
    auto cfg = client_config();
    cfg->allow_no_server_name = true;
    auto pair = Pair::make(cfg, server_config(), "");
    pair.run();
    EXPECT_TRUE(pair.established());
    EXPECT_TRUE(pair.client->info().peer_verified);
}

TEST(Connection, InsecureSkipsVerification) {
    auto cfg = std::make_shared<Config>(Role::kClient);
    cfg->insecure_skip_verify = true;
    auto server_cfg = std::make_shared<Config>(Role::kServer);
    ASSERT_TRUE(server_cfg->add_certificate(1, load_chain("server-untrusted.pem"), load_key("server-p256.key")).ok());
    auto pair = Pair::make(cfg, server_cfg, "");
    pair.run();
    EXPECT_TRUE(pair.established());
    EXPECT_FALSE(pair.client->info().peer_verified);
}

// --- server certificates by ID and SNI ---

TEST(Connection, CertificateIdsAreChecked) {
    Config config(Role::kServer);
    EXPECT_EQ(config.add_certificate(0, load_chain("server-p256.pem"), load_key("server-p256.key")).status(),
              Status::kTlsCertIdInvalid);
    ASSERT_TRUE(config.add_certificate(7, load_chain("server-p256.pem"), load_key("server-p256.key")).ok());
    EXPECT_EQ(config.add_certificate(7, load_chain("other-p256.pem"), load_key("other-p256.key")).status(),
              Status::kTlsCertIdDuplicate);
    EXPECT_FALSE(config.add_certificate(8, load_chain("server-p256.pem"), load_key("other-p256.key")).ok());
    EXPECT_TRUE(config.remove_certificate(7).ok());
    EXPECT_EQ(config.remove_certificate(7).status(), Status::kTlsCertificateNotFound);
}

TEST(Connection, SniChoosesTheCertificate) {
    auto server_cfg = server_config();
    ASSERT_TRUE(server_cfg->add_certificate(2, load_chain("other-p256.pem"), load_key("other-p256.key")).ok());
    auto other = Pair::make(client_config(), server_cfg, "other.nxs.example");
    other.run();
    ASSERT_TRUE(other.established()) << other.client_status.error().to_string();
    EXPECT_EQ(other.server->info().certificate_id, 2u);
    EXPECT_EQ(other.server->info().server_name, "other.nxs.example");
    auto main = Pair::make(client_config(), server_cfg, "test.nxs.example");
    main.run();
    ASSERT_TRUE(main.established());
    EXPECT_EQ(main.server->info().certificate_id, 1u);
}

TEST(Connection, CertificateChosenBySignatureScheme) {
    auto server_cfg = server_config("server-rsa");
    ASSERT_TRUE(server_cfg->add_certificate(2, load_chain("server-ed25519.pem"), load_key("server-ed25519.key")).ok());
    auto client_cfg = client_config();
    client_cfg->signature_schemes = {crypto::SignatureScheme::kEd25519};
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    ASSERT_TRUE(pair.established());
    EXPECT_EQ(pair.server->info().certificate_id, 2u);
    EXPECT_EQ(pair.client->info().peer_signature_scheme, crypto::SignatureScheme::kEd25519);

    client_cfg->signature_schemes = {crypto::SignatureScheme::kEcdsaSecp521r1Sha512};
    auto none = Pair::make(client_cfg, server_cfg);
    none.run();
    EXPECT_EQ(none.server_status.status(), Status::kTlsCertificateNotFound);
}

// --- client authentication ---

TEST(Connection, RequiredClientCertificate) {
    auto server_cfg = server_config();
    server_cfg->client_auth = ClientAuth::kRequired;
    server_cfg->trust_anchors = trust();
    auto client_cfg = client_config();
    ASSERT_TRUE(client_cfg->add_certificate(1, load_chain("client-p256.pem"), load_key("client-p256.key")).ok());
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    ASSERT_TRUE(pair.established()) << pair.server_status.error().to_string();
    ASSERT_EQ(pair.server->info().peer_chain.size(), 1u);
    EXPECT_EQ(pair.server->info().peer_chain.front().subject().to_string(), "CN=nxs test client");
    EXPECT_TRUE(pair.server->info().peer_verified);

    auto without = Pair::make(client_config(), server_cfg);
    without.run();
    EXPECT_EQ(without.server_status.status(), Status::kTlsCertificateRequired);
    EXPECT_EQ(without.client->received_alert(), AlertDescription::kCertificateRequired);
}

TEST(Connection, OptionalClientCertificate) {
    auto server_cfg = server_config();
    server_cfg->client_auth = ClientAuth::kOptional;
    server_cfg->trust_anchors = trust();
    auto pair = Pair::make(client_config(), server_cfg);
    pair.run();
    ASSERT_TRUE(pair.established());
    EXPECT_TRUE(pair.server->info().peer_chain.empty());
}

TEST(Connection, UntrustedClientCertificateIsRefused) {
    auto server_cfg = server_config();
    server_cfg->client_auth = ClientAuth::kOptional;
    server_cfg->trust_anchors = trust("untrusted-ca.pem");
    auto client_cfg = client_config();
    ASSERT_TRUE(client_cfg->add_certificate(1, load_chain("client-p256.pem"), load_key("client-p256.key")).ok());
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    EXPECT_EQ(pair.server_status.status(), Status::kTlsIssuerCertificateNotFound);
    EXPECT_EQ(pair.client->received_alert(), AlertDescription::kUnknownCa);
}

// --- after the handshake ---

TEST(Connection, CloseNotifyBothWays) {
    auto pair = Pair::make(client_config(), server_config());
    pair.run();
    ASSERT_TRUE(pair.established());
    ASSERT_TRUE(pair.client->write(bytes_of("last words")).ok());
    ASSERT_TRUE(pair.client->close().ok());
    EXPECT_EQ(pair.client->write(bytes_of("more")).status(), Status::kTlsInvalidState);
    pair.run();
    EXPECT_EQ(read_all(*pair.server), "last words");
    EXPECT_TRUE(pair.server->is_peer_closed());
    bool saw_closed = false;
    while (const auto event = pair.server->next_event()) {
        saw_closed |= *event == ConnectionEvent::kPeerClosed;
    }
    EXPECT_TRUE(saw_closed);
    // TLS 1.3 closes each direction on its own: the server may still answer.
    ASSERT_TRUE(pair.server->write(bytes_of("bye")).ok());
    ASSERT_TRUE(pair.server->close().ok());
    pair.run();
    EXPECT_EQ(read_all(*pair.client), "bye");
    EXPECT_TRUE(pair.client->is_peer_closed());
}

TEST(Connection, KeyUpdateBothDirections) {
    auto pair = Pair::make(client_config(), server_config());
    pair.run();
    ASSERT_TRUE(pair.established());
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(pair.client->update_keys().ok());
        ASSERT_TRUE(pair.client->write(bytes_of("after update")).ok());
        pair.run();
        ASSERT_TRUE(pair.server_status.ok()) << pair.server_status.error().to_string();
        EXPECT_EQ(read_all(*pair.server), "after update");
        ASSERT_TRUE(pair.server->write(bytes_of("answer")).ok());
        pair.run();
        ASSERT_TRUE(pair.client_status.ok()) << pair.client_status.error().to_string();
        EXPECT_EQ(read_all(*pair.client), "answer");
    }
    // One kKeyUpdated per key replaced: each side replaced its write key 3 times (the client by update_keys(), the
    // server in answer) and its read key 3 times.
    for (auto* side : {pair.client.get(), pair.server.get()}) {
        int updates = 0;
        while (const auto event = side->next_event()) {
            updates += *event == ConnectionEvent::kKeyUpdated ? 1 : 0;
        }
        EXPECT_EQ(updates, 6);
        EXPECT_EQ(side->info().key_updates_sent, 3U);
        EXPECT_EQ(side->info().key_updates_received, 3U);
    }
}

// A peer can send KeyUpdate without end and an application need not take events: the queue stays bounded, every
// kind that happened is still announced once, in order, and info() counts every update.
TEST(Connection, RepeatedKeyUpdatesDoNotGrowTheEventQueue) {
    auto pair = Pair::make(client_config(), server_config());
    pair.run();
    ASSERT_TRUE(pair.established());
    while (pair.server->next_event()) {
    }
    constexpr int kUpdates = 500;
    for (int i = 0; i < kUpdates; ++i) {
        ASSERT_TRUE(pair.client->update_keys().ok());
        pair.run();
        ASSERT_TRUE(pair.server_status.ok()) << pair.server_status.error().to_string();
    }
    ASSERT_TRUE(pair.client->write(bytes_of("still fine")).ok());
    ASSERT_TRUE(pair.client->close().ok());
    pair.run();
    EXPECT_EQ(read_all(*pair.server), "still fine");
    EXPECT_EQ(pair.server->info().key_updates_received, static_cast<std::uint64_t>(kUpdates));
    EXPECT_EQ(pair.server->info().key_updates_sent, static_cast<std::uint64_t>(kUpdates));
    std::vector<ConnectionEvent> events;
    while (const auto event = pair.server->next_event()) {
        events.push_back(*event);
    }
    // The first kMaxQueuedEvents key updates (one per new key: read, then write in answer), then the close_notify
    // (an alert, and the peer closed) although the queue was full.
    ASSERT_EQ(events.size(), Connection::kMaxQueuedEvents + 2);
    EXPECT_EQ(std::count(events.begin(), events.end(), ConnectionEvent::kKeyUpdated),
              static_cast<std::ptrdiff_t>(Connection::kMaxQueuedEvents));
    EXPECT_EQ(events[events.size() - 2], ConnectionEvent::kAlertReceived);
    EXPECT_EQ(events.back(), ConnectionEvent::kPeerClosed);
}

TEST(Connection, LargeTransferIsFragmented) {
    auto client_cfg = client_config();
    client_cfg->record_size_limit = 512;
    auto pair = Pair::make(client_cfg, server_config());
    pair.run();
    ASSERT_TRUE(pair.established());
    std::string big(200000, 'x');
    for (std::size_t i = 0; i < big.size(); ++i) {
        big[i] = static_cast<char>('a' + i % 26);
    }
    ASSERT_TRUE(pair.server->write(bytes_of(big)).ok());
    // RFC 8449: every record the server sends now carries at most 512 bytes of content (+ type byte and tag).
    const auto out = pair.server->pending_output();
    std::size_t pos = 0;
    while (pos + 5 <= out.size()) {
        const std::size_t length = (std::size_t{out[pos + 3]} << 8) | out[pos + 4];
        EXPECT_LE(length, 513u + 16u);
        pos += 5 + length;
    }
    pair.run();
    EXPECT_EQ(read_all(*pair.client), big);
}

TEST(Connection, WriteBeforeHandshakeIsRefused) {
    auto pair = Pair::make(client_config(), server_config());
    EXPECT_EQ(pair.client->write(bytes_of("early")).status(), Status::kTlsInvalidState);
}

TEST(Connection, ByteByByteDelivery) {
    auto pair = Pair::make(client_config(), server_config());
    for (int round = 0; round < 50 && !pair.established(); ++round) {
        for (auto* from : {pair.client.get(), pair.server.get()}) {
            auto* to = from == pair.client.get() ? pair.server.get() : pair.client.get();
            const auto out = from->pending_output();
            const std::vector<std::uint8_t> bytes(out.begin(), out.end());
            from->consume_output(bytes.size());
            for (const auto byte : bytes) {
                ASSERT_TRUE(to->feed(std::span<const std::uint8_t>(&byte, 1)).ok());
            }
        }
    }
    EXPECT_TRUE(pair.established());
}

// A Config keeps the peer's loaded keys (Config::public_key_cache): the second handshake with the same server loads
// none of them, and a Config without a cache still verifies.
TEST(Connection, ReconnectionReusesThePeersKeys) {
    const auto server = server_config();
    const auto client = client_config();
    ASSERT_NE(client->public_key_cache, nullptr);
    auto first = Pair::make(client, server);
    first.run();
    ASSERT_TRUE(first.established()) << first.client_status.error().to_string();
    const auto after_first = client->public_key_cache->stats();
    EXPECT_GE(after_first.misses, 1U);  // the leaf's key for CertificateVerify, and any intermediate's
    auto second = Pair::make(client, server);
    second.run();
    ASSERT_TRUE(second.established());
    const auto after_second = client->public_key_cache->stats();
    EXPECT_EQ(after_second.misses, after_first.misses);
    EXPECT_EQ(after_second.hits, after_first.hits + after_first.misses);

    const auto uncached = client_config();
    uncached->public_key_cache = nullptr;
    auto third = Pair::make(uncached, server);
    third.run();
    EXPECT_TRUE(third.established());
}

}  // namespace
}  // namespace nxs::testing
