#include "interop_util.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace nxs::interop {

std::string tls_file(std::string_view name) {
    return std::string(NXS_SOURCE_DIR) + "/tests/vectors/tls/" + std::string(name);
}

void require_program(const char* path, std::string_view what) {
    if (path == nullptr || *path == '\0') {
        GTEST_SKIP() << what << " was not found when the build was configured; install it and re-run cmake";
    }
    if (::access(path, X_OK) != 0) {
        GTEST_SKIP() << what << " at " << path << " is not executable any more";
    }
}

std::string find_executable(std::string_view name) {
    std::string dirs = "/usr/sbin:/usr/bin";
    if (const char* path = std::getenv("PATH"); path != nullptr && *path != '\0') {
        dirs = std::string(path) + ":" + dirs;
    }
    std::istringstream list(dirs);
    std::string dir;
    while (std::getline(list, dir, ':')) {
        if (dir.empty() || dir.front() != '/') {
            continue;
        }
        std::string candidate = dir + "/" + std::string(name);
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return "";
}

std::string temp_path(const std::string& stem) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return ::testing::TempDir() + "nxs_" + std::string(info->name()) + "_" + stem;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TempDir::TempDir(std::string_view prefix) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + std::string(prefix) + "-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) {
        m_path = pattern;
    }
}

TempDir::~TempDir() {
    if (!m_path.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
}

std::string suite_test_name(const ::testing::TestParamInfo<SuiteNames>& info) {
    return std::string(info.param.iana);
}

std::string group_test_name(const ::testing::TestParamInfo<GroupNames>& info) {
    return std::string(info.param.reported);
}

PeerRun run_to_end(std::vector<std::string> argv, std::string_view input) {
    Process process(std::move(argv));
    PeerRun run;
    run.command = process.command_line();
    if (!process.started()) {
        run.err = process.error();
        return run;
    }
    const Deadline deadline = deadline_in(kTimeout);
    process.write_stdin(input, deadline);  // a peer that stops early may not read it all; its exit says why
    process.close_stdin();
    process.read_to_eof(deadline);
    run.exit = process.wait(deadline);
    process.kill();
    run.out = process.out();
    run.err = process.err();
    return run;
}

namespace {

std::string describe_exit(const std::optional<ExitStatus>& exit) {
    if (!exit) {
        return "still running at the deadline";
    }
    if (exit->signal != 0) {
        return "killed by signal " + std::to_string(exit->signal);
    }
    return "exit code " + std::to_string(exit->code);
}

// The end of a long output is where a failure shows; the rest only buries it.
std::string tail_of(const std::string& text) {
    constexpr std::size_t kShown = 4096;
    if (text.size() <= kShown) {
        return text;
    }
    return "[... " + std::to_string(text.size() - kShown) + " bytes before ...]\n" + text.substr(text.size() - kShown);
}

std::string describe_output(const std::string& out, const std::string& err) {
    return "--- stdout ---\n" + tail_of(out) + "\n--- stderr ---\n" + tail_of(err) + "\n--------------";
}

}  // namespace

std::string describe(const PeerRun& run) {
    return "$ " + run.command + "\n" + describe_exit(run.exit) + "\n" + describe_output(run.out, run.err);
}

std::string describe(const Process& process) {
    return "$ " + process.command_line() + "\n" + describe_output(process.out(), process.err());
}

::testing::AssertionResult exited_with(const PeerRun& run, int code) {
    if (run.exit && run.exit->signal == 0 && run.exit->code == code) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "expected exit code " << code << "\n" << describe(run);
}

BackgroundServer start_accepting_server(std::vector<std::string> argv) {
    BackgroundServer server;
    server.process = std::make_unique<Process>(std::move(argv));
    if (!server.process->started()) {
        ADD_FAILURE() << server.process->error();
        return server;
    }
    const Deadline deadline = deadline_in(kTimeout);
    while (const auto line = server.process->read_stdout_line(deadline)) {
        constexpr std::string_view kPrefix = "ACCEPT ";
        if (line->rfind(kPrefix, 0) != 0) {
            continue;
        }
        const auto colon = line->rfind(':');
        const char* last = line->data() + line->size();
        const char* first = colon == std::string::npos ? last : line->data() + colon + 1;
        unsigned port = 0;
        const auto [end, ec] = std::from_chars(first, last, port);
        if (ec != std::errc{} || end != last || port == 0 || port > 65535) {
            ADD_FAILURE() << "cannot read the port in '" << *line << "'\n" << describe(*server.process);
            return server;
        }
        server.port = static_cast<std::uint16_t>(port);
        return server;
    }
    server.process->read_to_eof(deadline_in(std::chrono::seconds(2)));
    ADD_FAILURE() << "the server printed no ACCEPT line\n" << describe(*server.process);
    return server;
}

BackgroundServer start_nxs_server(const std::string& cert, const std::vector<std::string>& extra, int connections) {
    std::vector<std::string> argv{kNxsTool,    "server",
                                  "--accept",  "127.0.0.1:0",
                                  "--cert",    tls_file(cert + ".pem"),
                                  "--key",     tls_file(cert + ".key"),
                                  "--naccept", std::to_string(connections)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return start_accepting_server(std::move(argv));
}

::testing::AssertionResult server_exits_cleanly(Process& server) {
    const auto exit = server.wait(deadline_in(kTimeout));
    if (exit && exit->signal == 0 && exit->code == 0) {
        return ::testing::AssertionSuccess();
    }
    server.kill();
    return ::testing::AssertionFailure() << "the server did not exit with code 0 after its connections: "
                                         << describe_exit(exit) << "\n"
                                         << describe(server);
}

std::string brief_line(const std::string& err) {
    std::istringstream lines(err);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("version=", 0) == 0) {
            return line;
        }
    }
    return "";
}

}  // namespace nxs::interop
