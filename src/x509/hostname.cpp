// Peer identity checks: RFC 9525 §6 (DNS names, wildcards, IP addresses), RFC 5280 §4.2.1.6 (SAN forms).
#include "nxs/x509/hostname.h"

#include <algorithm>
#include <cstddef>
#include <string>

#include "nxs/x509/public_suffix.h"

namespace nxs::x509 {
namespace {

constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxName = 253;

char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignore_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

bool is_ldh(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool valid_label(std::string_view label) noexcept {
    if (label.empty() || label.size() > kMaxLabel || label.front() == '-' || label.back() == '-') {
        return false;
    }
    for (const char c : label) {
        if (!is_ldh(c)) {
            return false;
        }
    }
    return true;
}

// Valid LDH name without a trailing dot; `wildcard` allows "*" as the whole first label.
bool valid_name(std::string_view name, bool wildcard) noexcept {
    if (name.empty() || name.size() > kMaxName) {
        return false;
    }
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t dot = name.find('.', start);
        const std::string_view label = name.substr(start, dot == std::string_view::npos ? name.npos : dot - start);
        const bool ok = valid_label(label) || (first && wildcard && label == "*");
        if (!ok) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        start = dot + 1;
        first = false;
    }
}

std::string_view bytes_text(Bytes b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};  // NOLINT: IA5String contents are bytes
}

std::string_view strip_trailing_dot(std::string_view name) noexcept {
    if (!name.empty() && name.back() == '.') {
        name.remove_suffix(1);
    }
    return name;
}

std::optional<unsigned> parse_decimal_octet(std::string_view part) noexcept {
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part.front() == '0')) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (const char c : part) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value <= 255 ? std::optional<unsigned>(value) : std::nullopt;
}

bool parse_ipv4(std::string_view text, std::uint8_t* out) noexcept {
    for (int i = 0; i < 4; ++i) {
        const std::size_t dot = text.find('.');
        if ((i < 3) != (dot != std::string_view::npos)) {
            return false;
        }
        const auto octet = parse_decimal_octet(text.substr(0, dot));
        if (!octet) {
            return false;
        }
        out[i] = static_cast<std::uint8_t>(*octet);  // NOLINT: out has 4 bytes
        text = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    }
    return true;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const char l = ascii_lower(c);
    return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
}

// Groups of one side of "::" into `groups`; false on a malformed group.
bool parse_ipv6_groups(std::string_view text, std::vector<std::uint16_t>& groups, bool allow_ipv4_tail) {
    if (text.empty()) {
        return true;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = text.find(':', start);
        const std::string_view group = text.substr(start, colon == std::string_view::npos ? text.npos : colon - start);
        if (colon == std::string_view::npos && allow_ipv4_tail && group.find('.') != std::string_view::npos) {
            std::uint8_t v4[4];
            if (!parse_ipv4(group, v4)) {
                return false;
            }
            groups.push_back(static_cast<std::uint16_t>((v4[0] << 8) | v4[1]));
            groups.push_back(static_cast<std::uint16_t>((v4[2] << 8) | v4[3]));
            return true;
        }
        if (group.empty() || group.size() > 4) {
            return false;
        }
        unsigned value = 0;
        for (const char c : group) {
            const int h = hex_value(c);
            if (h < 0) {
                return false;
            }
            value = (value << 4) | static_cast<unsigned>(h);
        }
        groups.push_back(static_cast<std::uint16_t>(value));
        if (colon == std::string_view::npos) {
            return true;
        }
        start = colon + 1;
    }
}

