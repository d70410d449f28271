#include "handshake/tls13/key_update.h"

#include "handshake/msgs/key_update.h"

namespace nxs::tls13 {

void KeyUpdater::start(const Hkdf& hkdf, const handshake::CipherSuiteInfo& suite, Secret client_secret,
                       Secret server_secret, Secret exporter_secret, Role role) {
    m_hkdf.emplace(hkdf);
    m_suite = &suite;
    m_write_secret = std::move(role == Role::kClient ? client_secret : server_secret);
    m_read_secret = std::move(role == Role::kClient ? server_secret : client_secret);
    m_exporter_secret = std::move(exporter_secret);
}

Result<void> KeyUpdater::on_key_update(const record::HandshakeMessage& message, HandshakeIo& io) {
    NXS_TRY_ASSIGN(const auto update, KeyUpdate::decode(message.body));
    NXS_TRY_ASSIGN(auto next, next_application_traffic_secret(*m_hkdf, m_read_secret.span()));
    // install_read_key enforces RFC 8446 §5.1: the KeyUpdate must end its record.
    NXS_TRY(io.install_read_key(*m_suite, next));
    m_read_secret = std::move(next);
    ++io.info().key_updates_received;
    io.emit(ConnectionEvent::kKeyUpdated);
    // RFC 8446 §4.6.3: answer update_requested with update_not_requested before sending more data (send() reports
    // the new write key with an event of its own).
    if (update.request_update == KeyUpdateRequest::kUpdateRequested) {
        NXS_TRY(send(false, io));
    }
    return {};
}

Result<void> KeyUpdater::send(bool request_peer, HandshakeIo& io) {
    if (!started()) {
        return Error(Status::kTlsInvalidState, "KeyUpdate is only possible after the handshake");
    }
    KeyUpdate update;
    update.request_update = request_peer ? KeyUpdateRequest::kUpdateRequested : KeyUpdateRequest::kUpdateNotRequested;
    NXS_TRY_ASSIGN(const auto encoded, handshake::encode_message(update));
    NXS_TRY(io.send_handshake(encoded));
    NXS_TRY_ASSIGN(auto next, next_application_traffic_secret(*m_hkdf, m_write_secret.span()));
    NXS_TRY(io.install_write_key(*m_suite, next));
    m_write_secret = std::move(next);
    ++io.info().key_updates_sent;
    io.emit(ConnectionEvent::kKeyUpdated);
    return {};
}

Result<Secret> KeyUpdater::export_keying_material(std::string_view label, Bytes context, std::size_t length) const {
    if (!started()) {
        return Error(Status::kTlsInvalidState, "keying material can be exported only after the handshake");
    }
    return tls13::export_keying_material(*m_hkdf, m_exporter_secret.span(), label, context, length);
}

}  // namespace nxs::tls13
