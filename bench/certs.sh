#!/usr/bin/env bash
# certs.sh KEYTOOL DIR [CACERTS]: the TLS material of bench/run.sh's loopback HTTPS registry,
# made with the JDK's keytool alone (the same steps as the plugin's start-up training,
# hoist-maven-plugin's TrainingTls):
#   DIR/server.p12  PKCS#12 keystore (password "training"): an EC P-256 key for 127.0.0.1 and
#                   localhost, signed by a throwaway RSA CA, with its chain
#   DIR/ca.pem      that CA's certificate (for HOIST_CA_BUNDLE)
#   DIR/cacerts     with CACERTS: a copy of that trust store (password "changeit") plus the CA,
#                   for -Djavax.net.ssl.trustStore, so that a run trusts the registry the way it
#                   trusts a public one
# The CA's key never leaves DIR and every certificate expires in two days.
set -euo pipefail
keytool=$1 d=$2 cacerts=${3:-}
mkdir -p "$d"
kt() { "$keytool" -noprompt "$@" >/dev/null 2>&1; }
kt -genkeypair -alias ca -keyalg RSA -keysize 2048 -dname CN=hoist-training-ca -ext bc:c \
  -validity 2 -keystore "$d/ca.p12" -storetype PKCS12 -storepass training
kt -exportcert -rfc -alias ca -keystore "$d/ca.p12" -storepass training -file "$d/ca.pem"
kt -genkeypair -alias server -keyalg EC -groupname secp256r1 -dname CN=localhost -validity 2 \
  -keystore "$d/server.p12" -storetype PKCS12 -storepass training
kt -certreq -alias server -keystore "$d/server.p12" -storepass training -file "$d/server.csr"
kt -gencert -alias ca -keystore "$d/ca.p12" -storepass training -infile "$d/server.csr" \
  -outfile "$d/server.pem" -rfc -validity 2 -ext SAN=ip:127.0.0.1,dns:localhost -ext EKU=serverAuth
kt -importcert -alias ca -file "$d/ca.pem" -keystore "$d/server.p12" -storepass training
kt -importcert -alias server -file "$d/server.pem" -keystore "$d/server.p12" -storepass training
rm -f "$d/ca.p12" "$d/server.csr" "$d/server.pem"
if [ -n "$cacerts" ]; then
  cp -- "$cacerts" "$d/cacerts"
  chmod u+w "$d/cacerts"
  kt -importcert -alias hoist-training-ca -file "$d/ca.pem" -keystore "$d/cacerts" -storepass changeit
fi
