// Checks of one certificate in a path (RFC 5280 §4.2 profile, §6.1.3, §6.1.4) and of one signature.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

#include "nxs/x509/hostname.h"
#include "x509/der.h"
#include "x509/oids.h"
#include "x509/path_checks.h"
#include "x509/time.h"

namespace nxs::x509::detail {
namespace {

std::string time_text(std::int64_t t) {
    return format_time(t);
}

bool eku_contains(const Certificate& cert, Purpose purpose, bool accept_any, bool& empty) {
    const auto& eku = cert.extensions().extended_key_usage;
    bool found = false;
    empty = true;
    DerReader reader(*eku);
    while (!reader.empty()) {
        auto oid = reader.read_oid();
        if (!oid.ok()) {
            return false;
        }
        empty = false;
        const bool wanted = (purpose == Purpose::kServerAuth && oid_equals(*oid, oid::kServerAuth)) ||
                            (purpose == Purpose::kClientAuth && oid_equals(*oid, oid::kClientAuth));
        const bool any = oid_equals(*oid, oid::kAnyExtendedKeyUsage);
        if (any && !accept_any) {
            return false;  // anyExtendedKeyUsage where it is refused fails even beside the wanted purpose
        }
        found = found || wanted || any;
    }
    return found;
}

const char* purpose_name(Purpose purpose) noexcept {
    return purpose == Purpose::kServerAuth ? "id-kp-serverAuth" : "id-kp-clientAuth";
}

// RSA modulus size in bits from the RSAPublicKey in the SPKI BIT STRING (RFC 8017 A.1.1); 0 if unreadable.
std::size_t rsa_modulus_bits(const PublicKeyInfo& key) {
    DerReader outer(key.key);
    auto seq = outer.enter(tag::kSequence);
    if (!seq.ok()) {
        return 0;
    }
    auto modulus = seq->read_integer();
    if (!modulus.ok()) {
        return 0;
    }
    Bytes m = *modulus;
    while (!m.empty() && m.front() == 0) {
        m = m.subspan(1);
    }
    if (m.empty()) {
        return 0;
    }
    std::size_t bits = (m.size() - 1) * 8;
    for (std::uint8_t top = m.front(); top != 0; top = static_cast<std::uint8_t>(top >> 1)) {
        ++bits;
    }
    return bits;
}

// TBSCertificate.signature (RFC 5280 §4.1.2.3) "MUST contain the same algorithm identifier as the
// signatureAlgorithm field in the sequence Certificate".
bool inner_algorithm_matches(const Certificate& cert) {
    DerReader outer(cert.tbs_der());
    auto tbs = outer.enter(tag::kSequence);
    if (!tbs.ok()) {
        return false;
    }
    if (tbs->next_is(tag::context_constructed(0))) {
        if (!tbs->read_any().ok()) {
            return false;
        }
    }
    if (!tbs->read_integer().ok()) {
        return false;
    }
    auto alg = tbs->enter(tag::kSequence);
    if (!alg.ok()) {
        return false;
    }
    auto oid = alg->read_oid();
    if (!oid.ok()) {
        return false;
    }
    Bytes params;
    if (!alg->empty()) {
        auto p = alg->read_any();
        if (!p.ok()) {
            return false;
        }
        params = p->encoded;
    }
    const auto& sa = cert.signature_algorithm();
    return std::equal(oid->begin(), oid->end(), sa.oid.begin(), sa.oid.end()) &&
           std::equal(params.begin(), params.end(), sa.parameters.begin(), sa.parameters.end());
}

struct Aki {
    std::optional<Bytes> key_id;
    bool has_issuer = false;
    bool has_serial = false;
    bool malformed = false;
};

Aki parse_aki(Bytes value) {
    Aki aki;
    DerReader outer(value);
    auto seq = outer.enter(tag::kSequence);
    if (!seq.ok()) {
        aki.malformed = true;
        return aki;
    }
    while (!seq->empty()) {
        auto element = seq->read_any();
        if (!element.ok()) {
            aki.malformed = true;
            return aki;
        }
        if (element->tag == tag::context(0)) {
            aki.key_id = element->value;
        } else if (element->tag == tag::context_constructed(1)) {
            aki.has_issuer = true;
        } else if (element->tag == tag::context(2)) {
            aki.has_serial = true;
        } else {
            aki.malformed = true;
        }
    }
    return aki;
}

bool bytes_equal(Bytes a, Bytes b) noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE { accessMethod OID, accessLocation GeneralName }
bool aia_well_formed(Bytes contents) {
    DerReader reader(contents);
    if (reader.empty()) {
        return false;
    }
    while (!reader.empty()) {
        auto ad = reader.enter(tag::kSequence);
        if (!ad.ok() || !ad->read_oid().ok()) {
            return false;
        }
        auto location = ad->read_any();
        if (!location.ok() || (location->tag & tag::kClassMask) != tag::kContextClass || !ad->empty()) {
            return false;
        }
        const auto kind = static_cast<std::uint8_t>(location->tag & 0x1F);
        if (kind == 6 && location->constructed()) {
            return false;
        }
    }
    return true;
}

// RFC 5952 §4 text of an IPv6 address (lower case, longest run of two or more zero groups as "::"), or dotted
// decimal for IPv4.
std::string canonical_ip_text(Bytes ip) {
    if (ip.size() == 4) {
        return std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." + std::to_string(ip[2]) + "." +
               std::to_string(ip[3]);
    }
    if (ip.size() != 16) {
        return {};
    }
    unsigned groups[8];
    for (std::size_t i = 0; i < 8; ++i) {
        groups[i] = (static_cast<unsigned>(ip[2 * i]) << 8) | ip[2 * i + 1];
    }
    std::size_t best_start = 8;
    std::size_t best_len = 1;
    for (std::size_t i = 0; i < 8;) {
        std::size_t j = i;
        while (j < 8 && groups[j] == 0) {
            ++j;
        }
        if (j - i > best_len) {
            best_start = i;
            best_len = j - i;
        }
        i = j == i ? i + 1 : j;
    }
    std::string out;
    char buf[8];
    for (std::size_t i = 0; i < 8; ++i) {
        if (i == best_start) {
            out += "::";
            i += best_len - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') {
            out += ':';
        }
        std::snprintf(buf, sizeof buf, "%x", groups[i]);
        out += buf;
    }
    return out;
}

// inet_aton()'s forms: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last part fills the rest.
std::optional<std::array<std::uint8_t, 4>> lenient_ipv4(std::string_view text) {
    std::uint64_t parts[4];
    std::size_t count = 0;
    while (true) {
        if (count == 4 || text.empty()) {
            return std::nullopt;
        }
        unsigned base = 10;
        if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
            base = 16;
            text.remove_prefix(2);
        } else if (text.size() > 1 && text[0] == '0') {
            base = 8;
        }
        std::uint64_t value = 0;
        std::size_t digits = 0;
        while (!text.empty() && text.front() != '.') {
            const char c = text.front();
            unsigned d = 99;
            if (c >= '0' && c <= '9') {
                d = static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                d = static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                d = static_cast<unsigned>(c - 'A' + 10);
            }
            if (d >= base || value > 0xFFFFFFFFULL) {
                return std::nullopt;
            }
            value = value * base + d;
            ++digits;
            text.remove_prefix(1);
        }
        if (digits == 0) {
            return std::nullopt;
        }
        parts[count++] = value;  // NOLINT: count < 4
        if (text.empty()) {
            break;
        }
        text.remove_prefix(1);
    }
    std::uint64_t address = 0;
    for (std::size_t i = 0; i + 1 < count; ++i) {
        if (parts[i] > 255) {  // NOLINT
            return std::nullopt;
        }
        address |= parts[i] << (8 * (3 - i));  // NOLINT
    }
    const std::uint64_t last = parts[count - 1];  // NOLINT
    if (last >= (std::uint64_t{1} << (8 * (5 - count)))) {
        return std::nullopt;
    }
    address |= last;
    return std::array<std::uint8_t, 4>{static_cast<std::uint8_t>(address >> 24),
                                       static_cast<std::uint8_t>(address >> 16),
                                       static_cast<std::uint8_t>(address >> 8), static_cast<std::uint8_t>(address)};
}

bool ascii_iequal(Bytes a, Bytes b) noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](std::uint8_t x, std::uint8_t y) {
        const auto lx = (x >= 'A' && x <= 'Z') ? x + 32 : x;
        const auto ly = (y >= 'A' && y <= 'Z') ? y + 32 : y;
        return lx == ly;
    });
}

