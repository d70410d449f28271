// RFC 8448 replayed through the whole engine: a server Connection is fed the RFC's client records and must answer
// with the RFC's server records, byte for byte.
//
// Determinism comes from the configuration only: Config::rng supplies the RFC's ephemeral X25519 private value and
// server random, and the server's groups, suites and record_size_limit are the ones the RFC's server used. The one
// value no configuration can fix is the RSA-PSS salt of CertificateVerify (RFC 8017 §9.1.1 draws it at random), so
// the server's key here is a signer that answers with the RFC's signature — after checking, with the certificate's
// public key, that this signature verifies over exactly the bytes our server asked it to sign. Equal outputs then
// prove that every byte before and after (transcript, key schedule, record protection) is the RFC's.
//
// What cannot be equal, and is checked otherwise: the NewSessionTicket (its ticket is each server's own sealed
// state; here it must occupy the first record under the server's application key, as the RFC's does) and, for §5,
// the HelloRetryRequest cookie (each server's own opaque value), so §5 is compared up to the cookie.
//
// §7 (compatibility mode) is replayed here too, byte for byte; §6 (client authentication) the same way in
// rfc8448_client_auth_replay_test.cpp.
//
// The client side cannot be replayed this way: the RFC's client (NSS) offers TLS 1.2 extensions (renegotiation_info,
// session_ticket) and DSA and SHA-1 signature schemes that nxs does not offer, so no nxs ClientHello equals it and
// every secret after it differs. The client's half is covered value by value instead: key schedule, Finished and
// record protection against the same trace in tests/unit/handshake and tests/unit/record.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <numeric>
#include <string>

#include "common/hex.h"
#include "conn_test_support.h"
#include "handshake/msgs/handshake_type.h"
#include "handshake/msgs/server_hello.h"
#include "nxs/clock.h"
#include "rfc8448_replay_support.h"
#include "unit/handshake/rfc8448_compat_trace.h"
#include "unit/handshake/rfc8448_trace.h"
#include "unit/record/rfc8448_records.h"

namespace nxs {
namespace {

using namespace rfc8448_replay;
using Bytes = rfc8448_replay::Bytes;  // not nxs::Bytes (a span)

// The server of RFC 8448 §3: an RSA certificate (CN=rsa), x25519..ffdhe8192, AES-128-GCM first, record_size_limit
// 2^14, one ticket.
struct Rfc8448Server {
    std::shared_ptr<ScriptedRng> rng;
    std::shared_ptr<RecordedSignatureKey> key;
    std::map<std::string, std::string> key_log;
    std::unique_ptr<Connection> connection;

    static constexpr std::array kRfcGroups = {
        crypto::NamedGroup::kX25519,    crypto::NamedGroup::kSecp256r1, crypto::NamedGroup::kSecp384r1,
        crypto::NamedGroup::kSecp521r1, crypto::NamedGroup::kFfdhe2048, crypto::NamedGroup::kFfdhe3072,
        crypto::NamedGroup::kFfdhe4096, crypto::NamedGroup::kFfdhe6144, crypto::NamedGroup::kFfdhe8192};

    // `certificate_verify_hex`: the trace's CertificateVerify, whose signature the key hands out (§3's unless given);
    // `tickets`: NewSessionTickets after the handshake (§3's server sends one, §7's none).
    static Rfc8448Server make(Bytes rng_script,
                              std::vector<crypto::NamedGroup> groups = {kRfcGroups.begin(), kRfcGroups.end()},
                              std::string_view certificate_verify_hex = rfc8448::kCertificateVerify,
                              std::size_t tickets = 1) {
        Rfc8448Server server;
        server.rng = std::make_shared<ScriptedRng>(std::move(rng_script));

        const auto certificate_message = bytes(rfc8448::kCertificate);
        // Certificate: type(1) length(3) context length(1) list length(3) entry length(3) DER ...
        const std::size_t der_length = (std::size_t{certificate_message[8]} << 16) |
                                       (std::size_t{certificate_message[9]} << 8) | certificate_message[10];
        auto certificate =
            x509::Certificate::parse(Bytes(certificate_message.begin() + 11,
                                           certificate_message.begin() + 11 + static_cast<std::ptrdiff_t>(der_length)));
        EXPECT_TRUE(certificate.ok()) << (certificate.ok() ? "" : certificate.error().to_string());
        const auto verify_message = bytes(certificate_verify_hex);
        // CertificateVerify: type(1) length(3) scheme(2) signature length(2) signature ...
        server.key = std::make_shared<RecordedSignatureKey>(certificate.value(),
                                                            Bytes(verify_message.begin() + 8, verify_message.end()));

        auto config = std::make_shared<Config>(Role::kServer);
        config->rng = server.rng;
        config->clock = std::make_shared<FixedClock>(1500000000);
        config->groups = std::move(groups);
        config->num_tickets = tickets;
        config->key_log = key_log_into(server.key_log);
        const auto added = config->add_certificate(1, {certificate.value()}, server.key);
        EXPECT_TRUE(added.ok()) << (added.ok() ? "" : added.error().to_string());
        auto connection = Connection::server(config);
        EXPECT_TRUE(connection.ok());
        server.connection = std::move(connection).value();
        return server;
    }

