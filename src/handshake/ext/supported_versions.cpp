#include "handshake/ext/supported_versions.h"

#include <algorithm>

namespace nxs::tls13 {

bool SupportedVersionsClientHello::contains(ProtocolVersion version) const noexcept {
    return std::find(versions.begin(), versions.end(), version) != versions.end();
}

Result<SupportedVersionsClientHello> SupportedVersionsClientHello::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(Reader list, reader.vec8());
    NXS_TRY(reader.expect_end());
    // ProtocolVersion versions<2..254>
    if (list.empty() || list.remaining() % 2 != 0) {
        return handshake::codec_error(Status::kTlsIncorrectMessageLength, "supported_versions",
                                      "the version list is empty or has an odd length");
    }
    SupportedVersionsClientHello out;
    out.versions.reserve(list.remaining() / 2);
    while (!list.empty()) {
        NXS_TRY_ASSIGN(const auto version, handshake::read_enum16<ProtocolVersion>(list));
        out.versions.push_back(version);
    }
    return out;
}

Result<void> SupportedVersionsClientHello::encode(Writer& writer) const {
    const auto block = writer.open(1);
    for (const auto version : versions) {
        writer.u16(static_cast<std::uint16_t>(version));
    }
    return writer.close(block);
}

Result<SupportedVersionsServerHello> SupportedVersionsServerHello::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const auto version, handshake::read_enum16<ProtocolVersion>(reader));
    NXS_TRY(reader.expect_end());
    return SupportedVersionsServerHello{version};
}

Result<void> SupportedVersionsServerHello::encode(Writer& writer) const {
    writer.u16(static_cast<std::uint16_t>(selected_version));
    return {};
}

}  // namespace nxs::tls13
