// Making certificates: nxs::x509::build_certificate signs a TBSCertificate (RFC 5280 §4.1) with an issuer's key.
//
// This is what `nxs demo` uses to make its throwaway CA and server certificate in memory, and what tests use to make
// chains whose keys they generate. It writes v3 certificates with the extensions a TLS deployment needs
// (basicConstraints, keyUsage, extendedKeyUsage, subjectAltName with DNS names and IP addresses, subject and
// authority key identifiers); it is not a general CA (no policies, CRL distribution points or name constraints).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nxs/crypto/provider.h"
#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"

namespace nxs::x509 {

struct CertificateTemplate {
    std::string common_name;                // subject CN
    std::string organization;               // subject O, omitted when empty
    std::vector<std::string> dns_names;     // subjectAltName dNSName entries
    std::vector<std::string> ip_addresses;  // subjectAltName iPAddress entries, as text ("127.0.0.1", "::1")
    std::int64_t not_before = 0;            // seconds since 1970 UTC
    std::int64_t not_after = 0;
    std::vector<std::uint8_t> serial;         // big-endian, positive; empty: 16 random bytes
    bool is_ca = false;                       // basicConstraints cA (critical); keyUsage keyCertSign + cRLSign
    std::optional<std::int64_t> path_length;  // pathLenConstraint, CAs only
    bool server_auth = false;                 // extendedKeyUsage id-kp-serverAuth
    bool client_auth = false;                 // extendedKeyUsage id-kp-clientAuth
};

// Signs a certificate for `subject_spki` (DER SubjectPublicKeyInfo). The issuer is `issuer` (its subject becomes our
// issuer name and its key identifier our AKI) or, when null, the certificate itself (self-signed: the subject name
// and key identifier are reused). The signature algorithm follows the issuer key: ECDSA with SHA-256/384/512 for
// P-256/384/521, Ed25519, Ed448, sha256WithRSAEncryption for RSA. An RSA-PSS issuer key is
// NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER; a malformed IP address text is NX_SECURE_X509_INVALID_CERTIFICATE_DATA.
NXS_API Result<Certificate> build_certificate(const crypto::Provider& provider, const CertificateTemplate& spec,
                                              std::span<const std::uint8_t> subject_spki, const Certificate* issuer,
                                              const crypto::PrivateKey& issuer_key);

}  // namespace nxs::x509
