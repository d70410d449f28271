// Reader — the one bounds-checked way to decode TLS wire data.
//
// Every read either succeeds or fails with NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH (decode_error) at the point where
// the data ran short. Length-prefixed vectors are read as sub-readers, and `expect_end()` rejects trailing bytes, so a
// decoder reads as a straight line of NXS_TRY steps. Views returned point into the input: nothing is copied.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "nxs/result.h"

namespace nxs {

using Bytes = std::span<const std::uint8_t>;

class Reader {
public:
    explicit Reader(Bytes data, Status short_status = Status::kTlsIncorrectMessageLength) noexcept
        : m_data(data), m_short_status(short_status) {}

    std::size_t remaining() const noexcept { return m_data.size() - m_pos; }
    bool empty() const noexcept { return remaining() == 0; }
    std::size_t position() const noexcept { return m_pos; }
    Bytes rest() const noexcept { return m_data.subspan(m_pos); }

    Result<std::uint8_t> u8() noexcept;
    Result<std::uint16_t> u16() noexcept;
    Result<std::uint32_t> u24() noexcept;
    Result<std::uint32_t> u32() noexcept;
    Result<std::uint64_t> u64() noexcept;
    Result<Bytes> bytes(std::size_t count) noexcept;
    // A reader over the next `count` bytes, which this reader skips.
    Result<Reader> sub(std::size_t count) noexcept;
    // Length-prefixed vectors (RFC 8446 §3.4) with a 1-, 2- or 3-byte length, as a sub-reader or as bytes.
    Result<Reader> vec8() noexcept;
    Result<Reader> vec16() noexcept;
    Result<Reader> vec24() noexcept;
    Result<Bytes> vec8_bytes() noexcept;
    Result<Bytes> vec16_bytes() noexcept;
    Result<Bytes> vec24_bytes() noexcept;
    // Fails unless every byte was consumed.
    Result<void> expect_end() const noexcept;

private:
    Error short_error() const noexcept { return Error(m_short_status); }

    Bytes m_data;
    std::size_t m_pos = 0;
    Status m_short_status;
};

}  // namespace nxs
