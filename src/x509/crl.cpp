// CRL parsing (RFC 5280 §5.1): CertificateList, TBSCertList, revoked entries, CRL and entry extensions.
#include "nxs/x509/crl.h"

#include "nxs/x509/pem.h"
#include "x509/algorithm_id.h"
#include "x509/der.h"
#include "x509/extensions.h"
#include "x509/general_names.h"
#include "x509/name.h"
#include "x509/oids.h"
#include "x509/time.h"

namespace nxs::x509 {
namespace {

std::string at(std::size_t offset) {
    return " at offset " + std::to_string(offset);
}

// A non-negative INTEGER's contents (cRLNumber, BaseCRLNumber: INTEGER (0..MAX), RFC 5280 §5.2.3, §5.2.4).
Result<Bytes> non_negative_integer(const ExtensionView& extension) {
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kInteger));
    NXS_TRY(check_integer_encoding(element.value, element.offset));
    if ((element.value[0] & 0x80) != 0) {
        return malformed_extension("negative CRL number", element.offset);
    }
    // "CRL issuers MUST NOT use CRLNumber values longer than 20 octets" (§5.2.3); 21 with a leading zero.
    if (element.value.size() > 21 || (element.value.size() == 21 && element.value[0] != 0)) {
        return malformed_extension("CRL number longer than 20 octets", element.offset);
    }
    return element.value;
}

// A [n] IMPLICIT BOOLEAN DEFAULT FALSE of IssuingDistributionPoint: present means TRUE (DER omits FALSE).
Result<bool> read_flag(DerReader& reader, std::uint8_t number) {
    NXS_TRY_ASSIGN(const auto field, reader.read_optional(tag::context(number)));
    if (!field) {
        return false;
    }
    if (field->value.size() != 1 || field->value[0] != 0xFF) {
        return malformed_extension("issuingDistributionPoint flag not encoded as DER TRUE", field->offset);
    }
    return true;
}

Result<IssuingDistributionPoint> parse_issuing_distribution_point(const ExtensionView& extension) {
    // RFC 5280 §5.2.5: IssuingDistributionPoint ::= SEQUENCE {
    //     distributionPoint [0] DistributionPointName OPTIONAL, onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE,
    //     onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE, onlySomeReasons [3] ReasonFlags OPTIONAL,
    //     indirectCRL [4] BOOLEAN DEFAULT FALSE, onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
    // "Conforming CRLs issuers MUST NOT issue CRLs where the DER encoding of the issuing distribution point
    // extension is an empty sequence", and at most one of the only* flags is TRUE.
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    if (element.value.empty()) {
        return malformed_extension("empty issuingDistributionPoint", element.offset);
    }
    IssuingDistributionPoint idp;
    idp.der = element.encoded;
    idp.critical = extension.critical;
    DerReader reader = contents_reader(element);
    NXS_TRY_ASSIGN(const auto name, reader.read_optional(tag::context_constructed(0)));
    if (name) {
        DerReader inner = contents_reader(*name);
        NXS_TRY_ASSIGN(const auto choice, inner.read_any());
        NXS_TRY(inner.expect_end("distributionPoint"));
        NXS_TRY(check_distribution_point_name(choice));
        idp.distribution_point = choice.encoded;
    }
    NXS_TRY_ASSIGN(idp.only_contains_user_certs, read_flag(reader, 1));
    NXS_TRY_ASSIGN(idp.only_contains_ca_certs, read_flag(reader, 2));
    NXS_TRY_ASSIGN(const auto reasons, reader.read_optional(tag::context(3)));
    idp.only_some_reasons = reasons.has_value();
    NXS_TRY_ASSIGN(idp.indirect_crl, read_flag(reader, 4));
    NXS_TRY_ASSIGN(idp.only_contains_attribute_certs, read_flag(reader, 5));
    NXS_TRY(reader.expect_end("IssuingDistributionPoint"));
    const int only =
        int{idp.only_contains_user_certs} + int{idp.only_contains_ca_certs} + int{idp.only_contains_attribute_certs};
    if (only > 1) {
        return malformed_extension("issuingDistributionPoint asserts more than one only* flag", element.offset);
    }
    return idp;
}

