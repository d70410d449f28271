#include "x509/der.h"

#include <cstdio>

namespace nxs::x509 {
namespace {

std::string at(std::size_t offset) {
    return " at offset " + std::to_string(offset);
}

Error length_error(std::string_view what, std::size_t offset) {
    return Error(Status::kX509Asn1LengthTooLong, std::string("DER ") + std::string(what) + at(offset));
}

}  // namespace

bool BitString::bit(std::size_t n) const noexcept {
    if (n >= bit_count()) {
        return false;
    }
    return ((static_cast<unsigned>(bytes[n / 8]) >> (7U - n % 8)) & 1U) != 0;
}

std::optional<std::uint8_t> DerReader::peek_tag() const noexcept {
    if (empty()) {
        return std::nullopt;
    }
    return m_data[m_pos];
}

Result<Element> DerReader::read_any() {
    const std::size_t start = m_pos;
    const std::size_t start_offset = m_base + start;
    if (empty()) {
        return Error(Status::kX509UnexpectedAsn1Tag, "expected an element but the structure ended" + at(start_offset));
    }
    if (m_data.size() - m_pos < 2) {
        return length_error("element is truncated", start_offset);
    }
    const std::uint8_t tag_byte = m_data[m_pos];
    // X.690 §8.1.2.4: tag number 31 means more tag octets follow; nothing in X.509 needs them.
    if ((tag_byte & 0x1F) == 0x1F) {
        return Error(Status::kX509MultibyteTagUnsupported, "DER multi-byte tag" + at(start_offset));
    }
    std::size_t pos = m_pos + 1;
    const std::uint8_t first_length = m_data[pos++];
    std::size_t length = 0;
    if (first_length < 0x80) {
        length = first_length;
    } else if (first_length == 0x80) {
        // X.690 §10.1: DER uses the definite form only.
        return length_error("indefinite length", start_offset);
    } else {
        const std::size_t count = first_length & 0x7FU;
        if (count > 4) {
            return length_error("length with more than 4 length octets", start_offset);
        }
        if (m_data.size() - pos < count) {
            return length_error("length octets are truncated", start_offset);
        }
        for (std::size_t i = 0; i < count; ++i) {
            length = (length << 8) | m_data[pos++];
        }
        // X.690 §10.1: the minimum number of octets — no leading zero, and the long form only for 128 and above.
        if (m_data[m_pos + 2] == 0 || length < 0x80) {
            return length_error("length not in minimal form", start_offset);
        }
    }
    if (length > m_data.size() - pos) {
        return length_error("length runs past the end of the data", start_offset);
    }
    Element element;
    element.tag = tag_byte;
    element.value = m_data.subspan(pos, length);
    element.encoded = m_data.subspan(start, pos + length - start);
    element.offset = start_offset;
    m_pos = pos + length;
    return element;
}

Result<Element> DerReader::read(std::uint8_t expected_tag) {
    const auto next = peek_tag();
    if (!next) {
        return Error(Status::kX509UnexpectedAsn1Tag,
                     "expected " + tag_to_string(expected_tag) + " but the structure ended" + at(offset()));
    }
    if ((*next & 0x1F) != 0x1F && *next != expected_tag) {
        const bool class_differs = (*next & tag::kClassMask) != (expected_tag & tag::kClassMask);
        return Error(class_differs ? Status::kX509InvalidTagClass : Status::kX509UnexpectedAsn1Tag,
                     "expected " + tag_to_string(expected_tag) + " but found " + tag_to_string(*next) + at(offset()));
    }
    return read_any();
}

Result<std::optional<Element>> DerReader::read_optional(std::uint8_t expected_tag) {
    if (!next_is(expected_tag)) {
        return std::optional<Element>();
    }
    NXS_TRY_ASSIGN(auto element, read_any());
    return std::optional<Element>(element);
}

Result<DerReader> DerReader::enter(std::uint8_t expected_tag) {
    NXS_TRY_ASSIGN(const auto element, read(expected_tag));
    if (!element.constructed()) {
        return Error(Status::kX509UnexpectedAsn1Tag, "expected a constructed element" + at(element.offset));
    }
    const std::size_t header = element.encoded.size() - element.value.size();
    return DerReader(element.value, element.offset + header);
}

DerReader contents_reader(const Element& element) noexcept {
    return DerReader(element.value, element.offset + (element.encoded.size() - element.value.size()));
}

Result<bool> DerReader::read_boolean() {
    NXS_TRY_ASSIGN(const auto element, read(tag::kBoolean));
    // X.690 §11.1: DER encodes TRUE as 0xFF.
    if (element.value.size() != 1 || (element.value[0] != 0x00 && element.value[0] != 0xFF)) {
        return Error(Status::kX509InvalidCertificateData, "BOOLEAN not in DER form" + at(element.offset));
    }
    return element.value[0] == 0xFF;
}

Result<void> check_integer_encoding(Bytes contents, std::size_t offset) {
    if (contents.empty()) {
        return Error(Status::kX509InvalidCertificateData, "empty INTEGER" + at(offset));
    }
    // X.690 §8.3.2: the first nine bits are never all zeros or all ones.
    if (contents.size() > 1 &&
        ((contents[0] == 0x00 && (contents[1] & 0x80) == 0) || (contents[0] == 0xFF && (contents[1] & 0x80) != 0))) {
        return Error(Status::kX509InvalidCertificateData, "INTEGER not in minimal form" + at(offset));
    }
    return {};
}

Result<Bytes> DerReader::read_integer() {
    NXS_TRY_ASSIGN(const auto element, read(tag::kInteger));
    NXS_TRY(check_integer_encoding(element.value, element.offset));
    return element.value;
}

Result<std::int64_t> DerReader::read_small_integer() {
    const std::size_t start = offset();
    NXS_TRY_ASSIGN(const Bytes contents, read_integer());
    if ((contents[0] & 0x80) != 0 || contents.size() > 8 || (contents.size() == 8 && contents[0] != 0)) {
        return Error(Status::kX509InvalidCertificateData, "INTEGER out of range" + at(start));
    }
    std::int64_t value = 0;
    for (const auto byte : contents) {
        value = (value << 8) | byte;
    }
    return value;
}

Result<void> check_oid_encoding(Bytes contents, std::size_t offset) {
    // X.690 §8.19: base-128 arcs, no leading 0x80 octet in an arc, the last octet of the last arc ends the value.
    if (contents.empty() || (contents.back() & 0x80) != 0) {
        return Error(Status::kX509InvalidCertificateData, "malformed OBJECT IDENTIFIER" + at(offset));
    }
    bool arc_start = true;
    for (const auto byte : contents) {
        if (arc_start && byte == 0x80) {
            return Error(Status::kX509InvalidCertificateData, "OBJECT IDENTIFIER arc not minimal" + at(offset));
        }
        arc_start = (byte & 0x80) == 0;
    }
    return {};
}

Result<Bytes> DerReader::read_oid() {
    NXS_TRY_ASSIGN(const auto element, read(tag::kOid));
    NXS_TRY(check_oid_encoding(element.value, element.offset));
    return element.value;
}

Result<BitString> DerReader::read_bit_string() {
    NXS_TRY_ASSIGN(const auto element, read(tag::kBitString));
    if (element.value.empty()) {
        return Error(Status::kX509InvalidCertificateData,
                     "BIT STRING without its unused-bits octet" + at(element.offset));
    }
    BitString bits;
    bits.unused_bits = element.value[0];
    bits.bytes = element.value.subspan(1);
    // X.690 §8.6.2.2-3 and §11.2.1: 0..7 unused bits, none if empty, and in DER the unused bits are zero.
    if (bits.unused_bits > 7 || (bits.bytes.empty() && bits.unused_bits != 0)) {
        return Error(Status::kX509FoundNonZeroPadding,
                     "BIT STRING with an invalid unused-bits count" + at(element.offset));
    }
    if (!bits.bytes.empty()) {
        const auto mask = static_cast<std::uint8_t>((1U << bits.unused_bits) - 1U);
        if ((bits.bytes.back() & mask) != 0) {
            return Error(Status::kX509FoundNonZeroPadding, "BIT STRING unused bits are not zero" + at(element.offset));
        }
    }
    return bits;
}

Result<Bytes> DerReader::read_octet_string() {
    NXS_TRY_ASSIGN(const auto element, read(tag::kOctetString));
    return element.value;
}

Result<void> DerReader::read_null() {
    NXS_TRY_ASSIGN(const auto element, read(tag::kNull));
    if (!element.value.empty()) {
        return Error(Status::kX509InvalidCertificateData, "NULL with contents" + at(element.offset));
    }
    return {};
}

Result<void> DerReader::expect_end(std::string_view what) const {
    if (!empty()) {
        return Error(Status::kX509UnexpectedAsn1Tag, "unexpected " + tag_to_string(m_data[m_pos]) +
                                                         " after the end of " + std::string(what) + at(offset()));
    }
    return {};
}

std::string oid_to_string(Bytes oid) {
    if (!check_oid_encoding(oid, 0).ok()) {
        return "<invalid OID>";
    }
    std::string out;
    std::uint64_t arc = 0;
    bool first = true;
    for (const auto byte : oid) {
        if (arc > (UINT64_MAX >> 7)) {
            return "<invalid OID>";
        }
        arc = (arc << 7) | (byte & 0x7FU);
        if ((byte & 0x80) != 0) {
            continue;
        }
        if (first) {
            // X.690 §8.19.4: the first value packs the first two arcs as 40 * X + Y, with X <= 2.
            const std::uint64_t x = arc < 80 ? arc / 40 : 2;
            out += std::to_string(x) + "." + std::to_string(arc - 40 * x);
            first = false;
        } else {
            out += "." + std::to_string(arc);
        }
        arc = 0;
    }
    return out;
}

std::string tag_to_string(std::uint8_t tag_byte) {
    switch (tag_byte) {
        case tag::kBoolean:
            return "BOOLEAN";
        case tag::kInteger:
            return "INTEGER";
        case tag::kBitString:
            return "BIT STRING";
        case tag::kOctetString:
            return "OCTET STRING";
        case tag::kNull:
            return "NULL";
        case tag::kOid:
            return "OBJECT IDENTIFIER";
        case tag::kUtf8String:
            return "UTF8String";
        case tag::kPrintableString:
            return "PrintableString";
        case tag::kIa5String:
            return "IA5String";
        case tag::kUtcTime:
            return "UTCTime";
        case tag::kGeneralizedTime:
            return "GeneralizedTime";
        case tag::kSequence:
            return "SEQUENCE";
        case tag::kSet:
            return "SET";
        default:
            break;
    }
    if ((tag_byte & tag::kClassMask) == tag::kContextClass) {
        return "[" + std::to_string(tag_byte & 0x1F) + "]" +
               ((tag_byte & tag::kConstructedBit) != 0 ? " constructed" : " primitive");
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "tag 0x%02X", tag_byte);
    return buffer;
}

}  // namespace nxs::x509
