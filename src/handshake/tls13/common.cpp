#include "handshake/tls13/common.h"

#include <algorithm>

#include "common/writer.h"
#include "handshake/msgs/finished.h"

namespace nxs::tls13 {

using crypto::EcCurve;
using crypto::KeyType;
using crypto::NamedGroup;
using crypto::SignatureScheme;

Result<void> fill_random(const Config& config, std::span<std::uint8_t> out) {
    if (config.rng) {
        return config.rng->fill(out);
    }
    return config.provider().rng().fill(out);
}

namespace {

// The size of a private value drawn for a deterministic key share, and a mask for its first byte so that it stays
// below the group order (P-521's order is just above 2^520).
struct PrivateValueShape {
    std::size_t length;
    std::uint8_t first_byte_mask;
};

std::optional<PrivateValueShape> private_value_shape(NamedGroup group) noexcept {
    switch (group) {
        case NamedGroup::kX25519:
            return PrivateValueShape{32, 0xFF};
        case NamedGroup::kX448:
            return PrivateValueShape{56, 0xFF};
        case NamedGroup::kSecp256r1:
            return PrivateValueShape{32, 0x7F};
        case NamedGroup::kSecp384r1:
            return PrivateValueShape{48, 0x7F};
        case NamedGroup::kSecp521r1:
            return PrivateValueShape{66, 0x01};
        case NamedGroup::kFfdhe2048:
        case NamedGroup::kFfdhe3072:
            return PrivateValueShape{32, 0x7F};
        case NamedGroup::kFfdhe4096:
        case NamedGroup::kFfdhe6144:
        case NamedGroup::kFfdhe8192:
            return PrivateValueShape{48, 0x7F};  // RFC 7919 §5.2: exponents of 2x the security level
    }
    return std::nullopt;
}

// The peer's key through the Config's cache when it has one (the same server presents the same leaf again).
Result<std::shared_ptr<const crypto::PublicKey>> load_peer_key(const Config& config, Bytes spki_der) {
    if (config.public_key_cache) {
        return config.public_key_cache->load(config.provider_ptr(), spki_der);
    }
    NXS_TRY_ASSIGN(auto key, config.provider().load_public_key(spki_der));
    return std::shared_ptr<const crypto::PublicKey>(std::move(key));
}

}  // namespace

Result<std::unique_ptr<crypto::KeyShare>> make_key_share(const Config& config, NamedGroup group) {
    if (!config.rng) {
        return config.provider().generate_key_share(group);
    }
    const auto shape = private_value_shape(group);
    if (!shape) {
        return Error(Status::kTlsMissingCryptoRoutine, "no key share can be made for this group");
    }
    Secret private_value(shape->length);
    NXS_TRY(config.rng->fill(private_value.span()));
    // X25519/X448 take any string of the right length (RFC 7748 §5 clamps it); a NIST curve scalar must lie in
    // [1, n): the mask keeps it below n, a set low bit keeps it from zero.
    if (group != NamedGroup::kX25519 && group != NamedGroup::kX448) {
        private_value.data()[0] &= shape->first_byte_mask;
        private_value.data()[shape->length - 1] |= 0x01;
    }
    return config.provider().key_share_from_private(group, private_value.span());
}

bool scheme_fits_key(SignatureScheme scheme, KeyType type, EcCurve curve) noexcept {
    switch (scheme) {
        case SignatureScheme::kEcdsaSecp256r1Sha256:
            return type == KeyType::kEc && curve == EcCurve::kP256;
        case SignatureScheme::kEcdsaSecp384r1Sha384:
            return type == KeyType::kEc && curve == EcCurve::kP384;
        case SignatureScheme::kEcdsaSecp521r1Sha512:
            return type == KeyType::kEc && curve == EcCurve::kP521;
        case SignatureScheme::kRsaPssRsaeSha256:
        case SignatureScheme::kRsaPssRsaeSha384:
        case SignatureScheme::kRsaPssRsaeSha512:
            return type == KeyType::kRsa;
        case SignatureScheme::kRsaPssPssSha256:
        case SignatureScheme::kRsaPssPssSha384:
        case SignatureScheme::kRsaPssPssSha512:
            return type == KeyType::kRsaPss;
        case SignatureScheme::kEd25519:
            return type == KeyType::kEd25519;
        case SignatureScheme::kEd448:
            return type == KeyType::kEd448;
        default:
            return false;  // RFC 8446 §4.2.3: PKCS#1 v1.5 and SHA-1 are not for TLS 1.3 handshake signatures
    }
}

std::optional<SignatureScheme> choose_signature_scheme(const crypto::PrivateKey& key,
                                                       std::span<const SignatureScheme> ours,
                                                       std::span<const SignatureScheme> peers) {
    for (const auto scheme : ours) {
        if (scheme_fits_key(scheme, key.type(), key.curve()) &&
            std::find(peers.begin(), peers.end(), scheme) != peers.end()) {
            return scheme;
        }
    }
    return std::nullopt;
}

Error unexpected_message(handshake::HandshakeType got, std::string_view state) {
    return Error(Status::kTlsUnexpectedMessage, ErrorDetail{std::string(handshake::handshake_type_name(got)) +
                                                                " is not allowed while " + std::string(state),
                                                            std::string(handshake::handshake_type_name(got)),
                                                            -1,
                                                            {}});
}

Result<std::vector<std::uint8_t>> encode_certificate(const CertifiedKey* certified, Bytes request_context) {
    Certificate message;
    message.certificate_request_context = request_context;
    if (certified != nullptr) {
        for (const auto& cert : certified->chain) {
            message.certificate_list.push_back(CertificateEntry{cert.der(), {}});
        }
    }
    return handshake::encode_message(message);
}

Result<std::vector<std::uint8_t>> encode_certificate_verify(const crypto::PrivateKey& key, SignatureScheme scheme,
                                                            SignatureContext context, Bytes transcript_hash) {
    const auto algorithm = crypto::signature_algorithm_for(scheme);
    if (!algorithm) {
        return Error(Status::kTlsUnsupportedSignatureAlgorithm, "no signature algorithm for the chosen scheme");
    }
    const auto content = certificate_verify_content(context, transcript_hash);
    NXS_TRY_ASSIGN(const auto signature, key.sign(*algorithm, content));
    handshake::CertificateVerify message;
    message.algorithm = scheme;
    message.signature = signature;
    return handshake::encode_message(message);
}

Result<std::vector<std::uint8_t>> encode_finished(const Hkdf& hkdf, const Secret& base_key, Bytes transcript_hash) {
    NXS_TRY_ASSIGN(const auto verify_data, finished_verify_data(hkdf, base_key.span(), transcript_hash));
    handshake::Finished message;
    message.verify_data = verify_data.span();
    return handshake::encode_message(message);
}

Result<std::vector<x509::Certificate>> parse_peer_chain(const Certificate& message, bool server_side) {
    std::vector<x509::Certificate> chain;
    chain.reserve(message.certificate_list.size());
    for (std::size_t i = 0; i < message.certificate_list.size(); ++i) {
        auto parsed = x509::Certificate::parse(message.certificate_list[i].cert_data);
        if (!parsed.ok()) {
            const auto& error = parsed.error();
            return Error(server_side ? Status::kTlsInvalidServerCert : Status::kTlsInvalidCertificate,
                         ErrorDetail{"certificate " + std::to_string(i) +
                                         " of the peer's chain does not parse: " + error.to_string(),
                                     "Certificate.certificate_list",
                                     static_cast<int>(i),
                                     {}});
        }
        chain.push_back(std::move(parsed).value());
    }
    return chain;
}

Result<ChainVerified> verify_peer_chain(const Config& config, const std::vector<x509::Certificate>& chain,
                                        const x509::PeerName& peer, x509::Purpose purpose) {
    if (config.insecure_skip_verify) {
        return ChainVerified(true);
    }
    if (!config.trust_anchors || config.trust_anchors->empty()) {
        return Error(Status::kTlsIssuerCertificateNotFound,
                     ErrorDetail{"no trust anchors are configured, so the peer's chain cannot be verified",
                                 "trust store", 0, chain.front().subject().to_string()});
    }
    x509::VerifyOptions options;
    options.time = (config.clock ? config.clock : system_clock())->now();
    options.peer = peer;
    options.purpose = purpose;
    options.max_intermediates = config.max_chain_intermediates;
    options.crls = config.crls;
    options.public_suffixes = config.public_suffixes;
    options.provider = config.provider_ptr();
    options.public_key_cache = config.public_key_cache;
    const auto intermediates = std::span<const x509::Certificate>(chain).subspan(1);
    NXS_TRY(x509::verify_chain(chain.front(), intermediates, *config.trust_anchors, options));
    return ChainVerified(false);
}

Result<SignatureScheme> check_certificate_verify(const Config& config, const x509::Certificate& leaf,
                                                 const record::HandshakeMessage& message, SignatureContext context,
                                                 Bytes transcript_hash, Status failure) {
    NXS_TRY_ASSIGN(const auto verify, handshake::CertificateVerify::decode(message.body));
    const auto& ours = config.signature_schemes;
    // RFC 8446 §4.4.3: the algorithm MUST be one offered in signature_algorithms, and fit the certificate's key.
    if (std::find(ours.begin(), ours.end(), verify.algorithm) == ours.end()) {
        return Error(Status::kTlsUnsupportedSignatureAlgorithm,
                     "the peer signed with " + std::string(crypto::signature_scheme_name(verify.algorithm)) +
                         ", which was not offered");
    }
    const auto& spki = leaf.public_key();
    if (!spki.type || !scheme_fits_key(verify.algorithm, *spki.type, spki.curve)) {
        return Error(Status::kTlsUnsupportedSignatureAlgorithm,
                     "the peer's CertificateVerify scheme " +
                         std::string(crypto::signature_scheme_name(verify.algorithm)) +
                         " does not fit the key of its certificate");
    }
    NXS_TRY_ASSIGN(const auto key, load_peer_key(config, spki.der));
    const auto algorithm = crypto::signature_algorithm_for(verify.algorithm);
    const auto content = certificate_verify_content(context, transcript_hash);
    if (!algorithm || !key->verify(*algorithm, content, verify.signature).ok()) {
        return Error(failure, ErrorDetail{"the peer's CertificateVerify signature does not verify with the key of its "
                                          "certificate",
                                          "CertificateVerify.signature", 0, leaf.subject().to_string()});
    }
    return verify.algorithm;
}

std::string group_display_name(NamedGroup group) {
    const auto name = crypto::group_name(group);
    return name.empty() ? std::string("unknown") : std::string(name);
}

}  // namespace nxs::tls13
