// GeneralName / GeneralNames / GeneralSubtrees (RFC 5280 §4.2.1.6, §4.2.1.10): checking at parse time.
#pragma once

#include "nxs/result.h"
#include "nxs/x509/certificate.h"
#include "x509/der.h"

namespace nxs::x509 {

// Checks a GeneralNames SEQUENCE (SIZE (1..MAX)) and returns a view of it. Each name must be well formed:
// rfc822Name, dNSName and URI are IA5String, iPAddress is 4 or 16 octets, directoryName holds a valid Name,
// registeredID a valid OID, otherName a type-id OID and an [0] EXPLICIT value.
Result<GeneralNames> parse_general_names(const Element& sequence);

// Checks a GeneralSubtrees SEQUENCE (SIZE (1..MAX)) of name constraints: each subtree's base as above but iPAddress
// is an address and mask (8 or 32 octets); minimum absent (RFC 5280 §4.2.1.10: "MUST be zero", and DER omits a
// default) and maximum absent ("MUST be absent").
Result<GeneralNames> parse_general_subtrees(const Element& sequence);

// Checks one GeneralName element (for AuthorityInfoAccess accessLocation, CRL fullName and the like).
Result<GeneralName> parse_general_name(const Element& element, bool in_constraint);

}  // namespace nxs::x509
