#include "common/writer.h"

namespace nxs {

void Writer::u16(std::uint16_t value) {
    m_out.push_back(static_cast<std::uint8_t>(value >> 8));
    m_out.push_back(static_cast<std::uint8_t>(value));
}

void Writer::u24(std::uint32_t value) {
    m_out.push_back(static_cast<std::uint8_t>(value >> 16));
    m_out.push_back(static_cast<std::uint8_t>(value >> 8));
    m_out.push_back(static_cast<std::uint8_t>(value));
}

void Writer::u32(std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        m_out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

void Writer::u64(std::uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
        m_out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

Writer::Block Writer::open(std::size_t length_bytes) {
    const Block block{m_out.size(), length_bytes};
    m_out.resize(m_out.size() + length_bytes, 0);
    return block;
}

Result<void> Writer::close(Block block) {
    const std::size_t length = m_out.size() - block.length_at - block.length_bytes;
    if (block.length_bytes < sizeof(std::size_t) && length >= (std::size_t{1} << (8 * block.length_bytes))) {
        return Error(Status::kTlsInvalidState, "an encoded vector is longer than its length field can express");
    }
    for (std::size_t i = 0; i < block.length_bytes; ++i) {
        const std::size_t shift = 8 * (block.length_bytes - 1 - i);
        m_out[block.length_at + i] = static_cast<std::uint8_t>(length >> shift);
    }
    return {};
}

Result<void> Writer::vec8(std::span<const std::uint8_t> data) {
    const auto block = open(1);
    bytes(data);
    return close(block);
}

Result<void> Writer::vec16(std::span<const std::uint8_t> data) {
    const auto block = open(2);
    bytes(data);
    return close(block);
}

Result<void> Writer::vec24(std::span<const std::uint8_t> data) {
    const auto block = open(3);
    bytes(data);
    return close(block);
}

}  // namespace nxs
