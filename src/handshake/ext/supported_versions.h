// supported_versions (RFC 8446 §4.2.1): the ClientHello's list and the ServerHello / HelloRetryRequest's choice.
// Whether the choice is acceptable is the state machine's check.
#pragma once

#include <vector>

#include "handshake/ext/extension_list.h"

namespace nxs::tls13 {

using handshake::ExtensionType;
using handshake::ProtocolVersion;

// ClientHello: ProtocolVersion versions<2..254> (non-empty, even length; else 0x10A).
struct SupportedVersionsClientHello {
    static constexpr ExtensionType kType = ExtensionType::kSupportedVersions;
    std::vector<ProtocolVersion> versions;  // in preference order, GREASE values kept

    bool contains(ProtocolVersion version) const noexcept;
    static Result<SupportedVersionsClientHello> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// ServerHello and HelloRetryRequest: ProtocolVersion selected_version.
struct SupportedVersionsServerHello {
    static constexpr ExtensionType kType = ExtensionType::kSupportedVersions;
    ProtocolVersion selected_version = ProtocolVersion::kTls13;

    static Result<SupportedVersionsServerHello> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
