// Peer identity checks (RFC 9525, which obsoletes RFC 6125): does a certificate name the host we meant to reach?
//
// What is compared:
// - A DNS host name only with dNSName subjectAltName entries; an IP address only with iPAddress entries (never with
//   a dNSName that spells the address, and never with the Common Name).
// - ASCII case-insensitively. Internationalized names are compared in their A-label form ("xn--..."), as ASCII: the
//   caller converts U-labels before asking (nxs does no IDNA mapping).
// - One trailing dot on the expected name is ignored ("example.com." is "example.com"); a reference or presented
//   name with an empty label, a character outside letters/digits/hyphen (an underscore, a NUL, a space, any byte
//   >= 0x80), a label longer than 63 bytes or a name longer than 253 never matches.
// - Wildcards (RFC 9525 §6.3): only "*" as the whole left-most label of a presented name of at least three labels
//   ("*.example.com" matches "a.example.com"; not "example.com", not "a.b.example.com"). Partial-label wildcards
//   ("f*o.example.com", "*oo.example.com", "xn--*.example.com"), a wildcard in any other label, and wildcards over two
//   labels ("*.com") never match. With a Public Suffix List (public_suffix.h; VerifyOptions::public_suffixes), a
//   wildcard whose base is a public suffix never matches either: "*.co.uk" does not match "example.co.uk", nor
//   "*.s3.amazonaws.com" "bucket.s3.amazonaws.com" (RFC 9525 §7.2; what browsers, libpsl and curl do). Without one
//   (nullptr, the default) "*.co.uk" is accepted as a three-label pattern.
// - The Common Name only when `legacy_cn_fallback` is set and the certificate has no dNSName SAN at all (RFC 9525
//   §6.2 deprecates it; off by default).
// A mismatch is NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH (0x195) with the names the certificate does present.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"

namespace nxs::x509 {

class PublicSuffixList;

// An IPv4 (4 bytes) or IPv6 (16 bytes) address in network order.
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};
    std::size_t size = 0;  // 4 or 16
    Bytes view() const noexcept { return {bytes.data(), size}; }
};

// IPv4 dotted quad ("192.0.2.1": four decimal parts 0-255, no leading zeros, no hex or octal forms) or IPv6 text
// (RFC 4291 §2.2: eight groups, "::" once, an embedded dotted quad in the last 32 bits). Any case for hex digits.
// nullopt for anything else, including zone ids ("fe80::1%eth0") and brackets.
NXS_API std::optional<IpAddress> parse_ip_address(std::string_view text) noexcept;

// A syntactically valid DNS host name as a reference identity: LDH labels of 1-63 bytes, not starting or ending with
// a hyphen, 253 bytes at most, at least one label; one trailing dot allowed. Not an IPv4 address.
NXS_API bool is_valid_host_name(std::string_view name) noexcept;

// A presented dNSName (from a SAN or a name constraint check): LDH labels as above; when `allow_wildcard`, the
// left-most label may be exactly "*". No trailing dot.
NXS_API bool is_valid_dns_san(std::string_view name, bool allow_wildcard) noexcept;

// Does the presented name (a SAN dNSName, possibly "*.example.com") match the reference host name? When
// `public_suffixes` is given, a wildcard over a public suffix does not.
NXS_API bool dns_name_matches(std::string_view presented, std::string_view reference,
                              const PublicSuffixList* public_suffixes = nullptr) noexcept;

// The checks above on a certificate. Fail with 0x195 and a message listing what the certificate names (and, when a
// wildcard was refused only because of the Public Suffix List, saying so).
NXS_API Result<void> check_host_name(const Certificate& cert, std::string_view host, bool legacy_cn_fallback = false,
                                     const PublicSuffixList* public_suffixes = nullptr);
NXS_API Result<void> check_ip_address(const Certificate& cert, std::string_view ip_text);
// An RFC 822 mailbox against rfc822Name SANs: local part exact, domain ASCII case-insensitive.
NXS_API Result<void> check_email(const Certificate& cert, std::string_view email);

}  // namespace nxs::x509
