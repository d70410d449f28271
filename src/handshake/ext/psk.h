// Resumption and PSK extensions (RFC 8446): psk_key_exchange_modes (§4.2.9), pre_shared_key (§4.2.11), early_data
// (§4.2.10).
//
// Binders (§4.2.11.2) are computed over the ClientHello up to, not including, the binders list. Decoding records where
// the list starts (PreSharedKeyClientHello::binders_offset, ClientHello::psk_binders_offset); for sending, encode the
// ClientHello with zero-filled binders of the right lengths, hash the prefix given by
// psk_binders_truncated_length(), then patch_psk_binders() (both in handshake/msgs/client_hello.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "handshake/ext/extension_list.h"

namespace nxs::tls13 {

using handshake::ExtensionType;

enum class PskKeyExchangeMode : std::uint8_t { kPskKe = 0, kPskDheKe = 1 };

// ClientHello: PskKeyExchangeMode ke_modes<1..255> (unknown modes kept; empty is 0x10A).
struct PskKeyExchangeModes {
    static constexpr ExtensionType kType = ExtensionType::kPskKeyExchangeModes;
    std::vector<PskKeyExchangeMode> modes;

    bool contains(PskKeyExchangeMode mode) const noexcept;
    static Result<PskKeyExchangeModes> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

struct PskIdentity {
    Bytes identity;  // opaque identity<1..2^16-1>
    std::uint32_t obfuscated_ticket_age = 0;
};

inline constexpr std::size_t kMinPskBinderLength = 32;  // PskBinderEntry<32..255>

// ClientHello: identities<7..2^16-1> then binders<33..2^16-1>.
//   lengths out of range → 0x10A (decode_error);
//   RFC 8446 §4.2.11: as many binders as identities, else NX_SECURE_TLS_BAD_CLIENTHELLO_PSK_EXTENSION (0x148,
//   illegal_parameter). The extension being last in the ClientHello is checked by ClientHello::decode (also 0x148).
struct PreSharedKeyClientHello {
    static constexpr ExtensionType kType = ExtensionType::kPreSharedKey;
    std::vector<PskIdentity> identities;
    std::vector<Bytes> binders;  // each PskBinderEntry without its length byte
    // Set by decode (encode ignores it): offset, within the extension data, of the binders list's 2-byte length.
    std::size_t binders_offset = 0;

    static Result<PreSharedKeyClientHello> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
    // Length of the encoded binders list (2-byte length included) for binders of these lengths.
    static std::size_t binders_list_length(std::span<const std::size_t> binder_lengths) noexcept;
};

// ServerHello: uint16 selected_identity. Range check against the offer is the client's (0x148).
struct PreSharedKeyServerHello {
    static constexpr ExtensionType kType = ExtensionType::kPreSharedKey;
    std::uint16_t selected_identity = 0;

    static Result<PreSharedKeyServerHello> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// ClientHello and EncryptedExtensions: empty extension_data.
struct EarlyDataIndication {
    static constexpr ExtensionType kType = ExtensionType::kEarlyData;

    static Result<EarlyDataIndication> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

// NewSessionTicket: uint32 max_early_data_size.
struct EarlyDataNewSessionTicket {
    static constexpr ExtensionType kType = ExtensionType::kEarlyData;
    std::uint32_t max_early_data_size = 0;

    static Result<EarlyDataNewSessionTicket> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
