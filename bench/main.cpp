// nxs-bench: nxs against OpenSSL's libssl, side by side in one process and one thread (bench/README.md).
//
//   nxs-bench [--quick] [--scenario NAME] [--callgrind [--handshakes N]]
//
// Every result is one line:
//   RESULT name=<scenario> nxs=<value> openssl=<value> ratio=<nxs/openssl> unit=<unit> [of_raw=<x>]
// Lines starting with INFO add context (per-round spread, the raw cipher, OpenSSL's own of_raw).
#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define NXS_BENCH_HAVE_CALLGRIND 1
#else
#define NXS_BENCH_HAVE_CALLGRIND 0
#endif

#include "alloc_counter.h"
#include "bench.h"
#include "raw_cipher.h"
#include "x509_bench.h"

namespace nxs_bench {

std::string read_file(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        std::fprintf(stderr, "cannot open %s\n", path.c_str());
        std::abort();
    }
    std::string text;
    char block[4096];
    std::size_t n = 0;
    while ((n = std::fread(block, 1, sizeof block, file)) > 0) {
        text.append(block, n);
    }
    std::fclose(file);
    return text;
}

CertFiles load_cert_files(KeyType type) {
    const std::string prefix = std::string(NXS_BENCH_CERT_DIR) + (type == KeyType::kEcdsa ? "/ecdsa-" : "/rsa-");
    CertFiles files;
    files.root_path = prefix + "root.pem";
    files.chain_path = prefix + "chain.pem";
    files.key_path = prefix + "leaf.key";
    files.root_pem = read_file(files.root_path);
    files.chain_pem = read_file(files.chain_path);
    files.key_pem = read_file(files.key_path);
    return files;
}

