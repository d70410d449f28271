#include "handshake/tls13/transcript.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "nxs/secret.h"

namespace nxs::tls13 {

Digest::Digest(Bytes bytes) noexcept : m_size(std::min(bytes.size(), m_bytes.size())) {
    std::copy_n(bytes.begin(), m_size, m_bytes.begin());
}

bool operator==(const Digest& a, const Digest& b) noexcept {
    return constant_time_equal(a.span(), b.span());
}

Transcript::Transcript(const crypto::Provider& provider, crypto::HashAlgorithm hash,
                       std::unique_ptr<crypto::HashContext> context) noexcept
    : m_provider(&provider), m_hash(hash), m_context(std::move(context)) {}

Result<Transcript> Transcript::create(const crypto::Provider& provider, crypto::HashAlgorithm hash) {
    NXS_TRY_ASSIGN(auto context, provider.new_hash(hash));
    return Transcript(provider, hash, std::move(context));
}

Result<Transcript> Transcript::clone() const {
    NXS_TRY_ASSIGN(auto context, m_context->clone());
    Transcript copy(*m_provider, m_hash, std::move(context));
    copy.m_messages = m_messages;
    return copy;
}

Result<void> Transcript::add(Bytes message) {
    NXS_TRY(m_context->update(message));
    ++m_messages;
    return {};
}

Result<Digest> Transcript::current_hash() const {
    // RFC 8446 §4.4.1: Transcript-Hash(M1, M2, ... Mn) = Hash(M1 || M2 || ... || Mn). Reading it must not end the
    // running hash, so the context finishes a copy of its state.
    Digest digest;
    digest.m_size = crypto::hash_length(m_hash);
    NXS_TRY(m_context->hash_so_far(std::span<std::uint8_t>(digest.m_bytes.data(), digest.m_size)));
    return digest;
}

Result<std::vector<std::uint8_t>> Transcript::message_hash_message(const crypto::Provider& provider,
                                                                   crypto::HashAlgorithm hash, Bytes client_hello1) {
    // RFC 8446 §4.4.1: Transcript-Hash(ClientHello1, HelloRetryRequest, ... Mn) =
    //   Hash(message_hash ||        /* Handshake type */
    //        00 00 Hash.length  ||  /* Handshake message length (bytes) */
    //        Hash(ClientHello1) ||  /* Hash of ClientHello1 */
    //        HelloRetryRequest  || ... || Mn)
    const std::size_t length = crypto::hash_length(hash);
    std::vector<std::uint8_t> message(4 + length);
    message[0] = kHandshakeTypeMessageHash;
    message[1] = 0;
    message[2] = 0;
    message[3] = static_cast<std::uint8_t>(length);
    NXS_TRY(provider.hash(hash, client_hello1, std::span<std::uint8_t>(message).subspan(4)));
    return message;
}

Result<void> Transcript::replace_client_hello_with_message_hash() {
    if (m_messages != 1) {
        return Error(Status::kTlsInvalidState, "message_hash replaces ClientHello1, which must be the only message");
    }
    NXS_TRY_ASSIGN(const Digest client_hello_hash, current_hash());
    NXS_TRY_ASSIGN(auto fresh, m_provider->new_hash(m_hash));
    const std::array<std::uint8_t, 4> header = {kHandshakeTypeMessageHash, 0, 0,
                                                static_cast<std::uint8_t>(client_hello_hash.size())};
    NXS_TRY(fresh->update(header));
    NXS_TRY(fresh->update(client_hello_hash.span()));
    m_context = std::move(fresh);
    return {};
}

}  // namespace nxs::tls13
