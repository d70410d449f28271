// Names: parsing and checking (RFC 5280 §4.1.2.4), RFC 4514 text, and comparison (RFC 5280 §7.1).
#include "x509/name.h"

#include <bitset>
#include <cstdio>
#include <optional>

#include "x509/oids.h"

namespace nxs::x509 {
namespace {

std::string at(std::size_t offset) {
    return " at offset " + std::to_string(offset);
}

// Decodes one UTF-8 sequence at `pos` (RFC 3629 §3/§4: shortest form, no surrogates, at most U+10FFFF).
std::optional<std::uint32_t> decode_utf8(Bytes bytes, std::size_t& pos) {
    const std::uint8_t first = bytes[pos];
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (first < 0x80) {
        ++pos;
        return first;
    }
    if ((first & 0xE0) == 0xC0) {
        length = 2;
        code_point = first & 0x1FU;
    } else if ((first & 0xF0) == 0xE0) {
        length = 3;
        code_point = first & 0x0FU;
    } else if ((first & 0xF8) == 0xF0) {
        length = 4;
        code_point = first & 0x07U;
    } else {
        return std::nullopt;
    }
    if (bytes.size() - pos < length) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const std::uint8_t next = bytes[pos + i];
        if ((next & 0xC0) != 0x80) {
            return std::nullopt;
        }
        code_point = (code_point << 6) | (next & 0x3FU);
    }
    constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[length] || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return std::nullopt;
    }
    pos += length;
    return code_point;
}

// X.680 §41.4 Table 10: the PrintableString characters. '*' and '&' are accepted as well: they are not in the table,
// but deployed certificates carry them ("*.example.com" common names) and rejecting such names would reject the whole
// certificate for a cosmetic reason.
bool is_printable(std::uint8_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view(" '()+,-./:=?*&").find(static_cast<char>(c)) != std::string_view::npos;
}

// Walks the code points of a checked string value, whatever its type.
class CodePoints {
public:
    CodePoints(std::uint8_t string_tag, Bytes value) : m_tag(string_tag), m_value(value) {}

    std::optional<std::uint32_t> next() {
        if (m_pos >= m_value.size()) {
            return std::nullopt;
        }
        switch (m_tag) {
            case tag::kUtf8String:
                return decode_utf8(m_value, m_pos);
            case tag::kBmpString:
                m_pos += 2;
                return static_cast<std::uint32_t>((m_value[m_pos - 2] << 8) | m_value[m_pos - 1]);
            case tag::kUniversalString:
                m_pos += 4;
                return (std::uint32_t{m_value[m_pos - 4]} << 24) | (std::uint32_t{m_value[m_pos - 3]} << 16) |
                       (std::uint32_t{m_value[m_pos - 2]} << 8) | m_value[m_pos - 1];
            default:
                return m_value[m_pos++];
        }
    }

private:
    std::uint8_t m_tag;
    Bytes m_value;
    std::size_t m_pos = 0;
};

// The simplified RFC 4518 preparation RFC 5280 §7.1 asks for, as a stream of code points: ASCII letters folded to
// lower case, leading and trailing spaces dropped, each inner run of spaces made one space. What full RFC 4518 adds
// and this does not: Unicode case folding and NFKC normalisation, mapping of other space and control characters,
// and the prohibited-character check. Names that differ only in those ways compare unequal here (the safe side for
// chaining: a missed match is a failed path, never a wrong one).
class PreparedString {
public:
    PreparedString(std::uint8_t string_tag, Bytes value) : m_points(string_tag, value) {}

    std::optional<std::uint32_t> next() {
        if (m_held) {
            const auto held = m_held;
            m_held.reset();
            return held;
        }
        bool saw_space = false;
        for (auto c = m_points.next(); c; c = m_points.next()) {
            if (*c == ' ') {
                saw_space = true;
                continue;
            }
            const std::uint32_t folded = (*c >= 'A' && *c <= 'Z') ? *c + 32 : *c;
            if (saw_space && m_started) {
                m_held = folded;
                return ' ';
            }
            m_started = true;
            return folded;
        }
        return std::nullopt;
    }

private:
    CodePoints m_points;
    std::optional<std::uint32_t> m_held;
    bool m_started = false;
};

