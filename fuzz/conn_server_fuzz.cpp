// Fuzzes a TLS 1.3 server: the input is what a client sends, fed in two pieces (split at the first byte's value)
// so that record and message reassembly are exercised too. Deterministic: same input, same path.
#include <cstddef>
#include <cstdint>

#include "conn_fuzz_support.h"
#include "nxs/connection.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto config = nxs::fuzzing::fuzz_server_config();
    auto made = nxs::Connection::server(config);
    if (!made.ok()) {
        return 0;
    }
    auto& conn = *made.value();
    const std::span<const std::uint8_t> input(data, size);
    const std::size_t split = size == 0 ? 0 : std::min<std::size_t>(data[0], size);
    if (conn.feed(input.subspan(0, split)).ok()) {
        (void)conn.feed(input.subspan(split));
    }
    conn.consume_output(conn.pending_output().size());
    std::uint8_t buffer[256];
    (void)conn.read(buffer);
    return 0;
}
