// The TLS 1.3 server state machine (RFC 8446 §2, Appendix A.2).
//
//   WAIT_CH ─ClientHello→ (no usable key share: HelloRetryRequest → WAIT_CH2 ─ClientHello→)
//           ServerHello, EncryptedExtensions, [CertificateRequest,] Certificate, CertificateVerify, Finished
//   → [WAIT_CLIENT_CERT ─Certificate→ WAIT_CLIENT_CV ─CertificateVerify→] WAIT_FINISHED ─Finished→ CONNECTED
//
// Each state names the message types it accepts; anything else is NX_SECURE_TLS_UNEXPECTED_MESSAGE before a byte of
// the message is parsed.
#include <algorithm>
#include <array>

#include "handshake/ext/extension_list.h"
#include "handshake/ext/groups_and_signatures.h"
#include "handshake/ext/key_share.h"
#include "handshake/ext/psk.h"
#include "handshake/ext/registry.h"
#include "handshake/ext/server_name.h"
#include "handshake/ext/simple_extensions.h"
#include "handshake/ext/supported_versions.h"
#include "handshake/msgs/certificate_request.h"
#include "handshake/msgs/client_hello.h"
#include "handshake/msgs/encrypted_extensions.h"
#include "handshake/msgs/finished.h"
#include "handshake/msgs/server_hello.h"
#include "handshake/tls13/common.h"
#include "handshake/tls13/handshake_io.h"
#include "handshake/tls13/key_update.h"
#include "nxs/x509/verify.h"

namespace nxs::tls13 {
namespace {

using handshake::CipherSuite;
using handshake::ExtensionType;
using handshake::HandshakeType;
using handshake::ProtocolVersion;

enum class ServerState : std::uint8_t {
    kWaitClientHello,
    kWaitSecondClientHello,
    kWaitClientCertificate,
    kWaitClientCertificateVerify,
    kWaitFinished,
    kConnected,
};

std::string_view state_name(ServerState state) noexcept {
    switch (state) {
        case ServerState::kWaitClientHello:
            return "waiting for ClientHello";
        case ServerState::kWaitSecondClientHello:
            return "waiting for the ClientHello after a HelloRetryRequest";
        case ServerState::kWaitClientCertificate:
            return "waiting for the client's Certificate";
        case ServerState::kWaitClientCertificateVerify:
            return "waiting for the client's CertificateVerify";
        case ServerState::kWaitFinished:
            return "waiting for the client's Finished";
        case ServerState::kConnected:
            return "connected";
    }
    return "unknown";
}

Error illegal_parameter(Status status, std::string message) {
    return Error(status, std::move(message)).with_alert(AlertDescription::kIllegalParameter);
}

// RFC 8446 §4.2.10: how much rejected early data a server skips before it treats undecryptable records as attacks.
constexpr std::size_t kMaxSkippedEarlyData = 64 * 1024;

// What the server decided from a ClientHello.
struct Negotiated {
    const handshake::CipherSuiteInfo* suite = nullptr;
    crypto::NamedGroup group = crypto::NamedGroup::kX25519;
    const KeyShareEntry* client_share = nullptr;  // null: ask with a HelloRetryRequest
};

class Server final : public HandshakeMachine {
public:
    Server(std::shared_ptr<const Config> config, HandshakeIo& io) : m_config(std::move(config)), m_io(io) {}

    Result<void> start() override { return {}; }

    Result<void> on_message(const record::HandshakeMessage& message) override {
        const auto type = type_of(message);
        switch (m_state) {
            case ServerState::kWaitClientHello:
            case ServerState::kWaitSecondClientHello:
                if (type == HandshakeType::kClientHello) {
                    return on_client_hello(message);
                }
                break;
            case ServerState::kWaitClientCertificate:
                if (type == HandshakeType::kCertificate) {
                    return on_client_certificate(message);
                }
                break;
            case ServerState::kWaitClientCertificateVerify:
                if (type == HandshakeType::kCertificateVerify) {
                    return on_client_certificate_verify(message);
                }
                break;
            case ServerState::kWaitFinished:
                if (type == HandshakeType::kFinished) {
                    return on_client_finished(message);
                }
                break;
            case ServerState::kConnected:
                if (type == HandshakeType::kKeyUpdate) {
                    return m_key_update.on_key_update(message, m_io);
                }
                if (type == HandshakeType::kClientHello) {
                    // RFC 8446 §4.1.2: no renegotiation in TLS 1.3.
                    return Error(Status::kTlsUnexpectedClienthello,
                                 "a ClientHello arrived on an established TLS 1.3 connection (no renegotiation)");
                }
                break;
        }
        return unexpected_message(type, state_name(m_state));
    }

