// ClientHello (RFC 8446 §4.1.2; the same wire form as TLS 1.2's, RFC 5246 §7.4.1.2).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "handshake/cipher_suites.h"
#include "handshake/ext/extension_list.h"

namespace nxs::handshake {

using Random = std::array<std::uint8_t, 32>;
inline constexpr std::size_t kMaxLegacySessionIdLength = 32;
inline constexpr std::uint8_t kNullCompression = 0;

// Decode checks the wire shape only:
//   legacy_session_id longer than 32, cipher_suites empty or of odd length, legacy_compression_methods empty → 0x10A;
//   extensions: duplicates → 0x107 illegal_parameter; RFC 8446 §4.2.11: pre_shared_key not last → 0x148;
//   a missing extensions block (allowed before TLS 1.3) decodes as an empty list.
// TLS 1.3 rules that depend on the negotiated version (compression exactly [0], supported_versions, ...) are the
// state machine's: see check_tls13_compression().
struct ClientHello {
    static constexpr HandshakeType kType = HandshakeType::kClientHello;
    ProtocolVersion legacy_version = ProtocolVersion::kTls12;
    Random random{};
    Bytes legacy_session_id;
    std::vector<CipherSuite> cipher_suites;  // in the client's order, unknown values kept
    Bytes legacy_compression_methods;        // as received; send {kNullCompression}
    ExtensionList extensions;
    // Set by decode when the last extension is pre_shared_key (encode ignores it): offset, within the body, of the
    // PSK binders list. The binder transcript is the message header + body[0, offset) (RFC 8446 §4.2.11.2).
    std::optional<std::size_t> psk_binders_offset;

    bool offers(CipherSuite suite) const noexcept;
    static Result<ClientHello> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

// RFC 8446 §4.1.2: "For every TLS 1.3 ClientHello, this vector MUST contain exactly one byte, set to zero" — else
// NX_SECURE_TLS_BAD_COMPRESSION_METHOD (0x118, illegal_parameter). For a TLS 1.2 handshake the list need only
// contain 0: contains_null_compression().
Result<void> check_tls13_compression(const ClientHello& hello);
bool contains_null_compression(const ClientHello& hello) noexcept;

// Binders (RFC 8446 §4.2.11.2) over an encoded ClientHello (header included): the length of the prefix to hash, i.e.
// up to the binders list. A ClientHello without pre_shared_key last is 0x148.
Result<std::size_t> psk_binders_truncated_length(Bytes encoded_message);
// Overwrites the binder values of an encoded ClientHello (header included), whose binders were encoded with the same
// lengths (e.g. zero-filled placeholders). A count or length mismatch is an internal error (0x103).
Result<void> patch_psk_binders(std::span<std::uint8_t> encoded_message, std::span<const Bytes> binders);

}  // namespace nxs::handshake
