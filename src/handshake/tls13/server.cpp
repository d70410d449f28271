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

#include "common/reader.h"
#include "common/writer.h"
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
#include "handshake/msgs/new_session_ticket.h"
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
constexpr std::size_t kMaxSkippedEarlyData = std::size_t{64} * 1024;

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

    Result<Secret> export_keying_material(std::string_view label, Bytes context, std::size_t length) const override {
        return m_key_update.export_keying_material(label, context, length);
    }

    Result<void> send_key_update(bool request_peer) override { return m_key_update.send(request_peer, m_io); }

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
        m_client_random = hello.random;
        NXS_TRY(read_client_options(hello));
        NXS_TRY(choose_psk(hello, message));
        NXS_TRY(m_transcript->add(message.encoded));
        m_session_id.assign(hello.legacy_session_id.begin(), hello.legacy_session_id.end());
        if (negotiated.client_share == nullptr && !(m_psk && m_psk_mode == PskMode::kPskKe)) {
            m_psk.reset();
            return send_hello_retry_request(negotiated);
        }
        if (hello.extensions.contains(ExtensionType::kEarlyData)) {
            m_io.skip_undecryptable_records(kMaxSkippedEarlyData);  // 0-RTT is refused: a 1-RTT handshake follows
        }
        if (!m_psk && m_client_offered_psk && m_config->certificates().empty()) {
            return Error(Status::kTlsNoMatchingPsk,
                         "none of the client's PSK identities is known here, and there is no certificate to fall back "
                         "to")
                .with_alert(AlertDescription::kUnknownPskIdentity);
        }
        if (!m_psk) {
            NXS_TRY(choose_certificate(hello));
        }
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
        NXS_TRY(builder.add(KeyShareHelloRetryRequest{negotiated.group}));
        NXS_TRY(builder.add(Cookie{m_cookie}));
        NXS_TRY(builder.add(SupportedVersionsServerHello{ProtocolVersion::kTls13}));
        retry.extensions = builder.list();
        NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(retry));
        NXS_TRY(m_io.send_handshake(encoded));
        NXS_TRY(m_transcript->add(encoded));
        NXS_TRY(send_compat_change_cipher_spec());
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
        return choose_alpn(hello);
    }

    // RFC 7301 §3.2: the first of our protocols the client offers; an offer with none of ours is refused with
    // no_application_protocol. Without protocols of our own the client's list is ignored.
    Result<void> choose_alpn(const handshake::ClientHello& hello) {
        m_alpn.clear();
        NXS_TRY_ASSIGN(const auto offered,
                       handshake::find_extension<handshake::ApplicationProtocols>(hello.extensions));
        if (!offered || m_config->alpn_protocols.empty()) {
            return {};
        }
        for (const auto& protocol : m_config->alpn_protocols) {
            if (offered->contains(protocol)) {
                m_alpn = protocol;
                return {};
            }
        }
        return Error(Status::kTlsUnsupportedFeature,
                     "the client offers no application protocol (ALPN) that this server supports")
            .with_alert(AlertDescription::kNoApplicationProtocol);
    }

    std::int64_t now() const { return (m_config->clock ? m_config->clock : system_clock())->now(); }

    // --- resumption (RFC 8446 §4.2.11) ---

    // The state a ticket carries, sealed under the Config's TicketKeys.
    struct TicketState {
        std::vector<std::uint8_t> psk;
        std::uint16_t suite = 0;
        std::string sni;
        std::string alpn;
        std::int64_t issued = 0;
        std::uint32_t age_add = 0;
        std::uint32_t lifetime = 0;
    };
    static constexpr std::uint8_t kTicketFormat = 1;

    static std::vector<std::uint8_t> encode_ticket_state(const TicketState& state) {
        std::vector<std::uint8_t> out;
        Writer writer(out);
        writer.u8(kTicketFormat);
        // PSK ≤ 48 bytes; names are < 256 bytes (SNI checked by its codec, ALPN names by theirs).
        (void)writer.vec8(state.psk);
        writer.u16(state.suite);
        (void)writer.vec8(Bytes(reinterpret_cast<const std::uint8_t*>(state.sni.data()), state.sni.size()));  // NOLINT
        (void)writer.vec8(
            Bytes(reinterpret_cast<const std::uint8_t*>(state.alpn.data()), state.alpn.size()));  // NOLINT
        writer.u64(static_cast<std::uint64_t>(state.issued));
        writer.u32(state.age_add);
        writer.u32(state.lifetime);
        return out;
    }

    static Result<TicketState> decode_ticket_state(Bytes data) {
        Reader reader(data, Status::kTlsInvalidSessionTicket);
        NXS_TRY_ASSIGN(const auto format, reader.u8());
        if (format != kTicketFormat) {
            return Error(Status::kTlsInvalidSessionTicket, "unknown ticket format");
        }
        TicketState state;
        NXS_TRY_ASSIGN(const auto psk, reader.vec8_bytes());
        NXS_TRY_ASSIGN(state.suite, reader.u16());
        NXS_TRY_ASSIGN(const auto sni, reader.vec8_bytes());
        NXS_TRY_ASSIGN(const auto alpn, reader.vec8_bytes());
        NXS_TRY_ASSIGN(const auto issued, reader.u64());
        NXS_TRY_ASSIGN(state.age_add, reader.u32());
        NXS_TRY_ASSIGN(state.lifetime, reader.u32());
        NXS_TRY(reader.expect_end());
        state.psk.assign(psk.begin(), psk.end());
        state.sni.assign(sni.begin(), sni.end());
        state.alpn.assign(alpn.begin(), alpn.end());
        state.issued = static_cast<std::int64_t>(issued);
        return state;
    }

    // Is identity `identity` a ticket of ours that may resume this connection? A ticket we cannot open, or one for
    // another name, hash or time, is NX_SECURE_TLS_INVALID_SESSION_TICKET (0x143): the caller ignores it.
    Result<TicketState> accept_ticket(const PskIdentity& identity) const {
        NXS_TRY_ASSIGN(const auto plaintext, m_config->ticket_keys->open(m_config->provider(), identity.identity));
        NXS_TRY_ASSIGN(auto state, decode_ticket_state(plaintext));
        const auto* suite = handshake::find_cipher_suite(static_cast<CipherSuite>(state.suite));
        if (suite == nullptr || suite->hash != m_suite->hash || state.psk.size() != psk_length()) {
            return Error(Status::kTlsInvalidSessionTicket, "the ticket's hash does not fit the chosen cipher suite");
        }
        if (state.sni != m_sni) {
            return Error(Status::kTlsInvalidSessionTicket, "the ticket was issued for another server name");
        }
        const std::int64_t age = now() - state.issued;
        if (age < 0 || age > static_cast<std::int64_t>(std::min(state.lifetime, m_config->ticket_lifetime))) {
            return Error(Status::kTlsInvalidSessionTicket, "the ticket has expired");
        }
        // RFC 8446 §4.2.11.1: the client's view of the age, de-obfuscated, must agree with ours.
        const std::int64_t client_age =
            static_cast<std::uint32_t>(identity.obfuscated_ticket_age - state.age_add) / 1000;
        if (client_age > age + m_config->ticket_age_tolerance || age > client_age + m_config->ticket_age_tolerance) {
            return Error(Status::kTlsInvalidSessionTicket, "the client's ticket age does not match the ticket's");
        }
        return state;
    }

    std::size_t psk_length() const noexcept { return crypto::hash_length(m_suite->hash); }

    Result<void> choose_psk(const handshake::ClientHello& hello, const record::HandshakeMessage& message) {
        m_psk.reset();
        m_client_offered_psk = false;
        if (!hello.extensions.contains(ExtensionType::kPreSharedKey)) {
            return {};
        }
        auto offer = handshake::find_extension<PreSharedKeyClientHello>(hello.extensions);
        if (!offer.ok()) {
            return Error(Status::kTlsBadClienthelloPskExtension,
                         "malformed pre_shared_key extension: " + offer.error().message())
                .with_alert(AlertDescription::kDecodeError);
        }
        NXS_TRY_ASSIGN(const auto modes, handshake::find_extension<PskKeyExchangeModes>(hello.extensions));
        // RFC 8446 §4.2.9: "If clients offer "pre_shared_key" without a "psk_key_exchange_modes" extension, servers
        // MUST abort the handshake."
        if (!modes) {
            return Error(Status::kTlsMissingExtension, "pre_shared_key offered without psk_key_exchange_modes")
                .with_alert(AlertDescription::kMissingExtension);
        }
        std::optional<PskMode> mode;
        for (const auto ours : m_config->psk_modes) {
            if (modes->contains(static_cast<PskKeyExchangeMode>(ours))) {
                mode = ours;
                break;
            }
        }
        if (!mode || !hello.psk_binders_offset) {
            return {};
        }
        const auto& psk = **offer;
        m_client_offered_psk = !psk.identities.empty();
        for (std::size_t index = 0; index < psk.identities.size() && index <= 0xFFFF; ++index) {
            const auto& identity = psk.identities[index];
            std::vector<std::uint8_t> key;
            PskKind kind = PskKind::kResumption;
            if (auto state = accept_ticket(identity); state.ok()) {
                key = std::move(state->psk);
            } else if (const auto* external = find_external_psk(identity.identity)) {
                key = external->key;
                kind = PskKind::kExternal;
            } else {
                continue;  // RFC 8446 §4.2.11: an identity the server cannot use is skipped
            }
            NXS_TRY_ASSIGN(auto early, check_binder(key, kind, psk.binders[index], message, *hello.psk_binders_offset));
            m_psk.emplace(std::move(early));
            secure_wipe(key.data(), key.size());
            m_psk_kind = kind;
            m_psk_identity.assign(identity.identity.begin(), identity.identity.end());
            m_psk_index = static_cast<std::uint16_t>(index);
            m_psk_mode = *mode;
            return {};
        }
        return {};
    }

    // An external PSK of ours with this identity and the hash of the chosen suite.
    const ExternalPsk* find_external_psk(Bytes identity) const {
        for (const auto& external : m_config->external_psks()) {
            if (external.hash == m_suite->hash &&
                std::equal(external.identity.begin(), external.identity.end(), identity.begin(), identity.end())) {
                return &external;
            }
        }
        return nullptr;
    }

    // RFC 8446 §4.2.11.2: the binder over the ClientHello truncated before the binders list (after a
    // HelloRetryRequest, preceded by message_hash and the HelloRetryRequest). A wrong binder is fatal. Returns the
    // Early Secret of `psk`, which the handshake goes on from if this PSK is chosen.
    Result<EarlySecret> check_binder(Bytes psk, PskKind kind, Bytes binder, const record::HandshakeMessage& message,
                                     std::size_t binders_offset) const {
        const Hkdf hkdf(m_config->provider(), m_suite->hash);
        const auto prefix = message.encoded.first(message.encoded.size() - message.body.size() + binders_offset);
        Digest hash;
        if (m_transcript->message_count() == 0) {
            NXS_TRY_ASSIGN(hash, hkdf.hash_of(prefix));  // the first ClientHello: nothing precedes it
        } else {
            NXS_TRY_ASSIGN(auto partial, m_transcript->clone());
            NXS_TRY(partial.add(prefix));
            NXS_TRY_ASSIGN(hash, partial.current_hash());
        }
        NXS_TRY_ASSIGN(auto early, EarlySecret::with_psk(hkdf, psk));
        NXS_TRY_ASSIGN(const auto binder_key, early.binder_key(kind));
        NXS_TRY_ASSIGN(const auto expected, finished_verify_data(hkdf, binder_key.span(), hash.span()));
        if (!constant_time_equal(expected.span(), binder)) {
            return Error(Status::kTlsPskBinderMismatch, "the binder of the client's PSK does not verify")
                .with_alert(AlertDescription::kDecryptError);
        }
        return early;
    }

    // RFC 8446 §4.6.1: tickets after the handshake, each with its own nonce and age_add.
    Result<void> send_tickets() {
        if (!m_config->ticket_keys) {
            return {};
        }
        const auto lifetime = std::min(m_config->ticket_lifetime, kMaxTicketLifetime);
        for (std::size_t i = 0; i < m_config->num_tickets && i < 256; ++i) {
            const std::array<std::uint8_t, 1> nonce{static_cast<std::uint8_t>(i)};
            NXS_TRY_ASSIGN(const auto psk, resumption_psk(*m_hkdf, m_resumption_secret.span(), nonce));
            TicketState state;
            state.psk.assign(psk.span().begin(), psk.span().end());
            state.suite = static_cast<std::uint16_t>(m_suite->suite);
            state.sni = m_sni;
            state.alpn = m_alpn;
            state.issued = now();
            std::array<std::uint8_t, 4> age_add{};
            NXS_TRY(fill_random(*m_config, age_add));
            state.age_add = (std::uint32_t{age_add[0]} << 24U) | (std::uint32_t{age_add[1]} << 16U) |
                            (std::uint32_t{age_add[2]} << 8U) | std::uint32_t{age_add[3]};
            state.lifetime = lifetime;
            auto plaintext = encode_ticket_state(state);
            NXS_TRY_ASSIGN(const auto sealed, m_config->ticket_keys->seal(m_config->provider(), plaintext));
            secure_wipe(plaintext.data(), plaintext.size());
            NewSessionTicket ticket;
            ticket.ticket_lifetime = lifetime;
            ticket.ticket_age_add = state.age_add;
            ticket.ticket_nonce = nonce;
            ticket.ticket = sealed;
            NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(ticket));
            NXS_TRY(m_io.send_handshake(encoded));
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
                return {};
            }
        }
        return Error(Status::kTlsCertificateNotFound,
                     "no configured certificate can sign with a signature scheme the client offers");
    }

    // --- the server's flight ---

    Result<void> send_compat_change_cipher_spec() {
        // RFC 8446 Appendix D.4: in compatibility mode (the client sent a session ID) the server sends a
        // change_cipher_spec right after its first handshake message.
        if (!m_sent_change_cipher_spec && !m_session_id.empty()) {
            NXS_TRY(m_io.send_change_cipher_spec());
            m_sent_change_cipher_spec = true;
        }
        return {};
    }

    Result<void> send_server_flight(const Negotiated& negotiated) {
        const bool dhe = !m_psk || m_psk_mode == PskMode::kPskDheKe;
        std::unique_ptr<crypto::KeyShare> share;
        Secret shared;
        if (dhe) {
            NXS_TRY_ASSIGN(share, make_key_share(*m_config, negotiated.group));
            auto derived = share->derive(negotiated.client_share->key_exchange);
            if (!derived.ok()) {
                return illegal_parameter(
                    Status::kTlsBadClienthelloKeyshare,
                    "the client's key share is not a valid " + group_display_name(negotiated.group) + " public value");
            }
            shared = std::move(derived).value();
        }
        m_hkdf.emplace(m_config->provider(), m_suite->hash);
        NXS_TRY(send_server_hello(negotiated, share.get()));

        std::optional<EarlySecret> early;
        if (m_psk) {
            // The binder's Early Secret (choose_psk): the same PSK under the same suite's hash. m_psk stays engaged
            // (moved from) and still says that a PSK was chosen.
            early.emplace(std::move(*m_psk));
        } else {
            NXS_TRY_ASSIGN(auto without, EarlySecret::without_psk(*m_hkdf));
            early.emplace(std::move(without));
        }
        NXS_TRY_ASSIGN(auto handshake_secret, std::move(*early).into_handshake(shared.span()));
        NXS_TRY_ASSIGN(const auto hello_hash, m_transcript->current_hash());
        NXS_TRY_ASSIGN(m_client_handshake_secret, handshake_secret.client_handshake_traffic_secret(hello_hash.span()));
        NXS_TRY_ASSIGN(auto server_handshake_secret,
                       handshake_secret.server_handshake_traffic_secret(hello_hash.span()));
        m_io.log_secret("CLIENT_HANDSHAKE_TRAFFIC_SECRET", m_client_random, m_client_handshake_secret);
        m_io.log_secret("SERVER_HANDSHAKE_TRAFFIC_SECRET", m_client_random, server_handshake_secret);
        NXS_TRY(m_io.install_write_key(*m_suite, server_handshake_secret));
        NXS_TRY(m_io.install_read_key(*m_suite, m_client_handshake_secret));

        NXS_TRY(send_encrypted_extensions());
        // RFC 8446 §2.2: a resumed handshake authenticates by the PSK: no certificates either way.
        const bool ask_client = !m_psk && m_config->client_auth != ClientAuth::kNone;
        if (ask_client) {
            NXS_TRY(send_certificate_request());
        }
        if (!m_psk) {
            NXS_TRY_ASSIGN(const auto certificate, encode_certificate(m_certificate, {}));
            NXS_TRY(send(certificate));
            NXS_TRY_ASSIGN(const auto certificate_hash, m_transcript->current_hash());
            NXS_TRY_ASSIGN(const auto verify,
                           encode_certificate_verify(*m_certificate->key, m_scheme, SignatureContext::kServer,
                                                     certificate_hash.span()));
            NXS_TRY(send(verify));
        }
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
        if (dhe) {
            info.group = negotiated.group;
            info.group_name = group_display_name(negotiated.group);
        } else {
            info.group_name = "-";
        }
        info.server_name = m_sni;
        info.alpn = m_alpn;
        info.resumed = m_psk.has_value() && m_psk_kind == PskKind::kResumption;
        if (m_psk && m_psk_kind == PskKind::kExternal) {
            info.psk_identity = m_psk_identity;
        }
        info.certificate_id = m_certificate != nullptr ? m_certificate->id : 0;
        m_state = ask_client ? ServerState::kWaitClientCertificate : ServerState::kWaitFinished;
        return {};
    }

    Result<void> send(const std::vector<std::uint8_t>& encoded) {
        NXS_TRY(m_io.send_handshake(encoded));
        return m_transcript->add(encoded);
    }

    Result<void> send_server_hello(const Negotiated& negotiated, const crypto::KeyShare* share) {
        handshake::ServerHello hello;
        NXS_TRY(fill_random(*m_config, hello.random));
        hello.legacy_session_id_echo = m_session_id;
        hello.cipher_suite = negotiated.suite->suite;
        handshake::ExtensionBuilder builder;
        if (share != nullptr) {
            NXS_TRY(builder.add(KeyShareServerHello{KeyShareEntry{negotiated.group, share->public_key()}}));
        }
        NXS_TRY(builder.add(SupportedVersionsServerHello{ProtocolVersion::kTls13}));
        if (m_psk) {
            NXS_TRY(builder.add(PreSharedKeyServerHello{m_psk_index}));
        }
        hello.extensions = builder.list();
        NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(hello));
        NXS_TRY(send(encoded));
        NXS_TRY(send_compat_change_cipher_spec());
        return {};
    }

    Result<void> send_encrypted_extensions() {
        EncryptedExtensions extensions;
        handshake::ExtensionBuilder builder;
        if (!m_psk || m_psk_mode == PskMode::kPskDheKe) {
            // RFC 8446 §4.2.7: our groups in preference order, so that a client can send the right key share next
            // time instead of paying for a HelloRetryRequest.
            NXS_TRY(builder.add(handshake::SupportedGroups{m_config->groups}));
        }
        if (m_client_sent_record_size_limit) {
            // RFC 8449 §4: answer with our limit, which counts the content type byte in TLS 1.3.
            const auto limit = std::min(m_config->record_size_limit, record::kMaxPlaintext) + 1;
            NXS_TRY(builder.add(handshake::RecordSizeLimit{static_cast<std::uint16_t>(limit)}));
        }
        if (!m_sni.empty() && !m_psk) {
            // RFC 6066 §3: the name was used (to choose among our certificates). A resumed session's name was
            // settled when the ticket was issued: no acknowledgement then, as RFC 6066 §3 has it for resumption.
            NXS_TRY(builder.add(handshake::ServerNameAck{}));
        }
        if (!m_alpn.empty()) {
            NXS_TRY(builder.add(handshake::SelectedApplicationProtocol{m_alpn}));
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
                           std::move(m_exporter_secret), Role::kServer);
        m_client_handshake_secret.wipe();
        m_state = ServerState::kConnected;
        m_io.handshake_complete();
        return send_tickets();
    }

    std::shared_ptr<const Config> m_config;
    HandshakeIo& m_io;
    ServerState m_state = ServerState::kWaitClientHello;

    handshake::Random m_client_random{};
    std::vector<std::uint8_t> m_session_id;
    KeyShareClientHello m_client_shares;
    std::vector<crypto::SignatureScheme> m_client_schemes;
    std::string m_sni;
    std::string m_alpn;
    // The chosen PSK as its Early Secret, HKDF-Extract(0, PSK), made when its binder was checked (RFC 8446 §7.1);
    // empty: no PSK was chosen.
    std::optional<EarlySecret> m_psk;
    std::uint16_t m_psk_index = 0;
    PskKind m_psk_kind = PskKind::kResumption;
    std::string m_psk_identity;
    bool m_client_offered_psk = false;
    PskMode m_psk_mode = PskMode::kPskDheKe;
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