    bool change_cipher_spec_allowed() const noexcept override {
        return m_state != ServerState::kWaitClientHello && m_state != ServerState::kConnected;
    }

    bool is_done() const noexcept override { return m_state == ServerState::kConnected; }

    Result<void> send_key_update(bool request_peer) override {
        if (m_state != ServerState::kConnected) {
            return Error(Status::kTlsInvalidState, "KeyUpdate is only possible after the handshake");
        }
        return m_key_update.send(request_peer, m_io);
    }

private:
    // --- ClientHello ---

    Result<void> on_client_hello(const record::HandshakeMessage& message) {
        const bool second = m_state == ServerState::kWaitSecondClientHello;
        NXS_TRY_ASSIGN(const auto hello, handshake::ClientHello::decode(message.body));
        NXS_TRY(check_version(hello));
        NXS_TRY(handshake::check_tls13_compression(hello));
        NXS_TRY(check_allowed(hello.extensions, ExtensionContext::kClientHello));
        NXS_TRY_ASSIGN(const auto negotiated, negotiate(hello, second));
        if (second) {
            NXS_TRY(check_second_client_hello(hello, negotiated));
        }

        if (!m_transcript) {
            NXS_TRY_ASSIGN(auto transcript, Transcript::create(m_config->provider(), negotiated.suite->hash));
            m_transcript.emplace(std::move(transcript));
        }
        NXS_TRY(m_transcript->add(message.encoded));
        m_client_random = hello.random;
        m_session_id.assign(hello.legacy_session_id.begin(), hello.legacy_session_id.end());
        if (negotiated.client_share == nullptr) {
            return send_hello_retry_request(negotiated);
        }
        if (hello.extensions.contains(ExtensionType::kEarlyData)) {
            m_io.skip_undecryptable_records(kMaxSkippedEarlyData);  // 0-RTT is refused: a 1-RTT handshake follows
        }
        NXS_TRY(read_client_options(hello));
        NXS_TRY(choose_certificate(hello));
        return send_server_flight(negotiated);
    }

    Result<void> check_version(const handshake::ClientHello& hello) const {
        NXS_TRY_ASSIGN(const auto versions, handshake::find_extension<SupportedVersionsClientHello>(hello.extensions));
        if (!versions || !versions->contains(ProtocolVersion::kTls13)) {
            // RFC 7507 §3: a client that fell back to an older version than ours says so; that is an attack or a
            // broken path, not a version mismatch.
            if (hello.offers(handshake::kTlsFallbackScsv)) {
                return Error(Status::kTlsInappropriateFallback,
                             "the client signalled a fallback (TLS_FALLBACK_SCSV) to a version below TLS 1.3, which "
                             "this server supports");
            }
            return Error(Status::kTlsUnsupportedTlsVersion,
                         "the client offers only " +
                             std::string(handshake::protocol_version_name(hello.legacy_version)) +
                             " or older, but only TLS 1.3 is enabled");
        }
        return {};
    }

