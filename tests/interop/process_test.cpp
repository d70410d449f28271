// The harness itself, with ordinary programs: the interop tests are only as good as their process handling.
#include "process.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace nxs::interop {
namespace {

constexpr std::chrono::seconds kTimeout{20};

TEST(ProcessHarness, PipesStdinToStdoutAndReportsTheExitCode) {
    Process cat({"/bin/cat"});
    ASSERT_TRUE(cat.started()) << cat.error();
    const Deadline deadline = deadline_in(kTimeout);
    ASSERT_TRUE(cat.write_stdin("first line\nsecond", deadline));
    const auto line = cat.read_stdout_line(deadline);
    ASSERT_TRUE(line.has_value());
    EXPECT_EQ(*line, "first line");
    cat.close_stdin();
    EXPECT_TRUE(cat.read_to_eof(deadline));
    EXPECT_EQ(cat.out(), "first line\nsecond");
    const auto exit = cat.wait(deadline);
    ASSERT_TRUE(exit.has_value());
    EXPECT_EQ(exit->code, 0);
    EXPECT_EQ(exit->signal, 0);
}

TEST(ProcessHarness, SeparatesStderrAndNonZeroExit) {
    // `cat` of a missing file: a message on stderr, nothing on stdout, exit 1.
    Process cat({"/bin/cat", "/nonexistent/nxs-interop-file"});
    ASSERT_TRUE(cat.started()) << cat.error();
    const Deadline deadline = deadline_in(kTimeout);
    EXPECT_TRUE(cat.read_stderr_until("nxs-interop-file", deadline));
    EXPECT_TRUE(cat.read_to_eof(deadline));
    EXPECT_EQ(cat.out(), "");
    const auto exit = cat.wait(deadline);
    ASSERT_TRUE(exit.has_value());
    EXPECT_EQ(exit->code, 1);
}

TEST(ProcessHarness, ReportsAProgramThatCannotRun) {
    Process missing({"/nonexistent/nxs-interop-program", "arg"});
    EXPECT_FALSE(missing.started());
    EXPECT_NE(missing.error().find("/nonexistent/nxs-interop-program"), std::string::npos) << missing.error();
    EXPECT_FALSE(missing.write_stdin("x", deadline_in(kTimeout)));
}

TEST(ProcessHarness, WaitStopsAtTheDeadlineAndKillEndsTheChild) {
    Process sleeper({"/bin/sleep", "600"});
    ASSERT_TRUE(sleeper.started()) << sleeper.error();
    EXPECT_FALSE(sleeper.wait(SteadyClock::now()).has_value());
    EXPECT_FALSE(sleeper.read_to_eof(SteadyClock::now()));
    sleeper.kill();
    EXPECT_EQ(sleeper.pid(), -1);
    const auto exit = sleeper.wait(SteadyClock::now());
    ASSERT_TRUE(exit.has_value());
    EXPECT_EQ(exit->signal, SIGTERM);
}

TEST(ProcessHarness, DestructorLeavesNothingRunning) {
    pid_t pid = -1;
    {
        Process sleeper({"/bin/sleep", "600"});
        ASSERT_TRUE(sleeper.started()) << sleeper.error();
        pid = sleeper.pid();
        ASSERT_GT(pid, 0);
    }
    // Killed and reaped: it is no longer a child of ours (a zombie would still be).
    EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
}

TEST(ProcessHarness, WriteToAChildThatExitedFailsWithoutKillingUs) {
    Process truth({"/bin/true"});
    ASSERT_TRUE(truth.started()) << truth.error();
    ASSERT_TRUE(truth.wait(deadline_in(kTimeout)).has_value());
    EXPECT_FALSE(truth.write_stdin("nobody reads this", deadline_in(kTimeout)));
}

TEST(Ports, FreePortIsNotListeningAndWaitFindsAListener) {
    const std::uint16_t unused = free_port();
    ASSERT_NE(unused, 0);
    EXPECT_FALSE(wait_until_listening(unused, SteadyClock::now()));

    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(listener, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(0x7f000001u);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(listener, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0) << std::strerror(errno);
    ASSERT_EQ(::listen(listener, 4), 0);
    ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
    EXPECT_TRUE(wait_until_listening(ntohs(address.sin_port), deadline_in(kTimeout)));
    ::close(listener);
}

}  // namespace
}  // namespace nxs::interop
