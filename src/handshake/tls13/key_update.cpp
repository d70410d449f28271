#include "handshake/tls13/key_update.h"

#include "handshake/msgs/key_update.h"

namespace nxs::tls13 {

void KeyUpdater::start(const Hkdf& hkdf, const handshake::CipherSuiteInfo& suite, Secret client_secret,
                       Secret server_secret, Role role) {
    m_hkdf.emplace(hkdf);
    m_suite = &suite;
    m_write_secret = std::move(role == Role::kClient ? client_secret : server_secret);
    m_read_secret = std::move(role == Role::kClient ? server_secret : client_secret);
}

Result<void> KeyUpdater::on_key_update(const record::HandshakeMessage& message, HandshakeIo& io) {
    NXS_TRY_ASSIGN(const auto update, KeyUpdate::decode(message.body));
    NXS_TRY_ASSIGN(auto next, next_application_traffic_secret(*m_hkdf, m_read_secret.span()));
    // install_read_key enforces RFC 8446 §5.1: the KeyUpdate must end its record.
    NXS_TRY(io.install_read_key(*m_suite, next));
    m_read_secret = std::move(next);
    // RFC 8446 §4.6.3: answer update_requested with update_not_requested before sending more data.
    if (update.request_update == KeyUpdateRequest::kUpdateRequested) {
        NXS_TRY(send(false, io));
    }
    io.emit(ConnectionEvent::kKeyUpdated);
    return {};
}

Result<void> KeyUpdater::send(bool request_peer, HandshakeIo& io) {
    KeyUpdate update;
    update.request_update = request_peer ? KeyUpdateRequest::kUpdateRequested : KeyUpdateRequest::kUpdateNotRequested;
    NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(update));
    NXS_TRY(io.send_handshake(encoded));
    NXS_TRY_ASSIGN(auto next, next_application_traffic_secret(*m_hkdf, m_write_secret.span()));
    NXS_TRY(io.install_write_key(*m_suite, next));
    m_write_secret = std::move(next);
    return {};
}

}  // namespace nxs::tls13
