#include "handshake/msgs/server_hello.h"

#include <algorithm>

namespace nxs::handshake {

Result<ServerHello> ServerHello::decode(Bytes body) {
    Reader reader(body);
    ServerHello hello;
    NXS_TRY_ASSIGN(hello.legacy_version, read_enum16<ProtocolVersion>(reader));
    NXS_TRY_ASSIGN(const Bytes random, reader.bytes(hello.random.size()));
    std::copy(random.begin(), random.end(), hello.random.begin());
    NXS_TRY_ASSIGN(hello.legacy_session_id_echo, reader.vec8_bytes());
    if (hello.legacy_session_id_echo.size() > kMaxLegacySessionIdLength) {
        return codec_error(Status::kTlsIncorrectMessageLength, "ServerHello.legacy_session_id_echo",
                           "legacy_session_id_echo is longer than 32 bytes");
    }
    NXS_TRY_ASSIGN(hello.cipher_suite, read_enum16<CipherSuite>(reader));
    NXS_TRY_ASSIGN(hello.legacy_compression_method, reader.u8());
    // RFC 8446 §4.1.3: "legacy_compression_method: A single byte which MUST have the value 0." (TLS 1.2 allows others,
    // but nxs never offers them, so a server choosing one is wrong under every version.)
    if (hello.legacy_compression_method != kNullCompression) {
        return codec_error(Status::kTlsBadCompressionMethod, "ServerHello.legacy_compression_method",
                           "the server chose a compression method other than null");
    }
    // RFC 5246 §7.4.1.3: a TLS 1.2 ServerHello may end without extensions.
    if (reader.empty()) {
        return hello;
    }
    NXS_TRY_ASSIGN(hello.extensions, ExtensionList::decode(reader));
    NXS_TRY(reader.expect_end());
    return hello;
}

Result<void> ServerHello::encode(Writer& writer) const {
    writer.u16(static_cast<std::uint16_t>(legacy_version));
    writer.bytes(random);
    NXS_TRY(writer.vec8(legacy_session_id_echo));
    writer.u16(static_cast<std::uint16_t>(cipher_suite));
    writer.u8(legacy_compression_method);
    return extensions.encode(writer);
}

DowngradeSentinel downgrade_sentinel(const Random& server_random) noexcept {
    const auto tail = std::span<const std::uint8_t>(server_random).last(8);
    if (std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls12.begin())) {
        return DowngradeSentinel::kTls12;
    }
    if (std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls11.begin())) {
        return DowngradeSentinel::kTls11OrBelow;
    }
    return DowngradeSentinel::kNone;
}

Result<void> check_no_downgrade_sentinel(const Random& server_random) {
    // RFC 8446 §4.1.3: "TLS 1.3 clients receiving a ServerHello indicating TLS 1.2 or below MUST check that the last
    // 8 bytes are not equal to either of these values. ... If a match is found, the client MUST abort the handshake
    // with an "illegal_parameter" alert."
    if (downgrade_sentinel(server_random) != DowngradeSentinel::kNone) {
        return codec_error(Status::kTlsHandshakeFailure, "ServerHello.random",
                           "the server's random carries the TLS 1.3 downgrade sentinel",
                           AlertDescription::kIllegalParameter);
    }
    return {};
}

void set_downgrade_sentinel(Random& server_random, ProtocolVersion negotiated) noexcept {
    const auto& sentinel = negotiated == ProtocolVersion::kTls12 ? kDowngradeSentinelTls12 : kDowngradeSentinelTls11;
    std::copy(sentinel.begin(), sentinel.end(), server_random.end() - 8);
}

}  // namespace nxs::handshake
