// Fuzzes a TLS 1.3 client: the input is the server's answer to the (deterministic) ClientHello. Seeds hold a real
// server flight for that ClientHello, so mutations reach the encrypted states.
#include <cstddef>
#include <cstdint>

#include "conn_fuzz_support.h"
#include "nxs/connection.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto config = nxs::fuzzing::fuzz_client_config();
    auto made = nxs::Connection::client(config, "test.nxs.example");
    if (!made.ok()) {
        return 0;
    }
    auto& conn = *made.value();
    (void)conn.feed(std::span<const std::uint8_t>(data, size));
    conn.consume_output(conn.pending_output().size());
    std::uint8_t buffer[256];
    (void)conn.read(buffer);
    return 0;
}
