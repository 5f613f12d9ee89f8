package dev.hoist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.publish.IndexPublisher;
import dev.hoist.engine.internal.publish.Keys;
import dev.hoist.engine.internal.publish.ManifestEditor;
import dev.hoist.engine.internal.publish.PackPublisher;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Durations;
import dev.hoist.picocli.internal.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code release}: the publisher's side — signing keys, signatures, manifests, verification.
 *
 * <p>Why one class: {@code keygen}, {@code sign} and {@code manifest} are each a few options around
 * one call into {@code internal.publish}; together they are the publisher's walkthrough (README),
 * share the usage-error and expiry helpers, and read best side by side. {@code verify}, which
 * builds a client, is its own class.
 */
@Command(
    name = "release",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist release keygen --out-dir ~/keys",
      "  hoist release manifest --manifest site/manifest.json --sign ~/keys/hoist-release.key 1.1.0 site/hoist-1.1.0.tar.gz",
      "  hoist release verify https://example.com/hoist/manifest.json --key ~/keys/hoist-release.pub"
    },
    mixinStandardHelpOptions = true,
    description = "Publish releases: make a signing key, write and sign a manifest, verify it.",
    subcommands = {
      ReleaseCommand.Keygen.class,
      ReleaseCommand.Sign.class,
      ReleaseCommand.Manifest.class,
      ReleaseVerifyCommand.class
    })
