// Algorithm identifiers shared by the crypto provider, X.509 and TLS. Wire enums keep their IANA values and keep
// unknown values (they round-trip through decoding and encoding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "nxs/export.h"

namespace nxs::crypto {

enum class HashAlgorithm : std::uint8_t { kSha1, kSha256, kSha384, kSha512 };

// TLS NamedGroup (RFC 8446 §4.2.7, RFC 7919).
enum class NamedGroup : std::uint16_t {
    kSecp256r1 = 0x0017,
    kSecp384r1 = 0x0018,
    kSecp521r1 = 0x0019,
    kX25519 = 0x001D,
    kX448 = 0x001E,
    kFfdhe2048 = 0x0100,
    kFfdhe3072 = 0x0101,
    kFfdhe4096 = 0x0102,
    kFfdhe6144 = 0x0103,
    kFfdhe8192 = 0x0104,
};

// TLS SignatureScheme (RFC 8446 §4.2.3).
enum class SignatureScheme : std::uint16_t {
    kRsaPkcs1Sha1 = 0x0201,
    kEcdsaSha1 = 0x0203,
    kRsaPkcs1Sha256 = 0x0401,
    kRsaPkcs1Sha384 = 0x0501,
    kRsaPkcs1Sha512 = 0x0601,
    kEcdsaSecp256r1Sha256 = 0x0403,
    kEcdsaSecp384r1Sha384 = 0x0503,
    kEcdsaSecp521r1Sha512 = 0x0603,
    kRsaPssRsaeSha256 = 0x0804,
    kRsaPssRsaeSha384 = 0x0805,
    kRsaPssRsaeSha512 = 0x0806,
    kEd25519 = 0x0807,
    kEd448 = 0x0808,
    kRsaPssPssSha256 = 0x0809,
    kRsaPssPssSha384 = 0x080A,
    kRsaPssPssSha512 = 0x080B,
};

enum class AeadAlgorithm : std::uint8_t { kAes128Gcm, kAes256Gcm, kChaCha20Poly1305, kAes128Ccm, kAes128Ccm8 };
// Which operations an AEAD key is made for. A record layer's key serves one direction (RFC 8446 §7.3: each side
// writes with its own key), so the record layer asks for kSealOnly or kOpenOnly and a provider need not set up the
// other direction.
enum class AeadUse : std::uint8_t { kSealAndOpen, kSealOnly, kOpenOnly };
enum class CbcAlgorithm : std::uint8_t { kAes128Cbc, kAes256Cbc };

// The kind of an asymmetric key.
enum class KeyType : std::uint8_t { kRsa, kRsaPss, kEc, kEd25519, kEd448 };
// Named curves for EC keys (explicit curve parameters are not supported, RFC 5480 §2.1.1).
enum class EcCurve : std::uint8_t { kNone, kP256, kP384, kP521 };

// How a signature is made, independent of TLS code points: X.509 allows e.g. ECDSA-with-SHA384 under a P-256 key.
enum class SignatureKind : std::uint8_t { kRsaPkcs1, kRsaPss, kEcdsa, kEd25519, kEd448 };
struct SignatureAlgorithm {
    SignatureKind kind = SignatureKind::kEcdsa;
    HashAlgorithm hash = HashAlgorithm::kSha256;       // ignored for EdDSA
    HashAlgorithm mgf1_hash = HashAlgorithm::kSha256;  // RSA-PSS only
    std::size_t pss_salt_length = 32;                  // RSA-PSS only
    friend bool operator==(const SignatureAlgorithm&, const SignatureAlgorithm&) = default;
};

NXS_API std::size_t hash_length(HashAlgorithm hash) noexcept;
NXS_API std::string_view hash_name(HashAlgorithm hash) noexcept;  // "SHA-256"

NXS_API std::size_t aead_key_length(AeadAlgorithm aead) noexcept;
NXS_API std::size_t aead_tag_length(AeadAlgorithm aead) noexcept;  // 16, or 8 for CCM_8
constexpr std::size_t kAeadNonceLength = 12;                       // every AEAD used by TLS 1.3 (RFC 8446 §5.3)
NXS_API std::string_view aead_name(AeadAlgorithm aead) noexcept;   // "AES-128-GCM"

NXS_API std::string_view group_name(NamedGroup group) noexcept;  // "x25519", "secp256r1", "ffdhe2048"; "" if unknown
NXS_API std::string_view signature_scheme_name(SignatureScheme scheme) noexcept;  // "ecdsa_secp256r1_sha256"
NXS_API std::string_view key_type_name(KeyType type) noexcept;                    // "RSA", "EC", "Ed25519"
NXS_API std::string_view curve_name(EcCurve curve) noexcept;                      // "P-256"

// The signature algorithm a TLS 1.3 SignatureScheme means (RFC 8446 §4.2.3): PSS salt = hash length, MGF1 = hash.
NXS_API std::optional<SignatureAlgorithm> signature_algorithm_for(SignatureScheme scheme) noexcept;

}  // namespace nxs::crypto
