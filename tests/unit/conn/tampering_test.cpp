// A man in the middle: real flights between two nxs engines, changed in flight. Plaintext hellos are re-encoded with
// one field changed; encrypted handshake messages are decrypted with the traffic secrets from the key log, changed,
// and encrypted again under the same key and sequence number — so each test reaches exactly the check it names.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include "common/hex.h"
#include "conn_test_support.h"
#include "handshake/cipher_suites.h"
#include "handshake/ext/extension_list.h"
#include "handshake/ext/key_share.h"
#include "handshake/ext/supported_versions.h"
#include "handshake/msgs/certificate.h"
#include "handshake/msgs/certificate_verify.h"
#include "handshake/msgs/client_hello.h"
#include "handshake/msgs/handshake_type.h"
#include "handshake/msgs/server_hello.h"
#include "handshake/tls13/key_schedule.h"
#include "record/record_protection.h"

namespace nxs::testing {
namespace {

using Bytes = std::span<const std::uint8_t>;
using Record = std::vector<std::uint8_t>;

// Secrets by key-log label, filled by Config::key_log.
using SecretLog = std::map<std::string, std::vector<std::uint8_t>>;

void capture_secrets(Config& config, const std::shared_ptr<SecretLog>& log) {
    config.key_log = [log](std::string_view line) {
        const auto first = line.find(' ');
        const auto last = line.rfind(' ');
        (*log)[std::string(line.substr(0, first))] = *from_hex(line.substr(last + 1));
    };
}

std::vector<Record> split_records(Bytes flight) {
    std::vector<Record> records;
    std::size_t pos = 0;
    while (pos + 5 <= flight.size()) {
        const std::size_t length = (std::size_t{flight[pos + 3]} << 8) | flight[pos + 4];
        records.emplace_back(flight.begin() + static_cast<std::ptrdiff_t>(pos),
                             flight.begin() + static_cast<std::ptrdiff_t>(pos + 5 + length));
        pos += 5 + length;
    }
    return records;
}

Record join(const std::vector<Record>& records) {
    Record out;
    for (const auto& r : records) {
        out.insert(out.end(), r.begin(), r.end());
    }
    return out;
}

Record take_output(Connection& conn) {
    const auto out = conn.pending_output();
    Record bytes(out.begin(), out.end());
    conn.consume_output(bytes.size());
    return bytes;
}

Record plaintext_record(std::uint8_t type, Bytes body) {
    Record out(body.begin(), body.end());
    const std::array<std::uint8_t, 5> header = {type, 3, 3, static_cast<std::uint8_t>(body.size() >> 8),
                                                static_cast<std::uint8_t>(body.size())};
    out.insert(out.begin(), header.begin(), header.end());
    return out;
}

// The default suite of these tests: TLS_AES_128_GCM_SHA256.
const handshake::CipherSuiteInfo& suite() {
    return *handshake::find_cipher_suite(handshake::CipherSuite::kAes128GcmSha256);
}

// Decrypts each protected record of `records` (those with outer type application_data) under `secret`, lets
// `change` edit the handshake message inside (by its type), and encrypts the result again.
void rewrite_protected(std::vector<Record>& records, Bytes secret,
                       const std::function<void(handshake::HandshakeType, Record&)>& change) {
    const auto& provider = *crypto::default_provider();
    const tls13::Hkdf hkdf(provider, suite().hash);
    const auto keys = tls13::derive_traffic_keys(hkdf, suite().aead, secret).value();
    auto reader = record::RecordProtection::create(provider, suite().aead, keys.key.span(), keys.iv.span()).value();
    auto writer = record::RecordProtection::create(provider, suite().aead, keys.key.span(), keys.iv.span()).value();
    for (auto& bytes : records) {
        if (bytes[0] != 23) {
            continue;
        }
        record::RecordView view;
        view.type = record::ContentType::kApplicationData;
        view.legacy_version = 0x0303;
        view.header = std::span<std::uint8_t>(bytes.data(), 5);
        view.fragment = std::span<std::uint8_t>(bytes.data() + 5, bytes.size() - 5);
        const auto opened = reader.open(view);
        ASSERT_TRUE(opened.ok()) << opened.error().to_string();
        Record content(opened->content.begin(), opened->content.end());
        if (opened->type == record::ContentType::kHandshake) {
            // A flight may share one record among several messages: each is offered to `change` on its own.
            Record rewritten;
            for (std::size_t pos = 0; pos + 4 <= content.size();) {
                const std::size_t length =
                    (std::size_t{content[pos + 1]} << 16) | (std::size_t{content[pos + 2]} << 8) | content[pos + 3];
                const auto type = static_cast<handshake::HandshakeType>(content[pos]);
                Record message(content.begin() + static_cast<std::ptrdiff_t>(pos),
                               content.begin() + static_cast<std::ptrdiff_t>(pos + 4 + length));
                change(type, message);
                rewritten.insert(rewritten.end(), message.begin(), message.end());
                pos += 4 + length;
            }
            content = rewritten;
        }
        Record sealed;
        ASSERT_TRUE(writer.seal(opened->type, content, sealed).ok());
        bytes = sealed;
    }
}

struct Mitm {
    std::shared_ptr<SecretLog> server_secrets = std::make_shared<SecretLog>();
    std::shared_ptr<SecretLog> client_secrets = std::make_shared<SecretLog>();
    std::shared_ptr<Config> client_cfg = client_config();
    std::shared_ptr<Config> server_cfg = server_config();
    Pair pair;

