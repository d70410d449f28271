// What the connection fuzzers share: a deterministic random generator, a fixed clock, and Configs made from the
// OpenSSL-generated test certificates, so that a given input always takes the same path.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "nxs/clock.h"
#include "nxs/config.h"
#include "nxs/x509/private_key.h"

namespace nxs::fuzzing {

// xorshift64*: not for secrets, only for reproducible fuzzing runs.
class DeterministicRng final : public crypto::Rng {
public:
    explicit DeterministicRng(std::uint64_t seed) noexcept : m_state(seed | 1U) {}
    Result<void> fill(crypto::MutableBytes out) override {
        for (auto& byte : out) {
            m_state ^= m_state >> 12;
            m_state ^= m_state << 25;
            m_state ^= m_state >> 27;
            byte = static_cast<std::uint8_t>((m_state * 0x2545F4914F6CDD1DULL) >> 56);
        }
        return {};
    }

private:
    std::uint64_t m_state;
};

inline std::vector<std::uint8_t> read_vector(const std::string& name) {
    std::ifstream in(std::string(NXS_SOURCE_DIR) + "/tests/vectors/tls/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// 2027-01-01: inside the test certificates' validity (made 2026-11-25, valid 100 years).
constexpr std::int64_t kFuzzTime = 1798761600;

inline void make_deterministic(Config& config, std::uint64_t seed) {
    config.rng = std::make_shared<DeterministicRng>(seed);
    config.clock = std::make_shared<FixedClock>(kFuzzTime);
}

inline std::shared_ptr<Config> fuzz_server_config() {
    auto config = std::make_shared<Config>(Role::kServer);
    make_deterministic(*config, 0x5e77e7);
    auto chain = x509::parse_certificates(read_vector("server-p256.pem"));
    auto key = x509::load_private_key(config->provider(), read_vector("server-p256.key"));
    if (chain.ok() && key.ok()) {
        (void)config->add_certificate(1, std::move(chain).value(), std::move(key).value());
    }
    return config;
}

inline std::shared_ptr<Config> fuzz_client_config() {
    auto config = std::make_shared<Config>(Role::kClient);
    make_deterministic(*config, 0xc11e47);
    auto anchors = std::make_shared<x509::TrustStore>();
    (void)anchors->add_pem_bundle(read_vector("ca.pem"));
    config->trust_anchors = anchors;
    return config;
}

}  // namespace nxs::fuzzing
