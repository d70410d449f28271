#!/usr/bin/env bash
# Regenerates the chains nxs-bench uses for both libraries: for each key type (ECDSA P-256, RSA-2048) a root CA, an
# intermediate CA and a leaf for bench.nxs.example. The outputs are committed, so the benchmark never runs this script
# and never depends on the clock when it ran (validity runs for 100 years).
#
# Outputs, per type T in {ecdsa, rsa}:
#   T-root.pem    the trust anchor the clients load
#   T-chain.pem   leaf then intermediate, as the server sends it
#   T-leaf.key    the leaf's private key (PKCS#8 PEM)
set -euo pipefail
cd "$(dirname "$0")"
days=36500
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

genkey() {  # genkey TYPE OUT
  case $1 in
    ecdsa) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$2" 2>/dev/null ;;
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$2" 2>/dev/null ;;
  esac
}

sign() {  # sign CSR_KEY SUBJECT ISSUER_PREFIX OUT EXTLINES...
  local key=$1 subject=$2 issuer=$3 out=$4; shift 4
  printf '%s\n' "$@" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" > "$work/ext.cnf"
  openssl req -new -key "$key" -subj "$subject" -out "$work/req.csr"
  openssl x509 -req -in "$work/req.csr" -CA "$issuer.pem" -CAkey "$issuer.key" -CAcreateserial \
    -CAserial "$work/serial" -days $days -sha256 -extfile "$work/ext.cnf" -out "$out" 2>/dev/null
}

for type in ecdsa rsa; do
  root="$work/$type-root" inter="$work/$type-inter"
  genkey $type "$root.key"
  openssl req -x509 -new -key "$root.key" -subj "/O=nxs bench/CN=nxs bench $type root" -days $days -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" -out "$root.pem"
  genkey $type "$inter.key"
  sign "$inter.key" "/O=nxs bench/CN=nxs bench $type intermediate" "$root" "$inter.pem" \
    "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign,cRLSign"
  genkey $type "$type-leaf.key"
  sign "$type-leaf.key" "/CN=bench.nxs.example" "$inter" "$work/$type-leaf.pem" \
    "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
    "subjectAltName=DNS:bench.nxs.example"
  cp "$root.pem" "$type-root.pem"
  cat "$work/$type-leaf.pem" "$inter.pem" > "$type-chain.pem"
  openssl verify -CAfile "$type-root.pem" -untrusted "$inter.pem" "$work/$type-leaf.pem" >/dev/null
done
echo "made: $(ls ./*.pem ./*.key | tr '\n' ' ')"
