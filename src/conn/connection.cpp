// Connection::Impl — records in, records out, around a TLS 1.3 handshake state machine.
//
// feed() takes complete records from the received bytes. While no partial record waits in the input buffer, each
// whole protected record is decrypted straight from the caller's bytes into the input buffer
// (record::RecordProtection::open_into: the decryption is the copy); anything else (unprotected records, a record
// cut short, whatever follows it) is appended to the input buffer and its records are decrypted where they lie
// (RecordProtection::open). Handshake content goes to the framer and then, a whole message at a time, to the state
// machine; application data stays where it was decrypted, in the input buffer, until read() copies it into the
// application's buffer (or the application reads it there: received_data() / consume_received()). Everything sent
// (handshake flights, alerts, application data) is appended to one output buffer that the caller drains with
// pending_output() / consume_output(); application data is encrypted straight from the caller's buffer into it. Both
// buffers grow without zero-filling (record::ByteBuffer).
//
// The first fatal error is kept (ARCHITECTURE.md §3): its alert is queued and every later call returns it.
#include "nxs/connection.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <utility>

#include "common/hex.h"
#include "handshake/tls13/handshake_io.h"
#include "handshake/tls13/key_schedule.h"
#include "record/alert.h"
#include "record/handshake_framer.h"
#include "record/record_protection.h"
#include "record/record_reader.h"
#include "record/record_writer.h"

namespace nxs {

using tls13::Bytes;

class Connection::Impl final : public tls13::HandshakeIo {
public:
    explicit Impl(std::shared_ptr<const Config> config)
        : m_config(std::move(config)),
          m_reader(record::RecordReaderConfig{record::kMaxRecord, record::RecordVersionPolicy::kInitial}),
          m_framer(record::HandshakeFramerConfig{m_config->max_handshake_message,
                                                 std::max(m_config->max_handshake_message, std::size_t{256} * 1024)}) {}

    Result<void> init_client(std::string server_name, std::optional<Session> session) {
        m_role = Role::kClient;
        m_machine = tls13::make_client(m_config, std::move(server_name), std::move(session), *this);
        return guard(m_machine->start());
    }

    Result<void> init_server() {
        m_role = Role::kServer;
        m_machine = tls13::make_server(m_config, *this);
        return guard(m_machine->start());
    }

    // --- public API ---

    Result<void> feed(std::span<const std::uint8_t> received) {
        if (m_fatal) {
            return *m_fatal;
        }
        Result<void> processed;
        auto taken = open_from_caller(received);
        if (!taken.ok()) {
            processed = std::move(taken).error();
        } else if (*taken < received.size()) {
            m_in.insert(m_in.end(), received.begin() + static_cast<std::ptrdiff_t>(*taken), received.end());
            processed = process_input();
        }
        compact_input();
        return guard(processed);
    }

    std::span<const std::uint8_t> pending_output() const noexcept {
        return std::span<const std::uint8_t>(m_out).subspan(m_out_pos);
    }

    void consume_output(std::size_t count) noexcept {
        m_out_pos = std::min(m_out.size(), m_out_pos + count);
        if (m_out_pos == m_out.size()) {
            m_out.clear();
            m_out_pos = 0;
            if (m_release_out_when_drained) {
                record::ByteBuffer().swap(m_out);  // see handshake_complete()
                m_release_out_when_drained = false;
            }
        }
    }

    std::optional<ConnectionEvent> next_event() {
        if (m_events.empty()) {
            return std::nullopt;
        }
        const auto event = m_events.front();
        m_events.pop_front();
        return event;
    }

    Result<std::size_t> read(std::span<std::uint8_t> out) {
        if (m_app_available == 0 && m_fatal) {
            return *m_fatal;
        }
        std::size_t count = 0;
        while (count < out.size() && m_app_available > 0) {
            const auto piece = received_data();
            const std::size_t n = std::min(piece.size(), out.size() - count);
            std::memcpy(out.data() + count, piece.data(), n);
            consume_received(n);
            count += n;
        }
        return count;
    }

    // The unread content of the oldest record holding any: no chunk is empty (process_application_data keeps none).
    std::span<const std::uint8_t> received_data() const noexcept {
        if (m_app_head == m_app_chunks.size()) {
            return {};
        }
        const AppChunk& chunk = m_app_chunks[m_app_head];
        return {m_in.data() + chunk.offset, chunk.length};
    }

