// verify_chain: path building (depth first, with backtracking) and path validation (RFC 5280 §6).
#include "nxs/x509/verify.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "nxs/x509/hostname.h"
#include "x509/path_checks.h"

namespace nxs::x509 {
namespace {

using detail::Role;

constexpr std::size_t kMaxPathCertificates = 32;

bool same_bytes(Bytes a, Bytes b) noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// How far an attempt got; the error of the furthest attempt is reported.
enum class Progress : int {
    kNoIssuer = 0,   // no candidate issuer at all
    kSignature = 1,  // a candidate whose signature check failed
    kCandidate = 2,  // a candidate that failed its own checks
    kPath = 3,       // a complete path that failed a path check
};

struct Node {
    const Certificate* cert;
    bool anchor;
};

class PathBuilder {
public:
    PathBuilder(const Certificate& leaf, std::span<const Certificate> intermediates, const TrustStore& anchors,
                const VerifyOptions& options, std::shared_ptr<const crypto::Provider> provider, std::int64_t time)
        : m_leaf(leaf),
          m_intermediates(intermediates),
          m_anchors(anchors),
          m_options(options),
          m_provider_owner(std::move(provider)),
          m_provider(*m_provider_owner),
          m_time(time) {}

    Result<VerifiedChain> run() {
        NXS_TRY(detail::check_certificate(m_leaf, 0, Role::kLeaf, false, m_options, m_time));
        const bool self_signed = m_leaf.is_self_issued() && verifies_itself();
        if (m_anchors.contains(m_leaf)) {
            if (self_signed && m_options.self_signed_leaf == SelfSignedLeafPolicy::kReject) {
                return detail::cert_error(Status::kTlsInvalidSelfSignedCert, m_leaf, 0, "self-signed",
                                          "is self-signed and the policy refuses self-signed leaves");
            }
            m_path.push_back({&m_leaf, true});
            NXS_TRY(validate_path());
            return finish();
        }
        m_path.push_back({&m_leaf, false});
        if (search()) {
            return finish();
        }
        if (self_signed && m_best_rank <= Progress::kSignature && !m_aborted) {
            return detail::cert_error(Status::kTlsInvalidSelfSignedCert, m_leaf, 0, "self-signed",
                                      "is self-signed and not a trust anchor");
        }
        return *m_best;
    }

private:
    Result<VerifiedChain> finish() {
        NXS_TRY(check_peer_name(m_leaf, m_options.peer, m_options.purpose, m_options.legacy_cn_fallback,
                                m_options.public_suffixes.get()));
        VerifiedChain chain;
        for (const Node& node : m_path) {
            chain.certificates.push_back(*node.cert);
        }
        chain.signature_checks = m_signature_checks;
        chain.candidates = m_candidates;
        return chain;
    }

    bool verifies_itself() {
        auto key = key_of(m_leaf, 0);
        return key.ok() && signature(m_leaf, 0, m_leaf, **key).ok();
    }

    void record(Error error, Progress rank) {
        if (!m_best || rank > m_best_rank) {
            m_best = std::move(error);
            m_best_rank = rank;
        }
    }

    void abort(const std::string& what) {
        m_aborted = true;
        m_best = Error(Status::kX509ChainVerifyFailure,
                       ErrorDetail{"path building stopped: " + what, "work limit", -1, m_leaf.subject().to_string()});
        m_best_rank = Progress::kPath;
    }

    Result<const crypto::PublicKey*> key_of(const Certificate& cert, int depth) {
        // An anchor's key is loaded once per trust store, not once per verification (docs/performance.md).
        if (const crypto::PublicKey* anchor_key = m_anchors.anchor_key(cert, m_provider_owner)) {
            return anchor_key;
        }
        const auto it = m_keys.find(&cert);
        if (it != m_keys.end()) {
            return it->second.get();
        }
        auto key = load_key(cert.public_key().der);
        if (!key.ok()) {
            const Status status =
                key.status() == Status::kTlsUnsupportedPublicCipher ? key.status() : Status::kX509InvalidPublicKey;
            return detail::cert_error(status, cert, depth, "subjectPublicKeyInfo",
                                      "has a public key the crypto provider cannot load: " + key.error().message());
        }
        const crypto::PublicKey* raw = key->get();
        m_keys.emplace(&cert, std::move(*key));
        return raw;
    }

    // Other keys through the options' cache when there is one (a peer's chain is often the same as last time).
    Result<std::shared_ptr<const crypto::PublicKey>> load_key(Bytes spki_der) const {
        if (m_options.public_key_cache) {
            return m_options.public_key_cache->load(m_provider_owner, spki_der);
        }
        NXS_TRY_ASSIGN(auto key, m_provider.load_public_key(spki_der));
        return std::shared_ptr<const crypto::PublicKey>(std::move(key));
    }