// CA/B BR §7.1.4.3: a server certificate's commonName is a byte-for-byte copy of a dNSName SAN or the RFC 5952 text
// of an iPAddress SAN. nxs refuses the CNs that spell a SAN differently — other case, a non-canonical IP text
// (hex, octal, leading zeros, upper-case or uncompressed IPv6), a non-ASCII U-label beside A-label SANs — because
// validators that still read the CN would then disagree about the certificate's identity. A CN naming something
// unrelated to every SAN is left alone (nxs never reads the CN for identity unless legacy_cn_fallback is set).
Result<void> check_common_name_in_san(const Certificate& cert, int depth) {
    Result<void> result;
    cert.subject().for_each_attribute([&](const Name::Attribute& attr) {
        if (!oid_equals(attr.type, oid::kCommonName)) {
            return true;
        }
        const std::string_view cn(reinterpret_cast<const char*>(attr.value.data()),  // NOLINT: bytes as text
                                  attr.value.size());
        const bool ascii = std::all_of(attr.value.begin(), attr.value.end(), [](std::uint8_t b) { return b < 0x80; });
        const auto ip6 = cn.find(':') != std::string_view::npos ? parse_ip_address(cn) : std::nullopt;
        const auto ip4 = cn.find(':') == std::string_view::npos ? lenient_ipv4(cn) : std::nullopt;
        bool exact = false;
        bool respelled = false;
        bool any_dns = false;
        cert.extensions().subject_alt_name->for_each([&](const GeneralName& name) {
            if (name.kind == GeneralName::Kind::kDnsName) {
                any_dns = true;
                exact = bytes_equal(name.value, attr.value);
                respelled = respelled || ascii_iequal(name.value, attr.value);
            } else if (name.kind == GeneralName::Kind::kIpAddress) {
                exact = canonical_ip_text(name.value) == cn;
                respelled = respelled || (ip4 && bytes_equal(name.value, Bytes(ip4->data(), 4))) ||
                            (ip6 && bytes_equal(name.value, ip6->view()));
            }
            return !exact;
        });
        if (!exact && (respelled || (!ascii && any_dns))) {
            result = cert_error(Status::kX509CertificateDnsMismatch, cert, depth, "commonName",
                                "has a commonName '" + std::string(cn) +
                                    "' that spells a subjectAltName differently (CA/B BR §7.1.4.3: a byte-for-byte "
                                    "copy is required)");
            return false;
        }
        return true;
    });
    return result;
}

}  // namespace

