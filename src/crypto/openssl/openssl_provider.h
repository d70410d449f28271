// The OpenSSL 3 provider's factory, for code and tests that need a provider other than the shared default.
// Deliberately free of OpenSSL headers: only src/crypto/openssl/*.cpp include those (ARCHITECTURE.md §2).
#pragma once

#include <memory>
#include <string>

#include "nxs/crypto/provider.h"

namespace nxs::crypto::openssl {

struct ProviderOptions {
    // OpenSSL property query used for every fetch, e.g. "provider=default" or "fips=yes". Empty: OpenSSL's default.
    // An algorithm no loaded OpenSSL provider offers under this query is reported as missing (0x13B).
    std::string properties;
};

// Fetches every algorithm once, now. Never null; algorithms that could not be fetched are simply unsupported.
std::shared_ptr<const Provider> make_provider(const ProviderOptions& options = {});

}  // namespace nxs::crypto::openssl
