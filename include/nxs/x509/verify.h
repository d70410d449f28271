// Certificate path building and validation (RFC 5280 §6) with the web PKI's additions, and peer identity checks.
//
//   nxs::x509::VerifyOptions options;
//   options.time = now_seconds;                       // injected: nxs never reads a clock
//   options.peer = nxs::x509::PeerName::dns("example.com");
//   auto chain = nxs::x509::verify_chain(leaf, intermediates, trust_store, options);
//   if (!chain.ok()) { puts(chain.error().to_string().c_str()); }
//
// Path building starts at the leaf and looks for issuers (subject == issuer, RFC 5280 §7.1 comparison) first among
// the trust anchors, then among the untrusted intermediates, AKI/SKI matches first, depth first with backtracking: a
// failed candidate (bad signature, expired, not a CA, a violated constraint further down) makes the builder try the
// next one, so cross-signed and same-name intermediates and "chain of pain" bundles work. A certificate (same
// subject and key) is never used twice in a path. Work is bounded (signature checks, candidate steps, complete paths)
// so hostile inputs end fast. When every attempt fails, the error of the attempt that got furthest is reported:
// a complete path that failed a path check beats a candidate that failed its own checks, which beats a signature
// failure, which beats "issuer not found".
//
// Checked on every certificate of the path, the anchor included:
//   validity at options.time, inclusive at both ends                      0x194 not yet valid / 0x193 expired
//   issuers: basicConstraints present with cA TRUE                        0x18C
//   issuers: keyUsage, when present, asserts keyCertSign                  0x1A0
//   pathLenConstraint (self-issued intermediates do not count)            0x18C
//   cA TRUE with a keyUsage lacking keyCertSign, keyCertSign without cA,
//   pathLenConstraint without cA                                          0x1A0
//   nameConstraints only on CAs, not empty, well-formed subtrees          0x18C
//   profile (RFC 5280 §4.2 MUSTs the web PKI enforces): AKI keyIdentifier present unless self-issued, AKI without
//   authorityCertIssuer/SerialNumber and equal to the SKI on a self-signed certificate, SKI on CAs, AKI/SKI/AIA not
//   critical, policyConstraints critical, non-empty issuer, non-empty subject on CAs, subjectAltName present and
//   critical when the subject is empty, serial number positive and at most 20 octets (not on anchors)
//                                                                          0x192 (0x188 for serial/names)
//   public key: supported type, RSA at least options.min_rsa_bits and a whole number of bytes
//                                                                          0x10D unsupported / 0x185 weak
//   signatures by the issuer's key through the crypto provider:
//     unsupported signature algorithm                                      0x116
//     algorithm does not fit the issuer's key type                         0x19A
//     signature does not verify                                            0x117
//     outer signatureAlgorithm differs from TBSCertificate.signature        0x19A
//   extendedKeyUsage for options.purpose: on the leaf when present (anyExtendedKeyUsage is refused there, even beside
//   the purpose, unless options.accept_any_eku_on_leaf, CA/B BR 7.1.2.7.10; a critical EKU on the leaf is refused,
//   7.1.2.7.6); on intermediates and anchors when present (anyExtendedKeyUsage counts), as the web PKI does; a
//   self-signed anchor carrying an EKU is refused (CA/B BR 7.1.2.1.2). A missing EKU allows every purpose.  0x19F
//   leaf commonName for kServerAuth (options.strict_leaf_common_name): a CN that spells one of the SANs differently
//   (other case, hex/octal/uncompressed IP text, a U-label beside A-label SANs) is refused, CA/B BR 7.1.4.3   0x195
//   leaf keyUsage, when present: for kServerAuth one of digitalSignature, keyEncipherment, keyAgreement; for
//   kClientAuth digitalSignature or keyAgreement; plus every bit of options.required_leaf_key_usage   0x1A0
//   name constraints of every CA (anchor included) on the subject DN, the emailAddress attributes (when there is
//   no SAN) and the SANs of every certificate below it (RFC 5280 §4.2.1.10); self-issued intermediates are exempt,
//   the leaf never is. dNSName, iPAddress, directoryName, rfc822Name and URI are checked; a wildcard dNSName SAN
//   ("*.example.com") must lie wholly inside the permitted subtrees and may not reach into an excluded one; a SAN
//   of another form (otherName, x400Address, ediPartyName, registeredID) under a constraint of the same form is
//   rejected (nxs cannot check it). A non-critical nameConstraints is applied like a critical one.   0x18C
//   CRLs (options.crls), see below                                         0x197 0x198 0x1A0 0x199
//   the peer name (options.peer) against the leaf, see hostname.h; with options.public_suffixes, no wildcard over a
//   public suffix ("*.co.uk")                                              0x195
//   the self-signed leaf policy                                            0x11A
//   no issuer found for a certificate                                      0x11B
//   options.max_intermediates (self-issued intermediates do not count), work limits   0x18C
// Trust anchors: RFC 5280 treats an anchor as a name and a key only; like the web PKI (and x509-limbo) nxs also
// applies the anchor certificate's validity, basicConstraints, keyUsage, EKU and nameConstraints.
//
// CRLs (when options.crls is not empty): for each certificate of the path except the anchor, every CRL whose issuer
// name equals the subject of the certificate's issuer in the path is checked: the issuer's keyUsage (when present)
// asserts cRLSign (0x1A0), the CRL's signature verifies with the issuer's key (0x198), thisUpdate <= time <=
// nextUpdate (a CRL not yet valid or expired cannot vouch for "not revoked": 0x18C "CRL ... expired"), and the
// certificate's serial number is not listed (0x199). When no CRL given is from any issuer of the path (e.g. the
// only CRL offered names another CA), 0x197. Certificates without a CRL from their issuer are not checked (no
// hard-fail per certificate; no OCSP).
//
// Not checked (see docs/x509-conformance.md): certificate policies and policy mapping (policyConstraints and
// inhibitAnyPolicy are parsed, not enforced), OCSP, CRL distribution points and delta CRLs, indirect CRLs, SCTs; the
// Public Suffix List for wildcards only when options.public_suffixes is set.
//
// Codes and the TLS layer: every verify_chain error is already the code to report. 0x11B (issuer not found),
// 0x11A (self-signed), 0x117 (signature) and 0x116 (algorithm) are the NX_SECURE_TLS_* codes NetX Secure gives these
// conditions; the rest are NX_SECURE_X509_*. 0x18C (NX_SECURE_X509_CHAIN_VERIFY_FAILURE) is the catch-all for path
// constraints (not a CA, path length, name constraints, depth, work limit). The TLS layer sends bad_certificate for
// all of them except: 0x193 certificate_expired, 0x199 certificate_revoked, 0x11B unknown_ca, 0x116
// unsupported_certificate (status.cpp's default_alert table).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nxs/crypto/provider.h"
#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"
#include "nxs/x509/public_key_cache.h"
#include "nxs/x509/public_suffix.h"
#include "nxs/x509/trust_store.h"

