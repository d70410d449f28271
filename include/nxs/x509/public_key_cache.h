// nxs::x509::PublicKeyCache — loaded public keys of peer certificates, kept for the next handshake.
//
// Loading a key from its SubjectPublicKeyInfo costs about as much as one ECDSA signature check (≈ 0.2 M instructions
// for P-256 with the OpenSSL provider), and a client that connects to the same server again meets the same leaf and
// intermediate keys every time. The cache keeps up to capacity() loaded keys:
//   - keyed by the provider object and the exact SPKI DER bytes (compared byte for byte, never by a hash alone), so a
//     key is only served for the very bytes it was loaded from, and only to the provider that loaded it;
//   - least recently used entry evicted when full; capacity 0 caches nothing;
//   - a failed load is not kept: the next lookup of those bytes loads (and fails) again, with the provider's error;
//   - thread-safe (one mutex per cache, not held while a key loads); keys are handed out as shared_ptr, so an entry
//     evicted while a verification still uses it stays alive until that verification ends.
// It never changes a verification result: it only skips re-creating the key object; every signature is still
// checked. An entry holds its provider alive (the key may depend on it).
//
// Memory: each entry is the SPKI copy (91 bytes for P-256, 294 for RSA-2048) plus the provider's key object. Measured
// with the OpenSSL provider (heap in use, 64 distinct keys): ≈ 2.5 KB per P-256 entry (160 KB for a full cache),
// ≈ 1.6 KB per RSA-2048 entry (103 KB); larger keys cost a few hundred bytes more. An empty cache holds no entries;
// entries appear only as keys are loaded. Used by verify_chain() through VerifyOptions::public_key_cache and by the
// TLS handshake through Config::public_key_cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"

namespace nxs::crypto {
class Provider;
class PublicKey;
}  // namespace nxs::crypto

namespace nxs::x509 {

class NXS_API PublicKeyCache {
public:
    // Two keys per server chain (intermediate and leaf): eight servers. Small on purpose — memory is bounded by
    // default (≈ 40 KB of P-256 keys); an application talking to many servers makes a larger one.
    static constexpr std::size_t kDefaultCapacity = 16;

    explicit PublicKeyCache(std::size_t capacity = kDefaultCapacity) : m_capacity(capacity) {}
    PublicKeyCache(const PublicKeyCache&) = delete;
    PublicKeyCache& operator=(const PublicKeyCache&) = delete;

    // The key `provider` loads from `spki_der`: the kept one when these exact bytes were loaded by this provider
    // before, else provider->load_public_key(spki_der), kept on success. A null provider fails with
    // NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE.
    Result<std::shared_ptr<const crypto::PublicKey>> load(const std::shared_ptr<const crypto::Provider>& provider,
                                                          Bytes spki_der);

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;  // lookups that called the provider (failed loads included)
    };
    Stats stats() const;
    std::size_t size() const;
    std::size_t capacity() const noexcept { return m_capacity; }
    void clear();

private:
    struct Entry {
        std::shared_ptr<const crypto::Provider> provider;
        std::vector<std::uint8_t> spki;
        std::shared_ptr<const crypto::PublicKey> key;
        std::uint64_t last_use = 0;
    };

    // The entry for (provider, spki), or null. Caller holds m_mutex.
    Entry* find(const crypto::Provider* provider, Bytes spki_der);

    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::vector<Entry> m_entries;  // at most m_capacity; linear search (64 short byte compares < one hash table miss)
    std::uint64_t m_clock = 0;
    Stats m_stats;
};

}  // namespace nxs::x509
