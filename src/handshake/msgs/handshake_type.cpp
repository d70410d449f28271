#include "handshake/msgs/handshake_type.h"

#include <string>

namespace nxs::handshake {

std::string_view handshake_type_name(HandshakeType type) noexcept {
    switch (type) {
        case HandshakeType::kClientHello:
            return "client_hello";
        case HandshakeType::kServerHello:
            return "server_hello";
        case HandshakeType::kNewSessionTicket:
            return "new_session_ticket";
        case HandshakeType::kEndOfEarlyData:
            return "end_of_early_data";
        case HandshakeType::kEncryptedExtensions:
            return "encrypted_extensions";
        case HandshakeType::kCertificate:
            return "certificate";
        case HandshakeType::kCertificateRequest:
            return "certificate_request";
        case HandshakeType::kCertificateVerify:
            return "certificate_verify";
        case HandshakeType::kFinished:
            return "finished";
        case HandshakeType::kKeyUpdate:
            return "key_update";
        case HandshakeType::kMessageHash:
            return "message_hash";
    }
    return "unknown";
}

std::string_view protocol_version_name(ProtocolVersion version) noexcept {
    switch (version) {
        case ProtocolVersion::kTls10:
            return "TLSv1";
        case ProtocolVersion::kTls11:
            return "TLSv1.1";
        case ProtocolVersion::kTls12:
            return "TLSv1.2";
        case ProtocolVersion::kTls13:
            return "TLSv1.3";
        case ProtocolVersion::kDtls12:
            return "DTLSv1.2";
        case ProtocolVersion::kDtls13:
            return "DTLSv1.3";
    }
    return "unknown";
}

Result<HandshakeMessage> decode_handshake(Bytes encoded) noexcept {
    Reader reader(encoded);
    NXS_TRY_ASSIGN(const auto type, reader.u8());
    NXS_TRY_ASSIGN(const Bytes body, reader.vec24_bytes());
    NXS_TRY(reader.expect_end());
    return HandshakeMessage{static_cast<HandshakeType>(type), body, encoded};
}

std::optional<std::size_t> handshake_message_length(Bytes buffered) noexcept {
    if (buffered.size() < kHandshakeHeaderLength) {
        return std::nullopt;
    }
    const std::size_t body_length =
        (std::size_t{buffered[1]} << 16U) | (std::size_t{buffered[2]} << 8U) | std::size_t{buffered[3]};
    return kHandshakeHeaderLength + body_length;
}

Result<std::vector<std::uint8_t>> encode_handshake(HandshakeType type, Bytes body) {
    std::vector<std::uint8_t> out;
    out.reserve(kHandshakeHeaderLength + body.size());
    Writer writer(out);
    writer.u8(static_cast<std::uint8_t>(type));
    NXS_TRY(writer.vec24(body));
    return out;
}

Error codec_error(Status status, std::string_view check, std::string_view message,
                  std::optional<AlertDescription> alert) {
    Error error(status, ErrorDetail{std::string(message), std::string(check), -1, {}});
    if (alert) {
        error.with_alert(*alert);
    }
    return error;
}

}  // namespace nxs::handshake