namespace {

struct Options {
    bool quick = false;
    bool callgrind = false;
    int callgrind_handshakes = 20;
    std::string scenario;  // empty: all
};

// How long each library runs per round (in its own time), and how many rounds.
struct Plan {
    std::uint64_t warmup_ns;
    std::uint64_t batch_ns;
    int rounds;
    std::size_t idle_connections;
};

Plan plan_for(const Options& options) {
    if (options.quick) {
        return {20'000'000, 40'000'000, 3, 50};
    }
    return {300'000'000, 500'000'000, 7, 1000};
}

double median(std::vector<double> values) {
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

void print_result(std::string_view name, double nxs, double openssl, std::string_view unit,
                  const double* of_raw = nullptr) {
    const double ratio = openssl > 0.0 ? nxs / openssl : 0.0;
    std::printf("RESULT name=%.*s nxs=%.2f openssl=%.2f ratio=%.3f unit=%.*s", static_cast<int>(name.size()),
                name.data(), nxs, openssl, ratio, static_cast<int>(unit.size()), unit.data());
    if (of_raw != nullptr) {
        std::printf(" of_raw=%.3f", *of_raw);
    }
    std::printf("\n");
    std::fflush(stdout);
}

void print_spread(std::string_view name, std::string_view library, const std::vector<double>& values) {
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    std::printf("INFO name=%.*s library=%.*s rounds=%zu min=%.2f median=%.2f max=%.2f\n", static_cast<int>(name.size()),
                name.data(), static_cast<int>(library.size()), library.data(), values.size(), *lo, median(values), *hi);
}

// The median over rounds of numerator[i] / denominator[i]. Within a round the two measurements are adjacent in
// time, so this ratio cancels most of a shared machine's slow drift, which the ratio of the two medians does not;
// printed as an INFO line beside the RESULT (which keeps the ratio of medians).
void print_paired(std::string_view name, std::string_view what, const std::vector<double>& numerator,
                  const std::vector<double>& denominator) {
    std::vector<double> ratios;
    for (std::size_t i = 0; i < numerator.size() && i < denominator.size(); ++i) {
        if (denominator[i] > 0.0) {
            ratios.push_back(numerator[i] / denominator[i]);
        }
    }
    if (ratios.empty()) {
        return;
    }
    const auto [lo, hi] = std::minmax_element(ratios.begin(), ratios.end());
    std::printf("INFO name=%.*s paired_%.*s rounds=%zu min=%.3f median=%.3f max=%.3f\n", static_cast<int>(name.size()),
                name.data(), static_cast<int>(what.size()), what.data(), ratios.size(), *lo, median(ratios), *hi);
}

// Runs `step` (which does `units` units of work) until `duration_ns` passed; returns units per second.
double rate(const std::function<bool()>& step, double units, std::uint64_t duration_ns) {
    const std::uint64_t start = now_ns();
    std::uint64_t elapsed = 0;
    double done = 0.0;
    while (elapsed < duration_ns) {
        if (!step()) {
            std::fprintf(stderr, "a benchmark step failed\n");
            std::exit(1);
        }
        done += units;
        elapsed = now_ns() - start;
    }
    return done / (static_cast<double>(elapsed) / 1e9);
}

// Runs the steps in turn, one call each per pass (which goes first rotates with every pass), until each has run for
// `duration_ns` in total; returns each one's units per second of its own running time. A shared VM's speed drifts:
// when each library had a half-second batch of its own, the rounds of one run gave AES-GCM `of_raw` from 0.70 to
// 1.07. Interleaved a step at a time, a drift lands on every library alike instead of on whichever batch it hit.
std::vector<double> interleaved_rates(const std::vector<std::function<bool()>>& steps, double units,
                                      std::uint64_t duration_ns) {
    const std::size_t count = steps.size();
    std::vector<std::uint64_t> spent(count, 0);
    std::vector<double> done(count, 0.0);
    for (std::size_t pass = 0; *std::min_element(spent.begin(), spent.end()) < duration_ns; ++pass) {
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = (pass + k) % count;
            const std::uint64_t start = now_ns();
            if (!steps[i]()) {
                std::fprintf(stderr, "a benchmark step failed\n");
                std::exit(1);
            }
            spent[i] += now_ns() - start;
            done[i] += units;
        }
    }
    std::vector<double> rates(count);
    for (std::size_t i = 0; i < count; ++i) {
        rates[i] = done[i] / (static_cast<double>(spent[i]) / 1e9);
    }
    return rates;
}

// --- handshakes --------------------------------------------------------------------------------------------------

void run_handshakes(std::string_view name, KeyType type, const Plan& plan, bool resumed = false) {
    std::unique_ptr<Engine> engines[2] = {make_nxs_engine(type), make_openssl_engine(type)};
    const auto one = [resumed](Engine& engine, SideTimes& times) {
        return resumed ? engine.resumed_handshake(times) : engine.handshake(times);
    };
    if (resumed) {
        // Reported, not faked: if either library cannot resume here, the scenario says so and is skipped.
        for (auto& engine : engines) {
            SideTimes ignored;
            if (!engine->start_resumption() || !engine->resumed_handshake(ignored)) {
                std::printf("INFO name=%.*s not measured: %.*s did not resume in this harness\n",
                            static_cast<int>(name.size()), name.data(), static_cast<int>(engine->name().size()),
                            engine->name().data());
                return;
            }
        }
    }
    std::vector<double> per_second[2];
    std::vector<double> client_us[2];
    std::vector<double> server_us[2];
    for (auto& engine : engines) {
        SideTimes ignored;
        rate([&] { return one(*engine, ignored); }, 1.0, plan.warmup_ns);
    }
    for (int round = 0; round < plan.rounds; ++round) {
        SideTimes times[2];
        std::uint64_t count[2] = {0, 0};
        std::vector<std::function<bool()>> steps;
        steps.reserve(2);
        for (int e = 0; e < 2; ++e) {
            steps.emplace_back([&, e] {
                ++count[e];
                return one(*engines[e], times[e]);
            });
        }
        const std::vector<double> rates = interleaved_rates(steps, 1.0, plan.batch_ns);
        for (int e = 0; e < 2; ++e) {
            per_second[e].push_back(rates[static_cast<std::size_t>(e)]);
            client_us[e].push_back(static_cast<double>(times[e].client_ns) / 1e3 / static_cast<double>(count[e]));
            server_us[e].push_back(static_cast<double>(times[e].server_ns) / 1e3 / static_cast<double>(count[e]));
        }
    }
    print_spread(name, "nxs", per_second[0]);
    print_spread(name, "openssl", per_second[1]);
    print_paired(name, "ratio", per_second[0], per_second[1]);
    print_result(name, median(per_second[0]), median(per_second[1]), "hs/s");
    print_result(std::string(name) + "_client_cpu", median(client_us[0]), median(client_us[1]), "us/hs");
    print_result(std::string(name) + "_server_cpu", median(server_us[0]), median(server_us[1]), "us/hs");
}

// --- bulk ----------------------------------------------------------------------------------------------------------

void run_bulk(std::string_view name, BulkCipher cipher, const Plan& plan) {
    constexpr std::size_t kRecordsPerStep = 64;  // 1 MiB
    constexpr double kMegabytesPerStep = static_cast<double>(kRecordsPerStep * kRecordSize) / 1e6;
    std::unique_ptr<Engine> engines[2] = {make_nxs_engine(KeyType::kEcdsa), make_openssl_engine(KeyType::kEcdsa)};
    RawCipher raw(cipher);
    for (auto& engine : engines) {
        if (!engine->start_bulk(cipher)) {
            std::exit(1);
        }
        rate([&] { return engine->send_records(kRecordsPerStep); }, kMegabytesPerStep, plan.warmup_ns);
    }
    rate([&] { return raw.seal_open(kRecordsPerStep); }, kMegabytesPerStep, plan.warmup_ns);

    std::vector<double> mbps[3];  // nxs, openssl, raw
    const std::vector<std::function<bool()>> steps = {
        [&] { return engines[0]->send_records(kRecordsPerStep); },
        [&] { return engines[1]->send_records(kRecordsPerStep); },
        [&] { return raw.seal_open(kRecordsPerStep); },
    };
    for (int round = 0; round < plan.rounds; ++round) {
        const std::vector<double> rates = interleaved_rates(steps, kMegabytesPerStep, plan.batch_ns);
        for (std::size_t e = 0; e < 3; ++e) {
            mbps[e].push_back(rates[e]);
        }
    }
    print_spread(name, "nxs", mbps[0]);
    print_spread(name, "openssl", mbps[1]);
    print_spread(name, "raw", mbps[2]);
    print_paired(name, "ratio", mbps[0], mbps[1]);
    print_paired(name, "of_raw", mbps[0], mbps[2]);
    const double raw_median = median(mbps[2]);
    const double nxs_of_raw = median(mbps[0]) / raw_median;
    std::printf("INFO name=%.*s raw_mbps=%.2f openssl_of_raw=%.3f\n", static_cast<int>(name.size()), name.data(),
                raw_median, median(mbps[1]) / raw_median);
    print_result(name, median(mbps[0]), median(mbps[1]), "MB/s", &nxs_of_raw);
}

// --- memory --------------------------------------------------------------------------------------------------------

struct MemoryUse {
    double client = 0;          // bytes per idle client
    double server = 0;          // bytes per idle server
    double hs_peak = 0;         // the most one handshake (both sides) had allocated above where it started
    double hs_allocations = 0;  // allocation calls per established pair (handshake, both sides)
};

MemoryUse measure_memory(Engine& engine, std::size_t count) {
    // Warm-up: first-use caches of either library are not a connection's cost.
    for (int i = 0; i < 3; ++i) {
        engine.open_idle_pair().reset();
    }
    std::vector<std::unique_ptr<IdlePair>> pairs;
    pairs.reserve(count);
    const std::size_t base = alloc::live_bytes();
    const std::size_t base_allocations = alloc::allocations();
    std::size_t hs_peak = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t before = alloc::live_bytes();
        alloc::reset_peak();
        auto pair = engine.open_idle_pair();
        if (!pair) {
            std::exit(1);
        }
        hs_peak = std::max(hs_peak, alloc::peak_bytes() - before);
        pairs.push_back(std::move(pair));
    }
    const std::size_t held = alloc::live_bytes() - base;
    const std::size_t allocations = alloc::allocations() - base_allocations;
    for (auto& pair : pairs) {
        pair->drop_client();
    }
    const std::size_t servers = alloc::live_bytes() - base;
    pairs.clear();
    const double n = static_cast<double>(count);
    return {static_cast<double>(held - servers) / n, static_cast<double>(servers) / n, static_cast<double>(hs_peak),
            static_cast<double>(allocations) / n};
}

