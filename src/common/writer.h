// Writer — appends TLS wire data to a byte vector.
//
// Length-prefixed vectors are written by opening a block (which reserves the length bytes) and closing it (which
// patches them), so encoders never compute a length by hand. An over-long block is an internal error, reported when
// it is closed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "nxs/result.h"

namespace nxs {

class Writer {
public:
    explicit Writer(std::vector<std::uint8_t>& out) noexcept : m_out(out) {}

    void u8(std::uint8_t value) { m_out.push_back(value); }
    void u16(std::uint16_t value);
    void u24(std::uint32_t value);
    void u32(std::uint32_t value);
    void u64(std::uint64_t value);
    void bytes(std::span<const std::uint8_t> data) { m_out.insert(m_out.end(), data.begin(), data.end()); }

    // A length-prefixed block: `auto b = w.open(2); ...; NXS_TRY(w.close(b));`
    struct Block {
        std::size_t length_at;
        std::size_t length_bytes;
    };
    Block open(std::size_t length_bytes);
    Result<void> close(Block block);

    // Helpers for the common case of a prefixed byte string.
    Result<void> vec8(std::span<const std::uint8_t> data);
    Result<void> vec16(std::span<const std::uint8_t> data);
    Result<void> vec24(std::span<const std::uint8_t> data);

    std::size_t size() const noexcept { return m_out.size(); }
    std::vector<std::uint8_t>& buffer() noexcept { return m_out; }

private:
    std::vector<std::uint8_t>& m_out;
};

}  // namespace nxs