namespace nxs::x509 {

class Crl;

// What to check the leaf's names against. A verifier must say which: kUnset is refused for kServerAuth, so a TLS
// client that forgot the host name fails loudly instead of accepting any certificate; kNone opts out explicitly.
enum class HostCheck : std::uint8_t { kUnset, kNone, kDns, kIp, kEmail };

struct PeerName {
    HostCheck kind = HostCheck::kUnset;
    std::string value;  // host name, IP address text or e-mail address

    static PeerName dns(std::string name) { return {HostCheck::kDns, std::move(name)}; }
    static PeerName ip(std::string address) { return {HostCheck::kIp, std::move(address)}; }
    static PeerName email(std::string address) { return {HostCheck::kEmail, std::move(address)}; }
    static PeerName none() { return {HostCheck::kNone, {}}; }
};

// The extended key usage the leaf must allow: id-kp-serverAuth (a TLS client checking a server), id-kp-clientAuth (a
// server checking a client), or no EKU check at all.
enum class Purpose : std::uint8_t { kServerAuth, kClientAuth, kAny };

enum class SelfSignedLeafPolicy : std::uint8_t {
    kRequireAnchor,  // a self-signed leaf is accepted only when it is itself a trust anchor (pinning); default
    kReject,         // never, even when it is an anchor
};

struct VerifyOptions {
    std::optional<std::int64_t> time;  // seconds since 1970 UTC; required (NX_SECURE_X509_CHAIN_VERIFY_FAILURE if not)
    PeerName peer;
    Purpose purpose = Purpose::kServerAuth;
    std::size_t max_intermediates = 8;  // intermediates between leaf and anchor, self-issued ones not counted
    std::vector<std::shared_ptr<const Crl>> crls;  // complete CRLs (nxs/x509/crl.h); see "CRLs" above
    SelfSignedLeafPolicy self_signed_leaf = SelfSignedLeafPolicy::kRequireAnchor;
    bool legacy_cn_fallback = false;  // match the host name against the CN when the leaf has no dNSName SAN
    // A wildcard dNSName whose base is a public suffix ("*.co.uk", "*.s3.amazonaws.com") never matches the host name
    // (RFC 9525 §7.2). Null: no Public Suffix List check (wildcards over two labels, "*.com", are refused anyway).
    std::shared_ptr<const PublicSuffixList> public_suffixes;
    bool accept_any_eku_on_leaf = false;
    // CA/B BR §7.1.4.3 for kServerAuth: the leaf's commonName, when present (and the leaf has SANs), must be a
    // byte-for-byte copy of a dNSName SAN or the RFC 5952 text of an iPAddress SAN (0x195).
    bool strict_leaf_common_name = true;
    std::uint16_t required_leaf_key_usage = 0;  // KeyUsageBit flags the leaf must assert when it has keyUsage
    std::size_t min_rsa_bits = 2048;
    // Work limits: total signature verifications, candidate issuers tried, complete paths evaluated.
    std::size_t max_signature_checks = 100;
    std::size_t max_candidates = 1000;
    std::size_t max_paths = 50;
    std::shared_ptr<const crypto::Provider> provider;  // null: crypto::default_provider()
    // Keys of intermediates (and of self-signed leaves) kept across verifications, keyed by provider and SPKI bytes
    // (public_key_cache.h): verifying the same chain again does not load its keys again; every signature is still
    // checked. Trust anchors keep their own keys (TrustStore::anchor_key). Null: every key is loaded each time.
    std::shared_ptr<PublicKeyCache> public_key_cache;
};

struct VerifiedChain {
    std::vector<Certificate> certificates;  // leaf first, the trust anchor last (a pinned leaf: just the leaf)
    std::size_t signature_checks = 0;       // work done, for tests and benchmarks
    std::size_t candidates = 0;
};

NXS_API Result<VerifiedChain> verify_chain(const Certificate& leaf, std::span<const Certificate> intermediates,
                                           const TrustStore& anchors, const VerifyOptions& options);

// The peer-name check alone (verify_chain runs it on the leaf).
NXS_API Result<void> check_peer_name(const Certificate& leaf, const PeerName& peer, Purpose purpose,
                                     bool legacy_cn_fallback, const PublicSuffixList* public_suffixes = nullptr);

}  // namespace nxs::x509
