#include "x509/extensions.h"

#include "x509/general_names.h"
#include "x509/name.h"
#include "x509/oids.h"

namespace nxs::x509 {
namespace {

std::string at(std::size_t offset) {
    return " at offset " + std::to_string(offset);
}

// A SEQUENCE SIZE (1..MAX) OF ...: the reader over its contents.
Result<DerReader> non_empty_sequence(const ExtensionView& extension, std::string_view what) {
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    if (element.value.empty()) {
        return malformed_extension(std::string(what) + " is empty (SIZE (1..MAX))", element.offset);
    }
    return contents_reader(element);
}

Result<std::int64_t> read_skip_certs(const Element& element) {
    // SkipCerts ::= INTEGER (0..MAX), possibly IMPLICIT-tagged: check the INTEGER contents ourselves.
    NXS_TRY(check_integer_encoding(element.value, element.offset));
    if ((element.value[0] & 0x80) != 0 || element.value.size() > 8) {
        return malformed_extension("SkipCerts out of range", element.offset);
    }
    std::int64_t value = 0;
    for (const auto byte : element.value) {
        value = (value << 8) | byte;
    }
    return value;
}

Result<void> parse_basic_constraints(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.9: BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
    //                                                    pathLenConstraint INTEGER (0..MAX) OPTIONAL }
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    DerReader reader = contents_reader(element);
    BasicConstraints constraints;
    if (reader.next_is(tag::kBoolean)) {
        const std::size_t offset = reader.offset();
        NXS_TRY_ASSIGN(constraints.ca, reader.read_boolean());
        if (!constraints.ca) {
            return malformed_extension("basicConstraints cA encoded as FALSE (DER omits a DEFAULT value)", offset);
        }
    }
    if (reader.next_is(tag::kInteger)) {
        NXS_TRY_ASSIGN(constraints.path_length, reader.read_small_integer());
    }
    NXS_TRY(reader.expect_end("BasicConstraints"));
    out.basic_constraints = constraints;
    out.basic_constraints_critical = extension.critical;
    return {};
}

Result<void> parse_key_usage(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.3: KeyUsage ::= BIT STRING; "When the keyUsage extension appears in a certificate, at least one
    // of the bits MUST be set to 1."
    DerReader reader = contents_reader(extension.value);
    NXS_TRY_ASSIGN(const auto bits, reader.read_bit_string());
    NXS_TRY(reader.expect_end("KeyUsage"));
    std::uint16_t flags = 0;
    for (std::size_t bit = 0; bit <= 8; ++bit) {
        if (bits.bit(bit)) {
            flags = static_cast<std::uint16_t>(flags | (1U << bit));
        }
    }
    if (flags == 0) {
        return malformed_extension("keyUsage with no bit set", extension.value.offset);
    }
    out.key_usage = flags;
    out.key_usage_critical = extension.critical;
    return {};
}

Result<void> parse_ext_key_usage(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.12: ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
    NXS_TRY_ASSIGN(auto reader, non_empty_sequence(extension, "extKeyUsage"));
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    while (!reader.empty()) {
        NXS_TRY(reader.read_oid());
    }
    out.extended_key_usage = element.value;
    out.extended_key_usage_critical = extension.critical;
    return {};
}

Result<void> parse_subject_alt_name(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.6: SubjectAltName ::= GeneralNames (SIZE (1..MAX)).
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    NXS_TRY_ASSIGN(out.subject_alt_name, parse_general_names(element));
    out.subject_alt_name_critical = extension.critical;
    return {};
}

Result<void> parse_issuer_alt_name(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.7: IssuerAltName ::= GeneralNames.
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    NXS_TRY_ASSIGN(out.issuer_alt_name, parse_general_names(element));
    return {};
}

Result<void> parse_name_constraints(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.10: NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL,
    //                                                    excludedSubtrees  [1] GeneralSubtrees OPTIONAL }
    // "Conforming CAs MUST NOT issue certificates where name constraints is an empty sequence."
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    DerReader reader = contents_reader(element);
    NameConstraints constraints;
    NXS_TRY_ASSIGN(auto permitted, reader.read_optional(tag::context_constructed(0)));
    NXS_TRY_ASSIGN(auto excluded, reader.read_optional(tag::context_constructed(1)));
    NXS_TRY(reader.expect_end("NameConstraints"));
    if (!permitted && !excluded) {
        return malformed_extension("nameConstraints with neither permitted nor excluded subtrees", element.offset);
    }
    if (permitted) {
        permitted->tag = tag::kSequence;  // [0] IMPLICIT GeneralSubtrees
        NXS_TRY_ASSIGN(constraints.permitted, parse_general_subtrees(*permitted));
    }
    if (excluded) {
        excluded->tag = tag::kSequence;
        NXS_TRY_ASSIGN(constraints.excluded, parse_general_subtrees(*excluded));
    }
    out.name_constraints = constraints;
    out.name_constraints_critical = extension.critical;
    return {};
}

}  // namespace

Error malformed_extension(std::string_view what, std::size_t offset) {
    return Error(Status::kX509InvalidExtensionSequence, std::string(what) + at(offset));
}

Result<Element> extension_single_value(const ExtensionView& extension, std::uint8_t expected_tag) {
    DerReader reader = contents_reader(extension.value);
    NXS_TRY_ASSIGN(const auto element, reader.read(expected_tag));
    NXS_TRY(reader.expect_end("the extension value"));
    return element;
}

Result<void> parse_authority_key_identifier(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.1: AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL,
    //     authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL
    //     }
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    DerReader reader = contents_reader(element);
    NXS_TRY_ASSIGN(const auto key_id, reader.read_optional(tag::context(0)));
    NXS_TRY_ASSIGN(auto issuer, reader.read_optional(tag::context_constructed(1)));
    NXS_TRY_ASSIGN(const auto serial, reader.read_optional(tag::context(2)));
    NXS_TRY(reader.expect_end("AuthorityKeyIdentifier"));
    // X.509 §9.2.2.1: authorityCertIssuer and authorityCertSerialNumber are both present or both absent.
    if (issuer.has_value() != serial.has_value()) {
        return malformed_extension(
            "authorityKeyIdentifier with only one of authorityCertIssuer and authorityCertSerialNumber",
            element.offset);
    }
    if (issuer) {
        issuer->tag = tag::kSequence;
        NXS_TRY(parse_general_names(*issuer));
        NXS_TRY(check_integer_encoding(serial->value, serial->offset));
    }
    if (key_id) {
        out.authority_key_id = key_id->value;
    }
    out.authority_key_id_present = true;
    out.authority_key_id_has_issuer_and_serial = issuer.has_value();
    out.authority_key_id_critical = extension.critical;
    return {};
}

namespace {

Result<void> parse_subject_key_id(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.2: SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING).
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kOctetString));
    out.subject_key_id = element.value;
    out.subject_key_id_critical = extension.critical;
    return {};
}

