package dev.hoist.engine.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTest {
  @TempDir Path tmp;

  private final StartupCache cache = new StartupCache(Duration.ofSeconds(120));

  /** An install whose runtime is the JDK running the tests and whose lib/ holds jackson-core. */
  private Path installWithRuntime() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("versions/1.0.0"));
    Files.createSymbolicLink(dir.resolve("runtime"), Path.of(System.getProperty("java.home")));
    Path jar =
        Path.of(JsonFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.createDirectories(dir.resolve("lib"));
    Files.copy(jar, dir.resolve("lib/jackson-core.jar"));
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        dir.resolve(StartupCache.CLASS_LIST),
        "java/lang/Object\ncom/fasterxml/jackson/core/JsonFactory\n");
    return dir;
  }

  @Test
  void prepare_dumpsTheArchiveOnceIntoTheInstall() throws Exception {
    Path dir = installWithRuntime();
    assertTrue(StartupCache.applies(dir));
    assertTrue(cache.prepare(dir));
    Path archive = dir.resolve(StartupCache.ARCHIVE);
    assertTrue(Files.size(archive) > 0);
    Object key = Files.readAttributes(archive, "unix:ino").get("ino");
    assertTrue(cache.prepare(dir));
    assertEquals(key, Files.readAttributes(archive, "unix:ino").get("ino"), "dumped again");
    try (var files = Files.list(archive.getParent())) {
      assertEquals(List.of(archive), files.toList(), "no temp file left");
    }
  }

  @Test
  void prepare_dumpsTheQuickPathsArchiveToo_whenTheInstallHasItsList() throws Exception {
    Path dir = installWithRuntime();
    Files.writeString(dir.resolve(StartupCache.QUICK_LIST), "java/lang/Object\n");
    assertTrue(cache.prepare(dir));
    assertTrue(Files.size(dir.resolve(StartupCache.ARCHIVE)) > 0);
    assertTrue(Files.size(dir.resolve(StartupCache.QUICK)) > 0);
    assertTrue(
        Files.size(dir.resolve(StartupCache.QUICK)) < Files.size(dir.resolve(StartupCache.ARCHIVE)),
        "the quick archive holds fewer classes");
  }

  @Test
  void theDumpsClassPathIsTheLaunchers_andNothingOutsideLib() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("versions/2.0.0/conf")).getParent();
    String all = dir.resolve("lib") + "/*";
    assertEquals(all, StartupCache.classPath(dir), "no conf/classpath: lib/* as before");
    Files.writeString(
        dir.resolve(StartupCache.CLASS_PATH), "lib/app-1.jar:lib/hoist-engine-1.jar:lib/*\n");
    assertEquals(
        dir.resolve("lib/app-1.jar") + ":" + dir.resolve("lib/hoist-engine-1.jar") + ":" + all,
        StartupCache.classPath(dir));
    for (String hostile :
        List.of("../../etc/x.jar:lib/*", "/abs.jar:lib/*", "lib/a.jar", "lib/$(x).jar:lib/*")) {
      Files.writeString(dir.resolve(StartupCache.CLASS_PATH), hostile);
      assertEquals(all, StartupCache.classPath(dir), hostile);
    }
  }

  @Test
  void prepare_doesNothingWithoutABundledRuntime() throws Exception {
    Path dir = installWithRuntime();
    Files.delete(dir.resolve("runtime"));
    assertFalse(StartupCache.applies(dir));
    assertFalse(cache.prepare(dir));
    assertFalse(Files.exists(dir.resolve(".hoist")));
  }

  @Test
  void prepare_doesNothingWithoutAClassList() throws Exception {
    Path dir = installWithRuntime();
    Files.delete(dir.resolve(StartupCache.CLASS_LIST));
    assertFalse(cache.prepare(dir));
    assertFalse(Files.exists(dir.resolve(".hoist")));
  }

  @Test
  void prepare_reportsAFailedDumpAndLeavesNothing() throws Exception {
    Path dir = installWithRuntime();
    Files.delete(dir.resolve("runtime"));
    Path fake = Files.createDirectories(tmp.resolve("fakejdk/bin")).resolve("java");
    Files.writeString(fake, "#!/bin/sh\nexit 3\n");
    assertTrue(fake.toFile().setExecutable(true));
    Files.createSymbolicLink(dir.resolve("runtime"), fake.getParent().getParent());
    assertFalse(cache.prepare(dir));
    try (var files = Files.list(dir.resolve(".hoist"))) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void sweep_removesTempFilesOfKilledDumpsOnly() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("v/.hoist")).getParent();
    Path archive = Files.writeString(dir.resolve(StartupCache.ARCHIVE), "a");
    Path marker = Files.writeString(dir.resolve(".hoist/complete.json"), "{}");
    Path leftover = Files.writeString(dir.resolve(".hoist/startup.jsa.tmp-1234"), "partial");
    List<Path> removed = new ArrayList<>();
    StartupCache.sweep(dir, removed);
    assertEquals(List.of(leftover), removed);
    assertTrue(Files.exists(archive));
    assertTrue(Files.exists(marker));
    assertFalse(Files.exists(leftover));
  }
}
