// RFC 8448 §6 (Client Authentication) replayed through a whole server Connection, byte for byte: fed the RFC's
// ClientHello, the server must emit the RFC's ServerHello and the RFC's protected EncryptedExtensions,
// CertificateRequest, Certificate, CertificateVerify and Finished; it must then accept the RFC client's protected
// Certificate, CertificateVerify and Finished, and close with the RFC's close_notify record.
//
// As in §3 (rfc8448_replay_test.cpp), determinism comes from the configuration only: the scripted random generator
// supplies the server's X25519 private value and random, and the server's groups and signature schemes are the RFC
// server's. Its ECDSA signature is random by definition (and its private key is not in the RFC), so the server key
// answers with the RFC's signature, after checking it verifies over exactly what our server asked to sign.
//
// Two settings reproduce the RFC's server rather than nxs's defaults, and each is checked on its own below:
// - its CertificateRequest lists fifteen signature schemes, DSA and SHA-1 ones among them, which nxs does not
//   verify; Config::signature_schemes is advertised as given, so the test gives the RFC's list (a client that picked
//   one of those schemes would still be refused: the provider cannot verify them);
// - the client's certificate is a self-signed RSA-1024 one, which nxs's chain validation refuses (RSA keys of at
//   least 2048 bits), so the replay accepts client certificates unverified (insecure_skip_verify) — the client's
//   CertificateVerify signature is still checked, with that certificate's key — and a second test shows the refusal.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "conn_test_support.h"
#include "nxs/clock.h"
#include "nxs/x509/trust_store.h"
#include "rfc8448_replay_support.h"
#include "unit/handshake/rfc8448_client_auth_trace.h"

namespace nxs {
namespace {

using namespace rfc8448_replay;
using Bytes = rfc8448_replay::Bytes;  // not nxs::Bytes (a span)
namespace trace = rfc8448::client_auth;

// The RFC server's signature_algorithms, in its order: ecdsa_secp256r1..521 with SHA-256..512, ecdsa_sha1,
// rsa_pss_rsae_sha256..512, rsa_pkcs1_sha256..512, rsa_pkcs1_sha1, then four DSA code points of TLS 1.2.
constexpr std::array<std::uint16_t, 15> kRfcServerSchemes = {0x0403, 0x0503, 0x0603, 0x0203, 0x0804,
                                                             0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                                                             0x0201, 0x0402, 0x0502, 0x0602, 0x0202};

constexpr std::array kRfcGroups = {
    crypto::NamedGroup::kX25519,    crypto::NamedGroup::kSecp256r1, crypto::NamedGroup::kSecp384r1,
    crypto::NamedGroup::kSecp521r1, crypto::NamedGroup::kFfdhe2048, crypto::NamedGroup::kFfdhe3072,
    crypto::NamedGroup::kFfdhe4096, crypto::NamedGroup::kFfdhe6144, crypto::NamedGroup::kFfdhe8192};

// The RFC client's handshake write key and IV (its §6 "{server} derive read traffic keys for handshake data").
constexpr std::string_view kClientHsKey = "91 69 48 f7 28 d9 82 3f a4 1a 00 4d 08 3f 21 7f";
constexpr std::string_view kClientHsIv = "64 15 3d 79 ba c9 ea 10 ca 5a 0a 88";

// The certificate of a Certificate message that carries one entry: type(1) length(3) context length(1)
// list length(3) entry length(3) DER ...
x509::Certificate only_certificate_of(std::string_view message_hex) {
    const auto message = bytes(message_hex);
    const std::size_t der_length =
        (std::size_t{message[8]} << 16) | (std::size_t{message[9]} << 8) | std::size_t{message[10]};
    auto certificate =
        x509::Certificate::parse(Bytes(message.begin() + 11, message.begin() + 11 + static_cast<long>(der_length)));
    EXPECT_TRUE(certificate.ok()) << (certificate.ok() ? "" : certificate.error().to_string());
    return std::move(certificate).value();
}

struct ClientAuthServer {
    std::shared_ptr<ScriptedRng> rng;
    std::shared_ptr<RecordedSignatureKey> key;
    std::map<std::string, std::string> key_log;
    std::unique_ptr<Connection> connection;