    Result<Negotiated> negotiate(const handshake::ClientHello& hello, bool second) {
        Negotiated result;
        for (const auto id : m_config->cipher_suites) {
            const auto suite = static_cast<CipherSuite>(id);
            const auto* info = handshake::find_cipher_suite(suite);
            if (info != nullptr && hello.offers(suite) && m_config->provider().supports(info->aead)) {
                result.suite = info;
                break;
            }
        }
        if (result.suite == nullptr) {
            return Error(Status::kTlsNoSupportedCiphers,
                         "the client offers no TLS 1.3 cipher suite this server enables");
        }
        if (second && result.suite != m_suite) {
            // RFC 8446 §4.1.4: the second ClientHello must still allow the suite of the HelloRetryRequest.
            if (!hello.offers(m_suite->suite)) {
                return illegal_parameter(Status::kTlsNoSupportedCiphers,
                                         "the second ClientHello dropped the cipher suite of the HelloRetryRequest");
            }
            result.suite = m_suite;
        }
        m_suite = result.suite;

        // RFC 8446 §9.2: a ClientHello for (EC)DHE carries supported_groups and key_share.
        NXS_TRY_ASSIGN(const auto groups, handshake::require_extension<handshake::SupportedGroups>(hello.extensions));
        NXS_TRY_ASSIGN(m_client_shares, handshake::require_extension<KeyShareClientHello>(hello.extensions));
        for (const auto& share : m_client_shares.client_shares) {
            // RFC 8446 §4.2.8: every share must be for a group listed in supported_groups.
            if (!groups.contains(share.group)) {
                return illegal_parameter(Status::kTlsBadClienthelloKeyshare,
                                         "the client sent a key share for " + group_display_name(share.group) +
                                             ", which is not in its supported_groups");
            }
        }
        // Prefer a group the client already sent a share for (no extra round trip), in our order; else the first
        // group both support, asked for with a HelloRetryRequest.
        std::optional<crypto::NamedGroup> fallback;
        for (const auto group : m_config->groups) {
            if (!groups.contains(group) || !m_config->provider().supports(group)) {
                continue;
            }
            if (const auto* share = m_client_shares.find(group)) {
                result.group = group;
                result.client_share = share;
                return result;
            }
            if (!fallback) {
                fallback = group;
            }
        }
        if (!fallback) {
            return Error(Status::kTlsHandshakeFailure,
                         "the client supports none of the key exchange groups this server "
                         "enables");
        }
        if (second) {
            return illegal_parameter(
                Status::kTlsBadClienthelloKeyshare,
                "the second ClientHello has no key share for the group the HelloRetryRequest asked for");
        }
        result.group = *fallback;
        return result;
    }

    Result<void> check_second_client_hello(const handshake::ClientHello& hello, const Negotiated& negotiated) const {
        // RFC 8446 §4.1.2: the second ClientHello carries exactly one share, for the group we asked for.
        if (m_client_shares.client_shares.size() != 1 || negotiated.group != m_retry_group) {
            return illegal_parameter(
                Status::kTlsBadClienthelloKeyshare,
                "the second ClientHello must carry exactly one key share, for " + group_display_name(m_retry_group));
        }
        NXS_TRY_ASSIGN(const auto cookie, handshake::find_extension<Cookie>(hello.extensions));
        if (!cookie || !std::equal(cookie->cookie.begin(), cookie->cookie.end(), m_cookie.begin(), m_cookie.end())) {
            return illegal_parameter(Status::kTlsHandshakeFailure,
                                     "the second ClientHello does not echo the HelloRetryRequest's cookie");
        }
        if (!std::equal(hello.random.begin(), hello.random.end(), m_client_random.begin(), m_client_random.end())) {
            return illegal_parameter(Status::kTlsHandshakeFailure,
                                     "the second ClientHello changed its random (RFC 8446 §4.1.2)");
        }
        return {};
    }

    Result<void> send_hello_retry_request(const Negotiated& negotiated) {
        NXS_TRY(m_transcript->replace_client_hello_with_message_hash());
        m_retry_group = negotiated.group;
        // The cookie proves that the second ClientHello answers this HelloRetryRequest.
        m_cookie.resize(16);
        NXS_TRY(fill_random(*m_config, m_cookie));

        handshake::ServerHello retry;
        retry.random = handshake::kHelloRetryRequestRandom;
        retry.legacy_session_id_echo = m_session_id;
        retry.cipher_suite = negotiated.suite->suite;
        handshake::ExtensionBuilder builder;
        NXS_TRY(builder.add(SupportedVersionsServerHello{ProtocolVersion::kTls13}));
        NXS_TRY(builder.add(KeyShareHelloRetryRequest{negotiated.group}));
        NXS_TRY(builder.add(Cookie{m_cookie}));
        retry.extensions = builder.list();
        NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(retry));
        NXS_TRY(m_io.send_handshake(encoded));
        NXS_TRY(m_transcript->add(encoded));
        send_compat_change_cipher_spec();
        m_io.info().hello_retry = true;
        m_state = ServerState::kWaitSecondClientHello;
        return {};
    }

