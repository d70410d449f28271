#include <chrono>

#include "nxs/clock.h"

namespace nxs {
namespace {

class SystemClock final : public Clock {
public:
    std::int64_t now() const override {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

}  // namespace

std::shared_ptr<const Clock> system_clock() {
    static const auto clock = std::make_shared<const SystemClock>();
    return clock;
}

}  // namespace nxs
