package dev.hoist.engine.internal.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.extract.ArchiveBuilder;
import dev.hoist.engine.internal.extract.FileIndex;
import dev.hoist.engine.internal.failure.UpdateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher's half of delta updates: an archive's index and its content-addressed blobs. */
class IndexPublisherTest {
  @TempDir Path tmp;

  private static ArchiveBuilder release(String version) {
    byte[] random = new byte[40_000];
    new java.util.Random(7).nextBytes(random);
    return new ArchiveBuilder()
        .dir("app-" + version + "/")
        .file("app-" + version + "/bin/app", "#!/bin/sh\necho app " + version + "\n", 0755)
        .file("app-" + version + "/README", "text that compresses well\n".repeat(200))
        .file("app-" + version + "/lib/random.jar", random, 0644)
        .symlink("app-" + version + "/lib/latest", "random.jar")
        .dir("app-" + version + "/empty/");
  }

  private static Map<String, FileIndex.Entry> byPath(FileIndex index) {
    return index.entries().stream().collect(Collectors.toMap(FileIndex.Entry::path, e -> e));
  }

  @Test
  void theIndexNamesEveryEntry_andEachFileHasAVerifiableBlob() throws Exception {
    Path archive = release("1.0.0").write(tmp.resolve("app-1.0.0.tar.gz"));
    IndexPublisher.Published p = new IndexPublisher().publish(archive, tmp.resolve("blobs"));

    assertEquals(tmp.resolve("app-1.0.0.tar.gz.index.json"), p.index());
    FileIndex index = FileIndex.parse(Files.readAllBytes(p.index()));
    Map<String, FileIndex.Entry> e = byPath(index);
    assertEquals(
        List.of(
            "app-1.0.0/",
            "app-1.0.0/README",
            "app-1.0.0/bin/",
            "app-1.0.0/bin/app",
            "app-1.0.0/empty/",
            "app-1.0.0/lib/",
            "app-1.0.0/lib/latest",
            "app-1.0.0/lib/random.jar"),
        index.entries().stream().map(FileIndex.Entry::path).toList(),
        "in name order");
    assertTrue(e.get("app-1.0.0/bin/app").executable());
    assertEquals(FileIndex.Kind.LINK, e.get("app-1.0.0/lib/latest").kind());
    assertEquals("random.jar", e.get("app-1.0.0/lib/latest").target());
    assertEquals(3, p.files());
    assertEquals(3, p.newBlobs());

    // Text is stored gzipped, random bytes as they are; each blob is what its entry says.
    FileIndex.Entry readme = e.get("app-1.0.0/README");
    assertEquals("blobs/" + readme.sha256() + ".gz", readme.blob().url());
    FileIndex.Entry jar = e.get("app-1.0.0/lib/random.jar");
    assertEquals("blobs/" + jar.sha256(), jar.blob().url());
    for (FileIndex.Entry f : List.of(readme, jar)) {
      Path blob = tmp.resolve(f.blob().url());
      assertEquals(f.blob().size(), Files.size(blob));
      assertEquals(f.blob().sha256(), dev.hoist.engine.internal.digest.Digest.sha256Of(blob));
    }
    try (GZIPInputStream in =
        new GZIPInputStream(Files.newInputStream(tmp.resolve(readme.blob().url())))) {
      assertEquals("text that compresses well\n".repeat(200), new String(in.readAllBytes()));
    }
    assertEquals(p.size(), Files.size(p.index()));
    assertEquals(p.sha256(), dev.hoist.engine.internal.digest.Digest.sha256Of(p.index()));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(
          List.of("app-1.0.0.tar.gz", "app-1.0.0.tar.gz.index.json", "blobs"),
          s.map(x -> x.getFileName().toString()).sorted().toList(),
          "no work directory is left");
    }
  }

  @Test
  void aLaterRelease_addsOnlyTheBlobsOfWhatChanged_andTheSameArchiveGivesTheSameIndex()
      throws Exception {
    Path v1 = release("1.0.0").write(tmp.resolve("app-1.0.0.tar.gz"));
    IndexPublisher publisher = new IndexPublisher();
    IndexPublisher.Published first = publisher.publish(v1, tmp.resolve("blobs"));
    byte[] firstIndex = Files.readAllBytes(first.index());
    Path v2 = release("1.1.0").write(tmp.resolve("app-1.1.0.tar.gz"));
    IndexPublisher.Published second = publisher.publish(v2, tmp.resolve("blobs"));
    assertEquals(1, second.newBlobs(), "only the launcher changed");
    assertEquals(first.sha256(), publisher.publish(v1, tmp.resolve("blobs")).sha256());
    assertArrayEquals(firstIndex, Files.readAllBytes(first.index()));
  }

  @Test
  void anArchiveTheClientsExtractorRefuses_isThePublishersError() throws Exception {
    Path bad = new ArchiveBuilder().file("../escape", "x").write(tmp.resolve("bad.tar.gz"));
    UpdateException e =
        assertThrows(
            UpdateException.class, () -> new IndexPublisher().publish(bad, tmp.resolve("blobs")));
    assertEquals(UpdateException.Reason.UNSAFE_ARCHIVE_ENTRY, e.reason());
  }
}
