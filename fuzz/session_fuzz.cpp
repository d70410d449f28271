// Fuzzes Session::from_bytes — the parser of `nxs client --sess-in` files, which come from disk and may be damaged.
// Whatever parses must serialise back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "nxs/session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto session = nxs::Session::from_bytes(std::span<const std::uint8_t>(data, size));
    if (!session.ok()) {
        return 0;
    }
    const auto again = session->to_bytes();
    const auto reparsed = nxs::Session::from_bytes(again);
    if (!reparsed.ok() || reparsed->to_bytes() != again) {
        std::abort();
    }
    return 0;
}
