#include "handshake/cipher_suites.h"

#include <array>

namespace nxs::handshake {

namespace {

using crypto::AeadAlgorithm;
using crypto::HashAlgorithm;

// RFC 8446 §B.4.
constexpr std::array kTls13Suites = {
    CipherSuiteInfo{CipherSuite::kAes128GcmSha256, "TLS_AES_128_GCM_SHA256", AeadAlgorithm::kAes128Gcm,
                    HashAlgorithm::kSha256},
    CipherSuiteInfo{CipherSuite::kAes256GcmSha384, "TLS_AES_256_GCM_SHA384", AeadAlgorithm::kAes256Gcm,
                    HashAlgorithm::kSha384},
    CipherSuiteInfo{CipherSuite::kChaCha20Poly1305Sha256, "TLS_CHACHA20_POLY1305_SHA256",
                    AeadAlgorithm::kChaCha20Poly1305, HashAlgorithm::kSha256},
    CipherSuiteInfo{CipherSuite::kAes128CcmSha256, "TLS_AES_128_CCM_SHA256", AeadAlgorithm::kAes128Ccm,
                    HashAlgorithm::kSha256},
    CipherSuiteInfo{CipherSuite::kAes128Ccm8Sha256, "TLS_AES_128_CCM_8_SHA256", AeadAlgorithm::kAes128Ccm8,
                    HashAlgorithm::kSha256},
};

}  // namespace

std::span<const CipherSuiteInfo> tls13_cipher_suites() noexcept {
    return kTls13Suites;
}

const CipherSuiteInfo* find_cipher_suite(CipherSuite suite) noexcept {
    for (const auto& info : kTls13Suites) {
        if (info.suite == suite) {
            return &info;
        }
    }
    return nullptr;
}

bool is_tls13_cipher_suite(CipherSuite suite) noexcept {
    return find_cipher_suite(suite) != nullptr;
}

std::string_view cipher_suite_name(CipherSuite suite) noexcept {
    if (const auto* info = find_cipher_suite(suite)) {
        return info->name;
    }
    switch (suite) {
        case CipherSuite::kEmptyRenegotiationInfoScsv:
            return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
        case CipherSuite::kFallbackScsv:
            return "TLS_FALLBACK_SCSV";
        default:
            return "unknown";
    }
}

}  // namespace nxs::handshake
