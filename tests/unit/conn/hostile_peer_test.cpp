// A hostile or broken peer: every rejection has its NetX code and sends the alert RFC 8446 §6.2 asks for.
#include <gtest/gtest.h>

#include "common/writer.h"
#include "conn_test_support.h"
#include "handshake/ext/extension_list.h"
#include "handshake/ext/groups_and_signatures.h"
#include "handshake/msgs/client_hello.h"
#include "handshake/msgs/handshake_type.h"

namespace nxs::testing {
namespace {

// The alert a connection queued after failing: the last record of its output, if it is a plaintext alert.
std::optional<AlertDescription> plaintext_alert(const Connection& conn) {
    const auto out = conn.pending_output();
    if (out.size() < 7 || out[out.size() - 7] != 21) {
        return std::nullopt;
    }
    return static_cast<AlertDescription>(out.back());
}

std::vector<std::uint8_t> record(std::uint8_t type, std::span<const std::uint8_t> body,
                                 std::uint16_t version = 0x0303) {
    std::vector<std::uint8_t> out(body.begin(), body.end());
    const std::array<std::uint8_t, 5> header = {
        type, static_cast<std::uint8_t>(version >> 8), static_cast<std::uint8_t>(version),
        static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
    out.insert(out.begin(), header.begin(), header.end());
    return out;
}

std::unique_ptr<Connection> fresh_server() {
    auto server = Connection::server(server_config());
    EXPECT_TRUE(server.ok());
    return std::move(server).value();
}

// The first flight of a real client: one plaintext record holding the ClientHello.
std::vector<std::uint8_t> client_hello_record() {
    auto client = Connection::client(client_config(), "test.nxs.example");
    const auto out = client.value()->pending_output();
    return {out.begin(), out.end()};
}

TEST(HostilePeer, FinishedBeforeClientHelloIsUnexpected) {
    auto server = fresh_server();
    const std::uint8_t finished[] = {20, 0, 0, 32, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6,
                                     7,  8, 1, 2,  3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_EQ(server->feed(record(22, finished)).status(), Status::kTlsUnexpectedMessage);
    EXPECT_EQ(plaintext_alert(*server), AlertDescription::kUnexpectedMessage);
    // Sticky: every later call gives the same error.
    EXPECT_EQ(server->feed(client_hello_record()).status(), Status::kTlsUnexpectedMessage);
    EXPECT_EQ(server->write(bytes_of("x")).status(), Status::kTlsUnexpectedMessage);
}

TEST(HostilePeer, UnknownContentType) {
    auto server = fresh_server();
    const std::uint8_t body[] = {1, 2, 3};
    EXPECT_EQ(server->feed(record(99, body)).status(), Status::kTlsUnrecognizedMessageType);
    EXPECT_EQ(plaintext_alert(*server), AlertDescription::kUnexpectedMessage);
}

TEST(HostilePeer, OversizedPlaintextRecord) {
    auto server = fresh_server();
    const std::uint8_t header[] = {22, 3, 3, 0x40, 0x01};  // 2^14 + 1
    EXPECT_EQ(server->feed(header).status(), Status::kTlsRecordOverflow);
    EXPECT_EQ(plaintext_alert(*server), AlertDescription::kRecordOverflow);
}

TEST(HostilePeer, ClientHelloWithoutTls13) {
    handshake::ClientHello hello;
    hello.cipher_suites = {handshake::CipherSuite::kAes128GcmSha256};
    static const std::uint8_t kNull[] = {0};
    hello.legacy_compression_methods = kNull;
    handshake::ExtensionBuilder builder;
    ASSERT_TRUE(builder.add(handshake::SupportedGroups{{crypto::NamedGroup::kX25519}}).ok());
    hello.extensions = builder.list();
    const auto encoded = handshake::encode_message(hello);
    ASSERT_TRUE(encoded.ok());
    auto server = fresh_server();
    EXPECT_EQ(server->feed(record(22, *encoded)).status(), Status::kTlsUnsupportedTlsVersion);
    EXPECT_EQ(plaintext_alert(*server), AlertDescription::kProtocolVersion);
}

TEST(HostilePeer, TruncatedClientHelloBody) {
    auto hello = client_hello_record();
    // Keep the handshake header's length but cut the body short inside one complete record.
    std::vector<std::uint8_t> body(hello.begin() + 5, hello.end() - 40);
    auto server = fresh_server();
    ASSERT_TRUE(server->feed(record(22, body)).ok());  // the message is not complete yet: wait for more
    const std::uint8_t alert_record[] = {21, 3, 3, 0, 2, 1, 0};
    EXPECT_EQ(server->feed(alert_record).status(), Status::kTlsUnexpectedMessage);  // alert inside a message
}

TEST(HostilePeer, ClientHelloWithInconsistentLengths) {
    auto hello = client_hello_record();
    // The cipher_suites length (after version, random and session id) claims more than the message holds.
    const std::size_t suites_at = 5 + 4 + 2 + 32 + 1 + hello[5 + 4 + 2 + 32];
    hello[suites_at] = 0xFF;
    auto server = fresh_server();
    EXPECT_EQ(server->feed(hello).status(), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(plaintext_alert(*server), AlertDescription::kDecodeError);
}

TEST(HostilePeer, TamperedServerFlightFailsAuthentication) {
    auto pair = Pair::make(client_config(), server_config());
    ASSERT_TRUE(Pair::transfer(*pair.client, *pair.server, pair.server_status));
    auto out = pair.server->pending_output();
    std::vector<std::uint8_t> flight(out.begin(), out.end());
    pair.server->consume_output(flight.size());
    flight.back() ^= 0x01;  // the last byte: inside the tag of the last protected record
    EXPECT_EQ(pair.client->feed(flight).status(), Status::kTlsAeadDecryptFail);
    // The alert goes out under the client's handshake key: the server can read it.
    pair.run();
    EXPECT_EQ(pair.server->received_alert(), AlertDescription::kBadRecordMac);
}

TEST(HostilePeer, DuplicatedClientHelloAfterKeysIsRejected) {
    auto pair = Pair::make(client_config(), server_config());
    const auto hello = client_hello_record();
    ASSERT_TRUE(Pair::transfer(*pair.client, *pair.server, pair.server_status));
    EXPECT_EQ(pair.server->feed(hello).status(), Status::kTlsUnexpectedMessage);
}

TEST(HostilePeer, ChangeCipherSpecWithWrongByte) {
    auto server = fresh_server();
    ASSERT_TRUE(server->feed(client_hello_record()).ok());
    const std::uint8_t ccs[] = {20, 3, 3, 0, 1, 2};
    EXPECT_EQ(server->feed(ccs).status(), Status::kTlsBadCipherspec);
}

TEST(HostilePeer, ChangeCipherSpecBeforeClientHello) {
    auto server = fresh_server();
    const std::uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
    EXPECT_EQ(server->feed(ccs).status(), Status::kTlsBadCipherspec);
}

TEST(HostilePeer, FatalAlertFromPeer) {
    auto server = fresh_server();
    const std::uint8_t alert[] = {21, 3, 3, 0, 2, 2, 40};
    const auto result = server->feed(alert);
    EXPECT_EQ(result.status(), Status::kTlsAlertReceived);
    EXPECT_EQ(server->received_alert(), AlertDescription::kHandshakeFailure);
    EXPECT_FALSE(server->has_pending_output());  // no alert answers a fatal alert
}

TEST(HostilePeer, MalformedAlert) {
    auto server = fresh_server();
    const std::uint8_t alert[] = {21, 3, 3, 0, 3, 2, 40, 0};
    EXPECT_EQ(server->feed(alert).status(), Status::kTlsIncorrectMessageLength);
}

// RFC 8446 §4 / STYLE.md: a message the state does not expect is refused from its type alone, before parsing —
// so even a body that would not parse gets 0x14F, not a decode error.
constexpr std::uint8_t kEveryHandshakeType[] = {0,  1,  2,  3,  4,  5,  6,  8,  11,  12, 13,
                                                14, 15, 16, 20, 21, 22, 24, 25, 254, 255};

TEST(StateMachine, ServerWaitingForClientHelloAcceptsNothingElse) {
    for (const auto type : kEveryHandshakeType) {
        if (type == 1) {
            continue;
        }
        auto server = fresh_server();
        const std::uint8_t message[] = {type, 0, 0, 2, 0xAB, 0xCD};
        EXPECT_EQ(server->feed(record(22, message)).status(), Status::kTlsUnexpectedMessage) << int{type};
        EXPECT_EQ(plaintext_alert(*server), AlertDescription::kUnexpectedMessage) << int{type};
    }
}

TEST(StateMachine, ClientWaitingForServerHelloAcceptsNothingElse) {
    for (const auto type : kEveryHandshakeType) {
        if (type == 2) {
            continue;
        }
        auto client = Connection::client(client_config(), "test.nxs.example").value();
        client->consume_output(client->pending_output().size());
        const std::uint8_t message[] = {type, 0, 0, 2, 0xAB, 0xCD};
        EXPECT_EQ(client->feed(record(22, message)).status(), Status::kTlsUnexpectedMessage) << int{type};
        EXPECT_EQ(plaintext_alert(*client), AlertDescription::kUnexpectedMessage) << int{type};
    }
}

TEST(StateMachine, ApplicationDataBeforeKeysIsUnexpected) {
    auto server = fresh_server();
    const std::uint8_t data[] = {1, 2, 3};
    EXPECT_EQ(server->feed(record(23, data)).status(), Status::kTlsUnexpectedMessage);
}

TEST(HostilePeer, GarbageNeverCrashes) {
    // Deterministic noise in many shapes: every outcome must be a clean error or a wait for more bytes.
    std::uint32_t state = 12345;
    for (int i = 0; i < 300; ++i) {
        auto server = fresh_server();
        std::vector<std::uint8_t> noise(static_cast<std::size_t>(3 + i * 7 % 400));  // room for the 3-byte header below
        for (auto& byte : noise) {
            state = state * 1103515245U + 12345U;
            byte = static_cast<std::uint8_t>(state >> 16);
        }
        if (i % 3 == 0) {
            noise[0] = 22;
            noise[1] = 3;
            noise[2] = 3;
        }
        const auto result = server->feed(noise);
        if (!result.ok()) {
            EXPECT_TRUE(server->fatal_error().has_value());
        }
    }
}

}  // namespace
}  // namespace nxs::testing
