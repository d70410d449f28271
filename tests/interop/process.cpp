#include "process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>

namespace nxs::interop {
namespace {

using std::chrono::milliseconds;

// A child that exits while we still write to its stdin must give us EPIPE, not kill the test program.
void ignore_sigpipe_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action {};
        action.sa_handler = SIG_IGN;
        sigemptyset(&action.sa_mask);
        sigaction(SIGPIPE, &action, nullptr);
    });
}

void close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

bool set_nonblocking(int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// Milliseconds left until `deadline`, clamped to [0, cap] for poll().
int poll_timeout(Deadline deadline, milliseconds cap) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now());
    return static_cast<int>(std::clamp(left, milliseconds(0), cap).count());
}

constexpr milliseconds kMaxPollSlice{1000};
constexpr milliseconds kReapInterval{10};
constexpr milliseconds kKillGrace{2000};
// Bounds reading after exit: a grandchild could hold the pipes open (none of our peers forks).
constexpr milliseconds kDrainAfterExit{2000};

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(0x7f000001u);
    return address;
}

// The child side of the fork: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(char* const* argv, int in_fd, int out_fd, int err_fd, int report_fd, pid_t parent) {
    // Die with the test program even if it is killed without running destructors (ctest timeout, SIGKILL).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) {
        ::_exit(127);
    }
    ::dup2(in_fd, STDIN_FILENO);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    // Ignored signals survive exec; the peer gets the default SIGPIPE behaviour and an empty signal mask.
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv);
    const int error = errno;
    (void)!::write(report_fd, &error, sizeof error);
    ::_exit(127);
}

std::size_t count_of(const std::string& text, std::string_view part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos && !part.empty(); at = text.find(part, at + part.size())) {
        ++count;
    }
    return count;
}

}  // namespace

Deadline deadline_in(std::chrono::seconds seconds) {
    return SteadyClock::now() + seconds;
}

Process::Process(std::vector<std::string> argv) : m_argv(std::move(argv)) {
    ignore_sigpipe_once();
    if (m_argv.empty() || m_argv.front().empty()) {
        m_error = "no program to run";
        return;
    }
    std::vector<char*> c_argv;
    c_argv.reserve(m_argv.size() + 1);
    for (auto& arg : m_argv) {
        c_argv.push_back(arg.data());
    }
    c_argv.push_back(nullptr);

    // [0] read end, [1] write end; all close-on-exec so no child inherits another child's pipes.
    std::array<int, 2> in{-1, -1}, out{-1, -1}, err{-1, -1}, report{-1, -1};
    const auto close_all = [&] {
        for (auto* pipe : {&in, &out, &err, &report}) {
            close_fd((*pipe)[0]);
            close_fd((*pipe)[1]);
        }
    };
    if (::pipe2(in.data(), O_CLOEXEC) != 0 || ::pipe2(out.data(), O_CLOEXEC) != 0 ||
        ::pipe2(err.data(), O_CLOEXEC) != 0 || ::pipe2(report.data(), O_CLOEXEC) != 0) {
        m_error = std::string("pipe2: ") + std::strerror(errno);
        close_all();
        return;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        m_error = std::string("fork: ") + std::strerror(errno);
        close_all();
        return;
    }
    if (pid == 0) {
        exec_child(c_argv.data(), in[0], out[1], err[1], report[1], parent);
    }
    m_pid = pid;
    close_fd(in[0]);
    close_fd(out[1]);
    close_fd(err[1]);
    close_fd(report[1]);

    // The report pipe closes on a successful exec; otherwise it carries exec's errno.
    int exec_errno = 0;
    ssize_t n = 0;
    do {
        n = ::read(report[0], &exec_errno, sizeof exec_errno);
    } while (n < 0 && errno == EINTR);
    close_fd(report[0]);
    if (n > 0) {
        m_error = "cannot run " + m_argv.front() + ": " + std::strerror(exec_errno);
        close_all();
        try_reap(true);
        return;
    }
    m_stdin = in[1];
    m_stdout = out[0];
    m_stderr = err[0];
    set_nonblocking(m_stdin);
    std::array<int, 2> stop{-1, -1};
    if (::pipe2(stop.data(), O_CLOEXEC) != 0) {
        m_error = std::string("pipe2: ") + std::strerror(errno);
        kill();
        return;
    }
    m_stop_read = stop[0];
    m_stop_write = stop[1];
    m_out_eof = false;
    m_err_eof = false;
    m_reader = std::thread([this] { read_output(); });
}

Process::~Process() {
    close_stdin();
    kill();
    close_fd(m_stop_write);  // wakes the reader even if a grandchild still holds the output pipes
    if (m_reader.joinable()) {
        m_reader.join();
    }
    close_fd(m_stop_read);
    close_fd(m_stdout);
    close_fd(m_stderr);
}

