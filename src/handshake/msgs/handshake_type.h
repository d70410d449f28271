// Handshake message framing (RFC 8446 §4): the message type, the 4-byte header, and a view of one whole message.
//
// The codecs in src/handshake/msgs/ and src/handshake/ext/ decode into typed structs whose byte fields are views
// (Bytes = std::span<const uint8_t>) into the caller's buffer: keep the buffer alive while the struct is used. Each
// message and extension struct has the same shape:
//   static constexpr HandshakeType kType;  (ExtensionType for extensions)
//   static Result<T> decode(Bytes body);    the message body without its 4-byte header / the extension_data
//   Result<void> encode(Writer&) const;     writes that same body, byte for byte what decode read
// Decoders accept exactly one value: trailing bytes and every short length are NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH.
//
// Namespaces: nxs::handshake holds the wire formats TLS 1.2 and 1.3 share (framing, ClientHello, ServerHello,
// Finished, CertificateVerify, the extension list and the extensions both versions know); nxs::tls13 holds what only
// TLS 1.3 has (EncryptedExtensions, CertificateRequest, Certificate, NewSessionTicket, KeyUpdate, EndOfEarlyData,
// key_share, supported_versions, pre_shared_key, ... and the RFC 8446 §4.2 extension-per-message table).
//
// Codes used by these decoders for semantic errors (lengths are always 0x10A / decode_error):
//   0x107 NX_SECURE_TLS_HANDSHAKE_FAILURE + alert illegal_parameter — a known field holds a value the RFC forbids:
//         duplicate extension, extension not allowed in this message, KeyUpdate other than 0/1, record_size_limit < 64,
//         ALPN answer with other than one name, TLS 1.2/1.1 downgrade sentinel.
//   0x130 NX_SECURE_TLS_UNSUPPORTED_FEATURE + alert unsupported_extension — an extension response we did not ask for.
//   0x118 bad compression, 0x137 malformed server_name, 0x141 duplicate key_share group, 0x143 bad NewSessionTicket,
//   0x144 mandatory extension missing, 0x148 pre_shared_key not last / identity and binder counts differ.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/reader.h"
#include "common/writer.h"
#include "nxs/result.h"

namespace nxs::handshake {

// RFC 8446 §4. Unknown values round-trip.
enum class HandshakeType : std::uint8_t {
    kClientHello = 1,
    kServerHello = 2,
    kNewSessionTicket = 4,
    kEndOfEarlyData = 5,
    kEncryptedExtensions = 8,
    kCertificate = 11,
    kCertificateRequest = 13,
    kCertificateVerify = 15,
    kFinished = 20,
    kKeyUpdate = 24,
    kMessageHash = 254,
};

// "client_hello", ...; "unknown" for other values.
std::string_view handshake_type_name(HandshakeType type) noexcept;

// ProtocolVersion (RFC 8446 §4.1.2, RFC 6347, RFC 9147). Unknown values round-trip.
enum class ProtocolVersion : std::uint16_t {
    kTls10 = 0x0301,
    kTls11 = 0x0302,
    kTls12 = 0x0303,
    kTls13 = 0x0304,
    kDtls12 = 0xFEFD,
    kDtls13 = 0xFEFC,
};

// "TLSv1.3", "TLSv1.2", "DTLSv1.2", ...; "unknown" for other values.
std::string_view protocol_version_name(ProtocolVersion version) noexcept;

inline constexpr std::size_t kHandshakeHeaderLength = 4;  // msg_type u8, length u24
inline constexpr std::size_t kMaxHandshakeBodyLength = 0xFFFFFF;

// One whole handshake message: `encoded` is header + body (what goes into the transcript), `body` its tail.
struct HandshakeMessage {
    HandshakeType type = HandshakeType::kClientHello;
    Bytes body;
    Bytes encoded;
};

// Exactly one message: a short buffer or trailing bytes are 0x10A.
Result<HandshakeMessage> decode_handshake(Bytes encoded) noexcept;

// For reassembly: the total length (header included) of the message that starts `buffered`, or nullopt while fewer
// than 4 bytes are there.
std::optional<std::size_t> handshake_message_length(Bytes buffered) noexcept;

// Header + body. A body longer than 2^24-1 is an internal error (0x103).
Result<std::vector<std::uint8_t>> encode_handshake(HandshakeType type, Bytes body);

// Appends header + message.encode() to `out`.
template <typename Message>
Result<void> append_message(const Message& message, Writer& out) {
    out.u8(static_cast<std::uint8_t>(Message::kType));
    const auto block = out.open(3);
    NXS_TRY(message.encode(out));
    return out.close(block);
}

// Header + message.encode() as a new buffer: the bytes that are sent and hashed into the transcript.
template <typename Message>
Result<std::vector<std::uint8_t>> encode_message(const Message& message) {
    std::vector<std::uint8_t> out;
    Writer writer(out);
    NXS_TRY(append_message(message, writer));
    return out;
}

// Helper for the codecs: an error with a check name ("ClientHello.cipher_suites") and a message, and optionally an
// alert that overrides the code's default.
Error codec_error(Status status, std::string_view check, std::string_view message,
                  std::optional<AlertDescription> alert = std::nullopt);

// Reads a 16-bit wire enum.
template <typename Enum>
Result<Enum> read_enum16(Reader& reader) noexcept {
    NXS_TRY_ASSIGN(const auto value, reader.u16());
    return static_cast<Enum>(value);
}

}  // namespace nxs::handshake