Result<void> parse_crl_extension(const ExtensionView& extension, CrlExtensions& out) {
    ++out.count;
    if (oid_equals(extension.oid, oid::kAuthorityKeyIdentifier)) {
        Extensions aki;
        NXS_TRY(parse_authority_key_identifier(extension, aki));
        out.authority_key_id = aki.authority_key_id;
        out.authority_key_id_present = true;
        return {};
    }
    if (oid_equals(extension.oid, oid::kCrlNumber)) {
        NXS_TRY_ASSIGN(out.crl_number, non_negative_integer(extension));
        out.crl_number_critical = extension.critical;  // RFC 5280 §5.2.3 says non-critical; the validator decides
        return {};
    }
    if (oid_equals(extension.oid, oid::kDeltaCrlIndicator)) {
        NXS_TRY_ASSIGN(out.delta_crl_indicator, non_negative_integer(extension));
        return {};
    }
    if (oid_equals(extension.oid, oid::kIssuingDistributionPoint)) {
        NXS_TRY_ASSIGN(out.issuing_distribution_point, parse_issuing_distribution_point(extension));
        return {};
    }
    if (oid_equals(extension.oid, oid::kIssuerAltName)) {
        NXS_TRY_ASSIGN(const auto names, extension_single_value(extension, tag::kSequence));
        NXS_TRY(parse_general_names(names));
        return {};
    }
    // RFC 5280 §5.2: "If a CRL contains a critical extension that the application cannot process, then the
    // application MUST NOT use that CRL to determine the status of certificates."
    if (extension.critical) {
        return Error(Status::kX509InvalidExtensionSequence, "unknown critical CRL " + describe_extension(extension));
    }
    return {};
}

Result<void> parse_entry_extension(const ExtensionView& extension, RevokedCertificate& entry) {
    if (oid_equals(extension.oid, oid::kReasonCode)) {
        // RFC 5280 §5.3.1: CRLReason ::= ENUMERATED { 0..10 }, 7 unused.
        NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kEnumerated));
        if (element.value.size() != 1 || element.value[0] > 10 || element.value[0] == 7) {
            return malformed_extension("invalid CRL reasonCode", element.offset);
        }
        entry.reason = static_cast<CrlReason>(element.value[0]);
        return {};
    }
    if (oid_equals(extension.oid, oid::kInvalidityDate)) {
        // RFC 5280 §5.3.2: InvalidityDate ::= GeneralizedTime.
        NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kGeneralizedTime));
        NXS_TRY_ASSIGN(entry.invalidity_date, parse_time(element));
        return {};
    }
    if (oid_equals(extension.oid, oid::kCertificateIssuer)) {
        // RFC 5280 §5.3.3: CertificateIssuer ::= GeneralNames.
        NXS_TRY_ASSIGN(const auto names, extension_single_value(extension, tag::kSequence));
        NXS_TRY(parse_general_names(names));
        entry.has_certificate_issuer = true;
        return {};
    }
    if (extension.critical) {
        return Error(Status::kX509InvalidExtensionSequence,
                     "unknown critical CRL entry " + describe_extension(extension));
    }
    return {};
}

// Walks an Extensions SEQUENCE with `parse` for each extension, naming the extension in any error.
template <typename Target, typename Parse>
Result<void> parse_extensions(const Element& sequence, Target& target, Parse parse) {
    if (sequence.value.empty()) {
        return Error(Status::kX509InvalidExtensions, "empty Extensions SEQUENCE" + at(sequence.offset));
    }
    return for_each_extension(sequence, [&](const ExtensionView& extension) -> Result<void> {
        auto parsed = parse(extension, target);
        if (!parsed.ok() && parsed.status() != Status::kX509InvalidExtensionSequence) {
            return extension_error(extension, parsed.error());
        }
        return parsed;
    });
}

