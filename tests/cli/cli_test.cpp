// Runs the built `nxs` binary (NXS_TOOL_PATH) the way a user does and checks what it prints and how it exits.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Outcome {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string& arg) {
    std::string out = "'";
    for (const char c : arg) {
        out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs `nxs args...` through the shell with stdout piped and stderr in a temporary file.
Outcome run_nxs(const std::vector<std::string>& args) {
    char err_path[] = "/tmp/nxs_cli_test_XXXXXX";
    const int fd = mkstemp(err_path);
    EXPECT_GE(fd, 0);
    std::string command = quote(NXS_TOOL_PATH);
    for (const auto& arg : args) {
        command.append(" ").append(quote(arg));
    }
    command.append(" 2>").append(quote(err_path)).append(" </dev/null");
    Outcome run;
    FILE* pipe =
        popen(command.c_str(), "r");  // NOLINT(cert-env33-c): a shell runs nxs as a user would; args are quoted
    EXPECT_NE(pipe, nullptr) << command;
    if (pipe != nullptr) {
        char buffer[4096];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
            run.out.append(buffer, n);
        }
        const int status = pclose(pipe);
        run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    run.err = read_file(err_path);
    std::remove(err_path);
    if (fd >= 0) {
        close(fd);
    }
    return run;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        out.push_back(line);
    }
    return out;
}

struct SpecRow {
    std::string name;
    std::string value;
};

std::vector<SpecRow> read_spec() {
    std::vector<SpecRow> rows;
    for (const auto& line : lines(read_file(std::string(NXS_SHARED_DIR) + "/spec/error-codes.tsv"))) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        SpecRow row;
        std::getline(fields, row.name, '\t');
        std::getline(fields, row.value, '\t');
        rows.push_back(row);
    }
    return rows;
}

