// Config::add_external_psk (include/nxs/config.h): the store of external PSKs a Config holds.
#include <algorithm>

#include "nxs/config.h"

namespace nxs {

Result<void> Config::add_external_psk(std::vector<std::uint8_t> identity, std::vector<std::uint8_t> key,
                                      crypto::HashAlgorithm hash) {
    // RFC 8446 §4.2.11: opaque identity<1..2^16-1>.
    if (identity.empty() || identity.size() > 0xFFFF) {
        return Error(Status::kTlsInvalidState, "a PSK identity is 1 to 65535 bytes");
    }
    if (key.empty() || key.size() > 255) {
        return Error(Status::kTlsInvalidState, "a PSK is 1 to 255 bytes");
    }
    if (hash != crypto::HashAlgorithm::kSha256 && hash != crypto::HashAlgorithm::kSha384) {
        return Error(Status::kTlsUnsupportedFeature, "a TLS 1.3 PSK is bound to SHA-256 or SHA-384");
    }
    const bool known = std::any_of(m_external_psks.begin(), m_external_psks.end(),
                                   [&](const ExternalPsk& psk) { return psk.identity == identity; });
    if (known) {
        return Error(Status::kTlsInvalidState, "this PSK identity was already added");
    }
    if (m_external_psks.size() >= max_external_psks) {
        return Error(Status::kTlsNoMorePskSpace,
                     "the PSK store is full (" + std::to_string(max_external_psks) + " entries)");
    }
    m_external_psks.push_back(ExternalPsk{std::move(identity), std::move(key), hash});
    return {};
}

}  // namespace nxs
