#include "handshake/ext/psk.h"

#include <algorithm>

namespace nxs::tls13 {

namespace {

Error length_error(std::string_view check, std::string_view message) {
    return handshake::codec_error(Status::kTlsIncorrectMessageLength, check, message);
}

Result<void> expect_empty(Bytes data, std::string_view check) {
    if (!data.empty()) {
        return length_error(check, "the extension must be empty");
    }
    return {};
}

}  // namespace

bool PskKeyExchangeModes::contains(PskKeyExchangeMode mode) const noexcept {
    return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

Result<PskKeyExchangeModes> PskKeyExchangeModes::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const Bytes list, reader.vec8_bytes());
    NXS_TRY(reader.expect_end());
    if (list.empty()) {
        return length_error("psk_key_exchange_modes", "the mode list is empty");
    }
    PskKeyExchangeModes out;
    out.modes.reserve(list.size());
    for (const auto mode : list) {
        out.modes.push_back(static_cast<PskKeyExchangeMode>(mode));
    }
    return out;
}

Result<void> PskKeyExchangeModes::encode(Writer& writer) const {
    const auto block = writer.open(1);
    for (const auto mode : modes) {
        writer.u8(static_cast<std::uint8_t>(mode));
    }
    return writer.close(block);
}

Result<PreSharedKeyClientHello> PreSharedKeyClientHello::decode(Bytes data) {
    Reader reader(data);
    PreSharedKeyClientHello out;
    NXS_TRY_ASSIGN(Reader identities, reader.vec16());
    while (!identities.empty()) {
        NXS_TRY_ASSIGN(const Bytes identity, identities.vec16_bytes());
        NXS_TRY_ASSIGN(const auto age, identities.u32());
        if (identity.empty()) {
            return length_error("pre_shared_key", "a PSK identity is empty");
        }
        out.identities.push_back(PskIdentity{identity, age});
    }
    if (out.identities.empty()) {
        return length_error("pre_shared_key", "the PSK identity list is empty");
    }
    out.binders_offset = reader.position();
    NXS_TRY_ASSIGN(Reader binders, reader.vec16());
    NXS_TRY(reader.expect_end());
    while (!binders.empty()) {
        NXS_TRY_ASSIGN(const Bytes binder, binders.vec8_bytes());
        if (binder.size() < kMinPskBinderLength) {
            return length_error("pre_shared_key", "a PSK binder is shorter than 32 bytes");
        }
        out.binders.push_back(binder);
    }
    // RFC 8446 §4.2.11: binders are "A series of HMAC values, one for each value in the identities list and in the
    // same order" — the server validates as many as identities.
    if (out.binders.size() != out.identities.size()) {
        return handshake::codec_error(Status::kTlsBadClienthelloPskExtension, "pre_shared_key",
                                      "the numbers of PSK identities and binders differ");
    }
    return out;
}

Result<void> PreSharedKeyClientHello::encode(Writer& writer) const {
    const auto identity_block = writer.open(2);
    for (const auto& identity : identities) {
        NXS_TRY(writer.vec16(identity.identity));
        writer.u32(identity.obfuscated_ticket_age);
    }
    NXS_TRY(writer.close(identity_block));
    const auto binder_block = writer.open(2);
    for (const auto& binder : binders) {
        NXS_TRY(writer.vec8(binder));
    }
    return writer.close(binder_block);
}

std::size_t PreSharedKeyClientHello::binders_list_length(std::span<const std::size_t> binder_lengths) noexcept {
    std::size_t total = 2;
    for (const auto length : binder_lengths) {
        total += 1 + length;
    }
    return total;
}

Result<PreSharedKeyServerHello> PreSharedKeyServerHello::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const auto selected, reader.u16());
    NXS_TRY(reader.expect_end());
    return PreSharedKeyServerHello{selected};
}

Result<void> PreSharedKeyServerHello::encode(Writer& writer) const {
    writer.u16(selected_identity);
    return {};
}

Result<EarlyDataIndication> EarlyDataIndication::decode(Bytes data) {
    NXS_TRY(expect_empty(data, "early_data"));
    return EarlyDataIndication{};
}

Result<void> EarlyDataIndication::encode(Writer& /*writer*/) const {
    return {};
}

Result<EarlyDataNewSessionTicket> EarlyDataNewSessionTicket::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(const auto max_size, reader.u32());
    NXS_TRY(reader.expect_end());
    return EarlyDataNewSessionTicket{max_size};
}

Result<void> EarlyDataNewSessionTicket::encode(Writer& writer) const {
    writer.u32(max_early_data_size);
    return {};
}

}  // namespace nxs::tls13