// revokedCertificates SEQUENCE OF SEQUENCE { userCertificate CertificateSerialNumber, revocationDate Time,
//     crlEntryExtensions Extensions OPTIONAL -- if present, version MUST be v2 }
Result<RevokedCertificate> read_entry(DerReader& list, int version) {
    NXS_TRY_ASSIGN(auto entry_reader, list.enter(tag::kSequence));
    RevokedCertificate entry;
    NXS_TRY_ASSIGN(entry.serial, entry_reader.read_integer());
    NXS_TRY_ASSIGN(const auto date, entry_reader.read_any());
    NXS_TRY_ASSIGN(entry.revocation_date, parse_time(date));
    NXS_TRY_ASSIGN(const auto extensions, entry_reader.read_optional(tag::kSequence));
    NXS_TRY(entry_reader.expect_end("a revoked certificate entry"));
    if (extensions) {
        if (version < 2) {
            return Error(Status::kX509InvalidVersion, "CRL entry extensions in a v1 CRL" + at(extensions->offset));
        }
        entry.extensions_der = extensions->value;
        NXS_TRY(parse_extensions(*extensions, entry, parse_entry_extension));
    }
    return entry;
}

}  // namespace

Result<Crl> Crl::parse(Bytes der) {
    Crl crl;
    crl.m_der = std::make_shared<const std::vector<std::uint8_t>>(der.begin(), der.end());
    const Bytes input(crl.m_der->data(), crl.m_der->size());

    // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280 §5.1)
    DerReader top(input);
    if (!top.next_is(tag::kSequence)) {
        return Error(Status::kX509InvalidCertificateSequence, "not a CRL: the input does not start with a SEQUENCE");
    }
    NXS_TRY_ASSIGN(const auto list, top.read_any());
    if (!top.empty()) {
        return Error(Status::kX509InvalidCertificateSequence, "data after the CRL" + at(top.offset()));
    }
    DerReader outer = contents_reader(list);
    NXS_TRY_ASSIGN(const auto tbs_element, outer.read(tag::kSequence));
    if (!outer.next_is(tag::kSequence)) {
        return Error(Status::kX509MissingSignatureAlgorithm, "CRL without signatureAlgorithm" + at(outer.offset()));
    }
    NXS_TRY_ASSIGN(const auto outer_algorithm, outer.read(tag::kSequence));
    const std::size_t signature_offset = outer.offset();
    NXS_TRY_ASSIGN(const BitString signature, outer.read_bit_string());
    if (signature.unused_bits != 0) {
        return Error(Status::kX509FoundNonZeroPadding, "CRL signatureValue has unused bits" + at(signature_offset));
    }
    NXS_TRY(outer.expect_end("CertificateList"));
    NXS_TRY_ASSIGN(crl.m_signature_algorithm, parse_signature_algorithm(outer_algorithm));
    crl.m_signature = signature.bytes;
    crl.m_tbs = tbs_element.encoded;

    // TBSCertList ::= SEQUENCE { version Version OPTIONAL -- if present, MUST be v2, signature, issuer,
    //     thisUpdate, nextUpdate OPTIONAL, revokedCertificates OPTIONAL, crlExtensions [0] EXPLICIT OPTIONAL }
    DerReader tbs = contents_reader(tbs_element);
    if (tbs.next_is(tag::kInteger)) {
        const std::size_t offset = tbs.offset();
        NXS_TRY_ASSIGN(const Bytes version, tbs.read_integer());
        if (version.size() != 1 || version[0] != 1) {
            return Error(Status::kX509InvalidVersion, "CRL version is not v2" + at(offset));
        }
        crl.m_version = 2;
    }
    if (!tbs.next_is(tag::kSequence)) {
        return Error(Status::kX509MissingSignatureAlgorithm,
                     "TBSCertList without its signature "
                     "AlgorithmIdentifier" +
                         at(tbs.offset()));
    }
    NXS_TRY_ASSIGN(const auto inner_algorithm, tbs.read(tag::kSequence));
    // RFC 5280 §5.1.1.2: signatureAlgorithm "MUST contain the same algorithm identifier as the signature field in
    // the sequence tbsCertList".
    if (!std::equal(inner_algorithm.encoded.begin(), inner_algorithm.encoded.end(), outer_algorithm.encoded.begin(),
                    outer_algorithm.encoded.end())) {
        return Error(
            Status::kX509WrongSignatureMethod,
            "TBSCertList signature algorithm differs from the CRL's signatureAlgorithm" + at(inner_algorithm.offset));
    }
    NXS_TRY_ASSIGN(const auto issuer, tbs.read_any());
    NXS_TRY_ASSIGN(crl.m_issuer, parse_name(issuer, "CRL issuer"));
    NXS_TRY_ASSIGN(const auto this_update, tbs.read_any());
    NXS_TRY_ASSIGN(crl.m_this_update, parse_time(this_update));
    if (tbs.next_is(tag::kUtcTime) || tbs.next_is(tag::kGeneralizedTime)) {
        NXS_TRY_ASSIGN(const auto next_update, tbs.read_any());
        NXS_TRY_ASSIGN(crl.m_next_update, parse_time(next_update));
    }
    NXS_TRY_ASSIGN(const auto revoked, tbs.read_optional(tag::kSequence));
    if (revoked) {
        // An empty list breaks §5.1.2.6 ("MUST be absent") but is harmless: it is accepted.
        crl.m_revoked = revoked->value;
        DerReader entries = contents_reader(*revoked);
        while (!entries.empty()) {
            NXS_TRY(read_entry(entries, crl.m_version));
            ++crl.m_revoked_count;
        }
    }
    NXS_TRY_ASSIGN(const auto extensions, tbs.read_optional(tag::context_constructed(0)));
    if (extensions) {
        if (crl.m_version < 2) {
            return Error(Status::kX509InvalidVersion, "crlExtensions in a v1 CRL" + at(extensions->offset));
        }
        DerReader wrapper = contents_reader(*extensions);
        const auto sequence = wrapper.read_any();
        if (!sequence.ok() || sequence->tag != tag::kSequence || !wrapper.empty()) {
            return Error(Status::kX509InvalidExtensions,
                         "crlExtensions [0] does not hold one SEQUENCE" + at(extensions->offset));
        }
        NXS_TRY(parse_extensions(*sequence, crl.m_extensions, parse_crl_extension));
    }
    NXS_TRY(tbs.expect_end("TBSCertList"));
    return crl;
}

