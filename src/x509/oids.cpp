#include "x509/oids.h"

namespace nxs::x509 {
namespace {

struct OidName {
    std::span<const std::uint8_t> oid;
    std::string_view name;
};

// Short names as OpenSSL and RFC 4514 print them, so `nxs x509 show` reads like `openssl x509 -text`.
constexpr OidName kNames[] = {
    {oid::kRsaEncryption, "rsaEncryption"},
    {oid::kMgf1, "mgf1"},
    {oid::kRsassaPss, "rsassaPss"},
    {oid::kSha1WithRsa, "sha1WithRSAEncryption"},
    {oid::kSha256WithRsa, "sha256WithRSAEncryption"},
    {oid::kSha384WithRsa, "sha384WithRSAEncryption"},
    {oid::kSha512WithRsa, "sha512WithRSAEncryption"},
    {oid::kEcPublicKey, "id-ecPublicKey"},
    {oid::kPrime256v1, "prime256v1"},
    {oid::kSecp384r1, "secp384r1"},
    {oid::kSecp521r1, "secp521r1"},
    {oid::kEcdsaWithSha1, "ecdsa-with-SHA1"},
    {oid::kEcdsaWithSha256, "ecdsa-with-SHA256"},
    {oid::kEcdsaWithSha384, "ecdsa-with-SHA384"},
    {oid::kEcdsaWithSha512, "ecdsa-with-SHA512"},
    {oid::kEd25519, "ED25519"},
    {oid::kEd448, "ED448"},
    {oid::kSha1, "sha1"},
    {oid::kSha256, "sha256"},
    {oid::kSha384, "sha384"},
    {oid::kSha512, "sha512"},
    {oid::kCommonName, "CN"},
    {oid::kSurname, "SN"},
    {oid::kSerialNumber, "serialNumber"},
    {oid::kCountryName, "C"},
    {oid::kLocalityName, "L"},
    {oid::kStateOrProvinceName, "ST"},
    {oid::kStreetAddress, "street"},
    {oid::kOrganizationName, "O"},
    {oid::kOrganizationalUnitName, "OU"},
    {oid::kTitle, "title"},
    {oid::kBusinessCategory, "businessCategory"},
    {oid::kPostalCode, "postalCode"},
    {oid::kGivenName, "GN"},
    {oid::kInitials, "initials"},
    {oid::kGenerationQualifier, "generationQualifier"},
    {oid::kDnQualifier, "dnQualifier"},
    {oid::kPseudonym, "pseudonym"},
    {oid::kOrganizationIdentifier, "organizationIdentifier"},
    {oid::kEmailAddress, "emailAddress"},
    {oid::kDomainComponent, "DC"},
    {oid::kUserId, "UID"},
    {oid::kSubjectKeyIdentifier, "subjectKeyIdentifier"},
    {oid::kKeyUsage, "keyUsage"},
    {oid::kSubjectAltName, "subjectAltName"},
    {oid::kIssuerAltName, "issuerAltName"},
    {oid::kBasicConstraints, "basicConstraints"},
    {oid::kCrlNumber, "cRLNumber"},
    {oid::kReasonCode, "reasonCode"},
    {oid::kInvalidityDate, "invalidityDate"},
    {oid::kDeltaCrlIndicator, "deltaCRLIndicator"},
    {oid::kIssuingDistributionPoint, "issuingDistributionPoint"},
    {oid::kCertificateIssuer, "certificateIssuer"},
    {oid::kNameConstraints, "nameConstraints"},
    {oid::kCrlDistributionPoints, "cRLDistributionPoints"},
    {oid::kCertificatePolicies, "certificatePolicies"},
    {oid::kPolicyMappings, "policyMappings"},
    {oid::kAuthorityKeyIdentifier, "authorityKeyIdentifier"},
    {oid::kPolicyConstraints, "policyConstraints"},
    {oid::kExtKeyUsage, "extendedKeyUsage"},
    {oid::kFreshestCrl, "freshestCRL"},
    {oid::kInhibitAnyPolicy, "inhibitAnyPolicy"},
    {oid::kAnyPolicy, "anyPolicy"},
    {oid::kAnyExtendedKeyUsage, "anyExtendedKeyUsage"},
    {oid::kAuthorityInfoAccess, "authorityInfoAccess"},
    {oid::kServerAuth, "serverAuth"},
    {oid::kClientAuth, "clientAuth"},
    {oid::kCodeSigning, "codeSigning"},
    {oid::kEmailProtection, "emailProtection"},
    {oid::kTimeStamping, "timeStamping"},
    {oid::kOcspSigning, "OCSPSigning"},
    {oid::kOcsp, "OCSP"},
    {oid::kCaIssuers, "caIssuers"},
};

}  // namespace

std::string_view oid_name(std::span<const std::uint8_t> oid) noexcept {
    for (const auto& entry : kNames) {
        if (std::equal(oid.begin(), oid.end(), entry.oid.begin(), entry.oid.end())) {
            return entry.name;
        }
    }
    return {};
}

}  // namespace nxs::x509
