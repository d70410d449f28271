// Fuzz target for the Public Suffix List parser and lookup (include/nxs/x509/public_suffix.h) and wildcard matching
// with a list (hostname.h). The input's first line (when it has one) is a list of names to look up; the rest is the
// list text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "nxs/x509/hostname.h"
#include "nxs/x509/public_suffix.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view names = newline == std::string_view::npos ? std::string_view{} : input.substr(0, newline);
    const std::string_view text = newline == std::string_view::npos ? input : input.substr(newline + 1);

    const auto list = nxs::x509::PublicSuffixList::parse(text);
    if (!list.ok()) {
        check(list.status() == nxs::Status::kX509InvalidCertificateData);
        return 0;
    }
    check(list->size() > 0);
    std::string_view rest = names;
    while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        const std::string_view name = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
        const bool suffix = list->is_public_suffix(name);
        // A trailing dot and ASCII case never change the answer.
        if (!name.empty() && name.back() != '.') {
            check(list->is_public_suffix(std::string(name) + ".") == suffix);
        }
        // The list only ever takes matches away.
        const std::string wildcard = "*." + std::string(name);
        const std::string host = "a." + std::string(name);
        const bool with_list = nxs::x509::dns_name_matches(wildcard, host, &*list);
        const bool without = nxs::x509::dns_name_matches(wildcard, host, nullptr);
        check(!with_list || without);
        check(!with_list || !suffix);
    }
    return 0;
}