void Crl::for_each_revoked(const std::function<bool(const RevokedCertificate&)>& visit) const {
    DerReader entries(m_revoked);
    while (!entries.empty()) {
        const auto entry = read_entry(entries, m_version);  // checked by parse(): cannot fail here
        if (!entry.ok() || !visit(*entry)) {
            return;
        }
    }
}

std::optional<RevokedCertificate> Crl::find_revoked(Bytes serial) const {
    std::optional<RevokedCertificate> found;
    for_each_revoked([&](const RevokedCertificate& entry) {
        if (std::equal(entry.serial.begin(), entry.serial.end(), serial.begin(), serial.end())) {
            found = entry;
            return false;
        }
        return true;
    });
    return found;
}

Result<std::vector<Crl>> parse_crls(Bytes pem_or_der) {
    std::vector<Crl> out;
    if (!looks_like_pem(pem_or_der)) {
        NXS_TRY_ASSIGN(auto crl, Crl::parse(pem_or_der));
        out.push_back(std::move(crl));
        return out;
    }
    const std::string_view text(reinterpret_cast<const char*>(pem_or_der.data()), pem_or_der.size());
    NXS_TRY_ASSIGN(const auto blocks, parse_pem(text));
    for (const auto& block : blocks) {
        if (block.label != "X509 CRL") {
            continue;
        }
        auto crl = Crl::parse(block.der);
        if (!crl.ok()) {
            return Error(crl.status(),
                         "CRL in the PEM block on line " + std::to_string(block.line) + ": " + crl.error().message());
        }
        out.push_back(std::move(crl).value());
    }
    if (out.empty()) {
        return Error(Status::kX509InvalidCertificateData, "no X509 CRL block in the PEM input");
    }
    return out;
}

}  // namespace nxs::x509
