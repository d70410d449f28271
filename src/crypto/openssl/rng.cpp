// The provider's random generator: OpenSSL's DRBG through RAND_bytes.
#include <openssl/rand.h>

#include <algorithm>
#include <limits>

#include "crypto/openssl/ossl_common.h"

namespace nxs::crypto::openssl {

namespace {

class OsslRng final : public Rng {
public:
    Result<void> fill(MutableBytes out) override {
        // RAND_bytes takes an int length; larger requests go in chunks.
        constexpr std::size_t kChunk = static_cast<std::size_t>(std::numeric_limits<int>::max());
        while (!out.empty()) {
            const std::size_t n = std::min(out.size(), kChunk);
            if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
                return fail(Status::kTlsMissingCryptoRoutine, "random generator could not be seeded");
            }
            out = out.subspan(n);
        }
        return {};
    }
};

}  // namespace

Rng& openssl_rng() noexcept {
    // Stateless: OpenSSL's DRBG is per thread and thread-safe, so one object serves every provider and thread.
    static OsslRng rng;
    return rng;
}

}  // namespace nxs::crypto::openssl
