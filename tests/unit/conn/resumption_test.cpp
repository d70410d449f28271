// ALPN (RFC 7301), exporters (RFC 8446 §7.5) and resumption with session tickets (RFC 8446 §2.2, §4.2.11, §4.6.1)
// between two nxs engines in memory, including the failures each side must report.
#include <gtest/gtest.h>

#include <functional>

#include "common/writer.h"
#include "conn_test_support.h"
#include "handshake/ext/extension_list.h"
#include "handshake/ext/psk.h"
#include "handshake/msgs/client_hello.h"
#include "handshake/msgs/handshake_type.h"

namespace nxs::testing {
namespace {

using Bytes = std::span<const std::uint8_t>;

constexpr std::uint8_t kContext[] = {1, 2, 3};

Pair established_pair(std::shared_ptr<const Config> client_cfg, std::shared_ptr<const Config> server_cfg,
                      const std::string& name = "test.nxs.example") {
    auto pair = Pair::make(std::move(client_cfg), std::move(server_cfg), name);
    pair.run();
    EXPECT_TRUE(pair.client_status.ok()) << pair.client_status.error().to_string();
    EXPECT_TRUE(pair.server_status.ok()) << pair.server_status.error().to_string();
    EXPECT_TRUE(pair.established());
    return pair;
}

// --- ALPN ---

TEST(Alpn, ServerPicksItsFirstPreferenceThatTheClientOffers) {
    auto client_cfg = client_config();
    client_cfg->alpn_protocols = {"http/1.1", "h2"};
    auto server_cfg = server_config();
    server_cfg->alpn_protocols = {"h2", "http/1.1"};
    auto pair = established_pair(client_cfg, server_cfg);
    EXPECT_EQ(pair.client->info().alpn, "h2");
    EXPECT_EQ(pair.server->info().alpn, "h2");
}

TEST(Alpn, NoneWhenEitherSideHasNoList) {
    auto client_cfg = client_config();
    client_cfg->alpn_protocols = {"h2"};
    auto pair = established_pair(client_cfg, server_config());
    EXPECT_EQ(pair.client->info().alpn, "");
    auto server_cfg = server_config();
    server_cfg->alpn_protocols = {"h2"};
    auto other = established_pair(client_config(), server_cfg);
    EXPECT_EQ(other.server->info().alpn, "");
}

TEST(Alpn, NoOverlapIsNoApplicationProtocol) {
    auto client_cfg = client_config();
    client_cfg->alpn_protocols = {"imap"};
    auto server_cfg = server_config();
    server_cfg->alpn_protocols = {"h2", "http/1.1"};
    auto pair = Pair::make(client_cfg, server_cfg);
    pair.run();
    ASSERT_FALSE(pair.server_status.ok());
    EXPECT_EQ(pair.server_status.status(), Status::kTlsUnsupportedFeature);
    EXPECT_EQ(pair.client->received_alert(), AlertDescription::kNoApplicationProtocol);
    EXPECT_FALSE(pair.established());
}

// --- exporters ---

TEST(Exporter, BothSidesAgreeAndLabelsAndContextsDiffer) {
    auto pair = established_pair(client_config(), server_config());
    const auto a = pair.client->export_keying_material("EXPORTER-test", kContext, 32);
    const auto b = pair.server->export_keying_material("EXPORTER-test", kContext, 32);
    const auto c = pair.client->export_keying_material("EXPORTER-other", kContext, 32);
    const auto d = pair.client->export_keying_material("EXPORTER-test", {}, 32);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
    EXPECT_EQ(a->size(), 32U);
    EXPECT_TRUE(*a == *b);
    EXPECT_FALSE(*a == *c);
    EXPECT_FALSE(*a == *d);
}

TEST(Exporter, BeforeTheHandshakeIsInvalidState) {
    auto pair = Pair::make(client_config(), server_config());
    const auto early = pair.client->export_keying_material("EXPORTER-test", kContext, 32);
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.status(), Status::kTlsInvalidState);
    EXPECT_EQ(pair.server->export_keying_material("EXPORTER-test", {}, 16).status(), Status::kTlsInvalidState);
}

// --- resumption ---

struct Clocks {
    std::shared_ptr<Config> client;
    std::shared_ptr<Config> server;
};

// Fixed clocks at offsets from one base, read once: the certificates are checked at these times too, so the base is
// today (they were made recently), and the offsets are what each test is about.
std::int64_t base_time() {
    static const std::int64_t base = system_clock()->now();
    return base;
}

Clocks configs_at(std::int64_t client_offset, std::int64_t server_offset) {
    Clocks c{client_config(), server_config()};
    c.client->clock = std::make_shared<FixedClock>(base_time() + client_offset);
    c.server->clock = std::make_shared<FixedClock>(base_time() + server_offset);
    return c;
}

Session first_session(std::shared_ptr<const Config> client_cfg, std::shared_ptr<const Config> server_cfg) {
    auto pair = established_pair(std::move(client_cfg), std::move(server_cfg));
    int tickets = 0;
    while (const auto event = pair.client->next_event()) {
        tickets += *event == ConnectionEvent::kSessionTicket ? 1 : 0;
    }
    EXPECT_EQ(tickets, 2);
    const auto session = pair.client->session();
    EXPECT_TRUE(session.has_value());
    return session.value_or(Session{});
}

Pair resume(std::shared_ptr<const Config> client_cfg, std::shared_ptr<const Config> server_cfg, Session session,
            const std::string& name = "test.nxs.example") {
    auto client = Connection::client(std::move(client_cfg), name, std::move(session));
    EXPECT_TRUE(client.ok());
    auto server = Connection::server(std::move(server_cfg));
    Pair pair;
    pair.client = std::move(client).value();
    pair.server = std::move(server).value();
    pair.run();
    return pair;
}

TEST(Resumption, ResumesWithoutCertificates) {
    auto cfg = configs_at(0, 0);
    cfg.client->alpn_protocols = {"h2"};
    cfg.server->alpn_protocols = {"h2"};
    const auto session = first_session(cfg.client, cfg.server);
    EXPECT_EQ(session.server_name, "test.nxs.example");
    EXPECT_EQ(session.alpn, "h2");
    auto pair = resume(cfg.client, cfg.server, session);
    ASSERT_TRUE(pair.established()) << pair.client_status.error().to_string();
    EXPECT_TRUE(pair.client->info().resumed);
    EXPECT_TRUE(pair.server->info().resumed);
    EXPECT_TRUE(pair.client->info().peer_chain.empty());
    EXPECT_EQ(pair.client->info().alpn, "h2");
    ASSERT_TRUE(pair.client->write(bytes_of("again")).ok());
    pair.run();
    EXPECT_EQ(read_all(*pair.server), "again");
    // A resumed connection issues new tickets too.
    EXPECT_TRUE(pair.client->session().has_value());
    const auto a = pair.client->export_keying_material("EXPORTER-x", {}, 16);
    const auto b = pair.server->export_keying_material("EXPORTER-x", {}, 16);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(*a == *b);
}

TEST(Resumption, AcrossSuitesWithTheSameHash) {
    auto cfg = configs_at(0, 0);
    cfg.client->cipher_suites = {CipherSuiteId::kAes128GcmSha256};
    const auto session = first_session(cfg.client, cfg.server);
    auto second = client_config();
    second->clock = cfg.client->clock;
    second->cipher_suites = {CipherSuiteId::kChaCha20Poly1305Sha256};
    auto pair = resume(second, cfg.server, session);
    ASSERT_TRUE(pair.established());
    EXPECT_TRUE(pair.server->info().resumed);
    EXPECT_EQ(pair.client->info().cipher_suite_name, "TLS_CHACHA20_POLY1305_SHA256");
}

TEST(Resumption, AfterAHelloRetryRequest) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    auto retry_server = server_config();
    retry_server->clock = cfg.server->clock;
    retry_server->ticket_keys = cfg.server->ticket_keys;
    retry_server->groups = {crypto::NamedGroup::kSecp384r1};  // the client's first share is X25519
    auto pair = resume(cfg.client, retry_server, session);
    ASSERT_TRUE(pair.established()) << pair.server_status.error().to_string();
    EXPECT_TRUE(pair.client->info().hello_retry);
    EXPECT_TRUE(pair.client->info().resumed);
    EXPECT_TRUE(pair.server->info().resumed);
}

