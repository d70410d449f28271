// The TLS 1.3 client state machine (RFC 8446 §2, Appendix A.1).
//
//   START ─ClientHello→ WAIT_SH ─(HelloRetryRequest: ClientHello2)→ WAIT_SH ─ServerHello→ WAIT_EE
//   WAIT_EE ─EncryptedExtensions→ WAIT_CERT_CR ─CertificateRequest→ WAIT_CERT ─Certificate→ WAIT_CV
//           ─CertificateVerify→ WAIT_FINISHED ─Finished / [Certificate, CertificateVerify,] Finished→ CONNECTED
//
// Each state names the message types it accepts; anything else is NX_SECURE_TLS_UNEXPECTED_MESSAGE before a byte of
// the message is parsed.
#include <algorithm>
#include <array>
#include <cstring>

#include "handshake/ext/alpn.h"
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
#include "handshake/msgs/key_update.h"
#include "handshake/msgs/new_session_ticket.h"
#include "handshake/msgs/server_hello.h"
#include "handshake/tls13/common.h"
#include "handshake/tls13/handshake_io.h"
#include "handshake/tls13/key_update.h"

namespace nxs::tls13 {
namespace {

using handshake::CipherSuite;
using handshake::ExtensionType;
using handshake::HandshakeType;
using handshake::ProtocolVersion;

enum class ClientState : std::uint8_t {
    kStart,
    kWaitServerHello,
    kWaitEncryptedExtensions,
    kWaitCertificateOrRequest,
    kWaitCertificate,
    kWaitCertificateVerify,
    kWaitFinished,
    kConnected,
};

std::string_view state_name(ClientState state) noexcept {
    switch (state) {
        case ClientState::kStart:
            return "starting";
        case ClientState::kWaitServerHello:
            return "waiting for ServerHello";
        case ClientState::kWaitEncryptedExtensions:
            return "waiting for EncryptedExtensions";
        case ClientState::kWaitCertificateOrRequest:
            return "waiting for Certificate or CertificateRequest";
        case ClientState::kWaitCertificate:
            return "waiting for Certificate";
        case ClientState::kWaitCertificateVerify:
            return "waiting for CertificateVerify";
        case ClientState::kWaitFinished:
            return "waiting for Finished";
        case ClientState::kConnected:
            return "connected";
    }
    return "unknown";
}

// RFC 8446 §4.1.3/§4.1.4: a wrong value in a ServerHello or HelloRetryRequest is illegal_parameter.
Error illegal_parameter(Status status, std::string message) {
    return Error(status, std::move(message)).with_alert(AlertDescription::kIllegalParameter);
}

bool looks_like_ip_address(std::string_view name) noexcept {
    if (name.find(':') != std::string_view::npos) {
        return true;
    }
    return !name.empty() &&
           std::all_of(name.begin(), name.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

class Client final : public HandshakeMachine {
public:
    Client(std::shared_ptr<const Config> config, std::string server_name, std::optional<Session> session,
           HandshakeIo& io)
        : m_config(std::move(config)), m_server_name(std::move(server_name)), m_resume(std::move(session)), m_io(io) {}

    Result<void> start() override {
        NXS_TRY(choose_peer_name());
        NXS_TRY(fill_random(*m_config, m_random));
        // RFC 8446 Appendix D.4: a non-empty legacy_session_id turns on middlebox compatibility mode.
        NXS_TRY(fill_random(*m_config, m_session_id));
        for (const auto group : m_config->key_share_groups) {
            NXS_TRY_ASSIGN(auto share, make_key_share(*m_config, group));
            m_key_shares.push_back(std::move(share));
        }
        choose_psk_to_offer();
        NXS_TRY_ASSIGN(m_client_hello, encode_client_hello());
        m_io.info().server_name = m_sni;
        NXS_TRY(m_io.send_handshake(m_client_hello));
        m_state = ClientState::kWaitServerHello;
        return {};
    }

    Result<void> on_message(const record::HandshakeMessage& message) override {
        const auto type = type_of(message);
        switch (m_state) {
            case ClientState::kWaitServerHello:
                if (type == HandshakeType::kServerHello) {
                    return on_server_hello(message);
                }
                break;
            case ClientState::kWaitEncryptedExtensions:
                if (type == HandshakeType::kEncryptedExtensions) {
                    return on_encrypted_extensions(message);
                }
                break;
            case ClientState::kWaitCertificateOrRequest:
                if (type == HandshakeType::kCertificateRequest) {
                    return on_certificate_request(message);
                }
                if (type == HandshakeType::kCertificate) {
                    return on_certificate(message);
                }
                break;
            case ClientState::kWaitCertificate:
                if (type == HandshakeType::kCertificate) {
                    return on_certificate(message);
                }
                break;
            case ClientState::kWaitCertificateVerify:
                if (type == HandshakeType::kCertificateVerify) {
                    return on_certificate_verify(message);
                }
                break;
            case ClientState::kWaitFinished:
                if (type == HandshakeType::kFinished) {
                    return on_finished(message);
                }
                break;
            case ClientState::kConnected:
                if (type == HandshakeType::kNewSessionTicket) {
                    return on_new_session_ticket(message);
                }
                if (type == HandshakeType::kKeyUpdate) {
                    return m_key_update.on_key_update(message, m_io);
                }
                break;
            case ClientState::kStart:
                break;
        }
        return unexpected_message(type, state_name(m_state));
    }

    bool change_cipher_spec_allowed() const noexcept override {
        return m_state != ClientState::kStart && m_state != ClientState::kConnected;
    }

    bool is_done() const noexcept override { return m_state == ClientState::kConnected; }

    Result<Secret> export_keying_material(std::string_view label, Bytes context, std::size_t length) const override {
        return m_key_update.export_keying_material(label, context, length);
    }

    Result<void> send_key_update(bool request_peer) override { return m_key_update.send(request_peer, m_io); }

private:
    // --- ClientHello ---

    Result<void> choose_peer_name() {
        if (m_server_name.empty()) {
            if (!m_config->allow_no_server_name && !m_config->insecure_skip_verify) {
                return Error(Status::kTlsSessionUninitialized,
                             "no server name was given: pass the host name to check the certificate against, or set "
                             "Config::allow_no_server_name to opt out of the host name check");
            }
            m_peer = x509::PeerName::none();
            return {};
        }
        if (looks_like_ip_address(m_server_name)) {
            m_peer = x509::PeerName::ip(m_server_name);  // RFC 6066 §3: no SNI for an IP address
            return {};
        }
        std::string name = m_server_name;
        if (name.back() == '.') {
            name.pop_back();  // RFC 6066 §3: the SNI has no trailing dot
        }
        if (!handshake::is_valid_sni_host_name(name)) {
            return Error(Status::kTlsSniExtensionInvalid, "'" + m_server_name + "' is not a valid DNS host name");
        }
        m_sni = name;
        m_peer = x509::PeerName::dns(name);
        return {};
    }

    std::int64_t now() const { return (m_config->clock ? m_config->clock : system_clock())->now(); }

    bool hash_offered(crypto::HashAlgorithm hash) const {
        const auto suites = offered_suites();
        return std::any_of(suites.begin(), suites.end(), [&](CipherSuite offered) {
            const auto* info = handshake::find_cipher_suite(offered);
            return info != nullptr && info->hash == hash;
        });
    }

    // The one PSK we offer. A session is offered only for the name it was issued for, while it lives, and when we
    // still offer a suite with its hash (RFC 8446 §4.2.11: the PSK is bound to that hash); otherwise the first
    // external PSK whose hash we offer; otherwise none, and the handshake is a full one.
    void choose_psk_to_offer() {
        if (m_config->psk_modes.empty()) {
            return;
        }
        if (m_resume) {
            const auto* suite = handshake::find_cipher_suite(static_cast<CipherSuite>(m_resume->cipher_suite));
            if (suite != nullptr && hash_offered(suite->hash) && m_resume->server_name == m_sni &&
                m_resume->usable_at(now()) && m_resume->psk.size() == crypto::hash_length(suite->hash) &&
                !m_resume->ticket.empty() && m_resume->ticket.size() <= 0xFFFF) {
                // RFC 8446 §4.2.11.1: obfuscated_ticket_age = age in milliseconds + ticket_age_add (mod 2^32).
                const auto age_ms = static_cast<std::uint64_t>(now() - m_resume->received_time) * 1000U;
                m_offer.emplace(OfferedPsk{m_resume->ticket,
                                           Secret(m_resume->psk),
                                           suite->hash,
                                           PskKind::kResumption,
                                           static_cast<std::uint32_t>(age_ms + m_resume->age_add),
                                           {}});
                return;
            }
        }
        for (const auto& external : m_config->external_psks()) {
            if (hash_offered(external.hash)) {
                // RFC 8446 §4.2.11: "For identities established externally, an obfuscated_ticket_age of 0 SHOULD be
                // used".
                m_offer.emplace(
                    OfferedPsk{external.identity, Secret(external.key), external.hash, PskKind::kExternal, 0, {}});
                return;
            }
        }
    }

    std::vector<CipherSuite> offered_suites() const {
        std::vector<CipherSuite> suites;
        for (const auto id : m_config->cipher_suites) {
            const auto suite = static_cast<CipherSuite>(id);
            const auto* info = handshake::find_cipher_suite(suite);
            if (info != nullptr && m_config->provider().supports(info->aead)) {
                suites.push_back(suite);
            }
        }
        return suites;
    }

    Result<std::vector<std::uint8_t>> encode_client_hello() {
        handshake::ClientHello hello;
        hello.legacy_version = ProtocolVersion::kTls12;
        hello.random = m_random;
        hello.legacy_session_id = m_session_id;
        hello.cipher_suites = offered_suites();
        if (hello.cipher_suites.empty()) {
            return Error(Status::kTlsNoSupportedCiphers, "no cipher suite in the Config is available in the provider");
        }
        static constexpr std::uint8_t kCompression[] = {handshake::kNullCompression};
        hello.legacy_compression_methods = kCompression;

        handshake::ExtensionBuilder builder;
        if (!m_sni.empty()) {
            NXS_TRY(builder.add(handshake::ServerNameClientHello{m_sni}));
        }
        NXS_TRY(builder.add(SupportedVersionsClientHello{{ProtocolVersion::kTls13}}));
        NXS_TRY(builder.add(handshake::SupportedGroups{m_config->groups}));
        NXS_TRY(builder.add(handshake::SignatureAlgorithms{m_config->signature_schemes}));
        KeyShareClientHello shares;
        for (const auto& share : m_key_shares) {
            shares.client_shares.push_back(KeyShareEntry{share->group(), share->public_key()});
        }
        NXS_TRY(builder.add(shares));
        if (m_config->record_size_limit < record::kMaxPlaintext) {
            // RFC 8449 §4: in TLS 1.3 the limit counts the inner content type byte.
            NXS_TRY(
                builder.add(handshake::RecordSizeLimit{static_cast<std::uint16_t>(m_config->record_size_limit + 1)}));
        }
        if (!m_cookie.empty()) {
            NXS_TRY(builder.add(Cookie{m_cookie}));
        }
        if (!m_config->alpn_protocols.empty()) {
            handshake::ApplicationProtocols alpn;
            alpn.protocols.assign(m_config->alpn_protocols.begin(), m_config->alpn_protocols.end());
            NXS_TRY(builder.add(alpn));
        }
        const std::size_t binder_length = m_offer ? crypto::hash_length(m_offer->hash) : 0;
        const std::vector<std::uint8_t> zero_binder(binder_length, 0);
        if (m_offer) {
            PskKeyExchangeModes modes;
            for (const auto mode : m_config->psk_modes) {
                modes.modes.push_back(static_cast<PskKeyExchangeMode>(mode));
            }
            NXS_TRY(builder.add(modes));
            PreSharedKeyClientHello psk;
            psk.identities.push_back(PskIdentity{m_offer->identity, m_offer->obfuscated_age});
            psk.binders.push_back(zero_binder);
            // RFC 8446 §4.2.11: "The "pre_shared_key" extension MUST be the last extension in the ClientHello".
            NXS_TRY(builder.add(psk));
        }
        hello.extensions = builder.list();
        m_offered = hello.extensions.types();
        m_offered_suites = hello.cipher_suites;
        NXS_TRY_ASSIGN(auto encoded, handshake::encode_message(hello));
        if (m_offer) {
            NXS_TRY(patch_binder(encoded));
        }
        return encoded;
    }

    // RFC 8446 §4.2.11.2: the binder is a Finished-style HMAC under the binder key over the transcript up to and
    // excluding the binders (after a HelloRetryRequest: message_hash, the HelloRetryRequest, and the truncated
    // second ClientHello).
    Result<void> patch_binder(std::vector<std::uint8_t>& encoded) {
        const Hkdf hkdf(m_config->provider(), m_offer->hash);
        NXS_TRY_ASSIGN(const auto truncated, handshake::psk_binders_truncated_length(encoded));
        const auto prefix = Bytes(encoded).first(truncated);
        Digest hash;
        if (m_transcript) {
            NXS_TRY_ASSIGN(auto partial, m_transcript->clone());
            NXS_TRY(partial.add(prefix));
            NXS_TRY_ASSIGN(hash, partial.current_hash());
        } else {
            NXS_TRY_ASSIGN(hash, hkdf.hash_of(prefix));
        }
        if (!m_offer->early_secret) {
            NXS_TRY_ASSIGN(auto early, EarlySecret::with_psk(hkdf, m_offer->key.span()));
            m_offer->early_secret.emplace(std::move(early));
        }
        NXS_TRY_ASSIGN(const auto binder_key, m_offer->early_secret->binder_key(m_offer->kind));
        NXS_TRY_ASSIGN(const auto binder, finished_verify_data(hkdf, binder_key.span(), hash.span()));
        const std::array<Bytes, 1> binders{binder.span()};
        return handshake::patch_psk_binders(encoded, binders);
    }

    // --- ServerHello / HelloRetryRequest ---

    Result<void> on_server_hello(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto hello, handshake::ServerHello::decode(message.body));
        NXS_TRY(check_version(hello));
        if (!std::equal(hello.legacy_session_id_echo.begin(), hello.legacy_session_id_echo.end(), m_session_id.begin(),
                        m_session_id.end())) {
            return illegal_parameter(Status::kTlsHandshakeFailure,
                                     "the server did not echo our legacy_session_id (RFC 8446 §4.1.3)");
        }
        if (std::find(m_offered_suites.begin(), m_offered_suites.end(), hello.cipher_suite) == m_offered_suites.end() ||
            (m_suite != nullptr && m_suite->suite != hello.cipher_suite)) {
            return illegal_parameter(
                Status::kTls13UnknownCiphersuite,
                "the server chose cipher suite " + std::string(handshake::cipher_suite_name(hello.cipher_suite)) +
                    (m_suite != nullptr ? ", not the one of its HelloRetryRequest" : ", which we did not offer"));
        }
        m_suite = handshake::find_cipher_suite(hello.cipher_suite);
        if (hello.is_hello_retry_request()) {
            return on_hello_retry_request(message, hello);
        }
        NXS_TRY(check_response(hello.extensions, ExtensionContext::kServerHello, m_offered));
        NXS_TRY_ASSIGN(const auto selected_psk, handshake::find_extension<PreSharedKeyServerHello>(hello.extensions));
        if (selected_psk) {
            NXS_TRY(check_selected_psk(*selected_psk));
        }
        NXS_TRY_ASSIGN(const auto maybe_share, handshake::find_extension<KeyShareServerHello>(hello.extensions));
        if (!maybe_share && selected_psk &&
            std::find(m_config->psk_modes.begin(), m_config->psk_modes.end(), PskMode::kPskKe) !=
                m_config->psk_modes.end()) {
            return on_psk_only_server_hello(message);
        }
        NXS_TRY_ASSIGN(const auto key_share, handshake::require_extension<KeyShareServerHello>(hello.extensions));
        const auto share = std::find_if(m_key_shares.begin(), m_key_shares.end(),
                                        [&](const auto& s) { return s->group() == key_share.server_share.group; });
        if (share == m_key_shares.end()) {
            return illegal_parameter(Status::kTlsBadServerhelloKeyshare,
                                     "the server's key_share is for " +
                                         group_display_name(key_share.server_share.group) +
                                         ", a group we sent no key share for");
        }
        auto shared = (*share)->derive(key_share.server_share.key_exchange);
        if (!shared.ok()) {
            return illegal_parameter(Status::kTlsBadServerhelloKeyshare,
                                     "the server's key share is not a valid " +
                                         group_display_name(key_share.server_share.group) + " public value");
        }
        m_hkdf.emplace(m_config->provider(), m_suite->hash);
        if (!m_transcript) {
            NXS_TRY_ASSIGN(auto transcript, Transcript::create(m_config->provider(), m_suite->hash));
            m_transcript.emplace(std::move(transcript));
            NXS_TRY(m_transcript->add(m_client_hello));
        }
        NXS_TRY(m_transcript->add(message.encoded));
        NXS_TRY(enter_handshake_secret(shared->span()));
        auto& info = m_io.info();
        info.group = key_share.server_share.group;
        info.group_name = group_display_name(key_share.server_share.group);
        m_key_shares.clear();  // RFC 8446 §4.2.8: ephemeral keys are single-use; drop them as soon as used
        return {};
    }

    // RFC 8446 §4.2.11: the server selects one of the identities we offered (we offer one).
    Result<void> check_selected_psk(const PreSharedKeyServerHello& selected) {
        if (!m_offer || selected.selected_identity != 0) {
            return illegal_parameter(Status::kTlsBadClienthelloPskExtension,
                                     "the server selected PSK identity " + std::to_string(selected.selected_identity) +
                                         ", which we did not offer");
        }
        // RFC 8446 §4.2.11: "Clients MUST verify that the server's selected_identity is within the range supplied by
        // the client, that the server selected a cipher suite indicating a Hash associated with the PSK".
        if (m_suite->hash != m_offer->hash) {
            return illegal_parameter(Status::kTlsBadClienthelloPskExtension,
                                     "the server resumed with a cipher suite whose hash differs from the ticket's");
        }
        m_psk_accepted = true;
        return {};
    }

    Result<void> on_psk_only_server_hello(const record::HandshakeMessage& message) {
        m_hkdf.emplace(m_config->provider(), m_suite->hash);
        if (!m_transcript) {
            NXS_TRY_ASSIGN(auto transcript, Transcript::create(m_config->provider(), m_suite->hash));
            m_transcript.emplace(std::move(transcript));
            NXS_TRY(m_transcript->add(m_client_hello));
        }
        NXS_TRY(m_transcript->add(message.encoded));
        NXS_TRY(enter_handshake_secret({}));
        m_io.info().group_name = "-";
        m_key_shares.clear();
        return {};
    }

    // From ServerHello: the handshake traffic secrets and keys. `shared` empty: psk_ke.
    Result<void> enter_handshake_secret(Bytes shared) {
        std::optional<EarlySecret> early;
        if (m_psk_accepted) {
            // The binder's Early Secret (encode_client_hello made it): the same PSK under the same hash
            // (check_selected_psk checked the suite's).
            if (!m_offer->early_secret) {
                return Error(Status::kTlsInvalidState, "the accepted PSK has no Early Secret");
            }
            early.emplace(std::move(*m_offer->early_secret));
            m_offer->early_secret.reset();
        } else {
            NXS_TRY_ASSIGN(auto without, EarlySecret::without_psk(*m_hkdf));
            early.emplace(std::move(without));
        }
        NXS_TRY_ASSIGN(auto handshake_secret, std::move(*early).into_handshake(shared));
        NXS_TRY_ASSIGN(const auto hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(m_client_handshake_secret, handshake_secret.client_handshake_traffic_secret(hash.span()));
        NXS_TRY_ASSIGN(m_server_handshake_secret, handshake_secret.server_handshake_traffic_secret(hash.span()));
        m_handshake_secret.emplace(std::move(handshake_secret));
        m_io.log_secret("CLIENT_HANDSHAKE_TRAFFIC_SECRET", m_random, m_client_handshake_secret);
        m_io.log_secret("SERVER_HANDSHAKE_TRAFFIC_SECRET", m_random, m_server_handshake_secret);
        NXS_TRY(m_io.install_read_key(*m_suite, m_server_handshake_secret));
        NXS_TRY(m_io.install_write_key(*m_suite, m_client_handshake_secret));

        auto& info = m_io.info();
        info.version = TlsVersion::kTls13;
        info.version_name = "TLSv1.3";
        info.cipher_suite = static_cast<std::uint16_t>(m_suite->suite);
        info.cipher_suite_name = std::string(m_suite->name);
        info.resumed = m_psk_accepted && m_offer->kind == PskKind::kResumption;
        info.psk_identity = m_psk_accepted && m_offer->kind == PskKind::kExternal
                                ? std::string(m_offer->identity.begin(), m_offer->identity.end())
                                : std::string();
        m_state = ClientState::kWaitEncryptedExtensions;
        return {};
    }

    Result<void> check_version(const handshake::ServerHello& hello) const {
        NXS_TRY_ASSIGN(const auto versions, handshake::find_extension<SupportedVersionsServerHello>(hello.extensions));
        if (!versions) {
            // A TLS 1.2 (or older) ServerHello: nxs speaks TLS 1.3 only so far.
            return Error(Status::kTlsUnsupportedTlsVersion,
                         "the server chose " + std::string(handshake::protocol_version_name(hello.legacy_version)) +
                             ", but only TLS 1.3 is enabled");
        }
        // RFC 8446 §4.2.1: a selected version that was not offered is illegal_parameter.
        if (versions->selected_version != ProtocolVersion::kTls13) {
            return illegal_parameter(Status::kTlsUnsupportedTlsVersion,
                                     "the server selected " +
                                         std::string(handshake::protocol_version_name(versions->selected_version)) +
                                         ", which we did not offer");
        }
        if (hello.legacy_version != ProtocolVersion::kTls12) {
            return illegal_parameter(Status::kTlsUnknownTlsVersion,
                                     "a TLS 1.3 ServerHello must carry legacy_version 0x0303 (RFC 8446 §4.1.3)");
        }
        return {};
    }

    Result<void> on_hello_retry_request(const record::HandshakeMessage& message, const handshake::ServerHello& hello) {
        // RFC 8446 §4.1.4: a second HelloRetryRequest is unexpected_message.
        if (m_transcript) {
            return unexpected_message(HandshakeType::kServerHello, "a HelloRetryRequest was already answered");
        }
        NXS_TRY(check_response(hello.extensions, ExtensionContext::kHelloRetryRequest, m_offered));
        NXS_TRY_ASSIGN(const auto selected, handshake::find_extension<KeyShareHelloRetryRequest>(hello.extensions));
        NXS_TRY_ASSIGN(const auto cookie, handshake::find_extension<Cookie>(hello.extensions));
        if (!selected && !cookie) {
            return illegal_parameter(Status::kTlsHandshakeFailure,
                                     "a HelloRetryRequest that changes nothing in the ClientHello (RFC 8446 §4.1.4)");
        }
        if (selected) {
            const auto group = selected->selected_group;
            const bool offered =
                std::find(m_config->groups.begin(), m_config->groups.end(), group) != m_config->groups.end();
            const bool already_sent = std::any_of(m_key_shares.begin(), m_key_shares.end(),
                                                  [&](const auto& s) { return s->group() == group; });
            // RFC 8446 §4.2.8: the group must be in supported_groups and not one we already sent a share for.
            if (!offered || already_sent) {
                return illegal_parameter(
                    Status::kTlsBadServerhelloKeyshare,
                    "the HelloRetryRequest asks for " + group_display_name(group) +
                        (offered ? ", for which we already sent a key share" : ", which we did not offer"));
            }
            m_key_shares.clear();
            NXS_TRY_ASSIGN(auto share, make_key_share(*m_config, group));
            m_key_shares.push_back(std::move(share));
        }
        if (cookie) {
            m_cookie.assign(cookie->cookie.begin(), cookie->cookie.end());
        }
        if (m_offer && m_offer->hash != m_suite->hash) {
            m_offer.reset();  // RFC 8446 §4.1.4: a PSK whose hash does not fit the chosen suite is left out
        }
        NXS_TRY_ASSIGN(auto transcript, Transcript::create(m_config->provider(), m_suite->hash));
        m_transcript.emplace(std::move(transcript));
        NXS_TRY(m_transcript->add(m_client_hello));
        NXS_TRY(m_transcript->replace_client_hello_with_message_hash());
        NXS_TRY(m_transcript->add(message.encoded));

        NXS_TRY_ASSIGN(m_client_hello, encode_client_hello());
        // RFC 8446 Appendix D.4: in compatibility mode the client's change_cipher_spec precedes its second flight.
        NXS_TRY(m_io.send_change_cipher_spec());
        m_sent_change_cipher_spec = true;
        NXS_TRY(m_io.send_handshake(m_client_hello));
        NXS_TRY(m_transcript->add(m_client_hello));
        m_io.info().hello_retry = true;
        return {};
    }

    // --- encrypted server flight ---

    Result<void> on_encrypted_extensions(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto extensions, EncryptedExtensions::decode(message.body));
        NXS_TRY(check_response(extensions.extensions, ExtensionContext::kEncryptedExtensions, m_offered));
        NXS_TRY_ASSIGN(const auto limit, handshake::find_extension<handshake::RecordSizeLimit>(extensions.extensions));
        if (limit) {
            NXS_TRY(m_io.set_peer_record_size_limit(limit->limit));
        }
        NXS_TRY_ASSIGN(const auto alpn,
                       handshake::find_extension<handshake::SelectedApplicationProtocol>(extensions.extensions));
        if (alpn) {
            // RFC 7301 §3.2: the server's choice must be one the client offered.
            const auto& ours = m_config->alpn_protocols;
            if (std::find(ours.begin(), ours.end(), alpn->protocol) == ours.end()) {
                return illegal_parameter(Status::kTlsHandshakeFailure,
                                         "the server selected the application protocol '" +
                                             std::string(alpn->protocol) + "', which we did not offer");
            }
            m_io.info().alpn = std::string(alpn->protocol);
        }
        NXS_TRY(m_transcript->add(message.encoded));
        // RFC 8446 §2.2: with a PSK the server authenticates by its Finished alone (no Certificate).
        m_state = m_psk_accepted ? ClientState::kWaitFinished : ClientState::kWaitCertificateOrRequest;
        return {};
    }

    Result<void> on_certificate_request(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto request, CertificateRequest::decode(message.body));
        // RFC 8446 §4.3.2: in the handshake the context is empty.
        if (!request.certificate_request_context.empty()) {
            return illegal_parameter(Status::kTlsHandshakeFailure,
                                     "a CertificateRequest in the handshake must have an empty context");
        }
        NXS_TRY(check_allowed(request.extensions, ExtensionContext::kCertificateRequest));
        NXS_TRY_ASSIGN(const auto schemes,
                       handshake::require_extension<handshake::SignatureAlgorithms>(request.extensions));
        m_certificate_requested = true;
        m_requested_schemes = schemes.schemes;
        NXS_TRY(m_transcript->add(message.encoded));
        m_state = ClientState::kWaitCertificate;
        return {};
    }

    Result<void> on_certificate(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto certificate, Certificate::decode(message.body));
        if (!certificate.certificate_request_context.empty()) {
            return illegal_parameter(Status::kTlsHandshakeFailure,
                                     "the server's Certificate must have an empty request context (RFC 8446 §4.4.2)");
        }
        // RFC 8446 §4.4.2.4: "If the server supplies an empty Certificate message, the client MUST abort the
        // handshake with a "decode_error" alert."
        if (certificate.is_empty()) {
            return Error(Status::kTlsEmptyRemoteCertificateReceived, "the server sent an empty Certificate message");
        }
        for (const auto& entry : certificate.certificate_list) {
            NXS_TRY(check_response(entry.extensions, ExtensionContext::kCertificate, m_offered));
        }
        NXS_TRY_ASSIGN(auto chain, parse_peer_chain(certificate, true));
        NXS_TRY_ASSIGN(const auto verified, verify_peer_chain(*m_config, chain, m_peer, x509::Purpose::kServerAuth));
        auto& info = m_io.info();
        info.peer_verified = !verified.skipped();
        info.peer_chain = std::move(chain);
        NXS_TRY(m_transcript->add(message.encoded));
        m_state = ClientState::kWaitCertificateVerify;
        return {};
    }

