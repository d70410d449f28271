#include "handshake/ext/alpn.h"

#include <algorithm>
#include <cstdint>

namespace nxs::handshake {

namespace {

Result<std::vector<std::string_view>> decode_names(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(Reader list, reader.vec16());
    NXS_TRY(reader.expect_end());
    std::vector<std::string_view> names;
    while (!list.empty()) {
        NXS_TRY_ASSIGN(const Bytes name, list.vec8_bytes());
        if (name.empty()) {
            return codec_error(Status::kTlsIncorrectMessageLength, "application_layer_protocol_negotiation",
                               "a protocol name is empty");
        }
        names.emplace_back(reinterpret_cast<const char*>(name.data()), name.size());
    }
    if (names.empty()) {
        return codec_error(Status::kTlsIncorrectMessageLength, "application_layer_protocol_negotiation",
                           "the protocol name list is empty");
    }
    return names;
}

Result<void> encode_names(std::span<const std::string_view> names, Writer& writer) {
    const auto block = writer.open(2);
    for (const auto name : names) {
        if (name.empty()) {
            return Error(Status::kTlsInvalidState, "an ALPN protocol name to send is empty");
        }
        NXS_TRY(writer.vec8(Bytes(reinterpret_cast<const std::uint8_t*>(name.data()), name.size())));
    }
    return writer.close(block);
}

}  // namespace

bool ApplicationProtocols::contains(std::string_view protocol) const noexcept {
    return std::find(protocols.begin(), protocols.end(), protocol) != protocols.end();
}

Result<ApplicationProtocols> ApplicationProtocols::decode(Bytes data) {
    NXS_TRY_ASSIGN(auto names, decode_names(data));
    return ApplicationProtocols{std::move(names)};
}

Result<void> ApplicationProtocols::encode(Writer& writer) const {
    return encode_names(protocols, writer);
}

Result<SelectedApplicationProtocol> SelectedApplicationProtocol::decode(Bytes data) {
    NXS_TRY_ASSIGN(const auto names, decode_names(data));
    // RFC 7301 §3.1: the server's "ProtocolNameList" MUST contain exactly 1 "ProtocolName".
    if (names.size() != 1) {
        return codec_error(Status::kTlsHandshakeFailure, "application_layer_protocol_negotiation",
                           "the server's ALPN answer does not name exactly one protocol",
                           AlertDescription::kIllegalParameter);
    }
    return SelectedApplicationProtocol{names.front()};
}

Result<void> SelectedApplicationProtocol::encode(Writer& writer) const {
    return encode_names(std::span<const std::string_view>(&protocol, 1), writer);
}

}  // namespace nxs::handshake
