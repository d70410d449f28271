// The extension registry as data (s2n style): every extension nxs knows, its name, and the TLS 1.3 messages it may
// appear in (RFC 8446 §4.2 table, plus RFC 8449 record_size_limit and the TLS 1.2-only extensions, which a TLS 1.3
// ClientHello may carry because the client also offers TLS 1.2, but which no TLS 1.3 server message may carry).
//
// Checks and their codes:
//   check_allowed(list, ctx)
//     RFC 8446 §4.2: a recognized extension not specified for the message it appears in
//       → 0x107 NX_SECURE_TLS_HANDSHAKE_FAILURE, alert illegal_parameter.
//     Unknown extensions pass (RFC 8446 §4.1.2: servers ignore unrecognized ClientHello extensions; §4.3.2 and §4.6.1:
//     clients ignore unrecognized CertificateRequest and NewSessionTicket extensions).
//   check_response(list, ctx, offered)  — for ServerHello, HelloRetryRequest, EncryptedExtensions, Certificate
//     check_allowed, then RFC 8446 §4.2: an extension response to something not offered (cookie in
//     HelloRetryRequest excepted), unknown types included
//       → 0x130 NX_SECURE_TLS_UNSUPPORTED_FEATURE, alert unsupported_extension.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "handshake/ext/extension_list.h"

namespace nxs::tls13 {

using handshake::ExtensionList;
using handshake::ExtensionType;

// The TLS 1.3 messages that carry extensions, as bits of a mask.
enum class ExtensionContext : std::uint8_t {
    kClientHello = 1U << 0U,          // CH
    kServerHello = 1U << 1U,          // SH
    kHelloRetryRequest = 1U << 2U,    // HRR
    kEncryptedExtensions = 1U << 3U,  // EE
    kCertificate = 1U << 4U,          // CT
    kCertificateRequest = 1U << 5U,   // CR
    kNewSessionTicket = 1U << 6U,     // NST
};
using ExtensionContextMask = std::uint8_t;

constexpr ExtensionContextMask operator|(ExtensionContext a, ExtensionContext b) noexcept {
    return static_cast<ExtensionContextMask>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr ExtensionContextMask operator|(ExtensionContextMask a, ExtensionContext b) noexcept {
    return static_cast<ExtensionContextMask>(a | static_cast<unsigned>(b));
}

// "ClientHello", "ServerHello", ...
std::string_view extension_context_name(ExtensionContext context) noexcept;

struct ExtensionInfo {
    ExtensionType type;
    std::string_view name;               // IANA name: "server_name", "key_share"
    ExtensionContextMask tls13_allowed;  // messages it may appear in under TLS 1.3
    std::string_view reference;          // "RFC 8446", "RFC 6066"
};

// Every known extension, ordered by type value.
std::span<const ExtensionInfo> all_extensions() noexcept;
// The registry entry for `type`, or nullptr for an extension nxs does not know.
const ExtensionInfo* find_extension_info(ExtensionType type) noexcept;
// IANA name, or "unknown".
std::string_view extension_name(ExtensionType type) noexcept;
// True when `type` is known and allowed in `context`.
bool is_allowed(ExtensionType type, ExtensionContext context) noexcept;

// See the table at the top of this file.
Result<void> check_allowed(const ExtensionList& received, ExtensionContext context);
// `offered`: the types the peer's request carried (ClientHello.extensions.types(), or the CertificateRequest's
// types when checking a client's Certificate).
Result<void> check_response(const ExtensionList& received, ExtensionContext context,
                            std::span<const ExtensionType> offered);

}  // namespace nxs::tls13
