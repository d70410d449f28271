#include "handshake/ext/groups_and_signatures.h"

#include <algorithm>

namespace nxs::handshake {

namespace {

// A non-empty vec16 of 16-bit values: NamedGroup named_group_list<2..2^16-1>, SignatureScheme
// supported_signature_algorithms<2..2^16-2>.
template <typename Enum>
Result<std::vector<Enum>> decode_u16_list(Bytes data, std::string_view check) {
    Reader reader(data);
    NXS_TRY_ASSIGN(Reader list, reader.vec16());
    NXS_TRY(reader.expect_end());
    if (list.empty() || list.remaining() % 2 != 0) {
        return codec_error(Status::kTlsIncorrectMessageLength, check, "the list is empty or has an odd length");
    }
    std::vector<Enum> out;
    out.reserve(list.remaining() / 2);
    while (!list.empty()) {
        NXS_TRY_ASSIGN(const auto value, read_enum16<Enum>(list));
        out.push_back(value);
    }
    return out;
}

template <typename Enum>
Result<void> encode_u16_list(const std::vector<Enum>& values, Writer& writer) {
    const auto block = writer.open(2);
    for (const Enum value : values) {
        writer.u16(static_cast<std::uint16_t>(value));
    }
    return writer.close(block);
}

template <typename Enum>
bool list_contains(const std::vector<Enum>& values, Enum value) noexcept {
    return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

bool SupportedGroups::contains(crypto::NamedGroup group) const noexcept {
    return list_contains(groups, group);
}

Result<SupportedGroups> SupportedGroups::decode(Bytes data) {
    NXS_TRY_ASSIGN(auto groups, decode_u16_list<crypto::NamedGroup>(data, "supported_groups"));
    return SupportedGroups{std::move(groups)};
}

Result<void> SupportedGroups::encode(Writer& writer) const {
    return encode_u16_list(groups, writer);
}

bool SignatureAlgorithms::contains(crypto::SignatureScheme scheme) const noexcept {
    return list_contains(schemes, scheme);
}

Result<SignatureAlgorithms> SignatureAlgorithms::decode(Bytes data) {
    NXS_TRY_ASSIGN(auto schemes, decode_u16_list<crypto::SignatureScheme>(data, "signature_algorithms"));
    return SignatureAlgorithms{std::move(schemes)};
}

Result<void> SignatureAlgorithms::encode(Writer& writer) const {
    return encode_u16_list(schemes, writer);
}

bool SignatureAlgorithmsCert::contains(crypto::SignatureScheme scheme) const noexcept {
    return list_contains(schemes, scheme);
}

Result<SignatureAlgorithmsCert> SignatureAlgorithmsCert::decode(Bytes data) {
    NXS_TRY_ASSIGN(auto schemes, decode_u16_list<crypto::SignatureScheme>(data, "signature_algorithms_cert"));
    return SignatureAlgorithmsCert{std::move(schemes)};
}

Result<void> SignatureAlgorithmsCert::encode(Writer& writer) const {
    return encode_u16_list(schemes, writer);
}

}  // namespace nxs::handshake
