// The TLS 1.3 messages after the hellos, the framing helpers and the cipher suite table.
#include <gtest/gtest.h>

#include "handshake/cipher_suites.h"
#include "handshake/ext/groups_and_signatures.h"
#include "handshake/ext/psk.h"
#include "handshake/msgs/certificate.h"
#include "handshake/msgs/certificate_request.h"
#include "handshake/msgs/certificate_verify.h"
#include "handshake/msgs/end_of_early_data.h"
#include "handshake/msgs/finished.h"
#include "handshake/msgs/key_update.h"
#include "handshake/msgs/new_session_ticket.h"
#include "msgs_test_support.h"

namespace nxs::tls13 {
namespace {

using handshake::ExtensionType;
using test::encode_body;
using test::hex;

TEST(Framing, DecodeAndLength) {
    const auto key_update = hex("1800000101");
    const auto message = handshake::decode_handshake(key_update);
    ASSERT_TRUE(message.ok());
    EXPECT_EQ(message->type, handshake::HandshakeType::kKeyUpdate);
    EXPECT_EQ(to_hex(message->body), "01");
    EXPECT_EQ(message->encoded.size(), 5U);
    // Unknown types are kept.
    const auto unknown = handshake::decode_handshake(hex("63000000"));
    ASSERT_TRUE(unknown.ok());
    EXPECT_EQ(static_cast<int>(unknown->type), 0x63);
    EXPECT_EQ(handshake::handshake_type_name(unknown->type), "unknown");
    EXPECT_EQ(handshake::handshake_type_name(handshake::HandshakeType::kEncryptedExtensions), "encrypted_extensions");

    EXPECT_EQ(handshake::handshake_message_length(hex("180000")), std::nullopt);
    EXPECT_EQ(handshake::handshake_message_length(hex("18010203")), 4U + 0x010203U);
    const auto encoded = handshake::encode_handshake(handshake::HandshakeType::kMessageHash, hex("aabb"));
    ASSERT_TRUE(encoded.ok());
    EXPECT_EQ(to_hex(*encoded), "fe000002aabb");
    EXPECT_EQ(handshake::protocol_version_name(handshake::ProtocolVersion::kTls13), "TLSv1.3");
}

TEST(CertificateRequest, RequiresSignatureAlgorithms) {
    const auto with =
        hex("00"
            "0008"
            "000d00040002"
            "0804");
    const auto request = CertificateRequest::decode(with);
    ASSERT_TRUE(request.ok());
    EXPECT_TRUE(request->certificate_request_context.empty());
    const auto schemes = handshake::require_extension<handshake::SignatureAlgorithms>(request->extensions);
    ASSERT_TRUE(schemes.ok());
    EXPECT_EQ(schemes->schemes, std::vector<crypto::SignatureScheme>{crypto::SignatureScheme::kRsaPssRsaeSha256});
    EXPECT_EQ(encode_body(*request), with);
    test::expect_every_prefix_fails(with, CertificateRequest::decode, Status::kTlsIncorrectMessageLength);
    test::expect_trailing_byte_fails(with, CertificateRequest::decode);

    // Only certificate_authorities: missing signature_algorithms.
    const auto without =
        CertificateRequest::decode(hex("0201ff"
                                       "0009"
                                       "002f0005"
                                       "0003"
                                       "300100"));
    EXPECT_EQ(without.status(), Status::kTlsMissingExtension);
    EXPECT_EQ(test::alert_of(without), AlertDescription::kMissingExtension);
    EXPECT_EQ(CertificateRequest::decode(hex("00"
                                             "0000"))
                  .status(),
              Status::kTlsMissingExtension);
    // Malformed signature_algorithms (empty list).
    EXPECT_EQ(CertificateRequest::decode(hex("00"
                                             "0006"
                                             "000d00020000"))
                  .status(),
              Status::kTlsIncorrectMessageLength);
}

TEST(Certificate, EmptyListAndEmptyEntry) {
    const auto empty_list =
        hex("00"
            "000000");
    const auto certificate = Certificate::decode(empty_list);
    ASSERT_TRUE(certificate.ok());
    EXPECT_TRUE(certificate->is_empty());
    EXPECT_EQ(encode_body(*certificate), empty_list);

    const auto empty_entry =
        Certificate::decode(hex("00"
                                "000005"
                                "000000"
                                "0000"));
    EXPECT_EQ(empty_entry.status(), Status::kTlsIncorrectMessageLength);

    // A context and two entries, the first with status_request.
    const auto two =
        hex("0401020304"
            "000017"
            "000002"
            "3000"
            "0008"
            "00050004"
            "01020304"
            "000003"
            "300101"
            "0000");
    const auto decoded = Certificate::decode(two);
    ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
    EXPECT_EQ(to_hex(decoded->certificate_request_context), "01020304");
    ASSERT_EQ(decoded->certificate_list.size(), 2U);
    EXPECT_TRUE(decoded->certificate_list[0].extensions.contains(ExtensionType::kStatusRequest));
    EXPECT_EQ(encode_body(*decoded), two);
    test::expect_every_prefix_fails(two, Certificate::decode, Status::kTlsIncorrectMessageLength);

    // The outer list longer than the data, and an entry overrunning the list.
    EXPECT_EQ(Certificate::decode(hex("00"
                                      "000006"
                                      "000002"
                                      "3000"
                                      "0000"))
                  .status(),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(Certificate::decode(hex("00"
                                      "000005"
                                      "000003"
                                      "3000"
                                      "0000"))
                  .status(),
              Status::kTlsIncorrectMessageLength);
    // Duplicate extension inside an entry.
    EXPECT_EQ(Certificate::decode(hex("00"
                                      "00000f"
                                      "000002"
                                      "3000"
                                      "0008"
                                      "00050000"
                                      "00050000"))
                  .status(),
              Status::kTlsHandshakeFailure);
}

TEST(CertificateVerify, SignedContent) {
    const std::vector<std::uint8_t> hash(32, 0xAB);
    const auto server = certificate_verify_content(SignatureContext::kServer, hash);
    ASSERT_EQ(server.size(), 64U + 33U + 1U + 32U);
    EXPECT_EQ(std::string(server.begin(), server.begin() + 64), std::string(64, ' '));
    EXPECT_EQ(std::string(server.begin() + 64, server.begin() + 97), "TLS 1.3, server CertificateVerify");
    EXPECT_EQ(server[97], 0x00);
    EXPECT_EQ(to_hex(Bytes(server).last(32)), to_hex(hash));
    const auto client = certificate_verify_content(SignatureContext::kClient, hash);
    EXPECT_EQ(std::string(client.begin() + 64, client.begin() + 97), "TLS 1.3, client CertificateVerify");
}

TEST(CertificateVerify, Malformed) {
    EXPECT_EQ(handshake::CertificateVerify::decode(hex("0804"
                                                       "0003"
                                                       "0102"))
                  .status(),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(handshake::CertificateVerify::decode(hex("08")).status(), Status::kTlsIncorrectMessageLength);
    const auto empty_signature =
        handshake::CertificateVerify::decode(hex("0807"
                                                 "0000"));
    ASSERT_TRUE(empty_signature.ok());
    EXPECT_EQ(empty_signature->algorithm, crypto::SignatureScheme::kEd25519);
}

TEST(Finished, WrongLength) {
    const std::vector<std::uint8_t> data(48, 1);
    EXPECT_TRUE(handshake::Finished::decode(data, 48).ok());
    EXPECT_EQ(handshake::Finished::decode(data, 32).status(), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(handshake::Finished::decode(Bytes(data).first(47), 48).status(), Status::kTlsIncorrectMessageLength);
}

std::vector<std::uint8_t> ticket_body(std::string_view lifetime, std::string_view ticket, std::string_view extensions) {
    return hex(std::string(lifetime) + "01020304" + "0100" + std::string(ticket) + std::string(extensions));
}

TEST(NewSessionTicket, Lifetime) {
    const auto max_body = ticket_body("00093a80", "0001aa", "0000");
    const auto max = NewSessionTicket::decode(max_body);
    ASSERT_TRUE(max.ok());
    EXPECT_EQ(max->ticket_lifetime, kMaxTicketLifetime);
    EXPECT_EQ(max->ticket_age_add, 0x01020304U);
    EXPECT_EQ(to_hex(max->ticket_nonce), "00");
    const auto too_long = NewSessionTicket::decode(ticket_body("00093a81", "0001aa", "0000"));
    EXPECT_EQ(too_long.status(), Status::kTlsInvalidSessionTicket);
    EXPECT_EQ(NewSessionTicket::decode(ticket_body("ffffffff", "0001aa", "0000")).status(),
              Status::kTlsInvalidSessionTicket);
}

TEST(NewSessionTicket, EmptyTicketAndExtensions) {
    EXPECT_EQ(NewSessionTicket::decode(ticket_body("0000001e", "0000", "0000")).status(),
              Status::kTlsInvalidSessionTicket);
    EXPECT_EQ(NewSessionTicket::decode(ticket_body("0000001e", "0001aa", "")).status(),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(
        NewSessionTicket::decode(ticket_body("0000001e", "0001aa", "0010002a000400000400002a000400000400")).status(),
        Status::kTlsHandshakeFailure);
    const auto early_body = ticket_body("0000001e", "0001aa", "0008002a000400000400");
    const auto early = NewSessionTicket::decode(early_body);
    ASSERT_TRUE(early.ok());
    const auto size = handshake::find_extension<EarlyDataNewSessionTicket>(early->extensions);
    ASSERT_TRUE(size.ok() && size->has_value());
    EXPECT_EQ((*size)->max_early_data_size, 1024U);
}

TEST(KeyUpdate, Values) {
    for (const std::uint8_t value : {std::uint8_t{0}, std::uint8_t{1}}) {
        const std::vector<std::uint8_t> body = {value};
        const auto update = KeyUpdate::decode(body);
        ASSERT_TRUE(update.ok());
        EXPECT_EQ(static_cast<std::uint8_t>(update->request_update), value);
        EXPECT_EQ(encode_body(*update), body);
    }
    const auto bad = KeyUpdate::decode(hex("02"));
    EXPECT_EQ(bad.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(test::alert_of(bad), AlertDescription::kIllegalParameter);
    EXPECT_EQ(KeyUpdate::decode(hex("ff")).status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(KeyUpdate::decode(hex("")).status(), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(KeyUpdate::decode(hex("0100")).status(), Status::kTlsIncorrectMessageLength);
}

TEST(EndOfEarlyData, MustBeEmpty) {
    EXPECT_TRUE(EndOfEarlyData::decode(hex("")).ok());
    EXPECT_EQ(EndOfEarlyData::decode(hex("00")).status(), Status::kTlsIncorrectMessageLength);
    const auto encoded = handshake::encode_message(EndOfEarlyData{});
    ASSERT_TRUE(encoded.ok());
    EXPECT_EQ(to_hex(*encoded), "05000000");
}

TEST(CipherSuites, Table) {
    using handshake::CipherSuite;
    const auto suites = handshake::tls13_cipher_suites();
    ASSERT_EQ(suites.size(), 5U);
    EXPECT_EQ(suites[0].name, "TLS_AES_128_GCM_SHA256");
    const auto* sha384 = handshake::find_cipher_suite(CipherSuite::kAes256GcmSha384);
    ASSERT_NE(sha384, nullptr);
    EXPECT_EQ(sha384->aead, crypto::AeadAlgorithm::kAes256Gcm);
    EXPECT_EQ(sha384->hash, crypto::HashAlgorithm::kSha384);
    const auto* ccm8 = handshake::find_cipher_suite(CipherSuite::kAes128Ccm8Sha256);
    ASSERT_NE(ccm8, nullptr);
    EXPECT_EQ(ccm8->aead, crypto::AeadAlgorithm::kAes128Ccm8);
    EXPECT_EQ(static_cast<std::uint16_t>(ccm8->suite), 0x1305);
    EXPECT_EQ(handshake::cipher_suite_name(CipherSuite::kChaCha20Poly1305Sha256), "TLS_CHACHA20_POLY1305_SHA256");
    EXPECT_EQ(handshake::cipher_suite_name(handshake::kTlsFallbackScsv), "TLS_FALLBACK_SCSV");
    EXPECT_EQ(static_cast<std::uint16_t>(handshake::kTlsEmptyRenegotiationInfoScsv), 0x00FF);
    EXPECT_EQ(handshake::find_cipher_suite(handshake::kTlsFallbackScsv), nullptr);
    EXPECT_FALSE(handshake::is_tls13_cipher_suite(static_cast<CipherSuite>(0xC02F)));
    EXPECT_EQ(handshake::cipher_suite_name(static_cast<CipherSuite>(0xC02F)), "unknown");
}

}  // namespace
}  // namespace nxs::tls13