void run_memory(const Plan& plan, bool hooks_installed) {
    if (!hooks_installed) {
        std::printf("INFO name=idle_conn_bytes_per_side not measured: OpenSSL refused the allocation hooks\n");
        return;
    }
    auto nxs_engine = make_nxs_engine(KeyType::kEcdsa);
    auto openssl_engine = make_openssl_engine(KeyType::kEcdsa);
    alloc::set_counting(true);
    const MemoryUse n = measure_memory(*nxs_engine, plan.idle_connections);
    const MemoryUse o = measure_memory(*openssl_engine, plan.idle_connections);
    alloc::set_counting(false);
    std::printf("INFO name=idle_conn_bytes_per_side connections=%zu chain=ecdsa openssl_peak_includes_bio_pair=%d\n",
                plan.idle_connections, 2 * 20 * 1024);
    print_result("idle_conn_bytes_per_side", (n.client + n.server) / 2, (o.client + o.server) / 2, "bytes");
    print_result("idle_conn_bytes_client", n.client, o.client, "bytes");
    print_result("idle_conn_bytes_server", n.server, o.server, "bytes");
    print_result("handshake_peak_bytes_per_pair", n.hs_peak, o.hs_peak, "bytes");
    print_result("handshake_allocations_per_pair", n.hs_allocations, o.hs_allocations, "allocs");
}

