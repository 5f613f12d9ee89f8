package dev.hoist.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The TLS material of the training registry, made with the build JDK's {@code keytool} alone: a
 * throwaway RSA CA, an EC P-256 key for {@code 127.0.0.1} and {@code localhost} signed by it (in a
 * PKCS#12 keystore with its chain), the CA's certificate as PEM (for {@code <PREFIX>_CA_BUNDLE}),
 * and a copy of the bundled runtime's trust store with the CA added, so that a run trusts the
 * registry the way it trusts a public one. The CA's key never leaves the directory, which the
 * training deletes, and every certificate expires in two days.
 *
 * @param serverKeystore the server's keystore (password {@link #PASSWORD})
 * @param caPem the CA's certificate
 * @param trustStore the runtime's trust store plus the CA (password {@code changeit})
 */
record TrainingTls(Path serverKeystore, Path caPem, Path trustStore) {
  static final String PASSWORD = "training";

  /**
   * Makes the material in {@code dir}; empty, with the reason in {@code why}, where keytool is
   * missing or fails.
   */
  static Optional<TrainingTls> make(Path dir, Path runtimeCacerts, List<String> why) {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try {
      Files.createDirectories(dir);
      Path ca = dir.resolve("ca.p12");
      Path server = dir.resolve("server.p12");
      Path caPem = dir.resolve("ca.pem");
      Path csr = dir.resolve("server.csr");
      Path serverPem = dir.resolve("server.pem");
      Path trust = dir.resolve("cacerts");
      run(
          keytool,
          dir,
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=hoist-training-ca",
          "-ext",
          "bc:c",
          "-validity",
          "2",
          "-keystore",
          ca.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          PASSWORD);
      run(
          keytool,
          dir,
          "-exportcert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          "-storepass",
          PASSWORD,
          "-file",
          caPem.toString());
      run(
          keytool,
          dir,
          "-genkeypair",
          "-alias",
          "server",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=localhost",
          "-validity",
          "2",
          "-keystore",
          server.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          PASSWORD);
      run(
          keytool,
          dir,
          "-certreq",
          "-alias",
          "server",
          "-keystore",
          server.toString(),
          "-storepass",
          PASSWORD,
          "-file",
          csr.toString());
      run(
          keytool,
          dir,
          "-gencert",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          "-storepass",
          PASSWORD,
          "-infile",
          csr.toString(),
          "-outfile",
          serverPem.toString(),
          "-rfc",
          "-validity",
          "2",
          "-ext",
          "SAN=ip:127.0.0.1,dns:localhost",
          "-ext",
          "EKU=serverAuth");
      run(
          keytool,
          dir,
          "-importcert",
          "-alias",
          "ca",
          "-file",
          caPem.toString(),
          "-keystore",
          server.toString(),
          "-storepass",
          PASSWORD);
      run(
          keytool,
          dir,
          "-importcert",
          "-alias",
          "server",
          "-file",
          serverPem.toString(),
          "-keystore",
          server.toString(),
          "-storepass",
          PASSWORD);
      Files.delete(ca);
      Files.delete(csr);
      Files.delete(serverPem);
      Files.copy(runtimeCacerts, trust);
      trust.toFile().setWritable(true, true);
      run(
          keytool,
          dir,
          "-importcert",
          "-alias",
          "hoist-training-ca",
          "-file",
          caPem.toString(),
          "-keystore",
          trust.toString(),
          "-storepass",
          "changeit");
      return Optional.of(new TrainingTls(server, caPem, trust));
    } catch (IOException e) {
      why.add(
          "keytool could not make training certificates, so the TLS handshake is not learnt: "
              + e.getMessage());
      return Optional.empty();
    }
  }

  private static void run(Path keytool, Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(keytool.toString());
    command.add("-noprompt");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("keytool " + args[0] + " timed out");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      List<String> log = Files.readAllLines(dir.resolve("keytool.log"));
      throw new IOException(
          "keytool "
              + args[0]
              + " exited "
              + p.exitValue()
              + (log.isEmpty() ? "" : ": " + log.get(log.size() - 1)));
    }
  }
}