    // verify_client_chain: false reproduces the RFC (client certificates accepted unverified); true trusts the RFC
    // client's self-signed certificate as an anchor and validates the chain as nxs always does.
    static ClientAuthServer make(bool verify_client_chain) {
        ClientAuthServer server;
        server.rng = std::make_shared<ScriptedRng>(
            concat(bytes(trace::kServerX25519Private), server_random_of(trace::kServerHello)));
        const auto certificate = only_certificate_of(trace::kServerCertificate);
        const auto verify_message = bytes(trace::kServerCertificateVerify);
        // CertificateVerify: type(1) length(3) scheme(2) signature length(2) signature ...
        server.key = std::make_shared<RecordedSignatureKey>(certificate,
                                                            Bytes(verify_message.begin() + 8, verify_message.end()));

        auto config = std::make_shared<Config>(Role::kServer);
        config->rng = server.rng;
        config->clock = std::make_shared<FixedClock>(1500000000);  // 2017, inside both certificates' validity
        config->groups = {kRfcGroups.begin(), kRfcGroups.end()};
        config->signature_schemes.clear();
        for (const auto code : kRfcServerSchemes) {
            config->signature_schemes.push_back(static_cast<crypto::SignatureScheme>(code));
        }
        config->num_tickets = 0;  // the RFC's server sends no NewSessionTicket in §6
        config->client_auth = ClientAuth::kRequired;
        if (verify_client_chain) {
            auto anchors = std::make_shared<x509::TrustStore>();
            EXPECT_TRUE(anchors->add(only_certificate_of(trace::kClientCertificate)));
            config->trust_anchors = std::move(anchors);
        } else {
            config->insecure_skip_verify = true;
        }
        config->key_log = key_log_into(server.key_log);
        const auto added = config->add_certificate(1, {certificate}, server.key);
        EXPECT_TRUE(added.ok()) << (added.ok() ? "" : added.error().to_string());
        auto connection = Connection::server(config);
        EXPECT_TRUE(connection.ok());
        server.connection = std::move(connection).value();
        return server;
    }

    Bytes take_output() { return rfc8448_replay::take_output(*connection); }