void Process::read_output() {
    std::array<char, std::size_t{64} * 1024> buffer{};
    for (;;) {
        std::array<pollfd, 3> fds{{{m_stdout, POLLIN, 0}, {m_stderr, POLLIN, 0}, {m_stop_read, POLLIN, 0}}};
        if (m_stdout < 0 && m_stderr < 0) {
            return;
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if (fds[2].revents != 0) {
            return;
        }
        for (std::size_t i = 0; i < 2; ++i) {
            if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                continue;
            }
            int& fd = i == 0 ? m_stdout : m_stderr;
            const ssize_t n = ::read(fd, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR) {
                continue;
            }
            const std::lock_guard lock(m_mutex);
            if (n > 0) {
                (i == 0 ? m_out : m_err).append(buffer.data(), static_cast<std::size_t>(n));
            } else {
                close_fd(fd);  // poll ignores a negative fd from now on
                (i == 0 ? m_out_eof : m_err_eof) = true;
            }
            m_changed.notify_all();
        }
    }
}

std::string Process::command_line() const {
    std::string line;
    for (const auto& arg : m_argv) {
        if (!line.empty()) {
            line += ' ';
        }
        line += arg;
    }
    return line;
}

bool Process::write_stdin(std::string_view data, Deadline deadline) {
    while (!data.empty()) {
        if (m_stdin < 0) {
            return false;
        }
        pollfd fd{m_stdin, POLLOUT, 0};
        const int ready = ::poll(&fd, 1, poll_timeout(deadline, kMaxPollSlice));
        if (ready < 0 && errno != EINTR) {
            return false;
        }
        if (ready == 0 && SteadyClock::now() >= deadline) {
            return false;
        }
        if (ready <= 0) {
            continue;
        }
        const ssize_t n = ::write(m_stdin, data.data(), data.size());
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                continue;
            }
            return false;  // EPIPE: the child closed its stdin or exited
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

void Process::close_stdin() {
    close_fd(m_stdin);
}

template <typename Done>
bool Process::wait_for(Done done, Deadline deadline) {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_until(lock, deadline, [&] { return done() || (m_out_eof && m_err_eof); }) && done();
}

std::optional<std::string> Process::read_stdout_line(Deadline deadline) {
    if (!wait_for([this] { return m_out.find('\n', m_line_start) != std::string::npos; }, deadline)) {
        return std::nullopt;
    }
    const std::lock_guard lock(m_mutex);
    const auto end = m_out.find('\n', m_line_start);
    std::string line = m_out.substr(m_line_start, end - m_line_start);
    m_line_start = end + 1;
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

bool Process::read_stdout_until(std::string_view text, Deadline deadline, std::size_t times) {
    return wait_for([&] { return count_of(m_out, text) >= times; }, deadline);
}

bool Process::read_stderr_until(std::string_view text, Deadline deadline, std::size_t times) {
    return wait_for([&] { return count_of(m_err, text) >= times; }, deadline);
}

bool Process::read_to_eof(Deadline deadline) {
    return wait_for([this] { return m_out_eof && m_err_eof; }, deadline);
}

std::string Process::out() const {
    const std::lock_guard lock(m_mutex);
    return m_out;
}

std::string Process::err() const {
    const std::lock_guard lock(m_mutex);
    return m_err;
}

bool Process::try_reap(bool block) {
    if (m_pid <= 0) {
        return m_status.has_value();
    }
    int status = 0;
    pid_t result = 0;
    do {
        result = ::waitpid(m_pid, &status, block ? 0 : WNOHANG);
    } while (result < 0 && errno == EINTR);
    if (result != m_pid) {
        return false;
    }
    ExitStatus exit;
    if (WIFEXITED(status)) {
        exit.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        exit.signal = WTERMSIG(status);
    }
    m_status = exit;
    m_pid = -1;
    return true;
}

std::optional<ExitStatus> Process::wait(Deadline deadline) {
    for (;;) {
        if (try_reap(false)) {
            // What the child wrote just before it exited may still be in the pipes.
            read_to_eof(std::min(deadline, SteadyClock::now() + kDrainAfterExit));
            return m_status;
        }
        if (SteadyClock::now() >= deadline) {
            return std::nullopt;
        }
        std::this_thread::sleep_until(std::min(deadline, SteadyClock::now() + kReapInterval));
    }
}

void Process::kill() {
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGTERM);
    if (wait(SteadyClock::now() + kKillGrace)) {
        return;
    }
    ::kill(m_pid, SIGKILL);
    try_reap(true);
}

std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return 0;
    }
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

bool wait_until_listening(std::uint16_t port, Deadline deadline) {
    const sockaddr_in address = loopback(port);
    for (;;) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return false;
        }
        const bool connected = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
        ::close(fd);
        if (connected) {
            return true;
        }
        if (SteadyClock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(milliseconds(50));
    }
}

}  // namespace nxs::interop
