// The nxs side of nxs-bench: two sans-I/O Connections, bytes moved from one's pending_output() into the other's
// feed() without copies on the harness side.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench.h"
#include "nxs/config.h"
#include "nxs/connection.h"
#include "nxs/x509/certificate.h"
#include "nxs/x509/private_key.h"
#include "nxs/x509/trust_store.h"

namespace nxs_bench {
namespace {

std::span<const std::uint8_t> bytes_of(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Moves everything `from` has to send into `to`. Returns false on a feed error (printed once).
bool transfer(nxs::Connection& from, nxs::Connection& to, std::uint64_t& to_slot, bool& moved) {
    const auto out = from.pending_output();
    if (out.empty()) {
        return true;
    }
    moved = true;
    const auto fed = timed(to_slot, [&] { return to.feed(out); });
    from.consume_output(out.size());
    if (!fed.ok()) {
        std::fprintf(stderr, "nxs: feed failed: %s\n", fed.error().to_string().c_str());
        return false;
    }
    return true;
}

// Runs the handshake to completion; the time inside each side's calls goes to its slot.
bool drive(nxs::Connection& client, nxs::Connection& server, SideTimes& times) {
    for (int round = 0; round < 16; ++round) {
        bool moved = false;
        // Producing output happens inside feed() (or client creation), so only feed() is timed here.
        if (!transfer(client, server, times.server_ns, moved) || !transfer(server, client, times.client_ns, moved)) {
            return false;
        }
        if (!moved) {
            break;
        }
    }
    if (!client.is_handshake_done() || !server.is_handshake_done() ||
        !(client.info().peer_verified || client.info().resumed)) {
        std::fprintf(stderr, "nxs: the handshake did not complete with a verified peer\n");
        return false;
    }
    return true;
}

class NxsIdlePair final : public IdlePair {
public:
    NxsIdlePair(std::unique_ptr<nxs::Connection> client, std::unique_ptr<nxs::Connection> server)
        : m_client(std::move(client)), m_server(std::move(server)) {}
    void drop_client() override { m_client.reset(); }
    void drop_server() override { m_server.reset(); }

private:
    std::unique_ptr<nxs::Connection> m_client;
    std::unique_ptr<nxs::Connection> m_server;
};

class NxsEngine final : public Engine {
public:
    explicit NxsEngine(KeyType type) {
        const CertFiles files = load_cert_files(type);
        auto provider = nxs::crypto::default_provider();

        auto chain = nxs::x509::parse_certificates(bytes_of(files.chain_pem));
        auto key = nxs::x509::load_private_key(*provider, bytes_of(files.key_pem));
        auto anchors = nxs::x509::parse_certificates(bytes_of(files.root_pem));
        if (!chain.ok() || !key.ok() || !anchors.ok()) {
            std::fprintf(stderr, "nxs: cannot load the bench certificates\n");
            std::abort();
        }
        auto store = std::make_shared<nxs::x509::TrustStore>();
        for (const auto& anchor : *anchors) {
            store->add(anchor);
        }
        m_server_config = std::make_shared<nxs::Config>(nxs::Role::kServer, provider);
        m_client_config = std::make_shared<nxs::Config>(nxs::Role::kClient, provider);
        m_client_config->trust_anchors = store;
        const auto added = m_server_config->add_certificate(
            1, std::move(chain).value(), std::shared_ptr<const nxs::crypto::PrivateKey>(std::move(key).value()));
        if (!added.ok()) {
            std::fprintf(stderr, "nxs: add_certificate: %s\n", added.error().to_string().c_str());
            std::abort();
        }
        set_cipher(nxs::CipherSuiteId::kAes128GcmSha256);
        // No tickets unless the scenario is resumption: OpenSSL's server issues none either.
        m_server_config->num_tickets = 0;
    }

    std::string_view name() const override { return "nxs"; }

    bool handshake(SideTimes& times) override {
        auto client =
            timed(times.client_ns, [&] { return nxs::Connection::client(m_client_config, std::string(kServerName)); });
        auto server = timed(times.server_ns, [&] { return nxs::Connection::server(m_server_config); });
        if (!client.ok() || !server.ok()) {
            std::fprintf(stderr, "nxs: cannot create the connections\n");
            return false;
        }
        const bool done = drive(**client, **server, times);
        timed(times.client_ns, [&] { client->reset(); });
        timed(times.server_ns, [&] { server->reset(); });
        return done;
    }

    bool start_resumption() override {
        m_server_config->num_tickets = 1;
        auto client = nxs::Connection::client(m_client_config, std::string(kServerName));
        auto server = nxs::Connection::server(m_server_config);
        SideTimes ignored;
        if (!client.ok() || !server.ok() || !drive(**client, **server, ignored)) {
            return false;
        }
        m_session = (*client)->session();
        if (!m_session) {
            std::fprintf(stderr, "nxs: no session ticket after the full handshake\n");
        }
        return m_session.has_value();
    }

    bool resumed_handshake(SideTimes& times) override {
        auto client = timed(times.client_ns, [&] {
            return nxs::Connection::client(m_client_config, std::string(kServerName), m_session);
        });
        auto server = timed(times.server_ns, [&] { return nxs::Connection::server(m_server_config); });
        if (!client.ok() || !server.ok()) {
            std::fprintf(stderr, "nxs: cannot create the connections\n");
            return false;
        }
        const bool done = drive(**client, **server, times) && (*client)->info().resumed && (*server)->info().resumed;
        if (auto fresh = timed(times.client_ns, [&] { return (*client)->session(); })) {
            m_session = std::move(fresh);
        }
        timed(times.client_ns, [&] { client->reset(); });
        timed(times.server_ns, [&] { server->reset(); });
        if (!done) {
            std::fprintf(stderr, "nxs: the handshake was not resumed\n");
        }
        return done;
    }

    std::unique_ptr<IdlePair> open_idle_pair() override {
        auto client = nxs::Connection::client(m_client_config, std::string(kServerName));
        auto server = nxs::Connection::server(m_server_config);
        SideTimes ignored;
        if (!client.ok() || !server.ok() || !drive(**client, **server, ignored)) {
            return nullptr;
        }
        return std::make_unique<NxsIdlePair>(std::move(client).value(), std::move(server).value());
    }

    bool start_bulk(BulkCipher cipher) override {
        m_bulk_client.reset();
        m_bulk_server.reset();
        set_cipher(cipher == BulkCipher::kAes128Gcm ? nxs::CipherSuiteId::kAes128GcmSha256
                                                    : nxs::CipherSuiteId::kChaCha20Poly1305Sha256);
        auto client = nxs::Connection::client(m_client_config, std::string(kServerName));
        auto server = nxs::Connection::server(m_server_config);
        SideTimes ignored;
        if (!client.ok() || !server.ok() || !drive(**client, **server, ignored)) {
            return false;
        }
        m_bulk_client = std::move(client).value();
        m_bulk_server = std::move(server).value();
        m_payload.assign(kRecordSize, 0x5a);
        return true;
    }

    bool send_records(std::size_t count) override {
        for (std::size_t i = 0; i < count; ++i) {
            const auto written = m_bulk_client->write(m_payload);
            if (!written.ok() || *written != kRecordSize) {
                std::fprintf(stderr, "nxs: write failed\n");
                return false;
            }
            const auto out = m_bulk_client->pending_output();
            const auto fed = m_bulk_server->feed(out);
            m_bulk_client->consume_output(out.size());
            if (!fed.ok()) {
                std::fprintf(stderr, "nxs: bulk feed failed: %s\n", fed.error().to_string().c_str());
                return false;
            }
            // The data is taken where it was decrypted (received_data / consume_received), as an application
            // that parses in place would; read() would add one 16 KiB memcpy per record (docs/performance.md).
            std::size_t got = 0;
            while (got < kRecordSize) {
                const auto view = m_bulk_server->received_data();
                if (view.empty()) {
                    std::fprintf(stderr, "nxs: bulk read came up short\n");
                    return false;
                }
                if (view.front() != m_payload[got % m_payload.size()]) {
                    std::fprintf(stderr, "nxs: bulk data differs from what was sent\n");
                    return false;
                }
                m_bulk_server->consume_received(view.size());
                got += view.size();
            }
        }
        return true;
    }

private:
    void set_cipher(nxs::CipherSuiteId suite) {
        for (auto* config : {m_client_config.get(), m_server_config.get()}) {
            config->cipher_suites = {suite};
            config->groups = {nxs::crypto::NamedGroup::kX25519};
            config->key_share_groups = {nxs::crypto::NamedGroup::kX25519};
        }
    }

    std::shared_ptr<nxs::Config> m_client_config;
    std::shared_ptr<nxs::Config> m_server_config;
    std::unique_ptr<nxs::Connection> m_bulk_client;
    std::unique_ptr<nxs::Connection> m_bulk_server;
    std::vector<std::uint8_t> m_payload;
    std::optional<nxs::Session> m_session;
};

}  // namespace

std::unique_ptr<Engine> make_nxs_engine(KeyType type) {
    return std::make_unique<NxsEngine>(type);
}

}  // namespace nxs_bench
