// ServerHello and HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4): one wire form; a HelloRetryRequest is a ServerHello
// whose random is SHA-256("HelloRetryRequest"). Also the TLS 1.2 / 1.1 downgrade sentinels of §4.1.3.
#pragma once

#include "handshake/cipher_suites.h"
#include "handshake/ext/extension_list.h"
#include "handshake/msgs/client_hello.h"

namespace nxs::handshake {

// RFC 8446 §4.1.3: the special Random of a HelloRetryRequest.
inline constexpr Random kHelloRetryRequestRandom = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                                                    0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                                                    0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

// Decode: legacy_session_id_echo longer than 32 → 0x10A; legacy_compression_method not 0 → 0x118 (illegal_parameter;
// RFC 8446 §4.1.3 "legacy_compression_method: A single byte which MUST have the value 0"); duplicate extensions →
// 0x107 illegal_parameter; a missing extensions block (TLS 1.2 and older) decodes as an empty list.
struct ServerHello {
    static constexpr HandshakeType kType = HandshakeType::kServerHello;
    ProtocolVersion legacy_version = ProtocolVersion::kTls12;
    Random random{};
    Bytes legacy_session_id_echo;
    CipherSuite cipher_suite = CipherSuite::kAes128GcmSha256;
    std::uint8_t legacy_compression_method = kNullCompression;
    ExtensionList extensions;

    bool is_hello_retry_request() const noexcept { return random == kHelloRetryRequestRandom; }
    static Result<ServerHello> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

// RFC 8446 §4.1.3 downgrade protection: the last 8 bytes of ServerHello.random.
enum class DowngradeSentinel : std::uint8_t { kNone, kTls12, kTls11OrBelow };
inline constexpr std::array<std::uint8_t, 8> kDowngradeSentinelTls12 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};
inline constexpr std::array<std::uint8_t, 8> kDowngradeSentinelTls11 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00};

DowngradeSentinel downgrade_sentinel(const Random& server_random) noexcept;
// For a TLS 1.3-capable client that negotiated TLS 1.2 or below: RFC 8446 §4.1.3 "MUST check that the last 8 bytes
// are not equal to either of these values ... If a match is found, the client MUST abort the handshake with an
// "illegal_parameter" alert" — 0x107 with alert illegal_parameter.
Result<void> check_no_downgrade_sentinel(const Random& server_random);
// For a TLS 1.3-capable server that negotiates `negotiated` (below TLS 1.3): writes the sentinel into the random.
void set_downgrade_sentinel(Random& server_random, ProtocolVersion negotiated) noexcept;

}  // namespace nxs::handshake
