// Session serialization and ticket protection keys (include/nxs/session.h). In the handshake layer, beside
// config.cpp, because the state machines use them.
#include "nxs/session.h"

#include <algorithm>

#include "common/reader.h"
#include "common/writer.h"
#include "handshake/cipher_suites.h"

namespace nxs {
namespace {

constexpr std::uint8_t kSessionFormatVersion = 1;
// RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)."
constexpr std::uint32_t kMaxLifetime = 604800;
constexpr auto kTicketAead = crypto::AeadAlgorithm::kAes256Gcm;

Error bad_session(std::string message) {
    return Error(Status::kTlsInvalidSessionTicket, std::move(message));
}

std::span<const std::uint8_t> text_bytes(const std::string& text) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};  // NOLINT: bytes of a string
}

}  // namespace

bool Session::usable_at(std::int64_t now) const noexcept {
    return now >= received_time && now - received_time <= static_cast<std::int64_t>(lifetime);
}

std::vector<std::uint8_t> Session::to_bytes() const {
    std::vector<std::uint8_t> out;
    Writer writer(out);
    writer.u8(kSessionFormatVersion);
    // The lengths were checked when the session was made (ticket < 2^16, names < 2^8): failures cannot happen.
    (void)writer.vec16(ticket);
    (void)writer.vec8(psk);
    writer.u16(cipher_suite);
    (void)writer.vec8(text_bytes(server_name));
    (void)writer.vec8(text_bytes(alpn));
    writer.u32(lifetime);
    writer.u32(age_add);
    writer.u64(static_cast<std::uint64_t>(received_time));
    return out;
}

Result<Session> Session::from_bytes(std::span<const std::uint8_t> bytes) {
    Reader reader(bytes, Status::kTlsInvalidSessionTicket);
    NXS_TRY_ASSIGN(const auto version, reader.u8());
    if (version != kSessionFormatVersion) {
        return bad_session("unknown session format version " + std::to_string(version));
    }
    Session session;
    NXS_TRY_ASSIGN(const auto ticket, reader.vec16_bytes());
    NXS_TRY_ASSIGN(const auto psk, reader.vec8_bytes());
    NXS_TRY_ASSIGN(session.cipher_suite, reader.u16());
    NXS_TRY_ASSIGN(const auto name, reader.vec8_bytes());
    NXS_TRY_ASSIGN(const auto alpn, reader.vec8_bytes());
    NXS_TRY_ASSIGN(session.lifetime, reader.u32());
    NXS_TRY_ASSIGN(session.age_add, reader.u32());
    NXS_TRY_ASSIGN(const auto received, reader.u64());
    if (!reader.empty()) {
        return bad_session("trailing bytes after the session");
    }
    const auto* suite = handshake::find_cipher_suite(static_cast<handshake::CipherSuite>(session.cipher_suite));
    if (suite == nullptr || !handshake::is_tls13_cipher_suite(suite->suite)) {
        return bad_session("the session names an unknown cipher suite");
    }
    if (psk.size() != crypto::hash_length(suite->hash)) {
        return bad_session("the session's PSK does not have the length of its suite's hash");
    }
    if (ticket.empty()) {
        return bad_session("the session has an empty ticket");
    }
    if (session.lifetime > kMaxLifetime) {
        return bad_session("the session's lifetime is over 7 days");
    }
    session.ticket.assign(ticket.begin(), ticket.end());
    session.psk.assign(psk.begin(), psk.end());
    session.server_name.assign(name.begin(), name.end());
    session.alpn.assign(alpn.begin(), alpn.end());
    session.received_time = static_cast<std::int64_t>(received);
    return session;
}

Result<void> TicketKeys::rotate(const crypto::Provider& provider) {
    std::array<std::uint8_t, kIdLength> id{};
    Secret key(kKeyLength);
    NXS_TRY(provider.rng().fill(id));
    NXS_TRY(provider.rng().fill(key.span()));
    return install(id, key.span());
}

Result<void> TicketKeys::install(std::array<std::uint8_t, kIdLength> id, std::span<const std::uint8_t> key) {
    if (key.size() != kKeyLength) {
        return Error(Status::kTlsInvalidState, "a ticket key is 32 bytes");
    }
    const std::lock_guard lock(m_mutex);
    m_previous = std::move(m_current);
    m_current = Key{id, Secret(key)};
    return {};
}

Result<void> TicketKeys::ensure_key(const crypto::Provider& provider) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_current) {
            return {};
        }
    }
    return rotate(provider);
}

Result<std::vector<std::uint8_t>> TicketKeys::seal(const crypto::Provider& provider,
                                                   std::span<const std::uint8_t> plaintext) {
    NXS_TRY(ensure_key(provider));
    std::array<std::uint8_t, crypto::kAeadNonceLength> nonce{};
    NXS_TRY(provider.rng().fill(nonce));
    const std::lock_guard lock(m_mutex);
    NXS_TRY_ASSIGN(auto aead, provider.new_aead_for(crypto::AeadUse::kSealOnly, kTicketAead, m_current->key.span()));
    const std::size_t tag_length = crypto::aead_tag_length(kTicketAead);
    std::vector<std::uint8_t> out(m_current->id.begin(), m_current->id.end());
    out.insert(out.end(), nonce.begin(), nonce.end());
    const std::size_t body = out.size();
    out.insert(out.end(), plaintext.begin(), plaintext.end());
    out.resize(out.size() + tag_length);
    const auto sealed = std::span<std::uint8_t>(out).subspan(body, plaintext.size());
    const auto tag = std::span<std::uint8_t>(out).subspan(body + plaintext.size());
    NXS_TRY(aead->seal(nonce, m_current->id, sealed, tag));
    return out;
}

Result<std::vector<std::uint8_t>> TicketKeys::open(const crypto::Provider& provider,
                                                   std::span<const std::uint8_t> ticket) const {
    const std::size_t tag_length = crypto::aead_tag_length(kTicketAead);
    if (ticket.size() < kIdLength + crypto::kAeadNonceLength + tag_length) {
        return bad_session("the ticket is too short to be one of ours");
    }
    const auto id = ticket.first(kIdLength);
    const std::lock_guard lock(m_mutex);
    const Key* key = nullptr;
    for (const auto* candidate : {&m_current, &m_previous}) {
        if (candidate->has_value() && std::equal(id.begin(), id.end(), (*candidate)->id.begin())) {
            key = &**candidate;
            break;
        }
    }
    if (key == nullptr) {
        return bad_session("the ticket was sealed under a key this server no longer has");
    }
    NXS_TRY_ASSIGN(auto aead, provider.new_aead_for(crypto::AeadUse::kOpenOnly, kTicketAead, key->key.span()));
    const auto nonce = ticket.subspan(kIdLength, crypto::kAeadNonceLength);
    const auto body = ticket.subspan(kIdLength + crypto::kAeadNonceLength);
    std::vector<std::uint8_t> plaintext(body.begin(), body.end() - static_cast<std::ptrdiff_t>(tag_length));
    if (!aead->open(nonce, id, plaintext, body.last(tag_length)).ok()) {
        return bad_session("the ticket failed authentication (tampered, or not ours)");
    }
    return plaintext;
}

}  // namespace nxs