TEST(Resumption, SharedTicketKeysResumeAcrossConfigs) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    auto other = server_config();
    other->clock = cfg.server->clock;
    auto separate = resume(cfg.client, other, session);
    ASSERT_TRUE(separate.established());
    EXPECT_FALSE(separate.server->info().resumed);
    other->ticket_keys = cfg.server->ticket_keys;
    auto shared = resume(cfg.client, other, session);
    EXPECT_TRUE(shared.server->info().resumed);
}

TEST(Resumption, AnotherHashIsAFullHandshake) {
    auto cfg = configs_at(0, 0);
    cfg.client->cipher_suites = {CipherSuiteId::kAes256GcmSha384};
    const auto session = first_session(cfg.client, cfg.server);
    auto second = client_config();
    second->clock = cfg.client->clock;
    second->cipher_suites = {CipherSuiteId::kAes128GcmSha256};
    auto pair = resume(second, cfg.server, session);
    ASSERT_TRUE(pair.established());
    EXPECT_FALSE(pair.client->info().resumed);
    EXPECT_FALSE(pair.server->info().resumed);
}

TEST(Resumption, StaleTicketIsAFullHandshake) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    // The client still thinks the ticket is fresh; the server's clock says it has expired.
    auto later = configs_at(0, 7201);
    auto pair = resume(cfg.client, later.server, session);
    ASSERT_TRUE(pair.established());
    EXPECT_FALSE(pair.server->info().resumed);
    // Ticket keys are per Config: the later server shares the first one's keys for this to be about time alone.
    later.server->ticket_keys = cfg.server->ticket_keys;
    auto shared_keys = resume(cfg.client, later.server, session);
    ASSERT_TRUE(shared_keys.established());
    EXPECT_FALSE(shared_keys.server->info().resumed);
    // An expired session is not even offered by the client.
    auto client_later = configs_at(7201, 0);
    EXPECT_FALSE(session.usable_at(base_time() + 7201));
    EXPECT_TRUE(session.usable_at(base_time() + 7200));
    auto not_offered = resume(client_later.client, cfg.server, session);
    ASSERT_TRUE(not_offered.established());
    EXPECT_FALSE(not_offered.client->info().resumed);
}

