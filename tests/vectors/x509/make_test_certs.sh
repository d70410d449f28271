#!/usr/bin/env bash
# Regenerates the X.509 test vectors in this folder with the OpenSSL command line (3.0 or later), so the tests of
# nxs's parser read data that nxs did not make. The generated files are committed; run this only to refresh them
# (keys are new each run, so every test that compares bytes reads them from these files, never from constants).
#
# Validity is fixed: notBefore 2025-01-01 00:00:00 UTC (UTCTime), notAfter 2099-12-31 23:59:59 UTC (GeneralizedTime,
# RFC 5280 §4.1.2.5 for dates from 2050), so the certificates neither expire nor change with the run date.
set -euo pipefail
cd "$(dirname "$0")"
out=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start=250101000000Z
end=20991231235959Z

# ---- openssl ca configuration: one database, the extension sections used below ----
mkdir -p "$work/db"
: > "$work/db/index.txt"
echo 1000 > "$work/db/serial"
echo 01 > "$work/db/crlnumber"
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca

[ test_ca ]
dir = $work/db
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
policy = any_policy
unique_subject = no
copy_extensions = none
default_crl_days = 36500

[ any_policy ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
emailAddress = optional
domainComponent = optional

[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused

[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_intermediate ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical, permitted;DNS:example.com, permitted;IP:10.0.0.0/255.0.0.0, excluded;DNS:bad.example.com, excluded;email:example.org, permitted;dirName:nc_dir
policyConstraints = critical, requireExplicitPolicy:0, inhibitPolicyMapping:1
inhibitAnyPolicy = critical, 1
certificatePolicies = 2.5.29.32.0
crlDistributionPoints = URI:http://crl.example.com/root.crl

[ nc_dir ]
C = US
O = Example

[ v3_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always, issuer
subjectAltName = @leaf_san
issuerAltName = URI:http://ca.example.com/
crlDistributionPoints = URI:http://crl.example.com/ca.crl
authorityInfoAccess = OCSP;URI:http://ocsp.example.com/, caIssuers;URI:http://ca.example.com/ca.cer
certificatePolicies = @leaf_policy

[ leaf_san ]
DNS.1 = www.example.com
DNS.2 = *.example.com
IP.1 = 192.0.2.1
IP.2 = 2001:db8::1
email.1 = admin@example.com
URI.1 = https://www.example.com/
dirName.1 = san_dir

[ san_dir ]
C = US
O = Example
CN = Directory Name

[ leaf_policy ]
policyIdentifier = 1.3.6.1.4.1.55555.1.1
CPS.1 = "http://cps.example.com/"

[ v3_ec_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:ec.example.com, IP:10.1.2.3

[ v3_self ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, keyCertSign
subjectKeyIdentifier = hash
subjectAltName = DNS:self.example.com

[ crl_ext ]
authorityKeyIdentifier = keyid:always
CNF

ca() { openssl ca -batch -notext -config "$work/ca.cnf" -startdate $start -enddate $end "$@" 2>/dev/null; }
csr() { # csr KEY SUBJECT OUT ("+" in SUBJECT makes a multi-valued RDN)
    openssl req -new -config "$work/ca.cnf" -key "$1" -subj "$2" -multivalue-rdn -out "$3"
}

# ---- keys (PKCS#8 PEM is what genpkey writes) ----
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca-rsa.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out int-p384.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key-rsa-pkcs8.pem 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key-p256-pkcs8.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out key-p384-pkcs8.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out key-p521-pkcs8.pem
openssl genpkey -algorithm ED25519 -out key-ed25519.pem
openssl genpkey -algorithm ED448 -out key-ed448.pem
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out key-rsa-pss.pem 2>/dev/null

# The other encodings of the same keys.
openssl pkcs8 -topk8 -nocrypt -in key-rsa-pkcs8.pem -outform DER -out key-rsa-pkcs8.der
openssl rsa -in key-rsa-pkcs8.pem -traditional -out key-rsa-pkcs1.pem 2>/dev/null
openssl rsa -in key-rsa-pkcs8.pem -traditional -outform DER -out key-rsa-pkcs1.der 2>/dev/null
openssl ec -in key-p256-pkcs8.pem -out key-p256-sec1.pem 2>/dev/null
openssl ec -in key-p256-pkcs8.pem -outform DER -out key-p256-sec1.der 2>/dev/null
openssl ec -in key-p521-pkcs8.pem -out key-p521-sec1.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in key-ed25519.pem -outform DER -out key-ed25519.der
# "EC PARAMETERS" followed by "EC PRIVATE KEY", as `openssl ecparam -genkey` writes it.
{ openssl ecparam -name prime256v1; cat key-p256-sec1.pem; } > key-p256-ecparam.pem
# Encrypted keys, which nxs refuses (PKCS#8 EncryptedPrivateKeyInfo, and the legacy Proc-Type form).
openssl pkcs8 -topk8 -in key-rsa-pkcs8.pem -v2 aes-256-cbc -passout pass:secret -out key-rsa-encrypted.pem
openssl rsa -in key-rsa-pkcs8.pem -traditional -aes256 -passout pass:secret -out key-rsa-legacy-encrypted.pem 2>/dev/null

# ---- certificates ----
# Root CA (RSA 2048, sha256WithRSAEncryption), self-signed by `openssl ca -selfsign`.
csr ca-rsa.key "/C=US/O=Example/CN=Example Root CA" "$work/ca.csr"
ca -selfsign -keyfile ca-rsa.key -in "$work/ca.csr" -extensions v3_root -out ca-rsa.pem
# Intermediate CA (P-384) with name constraints and policy extensions.
csr int-p384.key "/C=US/O=Example/OU=Intermediate/CN=Example EC Intermediate" "$work/int.csr"
ca -cert ca-rsa.pem -keyfile ca-rsa.key -in "$work/int.csr" -extensions v3_intermediate -out int-p384.pem
# RSA leaf with every leaf extension, issued by the root.
csr key-rsa-pkcs8.pem "/DC=com/DC=example/C=US/ST=California/L=San Francisco/O=Example, Inc./OU=Web+OU=Ops/CN=www.example.com/emailAddress=admin@example.com" "$work/leaf.csr"
ca -cert ca-rsa.pem -keyfile ca-rsa.key -in "$work/leaf.csr" -extensions v3_leaf -out leaf-rsa.pem -preserveDN
# EC leaves issued by the P-384 intermediate (ecdsa-with-SHA256/384/512).
for curve in p256 p384 p521; do
    case $curve in p256) md=sha256 ;; p384) md=sha384 ;; p521) md=sha512 ;; esac
    csr key-$curve-pkcs8.pem "/C=US/O=Example/CN=$curve.example.com" "$work/$curve.csr"
    ca -cert int-p384.pem -keyfile int-p384.key -md $md -in "$work/$curve.csr" -extensions v3_ec_leaf -out leaf-$curve.pem
done
# Self-signed EdDSA and RSA-PSS certificates.
for kind in ed25519 ed448 rsa-pss; do
    csr key-$kind.pem "/C=US/O=Example/CN=$kind.example.com" "$work/$kind.csr"
    extra=()
    case $kind in ed*) extra=(-md default) ;; esac
    ca -selfsign -keyfile key-$kind.pem "${extra[@]}" -in "$work/$kind.csr" -extensions v3_self -out leaf-$kind.pem
done
# RSA-PSS signature by an ordinary RSA key (rsassaPss with SHA-384 parameters).
csr key-rsa-pkcs8.pem "/C=US/O=Example/CN=pss-sig.example.com" "$work/pss-sig.csr"
ca -cert ca-rsa.pem -keyfile ca-rsa.key -md sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 \
    -in "$work/pss-sig.csr" -extensions v3_ec_leaf -out leaf-pss-sig.pem
# SHA-1 and SHA-512 PKCS#1 v1.5 signatures.
csr key-rsa-pkcs8.pem "/C=US/O=Example/CN=sha1.example.com" "$work/sha1.csr"
ca -cert ca-rsa.pem -keyfile ca-rsa.key -md sha1 -in "$work/sha1.csr" -extensions v3_ec_leaf -out leaf-sha1.pem
csr key-rsa-pkcs8.pem "/C=US/O=Example/CN=sha512.example.com" "$work/sha512.csr"
ca -cert ca-rsa.pem -keyfile ca-rsa.key -md sha512 -in "$work/sha512.csr" -extensions v3_ec_leaf -out leaf-sha512.pem
# A v1 certificate: no extensions section at all.
csr key-p256-pkcs8.pem "/C=US/O=Example/CN=v1.example.com" "$work/v1.csr"
ca -cert ca-rsa.pem -keyfile ca-rsa.key -in "$work/v1.csr" -out v1.pem

# DER copies, and a bundle with text around and between the blocks.
for name in ca-rsa int-p384 leaf-rsa leaf-p256 leaf-ed25519 v1; do
    openssl x509 -in $name.pem -outform DER -out $name.der
done
{
    echo "Example chain, leaf first. Text outside the blocks is ignored (RFC 7468 section 2)."
    cat leaf-p256.pem
    echo
    echo "subject=Example EC Intermediate"
    cat int-p384.pem
    cat ca-rsa.pem
} > bundle.pem

# ---- CRLs ----
# The root revokes leaf-sha1 (keyCompromise) and leaf-sha512 (no reason); cRLNumber and AKI are added by openssl.
ca -cert ca-rsa.pem -keyfile ca-rsa.key -revoke leaf-sha1.pem -crl_reason keyCompromise
ca -cert ca-rsa.pem -keyfile ca-rsa.key -revoke leaf-sha512.pem
# Fixed revocation dates (openssl ca records the current time): 2025-06-01 00:00:00 UTC.
sed -i -E 's/^(R\t[^\t]*\t)[0-9]{12}Z/\1250601000000Z/' "$work/db/index.txt"
gencrl() { openssl ca -batch -config "$work/ca.cnf" -gencrl -crlexts crl_ext -crl_lastupdate 250701000000Z \
    -crl_nextupdate 20990101000000Z "$@" 2>/dev/null; }
gencrl -cert ca-rsa.pem -keyfile ca-rsa.key -out crl-rsa.pem
openssl crl -in crl-rsa.pem -outform DER -out crl-rsa.der
# An empty CRL from the intermediate (its own database has no revocations).
: > "$work/db/index.txt"
gencrl -cert int-p384.pem -keyfile int-p384.key -out crl-empty.pem

# Serial numbers the tests look up, as openssl prints them.
for name in leaf-sha1 leaf-sha512 leaf-rsa; do
    echo "$name $(openssl x509 -in $name.pem -noout -serial | cut -d= -f2)"
done > serials.txt
echo "generated in $out"
