// nxs::x509::TrustStore — the trust anchors a chain must end at.
//
// An anchor is a parsed Certificate; nxs trusts its name and key and also applies its basicConstraints, keyUsage,
// extendedKeyUsage and nameConstraints (as the web PKI does; see verify.h). The store indexes anchors on add, so
// lookups by subject Name or subjectKeyIdentifier never re-parse. Adding an anchor that is already present (same DER)
// does nothing. Each anchor's public key is loaded by the crypto provider once, on its first verification, and kept
// for every later one (anchor_key()), so a handshake does not load the root's key again.
//
// Sans-I/O: the only functions in the X.509 layer that read files are load_file() and load_system() here and in
// PublicSuffixList (public_suffix.h), which exist for applications and the CLI; everything else takes bytes.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"

namespace nxs::crypto {
class Provider;
class PublicKey;
}  // namespace nxs::crypto

namespace nxs::x509 {

class NXS_API TrustStore {
public:
    TrustStore() = default;

    // Adds one anchor. Returns false when the same certificate (same DER) was already there.
    bool add(const Certificate& anchor);
    // Removes the anchor with the same DER. Returns false when it was not there.
    bool remove(const Certificate& anchor);
    // Parses a PEM bundle (or one DER certificate) and adds every certificate; returns how many were added. A block
    // that does not parse fails the whole call and adds nothing.
    Result<std::size_t> add_pem_bundle(Bytes pem_or_der);

    // Reads a file of PEM certificates (or one DER certificate). File errors are NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
    // with the path and the reason.
    Result<std::size_t> load_file(const std::string& path);
    // The system store: $SSL_CERT_FILE if set, else /etc/ssl/certs/ca-certificates.crt; plus every *.pem / *.crt file
    // in each directory of $SSL_CERT_DIR (colon-separated) when set. Certificates that do not parse in a directory
    // file are skipped (system directories hold other things); the bundle file must parse.
    Result<std::size_t> load_system();

    std::size_t size() const noexcept { return m_anchors.size(); }
    bool empty() const noexcept { return m_anchors.empty(); }
    const std::vector<std::shared_ptr<const Certificate>>& anchors() const noexcept { return m_anchors; }

    // Anchors whose subject equals `name` (RFC 5280 §7.1 comparison).
    std::vector<const Certificate*> find_by_subject(const Name& name) const;
    // Anchors whose subjectKeyIdentifier equals `key_id`.
    std::vector<const Certificate*> find_by_key_id(Bytes key_id) const;
    // True when this exact certificate (same DER) is an anchor.
    bool contains(const Certificate& cert) const;

    // The public key of `anchor`, loaded by `provider` on the first call and then kept with the anchor: the cache
    // verify_chain() uses, safe to call from several threads at once. `anchor` is one of this store's own objects (a
    // pointer from anchors(), find_by_subject() or find_by_key_id()); for any other certificate the result is null.
    // Also null when the provider cannot load the key (the caller loads it itself to report why) or when the key was
    // first loaded by a different provider object (only the first provider's key is kept).
    const crypto::PublicKey* anchor_key(const Certificate& anchor,
                                        const std::shared_ptr<const crypto::Provider>& provider) const;

private:
    struct AnchorKey;  // the loaded key of one anchor, shared by copies of the store

    void rebuild_index();
    static std::string name_key(const Name& name);

    std::vector<std::shared_ptr<const Certificate>> m_anchors;
    std::vector<std::shared_ptr<AnchorKey>> m_keys;  // parallel to m_anchors
    // Index keys: a normalised key of the subject (see name_key), the SKI bytes, the DER. Values index m_anchors.
    std::unordered_multimap<std::string, std::size_t> m_by_subject;
    std::unordered_multimap<std::string, std::size_t> m_by_key_id;
    std::unordered_map<std::string, std::size_t> m_by_der;
    std::unordered_map<const Certificate*, std::size_t> m_by_object;
};

}  // namespace nxs::x509
