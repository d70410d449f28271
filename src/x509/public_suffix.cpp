// The Public Suffix List: parsing (publicsuffix.org/list/#list-format), IDNA A-labels for its UTF-8 rules (RFC 3492
// Punycode), and the lookup that host-name matching asks before letting a wildcard cover a suffix.
#include "nxs/x509/public_suffix.h"

#include <array>
#include <fstream>
#include <optional>
#include <span>
#include <utility>

namespace nxs::x509 {
namespace {

constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxName = 253;
constexpr std::string_view kAcePrefix = "xn--";  // RFC 5890 §2.3.2.5

char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_ldh(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

Error bad_rule(std::size_t line, std::string_view rule, std::string_view why) {
    std::string message = "public suffix list line ";
    message += std::to_string(line);
    message += ": rule '";
    for (const char c : rule.substr(0, 80)) {
        const auto byte = static_cast<unsigned char>(c);
        message += (byte < 0x20 || byte == 0x7F) ? '?' : c;
    }
    message += "' ";
    message += why;
    return Error(Status::kX509InvalidCertificateData, ErrorDetail{std::move(message), "public suffix list", -1, {}});
}

// A label's code points: at most kMaxLabel, since every code point costs at least one byte of the A-label.
struct CodePoints {
    std::array<char32_t, kMaxLabel> values{};
    std::size_t size = 0;
    std::span<const char32_t> view() const noexcept { return {values.data(), size}; }
};

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. nullopt when invalid or longer
// than kMaxLabel code points.
std::optional<CodePoints> decode_utf8(std::string_view text) noexcept {
    CodePoints out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (lead < 0x80) {
            length = 1;
            cp = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            cp = lead & 0x1FU;
            min = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            cp = lead & 0x0FU;
            min = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            cp = lead & 0x07U;
            min = 0x10000;
        } else {
            return std::nullopt;
        }
        if (text.size() - i < length) {
            return std::nullopt;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return std::nullopt;
            }
            cp = (cp << 6) | (next & 0x3FU);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || out.size == out.values.size()) {
            return std::nullopt;
        }
        out.values.at(out.size++) = cp;
        i += length;
    }
    return out;
}

// RFC 3492 §5 parameters.
constexpr std::uint32_t kBase = 36;
constexpr std::uint32_t kTmin = 1;
constexpr std::uint32_t kTmax = 26;
constexpr std::uint32_t kSkew = 38;
constexpr std::uint32_t kDamp = 700;
constexpr std::uint32_t kInitialBias = 72;
constexpr std::uint32_t kInitialN = 128;

// RFC 3492 §6.1.
std::uint32_t adapt(std::uint64_t delta, std::uint64_t points, bool first) noexcept {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    std::uint32_t k = 0;
    while (delta > ((kBase - kTmin) * kTmax) / 2) {
        delta /= kBase - kTmin;
        k += kBase;
    }
    return static_cast<std::uint32_t>(k + (kBase - kTmin + 1) * delta / (delta + kSkew));
}

char punycode_digit(std::uint64_t d) noexcept {
    return d < 26 ? static_cast<char>('a' + d) : static_cast<char>('0' + (d - 26));
}

// RFC 3492 §6.3 encoding of one label's code points (the part after "xn--"). The input has at most 63 code points
// below U+110000, so delta stays far below 2^64 and needs no overflow checks.
std::string punycode_encode(const CodePoints& input) {
    std::string out;
    for (const char32_t c : input.view()) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        }
    }
    const std::size_t basic = out.size();
    std::size_t handled = basic;
    if (basic > 0) {
        out += '-';
    }
    std::uint64_t n = kInitialN;
    std::uint64_t delta = 0;
    std::uint32_t bias = kInitialBias;
    while (handled < input.size) {
        std::uint64_t m = 0x110000;
        for (const char32_t c : input.view()) {
            if (c >= n && c < m) {
                m = c;
            }
        }
        delta += (m - n) * (handled + 1);
        n = m;
        for (const char32_t c : input.view()) {
            if (c < n) {
                ++delta;
            }
            if (c != n) {
                continue;
            }
            std::uint64_t q = delta;
            for (std::uint32_t k = kBase;; k += kBase) {
                const std::uint32_t t = k <= bias ? kTmin : (k >= bias + kTmax ? kTmax : k - bias);
                if (q < t) {
                    break;
                }
                out += punycode_digit(t + (q - t) % (kBase - t));
                q = (q - t) / (kBase - t);
            }
            out += punycode_digit(q);
            bias = adapt(delta, handled + 1, handled == basic);
            delta = 0;
            ++handled;
        }
        ++delta;
        ++n;
    }
    return out;
}

}  // namespace

Result<PublicSuffixList> PublicSuffixList::parse(std::string_view text) {
    PublicSuffixList list;
    if (text.starts_with("\xEF\xBB\xBF")) {  // a UTF-8 byte order mark
        text.remove_prefix(3);
    }
    std::size_t line_number = 0;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        ++line_number;
        const std::size_t begin = line.find_first_not_of(" \t\r");
        if (begin == std::string_view::npos) {
            continue;
        }
        line.remove_prefix(begin);
        if (line.starts_with("//")) {
            continue;
        }
        // "Each line is only read up to the first whitespace."
        NXS_TRY(list.add_rule(line.substr(0, line.find_first_of(" \t\r")), line_number));
    }
    if (list.m_rules.empty()) {
        return Error(Status::kX509InvalidCertificateData,
                     ErrorDetail{"the public suffix list holds no rules", "public suffix list", -1, {}});
    }
    return list;
}

