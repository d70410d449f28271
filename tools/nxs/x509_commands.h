// The `nxs x509 <sub>` subcommands. cmd_x509.cpp dispatches through kX509Commands; a new subcommand is one
// declaration here and one line in that table.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nxs/result.h"
#include "nxs/x509/certificate.h"

namespace nxs::x509 {
class Crl;
class PublicSuffixList;
}  // namespace nxs::x509

namespace nxs::cli {

int cmd_x509_verify(std::span<const std::string_view> args);
int cmd_x509_limbo(std::span<const std::string_view> args);
int cmd_x509_show(std::span<const std::string_view> args);

// Helpers shared by the x509 subcommands (x509_tool_util.cpp).
Result<std::vector<std::uint8_t>> read_file_or_stdin(const std::string& path);
// Every CRL of a PEM bundle ("X509 CRL" blocks) or one DER CRL.
Result<std::vector<std::shared_ptr<const x509::Crl>>> parse_crls(std::span<const std::uint8_t> pem_or_der);
// The Public Suffix List for wildcard host names (`--psl FILE` / `--no-psl`): the file given; null when disabled;
// else the system list (x509::PublicSuffixList::kSystemPath) when that file exists, and null, silently, when not.
Result<std::shared_ptr<const x509::PublicSuffixList>> load_public_suffixes(const std::optional<std::string>& psl_file,
                                                                           bool disabled);

}  // namespace nxs::cli