    Result<void> read_client_options(const handshake::ClientHello& hello) {
        NXS_TRY_ASSIGN(const auto schemes,
                       handshake::require_extension<handshake::SignatureAlgorithms>(hello.extensions));
        m_client_schemes = schemes.schemes;
        NXS_TRY_ASSIGN(const auto sni, handshake::find_extension<handshake::ServerNameClientHello>(hello.extensions));
        if (sni) {
            m_sni.assign(sni->host_name);
        }
        NXS_TRY_ASSIGN(const auto limit, handshake::find_extension<handshake::RecordSizeLimit>(hello.extensions));
        if (limit) {
            m_client_sent_record_size_limit = true;
            NXS_TRY(m_io.set_peer_record_size_limit(limit->limit));
        }
        return {};
    }

    // Several certificates, each with an ID: the first whose names cover the SNI and whose key can sign with a
    // scheme the client offers; else the first that can sign at all.
    Result<void> choose_certificate(const handshake::ClientHello& hello) {
        (void)hello;
        const auto& certificates = m_config->certificates();
        if (certificates.empty()) {
            return Error(Status::kTlsCertificateNotFound, "this server has no certificate configured");
        }
        for (const bool need_name_match : {true, false}) {
            if (need_name_match && m_sni.empty()) {
                continue;
            }
            for (const auto& certified : certificates) {
                const auto scheme =
                    choose_signature_scheme(*certified.key, m_config->signature_schemes, m_client_schemes);
                if (!scheme) {
                    continue;
                }
                if (need_name_match && !x509::check_peer_name(certified.chain.front(), x509::PeerName::dns(m_sni),
                                                              x509::Purpose::kServerAuth, false)
                                            .ok()) {
                    continue;
                }
                m_certificate = &certified;
                m_scheme = *scheme;
                m_sni_matched = need_name_match;
                return {};
            }
        }
        return Error(Status::kTlsCertificateNotFound,
                     "no configured certificate can sign with a signature scheme the client offers");
    }

    // --- the server's flight ---

    void send_compat_change_cipher_spec() {
        // RFC 8446 Appendix D.4: in compatibility mode (the client sent a session ID) the server sends a
        // change_cipher_spec right after its first handshake message.
        if (!m_sent_change_cipher_spec && !m_session_id.empty()) {
            m_io.send_change_cipher_spec();
            m_sent_change_cipher_spec = true;
        }
    }

