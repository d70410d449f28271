#include "handshake/ext/registry.h"

#include <algorithm>
#include <array>
#include <string>

namespace nxs::tls13 {

namespace {

using C = ExtensionContext;
using T = ExtensionType;

constexpr ExtensionContextMask only(ExtensionContext c) noexcept {
    return static_cast<ExtensionContextMask>(c);
}

// RFC 8446 §4.2 table (CH, SH, HRR, EE, CT, CR, NST), RFC 8449 §5 for record_size_limit, RFC 8879 §7.1 for
// compress_certificate. Extensions defined only for TLS 1.2 and below are allowed in a ClientHello (which may also
// offer TLS 1.2) and nowhere else.
constexpr std::array kRegistry = {
    ExtensionInfo{T::kServerName, "server_name", C::kClientHello | C::kEncryptedExtensions, "RFC 6066"},
    ExtensionInfo{T::kMaxFragmentLength, "max_fragment_length", C::kClientHello | C::kEncryptedExtensions, "RFC 6066"},
    ExtensionInfo{T::kStatusRequest, "status_request", C::kClientHello | C::kCertificateRequest | C::kCertificate,
                  "RFC 6066"},
    ExtensionInfo{T::kSupportedGroups, "supported_groups", C::kClientHello | C::kEncryptedExtensions, "RFC 8446"},
    ExtensionInfo{T::kEcPointFormats, "ec_point_formats", only(C::kClientHello), "RFC 8422"},
    ExtensionInfo{T::kSignatureAlgorithms, "signature_algorithms", C::kClientHello | C::kCertificateRequest,
                  "RFC 8446"},
    ExtensionInfo{T::kUseSrtp, "use_srtp", C::kClientHello | C::kEncryptedExtensions, "RFC 5764"},
    ExtensionInfo{T::kHeartbeat, "heartbeat", C::kClientHello | C::kEncryptedExtensions, "RFC 6520"},
    ExtensionInfo{T::kApplicationLayerProtocolNegotiation, "application_layer_protocol_negotiation",
                  C::kClientHello | C::kEncryptedExtensions, "RFC 7301"},
    ExtensionInfo{T::kSignedCertificateTimestamp, "signed_certificate_timestamp",
                  C::kClientHello | C::kCertificateRequest | C::kCertificate, "RFC 6962"},
    ExtensionInfo{T::kClientCertificateType, "client_certificate_type", C::kClientHello | C::kEncryptedExtensions,
                  "RFC 7250"},
    ExtensionInfo{T::kServerCertificateType, "server_certificate_type", C::kClientHello | C::kEncryptedExtensions,
                  "RFC 7250"},
    ExtensionInfo{T::kPadding, "padding", only(C::kClientHello), "RFC 7685"},
    ExtensionInfo{T::kEncryptThenMac, "encrypt_then_mac", only(C::kClientHello), "RFC 7366"},
    ExtensionInfo{T::kExtendedMasterSecret, "extended_master_secret", only(C::kClientHello), "RFC 7627"},
    ExtensionInfo{T::kCompressCertificate, "compress_certificate", C::kClientHello | C::kCertificateRequest,
                  "RFC 8879"},
    ExtensionInfo{T::kRecordSizeLimit, "record_size_limit", C::kClientHello | C::kEncryptedExtensions, "RFC 8449"},
    ExtensionInfo{T::kSessionTicket, "session_ticket", only(C::kClientHello), "RFC 5077"},
    ExtensionInfo{T::kPreSharedKey, "pre_shared_key", C::kClientHello | C::kServerHello, "RFC 8446"},
    ExtensionInfo{T::kEarlyData, "early_data", C::kClientHello | C::kEncryptedExtensions | C::kNewSessionTicket,
                  "RFC 8446"},
    ExtensionInfo{T::kSupportedVersions, "supported_versions",
                  C::kClientHello | C::kServerHello | C::kHelloRetryRequest, "RFC 8446"},
    ExtensionInfo{T::kCookie, "cookie", C::kClientHello | C::kHelloRetryRequest, "RFC 8446"},
    ExtensionInfo{T::kPskKeyExchangeModes, "psk_key_exchange_modes", only(C::kClientHello), "RFC 8446"},
    ExtensionInfo{T::kCertificateAuthorities, "certificate_authorities", C::kClientHello | C::kCertificateRequest,
                  "RFC 8446"},
    ExtensionInfo{T::kOidFilters, "oid_filters", only(C::kCertificateRequest), "RFC 8446"},
    ExtensionInfo{T::kPostHandshakeAuth, "post_handshake_auth", only(C::kClientHello), "RFC 8446"},
    ExtensionInfo{T::kSignatureAlgorithmsCert, "signature_algorithms_cert", C::kClientHello | C::kCertificateRequest,
                  "RFC 8446"},
    ExtensionInfo{T::kKeyShare, "key_share", C::kClientHello | C::kServerHello | C::kHelloRetryRequest, "RFC 8446"},
    ExtensionInfo{T::kRenegotiationInfo, "renegotiation_info", only(C::kClientHello), "RFC 5746"},
};

static_assert(std::is_sorted(kRegistry.begin(), kRegistry.end(),
                             [](const ExtensionInfo& a, const ExtensionInfo& b) { return a.type < b.type; }));

std::string message_name(ExtensionContext context) {
    return std::string(extension_context_name(context));
}

}  // namespace

std::string_view extension_context_name(ExtensionContext context) noexcept {
    switch (context) {
        case C::kClientHello:
            return "ClientHello";
        case C::kServerHello:
            return "ServerHello";
        case C::kHelloRetryRequest:
            return "HelloRetryRequest";
        case C::kEncryptedExtensions:
            return "EncryptedExtensions";
        case C::kCertificate:
            return "Certificate";
        case C::kCertificateRequest:
            return "CertificateRequest";
        case C::kNewSessionTicket:
            return "NewSessionTicket";
    }
    return "unknown";
}

std::span<const ExtensionInfo> all_extensions() noexcept {
    return kRegistry;
}

const ExtensionInfo* find_extension_info(ExtensionType type) noexcept {
    const auto* it = std::lower_bound(kRegistry.begin(), kRegistry.end(), type,
                                      [](const ExtensionInfo& info, ExtensionType t) { return info.type < t; });
    return it != kRegistry.end() && it->type == type ? it : nullptr;
}

std::string_view extension_name(ExtensionType type) noexcept {
    const auto* info = find_extension_info(type);
    return info != nullptr ? info->name : std::string_view("unknown");
}

bool is_allowed(ExtensionType type, ExtensionContext context) noexcept {
    const auto* info = find_extension_info(type);
    return info != nullptr && (info->tls13_allowed & static_cast<ExtensionContextMask>(context)) != 0;
}

Result<void> check_allowed(const ExtensionList& received, ExtensionContext context) {
    for (const auto& entry : received.entries()) {
        // RFC 8446 §4.2: "If an implementation receives an extension which it recognizes and which is not specified
        // for the message in which it appears, it MUST abort the handshake with an "illegal_parameter" alert."
        if (find_extension_info(entry.type) != nullptr && !is_allowed(entry.type, context)) {
            return handshake::codec_error(Status::kTlsHandshakeFailure, std::string(extension_name(entry.type)),
                                          "the " + std::string(extension_name(entry.type)) +
                                              " extension is not allowed in " + message_name(context),
                                          AlertDescription::kIllegalParameter);
        }
    }
    return {};
}

Result<void> check_response(const ExtensionList& received, ExtensionContext context,
                            std::span<const ExtensionType> offered) {
    NXS_TRY(check_allowed(received, context));
    for (const auto& entry : received.entries()) {
        // RFC 8446 §4.2: "Implementations MUST NOT send extension responses if the remote endpoint did not send the
        // corresponding extension requests, with the exception of the "cookie" extension in the HelloRetryRequest.
        // Upon receiving such an extension, an endpoint MUST abort the handshake with an "unsupported_extension"
        // alert."
        if (context == C::kHelloRetryRequest && entry.type == T::kCookie) {
            continue;
        }
        if (std::find(offered.begin(), offered.end(), entry.type) == offered.end()) {
            return handshake::codec_error(Status::kTlsUnsupportedFeature, std::string(extension_name(entry.type)),
                                          message_name(context) + " carries extension " +
                                              std::to_string(static_cast<unsigned>(entry.type)) + " (" +
                                              std::string(extension_name(entry.type)) + ") that was not offered",
                                          AlertDescription::kUnsupportedExtension);
        }
    }
    return {};
}

}  // namespace nxs::tls13