std::string_view bytes_text(Bytes b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};  // NOLINT: byte strings shown as text
}

std::optional<ExtensionRef> find_extension(const Certificate& cert, std::span<const std::uint8_t> wanted) {
    DerReader reader(cert.extensions_der());
    while (!reader.empty()) {
        auto ext = reader.enter(tag::kSequence);
        if (!ext.ok()) {
            return std::nullopt;
        }
        auto oid = ext->read_oid();
        if (!oid.ok()) {
            return std::nullopt;
        }
        bool critical = false;
        if (ext->next_is(tag::kBoolean)) {
            auto b = ext->read_boolean();
            critical = b.ok() && *b;
        }
        auto value = ext->read_octet_string();
        if (!value.ok()) {
            return std::nullopt;
        }
        if (bytes_equal(*oid, wanted)) {
            return ExtensionRef{critical, *value};
        }
    }
    return std::nullopt;
}

std::string describe(const Certificate& cert, int depth) {
    const std::string subject = cert.subject().to_string();
    return "certificate at depth " + std::to_string(depth) + " (" + (subject.empty() ? "empty subject" : subject) + ")";
}

Error cert_error(Status status, const Certificate& cert, int depth, std::string check, const std::string& what) {
    return Error(status,
                 ErrorDetail{describe(cert, depth) + " " + what, std::move(check), depth, cert.subject().to_string()});
}

