// Fuzz target for private key loading (include/nxs/x509/private_key.h): the structure checks, then the default
// provider for whatever passes them. Failures must be one of the key codes (or a PEM/provider code).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "nxs/x509/private_key.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto provider = nxs::crypto::default_provider();
    const auto description = nxs::x509::inspect_private_key({data, size});
    if (!description.ok()) {
        check(description.status() == nxs::Status::kX509InvalidPrivateKeyType ||
              description.status() == nxs::Status::kPkcs1InvalidPrivateKey);
    }
    const auto key = nxs::x509::load_private_key(*provider, {data, size});
    if (key.ok()) {
        check(!(*key)->public_spki_der().empty());
    }
    return 0;
}
