// Alert messages (RFC 8446 §6): two bytes, level and description, one per record.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "nxs/result.h"
#include "nxs/status.h"
#include "record/record.h"

namespace nxs::record {

// RFC 8446 §6 AlertLevel. Unknown values are kept; in TLS 1.3 the level is advisory only.
enum class AlertLevel : std::uint8_t {
    kWarning = 1,
    kFatal = 2,
};

struct Alert {
    AlertLevel level = AlertLevel::kFatal;
    AlertDescription description = AlertDescription::kCloseNotify;

    friend bool operator==(const Alert&, const Alert&) = default;
};

constexpr std::size_t kAlertSize = 2;

// Decodes the content of one alert record. Any length but 2 is NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH
// (decode_error): RFC 8446 §5.1 forbids fragmenting and coalescing alerts.
Result<Alert> decode_alert(Bytes content);
std::array<std::uint8_t, kAlertSize> encode_alert(const Alert& alert) noexcept;

// RFC 8446 §6.1: close_notify and user_canceled are closure alerts; every other alert is an error alert. (§6.2:
// error alerts are fatal whatever their level says, and unknown alert types are error alerts.)
constexpr bool is_closure_alert(AlertDescription description) noexcept {
    return description == AlertDescription::kCloseNotify || description == AlertDescription::kUserCanceled;
}

// The alert a connection sends when it fails with `error`, as a fatal alert; std::nullopt when the code is a local
// condition that is not reported to the peer.
std::optional<Alert> alert_for(const Error& error) noexcept;

// "fatal handshake_failure" — for logs and error details.
std::string describe(const Alert& alert);

}  // namespace nxs::record
