// Fuzz target for the TLS 1.3 handshake message and extension codecs (src/handshake/msgs/, src/handshake/ext/).
//
// The input goes to every decoder as a message body or extension_data, and, when it frames as one handshake message,
// its body goes to every decoder again. Whatever decodes must re-encode to exactly the input (decode(encode(x)) == x
// follows), with one allowed difference: a ClientHello / ServerHello without an extension block re-encodes with an
// empty one. The extension lists that decode also run through the registry checks for every message context.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "handshake/ext/alpn.h"
#include "handshake/ext/certificate_authorities.h"
#include "handshake/ext/groups_and_signatures.h"
#include "handshake/ext/key_share.h"
#include "handshake/ext/psk.h"
#include "handshake/ext/registry.h"
#include "handshake/ext/server_name.h"
#include "handshake/ext/simple_extensions.h"
#include "handshake/ext/supported_versions.h"
#include "handshake/msgs/certificate.h"
#include "handshake/msgs/certificate_request.h"
#include "handshake/msgs/certificate_verify.h"
#include "handshake/msgs/client_hello.h"
#include "handshake/msgs/encrypted_extensions.h"
#include "handshake/msgs/end_of_early_data.h"
#include "handshake/msgs/finished.h"
#include "handshake/msgs/key_update.h"
#include "handshake/msgs/new_session_ticket.h"
#include "handshake/msgs/server_hello.h"

