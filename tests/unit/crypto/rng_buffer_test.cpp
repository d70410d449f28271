// The OpenSSL provider's generator serves small requests from a per-thread buffer of DRBG output: no value may be
// handed out twice, not across threads, not across requests of mixed sizes, and not across fork(). X25519/X448 private
// values come from a second such buffer (OpenSSL's private DRBG): key shares must never repeat either.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace nxs::crypto::test {
namespace {

std::vector<std::uint8_t> random_bytes(std::size_t length) {
    std::vector<std::uint8_t> out(length);
    const auto filled = default_provider()->rng().fill(out);
    EXPECT_TRUE(filled.ok());
    return out;
}

// Values are kept as strings in the sets below: GCC 12 warns (-Wstringop-overread, a false positive) on the
// three-way comparison of std::vector<std::uint8_t> that std::set would use.
std::string as_key(const std::vector<std::uint8_t>& value) {
    return std::string(value.begin(), value.end());
}

TEST(RngBuffer, EverySizeIsFilledAndNoValueRepeats) {
    std::set<std::string> seen;
    // Sizes around the buffered limit and the block, in an order that leaves remainders too small to serve.
    for (const std::size_t length : {1u, 16u, 32u, 200u, 255u, 256u, 257u, 200u, 1000u, 1024u, 1025u, 5000u, 32u}) {
        for (int i = 0; i < 6; ++i) {
            auto value = random_bytes(length);
            if (length >= 16) {
                EXPECT_TRUE(seen.insert(as_key(value)).second) << "repeated value of " << length << " bytes";
                EXPECT_NE(value, std::vector<std::uint8_t>(length, 0));
            }
        }
    }
    std::vector<std::uint8_t> none;
    EXPECT_TRUE(default_provider()->rng().fill(none).ok());
}

TEST(RngBuffer, ThreadsNeverShareValues) {
    constexpr std::size_t kThreads = 4;
    constexpr std::size_t kValues = 200;
    std::vector<std::vector<std::vector<std::uint8_t>>> drawn(kThreads);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < kThreads; ++t) {
        threads.emplace_back([&drawn, t] {
            for (std::size_t i = 0; i < kValues; ++i) {
                drawn[t].push_back(random_bytes(32));
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    std::set<std::string> all;
    for (const auto& values : drawn) {
        for (const auto& value : values) {
            all.insert(as_key(value));
        }
    }
    EXPECT_EQ(all.size(), kThreads * kValues);
}

// How a child is made: fork() runs the pthread_atfork handlers, _Fork() does not (nor does a raw clone()).
enum class ForkBy : std::uint8_t { kFork, kForkWithoutHandlers };

// A forked child reports the first 32-byte value `draw` gives it through a pipe.
std::vector<std::uint8_t> first_value_in_child(const std::function<std::vector<std::uint8_t>()>& draw, ForkBy how) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    const pid_t child = how == ForkBy::kFork ? fork() : _Fork();
    if (child == 0) {
        close(fds[0]);
        const std::vector<std::uint8_t> value = draw();
        const bool written =
            value.size() == 32 && write(fds[1], value.data(), value.size()) == static_cast<ssize_t>(value.size());
        _exit(written ? 0 : 1);
    }
    close(fds[1]);
    std::vector<std::uint8_t> value(32);
    std::size_t got = 0;
    while (got < value.size()) {
        const ssize_t n = read(fds[0], value.data() + got, value.size() - got);
        if (n <= 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    close(fds[0]);
    int status = 0;
    EXPECT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(got, value.size());
    return value;
}

// Forks three times after `draw` has left unused bytes in the parent's buffer: the child's next value and the
// parent's next value must differ, and no value may come twice.
void expect_fork_never_repeats(const std::function<std::vector<std::uint8_t>()>& draw, ForkBy how) {
    (void)draw();
    std::set<std::string> seen;
    for (int round = 0; round < 3; ++round) {
        const auto in_child = first_value_in_child(draw, how);
        const auto in_parent = draw();
        EXPECT_NE(in_child, in_parent) << "the child handed out its parent's next bytes";
        EXPECT_TRUE(seen.insert(as_key(in_child)).second) << "two children handed out the same bytes";
        EXPECT_TRUE(seen.insert(as_key(in_parent)).second);
    }
}

TEST(RngBuffer, ForkedChildrenNeverRepeatTheParentsBytes) {
    expect_fork_never_repeats([] { return random_bytes(32); }, ForkBy::kFork);
}

// A child that skips the fork handlers is still told apart, by its process id.
TEST(RngBuffer, ChildrenMadeWithoutForkHandlersNeverRepeatTheParentsBytes) {
    expect_fork_never_repeats([] { return random_bytes(32); }, ForkBy::kForkWithoutHandlers);
}

// An X25519 public value stands for its private value (drawn from the private DRBG's buffer).
std::vector<std::uint8_t> fresh_x25519_public() {
    auto share = default_provider()->generate_key_share(NamedGroup::kX25519);
    EXPECT_TRUE(share.ok());
    return share.ok() ? to_vector((*share)->public_key()) : std::vector<std::uint8_t>{};
}

TEST(RngBuffer, ForkedChildrenNeverRepeatTheParentsKeyShares) {
    expect_fork_never_repeats(fresh_x25519_public, ForkBy::kFork);
    expect_fork_never_repeats(fresh_x25519_public, ForkBy::kForkWithoutHandlers);
}

TEST(RngBuffer, KeySharesNeverRepeatAcrossThreads) {
    constexpr std::size_t kThreads = 4;
    constexpr std::size_t kShares = 40;  // more than one buffered block of private values per thread
    std::vector<std::vector<std::string>> publics(kThreads);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (std::size_t i = 0; i < kShares; ++i) {
                publics[t].push_back(as_key(fresh_x25519_public()));
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    std::set<std::string> all;
    for (const auto& list : publics) {
        ASSERT_EQ(list.size(), kShares);
        all.insert(list.begin(), list.end());
    }
    EXPECT_EQ(all.size(), kThreads * kShares);
}

}  // namespace
}  // namespace nxs::crypto::test