bool parse_ipv6(std::string_view text, std::uint8_t* out) {
    std::vector<std::uint16_t> head;
    std::vector<std::uint16_t> tail;
    const std::size_t gap = text.find("::");
    if (gap == std::string_view::npos) {
        if (!parse_ipv6_groups(text, head, true) || head.size() != 8) {
            return false;
        }
    } else {
        if (text.find("::", gap + 1) != std::string_view::npos) {
            return false;
        }
        const std::string_view left = text.substr(0, gap);
        const std::string_view right = text.substr(gap + 2);
        if (!parse_ipv6_groups(left, head, false) || !parse_ipv6_groups(right, tail, true) ||
            head.size() + tail.size() > 7) {
            return false;
        }
        head.resize(8 - tail.size(), 0);
        head.insert(head.end(), tail.begin(), tail.end());
    }
    for (std::size_t i = 0; i < 8; ++i) {
        out[2 * i] = static_cast<std::uint8_t>(head[i] >> 8);        // NOLINT: out has 16 bytes
        out[2 * i + 1] = static_cast<std::uint8_t>(head[i] & 0xFF);  // NOLINT
    }
    return true;
}

std::string names_for_message(const Certificate& cert, GeneralName::Kind kind) {
    std::string out;
    if (const auto& san = cert.extensions().subject_alt_name) {
        san->for_each([&](const GeneralName& name) {
            if (name.kind != kind) {
                return true;
            }
            if (!out.empty()) {
                out += ", ";
            }
            if (kind == GeneralName::Kind::kIpAddress) {
                std::string text;
                if (name.value.size() == 4) {
                    for (std::size_t i = 0; i < 4; ++i) {
                        text += (i ? "." : "") + std::to_string(name.value[i]);
                    }
                } else {
                    static constexpr char kHex[] = "0123456789abcdef";
                    for (std::size_t i = 0; i < name.value.size(); ++i) {
                        if (i != 0 && i % 2 == 0) {
                            text += ':';
                        }
                        text += kHex[name.value[i] >> 4];
                        text += kHex[name.value[i] & 0xF];
                    }
                }
                out += text;
                return true;
            }
            for (const std::uint8_t b : name.value) {
                out += (b >= 0x20 && b < 0x7F) ? static_cast<char>(b) : '?';
            }
            return true;
        });
    }
    return out.empty() ? std::string("none") : out;
}

Error mismatch(const Certificate& cert, std::string message) {
    return Error(Status::kX509CertificateDnsMismatch,
                 ErrorDetail{std::move(message), "subjectAltName", 0, cert.subject().to_string()});
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) noexcept {
    IpAddress ip;
    if (text.find(':') != std::string_view::npos) {
        try {
            if (!parse_ipv6(text, ip.bytes.data())) {
                return std::nullopt;
            }
        } catch (...) {  // std::bad_alloc from the small group vectors
            return std::nullopt;
        }
        ip.size = 16;
        return ip;
    }
    if (!parse_ipv4(text, ip.bytes.data())) {
        return std::nullopt;
    }
    ip.size = 4;
    return ip;
}

bool is_valid_host_name(std::string_view name) noexcept {
    name = strip_trailing_dot(name);
    if (!valid_name(name, false)) {
        return false;
    }
    // RFC 9525 §6.2: an IP address is not a DNS reference identity ("8.8.8.8" would otherwise be four LDH labels).
    return !parse_ip_address(name).has_value();
}

bool is_valid_dns_san(std::string_view name, bool allow_wildcard) noexcept {
    return valid_name(name, allow_wildcard);
}

bool dns_name_matches(std::string_view presented, std::string_view reference,
                      const PublicSuffixList* public_suffixes) noexcept {
    reference = strip_trailing_dot(reference);
    if (!is_valid_host_name(reference) || !is_valid_dns_san(presented, true)) {
        return false;
    }
    if (!presented.starts_with("*.")) {
        return equal_ignore_case(presented, reference);
    }
    // RFC 9525 §6.3: the wildcard stands for exactly one whole left-most label; it needs two more labels under it.
    const std::string_view base = presented.substr(2);
    if (base.find('.') == std::string_view::npos) {
        return false;
    }
    const std::size_t dot = reference.find('.');
    if (dot == std::string_view::npos || dot == 0) {
        return false;
    }
    if (!equal_ignore_case(reference.substr(dot + 1), base)) {
        return false;
    }
    // RFC 9525 §7.2: a wildcard must not stand for every name under a public suffix ("*.co.uk").
    return public_suffixes == nullptr || !public_suffixes->is_public_suffix(base);
}