Result<void> parse_crl_distribution_points(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.13: CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
    // DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
    //                                  reasons [1] ReasonFlags OPTIONAL, cRLIssuer [2] GeneralNames OPTIONAL }
    NXS_TRY_ASSIGN(auto reader, non_empty_sequence(extension, "cRLDistributionPoints"));
    while (!reader.empty()) {
        const std::size_t offset = reader.offset();
        NXS_TRY_ASSIGN(auto point, reader.enter(tag::kSequence));
        NXS_TRY_ASSIGN(const auto name, point.read_optional(tag::context_constructed(0)));
        if (name) {
            DerReader inner = contents_reader(*name);
            NXS_TRY_ASSIGN(const auto choice, inner.read_any());
            NXS_TRY(inner.expect_end("distributionPoint"));
            NXS_TRY(check_distribution_point_name(choice));
        }
        NXS_TRY_ASSIGN(const auto reasons, point.read_optional(tag::context(1)));
        NXS_TRY_ASSIGN(auto issuer, point.read_optional(tag::context_constructed(2)));
        NXS_TRY(point.expect_end("DistributionPoint"));
        if (issuer) {
            issuer->tag = tag::kSequence;
            NXS_TRY(parse_general_names(*issuer));
        }
        // "a DistributionPoint MUST NOT consist of only the reasons field; either distributionPoint or cRLIssuer
        // MUST be present."
        if (!name && !issuer) {
            return malformed_extension("DistributionPoint without distributionPoint and cRLIssuer", offset);
        }
        static_cast<void>(reasons);
    }
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    out.crl_distribution_points = element.value;
    return {};
}

Result<void> parse_authority_info_access(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.2.1: AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
    // AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
    NXS_TRY_ASSIGN(auto reader, non_empty_sequence(extension, "authorityInfoAccess"));
    while (!reader.empty()) {
        NXS_TRY_ASSIGN(auto description, reader.enter(tag::kSequence));
        NXS_TRY(description.read_oid());
        NXS_TRY_ASSIGN(const auto location, description.read_any());
        NXS_TRY(parse_general_name(location, false));
        NXS_TRY(description.expect_end("AccessDescription"));
    }
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    out.authority_info_access = element.value;
    out.authority_info_access_critical = extension.critical;
    return {};
}

