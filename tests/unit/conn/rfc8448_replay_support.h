// Pieces shared by the RFC 8448 replays through a server Connection (rfc8448_replay_test.cpp: §3 and §5;
// rfc8448_client_auth_replay_test.cpp: §6): records built from the RFC's messages, a scripted random generator and a
// key that can only hand out the RFC's recorded signature.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/hex.h"
#include "nxs/config.h"
#include "nxs/connection.h"
#include "nxs/crypto/provider.h"
#include "nxs/x509/certificate.h"
#include "unit/handshake/rfc8448_trace.h"

namespace nxs::rfc8448_replay {

using Bytes = std::vector<std::uint8_t>;
using rfc8448::bytes;

// The handshake message's body wrapped in one plaintext record, as the RFC's peers framed them.
inline Bytes plaintext_record(std::uint16_t legacy_version, std::string_view message_hex) {
    auto record = bytes(message_hex);
    const auto length = record.size();
    const std::array<std::uint8_t, 5> header = {
        0x16, static_cast<std::uint8_t>(legacy_version >> 8), static_cast<std::uint8_t>(legacy_version),
        static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
    record.insert(record.begin(), header.begin(), header.end());
    return record;
}

// Hands out the scripted bytes in order, then a counter: every random value the server draws comes from here.
class ScriptedRng final : public crypto::Rng {
public:
    explicit ScriptedRng(Bytes script) : m_script(script.begin(), script.end()) {}
    Result<void> fill(crypto::MutableBytes out) override {
        for (auto& byte : out) {
            if (!m_script.empty()) {
                byte = m_script.front();
                m_script.pop_front();
            } else {
                byte = m_counter++;
            }
        }
        return {};
    }
    bool script_used_up() const noexcept { return m_script.empty(); }

private:
    std::deque<std::uint8_t> m_script;
    std::uint8_t m_counter = 0;
};

// An RFC server's key, seen through its certificate (RSA in §3, ECDSA P-256 in §6): signs by answering with the
// RFC's signature, and only when that signature verifies over the message it is asked to sign.
class RecordedSignatureKey final : public crypto::PrivateKey {
public:
    RecordedSignatureKey(const x509::Certificate& certificate, Bytes recorded_signature)
        : m_spki(certificate.public_key().der.begin(), certificate.public_key().der.end()),
          m_bits(certificate.public_key().bits),
          m_signature(std::move(recorded_signature)) {
        auto key = crypto::default_provider()->load_public_key(m_spki);
        EXPECT_TRUE(key.ok());
        if (key.ok()) {
            m_public = std::move(key).value();
        }
    }

    crypto::KeyType type() const noexcept override { return m_public ? m_public->type() : crypto::KeyType::kRsa; }
    crypto::EcCurve curve() const noexcept override { return m_public ? m_public->curve() : crypto::EcCurve::kNone; }
    std::size_t bits() const noexcept override { return m_bits; }
    crypto::Bytes public_spki_der() const noexcept override { return m_spki; }

    Result<std::vector<std::uint8_t>> sign(const crypto::SignatureAlgorithm& algorithm,
                                           crypto::Bytes message) const override {
        ++m_sign_calls;
        if (!m_public) {
            return Error(Status::kTlsMissingCryptoRoutine, "the RFC 8448 certificate's key did not load");
        }
        NXS_TRY(m_public->verify(algorithm, message, m_signature));
        return m_signature;
    }

    Result<Secret> to_pkcs8_der() const override {
        return Error(Status::kTlsUnsupportedFeature, "the RFC 8448 private key is not used");
    }

    int sign_calls() const noexcept { return m_sign_calls; }

private:
    Bytes m_spki;
    std::size_t m_bits;
    Bytes m_signature;
    std::unique_ptr<crypto::PublicKey> m_public;
    mutable int m_sign_calls = 0;
};

inline std::string hex_of(const Bytes& data) {
    return to_hex(data);
}

inline Bytes concat(const Bytes& a, const Bytes& b) {
    Bytes out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

inline Bytes server_random_of(std::string_view server_hello_hex) {
    const auto hello = bytes(server_hello_hex);
    return Bytes(hello.begin() + 6, hello.begin() + 38);  // type(1) length(3) legacy_version(2) random(32)
}

// A key log (Config::key_log) that keeps the secret of each label as its hex text, by label.
inline KeyLogCallback key_log_into(std::map<std::string, std::string>& secrets) {
    return [log = &secrets](std::string_view line) {
        const auto first = line.find(' ');
        const auto second = line.find(' ', first + 1);
        (*log)[std::string(line.substr(0, first))] = std::string(line.substr(second + 1));
    };
}

// Everything the connection has to send, taken from it.
inline Bytes take_output(Connection& connection) {
    const auto pending = connection.pending_output();
    Bytes out(pending.begin(), pending.end());
    connection.consume_output(out.size());
    return out;
}

}  // namespace nxs::rfc8448_replay
