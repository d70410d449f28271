// RFC 8446 §7.1: HKDF-Expand-Label and Derive-Secret, on top of any Provider's HKDF-Expand.
#include <array>
#include <cstring>

#include "nxs/crypto/provider.h"

namespace nxs::crypto {

namespace {

constexpr std::string_view kLabelPrefix = "tls13 ";
// struct { uint16 length; opaque label<7..255>; opaque context<0..255>; } HkdfLabel;
constexpr std::size_t kMaxHkdfLabel = 2 + 1 + 255 + 1 + 255;

}  // namespace

Result<Secret> hkdf_expand_label(const Provider& provider, HashAlgorithm hash, Bytes secret, std::string_view label,
                                 Bytes context, std::size_t length) {
    const std::size_t full_label = kLabelPrefix.size() + label.size();
    if (full_label > 255 || context.size() > 255 || length > 0xFFFF) {
        return Error(Status::kTlsCryptoKeysTooLarge, "HKDF-Expand-Label: label, context or length too long");
    }
    // Built on the stack: the info is not secret and this runs several times per handshake.
    std::array<std::uint8_t, kMaxHkdfLabel> info{};
    std::size_t n = 0;
    info[n++] = static_cast<std::uint8_t>(length >> 8);
    info[n++] = static_cast<std::uint8_t>(length & 0xFF);
    info[n++] = static_cast<std::uint8_t>(full_label);
    std::memcpy(info.data() + n, kLabelPrefix.data(), kLabelPrefix.size());
    n += kLabelPrefix.size();
    if (!label.empty()) {
        std::memcpy(info.data() + n, label.data(), label.size());
        n += label.size();
    }
    info[n++] = static_cast<std::uint8_t>(context.size());
    if (!context.empty()) {
        std::memcpy(info.data() + n, context.data(), context.size());
        n += context.size();
    }
    return provider.hkdf_expand(hash, secret, Bytes(info.data(), n), length);
}

Result<Secret> derive_secret(const Provider& provider, HashAlgorithm hash, Bytes secret, std::string_view label,
                             Bytes transcript_hash) {
    // RFC 8446 §7.1: Derive-Secret(Secret, Label, Messages) =
    //   HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
    return hkdf_expand_label(provider, hash, secret, label, transcript_hash, hash_length(hash));
}

}  // namespace nxs::crypto
