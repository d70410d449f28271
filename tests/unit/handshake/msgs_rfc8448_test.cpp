// Known answers: the plaintext handshake messages of RFC 8448 decoded field by field and re-encoded byte for byte,
// then truncated at every length and extended by one byte.
#include <gtest/gtest.h>

#include "handshake/ext/groups_and_signatures.h"
#include "handshake/ext/key_share.h"
#include "handshake/ext/psk.h"
#include "handshake/ext/registry.h"
#include "handshake/ext/server_name.h"
#include "handshake/ext/simple_extensions.h"
#include "handshake/ext/supported_versions.h"
#include "handshake/msgs/certificate.h"
#include "handshake/msgs/certificate_verify.h"
#include "handshake/msgs/client_hello.h"
#include "handshake/msgs/encrypted_extensions.h"
#include "handshake/msgs/finished.h"
#include "handshake/msgs/new_session_ticket.h"
#include "handshake/msgs/server_hello.h"
#include "msgs_rfc8448_vectors.h"
#include "msgs_test_support.h"

namespace nxs::handshake {
namespace {

using crypto::NamedGroup;
using crypto::SignatureScheme;
using test::hex;
namespace rfc8448 = test::rfc8448;

// Splits an encoded message into its header check and body.
HandshakeMessage framed(const std::vector<std::uint8_t>& encoded, HandshakeType type) {
    const auto message = decode_handshake(encoded);
    EXPECT_TRUE(message.ok());
    EXPECT_EQ(message->type, type);
    EXPECT_EQ(message->body.size() + kHandshakeHeaderLength, encoded.size());
    return *message;
}

template <typename Message>
void expect_reencodes(const Message& message, const std::vector<std::uint8_t>& encoded) {
    const auto again = encode_message(message);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(to_hex(*again), to_hex(encoded));
}

std::vector<std::uint8_t> body_of(const std::vector<std::uint8_t>& encoded) {
    return {encoded.begin() + kHandshakeHeaderLength, encoded.end()};
}

TEST(Rfc8448, ClientHello) {
    const auto encoded = hex(rfc8448::kClientHello);
    const auto message = framed(encoded, HandshakeType::kClientHello);
    const auto hello = ClientHello::decode(message.body);
    ASSERT_TRUE(hello.ok()) << hello.error().to_string();

    EXPECT_EQ(hello->legacy_version, ProtocolVersion::kTls12);
    EXPECT_EQ(to_hex(hello->random), "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7");
    EXPECT_TRUE(hello->legacy_session_id.empty());
    EXPECT_EQ(hello->cipher_suites,
              (std::vector<CipherSuite>{CipherSuite::kAes128GcmSha256, CipherSuite::kChaCha20Poly1305Sha256,
                                        CipherSuite::kAes256GcmSha384}));
    EXPECT_EQ(to_hex(hello->legacy_compression_methods), "00");
    EXPECT_TRUE(check_tls13_compression(*hello).ok());
    EXPECT_FALSE(hello->psk_binders_offset.has_value());

    EXPECT_EQ(hello->extensions.types(),
              (std::vector<ExtensionType>{ExtensionType::kServerName, ExtensionType::kRenegotiationInfo,
                                          ExtensionType::kSupportedGroups, ExtensionType::kSessionTicket,
                                          ExtensionType::kKeyShare, ExtensionType::kSupportedVersions,
                                          ExtensionType::kSignatureAlgorithms, ExtensionType::kPskKeyExchangeModes,
                                          ExtensionType::kRecordSizeLimit}));
    EXPECT_TRUE(tls13::check_allowed(hello->extensions, tls13::ExtensionContext::kClientHello).ok());

    const auto sni = require_extension<ServerNameClientHello>(hello->extensions);
    ASSERT_TRUE(sni.ok());
    EXPECT_EQ(sni->host_name, "server");

    const auto renegotiation = require_extension<RenegotiationInfo>(hello->extensions);
    ASSERT_TRUE(renegotiation.ok());
    EXPECT_TRUE(renegotiation->renegotiated_connection.empty());

    const auto groups = require_extension<SupportedGroups>(hello->extensions);
    ASSERT_TRUE(groups.ok());
    EXPECT_EQ(groups->groups,
              (std::vector<NamedGroup>{NamedGroup::kX25519, NamedGroup::kSecp256r1, NamedGroup::kSecp384r1,
                                       NamedGroup::kSecp521r1, NamedGroup::kFfdhe2048, NamedGroup::kFfdhe3072,
                                       static_cast<NamedGroup>(0x0102), static_cast<NamedGroup>(0x0103),
                                       static_cast<NamedGroup>(0x0104)}));

    const auto shares = require_extension<tls13::KeyShareClientHello>(hello->extensions);
    ASSERT_TRUE(shares.ok());
    ASSERT_EQ(shares->client_shares.size(), 1U);
    EXPECT_EQ(shares->client_shares[0].group, NamedGroup::kX25519);
    EXPECT_EQ(to_hex(shares->client_shares[0].key_exchange),
              "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c");

    const auto versions = require_extension<tls13::SupportedVersionsClientHello>(hello->extensions);
    ASSERT_TRUE(versions.ok());
    EXPECT_EQ(versions->versions, std::vector<ProtocolVersion>{ProtocolVersion::kTls13});

    const auto schemes = require_extension<SignatureAlgorithms>(hello->extensions);
    ASSERT_TRUE(schemes.ok());
    ASSERT_EQ(schemes->schemes.size(), 15U);
    EXPECT_EQ(schemes->schemes.front(), SignatureScheme::kEcdsaSecp256r1Sha256);
    EXPECT_EQ(schemes->schemes.back(), static_cast<SignatureScheme>(0x0202));
    EXPECT_TRUE(schemes->contains(SignatureScheme::kRsaPssRsaeSha256));

    const auto modes = require_extension<tls13::PskKeyExchangeModes>(hello->extensions);
    ASSERT_TRUE(modes.ok());
    EXPECT_EQ(modes->modes, std::vector<tls13::PskKeyExchangeMode>{tls13::PskKeyExchangeMode::kPskDheKe});

    const auto limit = require_extension<RecordSizeLimit>(hello->extensions);
    ASSERT_TRUE(limit.ok());
    EXPECT_EQ(limit->limit, 16385);

    expect_reencodes(*hello, encoded);
    // Every typed extension re-encodes to the bytes it came from.
    EXPECT_EQ(test::encode_body(*shares),
              std::vector<std::uint8_t>(hello->extensions.find(ExtensionType::kKeyShare)->data.begin(),
                                        hello->extensions.find(ExtensionType::kKeyShare)->data.end()));
    const auto body = body_of(encoded);
    test::expect_every_prefix_fails(body, ClientHello::decode, Status::kTlsIncorrectMessageLength,
                                    {2 + 32 + 1 + 8 + 2});  // ends before the extensions: a valid TLS 1.2 hello
    test::expect_every_prefix_fails(encoded, decode_handshake, Status::kTlsIncorrectMessageLength);
    test::expect_trailing_byte_fails(body, ClientHello::decode);
    test::expect_trailing_byte_fails(encoded, decode_handshake);
}

TEST(Rfc8448, ServerHello) {
    const auto encoded = hex(rfc8448::kServerHello);
    const auto message = framed(encoded, HandshakeType::kServerHello);
    const auto hello = ServerHello::decode(message.body);
    ASSERT_TRUE(hello.ok()) << hello.error().to_string();

    EXPECT_EQ(hello->legacy_version, ProtocolVersion::kTls12);
    EXPECT_EQ(to_hex(hello->random), "a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928");
    EXPECT_FALSE(hello->is_hello_retry_request());
    EXPECT_EQ(downgrade_sentinel(hello->random), DowngradeSentinel::kNone);
    EXPECT_TRUE(hello->legacy_session_id_echo.empty());
    EXPECT_EQ(hello->cipher_suite, CipherSuite::kAes128GcmSha256);
    EXPECT_EQ(hello->legacy_compression_method, 0);
    EXPECT_EQ(hello->extensions.types(),
              (std::vector<ExtensionType>{ExtensionType::kKeyShare, ExtensionType::kSupportedVersions}));

    const auto share = require_extension<tls13::KeyShareServerHello>(hello->extensions);
    ASSERT_TRUE(share.ok());
    EXPECT_EQ(share->server_share.group, NamedGroup::kX25519);
    EXPECT_EQ(to_hex(share->server_share.key_exchange),
              "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f");
    const auto version = require_extension<tls13::SupportedVersionsServerHello>(hello->extensions);
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(version->selected_version, ProtocolVersion::kTls13);

    // The client offered both, so the response check passes.
    const auto client_hello = hex(rfc8448::kClientHello);
    const auto offered = ClientHello::decode(Bytes(client_hello).subspan(4));
    ASSERT_TRUE(offered.ok());
    EXPECT_TRUE(
        tls13::check_response(hello->extensions, tls13::ExtensionContext::kServerHello, offered->extensions.types())
            .ok());

    expect_reencodes(*hello, encoded);
    const auto body = body_of(encoded);
    test::expect_every_prefix_fails(body, ServerHello::decode, Status::kTlsIncorrectMessageLength,
                                    {2 + 32 + 1 + 2 + 1});  // ends before the extensions: a valid TLS 1.2 hello
    test::expect_trailing_byte_fails(body, ServerHello::decode);
}

TEST(Rfc8448, HelloRetryRequest) {
    const auto encoded = hex(rfc8448::kHelloRetryRequest);
    const auto message = framed(encoded, HandshakeType::kServerHello);
    const auto hello = ServerHello::decode(message.body);
    ASSERT_TRUE(hello.ok()) << hello.error().to_string();
    EXPECT_TRUE(hello->is_hello_retry_request());
    EXPECT_EQ(hello->cipher_suite, CipherSuite::kAes128GcmSha256);
    EXPECT_EQ(hello->extensions.types(), (std::vector<ExtensionType>{ExtensionType::kKeyShare, ExtensionType::kCookie,
                                                                     ExtensionType::kSupportedVersions}));
    const auto group = require_extension<tls13::KeyShareHelloRetryRequest>(hello->extensions);
    ASSERT_TRUE(group.ok());
    EXPECT_EQ(group->selected_group, NamedGroup::kSecp256r1);
    const auto cookie = require_extension<tls13::Cookie>(hello->extensions);
    ASSERT_TRUE(cookie.ok());
    EXPECT_EQ(cookie->cookie.size(), 0x72U);
    EXPECT_EQ(cookie->cookie[0], 0x71);

    // A cookie may come back unasked in a HelloRetryRequest, but key_share and supported_versions must be offered.
    const std::vector<ExtensionType> offered = {ExtensionType::kKeyShare, ExtensionType::kSupportedVersions};
    EXPECT_TRUE(tls13::check_response(hello->extensions, tls13::ExtensionContext::kHelloRetryRequest, offered).ok());
    const auto not_offered = tls13::check_response(hello->extensions, tls13::ExtensionContext::kHelloRetryRequest,
                                                   std::vector<ExtensionType>{ExtensionType::kKeyShare});
    EXPECT_EQ(not_offered.status(), Status::kTlsUnsupportedFeature);

    expect_reencodes(*hello, encoded);
    test::expect_trailing_byte_fails(body_of(encoded), ServerHello::decode);
}

TEST(Rfc8448, EncryptedExtensions) {
    const auto encoded = hex(rfc8448::kEncryptedExtensions);
    const auto message = framed(encoded, HandshakeType::kEncryptedExtensions);
    const auto ee = tls13::EncryptedExtensions::decode(message.body);
    ASSERT_TRUE(ee.ok()) << ee.error().to_string();
    EXPECT_EQ(ee->extensions.types(),
              (std::vector<ExtensionType>{ExtensionType::kSupportedGroups, ExtensionType::kRecordSizeLimit,
                                          ExtensionType::kServerName}));
    const auto groups = require_extension<SupportedGroups>(ee->extensions);
    ASSERT_TRUE(groups.ok());
    EXPECT_EQ(groups->groups.size(), 9U);
    const auto limit = require_extension<RecordSizeLimit>(ee->extensions);
    ASSERT_TRUE(limit.ok());
    EXPECT_EQ(limit->limit, 16385);
    EXPECT_TRUE(require_extension<ServerNameAck>(ee->extensions).ok());

    const auto client_hello = hex(rfc8448::kClientHello);
    const auto offered = ClientHello::decode(Bytes(client_hello).subspan(4));
    ASSERT_TRUE(offered.ok());
    EXPECT_TRUE(tls13::check_response(ee->extensions, tls13::ExtensionContext::kEncryptedExtensions,
                                      offered->extensions.types())
                    .ok());

    expect_reencodes(*ee, encoded);
    const auto body = body_of(encoded);
    test::expect_every_prefix_fails(body, tls13::EncryptedExtensions::decode, Status::kTlsIncorrectMessageLength);
    test::expect_trailing_byte_fails(body, tls13::EncryptedExtensions::decode);
}

TEST(Rfc8448, Certificate) {
    const auto encoded = hex(rfc8448::kCertificate);
    const auto message = framed(encoded, HandshakeType::kCertificate);
    const auto certificate = tls13::Certificate::decode(message.body);
    ASSERT_TRUE(certificate.ok()) << certificate.error().to_string();
    EXPECT_TRUE(certificate->certificate_request_context.empty());
    EXPECT_FALSE(certificate->is_empty());
    ASSERT_EQ(certificate->certificate_list.size(), 1U);
    const auto& entry = certificate->certificate_list[0];
    EXPECT_EQ(entry.cert_data.size(), 0x1B0U);
    EXPECT_EQ(to_hex(entry.cert_data.first(4)), "308201ac");  // a DER SEQUENCE of 0x1ac bytes
    EXPECT_EQ(to_hex(entry.cert_data.last(4)), "b42b4de1");
    EXPECT_TRUE(entry.extensions.empty());
    EXPECT_TRUE(tls13::check_response(entry.extensions, tls13::ExtensionContext::kCertificate, {}).ok());

    expect_reencodes(*certificate, encoded);
    const auto body = body_of(encoded);
    test::expect_every_prefix_fails(body, tls13::Certificate::decode, Status::kTlsIncorrectMessageLength);
    test::expect_trailing_byte_fails(body, tls13::Certificate::decode);
}

TEST(Rfc8448, CertificateVerify) {
    const auto encoded = hex(rfc8448::kCertificateVerify);
    const auto message = framed(encoded, HandshakeType::kCertificateVerify);
    const auto verify = CertificateVerify::decode(message.body);
    ASSERT_TRUE(verify.ok()) << verify.error().to_string();
    EXPECT_EQ(verify->algorithm, SignatureScheme::kRsaPssRsaeSha256);
    EXPECT_EQ(verify->signature.size(), 128U);
    EXPECT_EQ(to_hex(verify->signature.first(4)), "5a747c5d");

    expect_reencodes(*verify, encoded);
    const auto body = body_of(encoded);
    test::expect_every_prefix_fails(body, CertificateVerify::decode, Status::kTlsIncorrectMessageLength);
    test::expect_trailing_byte_fails(body, CertificateVerify::decode);
}

TEST(Rfc8448, Finished) {
    for (const auto text : {rfc8448::kServerFinished, rfc8448::kClientFinished}) {
        const auto encoded = hex(text);
        const auto message = framed(encoded, HandshakeType::kFinished);
        const auto finished = Finished::decode(message.body, 32);
        ASSERT_TRUE(finished.ok());
        EXPECT_EQ(to_hex(finished->verify_data), to_hex(Bytes(encoded).subspan(4)));
        expect_reencodes(*finished, encoded);
        const auto decode = [](Bytes body) { return Finished::decode(body, 32); };
        test::expect_every_prefix_fails(body_of(encoded), decode, Status::kTlsIncorrectMessageLength);
        test::expect_trailing_byte_fails(body_of(encoded), decode);
        // SHA-384 suites expect 48 bytes.
        EXPECT_EQ(Finished::decode(message.body, 48).status(), Status::kTlsIncorrectMessageLength);
    }
}

TEST(Rfc8448, NewSessionTicket) {
    const auto encoded = hex(rfc8448::kNewSessionTicket);
    const auto message = framed(encoded, HandshakeType::kNewSessionTicket);
    const auto ticket = tls13::NewSessionTicket::decode(message.body);
    ASSERT_TRUE(ticket.ok()) << ticket.error().to_string();
    EXPECT_EQ(ticket->ticket_lifetime, 30U);
    EXPECT_EQ(ticket->ticket_age_add, 0xFAD6AAC5U);
    EXPECT_EQ(to_hex(ticket->ticket_nonce), "0000");
    EXPECT_EQ(ticket->ticket.size(), 0xB2U);
    EXPECT_EQ(to_hex(ticket->ticket.first(4)), "2c035d82");
    const auto early = require_extension<tls13::EarlyDataNewSessionTicket>(ticket->extensions);
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(early->max_early_data_size, 1024U);
    EXPECT_TRUE(tls13::check_allowed(ticket->extensions, tls13::ExtensionContext::kNewSessionTicket).ok());

    expect_reencodes(*ticket, encoded);
    const auto body = body_of(encoded);
    test::expect_every_prefix_fails(body, tls13::NewSessionTicket::decode, Status::kTlsIncorrectMessageLength);
    test::expect_trailing_byte_fails(body, tls13::NewSessionTicket::decode);
}

TEST(Rfc8448, ResumedClientHelloWithPsk) {
    const auto prefix = hex(rfc8448::kResumedClientHelloPrefix);
    const auto encoded = test::cat(prefix, hex(rfc8448::kResumedClientHelloBinders));
    const auto message = framed(encoded, HandshakeType::kClientHello);
    const auto hello = ClientHello::decode(message.body);
    ASSERT_TRUE(hello.ok()) << hello.error().to_string();
    ASSERT_TRUE(hello->psk_binders_offset.has_value());
    EXPECT_EQ(*hello->psk_binders_offset + kHandshakeHeaderLength, prefix.size());
    EXPECT_EQ(hello->extensions.entries().back().type, ExtensionType::kPreSharedKey);
    EXPECT_TRUE(hello->extensions.contains(ExtensionType::kEarlyData));
    EXPECT_TRUE(hello->extensions.contains(ExtensionType::kPadding));

    const auto truncated = psk_binders_truncated_length(encoded);
    ASSERT_TRUE(truncated.ok());
    EXPECT_EQ(*truncated, prefix.size());

    const auto psk = require_extension<tls13::PreSharedKeyClientHello>(hello->extensions);
    ASSERT_TRUE(psk.ok());
    ASSERT_EQ(psk->identities.size(), 1U);
    ASSERT_EQ(psk->binders.size(), 1U);
    EXPECT_EQ(to_hex(psk->binders[0]), "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d");
    // The identity is the ticket of the §3 NewSessionTicket.
    const auto nst = hex(rfc8448::kNewSessionTicket);
    const auto ticket = tls13::NewSessionTicket::decode(Bytes(nst).subspan(4));
    ASSERT_TRUE(ticket.ok());
    EXPECT_EQ(to_hex(psk->identities[0].identity), to_hex(ticket->ticket));
    EXPECT_EQ(psk->identities[0].obfuscated_ticket_age, 0xFAD6AACBU);
    EXPECT_EQ(psk->binders_list_length(std::vector<std::size_t>{32}), 35U);

    expect_reencodes(*hello, encoded);

    // Sending side: zero placeholders patched with the real binder give the RFC bytes.
    auto placeholder = encoded;
    std::fill(placeholder.end() - 32, placeholder.end(), std::uint8_t{0});
    const auto binder = hex("3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d");
    ASSERT_TRUE(patch_psk_binders(placeholder, std::vector<Bytes>{Bytes(binder)}).ok());
    EXPECT_EQ(placeholder, encoded);
    const auto short_binder = hex("3add4fb2");
    EXPECT_EQ(patch_psk_binders(placeholder, std::vector<Bytes>{Bytes(short_binder)}).status(),
              Status::kTlsInvalidState);
    EXPECT_EQ(patch_psk_binders(placeholder, std::vector<Bytes>{Bytes(binder), Bytes(binder)}).status(),
              Status::kTlsInvalidState);

    test::expect_every_prefix_fails(body_of(encoded), ClientHello::decode, Status::kTlsIncorrectMessageLength,
                                    {2 + 32 + 1 + 8 + 2});
}

}  // namespace
}  // namespace nxs::handshake
