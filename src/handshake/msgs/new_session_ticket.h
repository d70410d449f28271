// NewSessionTicket (RFC 8446 §4.6.1).
#pragma once

#include <cstdint>

#include "handshake/ext/extension_list.h"

namespace nxs::tls13 {

// RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)."
inline constexpr std::uint32_t kMaxTicketLifetime = 604800;

// Decode: ticket_lifetime > 604800 or an empty ticket → NX_SECURE_TLS_INVALID_SESSION_TICKET (0x143, decode_error);
// lengths → 0x10A; duplicate extensions → 0x107. Read early_data with
// handshake::find_extension<EarlyDataNewSessionTicket>(ticket.extensions).
struct NewSessionTicket {
    static constexpr handshake::HandshakeType kType = handshake::HandshakeType::kNewSessionTicket;
    std::uint32_t ticket_lifetime = 0;  // seconds; 0 means "discard now"
    std::uint32_t ticket_age_add = 0;
    Bytes ticket_nonce;  // <0..255>
    Bytes ticket;        // <1..2^16-1>
    handshake::ExtensionList extensions;

    static Result<NewSessionTicket> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