    // Feeds the RFC's ClientHello and checks the server's whole first flight against the RFC's records.
    void replay_server_flight() {
        ASSERT_TRUE(connection->feed(plaintext_record(0x0301, trace::kClientHello)).ok());
        EXPECT_TRUE(rng->script_used_up());
        EXPECT_EQ(key->sign_calls(), 1);
        const auto flight = concat(plaintext_record(0x0303, trace::kServerHello), bytes(trace::kServerHandshakeRecord));
        EXPECT_EQ(hex_of(take_output()), hex_of(flight));
    }
};

// The RFC client's second flight with `change` applied to its plaintext (Certificate ‖ CertificateVerify ‖
// Finished ‖ content type), sealed again under the RFC client's handshake key: record sequence 0, so the nonce is the
// IV itself (RFC 8446 §5.3) and the additional data the record header (§5.2).
Bytes resealed_client_flight(const std::function<void(Bytes&)>& change) {
    Bytes plaintext = concat(concat(bytes(trace::kClientCertificate), bytes(trace::kClientCertificateVerify)),
                             bytes(trace::kClientFinished));
    change(plaintext);
    plaintext.push_back(0x16);  // handshake
    const auto length = plaintext.size() + 16;
    Bytes record = {0x17, 0x03, 0x03, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
    auto key = crypto::default_provider()->new_aead(crypto::AeadAlgorithm::kAes128Gcm, bytes(kClientHsKey));
    EXPECT_TRUE(key.ok());
    Bytes tag(16);
    EXPECT_TRUE((*key)->seal(bytes(kClientHsIv), record, plaintext, tag).ok());
    record.insert(record.end(), plaintext.begin(), plaintext.end());
    record.insert(record.end(), tag.begin(), tag.end());
    return record;
}

TEST(Rfc8448ClientAuthReplay, ServerAnswersWithTheRfcsRecords) {
    auto server = ClientAuthServer::make(false);
    server.replay_server_flight();
    EXPECT_EQ(server.key_log["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], std::string(trace::kClientHsTraffic));
    EXPECT_EQ(server.key_log["SERVER_HANDSHAKE_TRAFFIC_SECRET"], std::string(trace::kServerHsTraffic));
    EXPECT_EQ(server.key_log["CLIENT_TRAFFIC_SECRET_0"], std::string(trace::kClientApTraffic));
    EXPECT_EQ(server.key_log["SERVER_TRAFFIC_SECRET_0"], std::string(trace::kServerApTraffic));
    EXPECT_EQ(server.key_log["EXPORTER_SECRET"], std::string(trace::kExporterMaster));
    EXPECT_FALSE(server.connection->is_handshake_done());

    // {client} send handshake record: Certificate, CertificateVerify (rsa_pss_rsae_sha256) and Finished, accepted
    // only if our transcript is the RFC's and the signature verifies with the client certificate's key.
    ASSERT_TRUE(server.connection->feed(bytes(trace::kClientHandshakeRecord)).ok());
    EXPECT_TRUE(server.connection->is_handshake_done());
    const auto& info = server.connection->info();
    ASSERT_EQ(info.peer_chain.size(), 1U);
    EXPECT_EQ(info.peer_chain.front().subject().to_string(), "CN=client");
    EXPECT_EQ(info.peer_signature_scheme, crypto::SignatureScheme::kRsaPssRsaeSha256);
    EXPECT_FALSE(info.peer_verified);           // accepted unverified, as configured
    EXPECT_TRUE(server.take_output().empty());  // no NewSessionTicket, as in the RFC

    // {client} send alert record, {server} send alert record: close_notify both ways, under the application keys.
    ASSERT_TRUE(server.connection->feed(bytes(trace::kClientAlertRecord)).ok());
    EXPECT_TRUE(server.connection->is_peer_closed());
    ASSERT_TRUE(server.connection->close().ok());
    EXPECT_EQ(hex_of(server.take_output()), hex_of(bytes(trace::kServerAlertRecord)));
}

TEST(Rfc8448ClientAuthReplay, ResealingTheRfcsClientPlaintextGivesTheRfcsRecord) {
    // The control for the tampering test below: sealing the RFC's plaintext again gives the RFC's own record.
    EXPECT_EQ(hex_of(resealed_client_flight([](Bytes&) {})), hex_of(bytes(trace::kClientHandshakeRecord)));
}

TEST(Rfc8448ClientAuthReplay, AlteredClientSignatureIsACertificateVerifyFailure) {
    auto server = ClientAuthServer::make(false);
    server.replay_server_flight();
    // One bit of the RSA-PSS signature flipped (the CertificateVerify follows the 451-byte Certificate; its
    // signature starts 8 bytes in).
    const auto record = resealed_client_flight([](Bytes& plaintext) { plaintext[451 + 8 + 20] ^= 0x01; });
    const auto fed = server.connection->feed(record);
    EXPECT_EQ(fed.status(), Status::kTlsCertificateVerifyFailure);
    EXPECT_FALSE(server.connection->is_handshake_done());
    ASSERT_TRUE(server.connection->fatal_error().has_value());
    EXPECT_EQ(server.connection->fatal_error()->alert(), AlertDescription::kDecryptError);  // RFC 8446 §4.4.3
    // The alert goes out as one record under the server's application key (it has sent its Finished).
    const auto alert = server.take_output();
    ASSERT_EQ(alert.size(), 5U + 2U + 1U + 16U);
    EXPECT_EQ(alert[0], 0x17);
}

TEST(Rfc8448ClientAuthReplay, RsaTenTwentyFourClientCertificateIsRefusedWhenVerified) {
    // With the chain validated — the RFC client's certificate trusted as its own anchor — its 1024-bit RSA key is
    // below nxs's 2048-bit floor, and the server says so before looking at the signature.
    auto server = ClientAuthServer::make(true);
    server.replay_server_flight();
    const auto fed = server.connection->feed(bytes(trace::kClientHandshakeRecord));
    EXPECT_EQ(fed.status(), Status::kX509InvalidPublicKey);
    ASSERT_TRUE(server.connection->fatal_error().has_value());
    EXPECT_NE(server.connection->fatal_error()->message().find("1024-bit RSA key"), std::string::npos)
        << server.connection->fatal_error()->message();
    EXPECT_FALSE(server.connection->is_handshake_done());
}

}  // namespace
}  // namespace nxs
