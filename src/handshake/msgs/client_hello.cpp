#include "handshake/msgs/client_hello.h"

#include <algorithm>
#include <cstring>

#include "handshake/ext/psk.h"

namespace nxs::handshake {

namespace {

Error length_error(std::string_view check, std::string_view message) {
    return codec_error(Status::kTlsIncorrectMessageLength, check, message);
}

// Where the binders list of the pre_shared_key extension starts, relative to `body`. Checks that pre_shared_key, if
// present, is the last extension and well formed.
Result<std::optional<std::size_t>> find_binders_offset(const ExtensionList& extensions, Bytes body) {
    const auto entries = extensions.entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].type != ExtensionType::kPreSharedKey) {
            continue;
        }
        // RFC 8446 §4.2.11: "The "pre_shared_key" extension MUST be the last extension in the ClientHello ...
        // Servers MUST check that it is the last extension and otherwise fail the handshake with an
        // "illegal_parameter" alert."
        if (i + 1 != entries.size()) {
            return codec_error(Status::kTlsBadClienthelloPskExtension, "pre_shared_key",
                               "pre_shared_key is not the last extension of the ClientHello");
        }
        NXS_TRY_ASSIGN(const auto psk, tls13::PreSharedKeyClientHello::decode(entries[i].data));
        const auto data_offset = static_cast<std::size_t>(entries[i].data.data() - body.data());
        return std::optional<std::size_t>(data_offset + psk.binders_offset);
    }
    return std::optional<std::size_t>();
}

}  // namespace

bool ClientHello::offers(CipherSuite suite) const noexcept {
    return std::find(cipher_suites.begin(), cipher_suites.end(), suite) != cipher_suites.end();
}

Result<ClientHello> ClientHello::decode(Bytes body) {
    Reader reader(body);
    ClientHello hello;
    NXS_TRY_ASSIGN(hello.legacy_version, read_enum16<ProtocolVersion>(reader));
    NXS_TRY_ASSIGN(const Bytes random, reader.bytes(hello.random.size()));
    std::copy(random.begin(), random.end(), hello.random.begin());
    NXS_TRY_ASSIGN(hello.legacy_session_id, reader.vec8_bytes());
    if (hello.legacy_session_id.size() > kMaxLegacySessionIdLength) {
        return length_error("ClientHello.legacy_session_id", "legacy_session_id is longer than 32 bytes");
    }
    NXS_TRY_ASSIGN(Reader suites, reader.vec16());
    // CipherSuite cipher_suites<2..2^16-2>
    if (suites.empty() || suites.remaining() % 2 != 0) {
        return length_error("ClientHello.cipher_suites", "cipher_suites is empty or has an odd length");
    }
    hello.cipher_suites.reserve(suites.remaining() / 2);
    while (!suites.empty()) {
        NXS_TRY_ASSIGN(const auto suite, read_enum16<CipherSuite>(suites));
        hello.cipher_suites.push_back(suite);
    }
    // opaque legacy_compression_methods<1..2^8-1>
    NXS_TRY_ASSIGN(hello.legacy_compression_methods, reader.vec8_bytes());
    if (hello.legacy_compression_methods.empty()) {
        return length_error("ClientHello.legacy_compression_methods", "legacy_compression_methods is empty");
    }
    // RFC 5246 §7.4.1.2: a ClientHello without extensions ends here. TLS 1.3 ones always carry extensions, which the
    // state machine sees as a missing supported_versions.
    if (reader.empty()) {
        return hello;
    }
    NXS_TRY_ASSIGN(hello.extensions, ExtensionList::decode(reader));
    NXS_TRY(reader.expect_end());
    NXS_TRY_ASSIGN(hello.psk_binders_offset, find_binders_offset(hello.extensions, body));
    return hello;
}

Result<void> ClientHello::encode(Writer& writer) const {
    writer.u16(static_cast<std::uint16_t>(legacy_version));
    writer.bytes(random);
    NXS_TRY(writer.vec8(legacy_session_id));
    const auto suites = writer.open(2);
    for (const auto suite : cipher_suites) {
        writer.u16(static_cast<std::uint16_t>(suite));
    }
    NXS_TRY(writer.close(suites));
    NXS_TRY(writer.vec8(legacy_compression_methods));
    return extensions.encode(writer);
}

Result<void> check_tls13_compression(const ClientHello& hello) {
    // RFC 8446 §4.1.2: "For every TLS 1.3 ClientHello, this vector MUST contain exactly one byte, set to zero ... If
    // a TLS 1.3 ClientHello is received with any other value in this field, the server MUST abort the handshake with
    // an "illegal_parameter" alert."
    if (hello.legacy_compression_methods.size() != 1 || hello.legacy_compression_methods[0] != kNullCompression) {
        return codec_error(Status::kTlsBadCompressionMethod, "ClientHello.legacy_compression_methods",
                           "a TLS 1.3 ClientHello must offer only the null compression method");
    }
    return {};
}

bool contains_null_compression(const ClientHello& hello) noexcept {
    const auto methods = hello.legacy_compression_methods;
    return std::find(methods.begin(), methods.end(), kNullCompression) != methods.end();
}

Result<std::size_t> psk_binders_truncated_length(Bytes encoded_message) {
    NXS_TRY_ASSIGN(const auto message, decode_handshake(encoded_message));
    if (message.type != HandshakeType::kClientHello) {
        return Error(Status::kTlsInvalidState, "PSK binders asked for a message that is not a ClientHello");
    }
    NXS_TRY_ASSIGN(const auto hello, ClientHello::decode(message.body));
    if (!hello.psk_binders_offset) {
        return codec_error(Status::kTlsBadClienthelloPskExtension, "pre_shared_key",
                           "the ClientHello has no pre_shared_key extension");
    }
    return kHandshakeHeaderLength + *hello.psk_binders_offset;
}

Result<void> patch_psk_binders(std::span<std::uint8_t> encoded_message, std::span<const Bytes> binders) {
    NXS_TRY_ASSIGN(std::size_t at, psk_binders_truncated_length(encoded_message));
    const Error mismatch(Status::kTlsInvalidState, "PSK binders do not match the placeholders in the ClientHello");
    std::size_t list_length = 2;
    for (const auto binder : binders) {
        list_length += 1 + binder.size();
    }
    // pre_shared_key is the last extension, so the binders list runs to the end of the message.
    if (encoded_message.size() - at != list_length) {
        return mismatch;
    }
    at += 2;
    for (const auto binder : binders) {
        if (encoded_message[at] != binder.size()) {
            return mismatch;
        }
        std::memcpy(&encoded_message[at + 1], binder.data(), binder.size());
        at += 1 + binder.size();
    }
    return {};
}

}  // namespace nxs::handshake
