package dev.hoist.engine;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.download.Downloader;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.extract.DeltaPack;
import dev.hoist.engine.internal.extract.FileIndex;
import dev.hoist.engine.internal.extract.IndexedTree;
import dev.hoist.engine.internal.extract.StoredBlob;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.ByteSize;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delta path of an update (docs/manifest.md, "Delta updates"): when the chosen archive has a
 * file index and a version is installed, the new version's tree is built in staging from the
 * installed version's unchanged files plus the changed files' blobs, each fetched and verified
 * alone. Anything that keeps it from giving the exact tree (an index or blob that is missing or
 * does not match, a path the extractor refuses, a file no blob supplies) makes it step aside for
 * the full archive, saying why; only an interruption or a full disk ends the update, as they would
 * the full path. With a delta pack from the installed version, the index and the changed files'
 * blobs come in that one file (one request instead of two or more); a pack that is unusable is
 * passed over for the index and blobs alone.
 *
 * <p>Why one class: the pack, the index and the blobs are three ways to the same verified bytes of
 * one plan, and which blob comes from where is decided once, here.
 */
final class DeltaUpdate {
  /** How many blobs are fetched at once; browsers open six connections per host. */
  static final int PARALLEL = 4;

  private final Downloader downloader;
  private final IndexedTree builder;

  DeltaUpdate(Downloader downloader, IndexedTree builder) {
    this.downloader = downloader;
    this.builder = builder;
  }

  /**
   * What the delta path did.
   *
   * @param extraction the built tree, or empty when the full archive must be used
   * @param fallback why the delta path stepped aside after trying, or empty (it was not tried, or
   *     it succeeded, or the full archive was no larger)
   * @param indexUri the index it followed, when it succeeded
   * @param indexDigest that index's digest
   * @param packUri the delta pack the index and blobs came in, or null when they were fetched alone
   * @param packUnusable why the delta pack from the installed version was passed over, or empty
   * @param fetchedBytes the bytes of the index and the blobs fetched
   * @param fetchedFiles how many files were fetched
   * @param files how many files the release has
   */
  record Outcome(
      Optional<ArchiveExtractor.Extraction> extraction,
      Optional<String> fallback,
      URI indexUri,
      Digest indexDigest,
      URI packUri,
      Optional<String> packUnusable,
      long fetchedBytes,
      int fetchedFiles,
      int files) {
    static Outcome full(String why) {
      return new Outcome(
          Optional.empty(), Optional.ofNullable(why), null, null, null, Optional.empty(), 0, 0, 0);
    }

    /** What was downloaded: this, or the full archive of {@code archiveSize} bytes. */
    UpdateResult.Transfer transfer(long archiveSize) {
      return extraction.isPresent()
          ? new UpdateResult.Transfer(fetchedBytes, true, files, fetchedFiles)
          : new UpdateResult.Transfer(archiveSize, false, -1, -1);
    }

    /**
     * What a delta update fetched, for the result's message ({@code " (a delta update: 2 of 95
     * files, 305.2 KiB instead of 5.8 MiB)"}), or empty for a full one.
     */
    String summary(long archiveSize) {
      if (extraction.isEmpty()) return "";
      return " (a delta update: "
          + fetchedFiles
          + " of "
          + files
          + (files == 1 ? " file, " : " files, ")
          + ByteSize.human(fetchedBytes)
          + (archiveSize > 0 ? " instead of " + ByteSize.human(archiveSize) : "")
          + ")";
    }
  }