    void consume_received(std::size_t count) noexcept {
        count = std::min(count, m_app_available);
        m_app_available -= count;
        while (count > 0) {
            AppChunk& chunk = m_app_chunks[m_app_head];
            const std::size_t n = std::min(chunk.length, count);
            chunk.offset += n;
            chunk.length -= n;
            count -= n;
            m_app_head += chunk.length == 0 ? 1U : 0U;
        }
        if (m_app_available == 0) {
            m_app_chunks.clear();
            m_app_head = 0;
            compact_input();  // the records read are no longer needed
        }
    }

    std::size_t readable() const noexcept { return m_app_available; }

    Result<std::size_t> write(std::span<const std::uint8_t> data) {
        if (m_fatal) {
            return *m_fatal;
        }
        if (!m_handshake_done) {
            return Error(Status::kTlsInvalidState, "application data cannot be written before the handshake completes");
        }
        if (m_close_sent) {
            return Error(Status::kTlsInvalidState, "the connection was closed for writing (close_notify sent)");
        }
        // Written in pieces that each fit under the current key's record limit, with a KeyUpdate between pieces
        // when one is due (one pass for an empty write, which is one empty record).
        std::size_t offset = 0;
        do {
            NXS_TRY(guard(maybe_update_keys_before_write()));
            const std::size_t piece = writable_under_current_key(data.size() - offset);
            NXS_TRY(guard(m_writer.write(record::ContentType::kApplicationData, data.subspan(offset, piece), m_out)));
            offset += piece;
        } while (offset < data.size());
        return data.size();
    }

    Result<void> close() {
        if (m_fatal) {
            return *m_fatal;
        }
        if (m_close_sent) {
            return {};
        }
        m_close_sent = true;
        return guard(
            m_writer.write_alert(record::Alert{record::AlertLevel::kWarning, AlertDescription::kCloseNotify}, m_out));
    }

    Result<void> update_keys() {
        if (m_fatal) {
            return *m_fatal;
        }
        if (!m_handshake_done || m_close_sent) {
            return Error(Status::kTlsInvalidState, "keys can be updated only on an established, open connection");
        }
        return guard(m_machine->send_key_update(true));
    }

    Result<Secret> export_keying_material(std::string_view label, std::span<const std::uint8_t> context,
                                          std::size_t length) const {
        if (!m_handshake_done) {
            return Error(Status::kTlsInvalidState, "keying material can be exported only after the handshake");
        }
        return m_machine->export_keying_material(label, context, length);
    }

    const std::optional<Session>& session() const noexcept { return m_session; }

    bool is_handshake_done() const noexcept { return m_handshake_done; }
    bool is_peer_closed() const noexcept { return m_peer_closed; }
    bool is_closed() const noexcept { return m_close_sent || m_peer_closed || m_fatal.has_value(); }
    const std::optional<Error>& fatal_error() const noexcept { return m_fatal; }
    std::optional<AlertDescription> received_alert() const noexcept { return m_received_alert; }
    const ConnectionInfo& connection_info() const noexcept { return m_info; }

    // --- HandshakeIo ---

    // Handshake messages wait in m_flight until the flight ends (the entry point returns, the write key changes or
    // a change_cipher_spec goes out), so that a flight fills as few records as its size allows (RFC 8446 §5.1 lets
    // messages share records; RFC 8448's traces send EncryptedExtensions..Finished in one).
    Result<void> send_handshake(Bytes encoded_message) override {
        m_flight.insert(m_flight.end(), encoded_message.begin(), encoded_message.end());
        return {};
    }

    Result<void> send_change_cipher_spec() override {
        NXS_TRY(flush_flight());
        m_writer.write_change_cipher_spec(m_out);
        return {};
    }

    Result<void> install_read_key(const handshake::CipherSuiteInfo& suite, const Secret& traffic_secret) override {
        // RFC 8446 §5.1: "Handshake messages MUST NOT span key changes."
        NXS_TRY(m_framer.check_boundary("a key change"));
        NXS_TRY_ASSIGN(auto protection, make_protection(suite, traffic_secret, crypto::AeadUse::kOpenOnly));
        NXS_TRY(protection.set_record_size_limit(our_record_size_limit()));
        m_read_protection.emplace(std::move(protection));
        m_reader.set_protected(true);
        m_reader.set_version_policy(record::RecordVersionPolicy::kTls12);
        return {};
    }

