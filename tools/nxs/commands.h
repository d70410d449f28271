// The `nxs` subcommands. Adding one takes two steps:
//   1. tools/nxs/cmd_<name>.cpp defines `int cmd_<name>(std::span<const std::string_view> args)`, parsing its own
//      arguments with args.h (so `nxs <name> --help` comes for free) and returning an exit code from args.h;
//   2. one declaration below and one line in kCommands in main.cpp.
// tools/nxs/CMakeLists.txt picks up every .cpp in this folder.
#pragma once

#include <span>
#include <string_view>

namespace nxs::cli {

using CommandFn = int (*)(std::span<const std::string_view> args);

struct Command {
    std::string_view name;     // "errors"
    std::string_view summary;  // one line for `nxs --help`
    CommandFn run;             // gets the arguments after the command name; returns the exit code
};

int cmd_errors(std::span<const std::string_view> args);
int cmd_demo(std::span<const std::string_view> args);
int cmd_client(std::span<const std::string_view> args);
int cmd_server(std::span<const std::string_view> args);
int cmd_x509(std::span<const std::string_view> args);  // dispatches to x509_commands.h

}  // namespace nxs::cli
