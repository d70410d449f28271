// A small argument parser shared by every `nxs` subcommand.
//
// A command describes itself once (synopsis, description, options) and gets both its parsed arguments and its
// `--help` text from that description, so the usage a user sees cannot drift from what the parser accepts.
//
//   constexpr nxs::cli::Option kOptions[] = {
//       {"--ca", "FILE", "trust anchors (repeatable)", true},
//       {"--json", "", "print JSON instead of text"},
//   };
//   constexpr nxs::cli::CommandSpec kSpec{"verify", "[options] CERT...", "Verify a chain.", kOptions};
//   auto parsed = nxs::cli::parse_args(kSpec, args);
//   if (!parsed.ok()) return nxs::cli::usage_error(kSpec, parsed.error());
//   if (parsed.args().has("--help")) return nxs::cli::print_help(kSpec);
//
// Accepted forms: `--flag`, `--option VALUE`, `--option=VALUE`, positional arguments anywhere, `--` ends options.
// `-h` and `--help` are always accepted.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nxs::cli {

// Exit codes of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and the answer is "no" / the operation failed
inline constexpr int kExitUsage = 2;    // bad command line

struct Option {
    std::string_view name;    // "--ca"
    std::string_view value;   // metavariable shown in help ("FILE"); empty for a flag without a value
    std::string_view help;    // one line
    bool repeatable = false;  // may be given more than once; otherwise a second use is an error
};

struct CommandSpec {
    std::string_view name;         // "errors"
    std::string_view synopsis;     // "[CODE]" — what follows `nxs errors`
    std::string_view description;  // one or more lines shown under the synopsis
    std::span<const Option> options;
};

class ParseResult;

class ParsedArgs {
public:
    bool has(std::string_view name) const { return m_values.count(std::string(name)) != 0; }
    // The value of an option given once (or the last one given), if any.
    std::optional<std::string> value(std::string_view name) const;
    // Every value of a repeatable option, in command-line order.
    std::vector<std::string> values(std::string_view name) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    friend ParseResult parse_args(const CommandSpec& spec, std::span<const std::string_view> args);

    std::map<std::string, std::vector<std::string>, std::less<>> m_values;  // flags hold one empty value per use
    std::vector<std::string> m_positional;
};

class ParseResult {
public:
    bool ok() const { return m_error.empty(); }
    const ParsedArgs& args() const { return m_args; }
    const std::string& error() const { return m_error; }

private:
    friend ParseResult parse_args(const CommandSpec& spec, std::span<const std::string_view> args);

    ParsedArgs m_args;
    std::string m_error;
};

ParseResult parse_args(const CommandSpec& spec, std::span<const std::string_view> args);

// Joins the pieces into one string. Prefer it to chains of `"literal" + std::string(...)`, which g++ 12 at -O3
// misreports under -Wrestrict (GCC bug 105329).
std::string concat(std::initializer_list<std::string_view> parts);

// "usage: nxs errors [CODE]" + description + options table.
std::string format_help(const CommandSpec& spec);
// Prints format_help() on stdout; returns kExitOk.
int print_help(const CommandSpec& spec);
// Prints "nxs <name>: <message>" and the help on stderr; returns kExitUsage.
int usage_error(const CommandSpec& spec, std::string_view message);

}  // namespace nxs::cli
