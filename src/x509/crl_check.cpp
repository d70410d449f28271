// CRL checking during path validation (RFC 5280 §6.3, simplified: complete CRLs from the certificate's issuer; no
// delta CRLs, no indirect CRLs, no distribution-point scoping).
#include "x509/der.h"
#include "x509/path_checks.h"

#include "nxs/x509/crl.h"

namespace nxs::x509::detail {

namespace {

Error crl_error(Status status, const Certificate& issuer, int depth, const std::string& what) {
    return Error(status, ErrorDetail{"CRL of " + describe(issuer, depth) + " " + what, "CRL", depth,
                                     issuer.subject().to_string()});
}

// One CRL from `issuer` about `cert`: the issuer may sign CRLs, the signature verifies, the CRL is current, and the
// serial number is not listed.
Result<void> check_one(const Crl& crl, const Certificate& cert, int depth, const Certificate& issuer, int issuer_depth,
                       std::int64_t time, const KeyLookup& key_of) {
    // RFC 5280 §6.3.3 (f) and §4.2.1.3: the CRL issuer's keyUsage, when present, asserts cRLSign.
    const auto& ku = issuer.extensions().key_usage;
    if (ku && (*ku & kCrlSign) == 0) {
        return crl_error(Status::kX509KeyUsageError, issuer, issuer_depth,
                         "is signed by a key whose keyUsage lacks cRLSign");
    }
    // RFC 5280 §5.2.3: conforming CRL issuers MUST include a non-critical cRLNumber; delta CRLs (§5.2.4) and
    // indirect CRLs (§5.2.5) are not supported.
    const auto& ext = crl.extensions();
    if (!ext.crl_number) {
        return crl_error(Status::kX509ChainVerifyFailure, issuer, issuer_depth, "has no cRLNumber (RFC 5280 §5.2.3)");
    }
    if (ext.crl_number_critical) {
        return crl_error(Status::kX509ChainVerifyFailure, issuer, issuer_depth,
                         "has a critical cRLNumber (RFC 5280 §5.2.3: MUST be non-critical)");
    }
    if (ext.delta_crl_indicator || (ext.issuing_distribution_point && ext.issuing_distribution_point->indirect_crl)) {
        return crl_error(Status::kX509ChainVerifyFailure, issuer, issuer_depth,
                         "is a delta or indirect CRL, which nxs does not support");
    }
    const auto& alg = crl.signature_algorithm();
    if (!alg.algorithm) {
        return crl_error(Status::kX509CrlSignatureCheckFailed, issuer, issuer_depth,
                         "is signed with an unsupported algorithm " + oid_to_string(alg.oid));
    }
    NXS_TRY_ASSIGN(const crypto::PublicKey* key, key_of(issuer, issuer_depth));
    if (!key->verify(*alg.algorithm, crl.tbs_der(), crl.signature()).ok()) {
        return crl_error(Status::kX509CrlSignatureCheckFailed, issuer, issuer_depth,
                         "has a signature that does not verify with the issuer's key");
    }
    // RFC 5280 §6.3.3 (a)(1), §5.1.2.4/5: thisUpdate <= time <= nextUpdate. An expired CRL cannot vouch that a
    // certificate is not revoked, so it fails the path rather than being ignored.
    if (time < crl.this_update()) {
        return crl_error(Status::kX509ChainVerifyFailure, issuer, issuer_depth, "is not valid yet (thisUpdate)");
    }
    const auto next = crl.next_update();
    if (next && time > *next) {
        return crl_error(Status::kX509ChainVerifyFailure, issuer, issuer_depth, "expired (nextUpdate)");
    }
    if (crl.find_revoked(cert.serial())) {
        return Error(Status::kX509CrlCertificateRevoked,
                     ErrorDetail{describe(cert, depth) + " is revoked by a CRL of " + issuer.subject().to_string(),
                                 "CRL", depth, cert.subject().to_string()});
    }
    return {};
}

}  // namespace

Result<void> check_crls(std::span<const Certificate* const> path, const VerifyOptions& options, std::int64_t time,
                        const KeyLookup& key_of) {
    bool any_used = false;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const Certificate& cert = *path[i];
        const Certificate& issuer = *path[i + 1];
        for (const auto& crl : options.crls) {
            // RFC 5280 §6.3.3 (b): the CRL issuer is the certificate's issuer (no indirect CRLs).
            if (!crl || !names_equal(crl->issuer(), issuer.subject())) {
                continue;
            }
            any_used = true;
            NXS_TRY(check_one(*crl, cert, static_cast<int>(i), issuer, static_cast<int>(i + 1), time, key_of));
        }
    }
    if (!any_used) {
        const Certificate& leaf = *path.front();
        return Error(Status::kX509CrlIssuerMismatch,
                     ErrorDetail{"no CRL given is from an issuer of the path (the leaf's issuer is " +
                                     leaf.issuer().to_string() + ")",
                                 "CRL", 0, leaf.subject().to_string()});
    }
    return {};
}
}  // namespace nxs::x509::detail