    Result<void> on_certificate_verify(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto hash, m_transcript->current_hash());
        auto& info = m_io.info();
        NXS_TRY_ASSIGN(const auto scheme,
                       check_certificate_verify(*m_config, info.peer_chain.front(), message, SignatureContext::kServer,
                                                hash.span(), Status::kTlsSignatureVerificationError));
        info.peer_signature_scheme = scheme;
        NXS_TRY(m_transcript->add(message.encoded));
        m_state = ClientState::kWaitFinished;
        return {};
    }

    Result<void> on_finished(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto finished, handshake::Finished::decode(message.body, m_hkdf->hash_length()));
        NXS_TRY_ASSIGN(const auto before, m_transcript->current_hash());
        NXS_TRY(check_finished(*m_hkdf, m_server_handshake_secret.span(), before.span(), finished.verify_data));
        NXS_TRY(m_transcript->add(message.encoded));

        NXS_TRY_ASSIGN(auto master, std::move(*m_handshake_secret).into_master());
        m_handshake_secret.reset();
        NXS_TRY_ASSIGN(const auto server_finished_hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(auto client_app, master.client_application_traffic_secret_0(server_finished_hash.span()));
        NXS_TRY_ASSIGN(auto server_app, master.server_application_traffic_secret_0(server_finished_hash.span()));
        NXS_TRY_ASSIGN(auto exporter, master.exporter_master_secret(server_finished_hash.span()));
        m_io.log_secret("CLIENT_TRAFFIC_SECRET_0", m_random, client_app);
        m_io.log_secret("SERVER_TRAFFIC_SECRET_0", m_random, server_app);
        m_io.log_secret("EXPORTER_SECRET", m_random, exporter);
        NXS_TRY(m_io.install_read_key(*m_suite, server_app));

        NXS_TRY(send_client_flight());
        NXS_TRY(m_io.install_write_key(*m_suite, client_app));
        NXS_TRY_ASSIGN(const auto client_finished_hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(m_resumption_secret, master.resumption_master_secret(client_finished_hash.span()));
        m_key_update.start(*m_hkdf, *m_suite, std::move(client_app), std::move(server_app), std::move(exporter),
                           Role::kClient);
        m_client_handshake_secret.wipe();
        m_server_handshake_secret.wipe();
        m_state = ClientState::kConnected;
        m_io.handshake_complete();
        return {};
    }

    Result<void> send_client_flight() {
        if (!m_sent_change_cipher_spec) {
            NXS_TRY(m_io.send_change_cipher_spec());  // RFC 8446 Appendix D.4
            m_sent_change_cipher_spec = true;
        }
        if (m_certificate_requested) {
            const CertifiedKey* chosen = nullptr;
            std::optional<crypto::SignatureScheme> scheme;
            for (const auto& certified : m_config->certificates()) {
                scheme = choose_signature_scheme(*certified.key, m_config->signature_schemes, m_requested_schemes);
                if (scheme) {
                    chosen = &certified;
                    break;
                }
            }
            NXS_TRY_ASSIGN(const auto certificate, encode_certificate(chosen, {}));
            NXS_TRY(m_io.send_handshake(certificate));
            NXS_TRY(m_transcript->add(certificate));
            if (chosen != nullptr) {
                NXS_TRY_ASSIGN(const auto hash, m_transcript->current_hash());
                NXS_TRY_ASSIGN(const auto verify, encode_certificate_verify(*chosen->key, *scheme,
                                                                            SignatureContext::kClient, hash.span()));
                NXS_TRY(m_io.send_handshake(verify));
                NXS_TRY(m_transcript->add(verify));
            }
        }
        NXS_TRY_ASSIGN(const auto hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(const auto finished, encode_finished(*m_hkdf, m_client_handshake_secret, hash.span()));
        NXS_TRY(m_io.send_handshake(finished));
        return m_transcript->add(finished);
    }

    // --- after the handshake ---

    Result<void> on_new_session_ticket(const record::HandshakeMessage& message) {
        NXS_TRY_ASSIGN(const auto ticket, NewSessionTicket::decode(message.body));
        NXS_TRY(check_allowed(ticket.extensions, ExtensionContext::kNewSessionTicket));
        // RFC 8446 §4.6.1: a lifetime of zero means the ticket must not be used.
        if (ticket.ticket_lifetime == 0) {
            return {};
        }
        NXS_TRY_ASSIGN(const auto psk, resumption_psk(*m_hkdf, m_resumption_secret.span(), ticket.ticket_nonce));
        Session session;
        session.ticket.assign(ticket.ticket.begin(), ticket.ticket.end());
        session.psk.assign(psk.span().begin(), psk.span().end());
        session.cipher_suite = static_cast<std::uint16_t>(m_suite->suite);
        session.server_name = m_sni;
        session.alpn = m_io.info().alpn;
        session.lifetime = ticket.ticket_lifetime;
        session.age_add = ticket.ticket_age_add;
        session.received_time = now();
        m_io.store_session(std::move(session));
        m_io.emit(ConnectionEvent::kSessionTicket);
        return {};
    }

    std::shared_ptr<const Config> m_config;
    std::string m_server_name;
    std::optional<Session> m_resume;
    struct OfferedPsk {
        std::vector<std::uint8_t> identity;
        Secret key;
        crypto::HashAlgorithm hash;
        PskKind kind;
        std::uint32_t obfuscated_age;
        // HKDF-Extract(0, key), made for the first binder and kept for the handshake if the server accepts the PSK.
        std::optional<EarlySecret> early_secret;
    };
    std::optional<OfferedPsk> m_offer;
    bool m_psk_accepted = false;
    HandshakeIo& m_io;
    ClientState m_state = ClientState::kStart;

    std::string m_sni;
    x509::PeerName m_peer;
    handshake::Random m_random{};
    std::array<std::uint8_t, 32> m_session_id{};
    std::vector<std::unique_ptr<crypto::KeyShare>> m_key_shares;
    std::vector<std::uint8_t> m_client_hello;
    std::vector<ExtensionType> m_offered;
    std::vector<CipherSuite> m_offered_suites;
    std::vector<std::uint8_t> m_cookie;
    bool m_sent_change_cipher_spec = false;

    const handshake::CipherSuiteInfo* m_suite = nullptr;
    std::optional<Hkdf> m_hkdf;
    std::optional<Transcript> m_transcript;
    std::optional<HandshakeSecret> m_handshake_secret;
    Secret m_client_handshake_secret;
    Secret m_server_handshake_secret;
    Secret m_resumption_secret;

    bool m_certificate_requested = false;
    std::vector<crypto::SignatureScheme> m_requested_schemes;
    KeyUpdater m_key_update;
};

}  // namespace

std::unique_ptr<HandshakeMachine> make_client(std::shared_ptr<const Config> config, std::string server_name,
                                              std::optional<Session> session, HandshakeIo& io) {
    return std::make_unique<Client>(std::move(config), std::move(server_name), std::move(session), io);
}

}  // namespace nxs::tls13
