// (EC)DHE key shares (RFC 8446 §4.2.8, §7.4): X25519, X448 (RFC 7748), P-256/384/521 (uncompressed points,
// RFC 8446 §4.2.8.2) and the RFC 7919 finite-field groups ffdhe2048..ffdhe8192.
#include <openssl/crypto.h>
#include <openssl/dh.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crypto/openssl/ossl_common.h"

namespace nxs::crypto::openssl {

namespace {

enum class Family : std::uint8_t { kXdh, kEc, kFfdhe };

struct GroupInfo {
    Family family;
    const char* ossl_name;      // keymgmt name (X25519/X448) or group name (P-256, ffdhe2048)
    std::size_t public_length;  // wire length of a public value
    std::size_t secret_length;  // length of the shared secret
    std::size_t index;          // into Algorithms::ec_group or ::ffdhe_prime
    KeyImport key_type;         // the prepared import context (Algorithms::key_import) for its keys
};

std::optional<GroupInfo> group_info(NamedGroup group) noexcept {
    switch (group) {
        case NamedGroup::kX25519:
            return GroupInfo{Family::kXdh, "X25519", 32, 32, 0, KeyImport::kX25519};
        case NamedGroup::kX448:
            return GroupInfo{Family::kXdh, "X448", 56, 56, 0, KeyImport::kX448};
        case NamedGroup::kSecp256r1:
            return GroupInfo{Family::kEc, "P-256", 65, 32, 0, KeyImport::kEc};
        case NamedGroup::kSecp384r1:
            return GroupInfo{Family::kEc, "P-384", 97, 48, 1, KeyImport::kEc};
        case NamedGroup::kSecp521r1:
            return GroupInfo{Family::kEc, "P-521", 133, 66, 2, KeyImport::kEc};
        case NamedGroup::kFfdhe2048:
            return GroupInfo{Family::kFfdhe, "ffdhe2048", 256, 256, 0, KeyImport::kDh};
        case NamedGroup::kFfdhe3072:
            return GroupInfo{Family::kFfdhe, "ffdhe3072", 384, 384, 1, KeyImport::kDh};
        case NamedGroup::kFfdhe4096:
            return GroupInfo{Family::kFfdhe, "ffdhe4096", 512, 512, 2, KeyImport::kDh};
        case NamedGroup::kFfdhe6144:
            return GroupInfo{Family::kFfdhe, "ffdhe6144", 768, 768, 3, KeyImport::kDh};
        case NamedGroup::kFfdhe8192:
            return GroupInfo{Family::kFfdhe, "ffdhe8192", 1024, 1024, 4, KeyImport::kDh};
    }
    return std::nullopt;
}

Error bad_peer(std::string_view why) {
    return fail(Status::kTlsUnsupportedEccFormat, std::string("key share: ") + std::string(why));
}

// An EVP_PKEY of the group's key type from parameters, through the provider's prepared import context: creating a
// context per key would fetch the key manager again and look up its names (OpenSSL 3.0), which costs about as much
// as the import itself.
PkeyPtr import_key(const Algorithms& algorithms, const GroupInfo& info, int selection, OSSL_PARAM* params) {
    EVP_PKEY_CTX* ctx = algorithms.key_import[index_of(info.key_type)].get();
    EVP_PKEY* raw = nullptr;
    if (ctx == nullptr || EVP_PKEY_fromdata(ctx, &raw, selection, params) <= 0) {
        return nullptr;
    }
    return PkeyPtr(raw);
}

// An X25519/X448 key from its raw public value (RFC 7748 u-coordinate) and, for our own keys, its private value.
// With both given OpenSSL takes the public value as it is (crypto/ec/ecx_backend.c, ossl_ecx_key_fromdata).
PkeyPtr import_xdh(const Algorithms& algorithms, const GroupInfo& info, Bytes public_value, Bytes private_value = {}) {
    // The parameters only point at the values: the import copies them and never writes through them.
    std::array<OSSL_PARAM, 3> params = {
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<std::uint8_t*>(public_value.data()),
                                          public_value.size()),
        OSSL_PARAM_construct_end(),
        OSSL_PARAM_construct_end(),
    };
    if (private_value.empty()) {
        return import_key(algorithms, info, EVP_PKEY_PUBLIC_KEY, params.data());
    }
    params[1] = OSSL_PARAM_construct_octet_string(
        OSSL_PKEY_PARAM_PRIV_KEY, const_cast<std::uint8_t*>(private_value.data()), private_value.size());
    return import_key(algorithms, info, EVP_PKEY_KEYPAIR, params.data());
}

// --- the peer's X25519/X448 key, reused per thread ---
//
// In OpenSSL 3.0 every EVP_PKEY made from parameters walks the library's whole name map (EVP_PKEY_set_type_by_keymgmt
// looks for a legacy method under each of the key manager's names): 2-3 us in a small program, 5-7 us in nxs-bench
// (the map grows with every algorithm the process fetches), against 40-50 us for an X25519 exchange. Setting a new
// public value on an existing key costs next to nothing (ecx_set_params). So each thread keeps one public-only X25519
// and one X448 key, made by the last provider it exchanged through, and each exchange sets the peer's value on it. An
// exchange takes the key out of the cache and gives it back after its context (the only other holder of a reference) is
// freed, so no two exchanges ever share it. Public values are not secret: nothing is wiped.
//
// The keys are freed when their thread ends. An application may end libcrypto itself with OPENSSL_cleanup(), after
// which no OpenSSL function may be called: an OPENSSL_atexit handler notes that, and keys still cached then are let go
// unfreed (the process is ending).
std::atomic<bool> g_libcrypto_ended{false};

void note_libcrypto_ended() {
    g_libcrypto_ended.store(true, std::memory_order_relaxed);
}

class PeerKeyCache {
public:
    PeerKeyCache() = default;
    PeerKeyCache(const PeerKeyCache&) = delete;
    PeerKeyCache& operator=(const PeerKeyCache&) = delete;
    ~PeerKeyCache() {
        if (g_libcrypto_ended.load(std::memory_order_relaxed)) {
            for (PkeyPtr& key : m_keys) {
                (void)key.release();
            }
        }
    }

