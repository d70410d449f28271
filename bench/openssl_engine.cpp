// The OpenSSL side of nxs-bench: two SSL objects joined by a BIO pair, with the settings that make the work the same
// as nxs's: TLS 1.3 only, X25519 only, one cipher suite, the client verifying the chain and the host name, and no
// session cache. Tickets only in the resumption scenario (a full-handshake benchmark must not pay for them); there
// the client keeps its SSL_SESSION itself, as the nxs client keeps its Session.
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "bench.h"

namespace nxs_bench {
namespace {

// Room for one full protected record (16 KiB + header + type + tag), so a 16 KiB write never blocks. Each end holds
// a buffer of this size while it exists: harness memory, counted in OpenSSL's handshake peak (docs/performance.md).
constexpr int kBioPairSize = 20 * 1024;

struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
};
struct CtxFree {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;
using CtxPtr = std::unique_ptr<SSL_CTX, CtxFree>;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "openssl: %s\n", what);
    ERR_print_errors_fp(stderr);
    std::abort();
}

// Acknowledges the client's server_name, as a server with virtual hosts does (resumption does not depend on it).
int acknowledge_server_name(SSL* /*ssl*/, int* /*alert*/, void* /*arg*/) {
    return SSL_TLSEXT_ERR_OK;
}

bool want_more(SSL* ssl, int ret) {
    const int error = SSL_get_error(ssl, ret);
    return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE;
}

// Both SSL objects own one end of the BIO pair.
void join(SSL* client, SSL* server) {
    BIO* client_bio = nullptr;
    BIO* server_bio = nullptr;
    if (BIO_new_bio_pair(&client_bio, kBioPairSize, &server_bio, kBioPairSize) != 1) {
        die("BIO_new_bio_pair");
    }
    SSL_set_bio(client, client_bio, client_bio);
    SSL_set_bio(server, server_bio, server_bio);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
}

// Steps both sides until both finished the handshake; the time inside each side's calls goes to its slot.
bool drive(SSL* client, SSL* server, SideTimes& times) {
    bool client_done = false;
    bool server_done = false;
    for (int round = 0; round < 16 && !(client_done && server_done); ++round) {
        if (!client_done) {
            const int ret = timed(times.client_ns, [&] { return SSL_do_handshake(client); });
            client_done = ret == 1;
            if (!client_done && !want_more(client, ret)) {
                std::fprintf(stderr, "openssl: client handshake failed\n");
                ERR_print_errors_fp(stderr);
                return false;
            }
        }
        if (!server_done) {
            const int ret = timed(times.server_ns, [&] { return SSL_do_handshake(server); });
            server_done = ret == 1;
            if (!server_done && !want_more(server, ret)) {
                std::fprintf(stderr, "openssl: server handshake failed\n");
                ERR_print_errors_fp(stderr);
                return false;
            }
        }
    }
    if (!client_done || !server_done || SSL_get_verify_result(client) != X509_V_OK) {
        std::fprintf(stderr, "openssl: the handshake did not complete with a verified peer\n");
        return false;
    }
    return true;
}

class OpenSslIdlePair final : public IdlePair {
public:
    OpenSslIdlePair(SslPtr client, SslPtr server) : m_client(std::move(client)), m_server(std::move(server)) {}
    void drop_client() override { m_client.reset(); }
    void drop_server() override { m_server.reset(); }

private:
    SslPtr m_client;
    SslPtr m_server;
};

