#include "record/record.h"

namespace nxs::record {

std::string_view content_type_name(ContentType type) noexcept {
    switch (type) {
        case ContentType::kChangeCipherSpec:
            return "change_cipher_spec";
        case ContentType::kAlert:
            return "alert";
        case ContentType::kHandshake:
            return "handshake";
        case ContentType::kApplicationData:
            return "application_data";
        case ContentType::kInvalid:
            break;
    }
    return "unknown";
}

void write_header(MutableBytes out, ContentType type, std::uint16_t legacy_version, std::size_t length) noexcept {
    out[0] = static_cast<std::uint8_t>(type);
    out[1] = static_cast<std::uint8_t>(legacy_version >> 8);
    out[2] = static_cast<std::uint8_t>(legacy_version & 0xFF);
    out[3] = static_cast<std::uint8_t>((length >> 8) & 0xFF);
    out[4] = static_cast<std::uint8_t>(length & 0xFF);
}

Result<void> check_content_length(ContentType type, std::size_t length) {
    if (length != 0) {
        return {};
    }
    // RFC 8446 §5.1: Implementations MUST NOT send zero-length fragments of Handshake types, even if those fragments
    // contain padding.
    if (type == ContentType::kHandshake) {
        return Error(Status::kTlsUnexpectedMessage, "a handshake record with no content");
    }
    // RFC 8446 §5.1: a record with an Alert type MUST contain exactly one message (so never zero bytes).
    if (type == ContentType::kAlert) {
        return Error(Status::kTlsUnexpectedMessage, "an alert record with no content");
    }
    // RFC 8446 §5.1: Zero-length fragments of Application Data MAY be sent, as they are potentially useful as a
    // traffic analysis countermeasure. (An empty CCS is caught by the CCS check.)
    return {};
}

Result<Bytes> plaintext_content(const RecordView& record) {
    NXS_TRY(check_content_length(record.type, record.fragment.size()));
    return Bytes(record.fragment);
}

Result<void> check_compat_change_cipher_spec(const RecordView& record, bool allowed_now) {
    if (record.type != ContentType::kChangeCipherSpec) {
        return Error(Status::kTlsBadCipherspec, "not a change_cipher_spec record");
    }
    // RFC 8446 §5: If an implementation detects a change_cipher_spec record received before the first ClientHello
    // message or after the peer's Finished message, it MUST be treated as an unexpected record type.
    if (!allowed_now) {
        return Error(Status::kTlsBadCipherspec, "change_cipher_spec outside the handshake");
    }
    // RFC 8446 §5: An implementation which receives any other change_cipher_spec value ... MUST abort the handshake
    // with an "unexpected_message" alert.
    if (record.fragment.size() != 1 || record.fragment[0] != kChangeCipherSpecByte) {
        return Error(Status::kTlsBadCipherspec, "change_cipher_spec is not the single byte 0x01");
    }
    return {};
}

}  // namespace nxs::record
