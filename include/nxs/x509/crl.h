// nxs::x509::Crl — a parsed X.509 v1/v2 certificate revocation list (RFC 5280 §5).
//
// Parsing is strict DER and checks the structure of every field; checking a CRL against a certificate (issuer,
// signature, dates, scope) is the validator's job (crl_check.cpp). Like Certificate, a Crl owns its DER once and every
// field is a view into it; the revoked entries stay encoded and find_revoked() walks them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"

namespace nxs::x509 {

// CRLReason (RFC 5280 §5.3.1); 7 is not used.
enum class CrlReason : std::uint8_t {
    kUnspecified = 0,
    kKeyCompromise = 1,
    kCaCompromise = 2,
    kAffiliationChanged = 3,
    kSuperseded = 4,
    kCessationOfOperation = 5,
    kCertificateHold = 6,
    kRemoveFromCrl = 8,
    kPrivilegeWithdrawn = 9,
    kAaCompromise = 10,
};

struct RevokedCertificate {
    Bytes serial;                      // INTEGER contents, compared byte for byte (DER is minimal)
    std::int64_t revocation_date = 0;  // seconds since 1970, UTC
    std::optional<CrlReason> reason;   // reasonCode entry extension
    std::optional<std::int64_t> invalidity_date;
    bool has_certificate_issuer = false;  // certificateIssuer entry extension (indirect CRLs)
    Bytes extensions_der;                 // contents of crlEntryExtensions, empty when absent
};

// issuingDistributionPoint (RFC 5280 §5.2.5).
struct IssuingDistributionPoint {
    Bytes der;                                // the IssuingDistributionPoint SEQUENCE
    std::optional<Bytes> distribution_point;  // the DistributionPointName element (fullName [0] / [1] RDN), encoded
    bool only_contains_user_certs = false;
    bool only_contains_ca_certs = false;
    bool only_some_reasons = false;
    bool indirect_crl = false;
    bool only_contains_attribute_certs = false;
    bool critical = false;
};

struct CrlExtensions {
    std::optional<Bytes> authority_key_id;  // keyIdentifier [0]
    bool authority_key_id_present = false;
    std::optional<Bytes> crl_number;  // INTEGER contents
    bool crl_number_critical = false;
    std::optional<Bytes> delta_crl_indicator;  // BaseCRLNumber INTEGER contents
    std::optional<IssuingDistributionPoint> issuing_distribution_point;
    std::size_t count = 0;
};

class NXS_API Crl {
public:
    // Parses one DER CertificateList; trailing bytes are NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE.
    static Result<Crl> parse(Bytes der);

    Bytes der() const noexcept { return {m_der->data(), m_der->size()}; }
    Bytes tbs_der() const noexcept { return m_tbs; }    // what the issuer signed
    int version() const noexcept { return m_version; }  // 1 or 2
    const SignatureAlgorithmId& signature_algorithm() const noexcept { return m_signature_algorithm; }
    Bytes signature() const noexcept { return m_signature; }
    const Name& issuer() const noexcept { return m_issuer; }
    std::int64_t this_update() const noexcept { return m_this_update; }
    std::optional<std::int64_t> next_update() const noexcept { return m_next_update; }
    const CrlExtensions& extensions() const noexcept { return m_extensions; }
    std::optional<Bytes> authority_key_id() const noexcept { return m_extensions.authority_key_id; }

    std::size_t revoked_count() const noexcept { return m_revoked_count; }
    // The entry for `serial` (INTEGER contents, as Certificate::serial()), if the CRL lists it.
    std::optional<RevokedCertificate> find_revoked(Bytes serial) const;
    // Calls `visit` for each entry in order; stops early when it returns false.
    void for_each_revoked(const std::function<bool(const RevokedCertificate&)>& visit) const;

private:
    Crl() = default;

    std::shared_ptr<const std::vector<std::uint8_t>> m_der;
    Bytes m_tbs;
    int m_version = 1;
    SignatureAlgorithmId m_signature_algorithm;
    Bytes m_signature;
    Name m_issuer;
    std::int64_t m_this_update = 0;
    std::optional<std::int64_t> m_next_update;
    Bytes m_revoked;  // contents of revokedCertificates
    std::size_t m_revoked_count = 0;
    CrlExtensions m_extensions;
};

// Reads every CRL of a PEM bundle ("X509 CRL" blocks, RFC 7468 §6) or one DER CRL.
NXS_API Result<std::vector<Crl>> parse_crls(Bytes pem_or_der);

}  // namespace nxs::x509