class OpenSslEngine final : public Engine {
public:
    explicit OpenSslEngine(KeyType type) {
        const CertFiles files = load_cert_files(type);
        m_client_ctx.reset(SSL_CTX_new(TLS_client_method()));
        m_server_ctx.reset(SSL_CTX_new(TLS_server_method()));
        if (!m_client_ctx || !m_server_ctx) {
            die("SSL_CTX_new");
        }
        for (SSL_CTX* ctx : {m_client_ctx.get(), m_server_ctx.get()}) {
            if (SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
                SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1 ||
                SSL_CTX_set1_groups_list(ctx, "X25519") != 1) {
                die("protocol settings");
            }
            SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        }
        SSL_CTX_set_num_tickets(m_server_ctx.get(), 0);
        if (SSL_CTX_use_certificate_chain_file(m_server_ctx.get(), files.chain_path.c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(m_server_ctx.get(), files.key_path.c_str(), SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(m_server_ctx.get()) != 1) {
            die("server certificate");
        }
        if (SSL_CTX_load_verify_locations(m_client_ctx.get(), files.root_path.c_str(), nullptr) != 1) {
            die("client trust anchor");
        }
        SSL_CTX_set_verify(m_client_ctx.get(), SSL_VERIFY_PEER, nullptr);
        set_cipher(BulkCipher::kAes128Gcm);
    }

    std::string_view name() const override { return "openssl"; }

    bool handshake(SideTimes& times) override {
        SslPtr client = timed(times.client_ns, [&] { return new_client(); });
        SslPtr server = timed(times.server_ns, [&] { return SslPtr(SSL_new(m_server_ctx.get())); });
        if (!client || !server) {
            die("SSL_new");
        }
        join(client.get(), server.get());
        const bool done = drive(client.get(), server.get(), times);
        timed(times.client_ns, [&] { client.reset(); });
        timed(times.server_ns, [&] { server.reset(); });
        return done;
    }

    bool start_resumption() override {
        SSL_CTX_set_num_tickets(m_server_ctx.get(), 1);
        // SSL_CTX_set_tlsext_servername_callback() without its macro's C cast; void (*)(void) is the generic
        // function pointer type the control call takes.
        SSL_CTX_callback_ctrl(m_server_ctx.get(), SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
                              reinterpret_cast<void (*)(void)>(&acknowledge_server_name));
        SideTimes ignored;
        m_session.reset();
        return resumed_handshake(ignored, false) && m_session != nullptr;
    }

    bool resumed_handshake(SideTimes& times) override { return resumed_handshake(times, true); }

    std::unique_ptr<IdlePair> open_idle_pair() override {
        SslPtr client = new_client();
        SslPtr server(SSL_new(m_server_ctx.get()));
        if (!client || !server) {
            die("SSL_new");
        }
        join(client.get(), server.get());
        SideTimes ignored;
        if (!drive(client.get(), server.get(), ignored)) {
            return nullptr;
        }
        // The BIO pair's two 64 KiB buffers belong to this harness, not to the connection: an idle connection gets
        // a null BIO (no buffer, like a socket BIO) so only what libssl itself keeps is counted.
        for (SSL* ssl : {client.get(), server.get()}) {
            BIO* idle = BIO_new(BIO_s_null());
            if (idle == nullptr) {
                die("BIO_new");
            }
            SSL_set_bio(ssl, idle, idle);
        }
        return std::make_unique<OpenSslIdlePair>(std::move(client), std::move(server));
    }

    bool start_bulk(BulkCipher cipher) override {
        m_bulk_client.reset();
        m_bulk_server.reset();
        set_cipher(cipher);
        m_bulk_client = new_client();
        m_bulk_server.reset(SSL_new(m_server_ctx.get()));
        if (!m_bulk_client || !m_bulk_server) {
            die("SSL_new");
        }
        join(m_bulk_client.get(), m_bulk_server.get());
        SideTimes ignored;
        if (!drive(m_bulk_client.get(), m_bulk_server.get(), ignored)) {
            return false;
        }
        m_payload.assign(kRecordSize, 0x5a);
        m_received.assign(kRecordSize, 0);
        return true;
    }

    bool send_records(std::size_t count) override {
        for (std::size_t i = 0; i < count; ++i) {
            if (SSL_write(m_bulk_client.get(), m_payload.data(), static_cast<int>(kRecordSize)) !=
                static_cast<int>(kRecordSize)) {
                std::fprintf(stderr, "openssl: SSL_write failed\n");
                return false;
            }
            std::size_t got = 0;
            while (got < kRecordSize) {
                const int n =
                    SSL_read(m_bulk_server.get(), m_received.data() + got, static_cast<int>(kRecordSize - got));
                if (n <= 0) {
                    std::fprintf(stderr, "openssl: SSL_read failed\n");
                    return false;
                }
                got += static_cast<std::size_t>(n);
            }
        }
        return true;
    }

private:
    struct SessionFree {
        void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
    };

    bool resumed_handshake(SideTimes& times, bool must_resume) {
        SslPtr client = timed(times.client_ns, [&] {
            SslPtr made = new_client();
            if (m_session && SSL_set_session(made.get(), m_session.get()) != 1) {
                die("SSL_set_session");
            }
            return made;
        });
        SslPtr server = timed(times.server_ns, [&] { return SslPtr(SSL_new(m_server_ctx.get())); });
        if (!server) {
            die("SSL_new");
        }
        join(client.get(), server.get());
        bool done = drive(client.get(), server.get(), times);
        // The ticket follows the server's Finished processing: the client takes it in on its next read.
        timed(times.client_ns, [&] {
            unsigned char byte = 0;
            const int n = SSL_read(client.get(), &byte, 1);
            if (n > 0 || !want_more(client.get(), n)) {
                done = false;
            }
            if (SSL_SESSION* fresh = SSL_get1_session(client.get()); fresh != nullptr) {
                m_session.reset(fresh);
            }
        });
        if (must_resume && (SSL_session_reused(client.get()) != 1 || SSL_session_reused(server.get()) != 1)) {
            std::fprintf(stderr, "openssl: the handshake was not resumed\n");
            done = false;
        }
        // SSL_free() of a connection that was not shut down marks its session not resumable (ssl_clear_bad_session
        // → SSL_CTX_remove_session sets not_resumable on the SSL_SESSION, which m_session shares), so the next
        // handshake would silently be a full one. A quiet shutdown (no close_notify: the nxs side sends none either)
        // keeps the session good, as SSL_shutdown() would in an application.
        SSL_set_shutdown(client.get(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        timed(times.client_ns, [&] { client.reset(); });
        timed(times.server_ns, [&] { server.reset(); });
        return done;
    }

    SslPtr new_client() {
        SslPtr client(SSL_new(m_client_ctx.get()));
        std::string name(kServerName);
        // SSL_set_tlsext_host_name() without its macro's C cast.
        if (!client ||
            SSL_ctrl(client.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, name.data()) != 1 ||
            SSL_set1_host(client.get(), name.c_str()) != 1) {
            die("client host name");
        }
        return client;
    }

    void set_cipher(BulkCipher cipher) {
        const char* suite =
            cipher == BulkCipher::kAes128Gcm ? "TLS_AES_128_GCM_SHA256" : "TLS_CHACHA20_POLY1305_SHA256";
        for (SSL_CTX* ctx : {m_client_ctx.get(), m_server_ctx.get()}) {
            if (SSL_CTX_set_ciphersuites(ctx, suite) != 1) {
                die("SSL_CTX_set_ciphersuites");
            }
        }
    }

    CtxPtr m_client_ctx;
    CtxPtr m_server_ctx;
    SslPtr m_bulk_client;
    SslPtr m_bulk_server;
    std::vector<unsigned char> m_payload;
    std::vector<unsigned char> m_received;
    std::unique_ptr<SSL_SESSION, SessionFree> m_session;
};

}  // namespace

std::unique_ptr<Engine> make_openssl_engine(KeyType type) {
    return std::make_unique<OpenSslEngine>(type);
}

}  // namespace nxs_bench
