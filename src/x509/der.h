// DerReader — a strict reader of DER (ITU-T X.690 §10) for certificates, CRLs and keys.
//
// Strict means: one-byte tags only (a high tag number is NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED), definite lengths
// in minimal form that fit in the enclosing element (anything else is NX_SECURE_X509_ASN1_LENGTH_TOO_LONG), the
// expected tag class (else NX_SECURE_X509_INVALID_TAG_CLASS) and number (else NX_SECURE_X509_UNEXPECTED_ASN1_TAG),
// BOOLEAN as 0x00/0xFF, minimal INTEGERs, and BIT STRINGs whose unused bits are zero
// (else NX_SECURE_X509_FOUND_NON_ZERO_PADDING). Elements left over where a structure should end are unexpected tags.
//
// Everything returned is a view into the input: reading allocates nothing (an Error allocates only when it carries
// a message, i.e. only on failure).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "nxs/result.h"

namespace nxs::x509 {

using Bytes = std::span<const std::uint8_t>;

// One-byte tags (X.690 §8.1.2): class in bits 8-7, constructed in bit 6, number in bits 5-1.
namespace tag {
constexpr std::uint8_t kBoolean = 0x01;
constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kBitString = 0x03;
constexpr std::uint8_t kOctetString = 0x04;
constexpr std::uint8_t kNull = 0x05;
constexpr std::uint8_t kOid = 0x06;
constexpr std::uint8_t kEnumerated = 0x0A;
constexpr std::uint8_t kUtf8String = 0x0C;
constexpr std::uint8_t kPrintableString = 0x13;
constexpr std::uint8_t kTeletexString = 0x14;
constexpr std::uint8_t kIa5String = 0x16;
constexpr std::uint8_t kUtcTime = 0x17;
constexpr std::uint8_t kGeneralizedTime = 0x18;
constexpr std::uint8_t kVisibleString = 0x1A;
constexpr std::uint8_t kUniversalString = 0x1C;
constexpr std::uint8_t kBmpString = 0x1E;
constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kSet = 0x31;

constexpr std::uint8_t kClassMask = 0xC0;
constexpr std::uint8_t kConstructedBit = 0x20;
constexpr std::uint8_t kContextClass = 0x80;

// [n] IMPLICIT on a primitive type, e.g. GeneralName dNSName [2].
constexpr std::uint8_t context(std::uint8_t number) {
    return static_cast<std::uint8_t>(kContextClass | number);
}
// [n] on a constructed type or EXPLICIT, e.g. TBSCertificate version [0] EXPLICIT.
constexpr std::uint8_t context_constructed(std::uint8_t number) {
    return static_cast<std::uint8_t>(kContextClass | kConstructedBit | number);
}
}  // namespace tag

// One TLV.
struct Element {
    std::uint8_t tag = 0;
    Bytes value;             // the contents octets
    Bytes encoded;           // the whole TLV (what a signature covers, for TBSCertificate)
    std::size_t offset = 0;  // where the TLV starts in the outermost input, for messages

    bool constructed() const noexcept { return (tag & tag::kConstructedBit) != 0; }
};

struct BitString {
    Bytes bytes;                   // the bits, first byte holds the first bits
    std::uint8_t unused_bits = 0;  // 0..7, in the last byte
    // Bit n of a named bit list (X.680 §22.6: bit 0 is the most significant bit of the first byte).
    bool bit(std::size_t n) const noexcept;
    std::size_t bit_count() const noexcept { return bytes.size() * 8 - unused_bits; }
};

class DerReader {
public:
    explicit DerReader(Bytes data, std::size_t base_offset = 0) noexcept : m_data(data), m_base(base_offset) {}

    bool empty() const noexcept { return m_pos == m_data.size(); }
    // The tag of the next element, without consuming it; nullopt at the end.
    std::optional<std::uint8_t> peek_tag() const noexcept;
    bool next_is(std::uint8_t expected_tag) const noexcept { return peek_tag() == expected_tag; }

    Result<Element> read_any();
    // The next element, which must have `expected_tag`.
    Result<Element> read(std::uint8_t expected_tag);
    // The next element if it has `expected_tag`; nullopt (and nothing consumed) if the next tag differs or at end.
    Result<std::optional<Element>> read_optional(std::uint8_t expected_tag);
    // A reader over the contents of the next element, which must have `expected_tag` (a SEQUENCE by default).
    Result<DerReader> enter(std::uint8_t expected_tag = tag::kSequence);

    Result<bool> read_boolean();
    // INTEGER contents (two's complement, minimal, not empty).
    Result<Bytes> read_integer();
    // A non-negative INTEGER that fits in 63 bits (versions, path lengths).
    Result<std::int64_t> read_small_integer();
    Result<Bytes> read_oid();
    Result<BitString> read_bit_string();
    Result<Bytes> read_octet_string();
    Result<void> read_null();

    // Fails with NX_SECURE_X509_UNEXPECTED_ASN1_TAG if elements remain (`what` names the structure for the message).
    Result<void> expect_end(std::string_view what) const;

    std::size_t offset() const noexcept { return m_base + m_pos; }

private:
    Bytes m_data;
    std::size_t m_pos = 0;
    std::size_t m_base = 0;
};

// A reader over the contents of an element already read (offsets in messages stay those of the outer input).
DerReader contents_reader(const Element& element) noexcept;

// Checks the contents of primitive values (shared with code that gets the contents some other way).
Result<void> check_integer_encoding(Bytes contents, std::size_t offset);
Result<void> check_oid_encoding(Bytes contents, std::size_t offset);

// "1.2.840.113549.1.1.11"; "<invalid OID>" if the encoding is broken.
std::string oid_to_string(Bytes oid);
// A tag for messages: "SEQUENCE", "[0] constructed", "INTEGER", "tag 0x45".
std::string tag_to_string(std::uint8_t tag);

}  // namespace nxs::x509