Result<void> check_certificate(const Certificate& cert, int depth, Role role, bool is_issuer,
                               const VerifyOptions& options, std::int64_t time) {
    const auto fail = [&](Status status, const char* check, const std::string& what) {
        return cert_error(status, cert, depth, check, what);
    };
    const auto& ext = cert.extensions();

    // RFC 5280 §6.1.3 (a)(2): the validity period includes `time`; both bounds are inclusive (§4.1.2.5).
    if (time < cert.not_before()) {
        return fail(Status::kX509CertificateNotYetValid, "validity",
                    "is not valid before " + time_text(cert.not_before()) + " (checked at " + time_text(time) + ")");
    }
    if (time > cert.not_after()) {
        return fail(Status::kX509CertificateExpired, "validity",
                    "expired at " + time_text(cert.not_after()) + " (checked at " + time_text(time) + ")");
    }

    // Names (RFC 5280 §4.1.2.4: the issuer MUST be non-empty; §4.1.2.6: a CA's subject MUST be non-empty).
    if (cert.issuer().empty()) {
        return fail(Status::kX509InvalidCertificateData, "issuer", "has an empty issuer name");
    }
    if (cert.subject().empty() && (cert.is_ca() || is_issuer)) {
        return fail(Status::kX509InvalidCertificateData, "subject", "is a CA with an empty subject name");
    }
    // RFC 5280 §4.1.2.2: serial numbers are positive and at most 20 octets. Anchors are exempt (a name and a key).
    if (role != Role::kAnchor) {
        const Bytes serial = cert.serial();
        bool zero = true;
        for (const std::uint8_t b : serial) {
            zero = zero && b == 0;
        }
        if (serial.empty() || (serial.front() & 0x80) != 0 || zero || serial.size() > 21 ||
            (serial.size() == 21 && serial.front() != 0)) {
            return fail(Status::kX509InvalidCertificateData, "serialNumber",
                        "has a serial number that is not a positive integer of at most 20 octets");
        }
    }
    if (!inner_algorithm_matches(cert)) {
        return fail(Status::kX509WrongSignatureMethod, "signatureAlgorithm",
                    "names a different algorithm in signatureAlgorithm than in TBSCertificate.signature");
    }

    // Extensions the profile requires or forbids (RFC 5280 §4.2.1.x, CA/B Forum BR §7.1.2).
    const auto aki_ext = find_extension(cert, oid::kAuthorityKeyIdentifier);
    const auto ski_ext = find_extension(cert, oid::kSubjectKeyIdentifier);
    const bool self_issued = cert.is_self_issued();
    if (aki_ext) {
        if (aki_ext->critical) {
            return fail(Status::kX509InvalidExtensionSequence, "authorityKeyIdentifier",
                        "has a critical authorityKeyIdentifier (RFC 5280 §4.2.1.1: MUST be non-critical)");
        }
        const Aki aki = parse_aki(aki_ext->value);
        if (aki.malformed || !aki.key_id) {
            return fail(Status::kX509InvalidExtensionSequence, "authorityKeyIdentifier",
                        "has an authorityKeyIdentifier without keyIdentifier");
        }
        if (aki.has_issuer || aki.has_serial) {
            return fail(Status::kX509InvalidExtensionSequence, "authorityKeyIdentifier",
                        "has authorityCertIssuer/authorityCertSerialNumber in authorityKeyIdentifier (CA/B BR "
                        "§7.1.2: MUST NOT be present)");
        }
        if (self_issued && ext.subject_key_id && bytes_equal(cert.issuer().der, cert.subject().der) &&
            role == Role::kAnchor && !bytes_equal(*aki.key_id, *ext.subject_key_id)) {
            return fail(Status::kX509InvalidExtensionSequence, "authorityKeyIdentifier",
                        "is self-signed but its authorityKeyIdentifier differs from its subjectKeyIdentifier");
        }
    } else if (!self_issued && role != Role::kAnchor) {
        return fail(Status::kX509InvalidExtensionSequence, "authorityKeyIdentifier",
                    "has no authorityKeyIdentifier (RFC 5280 §4.2.1.1: MUST be present unless self-signed)");
    }
    if (ski_ext && ski_ext->critical) {
        return fail(Status::kX509InvalidExtensionSequence, "subjectKeyIdentifier",
                    "has a critical subjectKeyIdentifier (RFC 5280 §4.2.1.2: MUST be non-critical)");
    }
    if (cert.is_ca() && !ski_ext) {
        return fail(Status::kX509InvalidExtensionSequence, "subjectKeyIdentifier",
                    "is a CA without subjectKeyIdentifier (RFC 5280 §4.2.1.2: MUST be present)");
    }
    if (const auto aia = find_extension(cert, oid::kAuthorityInfoAccess)) {
        if (aia->critical) {
            return fail(Status::kX509InvalidExtensionSequence, "authorityInfoAccess",
                        "has a critical authorityInfoAccess (RFC 5280 §4.2.2.1: MUST be non-critical)");
        }
        DerReader reader(aia->value);
        auto contents = reader.read(tag::kSequence);
        if (!contents.ok() || !reader.empty() || !aia_well_formed(contents->value)) {
            return fail(Status::kX509InvalidExtensionSequence, "authorityInfoAccess",
                        "has a malformed authorityInfoAccess");
        }
    }
    if (const auto pc = find_extension(cert, oid::kPolicyConstraints); pc && !pc->critical) {
        return fail(Status::kX509InvalidExtensionSequence, "policyConstraints",
                    "has a non-critical policyConstraints (RFC 5280 §4.2.1.11: MUST be critical)");
    }
    // RFC 5280 §4.2.1.6: an empty subject needs a critical subjectAltName; the web PKI (CA/B BR §7.1.2.7.12) wants
    // it non-critical when the subject is not empty.
    if (cert.subject().empty() && (!ext.subject_alt_name || !ext.subject_alt_name_critical)) {
        return fail(Status::kX509InvalidExtensionSequence, "subjectAltName",
                    "has an empty subject and no critical subjectAltName (RFC 5280 §4.2.1.6)");
    }
    if (role == Role::kLeaf && !cert.subject().empty() && ext.subject_alt_name && ext.subject_alt_name_critical) {
        return fail(Status::kX509InvalidExtensionSequence, "subjectAltName",
                    "has a critical subjectAltName with a non-empty subject (CA/B BR §7.1.2.7.12)");
    }

    // CA/B BR §7.1.4.3: a server certificate's commonName, when present, is a byte-for-byte copy of one of its
    // dNSName SANs or the text form of one of its iPAddress SANs (so no validator can be fooled by the CN).
    if (role == Role::kLeaf && options.purpose == Purpose::kServerAuth && options.strict_leaf_common_name &&
        ext.subject_alt_name) {
        NXS_TRY(check_common_name_in_san(cert, depth));
    }

    // basicConstraints and keyUsage consistency (RFC 5280 §4.2.1.3, §4.2.1.9).
    const bool ca = cert.is_ca();
    const auto ku = ext.key_usage;
    if (ku && (*ku & kKeyCertSign) != 0 && !ca) {
        return fail(Status::kX509KeyUsageError, "keyUsage",
                    "asserts keyCertSign but basicConstraints cA is not TRUE (RFC 5280 §4.2.1.9)");
    }
    if (ca && ku && (*ku & kKeyCertSign) == 0) {
        return fail(Status::kX509KeyUsageError, "keyUsage",
                    "has basicConstraints cA TRUE but keyUsage without keyCertSign");
    }
    if (ext.basic_constraints && ext.basic_constraints->path_length && !ca) {
        return fail(Status::kX509KeyUsageError, "basicConstraints",
                    "has a pathLenConstraint without cA TRUE (RFC 5280 §4.2.1.9)");
    }
    if (is_issuer) {
        // RFC 5280 §6.1.4 (k): the issuer's basicConstraints must be present with cA TRUE.
        if (!ext.basic_constraints) {
            return fail(Status::kX509ChainVerifyFailure, "basicConstraints",
                        "is not a CA: it has no basicConstraints extension");
        }
        if (!ca) {
            return fail(Status::kX509ChainVerifyFailure, "basicConstraints",
                        "is not a CA: basicConstraints cA is false");
        }
        // RFC 5280 §4.2.1.9: CA certificates MUST mark basicConstraints critical (x509-limbo expects this on roots).
        if (!ext.basic_constraints_critical) {
            return fail(Status::kX509ChainVerifyFailure, "basicConstraints",
                        "is a CA with a non-critical basicConstraints (RFC 5280 §4.2.1.9: MUST be critical)");
        }
        // RFC 5280 §6.1.4 (n).
        if (ku && (*ku & kKeyCertSign) == 0) {
            return fail(Status::kX509KeyUsageError, "keyUsage", "cannot sign certificates: keyUsage lacks keyCertSign");
        }
    }
    NXS_TRY(check_name_constraints_syntax(cert, depth));

    // Public key.
    const auto& key = cert.public_key();
    if (!key.type) {
        return fail(Status::kTlsUnsupportedPublicCipher, "subjectPublicKeyInfo",
                    "has a public key of a type or curve nxs does not support (algorithm " +
                        oid_to_string(key.algorithm_oid) + ")");
    }
    if (*key.type == crypto::KeyType::kRsa || *key.type == crypto::KeyType::kRsaPss) {
        const std::size_t bits = rsa_modulus_bits(key);
        if (bits < options.min_rsa_bits || bits % 8 != 0) {
            return fail(Status::kX509InvalidPublicKey, "subjectPublicKeyInfo",
                        "has a " + std::to_string(bits) + "-bit RSA key (at least " +
                            std::to_string(options.min_rsa_bits) + " bits, a whole number of bytes, required)");
        }
    }

    // extendedKeyUsage (RFC 5280 §4.2.1.12) for the purpose.
    if (ext.extended_key_usage && options.purpose != Purpose::kAny) {
        bool empty = true;
        const bool leaf = role == Role::kLeaf;
        const bool ok = eku_contains(cert, options.purpose, !leaf || options.accept_any_eku_on_leaf, empty);
        if (empty) {
            return fail(Status::kX509ExtKeyUsageNotFound, "extendedKeyUsage",
                        "has an empty extendedKeyUsage (RFC 5280 §4.2.1.12: one or more purposes)");
        }
        if (!ok) {
            return fail(
                Status::kX509ExtKeyUsageNotFound, "extendedKeyUsage",
                std::string("does not allow ") + purpose_name(options.purpose) + " in extendedKeyUsage" +
                    (leaf && !options.accept_any_eku_on_leaf ? " (anyExtendedKeyUsage is refused on a leaf)" : ""));
        }
        // CA/B BR §7.1.2.1.2: a root certificate MUST NOT carry extendedKeyUsage.
        if (role == Role::kAnchor && self_issued) {
            return fail(Status::kX509ExtKeyUsageNotFound, "extendedKeyUsage",
                        "is a self-signed trust anchor with an extendedKeyUsage (CA/B BR §7.1.2.1.2)");
        }
        if (leaf) {
            const auto eku_ext = find_extension(cert, oid::kExtKeyUsage);
            if (eku_ext && eku_ext->critical) {
                return fail(Status::kX509ExtKeyUsageNotFound, "extendedKeyUsage",
                            "has a critical extendedKeyUsage (CA/B BR §7.1.2.7.6: MUST be non-critical)");
            }
        }
    }

    // The leaf's keyUsage for the purpose.
    if (role == Role::kLeaf && ku) {
        std::uint16_t any_of = 0;
        const char* needed = "";
        if (options.purpose == Purpose::kServerAuth) {
            any_of = kDigitalSignature | kKeyEncipherment | kKeyAgreement;
            needed = "digitalSignature, keyEncipherment or keyAgreement";
        } else if (options.purpose == Purpose::kClientAuth) {
            any_of = kDigitalSignature | kKeyAgreement;
            needed = "digitalSignature or keyAgreement";
        }
        if (any_of != 0 && (*ku & any_of) == 0) {
            return fail(Status::kX509KeyUsageError, "keyUsage",
                        std::string("has a keyUsage without ") + needed + " for " + purpose_name(options.purpose));
        }
        if ((*ku & options.required_leaf_key_usage) != options.required_leaf_key_usage) {
            return fail(Status::kX509KeyUsageError, "keyUsage", "lacks a keyUsage bit the verifier requires");
        }
    }
    return {};
}