Result<void> parse_certificate_policies(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.4: certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
    // PolicyInformation ::= SEQUENCE { policyIdentifier CertPolicyId,
    //                                  policyQualifiers SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL }
    // PolicyQualifierInfo ::= SEQUENCE { policyQualifierId OBJECT IDENTIFIER, qualifier ANY }
    // "A certificate policy OID MUST NOT appear more than once in a certificate policies extension."
    NXS_TRY_ASSIGN(auto reader, non_empty_sequence(extension, "certificatePolicies"));
    const DerReader start = reader;
    while (!reader.empty()) {
        NXS_TRY_ASSIGN(auto information, reader.enter(tag::kSequence));
        const std::size_t offset = information.offset();
        NXS_TRY_ASSIGN(const Bytes policy, information.read_oid());
        if (!information.empty()) {
            NXS_TRY_ASSIGN(auto qualifiers, information.enter(tag::kSequence));
            if (qualifiers.empty()) {
                return malformed_extension("empty policyQualifiers", offset);
            }
            while (!qualifiers.empty()) {
                NXS_TRY_ASSIGN(auto qualifier, qualifiers.enter(tag::kSequence));
                NXS_TRY(qualifier.read_oid());
                NXS_TRY(qualifier.read_any());
                NXS_TRY(qualifier.expect_end("PolicyQualifierInfo"));
            }
        }
        NXS_TRY(information.expect_end("PolicyInformation"));
        // Compare with the policies before this one (the list is short; no allocation).
        DerReader earlier = start;
        while (earlier.offset() < offset) {
            auto previous = earlier.enter(tag::kSequence);
            if (!previous.ok() || previous->offset() >= offset) {
                break;
            }
            const auto previous_policy = previous->read_oid();
            if (previous_policy.ok() &&
                std::equal(previous_policy->begin(), previous_policy->end(), policy.begin(), policy.end())) {
                return malformed_extension("certificate policy " + oid_to_string(policy) + " listed twice", offset);
            }
        }
    }
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    out.certificate_policies = element.value;
    out.certificate_policies_critical = extension.critical;
    return {};
}

Result<void> parse_policy_mappings(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.5: PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
    //     issuerDomainPolicy CertPolicyId, subjectDomainPolicy CertPolicyId }
    NXS_TRY_ASSIGN(auto reader, non_empty_sequence(extension, "policyMappings"));
    while (!reader.empty()) {
        NXS_TRY_ASSIGN(auto mapping, reader.enter(tag::kSequence));
        NXS_TRY(mapping.read_oid());
        NXS_TRY(mapping.read_oid());
        NXS_TRY(mapping.expect_end("a policy mapping"));
    }
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    out.policy_mappings = element.value;
    return {};
}

Result<void> parse_policy_constraints(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.11: PolicyConstraints ::= SEQUENCE { requireExplicitPolicy [0] SkipCerts OPTIONAL,
    //                                                      inhibitPolicyMapping  [1] SkipCerts OPTIONAL }
    // "Conforming CAs MUST NOT issue certificates where policy constraints is an empty sequence."
    NXS_TRY_ASSIGN(auto reader, non_empty_sequence(extension, "policyConstraints"));
    NXS_TRY_ASSIGN(const auto require, reader.read_optional(tag::context(0)));
    NXS_TRY_ASSIGN(const auto inhibit, reader.read_optional(tag::context(1)));
    NXS_TRY(reader.expect_end("PolicyConstraints"));
    for (const auto& field : {require, inhibit}) {
        if (field) {
            NXS_TRY(read_skip_certs(*field));
        }
    }
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kSequence));
    out.policy_constraints = element.value;
    out.policy_constraints_critical = extension.critical;
    return {};
}

Result<void> parse_inhibit_any_policy(const ExtensionView& extension, Extensions& out) {
    // RFC 5280 §4.2.1.14: InhibitAnyPolicy ::= SkipCerts
    NXS_TRY_ASSIGN(const auto element, extension_single_value(extension, tag::kInteger));
    NXS_TRY(read_skip_certs(element));
    out.inhibit_any_policy = element.value;
    return {};
}

using Parser = Result<void> (*)(const ExtensionView&, Extensions&);

struct KnownExtension {
    Bytes oid;
    Parser parse;
};

constexpr KnownExtension kKnown[] = {
    {oid::kBasicConstraints, parse_basic_constraints},
    {oid::kKeyUsage, parse_key_usage},
    {oid::kExtKeyUsage, parse_ext_key_usage},
    {oid::kSubjectAltName, parse_subject_alt_name},
    {oid::kIssuerAltName, parse_issuer_alt_name},
    {oid::kNameConstraints, parse_name_constraints},
    {oid::kAuthorityKeyIdentifier, parse_authority_key_identifier},
    {oid::kSubjectKeyIdentifier, parse_subject_key_id},
    {oid::kCrlDistributionPoints, parse_crl_distribution_points},
    {oid::kAuthorityInfoAccess, parse_authority_info_access},
    {oid::kCertificatePolicies, parse_certificate_policies},
    {oid::kPolicyMappings, parse_policy_mappings},
    {oid::kPolicyConstraints, parse_policy_constraints},
    {oid::kInhibitAnyPolicy, parse_inhibit_any_policy},
};

}  // namespace