    Result<void> install_write_key(const handshake::CipherSuiteInfo& suite, const Secret& traffic_secret) override {
        NXS_TRY(flush_flight());  // RFC 8446 §5.1: handshake messages do not span key changes
        NXS_TRY_ASSIGN(auto protection, make_protection(suite, traffic_secret, crypto::AeadUse::kSealOnly));
        protection.set_padding(record::PaddingPolicy::multiple_of(m_config->padding_block));
        protection.set_key_update_limit(m_config->key_update_after_records);
        if (m_peer_record_size_limit) {
            NXS_TRY(protection.set_record_size_limit(*m_peer_record_size_limit));
        }
        m_writer.set_protection(std::move(protection));
        m_writer.set_legacy_version(record::kLegacyRecordVersion);
        return {};
    }

    Result<void> set_peer_record_size_limit(std::size_t limit) override {
        m_peer_record_size_limit = limit;
        if (auto* protection = m_writer.protection()) {
            NXS_TRY(protection->set_record_size_limit(limit));
        }
        return {};
    }

    void skip_undecryptable_records(std::size_t max_bytes) override { m_skip_budget = max_bytes; }

    void handshake_complete() override {
        m_handshake_done = true;
        // The buffers the handshake's flights grew are given back once empty (issue #6: memory per idle
        // connection); application data grows them again to what the application sends and receives.
        if (m_out.empty()) {
            record::ByteBuffer().swap(m_out);
        } else {
            m_release_out_when_drained = true;
        }
        m_release_in_when_drained = true;
        m_skip_budget = 0;
        queue_event(ConnectionEvent::kHandshakeDone);
    }

    void emit(ConnectionEvent event) override { queue_event(event); }

    // See Connection::next_event(): bounded by kMaxQueuedEvents, past which a kind already waiting is not repeated.
    void queue_event(ConnectionEvent event) {
        if (m_events.size() >= Connection::kMaxQueuedEvents &&
            std::find(m_events.begin(), m_events.end(), event) != m_events.end()) {
            return;
        }
        m_events.push_back(event);
    }
    ConnectionInfo& info() override { return m_info; }

    void store_session(Session session) override { m_session = std::move(session); }

    void log_secret(std::string_view label, Bytes client_random, const Secret& secret) override {
        if (!m_config->key_log) {
            return;
        }
        std::string line(label);
        line += ' ';
        line += to_hex(client_random);
        line += ' ';
        line += to_hex(secret.span());
        m_config->key_log(line);
    }

private:
    // Every entry point ends here: sends the flight the call produced, keeps the first fatal error and queues its
    // alert.
    Result<void> guard(Result<void> result) {
        if (result.ok() && !m_fatal) {
            result = flush_flight();
        }
        if (result.ok() || m_fatal) {
            return result;
        }
        fail(result.error());
        return result;
    }

    Result<void> flush_flight() {
        Result<void> written;
        if (!m_flight.empty()) {
            written = m_writer.write(record::ContentType::kHandshake, m_flight, m_out);
            m_flight.clear();
        }
        if (m_handshake_done && m_flight.capacity() != 0) {
            // The handshake's flights are over: an idle connection keeps no buffer for them (tickets and KeyUpdate
            // messages later are small and rare).
            std::vector<std::uint8_t>().swap(m_flight);
        }
        return written;
    }

    void fail(const Error& error) {
        m_fatal = error;
        m_framer.reset();
        m_flight.clear();  // a failed flight is not sent: the alert says what happened
        if (m_alert_sent || error.status() == Status::kTlsAlertReceived) {
            return;
        }
        if (const auto alert = record::alert_for(error)) {
            m_alert_sent = true;
            // A failure to encrypt the alert leaves nothing to send; the error itself is already kept.
            (void)m_writer.write_alert(*alert, m_out);
        }
    }

    // `use`: kOpenOnly for the read key, kSealOnly for the write key.
    Result<record::RecordProtection> make_protection(const handshake::CipherSuiteInfo& suite, const Secret& secret,
                                                     crypto::AeadUse use) {
        NXS_TRY_ASSIGN(auto keys, tls13::derive_traffic_keys(tls13::Hkdf(m_config->provider(), suite.hash), suite.aead,
                                                             secret.span()));
        return record::RecordProtection::create(m_config->provider(), suite.aead, keys.key.span(), keys.iv.span(), use);
    }

    // RFC 8449 §4: the limit we advertise counts the content type byte (and padding) of TLS 1.3 records.
    std::size_t our_record_size_limit() const noexcept {
        return std::min(m_config->record_size_limit, record::kMaxPlaintext) + 1;
    }

