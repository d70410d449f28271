// nxs::x509::Certificate — a parsed X.509 v1/v2/v3 certificate (RFC 5280 §4).
//
// Parsing is strict DER and checks every TBSCertificate field; any failure is one of the NX_SECURE_X509_* codes with a
// message naming the field. A Certificate owns its DER bytes (shared, so copies are cheap) and every field is a view
// into them: parsing allocates once for the whole certificate, never per field. Lists (names, SAN entries, EKU OIDs,
// policies) stay encoded and are walked with the for_each_* functions, which re-read already validated DER.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nxs/crypto/algorithms.h"
#include "nxs/export.h"
#include "nxs/result.h"

namespace nxs::x509 {

using Bytes = std::span<const std::uint8_t>;

// A DER Name (RFC 5280 §4.1.2.4), kept encoded.
struct Name {
    Bytes der;  // the whole Name SEQUENCE, tag and length included

    struct Attribute {
        Bytes type;              // OID contents
        std::uint8_t value_tag;  // PrintableString, UTF8String, ...
        Bytes value;             // the string's contents
        std::size_t rdn_index;   // attributes of one multi-valued RDN share an index
    };
    bool empty() const noexcept;  // an empty SEQUENCE
    // Calls `visit` for each attribute in order; stops early when it returns false.
    void for_each_attribute(const std::function<bool(const Attribute&)>& visit) const;
    // The first commonName's value, or empty.
    std::string_view common_name() const noexcept;
    // RFC 4514-style text, most significant RDN first as in openssl's -nameopt RFC2253 reversed order:
    // "CN=Example CA,O=Example" (the order of the DER, joined with commas).
    std::string to_string() const;
};

// RFC 5280 §7.1 comparison: same RDN sequence, attribute types equal, values compared after the RFC 4518
// preparation that RFC 5280 requires of conforming implementations (case folding and insignificant space handling
// for the directory string types; exact for others).
NXS_API bool names_equal(const Name& a, const Name& b);

// A GeneralName (RFC 5280 §4.2.1.6).
struct GeneralName {
    enum class Kind : std::uint8_t {
        kOtherName = 0,
        kRfc822Name = 1,
        kDnsName = 2,
        kX400Address = 3,
        kDirectoryName = 4,
        kEdiPartyName = 5,
        kUri = 6,
        kIpAddress = 7,
        kRegisteredId = 8,
    };
    Kind kind;
    Bytes value;  // IA5String contents for rfc822/dNS/URI, 4 or 16 (or 8/32 in name constraints) bytes for iPAddress,
                  // the Name SEQUENCE for directoryName, raw contents for the others
};

// A SEQUENCE OF GeneralName kept encoded.
struct GeneralNames {
    Bytes der;  // contents of the SEQUENCE (may be empty)
    // Added: true when `der` holds GeneralSubtrees (name constraints): for_each then visits each subtree's base.
    bool subtrees = false;
    void for_each(const std::function<bool(const GeneralName&)>& visit) const;
};

struct BasicConstraints {
    bool ca = false;
    std::optional<std::int64_t> path_length;
};

// keyUsage bits (RFC 5280 §4.2.1.3).
enum KeyUsageBit : std::uint16_t {
    kDigitalSignature = 1U << 0,
    kNonRepudiation = 1U << 1,
    kKeyEncipherment = 1U << 2,
    kDataEncipherment = 1U << 3,
    kKeyAgreement = 1U << 4,
    kKeyCertSign = 1U << 5,
    kCrlSign = 1U << 6,
    kEncipherOnly = 1U << 7,
    kDecipherOnly = 1U << 8,
};

struct NameConstraints {
    std::optional<GeneralNames> permitted;  // each GeneralSubtree's base, in order (minimum/maximum are checked
    std::optional<GeneralNames> excluded;   // at parse time: minimum 0 and no maximum, per RFC 5280 §4.2.1.10)
};

// The known extensions of a certificate. Each `optional` is set when the extension is present.
struct Extensions {
    std::optional<BasicConstraints> basic_constraints;
    bool basic_constraints_critical = false;
    std::optional<std::uint16_t> key_usage;   // KeyUsageBit flags
    std::optional<Bytes> extended_key_usage;  // SEQUENCE contents: OIDs
    std::optional<GeneralNames> subject_alt_name;
    bool subject_alt_name_critical = false;
    std::optional<GeneralNames> issuer_alt_name;
    std::optional<NameConstraints> name_constraints;
    std::optional<Bytes> authority_key_id;  // keyIdentifier [0], when present
    std::optional<Bytes> subject_key_id;
    std::optional<Bytes> crl_distribution_points;  // SEQUENCE contents
    std::optional<Bytes> authority_info_access;    // SEQUENCE contents
    std::optional<Bytes> certificate_policies;     // SEQUENCE contents
    std::optional<Bytes> policy_constraints;       // SEQUENCE contents
    std::optional<Bytes> inhibit_any_policy;       // INTEGER contents
    std::size_t count = 0;                         // all extensions, known or not

