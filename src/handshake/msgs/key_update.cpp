#include "handshake/msgs/key_update.h"

namespace nxs::tls13 {

Result<KeyUpdate> KeyUpdate::decode(Bytes body) {
    Reader reader(body);
    NXS_TRY_ASSIGN(const auto value, reader.u8());
    NXS_TRY(reader.expect_end());
    // RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST terminate the connection with an
    // "illegal_parameter" alert."
    if (value > static_cast<std::uint8_t>(KeyUpdateRequest::kUpdateRequested)) {
        return handshake::codec_error(Status::kTlsHandshakeFailure, "KeyUpdate.request_update",
                                      "KeyUpdate.request_update is neither 0 nor 1",
                                      AlertDescription::kIllegalParameter);
    }
    return KeyUpdate{static_cast<KeyUpdateRequest>(value)};
}

Result<void> KeyUpdate::encode(Writer& writer) const {
    writer.u8(static_cast<std::uint8_t>(request_update));
    return {};
}

}  // namespace nxs::tls13
