#include "handshake/ext/key_share.h"

namespace nxs::tls13 {

namespace {

Result<KeyShareEntry> decode_entry(Reader& reader) {
    NXS_TRY_ASSIGN(const auto group, handshake::read_enum16<crypto::NamedGroup>(reader));
    NXS_TRY_ASSIGN(const Bytes key_exchange, reader.vec16_bytes());
    if (key_exchange.empty()) {
        return handshake::codec_error(Status::kTlsIncorrectMessageLength, "key_share",
                                      "a key share has an empty key_exchange");
    }
    return KeyShareEntry{group, key_exchange};
}

Result<void> encode_entry(const KeyShareEntry& entry, Writer& writer) {
    writer.u16(static_cast<std::uint16_t>(entry.group));
    return writer.vec16(entry.key_exchange);
}

}  // namespace

const KeyShareEntry* KeyShareClientHello::find(crypto::NamedGroup group) const noexcept {
    for (const auto& share : client_shares) {
        if (share.group == group) {
            return &share;
        }
    }
    return nullptr;
}

Result<KeyShareClientHello> KeyShareClientHello::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(Reader list, reader.vec16());
    NXS_TRY(reader.expect_end());
    KeyShareClientHello out;
    while (!list.empty()) {
        NXS_TRY_ASSIGN(const auto entry, decode_entry(list));
        // RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group."
        if (out.find(entry.group) != nullptr) {
            return handshake::codec_error(Status::kTlsBadClienthelloKeyshare, "key_share",
                                          "the ClientHello offers two key shares for the same group");
        }
        out.client_shares.push_back(entry);
    }
    return out;
}

Result<void> KeyShareClientHello::encode(Writer& writer) const {
    const auto block = writer.open(2);
    for (const auto& share : client_shares) {
        NXS_TRY(encode_entry(share, writer));
    }
    return writer.close(block);
}

Result<KeyShareServerHello> KeyShareServerHello::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const auto entry, decode_entry(reader));
    NXS_TRY(reader.expect_end());
    return KeyShareServerHello{entry};
}

Result<void> KeyShareServerHello::encode(Writer& writer) const {
    return encode_entry(server_share, writer);
}

Result<KeyShareHelloRetryRequest> KeyShareHelloRetryRequest::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const auto group, handshake::read_enum16<crypto::NamedGroup>(reader));
    NXS_TRY(reader.expect_end());
    return KeyShareHelloRetryRequest{group};
}

Result<void> KeyShareHelloRetryRequest::encode(Writer& writer) const {
    writer.u16(static_cast<std::uint16_t>(selected_group));
    return {};
}

}  // namespace nxs::tls13