    // The cached key of `type` if `algorithms` made it, else null (keys of another provider are dropped).
    PkeyPtr take(const AlgorithmsPtr& algorithms, KeyImport type) {
        static const bool watched = OPENSSL_atexit(&note_libcrypto_ended) == 1;
        if (!watched) {
            return nullptr;
        }
        if (!made_by(algorithms)) {
            m_keys = {};
            m_owner = algorithms;
        }
        return std::move(m_keys[index_of(type)]);
    }

    void give_back(const AlgorithmsPtr& algorithms, KeyImport type, PkeyPtr key) {
        if (made_by(algorithms)) {
            m_keys[index_of(type)] = std::move(key);
        }
    }

private:
    // Whether the cached keys belong to `algorithms` (the same shared object, even if it has since been freed).
    bool made_by(const AlgorithmsPtr& algorithms) const noexcept {
        return !m_owner.owner_before(algorithms) && !algorithms.owner_before(m_owner);
    }

    std::weak_ptr<const Algorithms> m_owner;
    std::array<PkeyPtr, 2> m_keys;  // X25519, X448 (KeyImport order)
};

PeerKeyCache& peer_key_cache() {
    thread_local PeerKeyCache cache;
    return cache;
}

// A public-only X25519/X448 key holding `peer_public`: the thread's cached key with the value set on it, or a new one.
Result<PkeyPtr> xdh_peer_key(const AlgorithmsPtr& algorithms, const GroupInfo& info, Bytes peer_public) {
    PkeyPtr key = peer_key_cache().take(algorithms, info.key_type);
    if (key && EVP_PKEY_set_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, peer_public.data(),
                                               peer_public.size()) == 1) {
        return key;
    }
    key = import_xdh(*algorithms, info, peer_public);
    if (!key) {
        return bad_peer("peer public value rejected");
    }
    return key;
}