  /**
   * Builds the tree into {@code staging/tree}, or leaves {@code staging} as it found it and returns
   * why not.
   *
   * @param registry the manifest's URL
   * @param installed the root of the installed version, whose files may be reused
   * @param installedVersion its version: with a delta pack from it, the pack is fetched instead of
   *     the index and the blobs (and when the pack is unusable, they are)
   * @throws UpdateException only {@code INTERRUPTED} or {@code DISK_FULL}
   */
  Outcome build(
      URI registry,
      Asset asset,
      Path installed,
      Optional<Version> installedVersion,
      Path staging,
      UpdateListener listener)
      throws UpdateException {
    Path work = staging.resolve("delta");
    try {
      Asset.Index ref = asset.index();
      URI indexUri = ReleaseUrls.resolve(registry, registry, ref.url(), "the index url '%s'");
      Files.createDirectory(work);
      Digest indexDigest = Digest.sha256(ref.sha256());
      Optional<Asset.Pack> pack =
          installedVersion
              .flatMap(ref::packFrom)
              .filter(p -> asset.size() <= 0 || p.size() < asset.size());
      Optional<Packed> attempt =
          pack.isPresent()
              ? Optional.of(fromPack(registry, pack.get(), ref, work, listener))
              : Optional.empty();
      Optional<DeltaPack.Contents> packed = attempt.flatMap(Packed::contents);
      FileIndex index;
      if (packed.isPresent()) {
        index = packed.get().index();
      } else {
        Path indexFile = work.resolve("index.json");
        downloader.download(indexUri, Map.of(), indexFile, ref.size(), indexDigest, (d, t) -> {});
        index = FileIndex.parse(Files.readAllBytes(indexFile));
      }
      Map<String, StoredBlob> inPack = packed.map(DeltaPack.Contents::blobs).orElse(Map.of());
      long fetchedSoFar = packed.isPresent() ? pack.get().size() : ref.size();
      IndexedTree.Plan plan = builder.plan(index, installed, asset.fileName());
      if (asset.size() > 0 && plan.fetchBytes(inPack.keySet()) + fetchedSoFar >= asset.size()) {
        Durable.deleteTree(work);
        return Outcome.full(null); // the full archive is no larger: nothing is lost
      }
      Fetched fetched = fetch(registry, indexUri, index, plan, inPack, work, listener);
      plan = fetched.plan();
      Map<Integer, StoredBlob> blobs = fetched.blobs();
      // The delta's extraction: the tree from the installed files and the fetched blobs.
      Updater.enter(listener, UpdateListener.Phase.EXTRACT, asset.fileName());
      Path tree = Files.createDirectory(staging.resolve("tree"));
      ArchiveExtractor.Extraction extraction =
          builder.assemble(plan, blobs, tree, asset.fileName(), asset.size());
      Durable.deleteTree(work);
      return new Outcome(
          Optional.of(extraction),
          Optional.empty(),
          indexUri,
          indexDigest,
          packed.isPresent() ? attempt.get().uri() : null,
          attempt.flatMap(Packed::unusable),
          plan.fetchBytes(inPack.keySet()) + fetchedSoFar,
          plan.missing().size(),
          plan.files());
    } catch (UpdateException e) {
      if (e.reason() == Reason.INTERRUPTED || e.reason() == Reason.DISK_FULL) throw e;
      return stepAside(staging, work, e.getMessage());
    } catch (IOException e) {
      if (Downloader.isDiskFull(e)) {
        throw new UpdateException(Reason.DISK_FULL, "no space left in " + staging, e);
      }
      return stepAside(staging, work, e.toString());
    }
  }

  /**
   * The delta pack at {@code uri}: what it holds, or why it was passed over.
   *
   * @param contents what it holds, verified; empty when it is unusable
   * @param unusable why it was passed over, when it was
   */
  private record Packed(
      URI uri, Optional<DeltaPack.Contents> contents, Optional<String> unusable) {}

  /**
   * Fetches and reads the delta pack. When it is unusable (missing, not matching the manifest, or
   * not holding the index the manifest names) the index and blobs are fetched alone, and nothing of
   * the pack is used.
   */
  private Packed fromPack(
      URI registry, Asset.Pack pack, Asset.Index ref, Path work, UpdateListener listener)
      throws UpdateException, IOException {
    URI uri = ReleaseUrls.resolve(registry, registry, pack.url(), "the pack url '%s'");
    Path file = work.resolve("pack.tar");
    String unusable;
    try {
      downloader.download(
          uri,
          Map.of(),
          file,
          pack.size(),
          Digest.sha256(pack.sha256()),
          (d, t) -> {
            synchronized (listener) {
              listener.progress(d, t);
            }
          });
      // The blobs are read where they lie in it: the pack stays until the tree is built.
      DeltaPack.Contents contents = DeltaPack.read(file, ref.size(), ref.sha256());
      return new Packed(uri, Optional.of(contents), Optional.empty());
    } catch (UpdateException e) {
      if (e.reason() == Reason.INTERRUPTED || e.reason() == Reason.DISK_FULL) throw e;
      unusable = e.getMessage();
    } catch (IOException e) {
      if (Downloader.isDiskFull(e)) throw e;
      unusable = "the delta pack " + uri + " is unusable: " + e;
    }
    Files.deleteIfExists(file);
    return new Packed(uri, Optional.empty(), Optional.of(unusable));
  }

