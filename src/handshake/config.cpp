#include "nxs/config.h"

#include <algorithm>

#include "nxs/x509/private_key.h"

namespace nxs {
namespace {

using crypto::NamedGroup;
using crypto::SignatureScheme;

// Preference order: the fast, constant-time X25519 first, then the NIST curves, then X448.
constexpr NamedGroup kDefaultGroups[] = {NamedGroup::kX25519, NamedGroup::kSecp256r1, NamedGroup::kSecp384r1,
                                         NamedGroup::kSecp521r1, NamedGroup::kX448};

// RFC 8446 §4.2.3 schemes usable in TLS 1.3 handshakes, strongest-and-fastest first.
constexpr SignatureScheme kDefaultSchemes[] = {
    SignatureScheme::kEd25519,
    SignatureScheme::kEcdsaSecp256r1Sha256,
    SignatureScheme::kEcdsaSecp384r1Sha384,
    SignatureScheme::kEcdsaSecp521r1Sha512,
    SignatureScheme::kEd448,
    SignatureScheme::kRsaPssRsaeSha256,
    SignatureScheme::kRsaPssRsaeSha384,
    SignatureScheme::kRsaPssRsaeSha512,
    SignatureScheme::kRsaPssPssSha256,
    SignatureScheme::kRsaPssPssSha384,
    SignatureScheme::kRsaPssPssSha512,
};

}  // namespace

Config::Config(Role role, std::shared_ptr<const crypto::Provider> provider)
    : m_role(role), m_provider(provider ? std::move(provider) : crypto::default_provider()) {
    cipher_suites = {CipherSuiteId::kAes128GcmSha256, CipherSuiteId::kAes256GcmSha384,
                     CipherSuiteId::kChaCha20Poly1305Sha256, CipherSuiteId::kAes128CcmSha256,
                     CipherSuiteId::kAes128Ccm8Sha256};
    for (const auto group : kDefaultGroups) {
        if (m_provider->supports(group)) {
            groups.push_back(group);
        }
    }
    if (!groups.empty()) {
        key_share_groups = {groups.front()};
    }
    for (const auto scheme : kDefaultSchemes) {
        if (m_provider->supports(scheme)) {
            signature_schemes.push_back(scheme);
        }
    }
}

Result<void> Config::add_certificate(std::uint32_t id, std::vector<x509::Certificate> chain,
                                     std::shared_ptr<const crypto::PrivateKey> key) {
    if (id == 0) {
        return Error(Status::kTlsCertIdInvalid, "certificate ID 0 is reserved; use an ID of 1 or more");
    }
    const bool taken =
        std::any_of(m_certificates.begin(), m_certificates.end(), [id](const CertifiedKey& c) { return c.id == id; });
    if (taken) {
        return Error(Status::kTlsCertIdDuplicate, "certificate ID " + std::to_string(id) + " is already in use");
    }
    if (chain.empty() || !key) {
        return Error(Status::kTlsCertificateNotFound,
                     "a certificate needs a chain of at least one certificate and a key");
    }
    NXS_TRY(x509::check_key_matches_certificate(chain.front(), *key));
    m_certificates.push_back(CertifiedKey{id, std::move(chain), std::move(key)});
    return {};
}

Result<void> Config::remove_certificate(std::uint32_t id) {
    const auto it =
        std::find_if(m_certificates.begin(), m_certificates.end(), [id](const CertifiedKey& c) { return c.id == id; });
    if (it == m_certificates.end()) {
        return Error(Status::kTlsCertificateNotFound, "no certificate with ID " + std::to_string(id));
    }
    m_certificates.erase(it);
    return {};
}

}  // namespace nxs
