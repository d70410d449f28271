// Distinguished names and directory strings: the internal half of nxs::x509::Name (RFC 5280 §4.1.2.4, §7.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "nxs/result.h"
#include "nxs/x509/certificate.h"
#include "x509/der.h"

namespace nxs::x509 {

// Limits against absurd names (NX_SECURE_X509_NAME_STRING_TOO_LONG): real names have a handful of attributes of a
// few dozen bytes; RFC 5280 Appendix A's upper bounds are all below 32 KiB.
constexpr std::size_t kMaxNameAttributes = 256;
constexpr std::size_t kMaxAttributeValueLength = std::size_t{64} * 1024;

// Checks that `element` is a well-formed Name — a SEQUENCE OF non-empty SETs of AttributeTypeAndValue whose string
// values are valid for their type — and returns a view of it. `what` ("issuer", "directoryName") names it in errors.
Result<Name> parse_name(const Element& element, std::string_view what);

// True for the ASN.1 character string types a name value or a directory string may use.
bool is_string_tag(std::uint8_t tag) noexcept;

// Checks a string value against its type: PrintableString charset, IA5/Visible 7-bit, UTF8String valid UTF-8,
// BMPString a multiple of 2 bytes, UniversalString a multiple of 4 holding valid code points. TeletexString is taken
// as Latin-1 and not checked. Failure is NX_SECURE_X509_INVALID_CERTIFICATE_DATA.
Result<void> check_string(std::uint8_t tag, Bytes value, std::size_t offset);

// Appends the UTF-8 form of a checked string value (BMP/Universal decoded, Teletex as Latin-1).
void append_utf8(std::uint8_t tag, Bytes value, std::string& out);

}  // namespace nxs::x509
