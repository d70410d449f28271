// The raw AEAD speed the bulk scenarios compare against: the same cipher through EVP directly, sealing and opening one
// TLS 1.3-sized record at a time (16 KiB payload + the content-type byte, a 5-byte header as AAD, a fresh nonce per
// record) — the cryptographic work of one record sent and received, without any TLS around it.
#pragma once

#include <cstddef>

#include "bench.h"

namespace nxs_bench {

class RawCipher {
public:
    explicit RawCipher(BulkCipher cipher);
    ~RawCipher();
    RawCipher(const RawCipher&) = delete;
    RawCipher& operator=(const RawCipher&) = delete;

    // Seals and opens `count` records of kRecordSize payload bytes. False if a tag did not verify.
    bool seal_open(std::size_t count);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace nxs_bench
