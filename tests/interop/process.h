// A child process for interop tests: started with fork/exec from an argv vector (no shell), its stdin, stdout and
// stderr on pipes, everything bounded by deadlines. The destructor kills (SIGTERM, then SIGKILL) and reaps the child,
// so a failed assertion never leaves a peer running. Deadlines only stop hangs; no test depends on how fast a peer is.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace nxs::interop {

using SteadyClock = std::chrono::steady_clock;
using Deadline = SteadyClock::time_point;

// A deadline `seconds` from now.
Deadline deadline_in(std::chrono::seconds seconds);

// How a child ended: an exit code, or the signal that ended it.
struct ExitStatus {
    int code = -1;   // 0..255 when the child exited
    int signal = 0;  // non-zero when a signal ended it
};

// stdout and stderr are read all the time by a thread of the Process (poll on both pipes), so a chatty child never
// blocks on a full pipe while a test waits for something else; the read_* calls wait for what that thread collects.
class Process {
public:
    // Starts argv[0] (an absolute path) with argv. On failure (no such file, fork failed) `error()` says why and the
    // object holds no process.
    explicit Process(std::vector<std::string> argv);
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    Process(Process&&) = delete;
    Process& operator=(Process&&) = delete;

    [[nodiscard]] bool started() const { return m_error.empty(); }
    [[nodiscard]] const std::string& error() const { return m_error; }
    // The child's id while it runs and is not reaped; -1 after.
    [[nodiscard]] pid_t pid() const { return m_pid; }
    // The command line, for failure messages.
    [[nodiscard]] std::string command_line() const;

    // Writes all of `data` to the child's stdin; false if the child stopped reading (closed pipe) or the deadline
    // passed.
    bool write_stdin(std::string_view data, Deadline deadline);
    void close_stdin();

    // Waits until stdout holds a full line after what earlier calls returned; returns that line without "\n".
    std::optional<std::string> read_stdout_line(Deadline deadline);
    // Waits until stdout contains `text` (anywhere in what was read so far) `times` times; false at EOF or the
    // deadline.
    bool read_stdout_until(std::string_view text, Deadline deadline, std::size_t times = 1);
    // The same for stderr.
    bool read_stderr_until(std::string_view text, Deadline deadline, std::size_t times = 1);
    // Waits until stdout and stderr both reach EOF; false if the deadline came first.
    bool read_to_eof(Deadline deadline);

    // Everything read so far.
    [[nodiscard]] std::string out() const;
    [[nodiscard]] std::string err() const;

    // Waits for the child to exit, then (briefly) for the rest of its output; nullopt if it is still running at the
    // deadline.
    std::optional<ExitStatus> wait(Deadline deadline);
    // Stops the child: SIGTERM, then SIGKILL if it is still there after a grace period; reaps it.
    void kill();

private:
    void read_output();  // the reader thread
    template <typename Done>
    bool wait_for(Done done, Deadline deadline);
    bool try_reap(bool block);

    std::vector<std::string> m_argv;
    std::string m_error;
    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_stdout = -1;     // owned by the reader thread while it runs
    int m_stderr = -1;     // likewise
    int m_stop_read = -1;  // a pipe: closing the write end stops the reader thread
    int m_stop_write = -1;
    std::thread m_reader;

    mutable std::mutex m_mutex;  // guards the fields below
    std::condition_variable m_changed;
    std::string m_out;
    std::string m_err;
    bool m_out_eof = true;  // no pipes until the reader thread starts
    bool m_err_eof = true;
    std::size_t m_line_start = 0;  // where read_stdout_line continues

    std::optional<ExitStatus> m_status;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close). Another process may take it
// before the caller binds; prefer a peer's own "listening on PORT" line where it prints one.
std::uint16_t free_port();

// Tries to connect to 127.0.0.1:port every 50 ms until it works or the deadline passes.
bool wait_until_listening(std::uint16_t port, Deadline deadline);

}  // namespace nxs::interop
