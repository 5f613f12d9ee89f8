package dev.hoist.engine.internal.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.failure.UpdateException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process cost of reading a manifest (bench/jmh.sh): the streaming {@link ManifestParser} Hoist
 * ships against its baseline, the databind parser it replaced ({@link DatabindManifestParser}).
 *
 * <p>{@code cold*}: the first parse in a fresh JVM started with the launcher's flags — what the
 * no-op update pays once per run, class loading included. {@code hot*}: a warmed-up parse, for the
 * throughput of the code itself. The manifest (40 releases of 5 platforms, about 30 KB) is written
 * without Jackson, so that neither side's classes are loaded before it is measured.
 */
@State(Scope.Benchmark)
public class ManifestParseBenchmark {
  private byte[] manifest;

  @Setup
  public void setUp() {
    StringBuilder b =
        new StringBuilder(
            "{\"schema\":1,\"app\":\"hoist\",\"serial\":40,\"generated\":\"2026-11-22T10:00:00Z\","
                + "\"channels\":{\"stable\":\"1.38.0\",\"beta\":\"1.40.0-beta.1\"},\"releases\":[");
    String[] platforms = {"linux-x64", "linux-arm64", "macos-x64", "macos-arm64", "windows-x64"};
    for (int r = 0; r < 40; r++) {
      String v = r == 39 ? "1.40.0-beta.1" : "1." + r + ".0";
      if (r > 0) b.append(',');
      b.append("{\"version\":\"")
          .append(v)
          .append("\",\"published\":\"2026-11-20T00:00:00Z\",\"rollout\":100,")
          .append("\"notes\":\"Fixes and improvements in ")
          .append(v)
          .append(".\",\"assets\":[");
      for (int p = 0; p < platforms.length; p++) {
        if (p > 0) b.append(',');
        b.append("{\"platform\":\"")
            .append(platforms[p])
            .append("\",\"url\":\"hoist-")
            .append(v)
            .append('-')
            .append(platforms[p])
            .append(".tar.gz\",\"size\":")
            .append(48_000_000 + r * 1000 + p)
            .append(",\"sha256\":\"")
            .append(String.format("%064x", (long) r * 31 + p))
            .append("\"}");
      }
      b.append("]}");
    }
    manifest = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(
      value = 20,
      jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"})
  public Manifest coldStreaming() throws UpdateException {
    return new ManifestParser().parse(manifest);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(
      value = 20,
      jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"})
  public Manifest coldDatabind() throws UpdateException {
    return new DatabindManifestParser(new ObjectMapper()).parse(manifest);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  @Fork(1)
  public Manifest hotStreaming() throws UpdateException {
    return new ManifestParser().parse(manifest);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  @Fork(1)
  public Manifest hotDatabind() throws UpdateException {
    return new DatabindManifestParser(Warm.MAPPER).parse(manifest);
  }

  /** Built on first use: a static field would load databind in the streaming forks too. */
  private static final class Warm {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
