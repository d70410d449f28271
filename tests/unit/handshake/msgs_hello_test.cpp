// ClientHello and ServerHello: encode/decode of hand-built messages and the wire-shape rejections.
#include <gtest/gtest.h>

#include "handshake/ext/key_share.h"
#include "handshake/ext/psk.h"
#include "handshake/ext/simple_extensions.h"
#include "handshake/ext/supported_versions.h"
#include "handshake/msgs/client_hello.h"
#include "handshake/msgs/server_hello.h"
#include "msgs_test_support.h"

namespace nxs::handshake {
namespace {

using test::encode_body;
using test::hex;

// A ClientHello body: version, random, session id, suites, compression, and `extensions` (raw bytes of the
// extension list, 2-byte length included).
std::vector<std::uint8_t> client_hello_body(std::string_view suites, std::string_view compression,
                                            std::string_view extensions, std::string_view session_id = "00") {
    return hex(std::string("0303") + std::string(64, 'a') + std::string(session_id) + std::string(suites) +
               std::string(compression) + std::string(extensions));
}

constexpr std::string_view kVersions = "002b0003020304";  // supported_versions: TLS 1.3

TEST(ClientHello, BuildEncodeDecode) {
    const std::vector<std::uint8_t> key(32, 0x42);
    ExtensionBuilder builder;
    ASSERT_TRUE(builder.add(tls13::SupportedVersionsClientHello{{ProtocolVersion::kTls13}}).ok());
    ASSERT_TRUE(builder.add(tls13::KeyShareClientHello{{{crypto::NamedGroup::kX25519, key}}}).ok());
    const std::vector<std::uint8_t> session_id(32, 0x07);
    const std::uint8_t null_compression[] = {kNullCompression};

    ClientHello hello;
    hello.random.fill(0x11);
    hello.legacy_session_id = session_id;
    hello.cipher_suites = {CipherSuite::kAes128GcmSha256, CipherSuite::kFallbackScsv};
    hello.legacy_compression_methods = null_compression;
    hello.extensions = builder.list();
    const auto encoded = encode_message(hello);
    ASSERT_TRUE(encoded.ok());

    const auto message = decode_handshake(*encoded);
    ASSERT_TRUE(message.ok());
    EXPECT_EQ(message->type, HandshakeType::kClientHello);
    const auto decoded = ClientHello::decode(message->body);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->random, hello.random);
    EXPECT_EQ(to_hex(decoded->legacy_session_id), to_hex(session_id));
    EXPECT_EQ(decoded->cipher_suites, hello.cipher_suites);
    EXPECT_TRUE(decoded->offers(kTlsFallbackScsv));
    EXPECT_FALSE(decoded->offers(CipherSuite::kAes256GcmSha384));
    EXPECT_TRUE(check_tls13_compression(*decoded).ok());
    EXPECT_EQ(decoded->extensions.types(),
              (std::vector<ExtensionType>{ExtensionType::kSupportedVersions, ExtensionType::kKeyShare}));
    const auto share = find_extension<tls13::KeyShareClientHello>(decoded->extensions);
    ASSERT_TRUE(share.ok());
    ASSERT_TRUE(share->has_value());
    EXPECT_EQ(to_hex((*share)->client_shares.at(0).key_exchange), to_hex(key));
    const auto missing = find_extension<tls13::Cookie>(decoded->extensions);
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());
    EXPECT_EQ(encode_body(*decoded), std::vector<std::uint8_t>(message->body.begin(), message->body.end()));
}

TEST(ClientHello, WithoutExtensionsIsATls12Hello) {
    const auto body = client_hello_body("00021301", "0100", "");
    const auto hello = ClientHello::decode(body);
    ASSERT_TRUE(hello.ok());
    EXPECT_TRUE(hello->extensions.empty());
    // The encoder always writes the (empty) extension block.
    EXPECT_EQ(encode_body(*hello), test::cat(body, hex("0000")));
}