TEST(Resumption, ClientAgeThatDisagreesIsAFullHandshake) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    auto client_later = configs_at(600, 0);
    auto pair = resume(client_later.client, cfg.server, session);
    ASSERT_TRUE(pair.established());
    EXPECT_FALSE(pair.server->info().resumed);
}

TEST(Resumption, TamperedTicketIsAFullHandshake) {
    auto cfg = configs_at(0, 0);
    auto session = first_session(cfg.client, cfg.server);
    session.ticket[session.ticket.size() / 2] ^= 0x01;
    auto pair = resume(cfg.client, cfg.server, session);
    ASSERT_TRUE(pair.established());
    EXPECT_FALSE(pair.client->info().resumed);
    EXPECT_FALSE(pair.server->info().resumed);
}

TEST(Resumption, RotatedKeysAcceptThePreviousKeyOnly) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    ASSERT_TRUE(cfg.server->ticket_keys->rotate(cfg.server->provider()).ok());
    auto once = resume(cfg.client, cfg.server, session);
    EXPECT_TRUE(once.server->info().resumed);
    ASSERT_TRUE(cfg.server->ticket_keys->rotate(cfg.server->provider()).ok());
    auto twice = resume(cfg.client, cfg.server, session);
    ASSERT_TRUE(twice.established());
    EXPECT_FALSE(twice.server->info().resumed);
}

TEST(Resumption, WrongSniIsAFullHandshake) {
    auto cfg = configs_at(0, 0);
    auto session = first_session(cfg.client, cfg.server);
    auto not_offered = resume(cfg.client, cfg.server, session, "localhost");
    ASSERT_TRUE(not_offered.established());
    EXPECT_FALSE(not_offered.client->info().resumed);
    session.server_name = "localhost";  // the client is made to offer it: the server must refuse
    auto pair = resume(cfg.client, cfg.server, session, "localhost");
    ASSERT_TRUE(pair.established());
    EXPECT_FALSE(pair.server->info().resumed);
    EXPECT_TRUE(pair.client->info().peer_verified);
}

TEST(Resumption, WrongBinderIsFatal) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    auto client = Connection::client(cfg.client, "test.nxs.example", session).value();
    auto server = Connection::server(cfg.server).value();
    // The ClientHello goes in the clear, pre_shared_key last: its last byte is the binder's.
    std::vector<std::uint8_t> hello(client->pending_output().begin(), client->pending_output().end());
    hello.back() ^= 0x80;
    const auto fed = server->feed(hello);
    ASSERT_FALSE(fed.ok());
    EXPECT_EQ(fed.status(), Status::kTlsPskBinderMismatch);
    const auto alert = server->pending_output();
    ASSERT_GE(alert.size(), 7U);
    EXPECT_EQ(alert[6], static_cast<std::uint8_t>(AlertDescription::kDecryptError));
}