// A public-only EVP_PKEY for the peer's EC point or FFDHE value, built from parameters (no encoding is parsed twice).
Result<PkeyPtr> peer_key(const Algorithms& algorithms, const GroupInfo& info, Bytes peer_public) {
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    BnPtr y;
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, info.ossl_name, 0) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: parameter setup failed");
    }
    if (info.family == Family::kEc) {
        if (OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, peer_public.data(),
                                             peer_public.size()) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "key share: parameter setup failed");
        }
    } else {
        y.reset(BN_bin2bn(peer_public.data(), static_cast<int>(peer_public.size()), nullptr));
        if (!y || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, y.get()) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "key share: parameter setup failed");
        }
    }
    ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    PkeyPtr key = params ? import_key(algorithms, info, EVP_PKEY_PUBLIC_KEY, params.get()) : nullptr;
    if (!key) {
        return bad_peer("peer public value rejected");
    }
    return key;
}

// A context for exchanges with our key (fetching the exchange method is part of EVP_PKEY_derive_init).
Result<PkeyCtxPtr> exchange_context(const Algorithms& algorithms, const GroupInfo& info, EVP_PKEY* own) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, algorithms.propq()));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: derive setup failed");
    }
    // RFC 8446 §7.4.1: the FFDHE secret keeps its leading zeros, padded to the size of the prime.
    if (info.family == Family::kFfdhe && EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: padding setup failed");
    }
    return ctx;
}

// The (EC)DH exchange on `ctx` with the peer's public key, into `out` (exactly the group's secret length). The
// context holds a reference to `peer` until it is freed or given another peer.
Result<void> exchange_with(EVP_PKEY_CTX* ctx, const GroupInfo& info, EVP_PKEY* peer, MutableBytes out) {
    // Full public-key validation of the peer (on the curve, in the subgroup) before it is used. An X25519/X448 key
    // has nothing to validate (every 32/56-byte string is a u-coordinate, RFC 7748 §5; OpenSSL's check only asks
    // whether the key has a public value, which an import always gives), so it is skipped there: it would cost a
    // second context with its fetch. OsslKeyShare::derive checks the X25519/X448 result for all zeros.
    const int validate_peer = info.family == Family::kXdh ? 0 : 1;
    if (EVP_PKEY_derive_set_peer_ex(ctx, peer, validate_peer) <= 0) {
        return bad_peer("peer public value is invalid");
    }
    std::size_t length = out.size();
    // For X25519/X448 OpenSSL refuses an all-zero result (a small-order peer point, RFC 7748 §6.1).
    if (EVP_PKEY_derive(ctx, out.data(), &length) <= 0) {
        return bad_peer("derivation failed");
    }
    if (length != out.size()) {
        return Error(Status::kTlsUnsupportedEccFormat, "key share: unexpected shared secret length");
    }
    return {};
}

class OsslKeyShare final : public KeyShare {
public:
    // `spare_context`, if given, is an exchange context for `key` that the first derive() uses.
    OsslKeyShare(AlgorithmsPtr algorithms, NamedGroup group, GroupInfo info, PkeyPtr key,
                 std::vector<std::uint8_t> public_key, PkeyCtxPtr spare_context = nullptr)
        : m_algorithms(std::move(algorithms)),
          m_group(group),
          m_info(info),
          m_key(std::move(key)),
          m_public(std::move(public_key)),
          m_spare_context(spare_context.release()) {}
    OsslKeyShare(const OsslKeyShare&) = delete;
    OsslKeyShare& operator=(const OsslKeyShare&) = delete;
    ~OsslKeyShare() override { EVP_PKEY_CTX_free(m_spare_context.load(std::memory_order_acquire)); }

