// Name constraints (RFC 5280 §4.2.1.10, §6.1.4 (g), §6.1.3 (b)/(c)).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "nxs/x509/hostname.h"
#include "x509/der.h"
#include "x509/oids.h"
#include "x509/path_checks.h"

namespace nxs::x509::detail {
namespace {

using Kind = GeneralName::Kind;

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequal(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// `name` equals `base` or is under it ("www.example.com" under "example.com"), case-insensitively.
bool dns_within(std::string_view name, std::string_view base) noexcept {
    if (base.empty()) {
        return true;  // an empty dNSName constraint covers every name
    }
    if (name.size() == base.size()) {
        return iequal(name, base);
    }
    return name.size() > base.size() && name[name.size() - base.size() - 1] == '.' &&
           iequal(name.substr(name.size() - base.size()), base);
}

bool is_checkable(Kind kind) noexcept {
    return kind == Kind::kDnsName || kind == Kind::kIpAddress || kind == Kind::kDirectoryName ||
           kind == Kind::kRfc822Name || kind == Kind::kUri;
}

const char* kind_name(Kind kind) noexcept {
    switch (kind) {
        case Kind::kOtherName:
            return "otherName";
        case Kind::kRfc822Name:
            return "rfc822Name";
        case Kind::kDnsName:
            return "dNSName";
        case Kind::kX400Address:
            return "x400Address";
        case Kind::kDirectoryName:
            return "directoryName";
        case Kind::kEdiPartyName:
            return "ediPartyName";
        case Kind::kUri:
            return "uniformResourceIdentifier";
        case Kind::kIpAddress:
            return "iPAddress";
        case Kind::kRegisteredId:
            return "registeredID";
    }
    return "GeneralName";
}

std::string printable(Bytes b) {
    std::string out;
    for (const std::uint8_t c : b) {
        out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
    }
    return out;
}

std::string name_text(const GeneralName& name) {
    if (name.kind == Kind::kDirectoryName) {
        return Name{name.value}.to_string();
    }
    if (name.kind == Kind::kIpAddress) {
        std::string out;
        for (std::size_t i = 0; i < name.value.size(); ++i) {
            out += (i ? "." : "") + std::to_string(name.value[i]);
        }
        return out;
    }
    return printable(name.value);
}

bool mask_contiguous(Bytes mask) noexcept {
    bool zero_seen = false;
    for (const std::uint8_t byte : mask) {
        for (int bit = 7; bit >= 0; --bit) {
            const bool one = ((byte >> bit) & 1) != 0;
            if (one && zero_seen) {
                return false;
            }
            zero_seen = zero_seen || !one;
        }
    }
    return true;
}

// A mailbox "local@domain": exactly one '@' outside a quoted local part, both sides non-empty, a valid domain.
bool valid_mailbox(std::string_view mailbox) noexcept {
    const std::size_t at = mailbox.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == mailbox.size()) {
        return false;
    }
    const std::string_view local = mailbox.substr(0, at);
    if (!(local.size() >= 2 && local.front() == '"' && local.back() == '"') &&
        local.find('@') != std::string_view::npos) {
        return false;
    }
    for (const char c : local) {
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
            return false;
        }
    }
    return is_valid_dns_san(mailbox.substr(at + 1), false);
}

bool valid_email_constraint(std::string_view c) noexcept {
    if (c.find('@') != std::string_view::npos) {
        return valid_mailbox(c);
    }
    if (c.starts_with('.')) {
        return is_valid_dns_san(c.substr(1), false);
    }
    return is_valid_dns_san(c, false);
}

bool email_matches(std::string_view mailbox, std::string_view constraint) noexcept {
    const std::size_t at = mailbox.rfind('@');
    const std::string_view domain = mailbox.substr(at + 1);
    if (constraint.find('@') != std::string_view::npos) {
        const std::size_t cat = constraint.rfind('@');
        return mailbox.substr(0, at) == constraint.substr(0, cat) && iequal(domain, constraint.substr(cat + 1));
    }
    if (constraint.starts_with('.')) {
        return domain.size() > constraint.size() &&
               iequal(domain.substr(domain.size() - constraint.size()), constraint);
    }
    return iequal(domain, constraint);
}

// The host of "scheme://[userinfo@]host[:port][/...]"; nullopt when the URI has no authority.
std::optional<std::string_view> uri_host(std::string_view uri) noexcept {
    const std::size_t scheme = uri.find("://");
    if (scheme == std::string_view::npos || scheme == 0) {
        return std::nullopt;
    }
    std::string_view rest = uri.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
        rest = rest.substr(at + 1);
    }
    if (rest.starts_with('[')) {
        return std::nullopt;  // IP literal: not a host name a URI constraint can match
    }
    rest = rest.substr(0, rest.find(':'));
    if (!is_valid_dns_san(rest, false)) {
        return std::nullopt;
    }
    return rest;
}