bool values_equal(const Name::Attribute& a, const Name::Attribute& b) {
    if (a.value_tag == b.value_tag && std::equal(a.value.begin(), a.value.end(), b.value.begin(), b.value.end())) {
        return true;
    }
    // RFC 5280 §7.1: values of the directory string types match after preparation, across string types.
    if (!is_string_tag(a.value_tag) || !is_string_tag(b.value_tag)) {
        return false;
    }
    PreparedString left(a.value_tag, a.value);
    PreparedString right(b.value_tag, b.value);
    while (true) {
        const auto l = left.next();
        const auto r = right.next();
        if (l != r) {
            return false;
        }
        if (!l) {
            return true;
        }
    }
}

bool attributes_equal(const Name::Attribute& a, const Name::Attribute& b) {
    return std::equal(a.type.begin(), a.type.end(), b.type.begin(), b.type.end()) && values_equal(a, b);
}

// Reads one AttributeTypeAndValue from an already checked RDN.
Result<Name::Attribute> read_attribute(DerReader& rdn, std::size_t rdn_index) {
    NXS_TRY_ASSIGN(auto atv, rdn.enter(tag::kSequence));
    NXS_TRY_ASSIGN(const Bytes type, atv.read_oid());
    NXS_TRY_ASSIGN(const Element value, atv.read_any());
    NXS_TRY(atv.expect_end("AttributeTypeAndValue"));
    return Name::Attribute{type, value.tag, value.value, rdn_index};
}

void append_escaped(std::string_view text, std::string& out) {
    // RFC 4514 §2.4: escape the specials, a leading '#' or space, a trailing space, and NUL.
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool special = std::string_view(",+\"\\<>;").find(c) != std::string_view::npos;
        const bool edge_space = c == ' ' && (i == 0 || i + 1 == text.size());
        if (special || edge_space || (c == '#' && i == 0)) {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "\\%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buffer;
        } else {
            out += c;
        }
    }
}

void append_hex(Bytes bytes, std::string& out) {
    constexpr char kDigits[] = "0123456789ABCDEF";
    for (const auto b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0x0F];
    }
}

}  // namespace

bool is_string_tag(std::uint8_t t) noexcept {
    return t == tag::kUtf8String || t == tag::kPrintableString || t == tag::kTeletexString || t == tag::kIa5String ||
           t == tag::kVisibleString || t == tag::kUniversalString || t == tag::kBmpString;
}

Result<void> check_string(std::uint8_t string_tag, Bytes value, std::size_t offset) {
    auto invalid = [&](std::string_view why) {
        return Error(Status::kX509InvalidCertificateData,
                     tag_to_string(string_tag) + " " + std::string(why) + at(offset));
    };
    switch (string_tag) {
        case tag::kPrintableString:
            for (const auto c : value) {
                if (!is_printable(c)) {
                    return invalid("with a character outside its character set");
                }
            }
            return {};
        case tag::kIa5String:
        case tag::kVisibleString:
            for (const auto c : value) {
                if (c > 0x7E || (string_tag == tag::kVisibleString && c < 0x20)) {
                    return invalid("with a character outside its character set");
                }
            }
            return {};
        case tag::kUtf8String:
            for (std::size_t pos = 0; pos < value.size();) {
                if (!decode_utf8(value, pos)) {
                    return invalid("that is not valid UTF-8");
                }
            }
            return {};
        case tag::kBmpString:
            // X.680 §41: BMPString holds UCS-2 code units; surrogates are not characters.
            if (value.size() % 2 != 0) {
                return invalid("with an odd length");
            }
            for (std::size_t pos = 0; pos < value.size(); pos += 2) {
                if (value[pos] >= 0xD8 && value[pos] <= 0xDF) {
                    return invalid("with a surrogate code unit");
                }
            }
            return {};
        case tag::kUniversalString: {
            if (value.size() % 4 != 0) {
                return invalid("with a length that is not a multiple of 4");
            }
            CodePoints points(string_tag, value);
            for (auto c = points.next(); c; c = points.next()) {
                if (*c > 0x10FFFF || (*c >= 0xD800 && *c <= 0xDFFF)) {
                    return invalid("with an invalid code point");
                }
            }
            return {};
        }
        default:
            return {};
    }
}

