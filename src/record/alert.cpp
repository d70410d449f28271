#include "record/alert.h"

namespace nxs::record {

Result<Alert> decode_alert(Bytes content) {
    // RFC 8446 §5.1: Alert messages MUST NOT be fragmented across records, and multiple alert messages MUST NOT be
    // coalesced into a single TLSPlaintext record. In other words, a record with an Alert type MUST contain exactly
    // one message.
    if (content.size() != kAlertSize) {
        return Error(Status::kTlsIncorrectMessageLength,
                     "an alert record holds " + std::to_string(content.size()) + " bytes, not 2");
    }
    return Alert{static_cast<AlertLevel>(content[0]), static_cast<AlertDescription>(content[1])};
}

std::array<std::uint8_t, kAlertSize> encode_alert(const Alert& alert) noexcept {
    return {static_cast<std::uint8_t>(alert.level), static_cast<std::uint8_t>(alert.description)};
}

std::optional<Alert> alert_for(const Error& error) noexcept {
    const auto description = error.alert();
    if (!description) {
        return std::nullopt;
    }
    // RFC 8446 §6.2: error alerts are sent with AlertLevel fatal.
    return Alert{AlertLevel::kFatal, *description};
}

std::string describe(const Alert& alert) {
    std::string level;
    switch (alert.level) {
        case AlertLevel::kWarning:
            level = "warning";
            break;
        case AlertLevel::kFatal:
            level = "fatal";
            break;
        default:
            level = "level(" + std::to_string(static_cast<unsigned>(alert.level)) + ")";
            break;
    }
    const std::string_view name = alert_name(alert.description);
    if (name == "unknown") {
        return level + " alert(" + std::to_string(static_cast<unsigned>(alert.description)) + ")";
    }
    return level + " " + std::string(name);
}

}  // namespace nxs::record