TEST(ClientHello, EmptyCipherSuiteList) {
    const auto hello = ClientHello::decode(client_hello_body("0000", "0100", "0000"));
    EXPECT_EQ(hello.status(), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(test::alert_of(hello), AlertDescription::kDecodeError);
}

TEST(ClientHello, OddLengthCipherSuiteList) {
    EXPECT_EQ(ClientHello::decode(client_hello_body("000313011302", "0100", "0000")).status(),
              Status::kTlsIncorrectMessageLength);
}

TEST(ClientHello, OversizedLengthFields) {
    // cipher_suites claims 4 bytes, 2 are there before the rest is misread; the session id claims 33.
    EXPECT_EQ(ClientHello::decode(client_hello_body("00041301", "0100", "0000")).status(),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(ClientHello::decode(client_hello_body("00021301", "0100", "0000", "21" + std::string(66, '0'))).status(),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(ClientHello::decode(client_hello_body("00021301", "0100", "00ff")).status(),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(ClientHello::decode(client_hello_body("00021301", "0100", "0008002b0003020304")).status(),
              Status::kTlsIncorrectMessageLength);
}

TEST(ClientHello, CompressionMethods) {
    const auto empty = ClientHello::decode(client_hello_body("00021301", "00", "0000"));
    EXPECT_EQ(empty.status(), Status::kTlsIncorrectMessageLength);

    // Decodes (a TLS 1.2 hello may offer more), but is not a valid TLS 1.3 hello.
    const auto deflate_and_null_body = client_hello_body("00021301", "020100", "0000");
    const auto deflate_and_null = ClientHello::decode(deflate_and_null_body);
    ASSERT_TRUE(deflate_and_null.ok());
    EXPECT_TRUE(contains_null_compression(*deflate_and_null));
    const auto tls13 = check_tls13_compression(*deflate_and_null);
    EXPECT_EQ(tls13.status(), Status::kTlsBadCompressionMethod);
    EXPECT_EQ(tls13.error().alert(), AlertDescription::kIllegalParameter);

    const auto deflate_only_body = client_hello_body("00021301", "0101", "0000");
    const auto deflate_only = ClientHello::decode(deflate_only_body);
    ASSERT_TRUE(deflate_only.ok());
    EXPECT_FALSE(contains_null_compression(*deflate_only));
    EXPECT_EQ(check_tls13_compression(*deflate_only).status(), Status::kTlsBadCompressionMethod);
}

TEST(ClientHello, DuplicateExtension) {
    const auto hello = ClientHello::decode(
        client_hello_body("00021301", "0100", "000e" + std::string(kVersions) + std::string(kVersions)));
    EXPECT_EQ(hello.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(test::alert_of(hello), AlertDescription::kIllegalParameter);
}

// pre_shared_key with one 1-byte identity and one 32-byte binder.
const std::string kPsk =
    "0029002c"
    "0007"
    "0001aa00000000"
    "0021"
    "20" +
    std::string(64, 'b');

TEST(ClientHello, PreSharedKeyMustBeLast) {
    const auto last =
        ClientHello::decode(client_hello_body("00021301", "0100", "0037" + std::string(kVersions) + kPsk));
    ASSERT_TRUE(last.ok()) << last.error().to_string();
    ASSERT_TRUE(last->psk_binders_offset.has_value());
    const auto body = client_hello_body("00021301", "0100", "0037" + std::string(kVersions) + kPsk);
    EXPECT_EQ(body.size() - *last->psk_binders_offset, 2U + 1U + 32U);

    const auto not_last =
        ClientHello::decode(client_hello_body("00021301", "0100", "0037" + kPsk + std::string(kVersions)));
    EXPECT_EQ(not_last.status(), Status::kTlsBadClienthelloPskExtension);
    EXPECT_EQ(test::alert_of(not_last), AlertDescription::kIllegalParameter);
}

TEST(ClientHello, PreSharedKeyBindersMustMatchIdentities) {
    // Two identities, one binder.
    const std::string psk =
        "00290034"
        "000f"
        "0001aa00000000"
        "0002bbbb00000000"
        "0021"
        "20" +
        std::string(64, 'b');
    const auto hello = ClientHello::decode(client_hello_body("00021301", "0100", "0038" + psk));
    EXPECT_EQ(hello.status(), Status::kTlsBadClienthelloPskExtension);
}

TEST(ClientHello, BinderHelpers) {
    auto message =
        test::cat(hex("01000000"), client_hello_body("00021301", "0100", "0037" + std::string(kVersions) + kPsk));
    message[3] = static_cast<std::uint8_t>(message.size() - 4);
    const auto truncated = psk_binders_truncated_length(message);
    ASSERT_TRUE(truncated.ok());
    EXPECT_EQ(message.size() - *truncated, 35U);
    const std::vector<std::uint8_t> binder(32, 0x5A);
    ASSERT_TRUE(patch_psk_binders(message, std::vector<Bytes>{Bytes(binder)}).ok());
    EXPECT_EQ(to_hex(Bytes(message).last(32)), to_hex(binder));

    auto no_psk = test::cat(hex("01000000"), client_hello_body("00021301", "0100", "0007" + std::string(kVersions)));
    no_psk[3] = static_cast<std::uint8_t>(no_psk.size() - 4);
    EXPECT_EQ(psk_binders_truncated_length(no_psk).status(), Status::kTlsBadClienthelloPskExtension);
    EXPECT_EQ(psk_binders_truncated_length(hex("02000000")).status(), Status::kTlsInvalidState);
}

// A ServerHello body with the given compression method and extensions.
std::vector<std::uint8_t> server_hello_body(std::string_view random_hex, std::string_view compression,
                                            std::string_view extensions) {
    return hex("0303" + std::string(random_hex) + "00" + "1301" + std::string(compression) + std::string(extensions));
}

TEST(ServerHello, CompressionMustBeNull) {
    const auto hello = ServerHello::decode(server_hello_body(std::string(64, '1'), "01", "0006002b00020304"));
    EXPECT_EQ(hello.status(), Status::kTlsBadCompressionMethod);
    EXPECT_EQ(test::alert_of(hello), AlertDescription::kIllegalParameter);
}

TEST(ServerHello, SessionIdEchoTooLong) {
    const auto body = hex("0303" + std::string(64, '1') + "21" + std::string(66, '0') + "130100" + "0000");
    EXPECT_EQ(ServerHello::decode(body).status(), Status::kTlsIncorrectMessageLength);
}

TEST(ServerHello, DuplicateExtension) {
    const auto hello =
        ServerHello::decode(server_hello_body(std::string(64, '1'), "00", "000c002b00020304002b00020304"));
    EXPECT_EQ(hello.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(test::alert_of(hello), AlertDescription::kIllegalParameter);
}

TEST(ServerHello, HelloRetryRequestRandom) {
    const auto hrr = ServerHello::decode(server_hello_body(to_hex(kHelloRetryRequestRandom), "00", "0006002b00020304"));
    ASSERT_TRUE(hrr.ok());
    EXPECT_TRUE(hrr->is_hello_retry_request());
    auto random = kHelloRetryRequestRandom;
    random[31] ^= 1U;
    const auto sh = ServerHello::decode(server_hello_body(to_hex(random), "00", "0006002b00020304"));
    ASSERT_TRUE(sh.ok());
    EXPECT_FALSE(sh->is_hello_retry_request());
}

TEST(ServerHello, DowngradeSentinels) {
    Random random{};
    random.fill(0x33);
    EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::kNone);
    EXPECT_TRUE(check_no_downgrade_sentinel(random).ok());

    set_downgrade_sentinel(random, ProtocolVersion::kTls12);
    EXPECT_EQ(to_hex(Bytes(random).last(8)), "444f574e47524401");  // "DOWNGRD" 01
    EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::kTls12);
    const auto tls12 = check_no_downgrade_sentinel(random);
    EXPECT_EQ(tls12.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(tls12.error().alert(), AlertDescription::kIllegalParameter);

    set_downgrade_sentinel(random, ProtocolVersion::kTls11);
    EXPECT_EQ(to_hex(Bytes(random).last(8)), "444f574e47524400");
    EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::kTls11OrBelow);
    EXPECT_FALSE(check_no_downgrade_sentinel(random).ok());
    EXPECT_EQ(to_hex(Bytes(random).first(24)), std::string(48, '3'));
}

TEST(ServerHello, Tls12WithoutExtensions) {
    const auto body = server_hello_body(std::string(64, '1'), "00", "");
    const auto hello = ServerHello::decode(body);
    ASSERT_TRUE(hello.ok());
    EXPECT_TRUE(hello->extensions.empty());
    test::expect_trailing_byte_fails(test::cat(body, hex("0000")), ServerHello::decode);
}

}  // namespace
}  // namespace nxs::handshake
