// nxs::Clock — where the time comes from. The protocol core never reads a clock (ARCHITECTURE.md §2).
#pragma once

#include <cstdint>
#include <memory>

#include "nxs/export.h"

namespace nxs {

// Seconds since 1970 UTC.
class NXS_API Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t now() const = 0;
};

// The system's real-time clock.
NXS_API std::shared_ptr<const Clock> system_clock();

// A clock that always says `seconds`: for tests and reproducible runs.
class NXS_API FixedClock final : public Clock {
public:
    explicit FixedClock(std::int64_t seconds) noexcept : m_seconds(seconds) {}
    std::int64_t now() const override { return m_seconds; }

private:
    std::int64_t m_seconds;
};

}  // namespace nxs
