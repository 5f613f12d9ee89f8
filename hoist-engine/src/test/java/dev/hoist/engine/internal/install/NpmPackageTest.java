package dev.hoist.engine.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A staged npm package's {@code bin} files, made executable as npm makes them. */
class NpmPackageTest {
  @TempDir Path tmp;
  private Path pkg;
  private Path outside;

  @BeforeEach
  void setUp() throws Exception {
    pkg = Files.createDirectories(tmp.resolve("staging/package"));
    outside = Files.writeString(tmp.resolve("outside"), "not the package's");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private Path file(String name) throws Exception {
    Path f = pkg.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "#!/usr/bin/env node\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    return f;
  }

  private void packageJson(String json) throws Exception {
    Files.writeString(pkg.resolve("package.json"), json);
  }

  @Test
  void everyBinFile_isMadeExecutable_andNothingElse() throws Exception {
    Path a = file("bin/a.js");
    Path b = file("lib/cli.js");
    Path other = file("lib/util.js");
    packageJson("{\"name\": \"t\", \"bin\": {\"a\": \"./bin/a.js\", \"b\": \"lib/cli.js\"}}");

    assertEquals(List.of("bin/a.js", "lib/cli.js"), NpmPackage.markBinsExecutable(pkg));

    assertTrue(Files.isExecutable(a));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(b)));
    assertFalse(Files.isExecutable(other));
  }

  /** Recorded: uglify-js 3.19.3 publishes bin/uglifyjs as -rw-r--r--. */
  @Test
  void realPackageWhoseBinLacksItsExecuteBit_getsIt() throws Exception {
    Path tgz = tmp.resolve("uglify-js-3.19.3-bin-only.tgz");
    try (var in = getClass().getResourceAsStream("/archives/uglify-js-3.19.3-bin-only.tgz")) {
      Files.copy(in, tgz);
    }
    Path staging = Files.createDirectories(tmp.resolve("uglify"));
    Path root =
        new dev.hoist.engine.internal.extract.ArchiveExtractor(
                dev.hoist.engine.internal.extract.ArchiveExtractor.Limits.defaults())
            .extract(tgz, "uglify-js-3.19.3.tgz", staging)
            .root();
    assertFalse(Files.isExecutable(root.resolve("bin/uglifyjs")), "as published");

    assertEquals(Map.of("uglifyjs", "bin/uglifyjs"), NpmPackage.bins(root));
    assertEquals(List.of("bin/uglifyjs"), NpmPackage.markBinsExecutable(root));
    assertTrue(Files.isExecutable(root.resolve("bin/uglifyjs")));
  }

  @Test
  void aBinString_isTheCommandNamedAsThePackage_withoutItsScope() throws Exception {
    file("cli.js");
    packageJson("{\"name\": \"@scope/tool\", \"bin\": \"cli.js\"}");
    assertEquals(Map.of("tool", "cli.js"), NpmPackage.bins(pkg));
    assertEquals(List.of("cli.js"), NpmPackage.markBinsExecutable(pkg));
  }

  @Test
  void aBinInsideThroughAnInternalLink_isFollowedToItsFile() throws Exception {
    Path real = file("dist/cli.js");
    Files.createSymbolicLink(pkg.resolve("cli.js"), Path.of("dist/cli.js"));
    packageJson("{\"name\": \"t\", \"bin\": {\"t\": \"cli.js\"}}");
    assertEquals(List.of("dist/cli.js"), NpmPackage.markBinsExecutable(pkg));
    assertTrue(Files.isExecutable(real));
  }

  @Test
  void binsNamingNothingInsideThePackage_areLeftAlone() throws Exception {
    Files.createDirectories(pkg.resolve("dir"));
    Files.createSymbolicLink(pkg.resolve("out"), outside);
    packageJson(
        "{\"name\": \"t\", \"bin\": {\"up\": \"../../outside\", \"abs\": \""
            + outside
            + "\", \"link\": \"out\", \"dir\": \"dir\", \"none\": \"missing.js\", \"n\": 7}}");

    assertEquals(List.of(), NpmPackage.markBinsExecutable(pkg));

    assertEquals(
        "rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)));
  }

  @Test
  void noBin_marksNothing() throws Exception {
    file("index.js");
    packageJson("{\"name\": \"lib-only\"}");
    assertEquals(List.of(), NpmPackage.markBinsExecutable(pkg));
  }

  @Test
  void aPackageJsonThatCannotBeRead_failsTheInstall_sayingWhy() throws Exception {
    UpdateException missing =
        assertThrows(UpdateException.class, () -> NpmPackage.markBinsExecutable(pkg));
    assertEquals(Reason.INSTALL_FAILED, missing.reason());
    assertTrue(missing.getMessage().contains("no package.json"), missing.getMessage());

    Files.createSymbolicLink(pkg.resolve("package.json"), outside);
    UpdateException link =
        assertThrows(UpdateException.class, () -> NpmPackage.markBinsExecutable(pkg));
    assertTrue(link.getMessage().contains("not a regular file"), link.getMessage());
    Files.delete(pkg.resolve("package.json"));

    packageJson("[1, 2]");
    UpdateException array =
        assertThrows(UpdateException.class, () -> NpmPackage.markBinsExecutable(pkg));
    assertTrue(array.getMessage().contains("not an object"), array.getMessage());

    packageJson("{\"name\": \"" + "x".repeat((int) NpmPackage.MAX_PACKAGE_JSON_BYTES) + "\"}");
    UpdateException big =
        assertThrows(UpdateException.class, () -> NpmPackage.markBinsExecutable(pkg));
    assertTrue(big.getMessage().contains("over 1048576 bytes"), big.getMessage());

    packageJson("{\"name\": ");
    UpdateException broken =
        assertThrows(UpdateException.class, () -> NpmPackage.markBinsExecutable(pkg));
    assertTrue(broken.getMessage().contains("cannot be read"), broken.getMessage());
  }

  @Test
  void theCommand_isLinkedInDotHoistBin_relatively_toItsBinFile() throws Exception {
    Path cli = file("cli.js");
    packageJson(
        "{\"name\": \"cowsay\", \"bin\": {\"cowsay\": \"./cli.js\", \"cowthink\": \"./cli.js\"}}");

    NpmPackage.linkLauncher(pkg, "cowsay");

    Path link = pkg.resolve(".hoist/bin/cowsay");
    assertEquals(Path.of("../../cli.js"), Files.readSymbolicLink(link));
    assertEquals(cli.toRealPath(), link.toRealPath());
  }

  @Test
  void aPackagesOnlyCommand_isLinked_whateverItsName() throws Exception {
    file("bin/uglifyjs");
    packageJson("{\"name\": \"uglify-js\", \"bin\": {\"uglifyjs\": \"bin/uglifyjs\"}}");
    NpmPackage.linkLauncher(pkg, "uglify");
    assertEquals(
        Path.of("../../bin/uglifyjs"), Files.readSymbolicLink(pkg.resolve(".hoist/bin/uglify")));
  }

  @Test
  void noFittingCommand_failsNamingTheCommandsThereAre() throws Exception {
    file("a.js");
    packageJson("{\"name\": \"t\", \"bin\": {\"a\": \"a.js\", \"b\": \"a.js\"}}");
    UpdateException e =
        assertThrows(UpdateException.class, () -> NpmPackage.linkLauncher(pkg, "tool"));
    assertEquals(Reason.INSTALL_FAILED, e.reason());
    assertEquals(
        "the package has no command 'tool' in its package.json bin (it has: a, b); set"
            + " \"command\" to one of its commands, or \"launcher\" to a file",
        e.getMessage());
    assertFalse(Files.exists(pkg.resolve(".hoist")));
  }

  @Test
  void aCommandNamingNoFileInside_isRefused() throws Exception {
    packageJson("{\"name\": \"t\", \"bin\": {\"t\": \"../../outside\"}}");
    UpdateException e =
        assertThrows(UpdateException.class, () -> NpmPackage.linkLauncher(pkg, "t"));
    assertTrue(e.getMessage().contains("not a file inside the package"), e.getMessage());
  }

  @Test
  void aDotHoistLeftByAnInstallScript_isRefused_notUsed() throws Exception {
    file("cli.js");
    packageJson("{\"name\": \"t\", \"bin\": \"cli.js\"}");
    Files.createSymbolicLink(pkg.resolve(".hoist"), tmp);
    UpdateException e =
        assertThrows(UpdateException.class, () -> NpmPackage.linkLauncher(pkg, "t"));
    assertTrue(e.getMessage().contains("install scripts left"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("bin")), "nothing written through it");
  }
}
