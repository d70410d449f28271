#include "x509/general_names.h"

#include "x509/name.h"

namespace nxs::x509 {
namespace {

std::string at(std::size_t offset) {
    return " at offset " + std::to_string(offset);
}

Error invalid(std::string_view what, std::size_t offset) {
    return Error(Status::kX509InvalidCertificateData, "GeneralName: " + std::string(what) + at(offset));
}

// The GeneralName CHOICE alternatives by their tag: [0] otherName and [3], [4], [5] are constructed.
std::optional<GeneralName::Kind> kind_of(std::uint8_t t) {
    const std::uint8_t number = t & 0x1F;
    if ((t & tag::kClassMask) != tag::kContextClass || number > 8) {
        return std::nullopt;
    }
    const bool constructed = (t & tag::kConstructedBit) != 0;
    const bool must_be_constructed = number == 0 || number == 3 || number == 4 || number == 5;
    if (constructed != must_be_constructed) {
        return std::nullopt;
    }
    return static_cast<GeneralName::Kind>(number);
}

// Reads a GeneralName from checked DER, without checking it again.
std::optional<GeneralName> read_unchecked(DerReader& reader) {
    const auto element = reader.read_any();
    if (!element.ok()) {
        return std::nullopt;
    }
    const auto kind = kind_of(element->tag);
    if (!kind) {
        return std::nullopt;
    }
    GeneralName name{*kind, element->value};
    if (*kind == GeneralName::Kind::kDirectoryName) {
        DerReader inner = contents_reader(*element);
        const auto name_element = inner.read_any();
        if (!name_element.ok()) {
            return std::nullopt;
        }
        name.value = name_element->encoded;
    }
    return name;
}

Result<GeneralNames> parse_sequence(const Element& sequence, bool subtrees) {
    if (sequence.tag != tag::kSequence) {
        return Error(Status::kX509UnexpectedAsn1Tag, "expected a SEQUENCE of GeneralName but found " +
                                                         tag_to_string(sequence.tag) + at(sequence.offset));
    }
    // RFC 5280 §4.2.1.6 and §4.2.1.10: GeneralNames and GeneralSubtrees are SIZE (1..MAX).
    if (sequence.value.empty()) {
        return Error(Status::kX509InvalidCertificateData,
                     std::string(subtrees ? "GeneralSubtrees" : "GeneralNames") + " is empty" + at(sequence.offset));
    }
    DerReader reader = contents_reader(sequence);
    while (!reader.empty()) {
        if (!subtrees) {
            NXS_TRY_ASSIGN(const auto element, reader.read_any());
            NXS_TRY(parse_general_name(element, false));
            continue;
        }
        // GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] BaseDistance DEFAULT 0,
        //                               maximum [1] BaseDistance OPTIONAL }
        NXS_TRY_ASSIGN(auto subtree, reader.enter(tag::kSequence));
        NXS_TRY_ASSIGN(const auto base, subtree.read_any());
        NXS_TRY(parse_general_name(base, true));
        if (!subtree.empty()) {
            return Error(Status::kX509InvalidCertificateData,
                         "GeneralSubtree with minimum or maximum (RFC 5280 §4.2.1.10: minimum MUST be zero and "
                         "maximum MUST be absent)" +
                             at(subtree.offset()));
        }
    }
    return GeneralNames{sequence.value, subtrees};
}

}  // namespace

Result<GeneralName> parse_general_name(const Element& element, bool in_constraint) {
    const auto kind = kind_of(element.tag);
    if (!kind) {
        return invalid("unknown or malformed alternative " + tag_to_string(element.tag), element.offset);
    }
    GeneralName name{*kind, element.value};
    switch (*kind) {
        case GeneralName::Kind::kRfc822Name:
        case GeneralName::Kind::kDnsName:
        case GeneralName::Kind::kUri:
            // IA5String [1], [2], [6] IMPLICIT.
            NXS_TRY(check_string(tag::kIa5String, element.value, element.offset));
            return name;
        case GeneralName::Kind::kIpAddress: {
            // RFC 5280 §4.2.1.6: 4 or 16 octets; in name constraints an address and a mask, 8 or 32 (§4.2.1.10).
            const std::size_t size = element.value.size();
            const bool ok = in_constraint ? (size == 8 || size == 32) : (size == 4 || size == 16);
            if (!ok) {
                return invalid("iPAddress of " + std::to_string(size) + " octets", element.offset);
            }
            return name;
        }
        case GeneralName::Kind::kDirectoryName: {
            // [4] EXPLICIT Name (a CHOICE, so the tag is explicit).
            DerReader inner = contents_reader(element);
            NXS_TRY_ASSIGN(const auto name_element, inner.read_any());
            NXS_TRY(inner.expect_end("directoryName"));
            NXS_TRY_ASSIGN(const auto parsed, parse_name(name_element, "directoryName"));
            name.value = parsed.der;
            return name;
        }
        case GeneralName::Kind::kRegisteredId:
            NXS_TRY(check_oid_encoding(element.value, element.offset));
            return name;
        case GeneralName::Kind::kOtherName: {
            // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
            DerReader inner = contents_reader(element);
            NXS_TRY(inner.read_oid());
            NXS_TRY_ASSIGN(const auto value, inner.read(tag::context_constructed(0)));
            DerReader value_reader = contents_reader(value);
            NXS_TRY(value_reader.read_any());
            NXS_TRY(value_reader.expect_end("otherName value"));
            NXS_TRY(inner.expect_end("otherName"));
            return name;
        }
        case GeneralName::Kind::kX400Address:
        case GeneralName::Kind::kEdiPartyName:
            // Kept opaque: nothing in nxs reads them, and their syntax is large.
            return name;
    }
    return name;
}

Result<GeneralNames> parse_general_names(const Element& sequence) {
    return parse_sequence(sequence, false);
}

Result<GeneralNames> parse_general_subtrees(const Element& sequence) {
    return parse_sequence(sequence, true);
}

void GeneralNames::for_each(const std::function<bool(const GeneralName&)>& visit) const {
    DerReader reader(der);
    while (!reader.empty()) {
        std::optional<GeneralName> name;
        if (subtrees) {
            auto subtree = reader.enter(tag::kSequence);
            if (!subtree.ok()) {
                return;
            }
            name = read_unchecked(*subtree);
        } else {
            name = read_unchecked(reader);
        }
        if (!name || !visit(*name)) {
            return;
        }
    }
}

}  // namespace nxs::x509
