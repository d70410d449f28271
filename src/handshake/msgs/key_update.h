// KeyUpdate (RFC 8446 §4.6.3): asks the peer to switch to the next traffic keys.
#pragma once

#include <cstdint>

#include "handshake/msgs/handshake_type.h"

namespace nxs::tls13 {

enum class KeyUpdateRequest : std::uint8_t { kUpdateNotRequested = 0, kUpdateRequested = 1 };

// Decode: RFC 8446 §4.6.3 "If an implementation receives any other value, it MUST terminate the connection with an
// "illegal_parameter" alert" — 0x107 with alert illegal_parameter. A body other than one byte → 0x10A.
struct KeyUpdate {
    static constexpr handshake::HandshakeType kType = handshake::HandshakeType::kKeyUpdate;
    KeyUpdateRequest request_update = KeyUpdateRequest::kUpdateNotRequested;

    static Result<KeyUpdate> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