bool valid_uri_constraint(std::string_view c) noexcept {
    return is_valid_dns_san(c.starts_with('.') ? c.substr(1) : c, false);
}

bool uri_matches(std::string_view host, std::string_view constraint) noexcept {
    if (constraint.starts_with('.')) {
        return host.size() > constraint.size() && iequal(host.substr(host.size() - constraint.size()), constraint);
    }
    return iequal(host, constraint);
}

// DER length octets (X.690 §8.1.3).
void append_length(std::vector<std::uint8_t>& out, std::size_t length) {
    if (length < 0x80) {
        out.push_back(static_cast<std::uint8_t>(length));
        return;
    }
    std::uint8_t bytes[sizeof(std::size_t)];
    std::size_t n = 0;
    while (length != 0) {
        bytes[n++] = static_cast<std::uint8_t>(length & 0xFF);  // NOLINT: n < sizeof(size_t)
        length >>= 8;
    }
    out.push_back(static_cast<std::uint8_t>(0x80 | n));
    while (n != 0) {
        out.push_back(bytes[--n]);  // NOLINT
    }
}

// Is `base` (a Name) a prefix of `name`'s RDN sequence? RFC 5280 §4.2.1.10 / §7.1 comparison through names_equal()
// on the first RDNs of `name`.
bool dn_within(const Name& name, const Name& base) {
    std::vector<Bytes> name_rdns;
    std::vector<Bytes> base_rdns;
    const auto collect = [](const Name& n, std::vector<Bytes>& out) {
        DerReader outer(n.der);
        auto seq = outer.enter(tag::kSequence);
        if (!seq.ok()) {
            return false;
        }
        while (!seq->empty()) {
            auto rdn = seq->read(tag::kSet);
            if (!rdn.ok()) {
                return false;
            }
            out.push_back(rdn->encoded);
        }
        return true;
    };
    if (!collect(name, name_rdns) || !collect(base, base_rdns) || base_rdns.size() > name_rdns.size()) {
        return false;
    }
    if (base_rdns.empty()) {
        return true;
    }
    std::vector<std::uint8_t> contents;
    for (std::size_t i = 0; i < base_rdns.size(); ++i) {
        contents.insert(contents.end(), name_rdns[i].begin(), name_rdns[i].end());
    }
    std::vector<std::uint8_t> prefix{tag::kSequence};
    append_length(prefix, contents.size());
    prefix.insert(prefix.end(), contents.begin(), contents.end());
    return names_equal(Name{prefix}, base);
}

// Does `name` fall within the subtree `base` (same form)? For excluded subtrees a wildcard dNSName matches when any
// name it stands for would; for permitted ones only when every such name lies inside.
bool within(const GeneralName& name, const GeneralName& base, bool excluded) {
    switch (name.kind) {
        case Kind::kDnsName: {
            const std::string_view n = bytes_text(name.value);
            const std::string_view b = bytes_text(base.value);
            if (!n.starts_with("*.")) {
                return dns_within(n, b);
            }
            const std::string_view parent = n.substr(2);
            if (dns_within(parent, b)) {
                return true;
            }
            // CVE-2025-61727: "*.example.com" may present as "bar.example.com", inside an excluded "bar.example.com".
            const std::size_t dot = b.find('.');
            return excluded && dot != std::string_view::npos && dot != 0 && iequal(b.substr(dot + 1), parent);
        }
        case Kind::kIpAddress: {
            if (base.value.size() != 2 * name.value.size()) {
                return false;
            }
            const std::size_t n = name.value.size();
            for (std::size_t i = 0; i < n; ++i) {
                if ((name.value[i] & base.value[n + i]) != (base.value[i] & base.value[n + i])) {
                    return false;
                }
            }
            return true;
        }
        case Kind::kDirectoryName:
            return dn_within(Name{name.value}, Name{base.value});
        case Kind::kRfc822Name:
            return email_matches(bytes_text(name.value), bytes_text(base.value));
        case Kind::kUri: {
            const auto host = uri_host(bytes_text(name.value));
            return host && uri_matches(*host, bytes_text(base.value));
        }
        default:
            return false;
    }
}

// A subject name is well-formed for its form (malformed names under a constraint of their form are rejected).
bool well_formed(const GeneralName& name) {
    switch (name.kind) {
        case Kind::kDnsName:
            return is_valid_dns_san(bytes_text(name.value), true);
        case Kind::kIpAddress:
            return name.value.size() == 4 || name.value.size() == 16;
        case Kind::kRfc822Name:
            return valid_mailbox(bytes_text(name.value));
        case Kind::kUri:
            return uri_host(bytes_text(name.value)).has_value();
        default:
            return true;
    }
}

}  // namespace

