#include "nxs/result.h"

namespace nxs {

namespace {
const ErrorDetail kNoDetail{};
}  // namespace

Error::Error(Status status, std::string message)
    : m_status(status), m_detail(std::make_shared<const ErrorDetail>(ErrorDetail{std::move(message), {}, -1, {}})) {}

Error::Error(Status status, ErrorDetail detail)
    : m_status(status), m_detail(std::make_shared<const ErrorDetail>(std::move(detail))) {}

std::optional<AlertDescription> Error::alert() const noexcept {
    return m_alert_override ? m_alert_override : default_alert(m_status);
}

Error& Error::with_alert(AlertDescription alert) & noexcept {
    m_alert_override = alert;
    return *this;
}

Error&& Error::with_alert(AlertDescription alert) && noexcept {
    m_alert_override = alert;
    return std::move(*this);
}

const ErrorDetail& Error::detail() const noexcept {
    return m_detail ? *m_detail : kNoDetail;
}

std::string Error::message() const {
    if (m_detail && !m_detail->message.empty()) {
        return m_detail->message;
    }
    return std::string(status_description(m_status));
}

std::string Error::to_string() const {
    std::string out(status_name(m_status));
    out += ": ";
    out += message();
    return out;
}

}  // namespace nxs