    NamedGroup group() const noexcept override { return m_group; }
    Bytes public_key() const noexcept override { return m_public; }

    Result<Secret> derive(Bytes peer_public) const override {
        NXS_TRY(check_peer(peer_public));
        const bool xdh = m_info.family == Family::kXdh;
        NXS_TRY_ASSIGN(PkeyPtr peer, xdh ? xdh_peer_key(m_algorithms, m_info, peer_public)
                                         : peer_key(*m_algorithms, m_info, peer_public));
        // The spare context goes to one caller only; any other (a second or concurrent derive) makes its own.
        PkeyCtxPtr ctx(m_spare_context.exchange(nullptr, std::memory_order_acq_rel));
        if (!ctx) {
            NXS_TRY_ASSIGN(ctx, exchange_context(*m_algorithms, m_info, m_key.get()));
        }
        Secret secret(m_info.secret_length);
        auto exchanged = exchange_with(ctx.get(), m_info, peer.get(), secret.span());
        ctx.reset();  // drops its reference to the peer key before that goes back to the thread's cache
        if (xdh) {
            peer_key_cache().give_back(m_algorithms, m_info.key_type, std::move(peer));
        }
        NXS_TRY(std::move(exchanged));
        // RFC 8446 §7.4.2: an all-zero X25519/X448 secret must be rejected; check here too so it never depends on
        // the library version.
        if (m_info.family == Family::kXdh &&
            std::all_of(secret.span().begin(), secret.span().end(), [](std::uint8_t b) { return b == 0; })) {
            return Error(Status::kTlsUnsupportedEccFormat, "key share: all-zero shared secret");
        }
        return secret;
    }

private:
    Result<void> check_peer(Bytes peer_public) const {
        if (peer_public.size() != m_info.public_length) {
            return Error(Status::kTlsUnsupportedEccFormat, "key share: peer public value has the wrong length");
        }
        if (m_info.family == Family::kEc && peer_public[0] != 0x04) {
            // RFC 8446 §4.2.8.2: only the uncompressed form is allowed.
            return Error(Status::kTlsUnsupportedEccFormat, "key share: peer point is not uncompressed");
        }
        if (m_info.family == Family::kFfdhe) {
            // RFC 7919 §5.1: the peer's value must be in 2..p-2.
            const BIGNUM* p = m_algorithms->ffdhe_prime[m_info.index].get();
            BnPtr y(BN_bin2bn(peer_public.data(), static_cast<int>(peer_public.size()), nullptr));
            BnPtr p_minus_1(BN_dup(p));
            if (!y || !p_minus_1 || BN_sub_word(p_minus_1.get(), 1) <= 0) {
                return fail(Status::kTlsMissingCryptoRoutine, "key share: range check failed");
            }
            if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), p_minus_1.get()) >= 0) {
                return Error(Status::kTlsUnsupportedEccFormat, "key share: peer FFDHE value outside 2..p-2");
            }
        }
        return {};
    }

    AlgorithmsPtr m_algorithms;
    NamedGroup m_group;
    GroupInfo m_info;
    // For exchanges only: an X25519/X448 key's public half inside OpenSSL is a placeholder (xdh_share), so nothing
    // may read it (EVP_PKEY_get_raw_public_key, EVP_PKEY_eq, export); m_public is the public value.
    PkeyPtr m_key;
    std::vector<std::uint8_t> m_public;
    mutable std::atomic<EVP_PKEY_CTX*> m_spare_context;
};

Result<GroupInfo> usable_group(const Algorithms& algorithms, NamedGroup group) {
    const auto info = group_info(group);
    if (!info || !supports_group(algorithms, group)) {
        return Error(Status::kTlsMissingCryptoRoutine,
                     "key exchange group 0x" + std::to_string(static_cast<unsigned>(group)) + " is not available");
    }
    return *info;
}

