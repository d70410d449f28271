// nxs::x509::PublicSuffixList — the Public Suffix List (https://publicsuffix.org/list/), for refusing wildcard
// certificates that cover a whole public suffix ("*.co.uk", "*.s3.amazonaws.com"; RFC 9525 §7.2, RFC 6125 §7.2).
//
//   auto psl = nxs::x509::PublicSuffixList::load_system();           // /usr/share/publicsuffix (Debian `publicsuffix`)
//   options.public_suffixes = std::make_shared<const nxs::x509::PublicSuffixList>(std::move(*psl));   // VerifyOptions
//
// Format (publicsuffix.org/list/#list-format): one rule per line, read up to the first space or tab; blank lines and
// lines starting with "//" are ignored. A rule is a domain ("co.uk"), a wildcard rule whose left-most label is "*"
// ("*.ck": every label under ck is a suffix) or an exception rule starting with "!" ("!www.ck": www.ck is not one,
// although "*.ck" says so). The ICANN and PRIVATE sections count alike (browsers and libpsl use both). A rule "*"
// alone is the implicit default and changes nothing.
//
// Names: rules are stored lower case (ASCII). A label with non-ASCII characters (the list carries internationalized
// suffixes in UTF-8, e.g. "рф", "公司.cn") is stored twice: as written, and as its IDNA A-label ("xn--p1ai",
// RFC 3492 Punycode), because certificates and the host-name checks use A-labels. nxs does no Unicode case mapping
// or normalisation: the list's own text is already lower case NFC.
//
// Errors: a malformed rule (empty label, "*" anywhere but as the whole left-most label, a character that is not a
// letter, digit or hyphen, invalid UTF-8, a label over 63 or a name over 253 bytes in A-label form, an exception of
// one label) or a text without any rule is NX_SECURE_X509_INVALID_CERTIFICATE_DATA (0x188) with the line number; a
// file that cannot be read is NX_SECURE_TLS_CERTIFICATE_NOT_FOUND (0x119) with the path, as TrustStore::load_file.
//
// Sans-I/O: load_file() and load_system() are the only members that touch the file system (for applications and the
// CLI); verification only calls is_public_suffix().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "nxs/export.h"
#include "nxs/result.h"

namespace nxs::x509 {

class NXS_API PublicSuffixList {
public:
    // Where Debian's `publicsuffix` package puts the list (UTF-8 text; the .dafsa beside it is not read).
    static constexpr std::string_view kSystemPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    static Result<PublicSuffixList> parse(std::string_view text);
    static Result<PublicSuffixList> load_file(const std::string& path);
    // load_file(kSystemPath).
    static Result<PublicSuffixList> load_system();

    // Is `dns_name` itself a public suffix? The PSL algorithm (publicsuffix.org/list/#list-format): the rules that
    // match the name's right-most labels are collected; an exception rule wins over every other, otherwise the rule
    // with the most labels prevails, otherwise the implicit rule "*". The name is a public suffix when the prevailing
    // rule covers all of its labels. So "co.uk" and "uk" are, "example.co.uk" is not; under "*.ck" and "!www.ck",
    // "foo.ck" is and "www.ck" is not. A single label that no rule names ("example", "internal") IS a public suffix,
    // through the implicit "*" rule, as the algorithm says (an unknown TLD cannot hold a wildcard). Case-insensitive
    // for ASCII; one trailing dot is ignored; an empty name, an empty label or a name over 253 bytes is false.
    // Does not allocate.
    bool is_public_suffix(std::string_view dns_name) const noexcept;

    // Rules held (an internationalized rule counts twice: U-label and A-label form).
    std::size_t size() const noexcept { return m_rules.size(); }

private:
    PublicSuffixList() = default;

    // What a stored name is, as bit flags (one name can be several: "ck" may be a rule and the base of "*.ck").
    enum Kind : std::uint8_t { kRule = 1, kWildcardBase = 2, kException = 4 };

    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

    std::uint8_t kinds_of(std::string_view name) const noexcept;
    Result<void> add_rule(std::string_view rule, std::size_t line);
    void insert(std::string name, std::uint8_t kind);

    // Rule name (without "*." or "!") -> Kind flags. Heterogeneous lookup: a string_view finds without a copy.
    std::unordered_map<std::string, std::uint8_t, Hash, std::equal_to<>> m_rules;
};

}  // namespace nxs::x509
