// Transcript — the running TLS 1.3 transcript hash (RFC 8446 §4.4.1).
//
// Every handshake message (header included, as it went over the wire) is added once, in order. current_hash() reads
// the hash of everything added so far without disturbing it (a copy of the running state is finished), which is
// what each secret and Finished needs. After a HelloRetryRequest, ClientHello1 is replaced by the synthetic
// message_hash message.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "nxs/crypto/provider.h"
#include "nxs/result.h"

namespace nxs::tls13 {

using Bytes = std::span<const std::uint8_t>;

// A hash value of at most 64 bytes (SHA-512), held without allocating.
class Digest {
public:
    Digest() = default;
    explicit Digest(Bytes bytes) noexcept;

    Bytes span() const noexcept { return {m_bytes.data(), m_size}; }
    std::size_t size() const noexcept { return m_size; }
    std::uint8_t* data() noexcept { return m_bytes.data(); }

    friend bool operator==(const Digest& a, const Digest& b) noexcept;

private:
    friend class Transcript;
    std::array<std::uint8_t, 64> m_bytes{};
    std::size_t m_size = 0;
};

// The handshake type of the synthetic message that stands for ClientHello1 after a HelloRetryRequest.
constexpr std::uint8_t kHandshakeTypeMessageHash = 254;

class Transcript {
public:
    // The provider must outlive the transcript.
    static Result<Transcript> create(const crypto::Provider& provider, crypto::HashAlgorithm hash);

    Transcript(Transcript&&) noexcept = default;
    Transcript& operator=(Transcript&&) noexcept = default;
    Transcript(const Transcript&) = delete;
    Transcript& operator=(const Transcript&) = delete;
    ~Transcript() = default;

    // An independent copy with the same running state (a server trying two PSK binders, a test).
    Result<Transcript> clone() const;

    // Adds one whole handshake message: msg_type, length and body.
    Result<void> add(Bytes message);
    // Transcript-Hash of everything added so far; the transcript is unchanged.
    Result<Digest> current_hash() const;

    // RFC 8446 §4.4.1: when the server answers ClientHello1 with a HelloRetryRequest, ClientHello1 is replaced in the
    // transcript by message_hash(Hash(ClientHello1)). Call after adding ClientHello1 and before adding the
    // HelloRetryRequest; any other message count is NX_SECURE_TLS_INVALID_STATE.
    Result<void> replace_client_hello_with_message_hash();

    // The synthetic message itself: handshake type message_hash (254), length Hash.length, Hash(ClientHello1).
    // For a peer that starts its transcript from stored state (a stateless server reading its cookie).
    static Result<std::vector<std::uint8_t>> message_hash_message(const crypto::Provider& provider,
                                                                  crypto::HashAlgorithm hash, Bytes client_hello1);

    crypto::HashAlgorithm algorithm() const noexcept { return m_hash; }
    std::size_t message_count() const noexcept { return m_messages; }

private:
    Transcript(const crypto::Provider& provider, crypto::HashAlgorithm hash,
               std::unique_ptr<crypto::HashContext> context) noexcept;

    const crypto::Provider* m_provider;
    crypto::HashAlgorithm m_hash;
    std::unique_ptr<crypto::HashContext> m_context;
    std::size_t m_messages = 0;
};

}  // namespace nxs::tls13
