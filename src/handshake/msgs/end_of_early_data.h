// EndOfEarlyData (RFC 8446 §4.5): struct {} EndOfEarlyData — sent by a client that sent 0-RTT data.
#pragma once

#include "handshake/msgs/handshake_type.h"

namespace nxs::tls13 {

// A non-empty body → 0x10A.
struct EndOfEarlyData {
    static constexpr handshake::HandshakeType kType = handshake::HandshakeType::kEndOfEarlyData;

    static Result<EndOfEarlyData> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
