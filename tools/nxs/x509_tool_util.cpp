// File and CRL helpers shared by the `nxs x509` subcommands.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include "nxs/x509/crl.h"
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
    for (auto& crl : crls) {
        out.push_back(std::make_shared<const x509::Crl>(std::move(crl)));
    }
    return out;
}

}  // namespace nxs::cli
