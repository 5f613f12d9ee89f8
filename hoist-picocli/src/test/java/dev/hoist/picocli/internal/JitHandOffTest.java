package dev.hoist.picocli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When and how a large install is run again by the launcher with C2 allowed. */
class JitHandOffTest {
  private static final long BIG = JitHandOff.MIN_BYTES;

  @TempDir Path tmp;
  private Path install;
  private Path record;

  @BeforeEach
  void setUp() throws Exception {
    install = Files.createDirectories(tmp.resolve("versions/1.0.0/bin")).getParent();
    record = tmp.resolve("record");
    Path launcher = install.resolve("bin/hoist");
    Files.writeString(
        launcher,
        "#!/bin/sh\nprintf '%s\\n' \"$*\" \"$HOIST_JAVA_OPTS\" \"$HOIST_HANDOFF\" \"$KEEP\" >"
            + record
            + "\nexit 3\n");
    assertTrue(launcher.toFile().setExecutable(true));
  }

  private JitHandOff handOff(Map<String, String> vars, Optional<Path> installDir) {
    Map<String, String> v = new HashMap<>(vars);
    v.put("KEEP", "kept");
    JitHandOff h =
        new JitHandOff(
            new Environment(
                v,
                installDir,
                tmp,
                "Linux",
                "amd64",
                Path.of(System.getProperty("java.home")),
                false));
    h.arguments(List.of("update", "--json", "--caller", "hook"));
    return h;
  }

  @Test
  void largeArchive_isInstalledByTheLauncherAgainWithC2AndTheSameArguments() throws Exception {
    JitHandOff h = handOff(Map.of("HOIST_JAVA_OPTS", "-Xmx256m"), Optional.of(install));

    Optional<UpdateResult> r = h.install("1.1.0", BIG);

    assertEquals("handed-off", r.orElseThrow().skipReason());
    assertEquals(OptionalInt.of(3), h.exitCode(), "the child's exit code is the run's");
    assertEquals(
        List.of("update --json --caller hook", "-Xmx256m -XX:TieredStopAtLevel=4", "1", "kept"),
        Files.readAllLines(record),
        "same arguments, C2 allowed, marked, the rest of the environment kept");
  }

  @Test
  void javaOptions_addC2AndASmallYoungGenerationUnlessTheUserSizedTheHeap() {
    assertEquals("-XX:TieredStopAtLevel=4 -Xmn16m", JitHandOff.javaOptions(""));
    assertEquals("-Dx=1 -XX:TieredStopAtLevel=4 -Xmn16m", JitHandOff.javaOptions("-Dx=1"));
    assertEquals("-Xmx64m -XX:TieredStopAtLevel=4", JitHandOff.javaOptions("-Xmx64m"));
  }

  @Test
  void smallArchive_staysHere() {
    JitHandOff h = handOff(Map.of(), Optional.of(install));
    assertEquals(Optional.empty(), h.install("1.1.0", BIG - 1));
    assertEquals(Optional.empty(), h.install("1.1.0", -1), "unknown size: stays");
    assertEquals(OptionalInt.empty(), h.exitCode());
    assertTrue(Files.notExists(record));
  }

  @Test
  void neverTwice_neverWhenTheUserSetTheJit_neverWithoutALauncher() {
    assertEquals(
        Optional.empty(),
        handOff(Map.of(JitHandOff.MARK, "1"), Optional.of(install)).install("1.1.0", BIG));
    assertEquals(
        Optional.empty(),
        handOff(Map.of("HOIST_JAVA_OPTS", "-XX:TieredStopAtLevel=1"), Optional.of(install))
            .install("1.1.0", BIG));
    assertEquals(Optional.empty(), handOff(Map.of(), Optional.empty()).install("1.1.0", BIG));
    assertTrue(Files.notExists(record));
  }
}
