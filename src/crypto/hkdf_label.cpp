// RFC 8446 §7.1: HKDF-Expand-Label and Derive-Secret, on top of any Provider's HKDF-Expand; and the default
// Provider::new_hkdf_prk for providers that do not prepare keys themselves.
#include <array>
#include <cstring>

#include "nxs/crypto/provider.h"

namespace nxs::crypto {

namespace {

constexpr std::string_view kLabelPrefix = "tls13 ";
// struct { uint16 length; opaque label<7..255>; opaque context<0..255>; } HkdfLabel;
constexpr std::size_t kMaxHkdfLabel = 2 + 1 + 255 + 1 + 255;

// The HkdfLabel, built on the stack: the info is not secret and this runs several times per handshake.
struct HkdfLabel {
    std::array<std::uint8_t, kMaxHkdfLabel> bytes{};
    std::size_t size = 0;

    Bytes span() const noexcept { return Bytes(bytes.data(), size); }
};

Result<void> build_label(HkdfLabel& out, std::string_view label, Bytes context, std::size_t length) {
    const std::size_t full_label = kLabelPrefix.size() + label.size();
    if (full_label > 255 || context.size() > 255 || length > 0xFFFF) {
        return Error(Status::kTlsCryptoKeysTooLarge, "HKDF-Expand-Label: label, context or length too long");
    }
    auto& info = out.bytes;
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
    out.size = n;
    return {};
}

// Provider::new_hkdf_prk's default: every expansion goes through the provider's one-shot HKDF-Expand.
class CopiedPrk final : public HkdfPrk {
public:
    CopiedPrk(const Provider& provider, HashAlgorithm hash, Bytes prk)
        : m_provider(&provider), m_hash(hash), m_prk(prk) {}

    HashAlgorithm hash() const noexcept override { return m_hash; }
    Result<Secret> expand(Bytes info, std::size_t length) const override {
        return m_provider->hkdf_expand(m_hash, m_prk.span(), info, length);
    }

private:
    const Provider* m_provider;
    HashAlgorithm m_hash;
    Secret m_prk;
};

}  // namespace

Result<std::unique_ptr<HkdfPrk>> Provider::new_hkdf_prk(HashAlgorithm hash, Bytes prk) const {
    return std::unique_ptr<HkdfPrk>(std::make_unique<CopiedPrk>(*this, hash, prk));
}

Result<Secret> hkdf_expand_label(const Provider& provider, HashAlgorithm hash, Bytes secret, std::string_view label,
                                 Bytes context, std::size_t length) {
    HkdfLabel info;
    NXS_TRY(build_label(info, label, context, length));
    return provider.hkdf_expand(hash, secret, info.span(), length);
}

Result<Secret> derive_secret(const Provider& provider, HashAlgorithm hash, Bytes secret, std::string_view label,
                             Bytes transcript_hash) {
    // RFC 8446 §7.1: Derive-Secret(Secret, Label, Messages) =
    //   HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
    return hkdf_expand_label(provider, hash, secret, label, transcript_hash, hash_length(hash));
}

Result<Secret> hkdf_expand_label(const HkdfPrk& prk, std::string_view label, Bytes context, std::size_t length) {
    HkdfLabel info;
    NXS_TRY(build_label(info, label, context, length));
    return prk.expand(info.span(), length);
}

Result<Secret> derive_secret(const HkdfPrk& prk, std::string_view label, Bytes transcript_hash) {
    return hkdf_expand_label(prk, label, transcript_hash, hash_length(prk.hash()));
}

}  // namespace nxs::crypto
