// The extension registry (RFC 8446 §4.2 table) and the per-message checks built on it.
#include <gtest/gtest.h>

#include <set>

#include "handshake/ext/registry.h"
#include "msgs_test_support.h"

namespace nxs::tls13 {
namespace {

using C = ExtensionContext;
using T = ExtensionType;

ExtensionList list_of(std::initializer_list<T> types) {
    ExtensionList list;
    for (const auto type : types) {
        list.add(type, {});
    }
    return list;
}

TEST(ExtensionRegistry, TableIsSortedUniqueAndNamed) {
    std::set<std::uint16_t> seen;
    for (const auto& info : all_extensions()) {
        EXPECT_TRUE(seen.insert(static_cast<std::uint16_t>(info.type)).second) << info.name;
        EXPECT_FALSE(info.name.empty());
        EXPECT_NE(info.tls13_allowed, 0) << info.name;
        EXPECT_EQ(find_extension_info(info.type), &info);
    }
    EXPECT_EQ(extension_name(T::kKeyShare), "key_share");
    EXPECT_EQ(extension_name(T::kRenegotiationInfo), "renegotiation_info");
    EXPECT_EQ(extension_name(static_cast<T>(0x1234)), "unknown");
    EXPECT_EQ(find_extension_info(static_cast<T>(0x1234)), nullptr);
    EXPECT_EQ(extension_context_name(C::kHelloRetryRequest), "HelloRetryRequest");
}

TEST(ExtensionRegistry, Rfc8446Table) {
    // Spot checks of RFC 8446 §4.2, one per column.
    EXPECT_TRUE(is_allowed(T::kServerName, C::kEncryptedExtensions));
    EXPECT_FALSE(is_allowed(T::kServerName, C::kServerHello));
    EXPECT_TRUE(is_allowed(T::kKeyShare, C::kHelloRetryRequest));
    EXPECT_FALSE(is_allowed(T::kKeyShare, C::kEncryptedExtensions));
    EXPECT_TRUE(is_allowed(T::kPreSharedKey, C::kServerHello));
    EXPECT_FALSE(is_allowed(T::kPreSharedKey, C::kHelloRetryRequest));
    EXPECT_TRUE(is_allowed(T::kStatusRequest, C::kCertificate));
    EXPECT_TRUE(is_allowed(T::kSignatureAlgorithms, C::kCertificateRequest));
    EXPECT_TRUE(is_allowed(T::kOidFilters, C::kCertificateRequest));
    EXPECT_FALSE(is_allowed(T::kOidFilters, C::kClientHello));
    EXPECT_TRUE(is_allowed(T::kEarlyData, C::kNewSessionTicket));
    EXPECT_TRUE(is_allowed(T::kCookie, C::kHelloRetryRequest));
    EXPECT_FALSE(is_allowed(T::kCookie, C::kServerHello));
    EXPECT_TRUE(is_allowed(T::kRecordSizeLimit, C::kEncryptedExtensions));
    // TLS 1.2-only extensions: in a ClientHello that also offers TLS 1.2, never in a TLS 1.3 server message.
    EXPECT_TRUE(is_allowed(T::kExtendedMasterSecret, C::kClientHello));
    EXPECT_FALSE(is_allowed(T::kExtendedMasterSecret, C::kEncryptedExtensions));
    EXPECT_FALSE(is_allowed(T::kRenegotiationInfo, C::kServerHello));
}

TEST(ExtensionRegistry, NotAllowedHere) {
    const auto result = check_allowed(list_of({T::kSupportedVersions, T::kServerName}), C::kServerHello);
    EXPECT_EQ(result.status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(result.error().alert(), AlertDescription::kIllegalParameter);
    EXPECT_EQ(result.error().detail().check, "server_name");
    EXPECT_EQ(check_allowed(list_of({T::kKeyShare}), C::kEncryptedExtensions).status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(check_allowed(list_of({T::kOidFilters}), C::kClientHello).status(), Status::kTlsHandshakeFailure);
    EXPECT_EQ(check_allowed(list_of({T::kSignatureAlgorithms}), C::kCertificate).status(),
              Status::kTlsHandshakeFailure);
    // Unknown extensions are ignored where the receiver must ignore them.
    EXPECT_TRUE(check_allowed(list_of({static_cast<T>(0x0A0A), T::kKeyShare}), C::kClientHello).ok());
    EXPECT_TRUE(check_allowed(list_of({static_cast<T>(0x7777)}), C::kCertificateRequest).ok());
    EXPECT_TRUE(check_allowed(list_of({static_cast<T>(0x7777)}), C::kNewSessionTicket).ok());
}

TEST(ExtensionRegistry, ResponsesMustHaveBeenOffered) {
    const std::vector<T> offered = {T::kServerName, T::kSupportedGroups, T::kKeyShare, T::kSupportedVersions};
    EXPECT_TRUE(check_response(list_of({T::kKeyShare, T::kSupportedVersions}), C::kServerHello, offered).ok());
    EXPECT_TRUE(check_response(list_of({T::kServerName, T::kSupportedGroups}), C::kEncryptedExtensions, offered).ok());

    const auto alpn =
        check_response(list_of({T::kApplicationLayerProtocolNegotiation}), C::kEncryptedExtensions, offered);
    EXPECT_EQ(alpn.status(), Status::kTlsUnsupportedFeature);
    EXPECT_EQ(alpn.error().alert(), AlertDescription::kUnsupportedExtension);
    // An unknown extension in a response was never offered either.
    EXPECT_EQ(check_response(list_of({static_cast<T>(0x7777)}), C::kEncryptedExtensions, offered).status(),
              Status::kTlsUnsupportedFeature);
    // pre_shared_key in ServerHello without one offered.
    EXPECT_EQ(check_response(list_of({T::kPreSharedKey}), C::kServerHello, offered).status(),
              Status::kTlsUnsupportedFeature);
    // Allowed-ness is checked first: key_share in EncryptedExtensions is illegal even though it was offered.
    EXPECT_EQ(check_response(list_of({T::kKeyShare}), C::kEncryptedExtensions, offered).status(),
              Status::kTlsHandshakeFailure);
    // RFC 8446 §4.2: cookie in a HelloRetryRequest is the one unsolicited response.
    EXPECT_TRUE(check_response(list_of({T::kCookie, T::kKeyShare}), C::kHelloRetryRequest, offered).ok());
    EXPECT_EQ(check_response(list_of({T::kCookie}), C::kServerHello, offered).status(), Status::kTlsHandshakeFailure);
    // A client's Certificate entry answers the CertificateRequest's extensions.
    const std::vector<T> requested = {T::kSignatureAlgorithms, T::kStatusRequest};
    EXPECT_TRUE(check_response(list_of({T::kStatusRequest}), C::kCertificate, requested).ok());
    EXPECT_EQ(check_response(list_of({T::kSignedCertificateTimestamp}), C::kCertificate, requested).status(),
              Status::kTlsUnsupportedFeature);
}

}  // namespace
}  // namespace nxs::tls13
