#include "handshake/msgs/new_session_ticket.h"

namespace nxs::tls13 {

Result<NewSessionTicket> NewSessionTicket::decode(Bytes body) {
    Reader reader(body);
    NewSessionTicket ticket;
    NXS_TRY_ASSIGN(ticket.ticket_lifetime, reader.u32());
    NXS_TRY_ASSIGN(ticket.ticket_age_add, reader.u32());
    NXS_TRY_ASSIGN(ticket.ticket_nonce, reader.vec8_bytes());
    NXS_TRY_ASSIGN(ticket.ticket, reader.vec16_bytes());
    NXS_TRY_ASSIGN(ticket.extensions, handshake::ExtensionList::decode(reader));
    NXS_TRY(reader.expect_end());
    // RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)."
    if (ticket.ticket_lifetime > kMaxTicketLifetime) {
        return handshake::codec_error(Status::kTlsInvalidSessionTicket, "NewSessionTicket.ticket_lifetime",
                                      "the ticket lifetime is longer than 7 days");
    }
    // opaque ticket<1..2^16-1>
    if (ticket.ticket.empty()) {
        return handshake::codec_error(Status::kTlsInvalidSessionTicket, "NewSessionTicket.ticket",
                                      "the ticket is empty");
    }
    return ticket;
}

Result<void> NewSessionTicket::encode(Writer& writer) const {
    writer.u32(ticket_lifetime);
    writer.u32(ticket_age_add);
    NXS_TRY(writer.vec8(ticket_nonce));
    NXS_TRY(writer.vec16(ticket));
    return extensions.encode(writer);
}

}  // namespace nxs::tls13
