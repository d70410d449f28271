#include "nxs/secret.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace nxs {

void secure_wipe(void* data, std::size_t size) noexcept {
    if (data == nullptr || size == 0) {
        return;
    }
    // Writing through a volatile pointer keeps the stores: the compiler must assume someone observes them.
    auto* p = static_cast<volatile std::uint8_t*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        p[i] = 0;
    }
}

bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    std::uint8_t diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = static_cast<std::uint8_t>(diff | (a[i] ^ b[i]));
    }
    return diff == 0;
}

Secret::Secret(std::size_t size) : m_data(size != 0 ? std::make_unique<std::uint8_t[]>(size) : nullptr), m_size(size) {}

Secret::Secret(std::span<const std::uint8_t> bytes) : Secret(bytes.size()) {
    if (!bytes.empty()) {
        std::memcpy(m_data.get(), bytes.data(), bytes.size());
    }
}

Secret::~Secret() {
    wipe();
}

Secret::Secret(Secret&& other) noexcept : m_data(std::move(other.m_data)), m_size(std::exchange(other.m_size, 0)) {}

Secret& Secret::operator=(Secret&& other) noexcept {
    if (this != &other) {
        wipe();
        m_data = std::move(other.m_data);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

Secret Secret::clone() const {
    return Secret(span());
}

void Secret::truncate(std::size_t size) noexcept {
    if (size >= m_size) {
        return;
    }
    secure_wipe(m_data.get() + size, m_size - size);
    m_size = size;
}

void Secret::wipe() noexcept {
    secure_wipe(m_data.get(), m_size);
}

}  // namespace nxs
