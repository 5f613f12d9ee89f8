package dev.hoist.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundled runtime, made for real: jlink from the JDK running the test, then training runs of the
 * laid-out distribution through its own launcher on that runtime.
 */
class RuntimeImageTest {
  @TempDir Path tmp;

  @Test
  void linksARuntimeThatRunsTheAppAndLearnsTheClassesItsStartUpLoads() throws Exception {
    Path jar = tmp.resolve("tiny-1.0.0.jar");
    String entry = TrainingMain.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry(entry));
      j.write(Files.readAllBytes(Path.of("hoist-maven-plugin/target/test-classes").resolve(entry)));
      j.closeEntry();
    }
    Distribution d =
        new Distribution(
            "tiny",
            "1.0.0",
            TrainingMain.class.getName(),
            List.of(jar),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of("--version"),
            Optional.empty());
    Path dist = Packager.layout(d, tmp.resolve("work"));

    RuntimeImage.link(dist, List.of());
    List<String> warnings =
        Training.run(
            dist,
            "tiny",
            "1.0.0",
            List.of("--version"),
            List.of(List.of("help")),
            tmp.resolve("t"));

    assertTrue(Files.isExecutable(dist.resolve("runtime/bin/java")));
    assertTrue(Files.readString(dist.resolve("runtime/release")).contains("java.base"));
    List<String> classes = Files.readAllLines(dist.resolve("conf/startup.classlist"));
    assertTrue(
        classes.stream().anyMatch(l -> l.startsWith("dev/hoist/maven/TrainingMain")),
        "the app's own class was learnt");
    assertTrue(classes.stream().anyMatch(l -> l.startsWith("java/lang/Object")));
    // tiny embeds no update command: it cannot install itself, so its update checks are not
    // trained, which the build reports (greet's and Hoist's builds train them: verify.groovy,
    // RuntimeDistributionIT).
    assertEquals(
        List.of(
            "'tiny update --self-install' installed nothing (usage), so training runs the"
                + " laid-out distribution and leaves update checks out"),
        warnings);
    assertTrue(Files.notExists(tmp.resolve("t")), "the training's files are deleted");
    assertEquals(
        classes.size(),
        classes.stream().distinct().count(),
        "each line once (the JVM refuses a class listed twice)");
    Path archive = Packager.archive(dist, tmp.resolve("out"), "-" + RuntimeImage.platform(), 0);
    assertTrue(
        archive
            .getFileName()
            .toString()
            .matches("tiny-1\\.0\\.0-(linux|macos)-(x64|arm64)\\.tar\\.gz"));
  }

  @Test
  void mergedListsKeepEachClassOnceUnderAFreshIdAndDropCustomLoaderClasses() throws Exception {
    Path a = Files.writeString(tmp.resolve("a"), "# comment\njava/lang/Object id: 0\nx/A id: 1\n");
    Path b =
        Files.writeString(
            tmp.resolve("b"),
            "# comment\njava/lang/Object id: 0\ny/B id: 1\nz/C id: 2 super: 0 source: x.jar\n"
                + "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.X\n");
    assertEquals(
        List.of(
            "# comment",
            "java/lang/Object id: 0",
            "x/A id: 1",
            "y/B id: 2",
            "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.X"),
        Training.merge(List.of(a, b)));
  }

  /**
   * As newer JDKs write them (each class with an id, numbered per list), lists merged by whole
   * lines name one class under two ids and -Xshare:dump refuses them (JDK 25 builds lost their
   * start-up archive that way); merged, the JVM accepts them.
   */
  @Test
  void mergedListsAreAcceptedByTheJvm_whereNaivelyJoinedOnesAreNot() throws Exception {
    Path a =
        Files.writeString(
            tmp.resolve("1.classlist"),
            "# NOTE: Do not modify this file.\njava/lang/Object id: 0\njava/lang/String id: 1\n"
                + "java/util/ArrayList id: 2\n");
    Path b =
        Files.writeString(
            tmp.resolve("2.classlist"),
            "# NOTE: Do not modify this file.\njava/lang/Object id: 0\njava/util/ArrayList id: 1\n"
                + "java/lang/String id: 2\njava/util/HashMap id: 3\n");
    Path good = Files.write(tmp.resolve("merged.classlist"), Training.merge(List.of(a, b)));
    Path naive =
        Files.write(
            tmp.resolve("naive.classlist"),
            java.util.stream.Stream.concat(
                    Files.readAllLines(a).stream(), Files.readAllLines(b).stream())
                .distinct()
                .toList());
    assertEquals(0, dump(good), "the merged list is accepted");
    assertTrue(dump(naive) != 0, "a list naming a class under two ids is refused");
  }

  private int dump(Path classList) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + tmp.resolve(classList.getFileName() + ".jsa"),
                "-cp",
                tmp.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve(classList.getFileName() + ".out").toFile())
            .start();
    return p.waitFor();
  }
}
