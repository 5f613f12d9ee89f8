package dev.hoist.engine.internal.publish;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.download.Downloader;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.extract.DeltaPack;
import dev.hoist.engine.internal.extract.FileIndex;
import dev.hoist.engine.internal.extract.IndexedTree;
import dev.hoist.engine.internal.extract.StoredBlob;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ManifestParser;
import dev.hoist.engine.internal.registry.RegistryClient;
import dev.hoist.engine.internal.registry.Release;
import dev.hoist.engine.internal.trust.ManifestSignature;
import dev.hoist.engine.internal.trust.TrustedKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a published manifest and every archive it lists with the client's own classes: the same
 * transport policy, signature check, parser, expiry rule, verified download and safe extraction,
 * and for an archive with a file index, the delta path's index, blobs and tree. A publisher runs it
 * against the live URL after uploading; what passes here installs on a client (serial replay
 * protection aside, which depends on each client's history).
 */
public final class ReleaseVerifier {
  /**
   * The outcome: one line per check, and whether all passed.
   *
   * @param lines human-readable results, in order
   * @param ok true when nothing failed
   */
  public record Report(List<String> lines, boolean ok) {}

  private final RegistryClient registry;
  private final Downloader downloader;
  private final ArchiveExtractor extractor;
  private final TrustedKeys keys;
  private final Clock clock;

  public ReleaseVerifier(
      Transport transport,
      Downloader downloader,
      ArchiveExtractor extractor,
      TrustedKeys keys,
      Clock clock) {
    this.registry = new RegistryClient(transport);
    this.downloader = downloader;
    this.extractor = extractor;
    this.keys = keys;
    this.clock = clock;
  }

  /** Verifies {@code manifestUri}, downloading and extracting into {@code work} (left behind). */
  public Report verify(URI manifestUri, Path work) throws IOException {
    List<String> lines = new ArrayList<>();
    Manifest manifest;
    try {
      byte[] bytes = registry.fetch(manifestUri, RegistryClient.Validators.NONE).bytes();
      lines.add("manifest: " + manifestUri + " (" + bytes.length + " bytes)");
      byte[] parsed = bytes;
      if (keys.isEmpty()) {
        lines.add("signature: not checked (pass --key FILE to check it)");
      } else {
        parsed = checkSignatures(manifestUri, bytes, lines);
      }
      manifest = new ManifestParser().parse(parsed);
      if (manifest.expires().isPresent()) {
        if (manifest.expires().get().isBefore(clock.instant())) {
          throw new UpdateException(
              Reason.MANIFEST_EXPIRED, "the manifest expired at " + manifest.expires().get());
        }
        lines.add("expires: " + manifest.expires().get());
      } else {
        lines.add("expires: never (consider --expires-in, against freeze attacks)");
      }
      lines.add(
          "serial: " + (manifest.serial().isPresent() ? manifest.serial().getAsLong() : "none"));
    } catch (UpdateException e) {
      lines.add("FAILED " + e.reason().code() + ": " + e.getMessage());
      return new Report(lines, false);
    }
    boolean ok = true;
    int n = 0;
    for (Release release : manifest.releases()) {
      for (Asset asset : release.assets()) {
        Path dir = Files.createDirectories(work.resolve("asset-" + n++));
        String what = release.version() + " " + asset.platform() + " " + asset.url();
        try {
          Path archive = dir.resolve(asset.fileName());
          downloader.download(
              manifestUri.resolve(asset.url()),
              archive,
              asset.size(),
              asset.sha256(),
              Downloader.Progress.NONE);
          Path tree = Files.createDirectory(dir.resolve("tree"));
          ArchiveExtractor.Extraction extraction =
              extractor.extract(archive, asset.fileName(), tree);
          lines.add(what + ": OK (" + asset.size() + " bytes, sha256 and contents checked)");
          // Clients install it without those links: the publisher should know before they do.
          extraction.warning().ifPresent(w -> lines.add("  warning: " + w));
          if (asset.index() != null) {
            lines.add("  index: " + checkIndex(manifestUri, asset, dir, extraction.root()));
            for (Asset.Pack pack : asset.index().packs()) {
              lines.add(
                  "  pack from " + pack.from() + ": " + checkPack(manifestUri, asset, pack, dir));
            }
          }
        } catch (UpdateException e) {
          ok = false;
          lines.add(what + ": FAILED " + e.reason().code() + ": " + e.getMessage());
        }
      }
    }
    return new Report(lines, ok);
  }

  /**
   * Checks both signatures a client may use: the inline one and the detached {@code .sig} (clients
   * that predate inline signatures, and anyone checking by hand). Either alone is enough to pass;
   * one that is there must verify, since the clients that use it would refuse the manifest. Returns
   * the bytes to parse.
   */
  private byte[] checkSignatures(URI manifestUri, byte[] bytes, List<String> lines)
      throws UpdateException {
    Optional<ManifestSignature.Inline> inline = ManifestSignature.inline(bytes, manifestUri);
    if (inline.isPresent()) {
      TrustedKeys.Key signer = ManifestSignature.verify(keys, inline.get(), manifestUri);
      lines.add("signature: OK, inline (key " + signer.fingerprint() + ")");
    }
    URI sigUri = ManifestSignature.signatureUri(manifestUri);
    Optional<byte[]> sig =
        registry.fetchSmall(
            sigUri, ManifestSignature.MAX_SIGNATURE_BYTES, Reason.SIGNATURE_INVALID);
    if (sig.isPresent()) {
      TrustedKeys.Key signer = ManifestSignature.verify(keys, bytes, sig.get(), sigUri);
      lines.add("signature: OK, " + sigUri + " (key " + signer.fingerprint() + ")");
    } else if (inline.isPresent()) {
      lines.add(
          "signature: no "
              + sigUri
              + " (clients that predate inline signatures check only that file; `hoist release"
              + " sign` writes both)");
    } else {
      throw new UpdateException(
          Reason.SIGNATURE_MISSING,
          "the manifest carries no inline signature and " + sigUri + " does not exist");
    }
    return inline.isPresent() ? inline.get().signed() : bytes;
  }

  /**
   * The asset's file index, checked as a client without any installed file would use it: the index
   * and every blob fetched and verified, the tree built from them alone, and that tree the same,
   * file by file, as the archive's.
   */
  private String checkIndex(URI manifestUri, Asset asset, Path dir, Path archiveRoot)
      throws UpdateException, IOException {
    URI indexUri = manifestUri.resolve(asset.index().url());
    Path indexFile = dir.resolve("index.json");
    downloader.download(
        indexUri,
        indexFile,
        asset.index().size(),
        asset.index().sha256(),
        Downloader.Progress.NONE);
    FileIndex index = FileIndex.parse(Files.readAllBytes(indexFile));
    IndexedTree builder = extractor.indexedTree();
    IndexedTree.Plan plan = builder.plan(index, dir.resolve("nothing-installed"), asset.fileName());
    Map<Integer, StoredBlob> blobs = new HashMap<>();
    long bytes = 0;
    for (int i : plan.missing()) {
      FileIndex.Blob blob = index.entries().get(i).blob();
      Path file = dir.resolve("blob-" + i);
      downloader.download(
          indexUri.resolve(blob.url()), file, blob.size(), blob.sha256(), Downloader.Progress.NONE);
      blobs.put(i, StoredBlob.whole(file, blob.size()));
      bytes += blob.size();
    }
    Path tree = Files.createDirectory(dir.resolve("from-index"));
    Path root = builder.assemble(plan, blobs, tree, asset.fileName(), asset.size()).root();
    Map<String, String> expected = describe(archiveRoot);
    Map<String, String> built = describe(root);
    if (!expected.equals(built)) {
      List<String> differ = new ArrayList<>();
      for (String k : new TreeSet<>(union(expected.keySet(), built.keySet()))) {
        if (!java.util.Objects.equals(expected.get(k), built.get(k))) differ.add(k);
      }
      throw new UpdateException(
          Reason.CHECKSUM_MISMATCH,
          "the tree built from the index differs from the archive's at "
              + UpdateException.firstFew(differ));
    }
    return "OK ("
        + plan.files()
        + " files from "
        + plan.missing().size()
        + " blobs, "
        + bytes
        + " bytes; the same tree as the archive)";
  }

  /**
   * A delta pack, read as a client reads it: its size and SHA-256, then the index it must open with
   * and each blob it holds against the index. (A blob it lacks a client fetches alone.)
   */
  private String checkPack(URI manifestUri, Asset asset, Asset.Pack pack, Path dir)
      throws UpdateException, IOException {
    Path work = Files.createDirectory(dir.resolve("pack-from-" + pack.from()));
    Path file = work.resolve("pack.tar");
    downloader.download(
        manifestUri.resolve(pack.url()),
        file,
        pack.size(),
        pack.sha256(),
        Downloader.Progress.NONE);
    DeltaPack.Contents contents =
        DeltaPack.read(file, asset.index().size(), asset.index().sha256());
    return "OK ("
        + pack.size()
        + " bytes: the index and "
        + contents.blobs().size()
        + " blob"
        + (contents.blobs().size() == 1 ? "" : "s")
        + ")";
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Each path below {@code root}: a directory, a link and its target, or a file's mode and hash.
   */
  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          out.put(rel, "link " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.put(rel, "dir");
        } else {
          out.put(rel, (Files.isExecutable(p) ? "0755 " : "0644 ") + Digest.sha256Of(p));
        }
      }
    }
    return out;
  }
}