    Result<void> send_server_flight(const Negotiated& negotiated) {
        NXS_TRY_ASSIGN(const auto share, make_key_share(*m_config, negotiated.group));
        auto shared = share->derive(negotiated.client_share->key_exchange);
        if (!shared.ok()) {
            return illegal_parameter(
                Status::kTlsBadClienthelloKeyshare,
                "the client's key share is not a valid " + group_display_name(negotiated.group) + " public value");
        }
        m_hkdf.emplace(m_config->provider(), m_suite->hash);
        NXS_TRY(send_server_hello(negotiated, *share));

        NXS_TRY_ASSIGN(auto early, EarlySecret::without_psk(*m_hkdf));
        NXS_TRY_ASSIGN(auto handshake_secret, std::move(early).into_handshake(shared->span()));
        NXS_TRY_ASSIGN(const auto hello_hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(m_client_handshake_secret, handshake_secret.client_handshake_traffic_secret(hello_hash.span()));
        NXS_TRY_ASSIGN(auto server_handshake_secret,
                       handshake_secret.server_handshake_traffic_secret(hello_hash.span()));
        m_io.log_secret("CLIENT_HANDSHAKE_TRAFFIC_SECRET", m_client_random, m_client_handshake_secret);
        m_io.log_secret("SERVER_HANDSHAKE_TRAFFIC_SECRET", m_client_random, server_handshake_secret);
        NXS_TRY(m_io.install_write_key(*m_suite, server_handshake_secret));
        NXS_TRY(m_io.install_read_key(*m_suite, m_client_handshake_secret));

        NXS_TRY(send_encrypted_extensions());
        if (m_config->client_auth != ClientAuth::kNone) {
            NXS_TRY(send_certificate_request());
        }
        NXS_TRY_ASSIGN(const auto certificate, encode_certificate(m_certificate, {}));
        NXS_TRY(send(certificate));
        NXS_TRY_ASSIGN(const auto certificate_hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(const auto verify,
                       encode_certificate_verify(*m_certificate->key, m_scheme, SignatureContext::kServer,
                                                 certificate_hash.span()));
        NXS_TRY(send(verify));
        NXS_TRY_ASSIGN(const auto verify_hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(const auto finished, encode_finished(*m_hkdf, server_handshake_secret, verify_hash.span()));
        NXS_TRY(send(finished));

        NXS_TRY_ASSIGN(auto master, std::move(handshake_secret).into_master());
        NXS_TRY_ASSIGN(const auto finished_hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(m_client_app_secret, master.client_application_traffic_secret_0(finished_hash.span()));
        NXS_TRY_ASSIGN(m_server_app_secret, master.server_application_traffic_secret_0(finished_hash.span()));
        NXS_TRY_ASSIGN(m_exporter_secret, master.exporter_master_secret(finished_hash.span()));
        m_io.log_secret("CLIENT_TRAFFIC_SECRET_0", m_client_random, m_client_app_secret);
        m_io.log_secret("SERVER_TRAFFIC_SECRET_0", m_client_random, m_server_app_secret);
        m_io.log_secret("EXPORTER_SECRET", m_client_random, m_exporter_secret);
        NXS_TRY(m_io.install_write_key(*m_suite, m_server_app_secret));
        m_master.emplace(std::move(master));

        auto& info = m_io.info();
        info.version = TlsVersion::kTls13;
        info.version_name = "TLSv1.3";
        info.cipher_suite = static_cast<std::uint16_t>(m_suite->suite);
        info.cipher_suite_name = std::string(m_suite->name);
        info.group = negotiated.group;
        info.group_name = group_display_name(negotiated.group);
        info.server_name = m_sni;
        info.certificate_id = m_certificate->id;
        m_state = m_config->client_auth != ClientAuth::kNone ? ServerState::kWaitClientCertificate
                                                             : ServerState::kWaitFinished;
        return {};
    }

    Result<void> send(const std::vector<std::uint8_t>& encoded) {
        NXS_TRY(m_io.send_handshake(encoded));
        return m_transcript->add(encoded);
    }

    Result<void> send_server_hello(const Negotiated& negotiated, const crypto::KeyShare& share) {
        handshake::ServerHello hello;
        NXS_TRY(fill_random(*m_config, hello.random));
        hello.legacy_session_id_echo = m_session_id;
        hello.cipher_suite = negotiated.suite->suite;
        handshake::ExtensionBuilder builder;
        NXS_TRY(builder.add(SupportedVersionsServerHello{ProtocolVersion::kTls13}));
        NXS_TRY(builder.add(KeyShareServerHello{KeyShareEntry{negotiated.group, share.public_key()}}));
        hello.extensions = builder.list();
        NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(hello));
        NXS_TRY(send(encoded));
        send_compat_change_cipher_spec();
        return {};
    }

    Result<void> send_encrypted_extensions() {
        EncryptedExtensions extensions;
        handshake::ExtensionBuilder builder;
        if (m_sni_matched) {
            NXS_TRY(builder.add(handshake::ServerNameAck{}));  // RFC 6066 §3: the server used the name
        }
        if (m_client_sent_record_size_limit) {
            // RFC 8449 §4: answer with our limit, which counts the content type byte in TLS 1.3.
            const auto limit = std::min(m_config->record_size_limit, record::kMaxPlaintext) + 1;
            NXS_TRY(builder.add(handshake::RecordSizeLimit{static_cast<std::uint16_t>(limit)}));
        }
        extensions.extensions = builder.list();
        NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(extensions));
        return send(encoded);
    }

    Result<void> send_certificate_request() {
        CertificateRequest request;
        handshake::ExtensionBuilder builder;
        NXS_TRY(builder.add(handshake::SignatureAlgorithms{m_config->signature_schemes}));
        request.extensions = builder.list();
        NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(request));
        return send(encoded);
    }

    // --- the client's second flight ---

    Result<void> on_client_certificate(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto certificate, Certificate::decode(message.body));
        if (!certificate.certificate_request_context.empty()) {
            return illegal_parameter(Status::kTlsHandshakeFailure,
                                     "the client's Certificate does not carry our (empty) request context");
        }
        if (certificate.is_empty()) {
            // RFC 8446 §4.4.2.4: with no certificate the server may go on or abort with certificate_required.
            if (m_config->client_auth == ClientAuth::kRequired) {
                return Error(Status::kTlsCertificateRequired, "the client sent no certificate, and one is required");
            }
            NXS_TRY(m_transcript->add(message.encoded));
            m_state = ServerState::kWaitFinished;
            return {};
        }
        NXS_TRY_ASSIGN(auto chain, parse_peer_chain(certificate, false));
        NXS_TRY_ASSIGN(const auto verified,
                       verify_peer_chain(*m_config, chain, x509::PeerName::none(), x509::Purpose::kClientAuth));
        auto& info = m_io.info();
        info.peer_verified = !verified.skipped();
        info.peer_chain = std::move(chain);
        NXS_TRY(m_transcript->add(message.encoded));
        m_state = ServerState::kWaitClientCertificateVerify;
        return {};
    }