final class ReleaseCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A usage error: the files named on the command line are wrong. */
  static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, Exception e) {
    return new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
  }

  @Command(
      name = "keygen",
      footerHeading = "%nExamples:%n",
      footer = {
        "  hoist release keygen --out-dir ~/keys",
        "  hoist release keygen --out-dir ~/keys --name acme-2027"
      },
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

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

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
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "generated");
        m.put("privateKey", w.privateKey().toString());
        m.put("publicKey", w.publicKey().toString());
        m.put("fingerprint", w.fingerprint());
        Output.json(out, m);
        return 0;
      }
      out.println("private key: " + w.privateKey() + "  (secret: never ship or commit it)");
      out.println("public key:  " + w.publicKey() + "  (fingerprint " + w.fingerprint() + ")");
      out.println("next: packaging/build.sh ... --public-key " + w.publicKey());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "sign",
      footerHeading = "%nExamples:%n",
      footer = {
        "  hoist release sign --key ~/keys/hoist-release.key site/manifest.json",
        "  hoist release sign --detached --key ~/keys/hoist-release.key site/hoist-1.2.0.tar.gz"
      },
      mixinStandardHelpOptions = true,
      description = {
        "Sign a manifest with an Ed25519 key, twice: inline (FILE is rewritten to open with a"
            + " \"signature\" member, which clients verify without a request of its own) and"
            + " detached, into FILE.sig over the rewritten bytes (for clients that predate inline"
            + " signatures). Signing again replaces the inline signature.",
        "A FILE that is not a JSON object, or --detached, is signed detached only: its exact"
            + " bytes, into FILE.sig (base64)."
      })
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

    @Option(
        names = "--detached",
        description = "Only write FILE.sig, over FILE's exact bytes; leave FILE as it is.")
    boolean detached;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Path sig;
      boolean inline;
      try {
        java.security.PrivateKey k = Keys.readPrivate(key);
        inline = !detached && Keys.isJsonObject(file);
        sig = inline ? Keys.signManifest(file, k) : Keys.sign(file, k);
      } catch (IllegalArgumentException | java.nio.file.NoSuchFileException e) {
        throw usage(spec, e);
      }
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "signed");
        m.put("signature", sig.toString());
        m.put("inline", inline);
        Output.json(spec.commandLine().getOut(), m);
        return 0;
      }
      spec.commandLine()
          .getOut()
          .println(inline ? "signed " + file + " inline and wrote " + sig : "wrote " + sig);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "manifest",
      footerHeading = "%nExamples:%n",
      footer = {
        "  hoist release manifest --manifest site/manifest.json --expires-in 30d 1.1.0 site/hoist-1.1.0.tar.gz",
        "  hoist release manifest --manifest site/manifest.json --channel beta --sign ~/keys/hoist-release.key 1.2.0-beta.1 site/hoist-1.2.0-beta.1.tar.gz"
      },
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
        names = "--app-name",
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

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

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
        description =
            "Sign the result with this private key, inline and into FILE.sig (as release sign).")
    Path signWith;

    @Option(
        names = "--no-index",
        negatable = true,
        description =
            "Do not publish each archive's file index and blobs (ARCHIVE.index.json, blobs/ beside"
                + " the manifest), with which clients update by fetching only the files that"
                + " changed, nor its delta pack from the release before"
                + " (ARCHIVE.from-VERSION.pack: the index and those files in one request)."
                + " Upload them with the archive; old clients ignore them.")
    boolean index = true;

    private boolean staleSignatureRemoved;

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

    /** Clients refuse an expired manifest, and one that never expires can be replayed forever. */
    private void warnAboutExpiry(Optional<java.time.Instant> expires, PrintWriter err) {
      java.time.Instant now = context.clock().instant();
      if (expires.isEmpty()) {
        err.println(
            "hoist: warning: the manifest never expires; an attacker could serve it forever"
                + " (use --expires-in, e.g. 30d)");
      } else if (expires.get().isBefore(now)) {
        err.println(
            "hoist: warning: the manifest expired at "
                + expires.get()
                + "; clients will refuse it (use --expires-in)");
      } else if (expires.get().isBefore(now.plus(Duration.ofDays(7)))) {
        err.println("hoist: warning: the manifest expires soon, at " + expires.get());
      }
      err.flush();
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
      ManifestEditor.Result written;
      try {
        ManifestEditor.Change change =
            new ManifestEditor.Change(
                app,
                Version.parse(version),
                list,
                channels,
                Optional.ofNullable(notes),
                Optional.ofNullable(expiresIn),
                index);
        written = new ManifestEditor(new ObjectMapper(), context.clock()).apply(manifest, change);
        if (signWith != null) {
          Keys.signManifest(manifest, Keys.readPrivate(signWith));
        } else {
          staleSignatureRemoved =
              Files.deleteIfExists(manifest.resolveSibling(manifest.getFileName() + ".sig"));
        }
      } catch (IllegalArgumentException | UpdateException e) {
        throw usage(spec, e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "written");
        m.put("manifest", manifest.toString());
        m.put("serial", written.serial());
        m.put("signature", signWith != null ? manifest + ".sig" : null);
        m.put("staleSignatureRemoved", staleSignatureRemoved);
        m.put("expires", written.expires().map(Object::toString).orElse(null));
        List<Map<String, Object>> indexes = new ArrayList<>();
        for (IndexPublisher.Published p : written.indexes()) {
          Map<String, Object> i = new LinkedHashMap<>();
          i.put("index", p.index().toString());
          i.put("files", p.files());
          i.put("newBlobs", p.newBlobs());
          i.put("newBlobBytes", p.newBlobBytes());
          indexes.add(i);
        }
        m.put("indexes", indexes);
        List<Map<String, Object>> packs = new ArrayList<>();
        for (PackPublisher.Published p : written.packs()) {
          Map<String, Object> i = new LinkedHashMap<>();
          i.put("pack", p.pack().toString());
          i.put("size", p.size());
          i.put("blobs", p.blobs());
          packs.add(i);
        }
        m.put("packs", packs);
        Output.json(out, m);
        return 0;
      }
      out.println(
          "wrote "
              + manifest
              + " (serial "
              + written.serial()
              + ")"
              + (signWith != null ? ", signed inline, and " + manifest + ".sig" : ""));
      for (IndexPublisher.Published p : written.indexes()) {
        out.println(
            "wrote "
                + p.index()
                + " ("
                + p.files()
                + " files) and "
                + p.newBlobs()
                + " new blob"
                + (p.newBlobs() == 1 ? "" : "s")
                + " ("
                + p.newBlobBytes()
                + " bytes) in "
                + manifest.toAbsolutePath().normalize().resolveSibling(ManifestEditor.BLOBS));
      }
      for (PackPublisher.Published p : written.packs()) {
        out.println(
            "wrote "
                + p.pack()
                + " ("
                + p.size()
                + " bytes: the index and "
                + p.blobs()
                + " blob"
                + (p.blobs() == 1 ? "" : "s")
                + ", one request for clients of the release before)");
      }
      if (staleSignatureRemoved) {
        // Published beside the new manifest, it would fail every client that checks signatures.
        spec.commandLine()
            .getErr()
            .println(
                "hoist: warning: removed "
                    + manifest
                    + ".sig, which signed the previous contents; sign this one before publishing"
                    + " (hoist release sign --key KEY "
                    + manifest
                    + ")");
      }
      warnAboutExpiry(written.expires(), spec.commandLine().getErr());
      out.flush();
      spec.commandLine().getErr().flush();
      return 0;
    }
  }
}