Result<void> check_signature(const crypto::Provider& /*provider*/, const Certificate& cert, int depth,
                             const crypto::PublicKey& issuer_key, const Certificate& issuer) {
    const auto& alg = cert.signature_algorithm();
    if (!alg.algorithm) {
        return cert_error(Status::kTlsUnknownCertSigAlgorithm, cert, depth, "signatureAlgorithm",
                          "is signed with an unsupported algorithm " + oid_to_string(alg.oid));
    }
    using crypto::KeyType;
    using crypto::SignatureKind;
    const KeyType type = issuer_key.type();
    bool fits = false;
    switch (alg.algorithm->kind) {
        case SignatureKind::kRsaPkcs1:
            fits = type == KeyType::kRsa;
            break;
        case SignatureKind::kRsaPss:
            fits = type == KeyType::kRsa || type == KeyType::kRsaPss;
            break;
        case SignatureKind::kEcdsa:
            fits = type == KeyType::kEc;
            break;
        case SignatureKind::kEd25519:
            fits = type == KeyType::kEd25519;
            break;
        case SignatureKind::kEd448:
            fits = type == KeyType::kEd448;
            break;
    }
    if (!fits) {
        return cert_error(Status::kX509WrongSignatureMethod, cert, depth, "signatureAlgorithm",
                          "is signed with " + oid_to_string(alg.oid) + " but its issuer " +
                              issuer.subject().to_string() + " has a " + std::string(crypto::key_type_name(type)) +
                              " key");
    }
    auto verified = issuer_key.verify(*alg.algorithm, cert.tbs_der(), cert.signature());
    if (!verified.ok()) {
        if (verified.status() == Status::kX509WrongSignatureMethod) {
            return cert_error(Status::kX509WrongSignatureMethod, cert, depth, "signature",
                              "has a signature algorithm that does not fit the key of " + issuer.subject().to_string());
        }
        return cert_error(Status::kTlsCertificateSigCheckFailed, cert, depth, "signature",
                          "has a signature that does not verify with the key of " + issuer.subject().to_string());
    }
    return {};
}

}  // namespace nxs::x509::detail
