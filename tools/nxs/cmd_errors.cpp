// nxs errors — the NetX Secure code table (src/common/status.cpp) for people: list it, explain one code, or print the
// Markdown table of docs/errors.md.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "nxs/status.h"

namespace nxs::cli {
namespace {

constexpr Option kOptions[] = {
    {"--markdown", "", "print the code table of docs/errors.md"},
};

constexpr CommandSpec kSpec{
    "errors", "[--markdown] [CODE...]",
    "Without CODE, lists every NetX Secure code: name, value and what it means.\n"
    "With CODE (a name such as NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, without case, or a value such as\n"
    "0x11B or 283), explains that code: its table, description and the TLS alert nxs sends for it.",
    kOptions};

// Codes that report a condition rather than a failure (ARCHITECTURE.md §3): they never end a connection.
constexpr Status kSignals[] = {Status::kTlsCloseNotifyReceived, Status::kTlsPostHandshakeReceived,
                               Status::kTlsHandshakeFragmentReceived, Status::kTlsInvalidEpoch,
                               Status::kTlsRepeatMessageReceived};

bool is_signal(Status s) {
    return std::find(std::begin(kSignals), std::end(kSignals), s) != std::end(kSignals);
}

// "0x11B": at least three upper-case hex digits, as in error-codes.tsv.
std::string hex_value(Status s) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%03X", static_cast<unsigned>(to_underlying(s)));
    return buffer;
}

std::string alert_text(const StatusInfo& info) {
    if (info.alert) {
        return concat({alert_name(*info.alert), " (", std::to_string(static_cast<unsigned>(*info.alert)), ")"});
    }
    if (is_success(info.status)) {
        return "none (success)";
    }
    if (is_signal(info.status)) {
        return "none (a signal, not sent)";
    }
    return "none (a local condition, not sent)";
}

std::string pad(std::string_view text, std::size_t width) {
    std::string out(text);
    out.resize(std::max(width, out.size()), ' ');
    return out;
}

int list_all() {
    std::size_t name_width = 0;
    std::size_t value_width = 0;
    for (const auto& info : all_statuses()) {
        name_width = std::max(name_width, info.name.size());
        value_width = std::max(value_width, hex_value(info.status).size());
    }
    std::string out;
    for (const auto& info : all_statuses()) {
        out += concat(
            {pad(info.name, name_width), " ", pad(hex_value(info.status), value_width), " ", info.description, "\n"});
    }
    std::fputs(out.c_str(), stdout);
    return kExitOk;
}

std::string markdown_cell(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '|') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

int print_markdown() {
    std::string out =
        "| Code | Value | Table | When nxs produces it | Alert sent |\n"
        "|---|---|---|---|---|\n";
    for (const auto& info : all_statuses()) {
        out += concat({"| `", info.name, "` | `", hex_value(info.status), "` | ", info.table, " | ",
                       markdown_cell(info.description), " | ", alert_text(info), " |\n"});
    }
    std::fputs(out.c_str(), stdout);
    return kExitOk;
}

bool iequal(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        return lower(x) == lower(y);
    });
}

// The rows a user means by `query`: the one row named so (with or without the NX_SECURE_ prefix), or every row with
// that value (0x000 has two names).
std::vector<const StatusInfo*> lookup(std::string_view query) {
    std::vector<const StatusInfo*> rows;
    const std::string prefixed = concat({"NX_SECURE_", query});
    for (const auto& info : all_statuses()) {
        if (iequal(info.name, query) || iequal(info.name, prefixed)) {
            rows.push_back(&info);
            return rows;
        }
    }
    const auto status = find_status(query);
    if (!status) {
        return rows;
    }
    for (const auto& info : all_statuses()) {
        if (info.status == *status) {
            rows.push_back(&info);
        }
    }
    return rows;
}

std::string explain(const StatusInfo& info) {
    const std::string value = std::to_string(to_underlying(info.status));
    return concat({info.name, "\n",                                                //
                   "  value:       ", hex_value(info.status), " (", value, ")\n",  //
                   "  table:       ", info.table, "\n",                            //
                   "  description: ", info.description, "\n",                      //
                   "  alert:       ", alert_text(info), "\n"});
}

}  // namespace

int cmd_errors(std::span<const std::string_view> args) {
    const auto parsed = parse_args(kSpec, args);
    if (!parsed.ok()) {
        return usage_error(kSpec, parsed.error());
    }
    if (parsed.args().has("--help")) {
        return print_help(kSpec);
    }
    const auto& codes = parsed.args().positional();
    if (parsed.args().has("--markdown")) {
        if (!codes.empty()) {
            return usage_error(kSpec, "--markdown takes no CODE");
        }
        return print_markdown();
    }
    if (codes.empty()) {
        return list_all();
    }
    int exit_code = kExitOk;
    std::string out;
    for (const auto& code : codes) {
        const auto rows = lookup(code);
        if (rows.empty()) {
            std::fprintf(stderr, "nxs errors: unknown code '%s' (try 'nxs errors' for the list)\n", code.c_str());
            exit_code = kExitUsage;
            continue;
        }
        for (const auto* info : rows) {
            out += concat({out.empty() ? "" : "\n", explain(*info)});
        }
    }
    std::fputs(out.c_str(), stdout);
    return exit_code;
}

}  // namespace nxs::cli
