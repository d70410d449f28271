// application_layer_protocol_negotiation (RFC 7301 §3.1): the client's list and the server's one selection.
// Names are opaque bytes (not necessarily text), viewed as string_view.
#pragma once

#include <string_view>
#include <vector>

#include "handshake/ext/extension_list.h"

namespace nxs::handshake {

// ClientHello: ProtocolName protocol_name_list<2..2^16-1>, ProtocolName<1..2^8-1>. Empty list or name → 0x10A.
struct ApplicationProtocols {
    static constexpr ExtensionType kType = ExtensionType::kApplicationLayerProtocolNegotiation;
    std::vector<std::string_view> protocols;  // in preference order

    bool contains(std::string_view protocol) const noexcept;
    static Result<ApplicationProtocols> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// ServerHello (TLS 1.2) / EncryptedExtensions (TLS 1.3): the same wire form with exactly one name.
// RFC 7301 §3.1: "the "ProtocolNameList" MUST contain exactly 1 "ProtocolName"" — otherwise 0x107 illegal_parameter.
// Whether the client offered it is the state machine's check.
struct SelectedApplicationProtocol {
    static constexpr ExtensionType kType = ExtensionType::kApplicationLayerProtocolNegotiation;
    std::string_view protocol;

    static Result<SelectedApplicationProtocol> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::handshake