// --- callgrind -----------------------------------------------------------------------------------------------------

// N handshakes per library, each batch between two CALLGRIND_TOGGLE_COLLECTs (run with --collect-atstart=no) and
// dumped under its own name; the instruction counts come from the dumps (bench/callgrind.sh). Outside valgrind the
// markers do nothing.
int run_callgrind_bulk(const Options& options, BulkCipher cipher) {
    constexpr std::size_t kRecords = 64;
    std::unique_ptr<Engine> engines[2] = {make_nxs_engine(KeyType::kEcdsa), make_openssl_engine(KeyType::kEcdsa)};
    for (auto& engine : engines) {
        if (!engine->start_bulk(cipher) || !engine->send_records(8)) {
            return 1;
        }
#if NXS_BENCH_HAVE_CALLGRIND
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
#endif
        if (!engine->send_records(kRecords)) {
            return 1;
        }
#if NXS_BENCH_HAVE_CALLGRIND
        CALLGRIND_TOGGLE_COLLECT;
        const std::string label = std::string(engine->name()) + "-" + std::to_string(kRecords);
        CALLGRIND_DUMP_STATS_AT(label.c_str());
#endif
        std::printf("CALLGRIND library=%.*s records=%zu scenario=%s\n", static_cast<int>(engine->name().size()),
                    engine->name().data(), kRecords, options.scenario.c_str());
    }
    return 0;
}

int run_callgrind(const Options& options) {
    if (options.scenario == "tls13_aes128gcm_bulk") {
        return run_callgrind_bulk(options, BulkCipher::kAes128Gcm);
    }
    if (options.scenario == "tls13_chacha20_bulk") {
        return run_callgrind_bulk(options, BulkCipher::kChaCha20Poly1305);
    }
    const KeyType type = options.scenario == "tls13_full_rsa_hs" ? KeyType::kRsa : KeyType::kEcdsa;
    const bool resumed = options.scenario == "tls13_resumed_hs";
    std::unique_ptr<Engine> engines[2] = {make_nxs_engine(type), make_openssl_engine(type)};
    for (auto& engine : engines) {
        SideTimes ignored;
        const auto one = [&] { return resumed ? engine->resumed_handshake(ignored) : engine->handshake(ignored); };
        if (resumed && !engine->start_resumption()) {
            return 1;
        }
        for (int i = 0; i < 3; ++i) {
            if (!one()) {
                return 1;
            }
        }
#if NXS_BENCH_HAVE_CALLGRIND
        CALLGRIND_ZERO_STATS;
        CALLGRIND_TOGGLE_COLLECT;
#endif
        for (int i = 0; i < options.callgrind_handshakes; ++i) {
            if (!one()) {
                return 1;
            }
        }
#if NXS_BENCH_HAVE_CALLGRIND
        CALLGRIND_TOGGLE_COLLECT;
        const std::string label = std::string(engine->name()) + "-" + std::to_string(options.callgrind_handshakes);
        CALLGRIND_DUMP_STATS_AT(label.c_str());
#endif
        std::printf("CALLGRIND library=%.*s handshakes=%d chain=%s%s\n", static_cast<int>(engine->name().size()),
                    engine->name().data(), options.callgrind_handshakes, type == KeyType::kEcdsa ? "ecdsa" : "rsa",
                    resumed ? " resumed" : "");
    }
#if !NXS_BENCH_HAVE_CALLGRIND
    std::printf("INFO built without valgrind/callgrind.h: no instrumentation markers\n");
#endif
    return 0;
}

// A whole decimal number from 1 to INT_MAX, or false.
bool positive_int(const char* text, int& out) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 1 || value > std::numeric_limits<int>::max()) {
        return false;
    }
    out = static_cast<int>(value);
    return true;
}

bool parse(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--quick") {
            options.quick = true;
        } else if (arg == "--callgrind") {
            options.callgrind = true;
        } else if (arg == "--scenario" && i + 1 < argc) {
            options.scenario = argv[++i];
        } else if (arg == "--handshakes" && i + 1 < argc && positive_int(argv[i + 1], options.callgrind_handshakes)) {
            ++i;
        } else {
            std::fprintf(stderr,
                         "usage: nxs-bench [--quick] [--scenario NAME] [--callgrind [--handshakes N]]\n"
                         "scenarios: tls13_full_ecdsa_hs tls13_full_rsa_hs tls13_resumed_hs tls13_aes128gcm_bulk "
                         "x509_parse x509_verify_chain\n"
                         "           tls13_chacha20_bulk idle_conn_bytes_per_side\n");
            return false;
        }
    }
    return true;
}

