// Finished (RFC 8446 §4.4.4; TLS 1.2 §7.4.9 has the same form with 12 bytes): opaque verify_data[Hash.length].
#pragma once

#include <cstddef>

#include "handshake/msgs/handshake_type.h"

namespace nxs::handshake {

struct Finished {
    static constexpr HandshakeType kType = HandshakeType::kFinished;
    Bytes verify_data;

    // `verify_data_length`: the negotiated hash's length (TLS 1.3). A body of any other length is 0x10A.
    // The value is compared (in constant time) by the state machine: 0x115 when it differs.
    static Result<Finished> decode(Bytes body, std::size_t verify_data_length);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::handshake
