// HandshakeFramer — handshake messages out of handshake records (RFC 8446 §4, §5.1).
//
// Records and handshake messages do not line up: one record may hold several messages, and one message may span
// several records. The framer takes the content of each handshake record in turn and hands out whole messages
// (msg_type u8, length u24, body). A message that lies inside one record is returned as a view into that record
// (no copy); only a message split across records is gathered in the framer's own buffer, which grows no larger than
// the configured message limit.
//
// Usage, per handshake record:
//   NXS_TRY(framer.feed(content));
//   while (true) {
//       NXS_TRY_ASSIGN(const auto message, framer.next());
//       if (!message) { break; }   // the rest of the record is part of a message; feed the next record
//       ...                        // *message is whole: check its type against the state, then parse it
//   }
// A view returned by next() is valid until the next call to feed() or next(), and the record's content must stay
// alive and unchanged until next() has returned std::nullopt for it.
//
// Limits (decided when a message header arrives, before its body is buffered):
//   a message longer than the configured limit → NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL (0x135): the message is
//   well-formed as far as TLS is concerned, but larger than this endpoint was configured to accept. The default
//   limit is 64 KiB for every message but Certificate, which gets 256 KiB (a chain of several RSA-4096 certificates
//   with OCSP responses needs more than 64 KiB).
//
// Key changes: RFC 8446 §5.1 says handshake messages MUST NOT span key changes, and MUST NOT be interleaved with
// other record types. Each message says whether it ended exactly at the end of its record (`ends_record`), and
// check_boundary() fails with NX_SECURE_TLS_UNEXPECTED_MESSAGE (0x14F) while anything is buffered or unread; the
// caller calls it after a message that changes keys (ServerHello, Finished, EndOfEarlyData, KeyUpdate) and before
// a record of another content type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "nxs/result.h"
#include "record/record.h"

namespace nxs::record {

struct HandshakeFramerConfig {
    std::size_t max_message = std::size_t{64} * 1024;               // body length limit for most messages
    std::size_t max_certificate_message = std::size_t{256} * 1024;  // body length limit for Certificate (type 11)
};

struct HandshakeMessage {
    std::uint8_t type = 0;     // HandshakeType; the framer does not interpret it beyond the size limit
    Bytes body;                // the message body (after the 4-byte header)
    Bytes encoded;             // header and body: the bytes the transcript hash takes
    bool ends_record = false;  // the message's last byte was the last byte of the record that carried it
};

constexpr std::size_t kHandshakeHeaderSize = 4;  // msg_type u8, length u24
constexpr std::uint8_t kHandshakeTypeCertificate = 11;

class HandshakeFramer {
public:
    explicit HandshakeFramer(HandshakeFramerConfig config = {}) noexcept : m_config(config) {}

    // Gives the framer the content of one handshake record. The previous record must have been read to the end
    // (next() returned std::nullopt). Empty content is refused (RFC 8446 §5.1) with 0x14F.
    Result<void> feed(Bytes record_content);

    // The next complete message, or std::nullopt when the rest of the fed data is only part of a message (it is then
    // kept for the next record).
    Result<std::optional<HandshakeMessage>> next();

    // True while part of a message is buffered or fed data has not been read.
    bool has_pending() const noexcept { return (!m_partial.empty() && !m_partial_returned) || !m_record.empty(); }
    // Fails with NX_SECURE_TLS_UNEXPECTED_MESSAGE (0x14F) if has_pending(); `where` names the event for the message.
    Result<void> check_boundary(std::string_view where) const;

    // Drops everything buffered (after a fatal error, or to reuse the framer).
    void reset() noexcept;

private:
    std::size_t limit_for(std::uint8_t type) const noexcept;
    // Checks the length of the message whose header starts `header` (kHandshakeHeaderSize bytes).
    Result<std::size_t> checked_length(Bytes header) const;
    Result<std::optional<HandshakeMessage>> next_partial();

    HandshakeFramerConfig m_config;
    Bytes m_record;                       // unread part of the record being read
    std::vector<std::uint8_t> m_partial;  // a message gathered across records
    bool m_partial_returned = false;      // m_partial holds a message already handed out; clear it on next call
};

}  // namespace nxs::record