    // RFC 8446 §5.5: once the write key has sealed as many records as Config::key_update_after_records (or the
    // AEAD's limit) allows, a KeyUpdate (update_not_requested) goes out before the next application record; the new
    // key starts counting at 0.
    Result<void> maybe_update_keys_before_write() {
        if (auto* protection = m_writer.protection(); protection != nullptr && protection->needs_key_update()) {
            NXS_TRY(m_machine->send_key_update(false));
        }
        return {};
    }

    // How many of `remaining` bytes of application data fit in the records the current write key has left.
    std::size_t writable_under_current_key(std::size_t remaining) noexcept {
        const auto* protection = m_writer.protection();
        if (protection == nullptr) {
            return remaining;  // no key yet: the writer refuses application data itself
        }
        const std::uint64_t records_left = protection->records_until_key_update();
        const std::size_t per_record = protection->max_content();
        if (records_left > remaining / per_record) {
            return remaining;
        }
        return static_cast<std::size_t>(records_left) * per_record;
    }

    // Decrypts whole protected records from the front of `received` straight into m_in, as long as nothing is
    // waiting in m_in before them (a partial record must be completed first, in order). Stops at the first record it
    // cannot take this way: one cut short, one not protected (before the peer's keys, a change_cipher_spec, a clear
    // alert, a header in error); the bytes from there on go through m_in as before. Returns how many bytes it took.
    // Each record is processed before the next is framed, as in process_input(), since one may change the read key
    // (KeyUpdate) or end the connection.
    Result<std::size_t> open_from_caller(std::span<const std::uint8_t> received) {
        std::size_t taken = 0;
        while (m_in_pos == m_in.size() && m_read_protection && taken < received.size()) {
            const auto framed = m_reader.frame_read_only(received.subspan(taken));
            if (!framed.ok() || std::holds_alternative<record::NeedMoreBytes>(*framed)) {
                return taken;  // process_input() frames it again from m_in and reports the same error, or waits
            }
            const auto& found = std::get<record::RecordSpan>(*framed);
            if (found.type != record::ContentType::kApplicationData) {
                return taken;
            }
            taken += found.wire_size();
            // The plaintext goes where the record would have been copied to; m_in_pos moves past it at once, so the
            // bytes left there (a tag's worth, unused) are dropped with the record.
            const std::size_t at = m_in.size();
            m_in.resize(at + found.fragment.size());
            m_in_pos = m_in.size();
            const auto destination = std::span<std::uint8_t>(m_in).subspan(at);
            NXS_TRY(process_opened(m_read_protection->open_into(found.type, found.header, found.fragment, destination),
                                   found.fragment.size()));
        }
        return taken;
    }

    Result<void> process_input() {
        while (m_in_pos < m_in.size() && !m_fatal) {
            const auto input = std::span<std::uint8_t>(m_in).subspan(m_in_pos);
            NXS_TRY_ASSIGN(const auto framed, m_reader.frame(input));
            if (std::holds_alternative<record::NeedMoreBytes>(framed)) {
                return {};
            }
            const auto& record_view = std::get<record::RecordView>(framed);
            m_in_pos += record_view.wire_size();
            NXS_TRY(process_record(record_view));
        }
        return {};
    }

    Result<void> process_record(const record::RecordView& view) {
        using record::ContentType;
        if (view.type == ContentType::kChangeCipherSpec) {
            // RFC 8446 §5: dropped during the handshake, an unexpected_message otherwise.
            return record::check_compat_change_cipher_spec(view, m_machine->change_cipher_spec_allowed());
        }
        if (!m_read_protection) {
            NXS_TRY_ASSIGN(const auto content, record::plaintext_content(view));
            return process_content(view.type, std::span<std::uint8_t>(view.fragment.data(), content.size()));
        }
        if (view.type != ContentType::kApplicationData) {
            // RFC 8446 §5.2: once protected, every record's outer type is application_data (an alert sent in the
            // clear by a peer that failed before reading our keys is the exception worth understanding).
            if (view.type == ContentType::kAlert && !m_handshake_done) {
                NXS_TRY_ASSIGN(const auto content, record::plaintext_content(view));
                return process_content(view.type, std::span<std::uint8_t>(view.fragment.data(), content.size()));
            }
            return Error(Status::kTlsUnexpectedMessage,
                         "a protected record did not have the outer type application_data");
        }
        return process_opened(m_read_protection->open(view), view.fragment.size());
    }

