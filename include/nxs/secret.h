// nxs::Secret — key material that wipes itself.
//
// Move-only: a secret is never copied by accident. The buffer has a fixed size chosen at construction, so it is never
// reallocated (a reallocating container would leave unwiped copies behind).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "nxs/export.h"

namespace nxs {

// Overwrites `size` bytes at `data` with zeros in a way the compiler may not remove.
NXS_API void secure_wipe(void* data, std::size_t size) noexcept;

// Compares in time that depends only on the length, not on where the inputs differ.
NXS_API bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

class NXS_API Secret {
public:
    Secret() = default;
    explicit Secret(std::size_t size);
    explicit Secret(std::span<const std::uint8_t> bytes);
    ~Secret();
    Secret(Secret&& other) noexcept;
    Secret& operator=(Secret&& other) noexcept;
    Secret(const Secret&) = delete;
    Secret& operator=(const Secret&) = delete;

    // An explicit copy, for the rare place that needs one (a resumption secret kept beside a live one).
    Secret clone() const;

    std::uint8_t* data() noexcept { return m_data.get(); }
    const std::uint8_t* data() const noexcept { return m_data.get(); }
    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    std::span<std::uint8_t> span() noexcept { return {m_data.get(), m_size}; }
    std::span<const std::uint8_t> span() const noexcept { return {m_data.get(), m_size}; }

    // Keeps the first `size` bytes (size <= size()); the rest is wiped now.
    void truncate(std::size_t size) noexcept;
    void wipe() noexcept;

    friend bool operator==(const Secret& a, const Secret& b) noexcept {
        return constant_time_equal(a.span(), b.span());
    }

private:
    std::unique_ptr<std::uint8_t[]> m_data;
    std::size_t m_size = 0;
};

}  // namespace nxs
