#include "common/reader.h"

namespace nxs {

Result<std::uint8_t> Reader::u8() noexcept {
    if (remaining() < 1) {
        return short_error();
    }
    return m_data[m_pos++];
}

Result<std::uint16_t> Reader::u16() noexcept {
    if (remaining() < 2) {
        return short_error();
    }
    const auto value = static_cast<std::uint16_t>((m_data[m_pos] << 8) | m_data[m_pos + 1]);
    m_pos += 2;
    return value;
}

Result<std::uint32_t> Reader::u24() noexcept {
    if (remaining() < 3) {
        return short_error();
    }
    const std::uint32_t value = (std::uint32_t{m_data[m_pos]} << 16) | (std::uint32_t{m_data[m_pos + 1]} << 8) |
                                std::uint32_t{m_data[m_pos + 2]};
    m_pos += 3;
    return value;
}

Result<std::uint32_t> Reader::u32() noexcept {
    if (remaining() < 4) {
        return short_error();
    }
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
        value = (value << 8) | m_data[m_pos++];
    }
    return value;
}

Result<std::uint64_t> Reader::u64() noexcept {
    if (remaining() < 8) {
        return short_error();
    }
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) {
        value = (value << 8) | m_data[m_pos++];
    }
    return value;
}

Result<Bytes> Reader::bytes(std::size_t count) noexcept {
    if (remaining() < count) {
        return short_error();
    }
    const Bytes out = m_data.subspan(m_pos, count);
    m_pos += count;
    return out;
}

Result<Reader> Reader::sub(std::size_t count) noexcept {
    NXS_TRY_ASSIGN(const Bytes inner, bytes(count));
    return Reader(inner, m_short_status);
}

Result<Reader> Reader::vec8() noexcept {
    NXS_TRY_ASSIGN(const auto length, u8());
    return sub(length);
}

Result<Reader> Reader::vec16() noexcept {
    NXS_TRY_ASSIGN(const auto length, u16());
    return sub(length);
}

Result<Reader> Reader::vec24() noexcept {
    NXS_TRY_ASSIGN(const auto length, u24());
    return sub(length);
}

Result<Bytes> Reader::vec8_bytes() noexcept {
    NXS_TRY_ASSIGN(const auto length, u8());
    return bytes(length);
}

Result<Bytes> Reader::vec16_bytes() noexcept {
    NXS_TRY_ASSIGN(const auto length, u16());
    return bytes(length);
}

Result<Bytes> Reader::vec24_bytes() noexcept {
    NXS_TRY_ASSIGN(const auto length, u24());
    return bytes(length);
}

Result<void> Reader::expect_end() const noexcept {
    if (!empty()) {
        return short_error();
    }
    return {};
}

}  // namespace nxs