    Result<void> signature(const Certificate& child, int depth, const Certificate& issuer,
                           const crypto::PublicKey& key) {
        const auto cache_key = std::make_pair(&child, &issuer);
        const auto it = m_signatures.find(cache_key);
        if (it != m_signatures.end()) {
            if (it->second) {
                return {};
            }
        } else {
            ++m_signature_checks;
        }
        auto result = detail::check_signature(m_provider, child, depth, key, issuer);
        m_signatures[cache_key] = result.ok();
        return result;
    }

    bool in_path(const Certificate& cand) const {
        return std::any_of(m_path.begin(), m_path.end(), [&](const Node& node) {
            return same_bytes(node.cert->der(), cand.der()) ||
                   (same_bytes(node.cert->public_key().der, cand.public_key().der) &&
                    names_equal(node.cert->subject(), cand.subject()));
        });
    }

    std::size_t counted_intermediates() const {
        std::size_t n = 0;
        for (std::size_t i = 1; i < m_path.size(); ++i) {
            n += m_path[i].cert->is_self_issued() ? 0U : 1U;
        }
        return n;
    }

    // 0: AKI keyIdentifier equals the candidate's SKI; 1: one of them missing; 2: they differ.
    static int key_id_score(const Certificate& child, const Certificate& cand) {
        const auto& aki = child.extensions().authority_key_id;
        const auto& ski = cand.extensions().subject_key_id;
        if (!aki || !ski) {
            return 1;
        }
        return same_bytes(*aki, *ski) ? 0 : 2;
    }

    std::vector<Node> candidates_for(const Certificate& child) const {
        std::vector<Node> out;
        for (const Certificate* anchor : m_anchors.find_by_subject(child.issuer())) {
            out.push_back({anchor, true});
        }
        for (const Certificate& cert : m_intermediates) {
            if (names_equal(cert.subject(), child.issuer()) && !m_anchors.contains(cert)) {
                out.push_back({&cert, false});
            }
        }
        std::stable_sort(out.begin(), out.end(), [&](const Node& a, const Node& b) {
            return std::make_pair(a.anchor ? 0 : 1, key_id_score(child, *a.cert)) <
                   std::make_pair(b.anchor ? 0 : 1, key_id_score(child, *b.cert));
        });
        return out;
    }

    bool search() {
        const Certificate& child = *m_path.back().cert;
        const int depth = static_cast<int>(m_path.size()) - 1;
        const std::vector<Node> candidates = candidates_for(child);
        bool tried = false;
        for (const Node& cand : candidates) {
            if (m_aborted) {
                return false;
            }
            if (in_path(*cand.cert)) {
                continue;
            }
            tried = true;
            if (++m_candidates > m_options.max_candidates) {
                abort("more than " + std::to_string(m_options.max_candidates) + " candidate issuers tried");
                return false;
            }
            const int cand_depth = depth + 1;
            if (!cand.anchor) {
                const std::size_t count = counted_intermediates() + (cand.cert->is_self_issued() ? 0U : 1U);
                if (count > m_options.max_intermediates || m_path.size() + 1 >= kMaxPathCertificates) {
                    record(detail::cert_error(Status::kX509ChainVerifyFailure, *cand.cert, cand_depth, "max depth",
                                              "would make the path longer than the limit of " +
                                                  std::to_string(m_options.max_intermediates) + " intermediates"),
                           Progress::kCandidate);
                    continue;
                }
            }
            if (m_signature_checks >= m_options.max_signature_checks) {
                abort("more than " + std::to_string(m_options.max_signature_checks) + " signature checks");
                return false;
            }
            auto key = key_of(*cand.cert, cand_depth);
            if (!key.ok()) {
                record(std::move(key).error(), Progress::kCandidate);
                continue;
            }
            auto sig = signature(child, depth, *cand.cert, **key);
            if (!sig.ok()) {
                record(std::move(sig).error(), Progress::kSignature);
                continue;
            }
            auto checked = detail::check_certificate(
                *cand.cert, cand_depth, cand.anchor ? Role::kAnchor : Role::kIntermediate, true, m_options, m_time);
            if (!checked.ok()) {
                record(std::move(checked).error(), Progress::kCandidate);
                continue;
            }
            m_path.push_back(cand);
            if (cand.anchor) {
                if (++m_paths > m_options.max_paths) {
                    abort("more than " + std::to_string(m_options.max_paths) + " complete paths evaluated");
                    return false;
                }
                auto valid = validate_path();
                if (valid.ok()) {
                    return true;
                }
                record(std::move(valid).error(), Progress::kPath);
            } else if (search()) {
                return true;
            }
            m_path.pop_back();
        }
        if (!tried) {
            const std::string issuer = child.issuer().to_string();
            record(detail::cert_error(Status::kTlsIssuerCertificateNotFound, child, depth, "issuer",
                                      "has no issuer (" + (issuer.empty() ? std::string("empty name") : issuer) +
                                          ") among the trust anchors and intermediates"),
                   Progress::kNoIssuer);
        }
        return false;
    }