Result<PublicSuffixList> PublicSuffixList::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error(Status::kTlsCertificateNotFound,
                     ErrorDetail{"cannot open public suffix list " + path, "public suffix list", -1, {}});
    }
    std::string text;
    std::array<char, 16384> chunk{};
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        return Error(Status::kTlsCertificateNotFound,
                     ErrorDetail{"cannot read public suffix list " + path, "public suffix list", -1, {}});
    }
    auto list = parse(text);
    if (!list.ok()) {
        ErrorDetail detail = list.error().detail();
        detail.message = path + ": " + detail.message;
        return Error(list.status(), std::move(detail));
    }
    return list;
}

Result<PublicSuffixList> PublicSuffixList::load_system() {
    return load_file(std::string(kSystemPath));
}

Result<void> PublicSuffixList::add_rule(std::string_view rule, std::size_t line) {
    const std::string_view original = rule;
    std::uint8_t kind = kRule;
    if (rule == "*") {
        return {};  // the implicit default rule
    }
    if (rule.starts_with('!')) {
        kind = kException;
        rule.remove_prefix(1);
    } else if (rule.starts_with("*.")) {
        kind = kWildcardBase;
        rule.remove_prefix(2);
    }
    std::string a_labels;    // what certificates carry
    std::string as_written;  // lower case, UTF-8 labels kept
    bool international = false;
    std::size_t labels = 0;
    while (true) {
        const std::size_t dot = rule.find('.');
        const std::string_view label = rule.substr(0, dot);
        if (label.empty()) {
            return bad_rule(line, original, "has an empty label");
        }
        if (label.find('*') != std::string_view::npos) {
            return bad_rule(line, original, "has a wildcard that is not the whole left-most label");
        }
        if (label.size() > kMaxLabel * 4) {  // more than 63 characters in any encoding
            return bad_rule(line, original, "has a label over 63 characters");
        }
        std::string lower;
        bool ascii = true;
        for (const char c : label) {
            const char l = ascii_lower(c);
            if (static_cast<unsigned char>(c) >= 0x80) {
                ascii = false;
            } else if (!is_ldh(l)) {
                return bad_rule(line, original, "has a character other than a letter, digit or hyphen");
            }
            lower += l;
        }
        if (labels > 0) {
            a_labels += '.';
            as_written += '.';
        }
        as_written += lower;
        if (ascii) {
            if (lower.size() > kMaxLabel) {
                return bad_rule(line, original, "has a label over 63 bytes");
            }
            a_labels += lower;
        } else {
            const auto points = decode_utf8(lower);
            if (!points) {
                return bad_rule(line, original, "is not valid UTF-8 (or has a label over 63 characters)");
            }
            const std::string encoded = punycode_encode(*points);
            if (kAcePrefix.size() + encoded.size() > kMaxLabel) {
                return bad_rule(line, original, "has a label over 63 bytes as an A-label");
            }
            a_labels += kAcePrefix;
            a_labels += encoded;
            international = true;
        }
        ++labels;
        if (dot == std::string_view::npos) {
            break;
        }
        rule.remove_prefix(dot + 1);
    }
    if (a_labels.size() > kMaxName) {
        return bad_rule(line, original, "is longer than 253 bytes");
    }
    if (kind == kException && labels < 2) {
        return bad_rule(line, original, "is an exception of a single label (its parent would be the root)");
    }
    if (international) {
        insert(std::move(as_written), kind);
    }
    insert(std::move(a_labels), kind);
    return {};
}

void PublicSuffixList::insert(std::string name, std::uint8_t kind) {
    auto [it, added] = m_rules.try_emplace(std::move(name), kind);
    if (!added) {
        it->second = static_cast<std::uint8_t>(it->second | kind);
    }
}

std::uint8_t PublicSuffixList::kinds_of(std::string_view name) const noexcept {
    const auto it = m_rules.find(name);
    return it == m_rules.end() ? 0 : it->second;
}

bool PublicSuffixList::is_public_suffix(std::string_view dns_name) const noexcept {
    if (!dns_name.empty() && dns_name.back() == '.') {
        dns_name.remove_suffix(1);
    }
    if (dns_name.empty() || dns_name.size() > kMaxName) {
        return false;
    }
    std::array<char, kMaxName> buffer{};
    for (std::size_t i = 0; i < dns_name.size(); ++i) {
        buffer[i] = ascii_lower(dns_name[i]);  // i < 253: checked above
    }
    const std::string_view name(buffer.data(), dns_name.size());
    // Walk the suffixes from the whole name to its last label. The name is a public suffix when a rule covers all of
    // its labels (a rule equal to it, a wildcard rule on its parent, or the implicit "*" for a single label) and no
    // exception rule matches any suffix: an exception always prevails, and the suffix it leaves (its parent) is
    // shorter than the name.
    bool covered = false;
    std::size_t start = 0;
    while (true) {
        const std::string_view suffix = name.substr(start);
        const std::size_t dot = suffix.find('.');
        if (suffix.empty() || dot == 0) {
            return false;  // an empty label
        }
        const std::uint8_t kinds = kinds_of(suffix);
        if ((kinds & kException) != 0) {
            return false;
        }
        if (start == 0) {
            covered = (kinds & kRule) != 0 || dot == std::string_view::npos ||
                      (kinds_of(suffix.substr(dot + 1)) & kWildcardBase) != 0;
        }
        if (dot == std::string_view::npos) {
            return covered;
        }
        start += dot + 1;
    }
}

}  // namespace nxs::x509
