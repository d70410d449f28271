// File, CRL and Public Suffix List helpers shared by the `nxs x509` subcommands.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

#include "nxs/x509/crl.h"
#include "nxs/x509/public_suffix.h"
#include "x509_commands.h"

namespace nxs::cli {

Result<std::vector<std::uint8_t>> read_file_or_stdin(const std::string& path) {
    if (path == "-") {
        std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        return data;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error(Status::kTlsCertificateNotFound, "cannot open " + path);
    }
    std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return data;
}

Result<std::vector<std::shared_ptr<const x509::Crl>>> parse_crls(std::span<const std::uint8_t> pem_or_der) {
    NXS_TRY_ASSIGN(auto crls, x509::parse_crls(pem_or_der));
    std::vector<std::shared_ptr<const x509::Crl>> out;
    out.reserve(crls.size());
    for (auto& crl : crls) {
        out.push_back(std::make_shared<const x509::Crl>(std::move(crl)));
    }
    return out;
}

Result<std::shared_ptr<const x509::PublicSuffixList>> load_public_suffixes(const std::optional<std::string>& psl_file,
                                                                           bool disabled) {
    if (disabled) {
        return std::shared_ptr<const x509::PublicSuffixList>();
    }
    std::string path;
    if (psl_file) {
        path = *psl_file;
    } else {
        std::error_code ec;
        path = std::string(x509::PublicSuffixList::kSystemPath);
        if (!std::filesystem::exists(path, ec)) {
            return std::shared_ptr<const x509::PublicSuffixList>();
        }
    }
    NXS_TRY_ASSIGN(auto list, x509::PublicSuffixList::load_file(path));
    return std::shared_ptr<const x509::PublicSuffixList>(
        std::make_shared<const x509::PublicSuffixList>(std::move(list)));
}

}  // namespace nxs::cli
