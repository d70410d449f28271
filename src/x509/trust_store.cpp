// TrustStore: anchors indexed by subject and key identifier; the one file reader of the X.509 layer.
#include "nxs/x509/trust_store.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <system_error>

#include "nxs/crypto/provider.h"

namespace nxs::x509 {

// One anchor's key as loaded by one provider. Copies of a TrustStore share it (they share the Certificate too), so
// the lock guards the first load against verifications running on other threads with another copy.
struct TrustStore::AnchorKey {
    std::mutex mutex;
    bool tried = false;
    std::shared_ptr<const crypto::Provider> provider;  // kept alive: the key may depend on it
    std::unique_ptr<crypto::PublicKey> key;            // null when the provider could not load it
};
namespace {

std::string bytes_key(Bytes b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};  // NOLINT: a byte string as a map key
}

// The only place in src/x509 that touches the file system (ARCHITECTURE.md §2, sans-I/O): the explicit loader API.
Result<std::vector<std::uint8_t>> read_trust_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error(Status::kTlsCertificateNotFound,
                     ErrorDetail{"cannot open trust file " + path, "trust store", -1, {}});
    }
    std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        return Error(Status::kTlsCertificateNotFound,
                     ErrorDetail{"cannot read trust file " + path, "trust store", -1, {}});
    }
    return data;
}

}  // namespace

std::string TrustStore::name_key(const Name& name) {
    // A coarse key that names_equal() never separates: the ASCII letters and digits of the first commonName, lower
    // case (the RFC 4518 preparation only folds case and space, and a BMPString "AB" still yields "ab"). Lookups
    // then confirm each hit with names_equal().
    std::string key;
    for (const char c : name.common_name()) {
        if (c >= 'A' && c <= 'Z') {
            key += static_cast<char>(c - 'A' + 'a');
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            key += c;
        }
    }
    return key;
}

void TrustStore::rebuild_index() {
    m_by_subject.clear();
    m_by_key_id.clear();
    m_by_der.clear();
    m_by_object.clear();
    for (std::size_t i = 0; i < m_anchors.size(); ++i) {
        const Certificate& cert = *m_anchors[i];
        m_by_subject.emplace(name_key(cert.subject()), i);
        if (const auto& ski = cert.extensions().subject_key_id) {
            m_by_key_id.emplace(bytes_key(*ski), i);
        }
        m_by_der.emplace(bytes_key(cert.der()), i);
        m_by_object.emplace(&cert, i);
    }
}

bool TrustStore::add(const Certificate& anchor) {
    if (contains(anchor)) {
        return false;
    }
    const std::size_t index = m_anchors.size();
    m_anchors.push_back(std::make_shared<const Certificate>(anchor));
    m_keys.push_back(std::make_shared<AnchorKey>());
    m_by_subject.emplace(name_key(anchor.subject()), index);
    if (const auto& ski = anchor.extensions().subject_key_id) {
        m_by_key_id.emplace(bytes_key(*ski), index);
    }
    m_by_der.emplace(bytes_key(anchor.der()), index);
    m_by_object.emplace(m_anchors.back().get(), index);
    return true;
}

bool TrustStore::remove(const Certificate& anchor) {
    const auto it = m_by_der.find(bytes_key(anchor.der()));
    if (it == m_by_der.end()) {
        return false;
    }
    const std::size_t index = it->second;
    m_anchors.erase(m_anchors.begin() + static_cast<std::ptrdiff_t>(index));
    m_keys.erase(m_keys.begin() + static_cast<std::ptrdiff_t>(index));
    rebuild_index();
    return true;
}

bool TrustStore::contains(const Certificate& cert) const {
    return m_by_der.count(bytes_key(cert.der())) != 0;
}

Result<std::size_t> TrustStore::add_pem_bundle(Bytes pem_or_der) {
    NXS_TRY_ASSIGN(const auto certs, parse_certificates(pem_or_der));
    std::size_t added = 0;
    for (const auto& cert : certs) {
        added += add(cert) ? 1U : 0U;
    }
    return added;
}

Result<std::size_t> TrustStore::load_file(const std::string& path) {
    NXS_TRY_ASSIGN(const auto data, read_trust_file(path));
    return add_pem_bundle(data);
}

Result<std::size_t> TrustStore::load_system() {
    const char* file_env = std::getenv("SSL_CERT_FILE");  // NOLINT(concurrency-mt-unsafe): read once at load
    const char* dir_env = std::getenv("SSL_CERT_DIR");    // NOLINT(concurrency-mt-unsafe)
    std::size_t added = 0;
    const bool have_dir = dir_env != nullptr && *dir_env != '\0';
    const std::string file =
        (file_env != nullptr && *file_env != '\0') ? std::string(file_env) : "/etc/ssl/certs/ca-certificates.crt";
    // The default bundle may be missing when only SSL_CERT_DIR is used; an explicit SSL_CERT_FILE must load.
    std::error_code ec;
    if (file_env != nullptr || !have_dir || std::filesystem::exists(file, ec)) {
        NXS_TRY_ASSIGN(const std::size_t n, load_file(file));
        added += n;
    }
    if (have_dir) {
        std::string_view dirs(dir_env);
        while (!dirs.empty()) {
            const std::size_t colon = dirs.find(':');
            const std::string dir(dirs.substr(0, colon));
            dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
            if (dir.empty()) {
                continue;
            }
            for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
                const auto ext = entry.path().extension().string();
                const auto stem = entry.path().filename().string();
                // c_rehash links are named <hash>.<n>; bundles end in .pem or .crt.
                const bool hashed = stem.size() > 9 && stem.at(8) == '.';
                if (!entry.is_regular_file(ec) || !(ext == ".pem" || ext == ".crt" || hashed)) {
                    continue;
                }
                auto data = read_trust_file(entry.path().string());
                if (!data.ok()) {
                    continue;
                }
                auto certs = parse_certificates(*data);
                if (!certs.ok()) {
                    continue;
                }
                for (const auto& cert : *certs) {
                    added += add(cert) ? 1U : 0U;
                }
            }
        }
    }
    return added;
}

const crypto::PublicKey* TrustStore::anchor_key(const Certificate& anchor,
                                                const std::shared_ptr<const crypto::Provider>& provider) const {
    const auto it = m_by_object.find(&anchor);
    if (it == m_by_object.end() || !provider) {
        return nullptr;
    }
    AnchorKey& slot = *m_keys[it->second];
    const std::lock_guard<std::mutex> lock(slot.mutex);
    if (!slot.tried) {
        slot.tried = true;
        slot.provider = provider;
        auto loaded = provider->load_public_key(anchor.public_key().der);
        if (loaded.ok()) {
            slot.key = std::move(*loaded);
        }
    }
    return slot.provider == provider ? slot.key.get() : nullptr;
}

std::vector<const Certificate*> TrustStore::find_by_subject(const Name& name) const {
    std::vector<const Certificate*> out;
    const auto [begin, end] = m_by_subject.equal_range(name_key(name));
    for (auto it = begin; it != end; ++it) {
        const Certificate* cert = m_anchors[it->second].get();
        if (names_equal(cert->subject(), name)) {
            out.push_back(cert);
        }
    }
    return out;
}

std::vector<const Certificate*> TrustStore::find_by_key_id(Bytes key_id) const {
    std::vector<const Certificate*> out;
    const auto [begin, end] = m_by_key_id.equal_range(bytes_key(key_id));
    for (auto it = begin; it != end; ++it) {
        out.push_back(m_anchors[it->second].get());
    }
    return out;
}

}  // namespace nxs::x509