TEST(CliErrors, ListMatchesSpecLineByLine) {
    const auto spec = read_spec();
    ASSERT_EQ(spec.size(), 116u) << "cannot read " << NXS_SHARED_DIR << "/spec/error-codes.tsv";
    const Outcome run = run_nxs({"errors"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    const auto out = lines(run.out);
    ASSERT_EQ(out.size(), spec.size()) << "nxs errors must print one line per code, nothing else";
    std::size_t description_column = std::string::npos;
    for (std::size_t i = 0; i < spec.size(); ++i) {
        std::istringstream fields(out[i]);
        std::string name, value, description;
        fields >> name >> value;
        std::getline(fields >> std::ws, description);
        EXPECT_EQ(name, spec[i].name) << "line " << i + 1 << ": " << out[i];
        EXPECT_EQ(value, spec[i].value) << "line " << i + 1 << ": " << out[i];
        EXPECT_FALSE(description.empty()) << "line " << i + 1 << " has no description";
        // The columns line up: every description starts at the same column.
        const auto column = out[i].find(description);
        if (i == 0) {
            description_column = column;
        }
        EXPECT_EQ(column, description_column) << "line " << i + 1 << " is not aligned: " << out[i];
    }
}

TEST(CliErrors, ExplainsByHexValue) {
    const Outcome run = run_nxs({"errors", "0x11B"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    EXPECT_EQ(run.out,
              "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND\n"
              "  value:       0x11B (283)\n"
              "  table:       tls\n"
              "  description: the peer's chain does not lead to any trusted certificate\n"
              "  alert:       unknown_ca (48)\n");
}

TEST(CliErrors, ExplainsByDecimalValueAndByNameWithoutCase) {
    const Outcome by_hex = run_nxs({"errors", "0x11B"});
    const Outcome by_decimal = run_nxs({"errors", "283"});
    const Outcome by_name = run_nxs({"errors", "nx_secure_tls_issuer_certificate_not_found"});
    EXPECT_EQ(by_decimal.exit_code, 0);
    EXPECT_EQ(by_name.exit_code, 0);
    EXPECT_EQ(by_decimal.out, by_hex.out);
    EXPECT_EQ(by_name.out, by_hex.out);
}

TEST(CliErrors, SharedValueListsBothNames) {
    const Outcome run = run_nxs({"errors", "0x000"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_NE(run.out.find("NX_SECURE_TLS_SUCCESS\n"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("NX_SECURE_X509_SUCCESS\n"), std::string::npos) << run.out;
}

TEST(CliErrors, SignalSendsNoAlert) {
    const Outcome run = run_nxs({"errors", "0x127"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_NE(run.out.find("  alert:       none (a signal, not sent)\n"), std::string::npos) << run.out;
}

TEST(CliErrors, UnknownCodeExitsTwo) {
    for (const std::string code : {"0x1FF", "NX_SECURE_NOT_A_CODE", "12abc", "0x"}) {
        const Outcome run = run_nxs({"errors", code});
        EXPECT_EQ(run.exit_code, 2) << code;
        EXPECT_EQ(run.out, "") << code;
        EXPECT_EQ(run.err, "nxs errors: unknown code '" + code + "' (try 'nxs errors' for the list)\n");
    }
}

TEST(CliErrors, BadFlagExitsTwoWithUsage) {
    const Outcome run = run_nxs({"errors", "--bogus"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("unknown option '--bogus'"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("usage: nxs errors"), std::string::npos) << run.err;
    EXPECT_EQ(run_nxs({"errors", "--markdown", "0x11B"}).exit_code, 2);
    EXPECT_EQ(run_nxs({"errors", "--markdown=yes"}).exit_code, 2);
}

TEST(CliErrors, CommandHelp) {
    const Outcome run = run_nxs({"errors", "--help"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.out.rfind("usage: nxs errors", 0), 0u) << run.out;
    EXPECT_NE(run.out.find("--markdown"), std::string::npos);
    EXPECT_EQ(run_nxs({"help", "errors"}).out, run.out);
    EXPECT_EQ(run_nxs({"errors", "-h"}).out, run.out);
}

TEST(CliMain, HelpListsSubcommands) {
    for (const std::string flag : {"--help", "-h", "help"}) {
        const Outcome run = run_nxs({flag});
        EXPECT_EQ(run.exit_code, 0) << flag;
        EXPECT_EQ(run.out.rfind("usage: nxs <command>", 0), 0u) << run.out;
        EXPECT_NE(run.out.find("\n  errors  "), std::string::npos) << run.out;
    }
}

TEST(CliMain, Version) {
    const Outcome run = run_nxs({"--version"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.out, std::string("nxs ") + NXS_VERSION + "\n");
}

TEST(CliMain, BadUsageExitsTwo) {
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{}, {"--bogus"}, {"no-such-command"}, {"help", "no-such-command"}}) {
        const Outcome run = run_nxs(args);
        EXPECT_EQ(run.exit_code, 2);
        EXPECT_EQ(run.out, "");
        EXPECT_NE(run.err.find("usage: nxs <command>"), std::string::npos) << run.err;
    }
}

// docs/errors.md embeds the output of `nxs errors --markdown` between two markers; it must be current.
TEST(ErrorsDoc, TableMatchesCli) {
    const std::string doc = read_file(std::string(NXS_SOURCE_DIR) + "/docs/errors.md");
    const std::string begin = "<!-- BEGIN nxs errors --markdown -->\n";
    const std::string end = "<!-- END nxs errors --markdown -->";
    const auto from = doc.find(begin);
    const auto to = doc.find(end);
    ASSERT_NE(from, std::string::npos) << "docs/errors.md lacks " << begin;
    ASSERT_NE(to, std::string::npos) << "docs/errors.md lacks " << end;
    ASSERT_LT(from, to);
    const auto documented = lines(doc.substr(from + begin.size(), to - from - begin.size()));

    const Outcome run = run_nxs({"errors", "--markdown"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto generated = lines(run.out);
    for (std::size_t i = 0; i < std::min(documented.size(), generated.size()); ++i) {
        ASSERT_EQ(documented[i], generated[i])
            << "docs/errors.md table line " << i + 1 << " is stale: run scripts/update-errors-doc.sh";
    }
    EXPECT_EQ(documented.size(), generated.size()) << "docs/errors.md table is stale: run scripts/update-errors-doc.sh";
}

}  // namespace

// --psl FILE / --no-psl (the Public Suffix List for wildcard host names): exclusive, and a list that cannot be read
// is an error, never a silently disabled check.
TEST(CliPublicSuffixList, PslAndNoPslExcludeEachOther) {
    const std::string leaf = std::string(NXS_SOURCE_DIR) + "/tests/vectors/tls/server-p256.pem";
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"x509", "verify", "--psl", leaf, "--no-psl", leaf},
             {"client", "--psl", leaf, "--no-psl", "127.0.0.1:1"},
         }) {
        const Outcome run = run_nxs(args);
        EXPECT_EQ(run.exit_code, 2) << args[0];
        EXPECT_NE(run.err.find("--psl and --no-psl exclude each other"), std::string::npos) << run.err;
    }
}

TEST(CliPublicSuffixList, UnreadableOrMalformedListFails) {
    const std::string vectors = std::string(NXS_SOURCE_DIR) + "/tests/vectors/tls/";
    const Outcome missing = run_nxs({"x509", "verify", "--cafile", vectors + "ca.pem", "--host", "localhost", "--psl",
                                     "/nonexistent/psl.dat", vectors + "server-p256.pem"});
    EXPECT_EQ(missing.exit_code, 1);
    // `nxs x509 verify` prints its verdict on stdout (OK or the NX_SECURE_* name with the explanation).
    EXPECT_NE(missing.out.find("/nonexistent/psl.dat"), std::string::npos) << missing.out;
    // A PEM file is not a suffix list.
    const Outcome malformed = run_nxs({"x509", "verify", "--cafile", vectors + "ca.pem", "--host", "localhost", "--psl",
                                       vectors + "ca.pem", vectors + "server-p256.pem"});
    EXPECT_EQ(malformed.exit_code, 1);
    EXPECT_EQ(malformed.out.rfind("NX_SECURE_X509_INVALID_CERTIFICATE_DATA", 0), 0U) << malformed.out;
    const Outcome without = run_nxs({"x509", "verify", "--cafile", vectors + "ca.pem", "--host", "localhost",
                                     "--no-psl", vectors + "server-p256.pem"});
    EXPECT_EQ(without.exit_code, 0) << without.err;
    EXPECT_EQ(without.out, "OK\n");
}
