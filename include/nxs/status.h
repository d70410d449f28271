// nxs::Status — the NetX Secure return codes, with exactly the seed's values.
//
// The table in ../shared/spec/error-codes.tsv is the contract; tests/unit/common/status_table_test.cpp fails if a
// name or value here differs from it. Names follow the NX_SECURE_* names: NX_SECURE_TLS_FINISHED_HASH_FAILURE is
// Status::kTlsFinishedHashFailure. docs/errors.md says when nxs produces each code and which alert it sends.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "nxs/export.h"

namespace nxs {

enum class Status : std::uint16_t {
    kTlsSuccess = 0x000,                         // NX_SECURE_TLS_SUCCESS
    kX509Success = 0x000,                        // NX_SECURE_X509_SUCCESS
    kTlsSessionUninitialized = 0x101,            // NX_SECURE_TLS_SESSION_UNINITIALIZED
    kTlsUnrecognizedMessageType = 0x102,         // NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE
    kTlsInvalidState = 0x103,                    // NX_SECURE_TLS_INVALID_STATE
    kTlsInvalidPacket = 0x104,                   // NX_SECURE_TLS_INVALID_PACKET
    kTlsUnknownCiphersuite = 0x105,              // NX_SECURE_TLS_UNKNOWN_CIPHERSUITE
    kTlsUnsupportedCipher = 0x106,               // NX_SECURE_TLS_UNSUPPORTED_CIPHER
    kTlsHandshakeFailure = 0x107,                // NX_SECURE_TLS_HANDSHAKE_FAILURE
    kTlsHashMacVerifyFailure = 0x108,            // NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE
    kTlsTcpSendFailed = 0x109,                   // NX_SECURE_TLS_TCP_SEND_FAILED
    kTlsIncorrectMessageLength = 0x10A,          // NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH
    kTlsBadCipherspec = 0x10B,                   // NX_SECURE_TLS_BAD_CIPHERSPEC
    kTlsInvalidServerCert = 0x10C,               // NX_SECURE_TLS_INVALID_SERVER_CERT
    kTlsUnsupportedPublicCipher = 0x10D,         // NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
    kTlsNoSupportedCiphers = 0x10E,              // NX_SECURE_TLS_NO_SUPPORTED_CIPHERS
    kTlsUnknownTlsVersion = 0x10F,               // NX_SECURE_TLS_UNKNOWN_TLS_VERSION
    kTlsUnsupportedTlsVersion = 0x110,           // NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION
    kTlsAllocatePacketFailed = 0x111,            // NX_SECURE_TLS_ALLOCATE_PACKET_FAILED
    kTlsInvalidCertificate = 0x112,              // NX_SECURE_TLS_INVALID_CERTIFICATE
    kTlsNoCloseResponse = 0x113,                 // NX_SECURE_TLS_NO_CLOSE_RESPONSE
    kTlsAlertReceived = 0x114,                   // NX_SECURE_TLS_ALERT_RECEIVED
    kTlsFinishedHashFailure = 0x115,             // NX_SECURE_TLS_FINISHED_HASH_FAILURE
    kTlsUnknownCertSigAlgorithm = 0x116,         // NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM
    kTlsCertificateSigCheckFailed = 0x117,       // NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED
    kTlsBadCompressionMethod = 0x118,            // NX_SECURE_TLS_BAD_COMPRESSION_METHOD
    kTlsCertificateNotFound = 0x119,             // NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
    kTlsInvalidSelfSignedCert = 0x11A,           // NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT
    kTlsIssuerCertificateNotFound = 0x11B,       // NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND
    kTlsOutOfOrderMessage = 0x11C,               // NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE
    kTlsInvalidRemoteHost = 0x11D,               // NX_SECURE_TLS_INVALID_REMOTE_HOST
    kTlsInvalidEpoch = 0x11E,                    // NX_SECURE_TLS_INVALID_EPOCH
    kTlsRepeatMessageReceived = 0x11F,           // NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED
    kTlsNeedDtlsSession = 0x120,                 // NX_SECURE_TLS_NEED_DTLS_SESSION
    kTlsNeedTlsSession = 0x121,                  // NX_SECURE_TLS_NEED_TLS_SESSION
    kTlsSendAddressMismatch = 0x122,             // NX_SECURE_TLS_SEND_ADDRESS_MISMATCH
    kTlsNoFreeDtlsSessions = 0x123,              // NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS
    kDtlsSessionNotFound = 0x124,                // NX_SECURE_DTLS_SESSION_NOT_FOUND
    kTlsNoMorePskSpace = 0x125,                  // NX_SECURE_TLS_NO_MORE_PSK_SPACE
    kTlsNoMatchingPsk = 0x126,                   // NX_SECURE_TLS_NO_MATCHING_PSK
    kTlsCloseNotifyReceived = 0x127,             // NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED
    kTlsNoAvailableSessions = 0x128,             // NX_SECURE_TLS_NO_AVAILABLE_SESSIONS
    kTlsNoCertSpaceAllocated = 0x129,            // NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED
    kTlsPaddingCheckFailed = 0x12A,              // NX_SECURE_TLS_PADDING_CHECK_FAILED
    kTlsUnsupportedCertSignType = 0x12B,         // NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE
    kTlsUnsupportedCertSignAlg = 0x12C,          // NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG
    kTlsInsufficientCertSpace = 0x12D,           // NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE
    kTlsProtocolVersionChanged = 0x12E,          // NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED
    kTlsNoRenegotiationError = 0x12F,            // NX_SECURE_TLS_NO_RENEGOTIATION_ERROR
    kTlsUnsupportedFeature = 0x130,              // NX_SECURE_TLS_UNSUPPORTED_FEATURE
    kTlsCertificateVerifyFailure = 0x131,        // NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE
    kTlsEmptyRemoteCertificateReceived = 0x132,  // NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED
    kTlsRenegotiationExtensionError = 0x133,     // NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR
    kTlsRenegotiationSessionInactive = 0x134,    // NX_SECURE_TLS_RENEGOTIATION_SESSION_INACTIVE
    kTlsPacketBufferTooSmall = 0x135,            // NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL
    kTlsExtensionNotFound = 0x136,               // NX_SECURE_TLS_EXTENSION_NOT_FOUND
    kTlsSniExtensionInvalid = 0x137,             // NX_SECURE_TLS_SNI_EXTENSION_INVALID
    kTlsCertIdInvalid = 0x138,                   // NX_SECURE_TLS_CERT_ID_INVALID
    kTlsCertIdDuplicate = 0x139,                 // NX_SECURE_TLS_CERT_ID_DUPLICATE
    kTlsRenegotiationFailure = 0x13A,            // NX_SECURE_TLS_RENEGOTIATION_FAILURE
    kTlsMissingCryptoRoutine = 0x13B,            // NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE
    kTlsEmptyEcGroup = 0x13C,                    // NX_SECURE_TLS_EMPTY_EC_GROUP
    kTlsEmptyEcPointFormat = 0x13D,              // NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT
    kTlsBadServerhelloKeyshare = 0x13E,          // NX_SECURE_TLS_BAD_SERVERHELLO_KEYSHARE
    kTlsInsufficientMetadataSpace = 0x13F,       // NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE
    kTlsPostHandshakeReceived = 0x140,           // NX_SECURE_TLS_POST_HANDSHAKE_RECEIVED
    kTlsBadClienthelloKeyshare = 0x141,          // NX_SECURE_TLS_BAD_CLIENTHELLO_KEYSHARE
    kTls13UnknownCiphersuite = 0x142,            // NX_SECURE_TLS_1_3_UNKNOWN_CIPHERSUITE
    kTlsInvalidSessionTicket = 0x143,            // NX_SECURE_TLS_INVALID_SESSION_TICKET
    kTlsMissingExtension = 0x144,                // NX_SECURE_TLS_MISSING_EXTENSION
    kTlsCertificateRequired = 0x145,             // NX_SECURE_TLS_CERTIFICATE_REQUIRED
    kTlsUnexpectedClienthello = 0x146,           // NX_SECURE_TLS_UNEXPECTED_CLIENTHELLO
    kTlsInappropriateFallback = 0x147,           // NX_SECURE_TLS_INAPPROPRIATE_FALLBACK
    kTlsBadClienthelloPskExtension = 0x148,      // NX_SECURE_TLS_BAD_CLIENTHELLO_PSK_EXTENSION
    kTlsPskBinderMismatch = 0x149,               // NX_SECURE_TLS_PSK_BINDER_MISMATCH
    kTlsCryptoKeysTooLarge = 0x14A,              // NX_SECURE_TLS_CRYPTO_KEYS_TOO_LARGE
    kTlsUnsupportedEccCurve = 0x14B,             // NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE
    kTlsUnsupportedEccFormat = 0x14C,            // NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT
    kTlsUnsupportedSignatureAlgorithm = 0x14D,   // NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM
    kTlsSignatureVerificationError = 0x14E,      // NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR
    kTlsUnexpectedMessage = 0x14F,               // NX_SECURE_TLS_UNEXPECTED_MESSAGE
    kTlsAeadDecryptFail = 0x150,                 // NX_SECURE_TLS_AEAD_DECRYPT_FAIL
    kTlsRecordOverflow = 0x151,                  // NX_SECURE_TLS_RECORD_OVERFLOW
    kTlsHandshakeFragmentReceived = 0x152,       // NX_SECURE_TLS_HANDSHAKE_FRAGMENT_RECEIVED
    kX509MultibyteTagUnsupported = 0x181,        // NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED
    kX509Asn1LengthTooLong = 0x182,              // NX_SECURE_X509_ASN1_LENGTH_TOO_LONG
    kX509FoundNonZeroPadding = 0x183,            // NX_SECURE_X509_FOUND_NON_ZERO_PADDING
    kX509MissingPublicKey = 0x184,               // NX_SECURE_X509_MISSING_PUBLIC_KEY
    kX509InvalidPublicKey = 0x185,               // NX_SECURE_X509_INVALID_PUBLIC_KEY
    kX509InvalidCertificateSequence = 0x186,     // NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE
    kX509MissingSignatureAlgorithm = 0x187,      // NX_SECURE_X509_MISSING_SIGNATURE_ALGORITHM
    kX509InvalidCertificateData = 0x188,         // NX_SECURE_X509_INVALID_CERTIFICATE_DATA
    kX509UnexpectedAsn1Tag = 0x189,              // NX_SECURE_X509_UNEXPECTED_ASN1_TAG
    kPkcs1InvalidPrivateKey = 0x18A,             // NX_SECURE_PKCS1_INVALID_PRIVATE_KEY
    kX509ChainTooShort = 0x18B,                  // NX_SECURE_X509_CHAIN_TOO_SHORT
    kX509ChainVerifyFailure = 0x18C,             // NX_SECURE_X509_CHAIN_VERIFY_FAILURE
    kX509Pkcs7ParsingFailed = 0x18D,             // NX_SECURE_X509_PKCS7_PARSING_FAILED
    kX509CertificateNotFound = 0x18E,            // NX_SECURE_X509_CERTIFICATE_NOT_FOUND
    kX509InvalidVersion = 0x18F,                 // NX_SECURE_X509_INVALID_VERSION
    kX509InvalidTagClass = 0x190,                // NX_SECURE_X509_INVALID_TAG_CLASS
    kX509InvalidExtensions = 0x191,              // NX_SECURE_X509_INVALID_EXTENSIONS
    kX509InvalidExtensionSequence = 0x192,       // NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE
    kX509CertificateExpired = 0x193,             // NX_SECURE_X509_CERTIFICATE_EXPIRED
    kX509CertificateNotYetValid = 0x194,         // NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID
    kX509CertificateDnsMismatch = 0x195,         // NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH
    kX509InvalidDateFormat = 0x196,              // NX_SECURE_X509_INVALID_DATE_FORMAT
    kX509CrlIssuerMismatch = 0x197,              // NX_SECURE_X509_CRL_ISSUER_MISMATCH
    kX509CrlSignatureCheckFailed = 0x198,        // NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED
    kX509CrlCertificateRevoked = 0x199,          // NX_SECURE_X509_CRL_CERTIFICATE_REVOKED
    kX509WrongSignatureMethod = 0x19A,           // NX_SECURE_X509_WRONG_SIGNATURE_METHOD
    kX509ExtensionNotFound = 0x19B,              // NX_SECURE_X509_EXTENSION_NOT_FOUND
    kX509AltNameNotFound = 0x19C,                // NX_SECURE_X509_ALT_NAME_NOT_FOUND
    kX509InvalidPrivateKeyType = 0x19D,          // NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE
    kX509NameStringTooLong = 0x19E,              // NX_SECURE_X509_NAME_STRING_TOO_LONG
    kX509ExtKeyUsageNotFound = 0x19F,            // NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND
    kX509KeyUsageError = 0x1A0,                  // NX_SECURE_X509_KEY_USAGE_ERROR
};

// TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2, RFC 7301 §3.2). Unknown values round-trip.
enum class AlertDescription : std::uint8_t {
    kCloseNotify = 0,
    kUnexpectedMessage = 10,
    kBadRecordMac = 20,
    kDecryptionFailed = 21,  // TLS 1.0 only; never sent by nxs
    kRecordOverflow = 22,
    kHandshakeFailure = 40,
    kBadCertificate = 42,
    kUnsupportedCertificate = 43,
    kCertificateRevoked = 44,
    kCertificateExpired = 45,
    kCertificateUnknown = 46,
    kIllegalParameter = 47,
    kUnknownCa = 48,
    kAccessDenied = 49,
    kDecodeError = 50,
    kDecryptError = 51,
    kProtocolVersion = 70,
    kInsufficientSecurity = 71,
    kInternalError = 80,
    kInappropriateFallback = 86,
    kUserCanceled = 90,
    kNoRenegotiation = 100,
    kMissingExtension = 109,
    kUnsupportedExtension = 110,
    kUnrecognizedName = 112,
    kBadCertificateStatusResponse = 113,
    kUnknownPskIdentity = 115,
    kCertificateRequired = 116,
    kNoApplicationProtocol = 120,
};

// One row of the code table: what `nxs errors` prints and what docs/errors.md documents.
struct StatusInfo {
    Status status;
    std::string_view name;                  // "NX_SECURE_TLS_FINISHED_HASH_FAILURE"
    std::string_view table;                 // "success", "tls" or "x509"
    std::string_view description;           // one line, our own words
    std::optional<AlertDescription> alert;  // the alert sent when this code ends a connection; none for signals
};

// Every code in table order. Both success names (TLS and X.509, value 0) are listed.
NXS_API std::span<const StatusInfo> all_statuses() noexcept;

// The NX_SECURE_* name. For value 0 this is NX_SECURE_TLS_SUCCESS; an unknown value gives "NX_SECURE_UNKNOWN".
NXS_API std::string_view status_name(Status s) noexcept;
NXS_API std::string_view status_description(Status s) noexcept;

// The alert a connection sends when it fails with `s`, unless the call site overrides it. std::nullopt means the code
// is a signal or a local condition that does not end a connection with an alert.
NXS_API std::optional<AlertDescription> default_alert(Status s) noexcept;

// Finds a code by name ("NX_SECURE_TLS_ALERT_RECEIVED") or value (0x114, 276). Names match without case.
NXS_API std::optional<Status> find_status(std::string_view name_or_value) noexcept;

// "bad_record_mac"; "unknown(123)" style names are not returned: unknown values give "unknown".
NXS_API std::string_view alert_name(AlertDescription a) noexcept;

constexpr std::uint16_t to_underlying(Status s) noexcept {
    return static_cast<std::uint16_t>(s);
}

constexpr bool is_success(Status s) noexcept {
    return s == Status::kTlsSuccess;
}

}  // namespace nxs
