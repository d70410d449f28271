#!/usr/bin/env bash
# Regenerates the certificates and keys the TLS tests and interop tests use. Run from this folder; the outputs are
# committed so that tests never depend on this script (or on the clock when it ran: validity runs to 2120).
set -euo pipefail
cd "$(dirname "$0")"
days=36500

ext() { printf '%s\n' "$@" > ext.cnf; }

# A root CA (P-256) that signs everything below.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -subj "/O=nxs tests/CN=nxs test root" -days $days -sha256 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" -out ca.pem

issue() {  # issue NAME KEYFILE SUBJECT EXTLINES...
  local name=$1 key=$2 subject=$3; shift 3
  ext "$@" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid"
  openssl req -new -key "$key" -subj "$subject" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA "${CA:-ca}.pem" -CAkey "${CA:-ca}.key" -CAcreateserial -days "${DAYS:-$days}" \
    -sha256 -extfile ext.cnf -out "$name.pem" 2>/dev/null
  rm -f "$name.csr"
}

server_ext=("basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment"
            "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,DNS:test.nxs.example,IP:127.0.0.1,IP:::1")

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server-p256.key 2>/dev/null
issue server-p256 server-p256.key "/CN=test.nxs.example" "${server_ext[@]}"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out server-p384.key 2>/dev/null
issue server-p384 server-p384.key "/CN=test.nxs.example" "${server_ext[@]}"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server-rsa.key 2>/dev/null
issue server-rsa server-rsa.key "/CN=test.nxs.example" "${server_ext[@]}"
openssl genpkey -algorithm ED25519 -out server-ed25519.key
issue server-ed25519 server-ed25519.key "/CN=test.nxs.example" "${server_ext[@]}"

# A second server identity, chosen by SNI.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out other-p256.key 2>/dev/null
issue other-p256 other-p256.key "/CN=other.nxs.example" "basicConstraints=critical,CA:FALSE" \
  "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" "subjectAltName=DNS:other.nxs.example"

# A client certificate.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out client-p256.key 2>/dev/null
issue client-p256 client-p256.key "/CN=nxs test client" "basicConstraints=critical,CA:FALSE" \
  "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"

# A CA nobody trusts, and a server certificate it signed.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out untrusted-ca.key 2>/dev/null
openssl req -x509 -new -key untrusted-ca.key -subj "/CN=nxs untrusted root" -days $days -sha256 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out untrusted-ca.pem
CA=untrusted-ca issue server-untrusted server-p256.key "/CN=test.nxs.example" "${server_ext[@]}"

rm -f ext.cnf ./*.srl
echo "made: $(ls ./*.pem ./*.key | tr '\n' ' ')"
