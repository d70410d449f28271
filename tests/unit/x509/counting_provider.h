// A test provider: the default provider, counting the public keys it loads (x509 key-caching tests).
#pragma once

#include <atomic>
#include <memory>
#include <string_view>

#include "nxs/crypto/provider.h"

namespace nxs::x509::test {

// The default provider, counting the public keys it loads.
class CountingProvider final : public crypto::Provider {
public:
    using Bytes = crypto::Bytes;

    std::string_view name() const noexcept override { return "counting"; }
    bool supports(crypto::AeadAlgorithm aead) const noexcept override { return m_base->supports(aead); }
    bool supports(crypto::NamedGroup group) const noexcept override { return m_base->supports(group); }
    bool supports(crypto::SignatureScheme scheme) const noexcept override { return m_base->supports(scheme); }
    Result<std::unique_ptr<crypto::HashContext>> new_hash(crypto::HashAlgorithm hash) const override {
        return m_base->new_hash(hash);
    }
    Result<void> hash(crypto::HashAlgorithm hash, Bytes data, crypto::MutableBytes out) const override {
        return m_base->hash(hash, data, out);
    }
    Result<std::unique_ptr<crypto::HmacContext>> new_hmac(crypto::HashAlgorithm hash, Bytes key) const override {
        return m_base->new_hmac(hash, key);
    }
    Result<void> hmac(crypto::HashAlgorithm hash, Bytes key, Bytes data, crypto::MutableBytes out) const override {
        return m_base->hmac(hash, key, data, out);
    }
    Result<Secret> hkdf_extract(crypto::HashAlgorithm hash, Bytes salt, Bytes ikm) const override {
        return m_base->hkdf_extract(hash, salt, ikm);
    }
    Result<Secret> hkdf_expand(crypto::HashAlgorithm hash, Bytes prk, Bytes info, std::size_t length) const override {
        return m_base->hkdf_expand(hash, prk, info, length);
    }
    Result<Secret> tls12_prf(crypto::HashAlgorithm hash, Bytes secret, std::string_view label, Bytes seed,
                             std::size_t length) const override {
        return m_base->tls12_prf(hash, secret, label, seed, length);
    }
    Result<std::unique_ptr<crypto::AeadKey>> new_aead(crypto::AeadAlgorithm aead, Bytes key) const override {
        return m_base->new_aead(aead, key);
    }
    Result<std::unique_ptr<crypto::CbcKey>> new_cbc(crypto::CbcAlgorithm cbc, Bytes key) const override {
        return m_base->new_cbc(cbc, key);
    }
    Result<std::unique_ptr<crypto::KeyShare>> generate_key_share(crypto::NamedGroup group) const override {
        return m_base->generate_key_share(group);
    }
    Result<std::unique_ptr<crypto::KeyShare>> key_share_from_private(crypto::NamedGroup group,
                                                                     Bytes private_key) const override {
        return m_base->key_share_from_private(group, private_key);
    }
    Result<std::unique_ptr<crypto::PublicKey>> load_public_key(Bytes spki_der) const override {
        ++loads;
        return m_base->load_public_key(spki_der);
    }
    Result<std::unique_ptr<crypto::PrivateKey>> load_private_key(PrivateKeyFormat format, Bytes der) const override {
        return m_base->load_private_key(format, der);
    }
    Result<std::unique_ptr<crypto::PrivateKey>> generate_private_key(const crypto::KeySpec& spec) const override {
        return m_base->generate_private_key(spec);
    }
    crypto::Rng& rng() const noexcept override { return m_base->rng(); }

    mutable std::atomic<int> loads{0};

private:
    std::shared_ptr<const crypto::Provider> m_base = crypto::default_provider();
};

}  // namespace nxs::x509::test
