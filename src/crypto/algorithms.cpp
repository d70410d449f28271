// Names and sizes of the algorithm identifiers in nxs/crypto/algorithms.h. Pure tables: no crypto library here.
#include "nxs/crypto/algorithms.h"

namespace nxs::crypto {

std::size_t hash_length(HashAlgorithm hash) noexcept {
    switch (hash) {
        case HashAlgorithm::kSha1:
            return 20;
        case HashAlgorithm::kSha256:
            return 32;
        case HashAlgorithm::kSha384:
            return 48;
        case HashAlgorithm::kSha512:
            return 64;
    }
    return 0;
}

std::string_view hash_name(HashAlgorithm hash) noexcept {
    switch (hash) {
        case HashAlgorithm::kSha1:
            return "SHA-1";
        case HashAlgorithm::kSha256:
            return "SHA-256";
        case HashAlgorithm::kSha384:
            return "SHA-384";
        case HashAlgorithm::kSha512:
            return "SHA-512";
    }
    return "";
}

std::size_t aead_key_length(AeadAlgorithm aead) noexcept {
    switch (aead) {
        case AeadAlgorithm::kAes128Gcm:
        case AeadAlgorithm::kAes128Ccm:
        case AeadAlgorithm::kAes128Ccm8:
            return 16;
        case AeadAlgorithm::kAes256Gcm:
        case AeadAlgorithm::kChaCha20Poly1305:
            return 32;
    }
    return 0;
}

std::size_t aead_tag_length(AeadAlgorithm aead) noexcept {
    // RFC 6655 §3: CCM_8 truncates the tag to 8 bytes; every other TLS AEAD uses 16.
    return aead == AeadAlgorithm::kAes128Ccm8 ? 8 : 16;
}

std::string_view aead_name(AeadAlgorithm aead) noexcept {
    switch (aead) {
        case AeadAlgorithm::kAes128Gcm:
            return "AES-128-GCM";
        case AeadAlgorithm::kAes256Gcm:
            return "AES-256-GCM";
        case AeadAlgorithm::kChaCha20Poly1305:
            return "CHACHA20-POLY1305";
        case AeadAlgorithm::kAes128Ccm:
            return "AES-128-CCM";
        case AeadAlgorithm::kAes128Ccm8:
            return "AES-128-CCM-8";
    }
    return "";
}

std::string_view group_name(NamedGroup group) noexcept {
    switch (group) {
        case NamedGroup::kSecp256r1:
            return "secp256r1";
        case NamedGroup::kSecp384r1:
            return "secp384r1";
        case NamedGroup::kSecp521r1:
            return "secp521r1";
        case NamedGroup::kX25519:
            return "x25519";
        case NamedGroup::kX448:
            return "x448";
        case NamedGroup::kFfdhe2048:
            return "ffdhe2048";
        case NamedGroup::kFfdhe3072:
            return "ffdhe3072";
        case NamedGroup::kFfdhe4096:
            return "ffdhe4096";
        case NamedGroup::kFfdhe6144:
            return "ffdhe6144";
        case NamedGroup::kFfdhe8192:
            return "ffdhe8192";
    }
    return "";
}

std::string_view signature_scheme_name(SignatureScheme scheme) noexcept {
    switch (scheme) {
        case SignatureScheme::kRsaPkcs1Sha1:
            return "rsa_pkcs1_sha1";
        case SignatureScheme::kEcdsaSha1:
            return "ecdsa_sha1";
        case SignatureScheme::kRsaPkcs1Sha256:
            return "rsa_pkcs1_sha256";
        case SignatureScheme::kRsaPkcs1Sha384:
            return "rsa_pkcs1_sha384";
        case SignatureScheme::kRsaPkcs1Sha512:
            return "rsa_pkcs1_sha512";
        case SignatureScheme::kEcdsaSecp256r1Sha256:
            return "ecdsa_secp256r1_sha256";
        case SignatureScheme::kEcdsaSecp384r1Sha384:
            return "ecdsa_secp384r1_sha384";
        case SignatureScheme::kEcdsaSecp521r1Sha512:
            return "ecdsa_secp521r1_sha512";
        case SignatureScheme::kRsaPssRsaeSha256:
            return "rsa_pss_rsae_sha256";
        case SignatureScheme::kRsaPssRsaeSha384:
            return "rsa_pss_rsae_sha384";
        case SignatureScheme::kRsaPssRsaeSha512:
            return "rsa_pss_rsae_sha512";
        case SignatureScheme::kEd25519:
            return "ed25519";
        case SignatureScheme::kEd448:
            return "ed448";
        case SignatureScheme::kRsaPssPssSha256:
            return "rsa_pss_pss_sha256";
        case SignatureScheme::kRsaPssPssSha384:
            return "rsa_pss_pss_sha384";
        case SignatureScheme::kRsaPssPssSha512:
            return "rsa_pss_pss_sha512";
    }
    return "";
}

std::string_view key_type_name(KeyType type) noexcept {
    switch (type) {
        case KeyType::kRsa:
            return "RSA";
        case KeyType::kRsaPss:
            return "RSA-PSS";
        case KeyType::kEc:
            return "EC";
        case KeyType::kEd25519:
            return "Ed25519";
        case KeyType::kEd448:
            return "Ed448";
    }
    return "";
}

std::string_view curve_name(EcCurve curve) noexcept {
    switch (curve) {
        case EcCurve::kNone:
            return "";
        case EcCurve::kP256:
            return "P-256";
        case EcCurve::kP384:
            return "P-384";
        case EcCurve::kP521:
            return "P-521";
    }
    return "";
}

namespace {

SignatureAlgorithm make(SignatureKind kind, HashAlgorithm hash) noexcept {
    SignatureAlgorithm algorithm;
    algorithm.kind = kind;
    algorithm.hash = hash;
    // RFC 8446 §4.2.3: for RSASSA-PSS "the length of the Salt MUST be equal to the length of the output of the
    // digest algorithm", and MGF1 uses the same hash.
    algorithm.mgf1_hash = hash;
    algorithm.pss_salt_length = hash_length(hash);
    return algorithm;
}

}  // namespace

std::optional<SignatureAlgorithm> signature_algorithm_for(SignatureScheme scheme) noexcept {
    switch (scheme) {
        case SignatureScheme::kRsaPkcs1Sha1:
            return make(SignatureKind::kRsaPkcs1, HashAlgorithm::kSha1);
        case SignatureScheme::kEcdsaSha1:
            return make(SignatureKind::kEcdsa, HashAlgorithm::kSha1);
        case SignatureScheme::kRsaPkcs1Sha256:
            return make(SignatureKind::kRsaPkcs1, HashAlgorithm::kSha256);
        case SignatureScheme::kRsaPkcs1Sha384:
            return make(SignatureKind::kRsaPkcs1, HashAlgorithm::kSha384);
        case SignatureScheme::kRsaPkcs1Sha512:
            return make(SignatureKind::kRsaPkcs1, HashAlgorithm::kSha512);
        case SignatureScheme::kEcdsaSecp256r1Sha256:
            return make(SignatureKind::kEcdsa, HashAlgorithm::kSha256);
        case SignatureScheme::kEcdsaSecp384r1Sha384:
            return make(SignatureKind::kEcdsa, HashAlgorithm::kSha384);
        case SignatureScheme::kEcdsaSecp521r1Sha512:
            return make(SignatureKind::kEcdsa, HashAlgorithm::kSha512);
        case SignatureScheme::kRsaPssRsaeSha256:
        case SignatureScheme::kRsaPssPssSha256:
            return make(SignatureKind::kRsaPss, HashAlgorithm::kSha256);
        case SignatureScheme::kRsaPssRsaeSha384:
        case SignatureScheme::kRsaPssPssSha384:
            return make(SignatureKind::kRsaPss, HashAlgorithm::kSha384);
        case SignatureScheme::kRsaPssRsaeSha512:
        case SignatureScheme::kRsaPssPssSha512:
            return make(SignatureKind::kRsaPss, HashAlgorithm::kSha512);
        case SignatureScheme::kEd25519:
            return SignatureAlgorithm{.kind = SignatureKind::kEd25519};  // RFC 8032: EdDSA hashes internally
        case SignatureScheme::kEd448:
            return SignatureAlgorithm{.kind = SignatureKind::kEd448};
    }
    return std::nullopt;
}

}  // namespace nxs::crypto
