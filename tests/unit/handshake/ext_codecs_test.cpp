// The typed extension codecs: each decodes what RFCs allow, re-encodes byte for byte, and rejects the rest.
#include <gtest/gtest.h>

#include "handshake/ext/alpn.h"
#include "handshake/ext/certificate_authorities.h"
#include "handshake/ext/groups_and_signatures.h"
#include "handshake/ext/key_share.h"
#include "handshake/ext/psk.h"
#include "handshake/ext/server_name.h"
#include "handshake/ext/simple_extensions.h"
#include "handshake/ext/supported_versions.h"
#include "msgs_test_support.h"

namespace nxs::handshake {
namespace {

using test::encode_body;
using test::hex;

// Decodes `text`, expects success and an identical re-encoding; returns the value (views into `storage`).
template <typename T>
T round_trip(const std::vector<std::uint8_t>& storage) {
    const auto value = T::decode(storage);
    EXPECT_TRUE(value.ok()) << (value.ok() ? "" : value.error().to_string());
    if (!value.ok()) {
        return T{};
    }
    EXPECT_EQ(encode_body(*value), storage);
    return *value;
}

template <typename T>
Status decode_status(std::string_view text) {
    const auto data = hex(text);
    return T::decode(data).status();
}

TEST(ServerName, HostName) {
    const std::string example_com = "6578616d706c652e636f6d";  // "example.com"
    // The list length is one more than the data.
    EXPECT_EQ(ServerNameClientHello::decode(hex("000f00000b" + example_com)).status(), Status::kTlsSniExtensionInvalid);
    const auto good = hex("000e00000b" + example_com);
    const auto sni = round_trip<ServerNameClientHello>(good);
    EXPECT_EQ(sni.host_name, "example.com");
    test::expect_every_prefix_fails(good, ServerNameClientHello::decode, Status::kTlsSniExtensionInvalid);
    const auto extra = test::cat(good, hex("00"));
    EXPECT_EQ(ServerNameClientHello::decode(extra).status(), Status::kTlsSniExtensionInvalid);
}

std::vector<std::uint8_t> sni_with(std::string_view name, std::uint8_t type = 0) {
    std::vector<std::uint8_t> out;
    Writer writer(out);
    const auto list = writer.open(2);
    writer.u8(type);
    EXPECT_TRUE(writer.vec16(Bytes(reinterpret_cast<const std::uint8_t*>(name.data()), name.size())).ok());
    EXPECT_TRUE(writer.close(list).ok());
    return out;
}

TEST(ServerName, Malformed) {
    for (const std::string_view bad : {"", "example.com.", ".example.com", "exa mple.com", "a..b", "-a.com", "a-.com",
                                       "192.168.0.1", "::1", "caf\xc3\xa9.fr"}) {
        const auto data = sni_with(bad);
        const auto result = ServerNameClientHello::decode(data);
        EXPECT_EQ(result.status(), Status::kTlsSniExtensionInvalid) << "name: " << bad;
        EXPECT_EQ(test::alert_of(result), AlertDescription::kDecodeError);
    }
    EXPECT_EQ(ServerNameClientHello::decode(sni_with("example.com", 1)).status(), Status::kTlsSniExtensionInvalid);
    EXPECT_EQ(ServerNameClientHello::decode(sni_with(std::string(64, 'a') + ".com")).status(),
              Status::kTlsSniExtensionInvalid);
    // Two host names.
    auto two = sni_with("a.com");
    two.insert(two.end(), {0x00, 0x00, 0x05, 'b', '.', 'c', 'o', 'm'});
    two[1] = static_cast<std::uint8_t>(two.size() - 2);
    EXPECT_EQ(ServerNameClientHello::decode(two).status(), Status::kTlsSniExtensionInvalid);

    EXPECT_TRUE(ServerNameClientHello::decode(sni_with("my_host.example-1.COM")).ok());
    EXPECT_TRUE(ServerNameClientHello::decode(sni_with("1.2.3")).ok());
    EXPECT_TRUE(is_valid_sni_host_name(std::string(63, 'a') + "." + std::string(63, 'b')));
    EXPECT_FALSE(is_valid_sni_host_name(std::string(128, 'a') + "." + std::string(127, 'b')));
    // The encoder refuses what the decoder would refuse.
    std::vector<std::uint8_t> out;
    Writer writer(out);
    EXPECT_EQ(ServerNameClientHello{"bad name"}.encode(writer).status(), Status::kTlsSniExtensionInvalid);
}

TEST(ServerName, Ack) {
    EXPECT_TRUE(ServerNameAck::decode({}).ok());
    EXPECT_EQ(decode_status<ServerNameAck>("00"), Status::kTlsSniExtensionInvalid);
    EXPECT_TRUE(encode_body(ServerNameAck{}).empty());
}

TEST(GroupsAndSignatures, Lists) {
    const auto groups = round_trip<SupportedGroups>(hex("0006001d00170a0a"));
    EXPECT_EQ(groups.groups.size(), 3U);
    EXPECT_TRUE(groups.contains(crypto::NamedGroup::kSecp256r1));
    EXPECT_EQ(static_cast<std::uint16_t>(groups.groups[2]), 0x0A0A);  // GREASE kept
    EXPECT_EQ(decode_status<SupportedGroups>("0000"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<SupportedGroups>("0003001d00"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<SupportedGroups>("0004001d"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<SupportedGroups>("0002001d00"), Status::kTlsIncorrectMessageLength);

    const auto schemes = round_trip<SignatureAlgorithms>(hex("000408070403"));
    EXPECT_TRUE(schemes.contains(crypto::SignatureScheme::kEd25519));
    EXPECT_EQ(decode_status<SignatureAlgorithms>("0000"), Status::kTlsIncorrectMessageLength);
    const auto cert = round_trip<SignatureAlgorithmsCert>(hex("00020804"));
    EXPECT_TRUE(cert.contains(crypto::SignatureScheme::kRsaPssRsaeSha256));
    EXPECT_EQ(decode_status<SignatureAlgorithmsCert>("000108"), Status::kTlsIncorrectMessageLength);
}

TEST(KeyShare, ClientHello) {
    const auto data =
        hex("000c"
            "001d0002aabb"
            "00170002ccdd");
    const auto shares = round_trip<tls13::KeyShareClientHello>(data);
    ASSERT_EQ(shares.client_shares.size(), 2U);
    ASSERT_NE(shares.find(crypto::NamedGroup::kSecp256r1), nullptr);
    EXPECT_EQ(to_hex(shares.find(crypto::NamedGroup::kSecp256r1)->key_exchange), "ccdd");
    EXPECT_EQ(shares.find(crypto::NamedGroup::kX448), nullptr);
    EXPECT_TRUE(round_trip<tls13::KeyShareClientHello>(hex("0000")).client_shares.empty());
    test::expect_every_prefix_fails(data, tls13::KeyShareClientHello::decode, Status::kTlsIncorrectMessageLength);

    const auto duplicate =
        hex("000c"
            "001d0002aabb"
            "001d0002ccdd");
    const auto result = tls13::KeyShareClientHello::decode(duplicate);
    EXPECT_EQ(result.status(), Status::kTlsBadClienthelloKeyshare);
    EXPECT_EQ(test::alert_of(result), AlertDescription::kIllegalParameter);
    EXPECT_EQ(decode_status<tls13::KeyShareClientHello>("0004001d0000"), Status::kTlsIncorrectMessageLength);
}

TEST(KeyShare, ServerHelloAndRetry) {
    const auto share = round_trip<tls13::KeyShareServerHello>(hex("001d0002aabb"));
    EXPECT_EQ(share.server_share.group, crypto::NamedGroup::kX25519);
    EXPECT_EQ(decode_status<tls13::KeyShareServerHello>("001d0002aabbcc"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::KeyShareServerHello>("001d0000"), Status::kTlsIncorrectMessageLength);
    // A ClientHello-style list is not a ServerHello entry.
    EXPECT_EQ(decode_status<tls13::KeyShareServerHello>("0006001d0002aabb"), Status::kTlsIncorrectMessageLength);
    const auto retry = round_trip<tls13::KeyShareHelloRetryRequest>(hex("0018"));
    EXPECT_EQ(retry.selected_group, crypto::NamedGroup::kSecp384r1);
    EXPECT_EQ(decode_status<tls13::KeyShareHelloRetryRequest>("001800"), Status::kTlsIncorrectMessageLength);
}

TEST(SupportedVersions, Forms) {
    const auto list = round_trip<tls13::SupportedVersionsClientHello>(hex("080304030303027a7a"));
    EXPECT_EQ(list.versions.size(), 4U);
    EXPECT_TRUE(list.contains(ProtocolVersion::kTls12));
    EXPECT_FALSE(list.contains(ProtocolVersion::kTls10));
    EXPECT_EQ(decode_status<tls13::SupportedVersionsClientHello>("00"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::SupportedVersionsClientHello>("030304"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::SupportedVersionsClientHello>("0303040303"), Status::kTlsIncorrectMessageLength);
    const auto selected = round_trip<tls13::SupportedVersionsServerHello>(hex("0304"));
    EXPECT_EQ(selected.selected_version, ProtocolVersion::kTls13);
    EXPECT_EQ(decode_status<tls13::SupportedVersionsServerHello>("020304"), Status::kTlsIncorrectMessageLength);
}

TEST(Psk, KeyExchangeModes) {
    const auto modes = round_trip<tls13::PskKeyExchangeModes>(hex("020100"));
    EXPECT_TRUE(modes.contains(tls13::PskKeyExchangeMode::kPskKe));
    EXPECT_TRUE(modes.contains(tls13::PskKeyExchangeMode::kPskDheKe));
    EXPECT_EQ(decode_status<tls13::PskKeyExchangeModes>("00"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::PskKeyExchangeModes>("0201"), Status::kTlsIncorrectMessageLength);
}

TEST(Psk, PreSharedKeyClientHello) {
    const std::string binder(64, 'c');
    const auto data =
        hex("000f"
            "0001aa01020304"
            "0002bbbb05060708"
            "0042"
            "20" +
            binder + "20" + binder);
    const auto psk = round_trip<tls13::PreSharedKeyClientHello>(data);
    ASSERT_EQ(psk.identities.size(), 2U);
    EXPECT_EQ(to_hex(psk.identities[1].identity), "bbbb");
    EXPECT_EQ(psk.identities[0].obfuscated_ticket_age, 0x01020304U);
    EXPECT_EQ(psk.binders_offset, 2U + 0x0fU);
    const std::size_t lengths[] = {32, 32};
    EXPECT_EQ(data.size() - psk.binders_offset, tls13::PreSharedKeyClientHello::binders_list_length(lengths));
    test::expect_every_prefix_fails(data, tls13::PreSharedKeyClientHello::decode, Status::kTlsIncorrectMessageLength);

    const auto mismatch =
        tls13::PreSharedKeyClientHello::decode(hex("000f"
                                                   "0001aa01020304"
                                                   "0002bbbb05060708"
                                                   "0021"
                                                   "20" +
                                                   binder));
    EXPECT_EQ(mismatch.status(), Status::kTlsBadClienthelloPskExtension);
    EXPECT_EQ(test::alert_of(mismatch), AlertDescription::kIllegalParameter);
    // Empty identity list, empty identity, short binder, no binders.
    EXPECT_EQ(decode_status<tls13::PreSharedKeyClientHello>("0000"
                                                            "0021"
                                                            "20" +
                                                            binder),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::PreSharedKeyClientHello>("0006"
                                                            "000001020304"
                                                            "0021"
                                                            "20" +
                                                            binder),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::PreSharedKeyClientHello>("0007"
                                                            "0001aa01020304"
                                                            "0002"
                                                            "01cc"),
              Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::PreSharedKeyClientHello>("0007"
                                                            "0001aa01020304"
                                                            "0000"),
              Status::kTlsBadClienthelloPskExtension);
}

TEST(Psk, ServerHelloAndEarlyData) {
    EXPECT_EQ(round_trip<tls13::PreSharedKeyServerHello>(hex("0001")).selected_identity, 1);
    EXPECT_EQ(decode_status<tls13::PreSharedKeyServerHello>("00"), Status::kTlsIncorrectMessageLength);
    EXPECT_TRUE(tls13::EarlyDataIndication::decode({}).ok());
    EXPECT_EQ(decode_status<tls13::EarlyDataIndication>("00"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(round_trip<tls13::EarlyDataNewSessionTicket>(hex("00004000")).max_early_data_size, 0x4000U);
    EXPECT_EQ(decode_status<tls13::EarlyDataNewSessionTicket>("000040"), Status::kTlsIncorrectMessageLength);
}

TEST(Alpn, ClientListAndServerChoice) {
    const auto data =
        hex("000c"
            "02683208687474702f312e31");
    const auto protocols = round_trip<ApplicationProtocols>(data);
    EXPECT_EQ(protocols.protocols, (std::vector<std::string_view>{"h2", "http/1.1"}));
    EXPECT_TRUE(protocols.contains("http/1.1"));
    EXPECT_FALSE(protocols.contains("h3"));
    test::expect_every_prefix_fails(data, ApplicationProtocols::decode, Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<ApplicationProtocols>("0000"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<ApplicationProtocols>("00040268320000"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<ApplicationProtocols>("0004026832"
                                                  "00"),
              Status::kTlsIncorrectMessageLength);

    EXPECT_EQ(round_trip<SelectedApplicationProtocol>(hex("0003026832")).protocol, "h2");
    const auto two = SelectedApplicationProtocol::decode(data);
    EXPECT_EQ(two.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(test::alert_of(two), AlertDescription::kIllegalParameter);
    EXPECT_EQ(decode_status<SelectedApplicationProtocol>("0000"), Status::kTlsIncorrectMessageLength);
}

TEST(RecordSizeLimit, Minimum) {
    EXPECT_EQ(round_trip<RecordSizeLimit>(hex("0040")).limit, 64);
    EXPECT_EQ(round_trip<RecordSizeLimit>(hex("4001")).limit, 16385);
    const auto small = RecordSizeLimit::decode(hex("003f"));
    EXPECT_EQ(small.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(test::alert_of(small), AlertDescription::kIllegalParameter);
    EXPECT_EQ(decode_status<RecordSizeLimit>("40"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<RecordSizeLimit>("400100"), Status::kTlsIncorrectMessageLength);
}

TEST(SimpleExtensions, RenegotiationStatusCookiePostHandshakeAuth) {
    EXPECT_TRUE(round_trip<RenegotiationInfo>(hex("00")).renegotiated_connection.empty());
    EXPECT_EQ(round_trip<RenegotiationInfo>(hex("020102")).renegotiated_connection.size(), 2U);
    EXPECT_EQ(decode_status<RenegotiationInfo>(""), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<RenegotiationInfo>("0201"), Status::kTlsIncorrectMessageLength);

    EXPECT_EQ(round_trip<StatusRequest>(hex("0100000000")).content.size(), 5U);
    EXPECT_TRUE(StatusRequest::decode({}).ok());

    EXPECT_EQ(round_trip<tls13::Cookie>(hex("0003abcdef")).cookie.size(), 3U);
    EXPECT_EQ(decode_status<tls13::Cookie>("0000"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::Cookie>("0004abcdef"), Status::kTlsIncorrectMessageLength);

    EXPECT_TRUE(tls13::PostHandshakeAuth::decode({}).ok());
    EXPECT_EQ(decode_status<tls13::PostHandshakeAuth>("00"), Status::kTlsIncorrectMessageLength);
}

TEST(CertificateAuthorities, DistinguishedNames) {
    const auto data =
        hex("000a"
            "0003300100"
            "0003300102");
    const auto authorities = round_trip<tls13::CertificateAuthorities>(data);
    ASSERT_EQ(authorities.authorities.size(), 2U);
    EXPECT_EQ(to_hex(authorities.authorities[1]), "300102");
    EXPECT_EQ(decode_status<tls13::CertificateAuthorities>("0000"), Status::kTlsIncorrectMessageLength);
    EXPECT_EQ(decode_status<tls13::CertificateAuthorities>("00020000"), Status::kTlsIncorrectMessageLength);
    test::expect_every_prefix_fails(data, tls13::CertificateAuthorities::decode, Status::kTlsIncorrectMessageLength);
}

TEST(ExtensionList, DecodeLookupBuild) {
    const auto data =
        hex("000f"
            "002b0003020304"
            "0017"
            "0000"
            "fafa"
            "0000");
    Reader reader(data);
    const auto list = ExtensionList::decode(reader);
    ASSERT_TRUE(list.ok());
    EXPECT_TRUE(reader.empty());
    EXPECT_EQ(list->size(), 3U);
    EXPECT_TRUE(list->contains(ExtensionType::kExtendedMasterSecret));
    EXPECT_TRUE(list->contains(static_cast<ExtensionType>(0xFAFA)));
    EXPECT_EQ(encode_body(*list), data);
    const auto missing = require_extension<tls13::Cookie>(*list);
    EXPECT_EQ(missing.status(), Status::kTlsMissingExtension);
    EXPECT_EQ(missing.error().detail().check, "cookie");

    ExtensionBuilder builder;
    ASSERT_TRUE(builder.add(RecordSizeLimit{16385}).ok());
    builder.add_raw(ExtensionType::kPadding, hex("0000"));
    ASSERT_TRUE(builder.add(ServerNameAck{}).ok());
    EXPECT_EQ(to_hex(encode_body(builder.list())),
              "0010001c00024001001500020000"
              "00000000");

    ExtensionList duplicate;
    duplicate.add(ExtensionType::kPadding, {});
    duplicate.add(ExtensionType::kPadding, {});
    std::vector<std::uint8_t> out;
    Writer writer(out);
    EXPECT_EQ(duplicate.encode(writer).status(), Status::kTlsInvalidState);
}

}  // namespace
}  // namespace nxs::handshake