    // A protected record after open() or open_into(): its content is processed, or its error returned.
    Result<void> process_opened(Result<record::OpenedRecord> opened, std::size_t fragment_size) {
        if (!opened.ok()) {
            // RFC 8446 §4.2.10: a server that refused 0-RTT skips the client's early data records.
            if (opened.status() == Status::kTlsAeadDecryptFail && m_skip_budget >= fragment_size) {
                m_skip_budget -= fragment_size;
                m_read_protection->set_sequence(m_read_protection->sequence() - 1);
                return {};
            }
            return std::move(opened).error();
        }
        m_skip_budget = 0;
        return process_content(opened->type, opened->content);
    }

    Result<void> process_content(record::ContentType type, std::span<std::uint8_t> content) {
        using record::ContentType;
        switch (type) {
            case ContentType::kHandshake:
                return process_handshake(content);
            case ContentType::kAlert:
                return process_alert(content);
            case ContentType::kApplicationData:
                return process_application_data(content);
            default:
                return Error(Status::kTlsUnrecognizedMessageType, "a record of an unknown content type arrived");
        }
    }

    Result<void> process_handshake(std::span<const std::uint8_t> content) {
        if (m_peer_closed) {
            return Error(Status::kTlsUnexpectedMessage, "handshake data arrived after close_notify");
        }
        NXS_TRY(m_framer.feed(content));
        for (;;) {
            NXS_TRY_ASSIGN(const auto message, m_framer.next());
            if (!message) {
                return {};
            }
            NXS_TRY(m_machine->on_message(*message));
        }
    }

    Result<void> process_alert(std::span<const std::uint8_t> content) {
        // RFC 8446 §5.1: alerts are not interleaved with a fragmented handshake message.
        NXS_TRY(m_framer.check_boundary("an alert"));
        NXS_TRY_ASSIGN(const auto alert, record::decode_alert(content));
        m_received_alert = alert.description;
        queue_event(ConnectionEvent::kAlertReceived);
        if (alert.description == AlertDescription::kCloseNotify) {
            m_peer_closed = true;
            queue_event(ConnectionEvent::kPeerClosed);
            return {};
        }
        if (alert.description == AlertDescription::kUserCanceled) {
            return {};  // RFC 8446 §6.1: a warning, normally followed by close_notify
        }
        // RFC 8446 §6.2: every error alert is fatal, whatever its level.
        m_alert_sent = true;  // no alert answers a fatal alert
        return Error(Status::kTlsAlertReceived, "the peer sent the alert " + record::describe(alert));
    }

    Result<void> process_application_data(std::span<const std::uint8_t> content) {
        NXS_TRY(m_framer.check_boundary("application data"));
        if (!m_handshake_done) {
            return Error(Status::kTlsUnexpectedMessage, "application data arrived before the handshake completed");
        }
        if (m_peer_closed) {
            return Error(Status::kTlsUnexpectedMessage, "application data arrived after close_notify");
        }
        if (!content.empty()) {
            // Decrypted in place in m_in: remember where, read() copies it out (no copy here).
            m_app_chunks.push_back({static_cast<std::size_t>(content.data() - m_in.data()), content.size()});
            m_app_available += content.size();
        }
        return {};
    }

    // Drops the records already processed from the front of m_in. Unread application data lives there too
    // (m_app_chunks), so only the bytes before it go; and they go only when there are at least as many of them as
    // bytes that would have to move, so unread data is not copied record after record while it waits for read().
    void compact_input() {
        std::size_t drop = m_in_pos;
        if (m_app_head < m_app_chunks.size()) {
            drop = std::min(drop, m_app_chunks[m_app_head].offset);
            if (drop < m_in.size() - drop) {
                return;
            }
        }
        if (drop == 0) {
            return;
        }
        m_in.erase(m_in.begin(), m_in.begin() + static_cast<std::ptrdiff_t>(drop));
        m_in_pos -= drop;
        if (m_in.empty() && m_release_in_when_drained) {
            record::ByteBuffer().swap(m_in);  // see handshake_complete()
            m_release_in_when_drained = false;
        }
        m_app_chunks.erase(m_app_chunks.begin(), m_app_chunks.begin() + static_cast<std::ptrdiff_t>(m_app_head));
        m_app_head = 0;
        for (AppChunk& chunk : m_app_chunks) {
            chunk.offset -= drop;
        }
    }