Result<ExtensionView> read_extension(DerReader& reader) {
    const std::size_t offset = reader.offset();
    auto read = [&]() -> Result<ExtensionView> {
        NXS_TRY_ASSIGN(auto sequence, reader.enter(tag::kSequence));
        ExtensionView extension;
        NXS_TRY_ASSIGN(extension.oid, sequence.read_oid());
        if (sequence.next_is(tag::kBoolean)) {
            const std::size_t boolean_offset = sequence.offset();
            NXS_TRY_ASSIGN(extension.critical, sequence.read_boolean());
            // X.690 §11.5: a value equal to its DEFAULT is not encoded, so an explicit FALSE is not DER.
            if (!extension.critical) {
                return malformed_extension("critical encoded as FALSE", boolean_offset);
            }
        }
        NXS_TRY_ASSIGN(extension.value, sequence.read(tag::kOctetString));
        NXS_TRY(sequence.expect_end("Extension"));
        return extension;
    };
    auto extension = read();
    if (!extension.ok() && extension.status() != Status::kX509InvalidExtensionSequence) {
        return Error(Status::kX509InvalidExtensionSequence,
                     "malformed Extension" + at(offset) + ": " + extension.error().message());
    }
    return extension;
}

std::string describe_extension(const ExtensionView& extension) {
    const std::string_view name = oid_name(extension.oid);
    std::string out = "extension ";
    if (!name.empty()) {
        out += std::string(name) + " (" + oid_to_string(extension.oid) + ")";
    } else {
        out += oid_to_string(extension.oid);
    }
    return out + at(extension.value.offset);
}

Error extension_error(const ExtensionView& extension, const Error& cause) {
    if (cause.status() == Status::kX509NameStringTooLong) {
        return cause;
    }
    return Error(Status::kX509InvalidExtensionSequence, describe_extension(extension) + ": " + cause.message());
}

Result<void> check_distribution_point_name(const Element& element) {
    if (element.tag == tag::context_constructed(0)) {
        Element names = element;
        names.tag = tag::kSequence;  // fullName [0] IMPLICIT GeneralNames
        NXS_TRY(parse_general_names(names));
        return {};
    }
    if (element.tag == tag::context_constructed(1)) {
        // nameRelativeToCRLIssuer [1] IMPLICIT RelativeDistinguishedName: check it as a one-RDN Name.
        DerReader reader = contents_reader(element);
        if (reader.empty()) {
            return malformed_extension("empty nameRelativeToCRLIssuer", element.offset);
        }
        while (!reader.empty()) {
            NXS_TRY_ASSIGN(auto atv, reader.enter(tag::kSequence));
            NXS_TRY(atv.read_oid());
            NXS_TRY_ASSIGN(const auto value, atv.read_any());
            NXS_TRY(check_string(value.tag, value.value, value.offset));
            NXS_TRY(atv.expect_end("AttributeTypeAndValue"));
        }
        return {};
    }
    return malformed_extension("DistributionPointName is neither fullName nor nameRelativeToCRLIssuer", element.offset);
}

Result<Extensions> parse_certificate_extensions(const Element& explicit_wrapper, Bytes& sequence_contents) {
    // RFC 5280 §4.1: extensions [3] EXPLICIT Extensions, Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension.
    DerReader wrapper = contents_reader(explicit_wrapper);
    const auto sequence = wrapper.read_any();
    if (!sequence.ok() || sequence->tag != tag::kSequence) {
        return Error(Status::kX509InvalidExtensions,
                     "extensions [3] does not hold a SEQUENCE" + at(explicit_wrapper.offset));
    }
    if (sequence->value.empty()) {
        return Error(Status::kX509InvalidExtensions, "empty Extensions SEQUENCE" + at(sequence->offset));
    }
    if (!wrapper.empty()) {
        return Error(Status::kX509InvalidExtensions, "data after the Extensions SEQUENCE" + at(wrapper.offset()));
    }
    sequence_contents = sequence->value;
    Extensions extensions;
    NXS_TRY(for_each_extension(*sequence, [&extensions](const ExtensionView& extension) -> Result<void> {
        ++extensions.count;
        for (const auto& known : kKnown) {
            if (std::equal(known.oid.begin(), known.oid.end(), extension.oid.begin(), extension.oid.end())) {
                auto parsed = known.parse(extension, extensions);
                if (!parsed.ok()) {
                    return extension_error(extension, parsed.error());
                }
                return {};
            }
        }
        if (extension.critical) {
            return Error(Status::kX509InvalidExtensionSequence, "unknown critical " + describe_extension(extension));
        }
        return {};
    }));
    return extensions;
}

}  // namespace nxs::x509
