// In-memory client/server pairs for the connection tests: certificates and keys made by OpenSSL
// (tests/vectors/tls/make_tls_certs.sh), bytes moved between the two engines with no sockets.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "nxs/config.h"
#include "nxs/connection.h"
#include "nxs/x509/certificate.h"
#include "nxs/x509/private_key.h"
#include "nxs/x509/trust_store.h"

namespace nxs::testing {

inline std::vector<std::uint8_t> read_tls_vector(const std::string& name) {
    const std::string path = std::string(NXS_SOURCE_DIR) + "/tests/vectors/tls/" + name;
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<x509::Certificate> load_chain(const std::string& name) {
    auto chain = x509::parse_certificates(read_tls_vector(name));
    EXPECT_TRUE(chain.ok()) << name << ": " << (chain.ok() ? "" : chain.error().to_string());
    return chain.ok() ? std::move(chain).value() : std::vector<x509::Certificate>{};
}

inline std::shared_ptr<const crypto::PrivateKey> load_key(const std::string& name) {
    auto key = x509::load_private_key(*crypto::default_provider(), read_tls_vector(name));
    EXPECT_TRUE(key.ok()) << name << ": " << (key.ok() ? "" : key.error().to_string());
    if (!key.ok()) {
        return nullptr;
    }
    return std::shared_ptr<const crypto::PrivateKey>(std::move(key).value());
}

inline std::shared_ptr<const x509::TrustStore> trust(const std::string& ca_file = "ca.pem") {
    auto store = std::make_shared<x509::TrustStore>();
    for (const auto& cert : load_chain(ca_file)) {
        store->add(cert);
    }
    return store;
}

// A server Config with the certificate `name`.pem / `name`.key under ID 1.
inline std::shared_ptr<Config> server_config(const std::string& name = "server-p256") {
    auto config = std::make_shared<Config>(Role::kServer);
    const auto added = config->add_certificate(1, load_chain(name + ".pem"), load_key(name + ".key"));
    EXPECT_TRUE(added.ok()) << (added.ok() ? "" : added.error().to_string());
    return config;
}

inline std::shared_ptr<Config> client_config() {
    auto config = std::make_shared<Config>(Role::kClient);
    config->trust_anchors = trust();
    return config;
}

// Two engines wired back to back.
struct Pair {
    std::unique_ptr<Connection> client;
    std::unique_ptr<Connection> server;
    Result<void> client_status;
    Result<void> server_status;

    static Pair make(std::shared_ptr<const Config> client_cfg, std::shared_ptr<const Config> server_cfg,
                     const std::string& server_name = "test.nxs.example") {
        Pair pair;
        auto client = Connection::client(std::move(client_cfg), server_name);
        EXPECT_TRUE(client.ok()) << (client.ok() ? "" : client.error().to_string());
        auto server = Connection::server(std::move(server_cfg));
        EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.error().to_string());
        pair.client = std::move(client).value();
        pair.server = std::move(server).value();
        return pair;
    }

    // Moves bytes both ways until neither side has anything to send. Keeps the first error of each side.
    void run() {
        for (int round = 0; round < 100; ++round) {
            bool moved = false;
            moved |= transfer(*client, *server, server_status);
            moved |= transfer(*server, *client, client_status);
            if (!moved) {
                return;
            }
        }
        ADD_FAILURE() << "the connections did not settle in 100 rounds";
    }

    static bool transfer(Connection& from, Connection& to, Result<void>& status) {
        if (!from.has_pending_output()) {
            return false;
        }
        const auto out = from.pending_output();
        const std::vector<std::uint8_t> bytes(out.begin(), out.end());
        from.consume_output(bytes.size());
        if (status.ok() && !to.fatal_error()) {
            status = to.feed(bytes);
        }
        return true;
    }

    bool established() const { return client->is_handshake_done() && server->is_handshake_done(); }
};

inline std::vector<std::uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

inline std::string read_all(Connection& conn) {
    std::string out;
    std::array<std::uint8_t, 4096> buffer{};
    for (;;) {
        auto n = conn.read(buffer);
        if (!n.ok() || *n == 0) {
            return out;
        }
        out.append(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*n));
    }
}

}  // namespace nxs::testing
