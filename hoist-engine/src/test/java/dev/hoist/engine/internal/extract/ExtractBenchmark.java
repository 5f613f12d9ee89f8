package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.failure.UpdateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process cost of Hoist's safe extraction (bench/jmh.sh) against its baseline: a naive
 * commons-compress loop that writes every entry where it says, with none of the checks (path
 * confinement, links, modes, duplicates, limits, fsync-free either way). The archive is 2,000 files
 * of 4 KiB in 20 directories, as a small distribution's {@code lib/} would be.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExtractBenchmark {
  static final int FILES = 2000;

  Path dir;
  Path archive;
  Path out;

  @Setup(Level.Trial)
  public void archive() throws IOException {
    dir = Files.createTempDirectory("hoist-extract-bench");
    archive = dir.resolve("a.tar.gz");
    Random random = new Random(42);
    byte[] content = new byte[4096];
    try (OutputStream fos = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(fos))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (int d = 0; d < 20; d++) {
        TarArchiveEntry e = new TarArchiveEntry("app/lib" + d + "/");
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      for (int i = 0; i < FILES; i++) {
        random.nextBytes(content);
        TarArchiveEntry e = new TarArchiveEntry("app/lib" + (i % 20) + "/file-" + i + ".jar");
        e.setMode(i % 50 == 0 ? 0100755 : 0100644);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
  }

  @Setup(Level.Invocation)
  public void target() throws IOException {
    out = Files.createTempDirectory(dir, "out");
  }

  @TearDown(Level.Invocation)
  public void clean() throws IOException {
    delete(out);
  }

  @TearDown(Level.Trial)
  public void removeArchive() throws IOException {
    delete(dir);
  }

  @Benchmark
  public Path safe() throws UpdateException {
    return new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
        .extract(archive, "a.tar.gz", out)
        .root();
  }

  @Benchmark
  public Path naive() throws IOException {
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(archive)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        Path p = out.resolve(e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(p);
        } else {
          Files.createDirectories(p.getParent());
          Files.copy((InputStream) in, p);
          if ((e.getMode() & 0100) != 0 && !p.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + p + " executable");
          }
        }
      }
    }
    return out.resolve("app");
  }

  static void delete(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
