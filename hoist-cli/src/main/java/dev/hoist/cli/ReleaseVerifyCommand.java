package dev.hoist.cli;

import dev.hoist.engine.internal.download.Downloader;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.publish.ReleaseVerifier;
import dev.hoist.engine.internal.trust.TrustedKeys;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.HttpSettings;
import dev.hoist.picocli.internal.Settings;
import dev.hoist.picocli.internal.TrustSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release verify}: a published manifest and its archives, checked as a client would. */
@Command(
    name = "verify",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist release verify https://example.com/hoist/manifest.json --key ~/keys/hoist-release.pub",
      "  hoist release verify site/manifest.json"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Check a published manifest and every archive in it as a client would: transport"
          + " policy, signature, schema, expiry, size, sha256 and safe extraction.",
      "Exit 0 when everything passes, 1 otherwise."
    })
final class ReleaseVerifyCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "MANIFEST", description = "Manifest URL or local path.")
  String manifest;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Trusted public key (repeatable); default: the keys this copy of hoist trusts.")
  List<Path> keys = new ArrayList<>();

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  ReleaseVerifyCommand(Context context) {
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
              ? TrustSettings.resolveTrusted(context.env(), context.home())
              : new TrustedKeys(list);
    } catch (IOException | IllegalArgumentException e) {
      throw ReleaseCommand.usage(spec, e);
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
      dev.hoist.engine.internal.io.Durable.deleteTree(work);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("status", report.ok() ? "verified" : "failed");
      m.put("manifest", manifest);
      m.put("checks", report.lines());
      dev.hoist.picocli.internal.Output.json(out, m);
      return report.ok() ? 0 : 1;
    }
    report.lines().forEach(out::println);
    out.println(
        report.ok() ? "verified: a client would accept this release" : "verification FAILED");
    out.flush();
    return report.ok() ? 0 : 1;
  }
}
