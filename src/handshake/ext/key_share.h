// key_share (RFC 8446 §4.2.8) in its three forms: ClientHello list, ServerHello entry, HelloRetryRequest group.
// The key bytes are not checked here (the provider does that when it computes the shared secret).
#pragma once

#include <vector>

#include "handshake/ext/extension_list.h"
#include "nxs/crypto/algorithms.h"

namespace nxs::tls13 {

using handshake::ExtensionType;

struct KeyShareEntry {
    crypto::NamedGroup group = crypto::NamedGroup::kX25519;
    Bytes key_exchange;  // opaque key_exchange<1..2^16-1>: empty is 0x10A
};

// ClientHello: KeyShareEntry client_shares<0..2^16-1> (may be empty, to ask for a HelloRetryRequest).
// RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group" — a duplicate is
// NX_SECURE_TLS_BAD_CLIENTHELLO_KEYSHARE (0x141, alert illegal_parameter).
struct KeyShareClientHello {
    static constexpr ExtensionType kType = ExtensionType::kKeyShare;
    std::vector<KeyShareEntry> client_shares;

    const KeyShareEntry* find(crypto::NamedGroup group) const noexcept;
    static Result<KeyShareClientHello> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// ServerHello: one KeyShareEntry. Whether its group was offered is the client state machine's check (0x13E).
struct KeyShareServerHello {
    static constexpr ExtensionType kType = ExtensionType::kKeyShare;
    KeyShareEntry server_share;

    static Result<KeyShareServerHello> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// HelloRetryRequest: NamedGroup selected_group.
struct KeyShareHelloRetryRequest {
    static constexpr ExtensionType kType = ExtensionType::kKeyShare;
    crypto::NamedGroup selected_group = crypto::NamedGroup::kX25519;

    static Result<KeyShareHelloRetryRequest> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
