package dev.hoist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.UpdateException;
import dev.hoist.download.Downloader;
import dev.hoist.download.Transport;
import dev.hoist.extract.ArchiveExtractor;
import dev.hoist.publish.Keys;
import dev.hoist.publish.ManifestEditor;
import dev.hoist.publish.ReleaseVerifier;
import dev.hoist.trust.TrustedKeys;
import dev.hoist.version.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release}: the publisher's side — signing keys, signatures, manifests, verification. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = "Publish releases: make a signing key, write and sign a manifest, verify it.",
    subcommands = {
      ReleaseCommand.Keygen.class,
      ReleaseCommand.Sign.class,
      ReleaseCommand.Manifest.class,
      ReleaseCommand.Verify.class
    })
final class ReleaseCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A usage error: the files named on the command line are wrong. */
  private static CommandLine.ParameterException usage(
      CommandLine.Model.CommandSpec spec, Exception e) {
    return new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Make an Ed25519 signing key pair: NAME.key (private, mode 0600; keep it secret) and"
            + " NAME.pub (bake it into distributions with packaging/build.sh --public-key)."
      })
  static final class Keygen implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where to write (default: .).")
    Path dir = Path.of(".");

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "File name stem (default: hoist-release).")
    String name = "hoist-release";

    @Override
    public Integer call() throws IOException {
      Keys.Written w;
      try {
        w = Keys.generate(dir, name);
      } catch (FileAlreadyExistsException e) {
        throw usage(
            spec, new IOException(e.getFile() + " exists; a signing key is never replaced"));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("private key: " + w.privateKey() + "  (secret: never ship or commit it)");
      out.println("public key:  " + w.publicKey() + "  (fingerprint " + w.fingerprint() + ")");
      out.println("next: packaging/build.sh ... --public-key " + w.publicKey());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = "Sign FILE's exact bytes with an Ed25519 key into FILE.sig (base64).")
  static final class Sign implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The file to sign, usually manifest.json.")
    Path file;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "Private key file (PEM PKCS#8 or raw base64).")
    Path key;

    @Override
    public Integer call() throws IOException {
      Path sig;
      try {
        sig = Keys.sign(file, Keys.readPrivate(key));
      } catch (IllegalArgumentException | java.nio.file.NoSuchFileException e) {
        throw usage(spec, e);
      }
      spec.commandLine().getOut().println("wrote " + sig);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "manifest",
      mixinStandardHelpOptions = true,
      description = {
        "Create or extend a manifest with a release: size and sha256 of each archive, URLs"
            + " relative to the manifest, channels, serial + 1, generated now, optional expiry.",
        "ARCHIVE may end in =PLATFORM (default any), e.g. dist/hoist-1.2.0-linux-x64.tar.gz=linux-x64."
      })
  static final class Manifest implements Callable<Integer> {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--manifest",
        paramLabel = "FILE",
        description = "The manifest (default: manifest.json).")
    Path manifest = Path.of("manifest.json");

    @Option(
        names = "--app",
        paramLabel = "NAME",
        description = "Application name for a new manifest (default: hoist).")
    String app = "hoist";

    @Option(
        names = "--channel",
        paramLabel = "NAME",
        description = "Point this channel at the release (repeatable).")
    List<String> channels = new ArrayList<>();

    @Option(names = "--notes", paramLabel = "TEXT", description = "Release notes.")
    String notes;

    @Option(
        names = "--expires-in",
        paramLabel = "DURATION",
        converter = Durations.class,
        description =
            "Set expires to now + DURATION, e.g. 30d (clients refuse the manifest after it).")
    Duration expiresIn;

    @Option(
        names = "--sign",
        paramLabel = "KEY",
        description = "Sign the result with this private key (writes FILE.sig).")
    Path signWith;

    @Parameters(
        index = "0",
        paramLabel = "VERSION",
        description = "The release version (SemVer 2.0.0).")
    String version;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "ARCHIVE[=PLATFORM]",
        description = "The release's archives, inside the manifest's directory.")
    List<String> archives;

    Manifest(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      List<ManifestEditor.Archive> list = new ArrayList<>();
      for (String a : archives) {
        int eq = a.lastIndexOf('=');
        Path file = Path.of(eq < 0 ? a : a.substring(0, eq));
        if (!Files.isRegularFile(file))
          throw usage(spec, new IOException("no such archive: " + file));
        list.add(new ManifestEditor.Archive(file, eq < 0 ? "any" : a.substring(eq + 1)));
      }
      long serial;
      try {
        ManifestEditor.Change change =
            new ManifestEditor.Change(
                app,
                Version.parse(version),
                list,
                channels,
                Optional.ofNullable(notes),
                Optional.ofNullable(expiresIn));
        serial = new ManifestEditor(new ObjectMapper(), context.clock()).apply(manifest, change);
        if (signWith != null) Keys.sign(manifest, Keys.readPrivate(signWith));
      } catch (IllegalArgumentException | UpdateException e) {
        throw usage(spec, e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "wrote "
              + manifest
              + " (serial "
              + serial
              + ")"
              + (signWith != null ? " and " + manifest + ".sig" : ""));
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check a published manifest and every archive in it as a client would: transport"
            + " policy, signature, schema, expiry, size, sha256 and safe extraction.",
        "Exit 0 when everything passes, 1 otherwise."
      })
  static final class Verify implements Callable<Integer> {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "MANIFEST", description = "Manifest URL or local path.")
    String manifest;

    @Option(
        names = "--key",
        paramLabel = "FILE",
        description =
            "Trusted public key (repeatable); default: the keys this copy of hoist trusts.")
    List<Path> keys = new ArrayList<>();

    Verify(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      TrustedKeys trusted;
      try {
        List<TrustedKeys.Key> list = new ArrayList<>();
        for (Path k : keys) list.addAll(TrustedKeys.load(k).keys());
        if (!keys.isEmpty() && list.isEmpty()) throw new IOException("no key in " + keys);
        trusted =
            keys.isEmpty()
                ? TrustSettings.resolve(context.env(), context.home())
                : new TrustedKeys(list);
      } catch (IOException | IllegalArgumentException e) {
        throw usage(spec, e);
      }
      Transport transport = new Transport(HttpSettings.client(context.env()));
      ReleaseVerifier verifier =
          new ReleaseVerifier(
              transport,
              new Downloader(
                  transport, Downloader.RetryPolicy.DEFAULT, d -> Thread.sleep(d.toMillis())),
              new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
              trusted,
              context.clock());
      Path work = Files.createTempDirectory("hoist-verify-");
      ReleaseVerifier.Report report;
      try {
        report = verifier.verify(Settings.toUri(manifest), work);
      } finally {
        dev.hoist.install.Durable.deleteTree(work);
      }
      PrintWriter out = spec.commandLine().getOut();
      report.lines().forEach(out::println);
      out.println(
          report.ok() ? "verified: a client would accept this release" : "verification FAILED");
      out.flush();
      return report.ok() ? 0 : 1;
    }
  }
}
