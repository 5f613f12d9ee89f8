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
    RuntimeImage.train(
        dist, "tiny", d.prefix(), List.of(List.of("--version"), List.of("help")), tmp.resolve("t"));

    assertTrue(Files.isExecutable(dist.resolve("runtime/bin/java")));
    assertTrue(Files.readString(dist.resolve("runtime/release")).contains("java.base"));
    List<String> classes = Files.readAllLines(dist.resolve("conf/startup.classlist"));
    assertTrue(
        classes.stream().anyMatch(l -> l.startsWith("dev/hoist/maven/TrainingMain")),
        "the app's own class was learnt");
    assertTrue(classes.stream().anyMatch(l -> l.startsWith("java/lang/Object")));
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
        RuntimeImage.merge(List.of(a, b)));
  }
}
