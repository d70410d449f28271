// What the TLS 1.3 client and server state machines share: randomness, key shares, signature schemes, the
// Certificate / CertificateVerify / Finished steps, and the verification tokens of STYLE.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "handshake/cipher_suites.h"
#include "handshake/msgs/certificate.h"
#include "handshake/msgs/certificate_verify.h"
#include "handshake/msgs/handshake_type.h"
#include "handshake/tls13/key_schedule.h"
#include "handshake/tls13/transcript.h"
#include "nxs/config.h"
#include "nxs/crypto/provider.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"
#include "record/handshake_framer.h"

namespace nxs::tls13 {

// Random bytes from the Config's deterministic generator when set, else the provider's DRBG.
Result<void> fill_random(const Config& config, std::span<std::uint8_t> out);

// An ephemeral key pair for `group`. With a deterministic generator in the Config, the private value is drawn from
// it (so RFC 8448 traces and fuzzing replay exactly); otherwise the provider generates the key.
Result<std::unique_ptr<crypto::KeyShare>> make_key_share(const Config& config, crypto::NamedGroup group);

// RFC 8446 §4.2.3: may `scheme` be used in a TLS 1.3 CertificateVerify with a key of this type? (PKCS#1 v1.5 and
// SHA-1 schemes never; ECDSA schemes only with their own curve; rsa_pss_rsae with rsaEncryption keys; rsa_pss_pss
// with RSASSA-PSS keys.)
bool scheme_fits_key(crypto::SignatureScheme scheme, crypto::KeyType type, crypto::EcCurve curve) noexcept;

// The first of our schemes that the peer offered and our key can make, or nullopt.
std::optional<crypto::SignatureScheme> choose_signature_scheme(const crypto::PrivateKey& key,
                                                               std::span<const crypto::SignatureScheme> ours,
                                                               std::span<const crypto::SignatureScheme> peers);

// The handshake type of a framed message.
inline handshake::HandshakeType type_of(const record::HandshakeMessage& message) noexcept {
    return static_cast<handshake::HandshakeType>(message.type);
}

// RFC 8446 §4: a message the current state does not expect. Decided from the type alone, before parsing.
Error unexpected_message(handshake::HandshakeType got, std::string_view state);

// Our Certificate message for `certified` (context: empty in a handshake, the CertificateRequest's in post-handshake
// authentication). A null `certified` gives the empty Certificate a client sends when it has none to offer.
Result<std::vector<std::uint8_t>> encode_certificate(const CertifiedKey* certified, Bytes request_context);

// Our CertificateVerify: the signature over the RFC 8446 §4.4.3 content with `scheme`.
Result<std::vector<std::uint8_t>> encode_certificate_verify(const crypto::PrivateKey& key,
                                                            crypto::SignatureScheme scheme, SignatureContext context,
                                                            Bytes transcript_hash);

// A Finished message with verify_data under `base_key` (RFC 8446 §4.4.4).
Result<std::vector<std::uint8_t>> encode_finished(const Hkdf& hkdf, const Secret& base_key, Bytes transcript_hash);

// The peer's certificates, parsed. `server_side` chooses the code for an unparsable certificate: a server's is
// NX_SECURE_TLS_INVALID_SERVER_CERT (0x10C), a client's NX_SECURE_TLS_INVALID_CERTIFICATE (0x112); the X.509 code and
// reason are in the message.
Result<std::vector<x509::Certificate>> parse_peer_chain(const Certificate& message, bool server_side);

// Proof that the peer's chain was verified (or that verification was explicitly turned off): only verify_peer_chain
// makes one, so a state that needs it cannot be reached without the check.
class ChainVerified {
public:
    bool skipped() const noexcept { return m_skipped; }

private:
    friend Result<ChainVerified> verify_peer_chain(const Config&, const std::vector<x509::Certificate>&,
                                                   const x509::PeerName&, x509::Purpose);
    explicit ChainVerified(bool skipped) noexcept : m_skipped(skipped) {}
    bool m_skipped;
};

// Path validation of the peer's chain against the Config's trust anchors at the Config's clock (x509::verify_chain).
Result<ChainVerified> verify_peer_chain(const Config& config, const std::vector<x509::Certificate>& chain,
                                        const x509::PeerName& peer, x509::Purpose purpose);

// Checks the peer's CertificateVerify: the scheme was offered by us and fits the leaf's key, and the signature is
// valid. `failure` is the code for a bad signature (0x14E from a server, 0x131 from a client).
Result<crypto::SignatureScheme> check_certificate_verify(const Config& config, const x509::Certificate& leaf,
                                                         const record::HandshakeMessage& message,
                                                         SignatureContext context, Bytes transcript_hash,
                                                         Status failure);

// "x25519", "secp256r1"; the name as `nxs client --brief` prints it.
std::string group_display_name(crypto::NamedGroup group);

}  // namespace nxs::tls13