    Bytes take_output() { return rfc8448_replay::take_output(*connection); }
};

// RFC 8448 §3: {server} create an ephemeral x25519 key pair — the private key.
constexpr std::string_view kServerX25519Private =
    "b1 58 0e ea df 6d d5 89 b8 ef 4f 2d 56 52 57 8c c8 10 e9 98 01 91 ec 8d 05 83 08 ce a2 16 a2 1e";
// RFC 8448 §3: {client} / {server} send alert record (close_notify under each side's application key).
constexpr std::string_view kClientAlertRecord =
    "17 03 03 00 13 c9 87 27 60 65 56 66 b7 4d 7f f1 15 3e fd 6d b6 d0 b0 e3";
constexpr std::string_view kServerAlertRecord =
    "17 03 03 00 13 b5 8f d6 71 66 eb f5 99 d2 47 20 cf be 7e fa 7a 88 64 a9";

TEST(Rfc8448Replay, Simple1RttServerAnswersWithTheRfcsRecords) {
    auto server = Rfc8448Server::make(concat(bytes(kServerX25519Private), server_random_of(rfc8448::kServerHello)));

    // {client} send handshake record: the ClientHello.
    ASSERT_TRUE(server.connection->feed(plaintext_record(0x0301, rfc8448::kClientHello)).ok());
    EXPECT_TRUE(server.rng->script_used_up());
    EXPECT_EQ(server.key->sign_calls(), 1);
    // {server} send handshake record: ServerHello in the clear, then EncryptedExtensions, Certificate,
    // CertificateVerify and Finished in one protected record.
    const auto flight = concat(plaintext_record(0x0303, rfc8448::kServerHello), bytes(rfc8448::kServerHandshakeRecord));
    EXPECT_EQ(hex_of(server.take_output()), hex_of(flight));
    EXPECT_EQ(server.key_log["SERVER_HANDSHAKE_TRAFFIC_SECRET"], std::string(rfc8448::kServerHsTraffic));
    EXPECT_EQ(server.key_log["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], std::string(rfc8448::kClientHsTraffic));
    EXPECT_EQ(server.key_log["SERVER_TRAFFIC_SECRET_0"], std::string(rfc8448::kServerApTraffic));
    EXPECT_EQ(server.key_log["CLIENT_TRAFFIC_SECRET_0"], std::string(rfc8448::kClientApTraffic));
    EXPECT_EQ(server.key_log["EXPORTER_SECRET"], std::string(rfc8448::kExporterMaster));
    EXPECT_FALSE(server.connection->is_handshake_done());

    // {client} send handshake record: Finished. Accepted only if our transcript is the RFC's.
    ASSERT_TRUE(server.connection->feed(bytes(rfc8448::kClientFinishedRecord)).ok());
    EXPECT_TRUE(server.connection->is_handshake_done());
    // {server} send handshake record: NewSessionTicket — one record under the server application key, sequence 0.
    const auto ticket_record = server.take_output();
    ASSERT_GE(ticket_record.size(), 5U);
    EXPECT_EQ(ticket_record[0], 0x17);
    EXPECT_EQ(ticket_record.size(), 5U + ((std::size_t{ticket_record[3]} << 8) | ticket_record[4]));

    // {client} send application_data record: 00 01 .. 31.
    ASSERT_TRUE(server.connection->feed(bytes(rfc8448::kClientApplicationRecord)).ok());
    Bytes payload(50);
    std::iota(payload.begin(), payload.end(), std::uint8_t{0});
    Bytes received(64);
    const auto count = server.connection->read(received);
    ASSERT_TRUE(count.ok());
    received.resize(count.value());
    EXPECT_EQ(received, payload);

    // {server} send application_data record: the same payload back, sequence 1.
    ASSERT_TRUE(server.connection->write(payload).ok());
    EXPECT_EQ(hex_of(server.take_output()), hex_of(bytes(rfc8448::kServerApplicationRecord)));

    // {client} send alert record, {server} send alert record: close_notify both ways.
    ASSERT_TRUE(server.connection->feed(bytes(kClientAlertRecord)).ok());
    EXPECT_TRUE(server.connection->is_peer_closed());
    ASSERT_TRUE(server.connection->close().ok());
    EXPECT_EQ(hex_of(server.take_output()), hex_of(bytes(kServerAlertRecord)));
}

// The server of RFC 8448 §7: §3's, with §7's ephemeral key, random and signature, and no ticket.
Rfc8448Server compatibility_mode_server() {
    namespace compat = rfc8448::compat;
    return Rfc8448Server::make(concat(bytes(compat::kServerX25519Private), server_random_of(compat::kServerHello)),
                               {Rfc8448Server::kRfcGroups.begin(), Rfc8448Server::kRfcGroups.end()},
                               compat::kCertificateVerify, 0);
}

TEST(Rfc8448Replay, CompatibilityModeServerAnswersWithTheRfcsRecords) {
    // RFC 8448 §7: the client sends a 32-byte legacy_session_id (RFC 8446 Appendix D.4), so the server echoes it in
    // its ServerHello and sends a change_cipher_spec record right after it, before its first protected record.
    namespace compat = rfc8448::compat;
    auto server = compatibility_mode_server();
    ASSERT_TRUE(server.connection->feed(plaintext_record(0x0301, compat::kClientHello)).ok());
    EXPECT_TRUE(server.rng->script_used_up());
    const auto flight = concat(concat(plaintext_record(0x0303, compat::kServerHello), bytes("14 03 03 00 01 01")),
                               bytes(compat::kServerHandshakeRecord));
    EXPECT_EQ(hex_of(server.take_output()), hex_of(flight));
    EXPECT_EQ(server.key_log["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], std::string(compat::kClientHsTraffic));
    EXPECT_EQ(server.key_log["SERVER_HANDSHAKE_TRAFFIC_SECRET"], std::string(compat::kServerHsTraffic));
    EXPECT_EQ(server.key_log["CLIENT_TRAFFIC_SECRET_0"], std::string(compat::kClientApTraffic));
    EXPECT_EQ(server.key_log["SERVER_TRAFFIC_SECRET_0"], std::string(compat::kServerApTraffic));

    // {client} send change_cipher_spec record: ignored (RFC 8446 §5); then its Finished.
    ASSERT_TRUE(server.connection->feed(bytes(compat::kClientChangeCipherSpecRecord)).ok());
    EXPECT_FALSE(server.connection->is_handshake_done());
    ASSERT_TRUE(server.connection->feed(bytes(compat::kClientFinishedRecord)).ok());
    EXPECT_TRUE(server.connection->is_handshake_done());
    EXPECT_TRUE(server.take_output().empty());  // no NewSessionTicket, as in the RFC

    ASSERT_TRUE(server.connection->feed(bytes(compat::kClientAlertRecord)).ok());
    EXPECT_TRUE(server.connection->is_peer_closed());
    ASSERT_TRUE(server.connection->close().ok());
    EXPECT_EQ(hex_of(server.take_output()), hex_of(bytes(compat::kServerAlertRecord)));
}

TEST(Rfc8448Replay, ChangeCipherSpecAfterTheClientsFinishedIsRefused) {
    // RFC 8446 §5: change_cipher_spec records are dropped only until the peer's Finished has been received; after
    // the RFC client's Finished one is an unexpected message.
    namespace compat = rfc8448::compat;
    auto server = compatibility_mode_server();
    ASSERT_TRUE(server.connection->feed(plaintext_record(0x0301, compat::kClientHello)).ok());
    (void)server.take_output();
    ASSERT_TRUE(server.connection->feed(bytes(compat::kClientChangeCipherSpecRecord)).ok());
    ASSERT_TRUE(server.connection->feed(bytes(compat::kClientFinishedRecord)).ok());
    ASSERT_TRUE(server.connection->is_handshake_done());
    const auto late = server.connection->feed(bytes(compat::kClientChangeCipherSpecRecord));
    EXPECT_FALSE(late.ok());
    ASSERT_TRUE(server.connection->fatal_error().has_value());
    EXPECT_EQ(server.connection->fatal_error()->alert(), AlertDescription::kUnexpectedMessage);
}

TEST(Rfc8448Replay, HelloRetryRequestIsTheRfcsUpToTheCookie) {
    // RFC 8448 §5: the client offers an X25519 share; a server that takes P-256 only asks again. Everything in the
    // HelloRetryRequest is fixed by the protocol but the cookie, each server's own value (ours: 16 random bytes,
    // checked against the second ClientHello; the RFC's server packs its state into 114 bytes).
    auto server = Rfc8448Server::make({}, {crypto::NamedGroup::kSecp256r1});
    ASSERT_TRUE(server.connection->feed(plaintext_record(0x0301, rfc8448::kHrrClientHello1)).ok());
    const auto record = server.take_output();
    ASSERT_GT(record.size(), 5U);
    EXPECT_EQ(hex_of(Bytes(record.begin(), record.begin() + 3)), "160303");  // one plaintext record, no CCS

    const auto ours_message = handshake::decode_handshake(std::span(record).subspan(5));
    ASSERT_TRUE(ours_message.ok());
    const auto ours = handshake::ServerHello::decode(ours_message->body);
    const auto rfc_bytes = bytes(rfc8448::kHelloRetryRequest);
    const auto rfc_message = handshake::decode_handshake(rfc_bytes);
    ASSERT_TRUE(rfc_message.ok());
    const auto rfc = handshake::ServerHello::decode(rfc_message->body);
    ASSERT_TRUE(ours.ok() && rfc.ok());
    EXPECT_TRUE(ours->is_hello_retry_request());
    EXPECT_EQ(ours->random, rfc->random);
    EXPECT_EQ(ours->cipher_suite, rfc->cipher_suite);
    EXPECT_EQ(hex_of(Bytes(ours->legacy_session_id_echo.begin(), ours->legacy_session_id_echo.end())),
              hex_of(Bytes(rfc->legacy_session_id_echo.begin(), rfc->legacy_session_id_echo.end())));
    const auto our_entries = ours->extensions.entries();
    const auto rfc_entries = rfc->extensions.entries();
    ASSERT_EQ(our_entries.size(), rfc_entries.size());
    for (std::size_t i = 0; i < rfc_entries.size(); ++i) {
        EXPECT_EQ(our_entries[i].type, rfc_entries[i].type) << "extension " << i;
        if (rfc_entries[i].type != handshake::ExtensionType::kCookie) {
            EXPECT_EQ(hex_of(Bytes(our_entries[i].data.begin(), our_entries[i].data.end())),
                      hex_of(Bytes(rfc_entries[i].data.begin(), rfc_entries[i].data.end())))
                << "extension " << i;
        }
    }

    // The RFC's second ClientHello echoes the RFC server's cookie, not ours: refused.
    const auto second = server.connection->feed(plaintext_record(0x0303, rfc8448::kHrrClientHello2));
    EXPECT_EQ(second.status(), Status::kTlsHandshakeFailure);
    ASSERT_TRUE(server.connection->fatal_error().has_value());
    EXPECT_NE(server.connection->fatal_error()->message().find("cookie"), std::string::npos);
}

TEST(Rfc8448Replay, ADifferentServerRandomChangesWhatIsSigned) {
    // One bit of the server random changed: the transcript is no longer the RFC's, so the recorded signature does
    // not verify over what the server asks to sign, and the handshake stops there (no flight with a borrowed
    // signature goes out).
    auto random = server_random_of(rfc8448::kServerHello);
    random[31] ^= 0x01;
    auto server = Rfc8448Server::make(concat(bytes(kServerX25519Private), random));
    const auto hello = server.connection->feed(plaintext_record(0x0301, rfc8448::kClientHello));
    EXPECT_EQ(hello.status(), Status::kTlsSignatureVerificationError);
    EXPECT_EQ(server.key->sign_calls(), 1);
    EXPECT_FALSE(server.connection->is_handshake_done());
}

TEST(Rfc8448Replay, TamperedClientFinishedRecordIsADecryptFailure) {
    auto server = Rfc8448Server::make(concat(bytes(kServerX25519Private), server_random_of(rfc8448::kServerHello)));
    ASSERT_TRUE(server.connection->feed(plaintext_record(0x0301, rfc8448::kClientHello)).ok());
    (void)server.take_output();
    auto finished = bytes(rfc8448::kClientFinishedRecord);
    finished[10] ^= 0x80;
    EXPECT_EQ(server.connection->feed(finished).status(), Status::kTlsAeadDecryptFail);
    EXPECT_FALSE(server.connection->is_handshake_done());
    // RFC 8446 §5.2: bad_record_mac, sent under the server's handshake key (sequence 1, after the flight's record).
    const auto alert = server.take_output();
    ASSERT_EQ(alert.size(), 5U + 2U + 1U + 16U);
    EXPECT_EQ(alert[0], 0x17);
}

TEST(Rfc8448Replay, SignerRefusesToSignOtherBytes) {
    // The recorded-signature key is only as good as its check: asked to sign anything but the RFC's content, it
    // must fail instead of handing out the recorded signature.
    auto server = Rfc8448Server::make({});
    crypto::SignatureAlgorithm pss{crypto::SignatureKind::kRsaPss, crypto::HashAlgorithm::kSha256,
                                   crypto::HashAlgorithm::kSha256, 32};
    const Bytes other = {1, 2, 3};
    EXPECT_FALSE(server.key->sign(pss, other).ok());
}

}  // namespace
}  // namespace nxs