// Our public value in wire form (RFC 8446 §4.2.8).
Result<std::vector<std::uint8_t>> wire_public(const GroupInfo& info, const EVP_PKEY* key) {
    std::vector<std::uint8_t> out(info.public_length);
    if (info.family == Family::kFfdhe) {
        BIGNUM* y = nullptr;
        if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PUB_KEY, &y) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "key share: public value unavailable");
        }
        const BnPtr owned(y);
        // RFC 8446 §4.2.8.1: left-padded with zeros to the size of the prime.
        if (BN_bn2binpad(y, out.data(), static_cast<int>(out.size())) < 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "key share: public value too long");
        }
        return out;
    }
    std::size_t length = 0;
    // The EC point in its (default uncompressed) encoding.
    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out.data(), out.size(), &length) <=
            0 ||
        length != out.size()) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: public value unavailable");
    }
    return out;
}

Result<std::unique_ptr<KeyShare>> make_share(const AlgorithmsPtr& algorithms, NamedGroup group, const GroupInfo& info,
                                             PkeyPtr key) {
    NXS_TRY_ASSIGN(auto public_key, wire_public(info, key.get()));
    return std::unique_ptr<KeyShare>(
        std::make_unique<OsslKeyShare>(algorithms, group, info, std::move(key), std::move(public_key)));
}

// A key pair from a private value plus a public value we computed, for EC and FFDHE (OpenSSL 3.0 does not derive
// the public half on import).
Result<PkeyPtr> keypair_from_data(const Algorithms& algorithms, const GroupInfo& info, const BIGNUM* private_value,
                                  Bytes ec_public, const BIGNUM* dh_public) {
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, info.ossl_name, 0) <= 0 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, private_value) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: parameter setup failed");
    }
    const bool pushed = info.family == Family::kEc
                            ? OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, ec_public.data(),
                                                               ec_public.size()) > 0
                            : OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, dh_public) > 0;
    ParamsPtr params(pushed ? OSSL_PARAM_BLD_to_param(bld.get()) : nullptr);
    PkeyPtr key = params ? import_key(algorithms, info, EVP_PKEY_KEYPAIR, params.get()) : nullptr;
    if (!key) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: key import failed");
    }
    return key;
}

Result<PkeyPtr> ec_from_scalar(const Algorithms& algorithms, const GroupInfo& info, Bytes scalar) {
    const EC_GROUP* ec_group = algorithms.ec_group[info.index].get();
    SecretBnPtr d(BN_secure_new());
    if (!d || BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), d.get()) == nullptr) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: scalar import failed");
    }
    // The scalar must be in 1..n-1 (SEC 1 §3.2.1).
    if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(ec_group)) >= 0) {
        return Error(Status::kTlsUnsupportedEccFormat, "key share: EC private scalar out of range");
    }
    BN_set_flags(d.get(), BN_FLG_CONSTTIME);
    EcPointPtr point(EC_POINT_new(ec_group));
    BnCtxPtr bn_ctx(BN_CTX_new());
    std::vector<std::uint8_t> encoded(info.public_length);
    if (!point || !bn_ctx || EC_POINT_mul(ec_group, point.get(), d.get(), nullptr, nullptr, bn_ctx.get()) <= 0 ||
        EC_POINT_point2oct(ec_group, point.get(), POINT_CONVERSION_UNCOMPRESSED, encoded.data(), encoded.size(),
                           bn_ctx.get()) != encoded.size()) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: public point computation failed");
    }
    return keypair_from_data(algorithms, info, d.get(), encoded, nullptr);
}

