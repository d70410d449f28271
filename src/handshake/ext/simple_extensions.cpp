#include "handshake/ext/simple_extensions.h"

namespace nxs::handshake {

Result<RecordSizeLimit> RecordSizeLimit::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const auto limit, reader.u16());
    NXS_TRY(reader.expect_end());
    // RFC 8449 §4: "Endpoints MUST NOT send a value smaller than 64. An endpoint MUST treat receipt of a smaller
    // value as a fatal error and generate an "illegal_parameter" alert."
    if (limit < kMinRecordSizeLimit) {
        return codec_error(Status::kTlsHandshakeFailure, "record_size_limit", "record_size_limit is below 64",
                           AlertDescription::kIllegalParameter);
    }
    return RecordSizeLimit{limit};
}

Result<void> RecordSizeLimit::encode(Writer& writer) const {
    writer.u16(limit);
    return {};
}

Result<RenegotiationInfo> RenegotiationInfo::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const Bytes renegotiated, reader.vec8_bytes());
    NXS_TRY(reader.expect_end());
    return RenegotiationInfo{renegotiated};
}

Result<void> RenegotiationInfo::encode(Writer& writer) const {
    return writer.vec8(renegotiated_connection);
}

Result<StatusRequest> StatusRequest::decode(Bytes data) {
    return StatusRequest{data};
}

Result<void> StatusRequest::encode(Writer& writer) const {
    writer.bytes(content);
    return {};
}

}  // namespace nxs::handshake

namespace nxs::tls13 {

Result<Cookie> Cookie::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const Bytes cookie, reader.vec16_bytes());
    NXS_TRY(reader.expect_end());
    if (cookie.empty()) {
        return handshake::codec_error(Status::kTlsIncorrectMessageLength, "cookie", "the cookie is empty");
    }
    return Cookie{cookie};
}

Result<void> Cookie::encode(Writer& writer) const {
    return writer.vec16(cookie);
}

Result<PostHandshakeAuth> PostHandshakeAuth::decode(Bytes data) {
    if (!data.empty()) {
        return handshake::codec_error(Status::kTlsIncorrectMessageLength, "post_handshake_auth",
                                      "post_handshake_auth must be empty");
    }
    return PostHandshakeAuth{};
}

Result<void> PostHandshakeAuth::encode(Writer& /*writer*/) const {
    return {};
}

}  // namespace nxs::tls13