  /** The plan once its candidates were read, and the blobs fetched for it. */
  private record Fetched(IndexedTree.Plan plan, Map<Integer, StoredBlob> blobs) {}

  /**
   * Fetches the missing files' blobs into {@code work}, {@link #PARALLEL} at a time (a static host
   * answers each request on its own, so a release with many changed files is not a sum of round
   * trips), while this thread reads the installed candidates; one that turned out to differ is
   * fetched too. Each blob is verified by size and SHA-256 as it arrives.
   */
  private Fetched fetch(
      URI registry,
      URI indexUri,
      FileIndex index,
      IndexedTree.Plan plan,
      Map<String, StoredBlob> inPack,
      Path work,
      UpdateListener listener)
      throws UpdateException {
    Map<Integer, StoredBlob> blobs = new HashMap<>();
    AtomicLong done = new AtomicLong();
    long[] total = {plan.fetchBytes(inPack.keySet())};
    ExecutorService pool =
        Executors.newFixedThreadPool(
            PARALLEL,
            r -> {
              Thread t = new Thread(r, "hoist-blob");
              t.setDaemon(true);
              return t;
            });
    List<Future<?>> pending = new ArrayList<>();
    try {
      Submitter submit =
          i -> {
            FileIndex.Blob blob = index.entries().get(i).blob();
            StoredBlob packed = inPack.get(blob.url());
            if (packed != null) {
              blobs.put(i, packed); // verified as the pack was read
              return;
            }
            URI uri = ReleaseUrls.resolve(registry, indexUri, blob.url(), "the blob url '%s'");
            Path file = work.resolve("blob-" + i);
            blobs.put(i, StoredBlob.whole(file, blob.size()));
            pending.add(
                pool.submit(
                    () -> {
                      long[] seen = {0};
                      downloader.download(
                          uri,
                          Map.of(),
                          file,
                          blob.size(),
                          Digest.sha256(blob.sha256()),
                          (d, t) -> {
                            long now = done.addAndGet(d - seen[0]);
                            seen[0] = d;
                            synchronized (listener) {
                              listener.progress(now, total[0]);
                            }
                          });
                      return null;
                    }));
          };
      for (int i : plan.missing()) submit.blob(i);
      List<Integer> more = new ArrayList<>();
      IndexedTree.Plan confirmed = plan.confirm(more::add);
      for (int i : more) {
        FileIndex.Blob blob = index.entries().get(i).blob();
        if (!inPack.containsKey(blob.url())) total[0] += blob.size();
        submit.blob(i);
      }
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UpdateException u) throw u;
          throw new UpdateException(Reason.DOWNLOAD_FAILED, e.getCause().toString(), e.getCause());
        }
      }
      return new Fetched(confirmed, blobs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpdateException(Reason.INTERRUPTED, "interrupted while fetching the changed files");
    } finally {
      pool.shutdownNow();
      awaitQuietly(pool);
    }
  }

  private interface Submitter {
    void blob(int entry) throws UpdateException;
  }

  /** Waits for the fetchers to stop, so that none writes into staging once it is cleaned. */
  private static void awaitQuietly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(30, TimeUnit.SECONDS)) break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** Empties what the attempt wrote, so that the full path starts from a clean staging. */
  private static Outcome stepAside(Path staging, Path work, String why) throws UpdateException {
    try {
      Durable.deleteTree(work);
      Durable.deleteTree(staging.resolve("tree"));
    } catch (IOException e) {
      throw new UpdateException(
          Reason.INSTALL_FAILED, "cannot clean " + staging + " after a failed delta update", e);
    }
    return Outcome.full(why);
  }
}
