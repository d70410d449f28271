// server_name (RFC 6066 §3): the ClientHello's one host_name, and the server's empty acknowledgement.
// Every failure inside the extension is NX_SECURE_TLS_SNI_EXTENSION_INVALID (0x137, alert decode_error).
#pragma once

#include <string_view>

#include "handshake/ext/extension_list.h"

namespace nxs::handshake {

inline constexpr std::uint8_t kSniNameTypeHostName = 0;
inline constexpr std::size_t kMaxHostNameLength = 255;

// RFC 6066 §3: a DNS host name in ASCII, no trailing dot, no IP literal. Labels of 1..63 letters, digits, '-' (not
// first or last) and, for compatibility with deployed names, '_'. At most 255 bytes.
bool is_valid_sni_host_name(std::string_view name) noexcept;

// ClientHello: ServerNameList with exactly one entry, of type host_name.
struct ServerNameClientHello {
    static constexpr ExtensionType kType = ExtensionType::kServerName;
    std::string_view host_name;  // view into the message

    static Result<ServerNameClientHello> decode(Bytes data);
    Result<void> encode(Writer& writer) const;  // an invalid name is 0x137
};

// ServerHello (TLS 1.2) / EncryptedExtensions (TLS 1.3): the server used the name; extension_data is empty.
struct ServerNameAck {
    static constexpr ExtensionType kType = ExtensionType::kServerName;

    static Result<ServerNameAck> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::handshake