    // Added for validation (RFC 5280 puts MUSTs on the criticality of several extensions).
    bool key_usage_critical = false;
    bool extended_key_usage_critical = false;
    bool name_constraints_critical = false;
    bool authority_key_id_critical = false;
    bool subject_key_id_critical = false;
    bool certificate_policies_critical = false;
    bool policy_constraints_critical = false;
    bool authority_info_access_critical = false;
    // The authorityKeyIdentifier extension is present (with or without keyIdentifier), and which of its optional
    // fields it has: authorityCertIssuer [1] and authorityCertSerialNumber [2] (RFC 5280 §4.2.1.1).
    bool authority_key_id_present = false;
    bool authority_key_id_has_issuer_and_serial = false;
    std::optional<Bytes> policy_mappings;  // SEQUENCE contents (RFC 5280 §4.2.1.5)
};

// A signature algorithm as named in a certificate or CRL (RFC 5280 §4.1.1.2, RFC 4055, RFC 5758, RFC 8410).
struct SignatureAlgorithmId {
    Bytes oid;
    Bytes parameters;                                     // encoded parameters TLV, empty when absent
    std::optional<crypto::SignatureAlgorithm> algorithm;  // nullopt when nxs does not support it
};

// A SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
struct PublicKeyInfo {
    Bytes der;  // the whole SPKI SEQUENCE, what the crypto provider loads
    Bytes algorithm_oid;
    Bytes algorithm_parameters;
    Bytes key;                            // the subjectPublicKey BIT STRING's bytes
    std::optional<crypto::KeyType> type;  // nullopt when unsupported
    crypto::EcCurve curve = crypto::EcCurve::kNone;
    std::size_t bits = 0;  // added: RSA modulus bits, curve size, 256 (Ed25519) / 456 (Ed448); 0 when unsupported
};

class NXS_API Certificate {
public:
    // Parses one DER certificate; trailing bytes after it are an error (NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE).
    static Result<Certificate> parse(Bytes der);

    Bytes der() const noexcept { return {m_der->data(), m_der->size()}; }
    Bytes tbs_der() const noexcept { return m_tbs; }    // what the issuer signed
    int version() const noexcept { return m_version; }  // 1, 2 or 3
    Bytes serial() const noexcept { return m_serial; }  // INTEGER contents
    const SignatureAlgorithmId& signature_algorithm() const noexcept { return m_signature_algorithm; }
    Bytes signature() const noexcept { return m_signature; }  // the signatureValue BIT STRING's bytes
    const Name& issuer() const noexcept { return m_issuer; }
    const Name& subject() const noexcept { return m_subject; }
    std::int64_t not_before() const noexcept { return m_not_before; }  // seconds since 1970, UTC
    std::int64_t not_after() const noexcept { return m_not_after; }
    const PublicKeyInfo& public_key() const noexcept { return m_public_key; }
    const Extensions& extensions() const noexcept { return m_extensions; }
    Bytes extensions_der() const noexcept { return m_extensions_der; }  // contents of the Extensions SEQUENCE

    // Subject and issuer names are equal (RFC 5280 §7.1); a candidate for self-issued / self-signed.
    bool is_self_issued() const;
    bool is_ca() const noexcept { return m_extensions.basic_constraints && m_extensions.basic_constraints->ca; }

private:
    Certificate() = default;

    std::shared_ptr<const std::vector<std::uint8_t>> m_der;
    Bytes m_tbs;
    int m_version = 1;
    Bytes m_serial;
    SignatureAlgorithmId m_signature_algorithm;
    Bytes m_signature;
    Name m_issuer;
    Name m_subject;
    std::int64_t m_not_before = 0;
    std::int64_t m_not_after = 0;
    PublicKeyInfo m_public_key;
    Extensions m_extensions;
    Bytes m_extensions_der;
};

// Reads every certificate of a PEM bundle ("CERTIFICATE" blocks) or one DER certificate.
NXS_API Result<std::vector<Certificate>> parse_certificates(Bytes pem_or_der);

}  // namespace nxs::x509