void append_utf8(std::uint8_t string_tag, Bytes value, std::string& out) {
    if (string_tag == tag::kUtf8String) {
        out.append(value.begin(), value.end());
        return;
    }
    CodePoints points(string_tag, value);
    for (auto c = points.next(); c; c = points.next()) {
        const std::uint32_t cp = *c;
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
}

Result<Name> parse_name(const Element& element, std::string_view what) {
    if (element.tag != tag::kSequence) {
        return Error(Status::kX509UnexpectedAsn1Tag, std::string(what) + " is not a Name SEQUENCE but " +
                                                         tag_to_string(element.tag) + at(element.offset));
    }
    DerReader rdns = contents_reader(element);
    std::size_t attributes = 0;
    while (!rdns.empty()) {
        const std::size_t rdn_offset = rdns.offset();
        NXS_TRY_ASSIGN(auto rdn, rdns.enter(tag::kSet));
        // RFC 5280 §4.1.2.4 (X.501): RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue.
        if (rdn.empty()) {
            return Error(Status::kX509InvalidCertificateData, std::string(what) + " has an empty RDN" + at(rdn_offset));
        }
        while (!rdn.empty()) {
            const std::size_t atv_offset = rdn.offset();
            if (++attributes > kMaxNameAttributes) {
                return Error(Status::kX509NameStringTooLong, std::string(what) + " has more than " +
                                                                 std::to_string(kMaxNameAttributes) + " attributes");
            }
            NXS_TRY_ASSIGN(const auto attribute, read_attribute(rdn, 0));
            if (attribute.value.size() > kMaxAttributeValueLength) {
                return Error(Status::kX509NameStringTooLong,
                             std::string(what) + " has an attribute value longer than 64 KiB" + at(atv_offset));
            }
            NXS_TRY(check_string(attribute.value_tag, attribute.value, atv_offset));
        }
    }
    return Name{element.encoded};
}

bool Name::empty() const noexcept {
    return der.size() <= 2;
}

void Name::for_each_attribute(const std::function<bool(const Attribute&)>& visit) const {
    // The DER was checked by parse_name; a failure here only means a default-constructed or foreign Name: stop.
    DerReader outer(der);
    auto rdns = outer.enter(tag::kSequence);
    if (!rdns.ok()) {
        return;
    }
    for (std::size_t rdn_index = 0; !rdns->empty(); ++rdn_index) {
        auto rdn = rdns->enter(tag::kSet);
        if (!rdn.ok()) {
            return;
        }
        while (!rdn->empty()) {
            const auto attribute = read_attribute(*rdn, rdn_index);
            if (!attribute.ok() || !visit(*attribute)) {
                return;
            }
        }
    }
}

std::string_view Name::common_name() const noexcept {
    std::string_view found;
    try {
        for_each_attribute([&found](const Attribute& attribute) {
            if (!oid_equals(attribute.type, oid::kCommonName)) {
                return true;
            }
            found = std::string_view(reinterpret_cast<const char*>(attribute.value.data()), attribute.value.size());
            return false;
        });
    } catch (...) {
        // std::function may in principle throw bad_alloc; a name lookup then just finds nothing.
        return {};
    }
    return found;
}

std::string Name::to_string() const {
    std::string out;
    std::size_t last_rdn = SIZE_MAX;
    for_each_attribute([&](const Attribute& attribute) {
        if (last_rdn != SIZE_MAX) {
            out += attribute.rdn_index == last_rdn ? '+' : ',';
        }
        last_rdn = attribute.rdn_index;
        const std::string_view short_name = oid_name(attribute.type);
        // RFC 4514 §2.3: a known type by its short name; otherwise the dotted OID with the value as #hex of its BER.
        if (short_name.empty() || !is_string_tag(attribute.value_tag)) {
            out += short_name.empty() ? oid_to_string(attribute.type) : std::string(short_name);
            out += "=#";
            // The value's TLV: the tag, the length as DER writes it, the contents.
            std::uint8_t header[6] = {attribute.value_tag};
            std::size_t header_length = 2;
            const std::size_t length = attribute.value.size();
            if (length < 0x80) {
                header[1] = static_cast<std::uint8_t>(length);
            } else {
                std::size_t count = 0;
                for (std::size_t rest = length; rest != 0; rest >>= 8) {
                    ++count;
                }
                header[1] = static_cast<std::uint8_t>(0x80 | count);
                for (std::size_t i = 0; i < count; ++i) {
                    header[2 + i] = static_cast<std::uint8_t>(length >> (8 * (count - 1 - i)));
                }
                header_length += count;
            }
            append_hex(Bytes(header, header_length), out);
            append_hex(attribute.value, out);
            return true;
        }
        out += short_name;
        out += '=';
        std::string utf8;
        append_utf8(attribute.value_tag, attribute.value, utf8);
        append_escaped(utf8, out);
        return true;
    });
    return out;
}

// RFC 5280 §7.1: two names match when they have the same number of RDNs and each RDN of one matches the RDN in the
// same position of the other: the same set of attributes (in any order within a multi-valued RDN), each value
// compared after preparation. Not allocating: names are compared for every candidate issuer during path building.
bool names_equal(const Name& a, const Name& b) {
    if (std::equal(a.der.begin(), a.der.end(), b.der.begin(), b.der.end())) {
        return true;
    }
    DerReader outer_a(a.der);
    DerReader outer_b(b.der);
    auto rdns_a = outer_a.enter(tag::kSequence);
    auto rdns_b = outer_b.enter(tag::kSequence);
    if (!rdns_a.ok() || !rdns_b.ok()) {
        return false;
    }
    while (!rdns_a->empty() && !rdns_b->empty()) {
        auto rdn_a = rdns_a->enter(tag::kSet);
        auto rdn_b = rdns_b->enter(tag::kSet);
        if (!rdn_a.ok() || !rdn_b.ok()) {
            return false;
        }
        // Match each attribute of `a`'s RDN with an unused one of `b`'s; same count on both sides.
        std::bitset<kMaxNameAttributes> used;
        std::size_t count_a = 0;
        while (!rdn_a->empty()) {
            const auto attribute_a = read_attribute(*rdn_a, 0);
            if (!attribute_a.ok() || ++count_a > kMaxNameAttributes) {
                return false;
            }
            DerReader scan = *rdn_b;
            bool matched = false;
            for (std::size_t i = 0; !scan.empty() && i < kMaxNameAttributes; ++i) {
                const auto attribute_b = read_attribute(scan, 0);
                if (!attribute_b.ok()) {
                    return false;
                }
                if (!used[i] && attributes_equal(*attribute_a, *attribute_b)) {
                    used[i] = true;
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                return false;
            }
        }
        std::size_t count_b = 0;
        while (!rdn_b->empty()) {
            if (!read_attribute(*rdn_b, 0).ok()) {
                return false;
            }
            ++count_b;
        }
        if (count_a != count_b) {
            return false;
        }
    }
    return rdns_a->empty() && rdns_b->empty();
}

}  // namespace nxs::x509
