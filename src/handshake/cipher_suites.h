// Cipher suites (RFC 8446 §B.4) and their descriptors: suite → AEAD, hash, IANA name. TLS 1.2 suites join this table
// when TLS 1.2 does.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "nxs/crypto/algorithms.h"

namespace nxs::handshake {

// IANA CipherSuite values. Unknown values (every suite a peer may offer) round-trip.
enum class CipherSuite : std::uint16_t {
    kEmptyRenegotiationInfoScsv = 0x00FF,  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3)
    kAes128GcmSha256 = 0x1301,             // TLS_AES_128_GCM_SHA256
    kAes256GcmSha384 = 0x1302,             // TLS_AES_256_GCM_SHA384
    kChaCha20Poly1305Sha256 = 0x1303,      // TLS_CHACHA20_POLY1305_SHA256
    kAes128CcmSha256 = 0x1304,             // TLS_AES_128_CCM_SHA256
    kAes128Ccm8Sha256 = 0x1305,            // TLS_AES_128_CCM_8_SHA256
    kFallbackScsv = 0x5600,                // TLS_FALLBACK_SCSV (RFC 7507)
};

inline constexpr CipherSuite kTlsFallbackScsv = CipherSuite::kFallbackScsv;
inline constexpr CipherSuite kTlsEmptyRenegotiationInfoScsv = CipherSuite::kEmptyRenegotiationInfoScsv;

struct CipherSuiteInfo {
    CipherSuite suite;
    std::string_view name;  // "TLS_AES_128_GCM_SHA256"
    crypto::AeadAlgorithm aead;
    crypto::HashAlgorithm hash;  // the HKDF / transcript hash
};

// The five TLS 1.3 suites in nxs's default preference order.
std::span<const CipherSuiteInfo> tls13_cipher_suites() noexcept;
// The descriptor of a suite nxs implements, or nullptr (SCSVs and unknown values have none).
const CipherSuiteInfo* find_cipher_suite(CipherSuite suite) noexcept;
bool is_tls13_cipher_suite(CipherSuite suite) noexcept;
// IANA name, including the SCSVs; "unknown" otherwise.
std::string_view cipher_suite_name(CipherSuite suite) noexcept;

}  // namespace nxs::handshake
