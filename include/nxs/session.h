// nxs::Session and nxs::TicketKeys — TLS 1.3 resumption (RFC 8446 §2.2, §4.6.1).
//
// A client keeps what a NewSessionTicket gave it as a Session (Connection::session()), may save it with to_bytes()
// and later resume with Connection::client(config, name, session). A server protects the state it puts in tickets
// with AEAD under TicketKeys, which rotate: a ticket made under the current or the previous key is accepted, older
// ones fall back to a full handshake.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nxs/crypto/provider.h"
#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/secret.h"

namespace nxs {

// What a client needs to resume: the ticket and the state the server keeps inside it. A plain copyable value.
struct NXS_API Session {
    std::vector<std::uint8_t> ticket;  // opaque, as the server sent it
    std::vector<std::uint8_t> psk;     // RFC 8446 §4.6.1: the resumption PSK of this ticket
    std::uint16_t cipher_suite = 0;    // the suite of the connection that got the ticket (its hash binds the PSK)
    std::string server_name;           // the SNI it was issued for
    std::string alpn;                  // the protocol negotiated then
    std::uint32_t lifetime = 0;        // seconds, at most 604800
    std::uint32_t age_add = 0;         // ticket_age_add
    std::int64_t received_time = 0;    // Clock seconds when the ticket arrived

    // Seconds since the ticket arrived is at most `lifetime` (RFC 8446 §4.6.1).
    bool usable_at(std::int64_t now) const noexcept;

    // Format version 1: version byte, then each field with a length. from_bytes rejects another version, bad
    // lengths, an unknown suite, a PSK that is not 32 or 48 bytes, an empty ticket, a lifetime over 7 days and
    // trailing bytes, all as NX_SECURE_TLS_INVALID_SESSION_TICKET (0x143).
    std::vector<std::uint8_t> to_bytes() const;
    static Result<Session> from_bytes(std::span<const std::uint8_t> bytes);
};

// Ticket protection keys of a server, shared by all its connections (thread-safe). Each key has a 4-byte ID that
// prefixes the tickets it seals; AES-256-GCM with a random nonce. A new TicketKeys draws its first key on first use.
class NXS_API TicketKeys {
public:
    static constexpr std::size_t kIdLength = 4;
    static constexpr std::size_t kKeyLength = 32;

    TicketKeys() = default;
    TicketKeys(const TicketKeys&) = delete;
    TicketKeys& operator=(const TicketKeys&) = delete;

    // The current key becomes the previous one (still accepted); the new current key is random.
    Result<void> rotate(const crypto::Provider& provider);
    // The current key is `key` under `id` (tests and several servers sharing keys); the current one becomes previous.
    Result<void> install(std::array<std::uint8_t, kIdLength> id, std::span<const std::uint8_t> key);

    // key id ‖ nonce ‖ AEAD(plaintext, aad = key id) ‖ tag
    Result<std::vector<std::uint8_t>> seal(const crypto::Provider& provider, std::span<const std::uint8_t> plaintext);
    // An unknown key id, a short ticket or a failed tag: NX_SECURE_TLS_INVALID_SESSION_TICKET (0x143).
    Result<std::vector<std::uint8_t>> open(const crypto::Provider& provider,
                                           std::span<const std::uint8_t> ticket) const;

private:
    struct Key {
        std::array<std::uint8_t, kIdLength> id{};
        Secret key;
    };
    Result<void> ensure_key(const crypto::Provider& provider);

    mutable std::mutex m_mutex;
    std::optional<Key> m_current;
    std::optional<Key> m_previous;
};

}  // namespace nxs