    Result<void> on_client_certificate_verify(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto hash, m_transcript->current_hash());
        auto& info = m_io.info();
        NXS_TRY_ASSIGN(const auto scheme,
                       check_certificate_verify(*m_config, info.peer_chain.front(), message, SignatureContext::kClient,
                                                hash.span(), Status::kTlsCertificateVerifyFailure));
        info.peer_signature_scheme = scheme;
        NXS_TRY(m_transcript->add(message.encoded));
        m_state = ServerState::kWaitFinished;
        return {};
    }

    Result<void> on_client_finished(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto finished, handshake::Finished::decode(message.body, m_hkdf->hash_length()));
        NXS_TRY_ASSIGN(const auto before, m_transcript->current_hash());
        NXS_TRY(check_finished(*m_hkdf, m_client_handshake_secret.span(), before.span(), finished.verify_data));
        NXS_TRY(m_transcript->add(message.encoded));
        NXS_TRY_ASSIGN(const auto hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(m_resumption_secret, m_master->resumption_master_secret(hash.span()));
        NXS_TRY(m_io.install_read_key(*m_suite, m_client_app_secret));
        m_key_update.start(*m_hkdf, *m_suite, std::move(m_client_app_secret), std::move(m_server_app_secret),
                           Role::kServer);
        m_client_handshake_secret.wipe();
        m_state = ServerState::kConnected;
        m_io.handshake_complete();
        return {};
    }

    std::shared_ptr<const Config> m_config;
    HandshakeIo& m_io;
    ServerState m_state = ServerState::kWaitClientHello;

    handshake::Random m_client_random{};
    std::vector<std::uint8_t> m_session_id;
    KeyShareClientHello m_client_shares;
    std::vector<crypto::SignatureScheme> m_client_schemes;
    std::string m_sni;
    bool m_sni_matched = false;
    bool m_client_sent_record_size_limit = false;
    bool m_sent_change_cipher_spec = false;
    crypto::NamedGroup m_retry_group = crypto::NamedGroup::kX25519;
    std::vector<std::uint8_t> m_cookie;

    const handshake::CipherSuiteInfo* m_suite = nullptr;
    const CertifiedKey* m_certificate = nullptr;
    crypto::SignatureScheme m_scheme = crypto::SignatureScheme::kEcdsaSecp256r1Sha256;
    std::optional<Hkdf> m_hkdf;
    std::optional<Transcript> m_transcript;
    std::optional<MasterSecret> m_master;
    Secret m_client_handshake_secret;
    Secret m_client_app_secret;
    Secret m_server_app_secret;
    Secret m_exporter_secret;
    Secret m_resumption_secret;
    KeyUpdater m_key_update;
};

}  // namespace

std::unique_ptr<HandshakeMachine> make_server(std::shared_ptr<const Config> config, HandshakeIo& io) {
    return std::make_unique<Server>(std::move(config), io);
}

}  // namespace nxs::tls13