    std::shared_ptr<const Config> m_config;
    Role m_role = Role::kClient;
    std::unique_ptr<tls13::HandshakeMachine> m_machine;

    record::RecordReader m_reader;
    record::RecordWriter m_writer;
    record::HandshakeFramer m_framer;
    std::optional<record::RecordProtection> m_read_protection;
    std::optional<std::size_t> m_peer_record_size_limit;
    std::size_t m_skip_budget = 0;

    record::ByteBuffer m_in;
    std::size_t m_in_pos = 0;
    record::ByteBuffer m_out;
    std::size_t m_out_pos = 0;
    bool m_release_out_when_drained = false;
    bool m_release_in_when_drained = false;
    std::vector<std::uint8_t> m_flight;  // handshake messages not yet written to records
    // Application data not read yet: where it lies in m_in (decrypted in place), oldest first from m_app_head.
    struct AppChunk {
        std::size_t offset;
        std::size_t length;
    };
    std::vector<AppChunk> m_app_chunks;
    std::size_t m_app_head = 0;
    std::size_t m_app_available = 0;
    std::deque<ConnectionEvent> m_events;

    ConnectionInfo m_info;
    std::optional<Session> m_session;
    bool m_handshake_done = false;
    bool m_peer_closed = false;
    bool m_close_sent = false;
    bool m_alert_sent = false;
    std::optional<Error> m_fatal;
    std::optional<AlertDescription> m_received_alert;
};

Connection::Connection(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Connection::~Connection() = default;

Result<std::unique_ptr<Connection>> Connection::client(std::shared_ptr<const Config> config, std::string server_name) {
    return client(std::move(config), std::move(server_name), std::nullopt);
}

Result<std::unique_ptr<Connection>> Connection::client(std::shared_ptr<const Config> config, std::string server_name,
                                                       std::optional<Session> session) {
    if (!config || config->role() != Role::kClient) {
        return Error(Status::kTlsSessionUninitialized, "Connection::client needs a Config made for Role::kClient");
    }
    auto impl = std::make_unique<Impl>(std::move(config));
    NXS_TRY(impl->init_client(std::move(server_name), std::move(session)));
    return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

Result<std::unique_ptr<Connection>> Connection::server(std::shared_ptr<const Config> config) {
    if (!config || config->role() != Role::kServer) {
        return Error(Status::kTlsSessionUninitialized, "Connection::server needs a Config made for Role::kServer");
    }
    auto impl = std::make_unique<Impl>(std::move(config));
    NXS_TRY(impl->init_server());
    return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

Result<void> Connection::feed(std::span<const std::uint8_t> received) {
    return m_impl->feed(received);
}
std::span<const std::uint8_t> Connection::pending_output() const noexcept {
    return m_impl->pending_output();
}
void Connection::consume_output(std::size_t count) noexcept {
    m_impl->consume_output(count);
}
std::optional<ConnectionEvent> Connection::next_event() {
    return m_impl->next_event();
}
Result<std::size_t> Connection::read(std::span<std::uint8_t> out) {
    return m_impl->read(out);
}
std::span<const std::uint8_t> Connection::received_data() const noexcept {
    return m_impl->received_data();
}

void Connection::consume_received(std::size_t count) noexcept {
    m_impl->consume_received(count);
}

std::size_t Connection::readable() const noexcept {
    return m_impl->readable();
}
Result<std::size_t> Connection::write(std::span<const std::uint8_t> data) {
    return m_impl->write(data);
}
Result<void> Connection::close() {
    return m_impl->close();
}
Result<Secret> Connection::export_keying_material(std::string_view label, std::span<const std::uint8_t> context,
                                                  std::size_t length) const {
    return m_impl->export_keying_material(label, context, length);
}
std::optional<Session> Connection::session() const {
    return m_impl->session();
}
Result<void> Connection::update_keys() {
    return m_impl->update_keys();
}
bool Connection::is_handshake_done() const noexcept {
    return m_impl->is_handshake_done();
}
bool Connection::is_peer_closed() const noexcept {
    return m_impl->is_peer_closed();
}
bool Connection::is_closed() const noexcept {
    return m_impl->is_closed();
}
const std::optional<Error>& Connection::fatal_error() const noexcept {
    return m_impl->fatal_error();
}
std::optional<AlertDescription> Connection::received_alert() const noexcept {
    return m_impl->received_alert();
}
const ConnectionInfo& Connection::info() const noexcept {
    return m_impl->connection_info();
}

}  // namespace nxs
