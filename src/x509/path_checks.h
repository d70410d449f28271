// Internal helpers of path validation (verify.cpp, path_validate.cpp, name_constraints.cpp, crl_check.cpp).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "nxs/result.h"
#include "nxs/x509/certificate.h"
#include "nxs/x509/verify.h"

namespace nxs::x509::detail {

// One extension as it appears in the certificate (RFC 5280 §4.1: extnID, critical, extnValue).
struct ExtensionRef {
    bool critical = false;
    Bytes value;  // extnValue's contents: the DER of the extension
};
std::optional<ExtensionRef> find_extension(const Certificate& cert, std::span<const std::uint8_t> oid);

// "certificate at depth 1 (CN=Example CA)"
std::string describe(const Certificate& cert, int depth);
// An Error whose message is describe(cert, depth) + " " + what.
Error cert_error(Status status, const Certificate& cert, int depth, std::string check, const std::string& what);

std::string_view bytes_text(Bytes b) noexcept;

// Shared budget of name comparisons across all name-constraint checks of one verification (nc-dos inputs).
struct NameBudget {
    std::size_t remaining = 1U << 16;
};

// RFC 5280 §4.2.1.10 on a CA's own extension: only in CA certificates, at least one non-empty subtree list, every
// base well-formed for its form (dNSName LDH without wildcard or leading dot, iPAddress address+contiguous mask,
// rfc822Name mailbox/host/.domain, URI host/.domain).
Result<void> check_name_constraints_syntax(const Certificate& ca, int depth);

// Applies `ca`'s nameConstraints to `subject` (its subject DN, emailAddress attributes and SANs).
Result<void> apply_name_constraints(const Certificate& ca, int ca_depth, const Certificate& subject, int depth,
                                    NameBudget& budget);

enum class Role : std::uint8_t { kLeaf, kIntermediate, kAnchor };

// Checks of one certificate alone (validity, profile, key, EKU/KU for its role).
Result<void> check_certificate(const Certificate& cert, int depth, Role role, bool is_issuer,
                               const VerifyOptions& options, std::int64_t time);

// Verifies `cert`'s signature with `issuer`'s key.
Result<void> check_signature(const crypto::Provider& provider, const Certificate& cert, int depth,
                             const crypto::PublicKey& issuer_key, const Certificate& issuer);

// The issuer key of a path member, loaded once per verification.
using KeyLookup = std::function<Result<const crypto::PublicKey*>(const Certificate& cert, int depth)>;

// CRL checks (crl_check.cpp) of every certificate of `path` (leaf first, anchor last) but the anchor.
Result<void> check_crls(std::span<const Certificate* const> path, const VerifyOptions& options, std::int64_t time,
                        const KeyLookup& key_of);

}  // namespace nxs::x509::detail