    Mitm() {
        client_cfg->cipher_suites = {CipherSuiteId::kAes128GcmSha256};
        capture_secrets(*client_cfg, client_secrets);
        capture_secrets(*server_cfg, server_secrets);
    }
    void start() {
        pair = Pair::make(client_cfg, server_cfg);
        ASSERT_TRUE(pair.server->feed(take_output(*pair.client)).ok());
    }
    // The server's first flight as records: ServerHello, change_cipher_spec, then the protected messages.
    std::vector<Record> server_flight() { return split_records(take_output(*pair.server)); }
};

Record reencode_server_hello(const Record& record, const std::function<void(handshake::ServerHello&)>& change) {
    const auto message = handshake::decode_handshake(Bytes(record).subspan(5)).value();
    auto hello = handshake::ServerHello::decode(message.body).value();
    change(hello);
    return plaintext_record(22, handshake::encode_message(hello).value());
}

// --- the server's flight, tampered ---

TEST(Tampering, ServerFinishedIsChecked) {
    Mitm mitm;
    mitm.start();
    auto flight = mitm.server_flight();
    rewrite_protected(flight, (*mitm.server_secrets)["SERVER_HANDSHAKE_TRAFFIC_SECRET"],
                      [](handshake::HandshakeType type, Record& message) {
                          if (type == handshake::HandshakeType::kFinished) {
                              message.back() ^= 0x01;
                          }
                      });
    EXPECT_EQ(mitm.pair.client->feed(join(flight)).status(), Status::kTlsFinishedHashFailure);
    ASSERT_TRUE(mitm.pair.server->feed(take_output(*mitm.pair.client)).status() == Status::kTlsAlertReceived);
    EXPECT_EQ(mitm.pair.server->received_alert(), AlertDescription::kDecryptError);
}

TEST(Tampering, ServerCertificateVerifyIsChecked) {
    Mitm mitm;
    mitm.start();
    auto flight = mitm.server_flight();
    rewrite_protected(flight, (*mitm.server_secrets)["SERVER_HANDSHAKE_TRAFFIC_SECRET"],
                      [](handshake::HandshakeType type, Record& message) {
                          if (type == handshake::HandshakeType::kCertificateVerify) {
                              message.back() ^= 0x01;
                          }
                      });
    EXPECT_EQ(mitm.pair.client->feed(join(flight)).status(), Status::kTlsSignatureVerificationError);
    EXPECT_EQ(mitm.pair.client->fatal_error()->alert(), AlertDescription::kDecryptError);
}

TEST(Tampering, ServerSignatureSchemeMustBeOffered) {
    Mitm mitm;
    mitm.start();
    auto flight = mitm.server_flight();
    rewrite_protected(flight, (*mitm.server_secrets)["SERVER_HANDSHAKE_TRAFFIC_SECRET"],
                      [](handshake::HandshakeType type, Record& message) {
                          if (type == handshake::HandshakeType::kCertificateVerify) {
                              message[4] = 0x04;  // rsa_pkcs1_sha256: never offered for TLS 1.3 signatures
                              message[5] = 0x01;
                          }
                      });
    EXPECT_EQ(mitm.pair.client->feed(join(flight)).status(), Status::kTlsUnsupportedSignatureAlgorithm);
}

TEST(Tampering, EmptyServerCertificateIsRefused) {
    Mitm mitm;
    mitm.start();
    auto flight = mitm.server_flight();
    rewrite_protected(flight, (*mitm.server_secrets)["SERVER_HANDSHAKE_TRAFFIC_SECRET"],
                      [](handshake::HandshakeType type, Record& message) {
                          if (type == handshake::HandshakeType::kCertificate) {
                              message = handshake::encode_message(tls13::Certificate{}).value();
                          }
                      });
    EXPECT_EQ(mitm.pair.client->feed(join(flight)).status(), Status::kTlsEmptyRemoteCertificateReceived);
    EXPECT_EQ(mitm.pair.client->fatal_error()->alert(), AlertDescription::kDecodeError);
}

TEST(Tampering, ServerHelloSuiteMustHaveBeenOffered) {
    Mitm mitm;
    mitm.start();
    auto flight = mitm.server_flight();
    flight[0] = reencode_server_hello(flight[0], [](handshake::ServerHello& hello) {
        hello.cipher_suite = handshake::CipherSuite::kAes256GcmSha384;
    });
    EXPECT_EQ(mitm.pair.client->feed(join(flight)).status(), Status::kTls13UnknownCiphersuite);
    EXPECT_EQ(mitm.pair.client->fatal_error()->alert(), AlertDescription::kIllegalParameter);
}

TEST(Tampering, ServerHelloKeyShareMustMatchOurs) {
    Mitm mitm;
    mitm.start();
    auto flight = mitm.server_flight();
    // The builder owns the new extensions' bytes: it must outlive the re-encoding.
    handshake::ExtensionBuilder builder;
    static const std::uint8_t kPoint[65] = {4};
    ASSERT_TRUE(builder.add(tls13::SupportedVersionsServerHello{handshake::ProtocolVersion::kTls13}).ok());
    ASSERT_TRUE(
        builder.add(tls13::KeyShareServerHello{tls13::KeyShareEntry{crypto::NamedGroup::kSecp256r1, kPoint}}).ok());
    flight[0] =
        reencode_server_hello(flight[0], [&](handshake::ServerHello& hello) { hello.extensions = builder.list(); });
    EXPECT_EQ(mitm.pair.client->feed(join(flight)).status(), Status::kTlsBadServerhelloKeyshare);
}

TEST(Tampering, ServerHelloWithoutSupportedVersionsIsTls12) {
    Mitm mitm;
    mitm.start();
    auto flight = mitm.server_flight();
    flight[0] = reencode_server_hello(flight[0], [](handshake::ServerHello& hello) {
        std::vector<handshake::Extension> kept;
        for (const auto& e : hello.extensions.entries()) {
            if (e.type != handshake::ExtensionType::kSupportedVersions) {
                kept.push_back(e);
            }
        }
        handshake::ExtensionList list;
        for (const auto& e : kept) {
            list.add(e.type, e.data);
        }
        hello.extensions = list;
    });
    EXPECT_EQ(mitm.pair.client->feed(join(flight)).status(), Status::kTlsUnsupportedTlsVersion);
    EXPECT_EQ(mitm.pair.client->fatal_error()->alert(), AlertDescription::kProtocolVersion);
}

TEST(Tampering, ServerHelloMustEchoTheSessionId) {
    Mitm mitm;
    mitm.start();
    auto flight = mitm.server_flight();
    static const std::uint8_t kOther[32] = {9};
    flight[0] =
        reencode_server_hello(flight[0], [](handshake::ServerHello& hello) { hello.legacy_session_id_echo = kOther; });
    EXPECT_EQ(mitm.pair.client->feed(join(flight)).status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(mitm.pair.client->fatal_error()->alert(), AlertDescription::kIllegalParameter);
}

// --- the client's flights, tampered ---

Record client_hello_without(handshake::ExtensionType dropped, Bytes client_record) {
    const auto message = handshake::decode_handshake(client_record.subspan(5)).value();
    auto hello = handshake::ClientHello::decode(message.body).value();
    handshake::ExtensionList list;
    for (const auto& e : hello.extensions.entries()) {
        if (e.type != dropped) {
            list.add(e.type, e.data);
        }
    }
    hello.extensions = list;
    return plaintext_record(22, handshake::encode_message(hello).value());
}

TEST(Tampering, ClientHelloWithoutKeyShareIsMissingExtension) {
    auto client = Connection::client(client_config(), "test.nxs.example").value();
    const auto hello = take_output(*client);
    auto server = Connection::server(server_config()).value();
    EXPECT_EQ(server->feed(client_hello_without(handshake::ExtensionType::kKeyShare, hello)).status(),
              Status::kTlsMissingExtension);
    EXPECT_EQ(server->fatal_error()->alert(), AlertDescription::kMissingExtension);
}

TEST(Tampering, ClientHelloWithoutSignatureAlgorithmsIsMissingExtension) {
    auto client = Connection::client(client_config(), "test.nxs.example").value();
    const auto hello = take_output(*client);
    auto server = Connection::server(server_config()).value();
    EXPECT_EQ(server->feed(client_hello_without(handshake::ExtensionType::kSignatureAlgorithms, hello)).status(),
              Status::kTlsMissingExtension);
}

TEST(Tampering, ClientKeyShareMustBeAValidPoint) {
    auto client = Connection::client(client_config(), "test.nxs.example").value();
    auto hello = take_output(*client);
    // The X25519 share is the last 32 bytes of the key_share extension; make it all zero (a small-order point).
    const auto message = handshake::decode_handshake(Bytes(hello).subspan(5)).value();
    const auto decoded = handshake::ClientHello::decode(message.body).value();
    const auto* share = decoded.extensions.find(handshake::ExtensionType::kKeyShare);
    ASSERT_NE(share, nullptr);
    const auto offset = static_cast<std::size_t>(share->data.data() - hello.data()) + share->data.size() - 32;
    std::fill(hello.begin() + static_cast<std::ptrdiff_t>(offset),
              hello.begin() + static_cast<std::ptrdiff_t>(offset + 32), 0);
    auto server = Connection::server(server_config()).value();
    EXPECT_EQ(server->feed(hello).status(), Status::kTlsBadClienthelloKeyshare);
    EXPECT_EQ(server->fatal_error()->alert(), AlertDescription::kIllegalParameter);
}

TEST(Tampering, FallbackScsvBelowOurVersion) {
    handshake::ClientHello hello;
    hello.cipher_suites = {handshake::CipherSuite::kAes128GcmSha256, handshake::kTlsFallbackScsv};
    static const std::uint8_t kNull[] = {0};
    hello.legacy_compression_methods = kNull;
    auto server = Connection::server(server_config()).value();
    EXPECT_EQ(server->feed(plaintext_record(22, handshake::encode_message(hello).value())).status(),
              Status::kTlsInappropriateFallback);
    EXPECT_EQ(server->fatal_error()->alert(), AlertDescription::kInappropriateFallback);
}

struct ClientAuthMitm : Mitm {
    ClientAuthMitm() {
        server_cfg->client_auth = ClientAuth::kRequired;
        server_cfg->trust_anchors = trust();
        EXPECT_TRUE(client_cfg->add_certificate(1, load_chain("client-p256.pem"), load_key("client-p256.key")).ok());
    }
    // Runs to the client's second flight and returns it as records.
    std::vector<Record> client_flight() {
        start();
        EXPECT_TRUE(pair.client->feed(take_output(*pair.server)).ok());
        return split_records(take_output(*pair.client));
    }
};

TEST(Tampering, ClientCertificateVerifyIsChecked) {
    ClientAuthMitm mitm;
    auto flight = mitm.client_flight();
    rewrite_protected(flight, (*mitm.client_secrets)["CLIENT_HANDSHAKE_TRAFFIC_SECRET"],
                      [](handshake::HandshakeType type, Record& message) {
                          if (type == handshake::HandshakeType::kCertificateVerify) {
                              message.back() ^= 0x01;
                          }
                      });
    EXPECT_EQ(mitm.pair.server->feed(join(flight)).status(), Status::kTlsCertificateVerifyFailure);
    EXPECT_EQ(mitm.pair.server->fatal_error()->alert(), AlertDescription::kDecryptError);
}

TEST(Tampering, ClientFinishedIsChecked) {
    ClientAuthMitm mitm;
    auto flight = mitm.client_flight();
    rewrite_protected(flight, (*mitm.client_secrets)["CLIENT_HANDSHAKE_TRAFFIC_SECRET"],
                      [](handshake::HandshakeType type, Record& message) {
                          if (type == handshake::HandshakeType::kFinished) {
                              message[10] ^= 0x80;
                          }
                      });
    EXPECT_EQ(mitm.pair.server->feed(join(flight)).status(), Status::kTlsFinishedHashFailure);
}

TEST(Tampering, UntouchedFlightsStillWork) {
    // The rewriting itself is faithful: decrypting and re-encrypting without a change completes the handshake.
    ClientAuthMitm mitm;
    auto flight = mitm.client_flight();
    rewrite_protected(flight, (*mitm.client_secrets)["CLIENT_HANDSHAKE_TRAFFIC_SECRET"],
                      [](handshake::HandshakeType, Record&) {});
    ASSERT_TRUE(mitm.pair.server->feed(join(flight)).ok());
    EXPECT_TRUE(mitm.pair.server->is_handshake_done());
}

// RFC 7301 §3.2: the client checks that the server's protocol is one it offered.
TEST(Tampering, ServerAlpnMustHaveBeenOffered) {
    Mitm mitm;
    mitm.client_cfg->alpn_protocols = {"h2"};
    mitm.server_cfg->alpn_protocols = {"h2"};
    mitm.start();
    auto flight = mitm.server_flight();
    rewrite_protected(flight, (*mitm.server_secrets)["SERVER_HANDSHAKE_TRAFFIC_SECRET"],
                      [](handshake::HandshakeType type, Record& message) {
                          if (type == handshake::HandshakeType::kEncryptedExtensions) {
                              const std::array<std::uint8_t, 2> name{'h', '2'};
                              auto it = std::search(message.begin(), message.end(), name.begin(), name.end());
                              ASSERT_NE(it, message.end());
                              *(it + 1) = '3';
                          }
                      });
    const auto fed = mitm.pair.client->feed(join(flight));
    EXPECT_EQ(fed.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(mitm.pair.client->fatal_error()->alert(), AlertDescription::kIllegalParameter);
}

}  // namespace
}  // namespace nxs::testing
