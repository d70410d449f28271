// nxs — the command-line tool. This file only dispatches: each subcommand lives in its own cmd_<name>.cpp.
#include <algorithm>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "args.h"
#include "commands.h"

namespace nxs::cli {
namespace {

// One line per subcommand, in the order `nxs --help` lists them.
constexpr Command kCommands[] = {
    {"demo", "run a TLS 1.3 server and client on loopback with a throwaway CA", cmd_demo},
    {"client", "connect to a TLS server; stdin to the server, its data to stdout", cmd_client},
    {"server", "serve TLS connections (--echo or --www)", cmd_server},
    {"errors", "list the NetX Secure error codes, or explain one", cmd_errors},
    {"x509", "X.509 certificates: verify chains, run x509-limbo", cmd_x509},
};

const Command* find_command(std::string_view name) {
    const auto* it = std::find_if(std::begin(kCommands), std::end(kCommands),
                                  [name](const Command& command) { return command.name == name; });
    return it != std::end(kCommands) ? it : nullptr;
}

std::string main_help() {
    std::string out =
        "usage: nxs <command> [options] [args]\n"
        "       nxs <command> --help\n"
        "\n"
        "TLS, DTLS and X.509 with the NetX Secure error model.\n"
        "\n"
        "commands:\n";
    std::size_t width = 0;
    for (const auto& command : kCommands) {
        width = std::max(width, command.name.size());
    }
    for (const auto& command : kCommands) {
        std::string name(command.name);
        name.resize(width, ' ');
        out += concat({"  ", name, "  ", command.summary, "\n"});
    }
    out +=
        "\n"
        "options:\n"
        "  --help, -h  show this help and exit\n"
        "  --version   print the nxs version and exit\n"
        "\n"
        "exit codes: 0 success, 1 the operation failed, 2 bad command line\n";
    return out;
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "nxs: %s\n\n%s", message.c_str(), main_help().c_str());
    return kExitUsage;
}

int run(std::span<const std::string_view> args) {
    if (args.empty()) {
        return usage_error("no command given");
    }
    const std::string_view first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        if (first == "help" && args.size() > 1) {
            // `nxs help errors` is `nxs errors --help`.
            const Command* command = find_command(args[1]);
            if (command == nullptr) {
                return usage_error(concat({"unknown command '", args[1], "'"}));
            }
            constexpr std::string_view kHelp[] = {"--help"};
            return command->run(std::span<const std::string_view>(kHelp));
        }
        std::fputs(main_help().c_str(), stdout);
        return kExitOk;
    }
    if (first == "--version") {
        std::puts("nxs " NXS_VERSION);
        return kExitOk;
    }
    if (first.starts_with("-")) {
        return usage_error(concat({"unknown option '", first, "'"}));
    }
    const Command* command = find_command(first);
    if (command == nullptr) {
        return usage_error(concat({"unknown command '", first, "'"}));
    }
    return command->run(args.subspan(1));
}

}  // namespace
}  // namespace nxs::cli

int main(int argc, char** argv) {
    const std::span<char*> raw(argv, static_cast<std::size_t>(argc));
    const std::vector<std::string_view> args(raw.begin() + (raw.empty() ? 0 : 1), raw.end());
    return nxs::cli::run(args);
}