Result<PkeyPtr> dh_from_exponent(const Algorithms& algorithms, const GroupInfo& info, Bytes exponent) {
    const BIGNUM* p = algorithms.ffdhe_prime[info.index].get();
    SecretBnPtr x(BN_secure_new());
    if (!x || BN_bin2bn(exponent.data(), static_cast<int>(exponent.size()), x.get()) == nullptr) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: exponent import failed");
    }
    if (BN_is_zero(x.get()) || BN_cmp(x.get(), p) >= 0) {
        return Error(Status::kTlsUnsupportedEccFormat, "key share: FFDHE exponent out of range");
    }
    BN_set_flags(x.get(), BN_FLG_CONSTTIME);
    // RFC 7919 §A: every group's generator is 2.
    BnPtr g(BN_new());
    BnPtr y(BN_new());
    BnCtxPtr bn_ctx(BN_CTX_new());
    if (!g || !y || !bn_ctx || BN_set_word(g.get(), 2) <= 0 ||
        BN_mod_exp(y.get(), g.get(), x.get(), p, bn_ctx.get()) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: public value computation failed");
    }
    return keypair_from_data(algorithms, info, x.get(), {}, y.get());
}

}  // namespace

PkeyPtr xdh_base_point(const Algorithms& algorithms, NamedGroup group) {
    const auto info = group_info(group);
    if (!info || info->family != Family::kXdh) {
        return nullptr;
    }
    // RFC 7748 §4.1 and §4.2: u = 9 for X25519, u = 5 for X448, little-endian.
    std::array<std::uint8_t, 56> u{};
    u[0] = group == NamedGroup::kX25519 ? 9 : 5;
    return import_xdh(algorithms, *info, Bytes(u.data(), info->public_length));
}

bool supports_group(const Algorithms& algorithms, NamedGroup group) noexcept {
    switch (group) {
        case NamedGroup::kX25519:
            return algorithms.has_x25519 && algorithms.xdh_base_point[index_of(KeyImport::kX25519)] != nullptr;
        case NamedGroup::kX448:
            return algorithms.has_x448 && algorithms.xdh_base_point[index_of(KeyImport::kX448)] != nullptr;
        case NamedGroup::kSecp256r1:
            return algorithms.has_ec && algorithms.ec_group[0] != nullptr;
        case NamedGroup::kSecp384r1:
            return algorithms.has_ec && algorithms.ec_group[1] != nullptr;
        case NamedGroup::kSecp521r1:
            return algorithms.has_ec && algorithms.ec_group[2] != nullptr;
        case NamedGroup::kFfdhe2048:
            return algorithms.has_dh && algorithms.ffdhe_prime[0] != nullptr;
        case NamedGroup::kFfdhe3072:
            return algorithms.has_dh && algorithms.ffdhe_prime[1] != nullptr;
        case NamedGroup::kFfdhe4096:
            return algorithms.has_dh && algorithms.ffdhe_prime[2] != nullptr;
        case NamedGroup::kFfdhe6144:
            return algorithms.has_dh && algorithms.ffdhe_prime[3] != nullptr;
        case NamedGroup::kFfdhe8192:
            return algorithms.has_dh && algorithms.ffdhe_prime[4] != nullptr;
    }
    return false;
}

// The X25519/X448 key share of a private value (32 or 56 bytes; OpenSSL clamps a copy, RFC 7748 §5).
//
// Its public value is X25519(k, 9) or X448(k, 5) (RFC 7748 §6), computed here by an exchange with the prepared
// base-point key (Algorithms::xdh_base_point). OpenSSL 3.0 would compute it on import of the private value alone,
// but with a fixed-base multiplication on generic field arithmetic that is slower than the exchange's Montgomery
// ladder: for X25519 on the benchmark machine 58-67 us against 40-51 us (docs/performance.md, round 4). So the private
// value is imported with a placeholder public half (zeros), which OpenSSL never reads: its X25519/X448 exchange uses
// only the private half of its own key (providers/implementations/exchange/ecx_exch.c), and nothing else is done with
// the key. The key share holds and sends the public value computed here.
Result<std::unique_ptr<KeyShare>> xdh_share(const AlgorithmsPtr& algorithms, NamedGroup group, const GroupInfo& info,
                                            Bytes private_value) {
    const std::array<std::uint8_t, 56> placeholder{};
    PkeyPtr key = import_xdh(*algorithms, info, Bytes(placeholder.data(), info.public_length), private_value);
    EVP_PKEY* base_point = algorithms->xdh_base_point[index_of(info.key_type)].get();
    if (!key || base_point == nullptr) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: private key import failed");
    }
    std::vector<std::uint8_t> public_value(info.public_length);
    NXS_TRY_ASSIGN(PkeyCtxPtr ctx, exchange_context(*algorithms, info, key.get()));
    NXS_TRY(exchange_with(ctx.get(), info, base_point, public_value));
    // The context serves the share's exchange with the peer too (derive() sets the peer's key on it).
    return std::unique_ptr<KeyShare>(std::make_unique<OsslKeyShare>(algorithms, group, info, std::move(key),
                                                                    std::move(public_value), std::move(ctx)));
}

