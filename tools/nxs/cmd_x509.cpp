// nxs x509 — certificate tools. Only dispatches: each subcommand lives in cmd_x509_<name>.cpp.
#include <algorithm>
#include <cstdio>
#include <string>

#include "args.h"
#include "commands.h"
#include "x509_commands.h"

namespace nxs::cli {
namespace {

// One line per subcommand, in the order `nxs x509 --help` lists them.
constexpr Command kX509Commands[] = {
    {"show", "print a certificate (PEM or DER) in readable form", cmd_x509_show},
    {"verify", "verify a certificate chain and the peer name; prints OK or the reason", cmd_x509_verify},
    {"limbo", "run an x509-limbo test file and report agreement", cmd_x509_limbo},
};

std::string x509_help() {
    std::string out = "usage: nxs x509 <command> [options] [args]\n\nX.509 certificate tools.\n\ncommands:\n";
    std::size_t width = 0;
    for (const auto& command : kX509Commands) {
        width = std::max(width, command.name.size());
    }
    for (const auto& command : kX509Commands) {
        std::string name(command.name);
        name.resize(width, ' ');
        out += "  " + name + "  " + std::string(command.summary) + "\n";
    }
    out += "\n`nxs x509 <command> --help` describes a command.\n";
    return out;
}

}  // namespace

int cmd_x509(std::span<const std::string_view> args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        std::fputs(x509_help().c_str(), args.empty() ? stderr : stdout);
        return args.empty() ? kExitUsage : kExitOk;
    }
    const auto* it = std::find_if(std::begin(kX509Commands), std::end(kX509Commands),
                                  [&](const Command& command) { return command.name == args.front(); });
    if (it == std::end(kX509Commands)) {
        std::fprintf(stderr, "nxs x509: unknown command '%s'\n\n%s", std::string(args.front()).c_str(),
                     x509_help().c_str());
        return kExitUsage;
    }
    return it->run(args.subspan(1));
}

}  // namespace nxs::cli