// Runs the memory scenario in a child process (this program again, with only that scenario), whose output joins
// ours. True if the child ran and exited 0.
bool run_memory_in_child(const Options& options) {
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        const char* quick = options.quick ? "--quick" : nullptr;
        execl("/proc/self/exe", "nxs-bench", "--scenario", "idle_conn_bytes_per_side", quick,
              static_cast<char*>(nullptr));
        std::perror("nxs-bench: exec for the memory scenario");
        _exit(127);
    }
    int status = 0;
    return child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace
// --- X.509 alone ---------------------------------------------------------------------------------------------

// Certificates parsed per second and chains verified per second: per round, a batch of nxs, then one of OpenSSL.
void run_x509(const Plan& plan) {
    const auto steps = make_x509_steps(KeyType::kEcdsa);
    struct Pair {
        std::string_view name;
        const std::function<bool()>& nxs;
        const std::function<bool()>& openssl;
        double units;
        std::string_view unit;
    };
    const Pair pairs[] = {
        {"x509_parse", steps.nxs_parse, steps.openssl_parse, steps.certificates_per_parse, "certs/s"},
        {"x509_verify_chain", steps.nxs_verify, steps.openssl_verify, 1.0, "chains/s"},
    };
    for (const auto& pair : pairs) {
        (void)rate(pair.nxs, pair.units, plan.warmup_ns);
        (void)rate(pair.openssl, pair.units, plan.warmup_ns);
        std::vector<double> nxs_rates;
        std::vector<double> openssl_rates;
        for (int round = 0; round < plan.rounds; ++round) {
            nxs_rates.push_back(rate(pair.nxs, pair.units, plan.batch_ns));
            openssl_rates.push_back(rate(pair.openssl, pair.units, plan.batch_ns));
        }
        print_spread(pair.name, "nxs", nxs_rates);
        print_spread(pair.name, "openssl", openssl_rates);
        print_result(pair.name, median(nxs_rates), median(openssl_rates), pair.unit);
    }
}

}  // namespace nxs_bench

int main(int argc, char** argv) {
    using namespace nxs_bench;
    Options options;
    if (!parse(argc, argv, options)) {
        return 2;
    }
    if (options.callgrind) {
        return run_callgrind(options);  // libcrypto's own allocator: nothing of the harness in the profile
    }
    // libcrypto's allocations are counted only by a process that measures nothing but memory: the hooks must be
    // installed before libcrypto's first allocation and stay for good, and in the timed scenarios they would add a
    // call to each of OpenSSL's allocations (about 4,600 per handshake pair, against nxs's 700).
    const bool memory_only = options.scenario == "idle_conn_bytes_per_side";
    const bool hooks_installed = memory_only && alloc::install_openssl_hooks();
    const Plan plan = plan_for(options);
    const auto wanted = [&](std::string_view name) { return options.scenario.empty() || options.scenario == name; };
    bool any = false;
    if (wanted("tls13_full_ecdsa_hs")) {
        run_handshakes("tls13_full_ecdsa_hs", KeyType::kEcdsa, plan);
        any = true;
    }
    if (wanted("tls13_full_rsa_hs")) {
        run_handshakes("tls13_full_rsa_hs", KeyType::kRsa, plan);
        any = true;
    }
    if (wanted("tls13_resumed_hs")) {
        // ECDSA chain; the server issues one ticket per handshake, the client resumes with the newest (psk_dhe_ke).
        run_handshakes("tls13_resumed_hs", KeyType::kEcdsa, plan, true);
        any = true;
    }
    if (wanted("tls13_aes128gcm_bulk")) {
        run_bulk("tls13_aes128gcm_bulk", BulkCipher::kAes128Gcm, plan);
        any = true;
    }
    if (wanted("tls13_chacha20_bulk")) {
        run_bulk("tls13_chacha20_bulk", BulkCipher::kChaCha20Poly1305, plan);
        any = true;
    }
    if (wanted("x509_parse") || wanted("x509_verify_chain")) {
        run_x509(plan);
        any = true;
    }
    if (memory_only) {
        run_memory(plan, hooks_installed);
        any = true;
    } else if (wanted("idle_conn_bytes_per_side")) {
        if (!run_memory_in_child(options)) {
            std::fprintf(stderr, "nxs-bench: the memory scenario failed\n");
            return 1;
        }
        any = true;
    }
    if (!any) {
        std::fprintf(stderr, "unknown scenario: %s\n", options.scenario.c_str());
        return 2;
    }
    return 0;
}