Result<void> check_name_constraints_syntax(const Certificate& ca, int depth) {
    const auto& nc = ca.extensions().name_constraints;
    if (!nc) {
        return {};
    }
    const auto fail = [&](const std::string& what) {
        return cert_error(Status::kX509ChainVerifyFailure, ca, depth, "nameConstraints", what);
    };
    if (!ca.is_ca()) {
        return fail("has nameConstraints but is not a CA (RFC 5280 §4.2.1.10)");
    }
    const bool has_permitted = nc->permitted && !nc->permitted->der.empty();
    const bool has_excluded = nc->excluded && !nc->excluded->der.empty();
    if ((nc->permitted && !has_permitted) || (nc->excluded && !has_excluded) || (!has_permitted && !has_excluded)) {
        return fail("has an empty nameConstraints (RFC 5280 §4.2.1.10: at least one non-empty subtree list)");
    }
    std::string bad;
    const auto check = [&](const GeneralName& base) {
        bool ok = true;
        switch (base.kind) {
            case Kind::kDnsName:
                ok = base.value.empty() || is_valid_dns_san(bytes_text(base.value), false);
                break;
            case Kind::kIpAddress:
                ok = (base.value.size() == 8 || base.value.size() == 32) &&
                     mask_contiguous(base.value.subspan(base.value.size() / 2));
                break;
            case Kind::kRfc822Name:
                ok = valid_email_constraint(bytes_text(base.value));
                break;
            case Kind::kUri:
                ok = valid_uri_constraint(bytes_text(base.value));
                break;
            default:
                break;
        }
        if (!ok) {
            bad = std::string(kind_name(base.kind)) + " subtree '" + name_text(base) + "'";
        }
        return ok;
    };
    if (has_permitted) {
        nc->permitted->for_each(check);
    }
    if (bad.empty() && has_excluded) {
        nc->excluded->for_each(check);
    }
    if (!bad.empty()) {
        return fail("has a malformed name constraint: " + bad);
    }
    return {};
}

Result<void> apply_name_constraints(const Certificate& ca, int ca_depth, const Certificate& subject, int depth,
                                    NameBudget& budget) {
    const auto& nc = ca.extensions().name_constraints;
    if (!nc) {
        return {};
    }
    // The names of `subject` to check: the DN (when not empty), emailAddress attributes when there is no SAN, SANs.
    std::vector<GeneralName> names;
    if (!subject.subject().empty()) {
        names.push_back({Kind::kDirectoryName, subject.subject().der});
    }
    const auto& san = subject.extensions().subject_alt_name;
    if (!san) {
        subject.subject().for_each_attribute([&](const Name::Attribute& attr) {
            if (oid_equals(attr.type, oid::kEmailAddress)) {
                names.push_back({Kind::kRfc822Name, attr.value});
            }
            return true;
        });
    } else {
        san->for_each([&](const GeneralName& name) {
            names.push_back(name);
            return true;
        });
    }

    const auto violation = [&](const std::string& what) {
        return Error(Status::kX509ChainVerifyFailure,
                     ErrorDetail{describe(subject, depth) + " " + what + " of " + describe(ca, ca_depth),
                                 "nameConstraints", depth, subject.subject().to_string()});
    };
    for (const GeneralName& name : names) {
        bool permitted_of_kind = false;
        bool permitted_match = false;
        bool excluded_match = false;
        bool unusable = false;
        const auto visit = [&](const GeneralName& base, bool excluded) {
            if (base.kind != name.kind) {
                return true;
            }
            if (budget.remaining == 0) {
                return false;
            }
            --budget.remaining;
            if (!is_checkable(base.kind)) {
                unusable = true;
                return false;
            }
            if (excluded) {
                excluded_match = within(name, base, true);
                return !excluded_match;
            }
            permitted_of_kind = true;
            permitted_match = permitted_match || within(name, base, false);
            return !permitted_match;
        };
        if (nc->excluded) {
            nc->excluded->for_each([&](const GeneralName& base) { return visit(base, true); });
        }
        if (nc->permitted && !excluded_match && !unusable) {
            nc->permitted->for_each([&](const GeneralName& base) { return visit(base, false); });
        }
        if (budget.remaining == 0) {
            return Error(Status::kX509ChainVerifyFailure,
                         ErrorDetail{"name constraint checks exceed the work limit", "nameConstraints", depth,
                                     subject.subject().to_string()});
        }
        const std::string label = std::string(kind_name(name.kind)) + " '" + name_text(name) + "'";
        if (unusable) {
            return violation("has " + label + " under a " + kind_name(name.kind) + " name constraint nxs cannot check");
        }
        if ((excluded_match || permitted_of_kind) && !well_formed(name)) {
            return violation("has malformed " + label + " under the name constraints");
        }
        if (excluded_match) {
            return violation("has " + label + " in an excluded subtree");
        }
        if (permitted_of_kind && !permitted_match) {
            // A malformed name is never inside a permitted subtree.
            return violation("has " + label + " outside the permitted subtrees");
        }
    }
    return {};
}

}  // namespace nxs::x509::detail
