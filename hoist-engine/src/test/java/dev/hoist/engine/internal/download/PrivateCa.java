package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockWebServer;

/**
 * A certificate authority made with the real {@code /usr/bin/openssl} in a temporary directory (its
 * HOME too), and a {@code localhost} server certificate it signed: what a corporate CA bundle
 * holds.
 */
final class PrivateCa {
  private final Path dir;

  /** Makes the CA and its {@code localhost} certificate under {@code dir}. */
  PrivateCa(Path dir) throws IOException, InterruptedException {
    this.dir = Files.createDirectories(dir);
    Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:localhost\n");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Hoist Test CA " + dir.getFileName(),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "srv.key",
        "-out",
        "srv.csr",
        "-subj",
        "/CN=localhost");
    openssl(
        "x509",
        "-req",
        "-in",
        "srv.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "srv.pem",
        "-days",
        "2",
        "-extfile",
        "ext");
    openssl(
        "pkcs12",
        "-export",
        "-in",
        "srv.pem",
        "-inkey",
        "srv.key",
        "-out",
        "srv.p12",
        "-passout",
        "pass:pw");
  }

  /** The CA's certificate as a PEM file, as a CA bundle names it. */
  Path pem() {
    return dir.resolve("ca.pem");
  }

  /** The CA's certificate. */
  X509Certificate certificate() throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem())) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** Makes {@code server} speak TLS with the {@code localhost} certificate, and starts it. */
  void serve(MockWebServer server) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("srv.p12"))) {
      ks.load(in, "pw".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "pw".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server.useHttps(tls.getSocketFactory());
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/openssl"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("RANDFILE", dir.resolve(".rnd").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
    assertTrue(p.exitValue() == 0, "openssl " + String.join(" ", args) + " failed: " + out);
  }
}