    // Checks that need the whole path: pathLenConstraint, name constraints, CRLs.
    Result<void> validate_path() {
        std::vector<const Certificate*> certs;
        for (const Node& node : m_path) {
            certs.push_back(node.cert);
        }
        // RFC 5280 §6.1.4 (l), (m): self-issued intermediates do not count toward a pathLenConstraint.
        for (std::size_t i = 1; i < certs.size(); ++i) {
            const auto& bc = certs[i]->extensions().basic_constraints;
            if (!bc || !bc->path_length) {
                continue;
            }
            std::int64_t below = 0;
            for (std::size_t j = 1; j < i; ++j) {
                below += certs[j]->is_self_issued() ? 0 : 1;
            }
            if (below > *bc->path_length) {
                return detail::cert_error(Status::kX509ChainVerifyFailure, *certs[i], static_cast<int>(i),
                                          "pathLenConstraint",
                                          "allows " + std::to_string(*bc->path_length) +
                                              " intermediate CA(s) below it but the path has " + std::to_string(below));
            }
        }
        // RFC 5280 §6.1.3 (b), (c): every name below a constraining CA; self-issued intermediates are exempt.
        for (std::size_t i = 1; i < certs.size(); ++i) {
            if (!certs[i]->extensions().name_constraints) {
                continue;
            }
            for (std::size_t j = 0; j < i; ++j) {
                if (j != 0 && certs[j]->is_self_issued()) {
                    continue;
                }
                NXS_TRY(detail::apply_name_constraints(*certs[i], static_cast<int>(i), *certs[j], static_cast<int>(j),
                                                       m_name_budget));
            }
        }
        if (!m_options.crls.empty()) {
            NXS_TRY(detail::check_crls(certs, m_options, m_time,
                                       [this](const Certificate& cert, int depth) { return key_of(cert, depth); }));
        }
        return {};
    }

    const Certificate& m_leaf;
    std::span<const Certificate> m_intermediates;
    const TrustStore& m_anchors;
    const VerifyOptions& m_options;
    std::shared_ptr<const crypto::Provider> m_provider_owner;
    const crypto::Provider& m_provider;
    std::int64_t m_time;

    std::vector<Node> m_path;
    std::optional<Error> m_best;
    Progress m_best_rank = Progress::kNoIssuer;
    bool m_aborted = false;
    std::size_t m_signature_checks = 0;
    std::size_t m_candidates = 0;
    std::size_t m_paths = 0;
    detail::NameBudget m_name_budget;
    std::map<const Certificate*, std::shared_ptr<const crypto::PublicKey>> m_keys;
    std::map<std::pair<const Certificate*, const Certificate*>, bool> m_signatures;
};

}  // namespace

Result<void> check_peer_name(const Certificate& leaf, const PeerName& peer, Purpose purpose, bool legacy_cn_fallback,
                             const PublicSuffixList* public_suffixes) {
    switch (peer.kind) {
        case HostCheck::kUnset:
            if (purpose == Purpose::kServerAuth) {
                return Error(Status::kX509CertificateDnsMismatch,
                             ErrorDetail{"no expected host name was given for a server certificate (use "
                                         "PeerName::none() to skip the check explicitly)",
                                         "peer name", 0, leaf.subject().to_string()});
            }
            return {};
        case HostCheck::kNone:
            return {};
        case HostCheck::kDns:
            return check_host_name(leaf, peer.value, legacy_cn_fallback, public_suffixes);
        case HostCheck::kIp:
            return check_ip_address(leaf, peer.value);
        case HostCheck::kEmail:
            return check_email(leaf, peer.value);
    }
    return {};
}

Result<VerifiedChain> verify_chain(const Certificate& leaf, std::span<const Certificate> intermediates,
                                   const TrustStore& anchors, const VerifyOptions& options) {
    if (!options.time) {
        return Error(Status::kX509ChainVerifyFailure,
                     ErrorDetail{"no validation time given (VerifyOptions::time)", "time", -1, {}});
    }
    PathBuilder builder(leaf, intermediates, anchors, options,
                        options.provider ? options.provider : crypto::default_provider(), *options.time);
    return builder.run();
}

}  // namespace nxs::x509
