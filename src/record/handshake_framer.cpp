#include "record/handshake_framer.h"

#include <algorithm>
#include <string>

namespace nxs::record {

namespace {

// Appends up to `count` bytes from the front of `from` to `to`, and drops them from `from`.
void move_bytes(Bytes& from, std::vector<std::uint8_t>& to, std::size_t count) {
    const std::size_t n = std::min(count, from.size());
    to.insert(to.end(), from.begin(), from.begin() + static_cast<std::ptrdiff_t>(n));
    from = from.subspan(n);
}

HandshakeMessage make_message(Bytes encoded, bool ends_record) {
    HandshakeMessage message;
    message.type = encoded[0];
    message.encoded = encoded;
    message.body = encoded.subspan(kHandshakeHeaderSize);
    message.ends_record = ends_record;
    return message;
}

}  // namespace

std::size_t HandshakeFramer::limit_for(std::uint8_t type) const noexcept {
    return type == kHandshakeTypeCertificate ? m_config.max_certificate_message : m_config.max_message;
}

Result<std::size_t> HandshakeFramer::checked_length(Bytes header) const {
    const std::size_t length = (std::size_t{header[1]} << 16) | (std::size_t{header[2]} << 8) | header[3];
    if (length > limit_for(header[0])) {
        return Error(Status::kTlsPacketBufferTooSmall,
                     "handshake message type " + std::to_string(header[0]) + " of " + std::to_string(length) +
                         " bytes exceeds the configured limit of " + std::to_string(limit_for(header[0])) + " bytes");
    }
    return length;
}

Result<void> HandshakeFramer::feed(Bytes record_content) {
    if (!m_record.empty()) {
        return Error(Status::kTlsInvalidState, "HandshakeFramer::feed before the previous record was read");
    }
    // RFC 8446 §5.1: Implementations MUST NOT send zero-length fragments of Handshake types.
    if (record_content.empty()) {
        return Error(Status::kTlsUnexpectedMessage, "a handshake record with no content");
    }
    if (m_partial_returned) {
        m_partial.clear();
        m_partial_returned = false;
    }
    m_record = record_content;
    return {};
}

Result<std::optional<HandshakeMessage>> HandshakeFramer::next_partial() {
    if (m_partial.size() < kHandshakeHeaderSize) {
        move_bytes(m_record, m_partial, kHandshakeHeaderSize - m_partial.size());
        if (m_partial.size() < kHandshakeHeaderSize) {
            return std::optional<HandshakeMessage>();
        }
    }
    NXS_TRY_ASSIGN(const std::size_t length, checked_length(Bytes(m_partial).first(kHandshakeHeaderSize)));
    const std::size_t total = kHandshakeHeaderSize + length;
    move_bytes(m_record, m_partial, total - m_partial.size());
    if (m_partial.size() < total) {
        return std::optional<HandshakeMessage>();
    }
    m_partial_returned = true;
    return std::optional<HandshakeMessage>(make_message(Bytes(m_partial), m_record.empty()));
}

Result<std::optional<HandshakeMessage>> HandshakeFramer::next() {
    if (m_partial_returned) {
        m_partial.clear();
        m_partial_returned = false;
    }
    if (!m_partial.empty()) {
        return next_partial();
    }
    if (m_record.size() < kHandshakeHeaderSize) {
        // Nothing, or a header split across records: keep what there is.
        move_bytes(m_record, m_partial, m_record.size());
        return std::optional<HandshakeMessage>();
    }
    NXS_TRY_ASSIGN(const std::size_t length, checked_length(m_record.first(kHandshakeHeaderSize)));
    const std::size_t total = kHandshakeHeaderSize + length;
    if (m_record.size() < total) {
        // The common case of a split message (a long Certificate): gather it once, at its final size.
        m_partial.reserve(total);
        move_bytes(m_record, m_partial, m_record.size());
        return std::optional<HandshakeMessage>();
    }
    const Bytes encoded = m_record.first(total);
    m_record = m_record.subspan(total);
    return std::optional<HandshakeMessage>(make_message(encoded, m_record.empty()));
}

Result<void> HandshakeFramer::check_boundary(std::string_view where) const {
    if (!has_pending()) {
        return {};
    }
    // RFC 8446 §5.1: Handshake messages MUST NOT span key changes. Implementations MUST verify that all messages
    // immediately preceding a key change align with a record boundary; if not, then they MUST terminate the
    // connection with an "unexpected_message" alert. ... Handshake messages MUST NOT be interleaved with other
    // record types.
    return Error(Status::kTlsUnexpectedMessage,
                 "handshake data is pending at " + std::string(where) + "; messages must end on a record boundary");
}

void HandshakeFramer::reset() noexcept {
    m_record = {};
    m_partial.clear();
    m_partial_returned = false;
}

}  // namespace nxs::record