Result<void> check_host_name(const Certificate& cert, std::string_view host, bool legacy_cn_fallback,
                             const PublicSuffixList* public_suffixes) {
    if (!is_valid_host_name(host)) {
        return mismatch(cert, "expected host name '" + std::string(host) + "' is not a valid DNS name");
    }
    bool any_dns = false;
    bool matched = false;
    std::string_view refused_wildcard;  // a name that matches only when the Public Suffix List is not applied
    const auto try_name = [&](std::string_view presented) {
        matched = dns_name_matches(presented, host, public_suffixes);
        if (!matched && public_suffixes != nullptr && refused_wildcard.empty() &&
            dns_name_matches(presented, host, nullptr)) {
            refused_wildcard = presented;
        }
    };
    if (const auto& san = cert.extensions().subject_alt_name) {
        san->for_each([&](const GeneralName& name) {
            if (name.kind == GeneralName::Kind::kDnsName) {
                any_dns = true;
                try_name(bytes_text(name.value));
            }
            return !matched;
        });
    }
    if (matched) {
        return {};
    }
    if (legacy_cn_fallback && !any_dns) {
        const std::string_view cn = cert.subject().common_name();
        if (!cn.empty()) {
            try_name(cn);
            if (matched) {
                return {};
            }
        }
    }
    std::string message = "host name '" + std::string(host) + "' does not match the certificate's DNS names (" +
                          names_for_message(cert, GeneralName::Kind::kDnsName) + ")";
    if (!refused_wildcard.empty()) {
        message += "; the wildcard '";
        message += refused_wildcard;
        message += "' covers a public suffix";
    }
    return mismatch(cert, std::move(message));
}

Result<void> check_ip_address(const Certificate& cert, std::string_view ip_text) {
    const auto ip = parse_ip_address(ip_text);
    if (!ip) {
        return mismatch(cert, "expected IP address '" + std::string(ip_text) + "' is not a valid IPv4 or IPv6 address");
    }
    bool matched = false;
    if (const auto& san = cert.extensions().subject_alt_name) {
        san->for_each([&](const GeneralName& name) {
            if (name.kind == GeneralName::Kind::kIpAddress && name.value.size() == ip->size) {
                matched = std::equal(name.value.begin(), name.value.end(), ip->bytes.begin());
            }
            return !matched;
        });
    }
    if (matched) {
        return {};
    }
    return mismatch(cert, "IP address " + std::string(ip_text) + " does not match the certificate's IP addresses (" +
                              names_for_message(cert, GeneralName::Kind::kIpAddress) + ")");
}

Result<void> check_email(const Certificate& cert, std::string_view email) {
    const std::size_t at = email.rfind('@');
    bool matched = false;
    if (at != std::string_view::npos && at > 0) {
        if (const auto& san = cert.extensions().subject_alt_name) {
            san->for_each([&](const GeneralName& name) {
                if (name.kind != GeneralName::Kind::kRfc822Name) {
                    return true;
                }
                const std::string_view presented = bytes_text(name.value);
                const std::size_t pat = presented.rfind('@');
                matched = pat == at && presented.substr(0, at) == email.substr(0, at) &&
                          equal_ignore_case(presented.substr(at + 1), email.substr(at + 1));
                return !matched;
            });
        }
    }
    if (matched) {
        return {};
    }
    return mismatch(cert, "e-mail address '" + std::string(email) + "' does not match the certificate's addresses (" +
                              names_for_message(cert, GeneralName::Kind::kRfc822Name) + ")");
}

}  // namespace nxs::x509