// The ClientHello of a resumption, re-encoded after `change` edits its extensions (binders are not recomputed).
std::vector<std::uint8_t> edited_client_hello(std::span<const std::uint8_t> record,
                                              const std::function<void(handshake::ExtensionList&)>& change) {
    const auto message = handshake::decode_handshake(record.subspan(5)).value();
    auto hello = handshake::ClientHello::decode(message.body).value();
    change(hello.extensions);
    const auto body = handshake::encode_message(hello).value();
    std::vector<std::uint8_t> out{22, 3, 3, static_cast<std::uint8_t>(body.size() >> 8U),
                                  static_cast<std::uint8_t>(body.size())};
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

Result<void> feed_edited_hello(const std::function<void(handshake::ExtensionList&)>& change) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    auto client = Connection::client(cfg.client, "test.nxs.example", session).value();
    auto server = Connection::server(cfg.server).value();
    return server->feed(edited_client_hello(client->pending_output(), change));
}

TEST(Resumption, PreSharedKeyNotLastIsBadPskExtension) {
    const auto fed = feed_edited_hello([](handshake::ExtensionList& list) {
        handshake::ExtensionList reordered;
        const auto* psk = list.find(handshake::ExtensionType::kPreSharedKey);
        reordered.add(psk->type, psk->data);
        for (const auto& e : list.entries()) {
            if (e.type != handshake::ExtensionType::kPreSharedKey) {
                reordered.add(e.type, e.data);
            }
        }
        list = reordered;
    });
    EXPECT_EQ(fed.status(), Status::kTlsBadClienthelloPskExtension);
}

TEST(Resumption, MoreBindersThanIdentitiesIsBadPskExtension) {
    std::vector<std::uint8_t> data;
    const auto fed = feed_edited_hello([&data](handshake::ExtensionList& list) {
        auto psk = handshake::find_extension<tls13::PreSharedKeyClientHello>(list).value().value();
        psk.binders.push_back(psk.binders.front());
        Writer writer(data);
        ASSERT_TRUE(psk.encode(writer).ok());
        handshake::ExtensionList rebuilt;
        for (const auto& e : list.entries()) {
            rebuilt.add(e.type, e.type == handshake::ExtensionType::kPreSharedKey ? Bytes(data) : e.data);
        }
        list = rebuilt;
    });
    EXPECT_EQ(fed.status(), Status::kTlsBadClienthelloPskExtension);
}

TEST(Resumption, PskExtensionWithBrokenLengthsIsADecodeError) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    auto client = Connection::client(cfg.client, "test.nxs.example", session).value();
    auto server = Connection::server(cfg.server).value();
    std::vector<std::uint8_t> hello(client->pending_output().begin(), client->pending_output().end());
    // The last 33 bytes are the one binder: its length byte now claims one byte less than the list holds. The
    // ClientHello codec reads the binders' lengths (handshake/ext/psk.h): 0x10A, decode_error.
    hello[hello.size() - 33] = 31;
    const auto fed = server->feed(hello);
    ASSERT_FALSE(fed.ok());
    EXPECT_EQ(fed.status(), Status::kTlsIncorrectMessageLength);
}

TEST(Resumption, PskWithoutKeyExchangeModesIsMissingExtension) {
    const auto fed = feed_edited_hello([](handshake::ExtensionList& list) {
        handshake::ExtensionList rebuilt;
        for (const auto& e : list.entries()) {
            if (e.type != handshake::ExtensionType::kPskKeyExchangeModes) {
                rebuilt.add(e.type, e.data);
            }
        }
        list = rebuilt;
    });
    EXPECT_EQ(fed.status(), Status::kTlsMissingExtension);
}

TEST(Resumption, SelectedIdentityOutOfRangeIsIllegalParameter) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    auto client = Connection::client(cfg.client, "test.nxs.example", session).value();
    auto server = Connection::server(cfg.server).value();
    ASSERT_TRUE(server->feed(client->pending_output()).ok());
    client->consume_output(client->pending_output().size());
    std::vector<std::uint8_t> flight(server->pending_output().begin(), server->pending_output().end());
    // The ServerHello record comes first; its last extension is pre_shared_key, ending with selected_identity.
    const std::size_t record_end = 5 + ((std::size_t{flight[3]} << 8U) | flight[4]);
    flight[record_end - 1] = 5;
    const auto fed = client->feed(flight);
    ASSERT_FALSE(fed.ok());
    EXPECT_EQ(fed.status(), Status::kTlsBadClienthelloPskExtension);
}

TEST(Resumption, PskKeModeResumesWithoutKeyExchange) {
    auto cfg = configs_at(0, 0);
    cfg.client->psk_modes = {PskMode::kPskKe};
    cfg.server->psk_modes = {PskMode::kPskKe};
    const auto session = first_session(cfg.client, cfg.server);
    auto pair = resume(cfg.client, cfg.server, session);
    ASSERT_TRUE(pair.established()) << pair.client_status.error().to_string();
    EXPECT_TRUE(pair.client->info().resumed);
    EXPECT_EQ(pair.client->info().group_name, "-");
    EXPECT_EQ(pair.server->info().group_name, "-");
}

