// PublicKeyCache: a small LRU of loaded public keys, keyed by (provider, SPKI bytes).
#include "nxs/x509/public_key_cache.h"

#include <algorithm>
#include <utility>

#include "nxs/crypto/provider.h"

namespace nxs::x509 {

PublicKeyCache::Entry* PublicKeyCache::find(const crypto::Provider* provider, Bytes spki_der) {
    for (Entry& entry : m_entries) {
        if (entry.provider.get() == provider &&
            std::equal(entry.spki.begin(), entry.spki.end(), spki_der.begin(), spki_der.end())) {
            return &entry;
        }
    }
    return nullptr;
}

Result<std::shared_ptr<const crypto::PublicKey>> PublicKeyCache::load(
    const std::shared_ptr<const crypto::Provider>& provider, Bytes spki_der) {
    if (!provider) {
        return Error(Status::kTlsMissingCryptoRoutine, "no crypto provider to load a public key with");
    }
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (Entry* entry = find(provider.get(), spki_der)) {
            entry->last_use = ++m_clock;
            ++m_stats.hits;
            return entry->key;
        }
        ++m_stats.misses;
    }
    // Loaded outside the lock: a load costs as much as a signature check, and other threads' hits need not wait.
    NXS_TRY_ASSIGN(auto loaded, provider->load_public_key(spki_der));
    std::shared_ptr<const crypto::PublicKey> key = std::move(loaded);
    if (m_capacity == 0) {
        return key;
    }
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (Entry* entry = find(provider.get(), spki_der)) {
        // Another thread loaded the same bytes meanwhile: keep one key object.
        entry->last_use = ++m_clock;
        return entry->key;
    }
    Entry fresh{provider, std::vector<std::uint8_t>(spki_der.begin(), spki_der.end()), key, ++m_clock};
    if (m_entries.size() < m_capacity) {
        m_entries.push_back(std::move(fresh));
    } else {
        const auto oldest = std::min_element(m_entries.begin(), m_entries.end(),
                                             [](const Entry& a, const Entry& b) { return a.last_use < b.last_use; });
        *oldest = std::move(fresh);
    }
    return key;
}

PublicKeyCache::Stats PublicKeyCache::stats() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_stats;
}

std::size_t PublicKeyCache::size() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_entries.size();
}

void PublicKeyCache::clear() {
    std::vector<Entry> dropped;  // keys and providers are released after the lock
    const std::lock_guard<std::mutex> lock(m_mutex);
    dropped.swap(m_entries);
}

}  // namespace nxs::x509