namespace {

using namespace nxs;  // NOLINT(google-build-using-namespace): a fuzz target, not a header
using handshake::ExtensionList;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

template <typename T>
std::vector<std::uint8_t> encode(const T& value) {
    std::vector<std::uint8_t> out;
    Writer writer(out);
    check(value.encode(writer).ok());
    return out;
}

bool same(const std::vector<std::uint8_t>& a, Bytes b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

void check_registry(const ExtensionList& list) {
    using tls13::ExtensionContext;
    const auto offered = list.types();
    for (const auto context :
         {ExtensionContext::kClientHello, ExtensionContext::kServerHello, ExtensionContext::kHelloRetryRequest,
          ExtensionContext::kEncryptedExtensions, ExtensionContext::kCertificate, ExtensionContext::kCertificateRequest,
          ExtensionContext::kNewSessionTicket}) {
        const auto allowed = tls13::check_allowed(list, context);
        const auto answered = tls13::check_response(list, context, offered);
        // Every type was "offered", so a response check fails only where the allowed check does.
        check(allowed.ok() == answered.ok());
    }
}

// Decodes `input` as T; on success, re-encodes and compares.
template <typename T, typename Decode>
const T* round_trip(Bytes input, Decode decode, std::vector<T>& keep) {
    auto value = decode(input);
    if (!value.ok()) {
        check(value.status() != Status::kTlsSuccess);
        return nullptr;
    }
    check(same(encode(*value), input));
    keep.push_back(std::move(*value));
    return &keep.back();
}

template <typename T>
void extension(Bytes input) {
    std::vector<T> keep;
    round_trip(input, T::decode, keep);
}

template <typename Hello>
void hello(Bytes input) {
    auto value = Hello::decode(input);
    if (!value.ok()) {
        return;
    }
    const auto out = encode(*value);
    // A hello without an extension block gains an empty one.
    const bool added_block = value->extensions.empty() && out.size() == input.size() + 2 &&
                             std::equal(input.begin(), input.end(), out.begin()) && out[out.size() - 2] == 0 &&
                             out.back() == 0;
    check(same(out, input) || added_block);
    check_registry(value->extensions);
}

void client_hello_binders(Bytes body) {
    const auto hello = handshake::ClientHello::decode(body);
    if (!hello.ok() || !hello->psk_binders_offset) {
        return;
    }
    auto message = handshake::encode_handshake(handshake::HandshakeType::kClientHello, body);
    check(message.ok());
    const auto truncated = handshake::psk_binders_truncated_length(*message);
    check(truncated.ok() && *truncated == handshake::kHandshakeHeaderLength + *hello->psk_binders_offset);
    const auto psk = handshake::require_extension<tls13::PreSharedKeyClientHello>(hello->extensions);
    check(psk.ok());
    const std::vector<std::uint8_t> copy = *message;
    std::vector<std::vector<std::uint8_t>> binder_copies;
    std::vector<Bytes> binders;
    binders.reserve(psk->binders.size());
    for (const auto binder : psk->binders) {
        binder_copies.emplace_back(binder.begin(), binder.end());
    }
    for (const auto& binder : binder_copies) {
        binders.emplace_back(binder);
    }
    check(handshake::patch_psk_binders(*message, binders).ok());
    check(*message == copy);
}

void all_decoders(Bytes input) {
    hello<handshake::ClientHello>(input);
    client_hello_binders(input);
    hello<handshake::ServerHello>(input);

    std::vector<tls13::EncryptedExtensions> ee;
    if (const auto* value = round_trip(input, tls13::EncryptedExtensions::decode, ee)) {
        check_registry(value->extensions);
    }
    std::vector<tls13::CertificateRequest> cr;
    if (const auto* value = round_trip(input, tls13::CertificateRequest::decode, cr)) {
        check(value->extensions.contains(handshake::ExtensionType::kSignatureAlgorithms));
    }
    std::vector<tls13::Certificate> ct;
    if (const auto* value = round_trip(input, tls13::Certificate::decode, ct)) {
        for (const auto& entry : value->certificate_list) {
            check(!entry.cert_data.empty());
            check_registry(entry.extensions);
        }
    }
    std::vector<handshake::CertificateVerify> cv;
    round_trip(input, handshake::CertificateVerify::decode, cv);
    std::vector<handshake::Finished> fin;
    round_trip(
        input, [](Bytes body) { return handshake::Finished::decode(body, 32); }, fin);
    round_trip(
        input, [](Bytes body) { return handshake::Finished::decode(body, 48); }, fin);
    std::vector<tls13::NewSessionTicket> nst;
    if (const auto* value = round_trip(input, tls13::NewSessionTicket::decode, nst)) {
        check(value->ticket_lifetime <= tls13::kMaxTicketLifetime && !value->ticket.empty());
    }
    std::vector<tls13::KeyUpdate> ku;
    round_trip(input, tls13::KeyUpdate::decode, ku);
    std::vector<tls13::EndOfEarlyData> eoed;
    round_trip(input, tls13::EndOfEarlyData::decode, eoed);

    extension<handshake::ServerNameClientHello>(input);
    extension<handshake::ServerNameAck>(input);
    extension<handshake::SupportedGroups>(input);
    extension<handshake::SignatureAlgorithms>(input);
    extension<handshake::SignatureAlgorithmsCert>(input);
    extension<handshake::ApplicationProtocols>(input);
    extension<handshake::SelectedApplicationProtocol>(input);
    extension<handshake::RecordSizeLimit>(input);
    extension<handshake::RenegotiationInfo>(input);
    extension<handshake::StatusRequest>(input);
    extension<tls13::KeyShareClientHello>(input);
    extension<tls13::KeyShareServerHello>(input);
    extension<tls13::KeyShareHelloRetryRequest>(input);
    extension<tls13::SupportedVersionsClientHello>(input);
    extension<tls13::SupportedVersionsServerHello>(input);
    extension<tls13::PskKeyExchangeModes>(input);
    extension<tls13::PreSharedKeyClientHello>(input);
    extension<tls13::PreSharedKeyServerHello>(input);
    extension<tls13::EarlyDataIndication>(input);
    extension<tls13::EarlyDataNewSessionTicket>(input);
    extension<tls13::Cookie>(input);
    extension<tls13::PostHandshakeAuth>(input);
    extension<tls13::CertificateAuthorities>(input);

    Reader reader(input);
    if (const auto list = ExtensionList::decode(reader); list.ok()) {
        check_registry(*list);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Bytes input(data, size);
    all_decoders(input);
    if (const auto message = handshake::decode_handshake(input); message.ok()) {
        check(message->encoded.size() == size);
        all_decoders(message->body);
    }
    return 0;
}