TEST(Resumption, PskKeOfferedToADheOnlyServerIsAFullHandshake) {
    auto cfg = configs_at(0, 0);
    cfg.client->psk_modes = {PskMode::kPskKe};
    const auto session = first_session(cfg.client, cfg.server);
    auto pair = resume(cfg.client, cfg.server, session);
    ASSERT_TRUE(pair.established());
    EXPECT_FALSE(pair.server->info().resumed);
}

TEST(Resumption, NoTicketsWhenNumTicketsIsZero) {
    auto cfg = configs_at(0, 0);
    cfg.server->num_tickets = 0;
    auto pair = established_pair(cfg.client, cfg.server);
    EXPECT_FALSE(pair.client->session().has_value());
}

// --- Session serialization ---

TEST(SessionBytes, RoundTrips) {
    auto cfg = configs_at(0, 0);
    const auto session = first_session(cfg.client, cfg.server);
    const auto bytes = session.to_bytes();
    const auto back = Session::from_bytes(bytes);
    ASSERT_TRUE(back.ok()) << back.error().to_string();
    EXPECT_EQ(back->ticket, session.ticket);
    EXPECT_EQ(back->psk, session.psk);
    EXPECT_EQ(back->cipher_suite, session.cipher_suite);
    EXPECT_EQ(back->server_name, session.server_name);
    EXPECT_EQ(back->lifetime, session.lifetime);
    EXPECT_EQ(back->age_add, session.age_add);
    EXPECT_EQ(back->received_time, session.received_time);
    auto pair = resume(cfg.client, cfg.server, *back);
    EXPECT_TRUE(pair.server->info().resumed);
}

TEST(SessionBytes, RejectsDamagedInput) {
    auto cfg = configs_at(0, 0);
    const auto good = first_session(cfg.client, cfg.server).to_bytes();
    const auto rejects = [](std::vector<std::uint8_t> bytes) {
        const auto parsed = Session::from_bytes(bytes);
        return !parsed.ok() && parsed.status() == Status::kTlsInvalidSessionTicket;
    };
    EXPECT_TRUE(rejects({}));
    auto wrong_version = good;
    wrong_version[0] = 2;
    EXPECT_TRUE(rejects(wrong_version));
    for (std::size_t cut = 1; cut < good.size(); cut += 7) {
        EXPECT_TRUE(rejects(std::vector<std::uint8_t>(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut))));
    }
    auto trailing = good;
    trailing.push_back(0);
    EXPECT_TRUE(rejects(trailing));

    Session session = Session::from_bytes(good).value();
    auto bad_suite = session;
    bad_suite.cipher_suite = 0xC02F;
    EXPECT_TRUE(rejects(bad_suite.to_bytes()));
    auto short_psk = session;
    short_psk.psk.resize(16);
    EXPECT_TRUE(rejects(short_psk.to_bytes()));
    auto no_ticket = session;
    no_ticket.ticket.clear();
    EXPECT_TRUE(rejects(no_ticket.to_bytes()));
    auto too_long = session;
    too_long.lifetime = 604801;
    EXPECT_TRUE(rejects(too_long.to_bytes()));
}

TEST(TicketKeysTest, RejectsShortUnknownAndTamperedTickets) {
    TicketKeys keys;
    const auto& provider = *crypto::default_provider();
    const std::vector<std::uint8_t> plain = {1, 2, 3, 4};
    auto sealed = keys.seal(provider, plain);
    ASSERT_TRUE(sealed.ok());
    EXPECT_EQ(keys.open(provider, *sealed).value(), plain);
    EXPECT_EQ(keys.open(provider, std::span(*sealed).first(10)).status(), Status::kTlsInvalidSessionTicket);
    auto tampered = *sealed;
    tampered.back() ^= 1;
    EXPECT_EQ(keys.open(provider, tampered).status(), Status::kTlsInvalidSessionTicket);
    auto unknown = *sealed;
    unknown[0] ^= 1;
    EXPECT_EQ(keys.open(provider, unknown).status(), Status::kTlsInvalidSessionTicket);
    const std::array<std::uint8_t, 10> short_key{};
    EXPECT_FALSE(keys.install({1, 2, 3, 4}, short_key).ok());
}

}  // namespace
}  // namespace nxs::testing
