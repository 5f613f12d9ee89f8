package dev.hoist.engine.internal.publish;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.extract.DeltaPack;
import dev.hoist.engine.internal.extract.FileIndex;
import dev.hoist.engine.internal.extract.IndexedTree;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes the {@link DeltaPack} of a release for clients that have an earlier release installed: the
 * new index, then the blob of every file the earlier release does not hold at the same path with
 * the same bytes (exactly the files such a client would fetch), as {@code
 * <archive>.from-<version>.pack} beside the archive. A pack no smaller than the archive is not
 * written: such a client is better served by the archive.
 */
public final class PackPublisher {
  /**
   * What was written.
   *
   * @param pack the pack file
   * @param size its size
   * @param sha256 its SHA-256
   * @param blobs how many blobs it holds
   */
  public record Published(Path pack, long size, String sha256, int blobs) {}

  /**
   * Writes the pack from {@code earlier} (its index {@code earlierIndex}) to the release whose
   * index is {@code index}, published beside {@code archive}; empty when it would not be smaller
   * than the archive.
   */
  public Optional<Published> publish(
      Path archive, Path index, Version earlier, FileIndex earlierIndex)
      throws IOException, UpdateException {
    byte[] indexBytes = Files.readAllBytes(index);
    FileIndex next = FileIndex.parse(indexBytes);
    Map<String, FileIndex.Entry> installed =
        IndexedTree.filesBelowRoot(earlierIndex, "the index of " + earlier);
    Set<String> urls = new LinkedHashSet<>();
    for (Map.Entry<String, FileIndex.Entry> f :
        new TreeMap<>(IndexedTree.filesBelowRoot(next, index.getFileName().toString()))
            .entrySet()) {
      FileIndex.Entry e = f.getValue();
      FileIndex.Entry before = installed.get(f.getKey());
      if (e.blob() != null && (before == null || !e.sha256().equals(before.sha256()))) {
        urls.add(e.blob().url());
      }
    }
    Path dir = index.toAbsolutePath().normalize().getParent();
    Path pack = dir.resolve(archive.getFileName() + ".from-" + earlier + ".pack");
    Path tmp = Files.createTempFile(dir, ".hoist-pack-", ".tmp");
    try {
      try (OutputStream file = Files.newOutputStream(tmp);
          TarArchiveOutputStream tar =
              new TarArchiveOutputStream(file, StandardCharsets.UTF_8.name())) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        add(tar, DeltaPack.INDEX, indexBytes.length);
        tar.write(indexBytes);
        tar.closeArchiveEntry();
        for (String url : urls) {
          Path blob = Paths.get(dir.toUri().resolve(url));
          add(tar, url, Files.size(blob));
          Files.copy(blob, tar);
          tar.closeArchiveEntry();
        }
      }
      if (Files.size(tmp) >= Files.size(archive)) {
        Files.deleteIfExists(pack); // one written before for this release no longer pays either
        return Optional.empty();
      }
      Keys.makePublic(tmp);
      Files.move(tmp, pack, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(new Published(pack, Files.size(pack), Digest.sha256Of(pack), urls.size()));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A regular file entry of a fixed time and mode, so the same inputs give the same pack. */
  private static void add(TarArchiveOutputStream tar, String name, long size) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(size);
    entry.setMode(0100644);
    entry.setModTime(0);
    tar.putArchiveEntry(entry);
  }
}
