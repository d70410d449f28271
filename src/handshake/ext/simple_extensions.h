// Extensions whose body is a single small field: record_size_limit (RFC 8449), renegotiation_info (RFC 5746),
// status_request (RFC 6066 §8, content kept opaque), cookie (RFC 8446 §4.2.2), post_handshake_auth (RFC 8446 §4.2.6).
#pragma once

#include <cstdint>

#include "handshake/ext/extension_list.h"

namespace nxs::handshake {

// uint16 RecordSizeLimit. RFC 8449 §4: "An endpoint MUST treat receipt of a smaller value [than 64] as a fatal error
// and generate an "illegal_parameter" alert" — 0x107 with alert illegal_parameter.
inline constexpr std::uint16_t kMinRecordSizeLimit = 64;
struct RecordSizeLimit {
    static constexpr ExtensionType kType = ExtensionType::kRecordSizeLimit;
    std::uint16_t limit = 0;

    static Result<RecordSizeLimit> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// opaque renegotiated_connection<0..255>. Empty on an initial handshake; the comparison is the state machine's.
struct RenegotiationInfo {
    static constexpr ExtensionType kType = ExtensionType::kRenegotiationInfo;
    Bytes renegotiated_connection;

    static Result<RenegotiationInfo> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// status_request: nxs does not staple OCSP yet, so the content (CertificateStatusRequest in a ClientHello,
// CertificateStatus in a Certificate entry) is kept opaque and round-trips unchanged.
struct StatusRequest {
    static constexpr ExtensionType kType = ExtensionType::kStatusRequest;
    Bytes content;

    static Result<StatusRequest> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::handshake

namespace nxs::tls13 {

// HelloRetryRequest and the second ClientHello: opaque cookie<1..2^16-1> (empty → 0x10A).
struct Cookie {
    static constexpr handshake::ExtensionType kType = handshake::ExtensionType::kCookie;
    Bytes cookie;

    static Result<Cookie> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// ClientHello: empty extension_data.
struct PostHandshakeAuth {
    static constexpr handshake::ExtensionType kType = handshake::ExtensionType::kPostHandshakeAuth;

    static Result<PostHandshakeAuth> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