// A fresh X25519/X448 key share: random bytes from OpenSSL's private DRBG, as OpenSSL's own X25519/X448 key
// generation takes them (without a generation context per key and the fetches that come with it).
Result<std::unique_ptr<KeyShare>> generate_xdh(const AlgorithmsPtr& algorithms, NamedGroup group,
                                               const GroupInfo& info) {
    std::array<std::uint8_t, 56> storage{};
    const MutableBytes scalar(storage.data(), info.secret_length);
    if (auto drawn = private_random(scalar); !drawn) {
        return Error(Status::kTlsMissingCryptoRoutine, "key share: key generation failed: " + drawn.error().message());
    }
    auto share = xdh_share(algorithms, group, info, scalar);
    OPENSSL_cleanse(storage.data(), storage.size());
    return share;
}

Result<std::unique_ptr<KeyShare>> generate_key_share(const AlgorithmsPtr& algorithms, NamedGroup group) {
    NXS_TRY_ASSIGN(const GroupInfo info, usable_group(*algorithms, group));
    if (info.family == Family::kXdh) {
        return generate_xdh(algorithms, group, info);
    }
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, key_import_name(info.key_type), algorithms->propq()));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: key generation setup failed");
    }
    // EC and FFDHE: the curve or RFC 7919 group by name.
    std::array<OSSL_PARAM, 2> params = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(info.ossl_name), 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_PKEY_CTX_set_params(ctx.get(), params.data()) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: group setup failed");
    }
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &raw) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "key share: key generation failed");
    }
    return make_share(algorithms, group, info, PkeyPtr(raw));
}

Result<std::unique_ptr<KeyShare>> key_share_from_private(const AlgorithmsPtr& algorithms, NamedGroup group,
                                                         Bytes private_key) {
    NXS_TRY_ASSIGN(const GroupInfo info, usable_group(*algorithms, group));
    if (private_key.empty() || private_key.size() > info.secret_length + 1) {
        return Error(Status::kTlsUnsupportedEccFormat, "key share: private value has the wrong length");
    }
    switch (info.family) {
        case Family::kXdh: {
            // RFC 7748 §5: the scalar is exactly 32 (X25519) or 56 (X448) bytes; clamping happens inside.
            if (private_key.size() != info.secret_length) {
                return Error(Status::kTlsUnsupportedEccFormat, "key share: private value has the wrong length");
            }
            return xdh_share(algorithms, group, info, private_key);
        }
        case Family::kEc: {
            NXS_TRY_ASSIGN(PkeyPtr key, ec_from_scalar(*algorithms, info, private_key));
            return make_share(algorithms, group, info, std::move(key));
        }
        case Family::kFfdhe: {
            NXS_TRY_ASSIGN(PkeyPtr key, dh_from_exponent(*algorithms, info, private_key));
            return make_share(algorithms, group, info, std::move(key));
        }
    }
    return Error(Status::kTlsMissingCryptoRoutine, "key share: unknown group");
}

}  // namespace nxs::crypto::openssl
