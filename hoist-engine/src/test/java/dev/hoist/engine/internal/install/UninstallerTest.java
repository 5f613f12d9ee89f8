package dev.hoist.engine.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.testing.Releases;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an update that takes the lock the moment an uninstall releases it finds: no layout to build
 * on. Deleting in place and releasing the lock before {@code state/} and the home went let an
 * unattended run rebuild a half-removed home in the gap.
 */
class UninstallerTest {
  @TempDir Path tmp;

  private static List<String> names(Path dir) {
    if (!Files.exists(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void whenTheLockIsReleased_theHomeIsNoLongerAtItsPath() throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("hoist"), "1.0.0");
    List<List<String>> seen = new ArrayList<>();
    var o =
        new Uninstaller(Clock.systemUTC(), root -> seen.add(names(root)))
            .uninstall(home, "hoist", List.of());
    assertEquals(List.of(List.of()), seen, "nothing left at the home's path under the lock");
    assertFalse(Files.exists(home.root()));
    assertEquals(List.of(), names(tmp), "and no tombstone beside it once done");
    assertTrue(o.removed().contains(home.root().toAbsolutePath()), o.toString());
    assertEquals(
        home.root().resolve("state").toAbsolutePath(), o.removed().get(o.removed().size() - 2));
  }

  @Test
  void aHomeWithTheUsersFiles_losesHoistsEntriesBeforeTheLockGoes_andKeepsTheirs()
      throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("hoist"), "1.0.0");
    Files.writeString(home.root().resolve("notes.txt"), "mine");
    List<List<String>> seen = new ArrayList<>();
    var o =
        new Uninstaller(Clock.systemUTC(), root -> seen.add(names(root)))
            .uninstall(home, "hoist", List.of());
    List<String> atRelease = seen.get(0);
    assertEquals(2, atRelease.size(), atRelease.toString());
    assertEquals("notes.txt", atRelease.get(1), "only the user's file and Hoist's tombstone");
    assertTrue(atRelease.get(0).startsWith(".uninstall.tmp-"), atRelease.toString());
    assertEquals(List.of("notes.txt"), names(home.root()));
    assertEquals(List.of(home.root().resolve("notes.txt").toAbsolutePath()), o.kept());
  }

  /**
   * A self uninstall removes the jars its own JVM runs from. One the class loader has opened stays
   * readable; one it has not opened yet (last on the class path, nothing looked that far) would be
   * gone, and with it whatever class the report needs next.
   */
  @Test
  void aJvmRunningFromTheHome_canStillLoadItsClassesOnceItIsRemoved() throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("hoist"), "1.0.0");
    Path jar = Files.createDirectories(home.versionDir("1.0.0").resolve("lib")).resolve("late.jar");
    try (var zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("Late.class"));
      zip.write(emptyClass("Late"));
      zip.closeEntry();
    }
    String command = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                command,
                "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + jar,
                UninstallFromWithinMain.class.getName(),
                home.root().toString(),
                "Late")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals("loaded", out.strip());
    assertFalse(Files.exists(home.root()), "the home is gone");
  }

  /** The bytes of {@code public class <name> extends Object {}}, without even a constructor. */
  private static byte[] emptyClass(String name) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    out.writeInt(0xCAFEBABE);
    out.writeShort(0); // minor
    out.writeShort(61); // Java 17
    out.writeShort(5); // constant pool: 4 entries
    out.writeByte(7); // #1 Class #2
    out.writeShort(2);
    out.writeByte(1); // #2 Utf8
    out.writeUTF(name);
    out.writeByte(7); // #3 Class #4
    out.writeShort(4);
    out.writeByte(1); // #4 Utf8
    out.writeUTF("java/lang/Object");
    out.writeShort(0x0021); // public super
    out.writeShort(1); // this
    out.writeShort(3); // super
    out.writeShort(0); // interfaces
    out.writeShort(0); // fields
    out.writeShort(0); // methods
    out.writeShort(0); // attributes
    out.flush();
    return bytes.toByteArray();
  }

  @Test
  void theTempLinkOfAnInterruptedFlip_isHoistsAndGoes() throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("hoist"), "1.0.0");
    Files.createSymbolicLink(
        home.root().resolve(Installer.TEMP_LINK_PREFIX + "0b7e"), Path.of("versions/1.0.0"));
    var o = new Uninstaller(Clock.systemUTC()).uninstall(home, "hoist", List.of());
    assertEquals(List.of(), o.kept());
    assertFalse(Files.exists(home.root()), o.toString());
  }
}
