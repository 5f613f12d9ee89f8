package dev.hoist.engine.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.app.App;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
  @TempDir Path tmp;

  private Path installedCopy(Path home, String version) throws Exception {
    Path dir = Files.createDirectories(home.resolve("versions").resolve(version));
    Files.createDirectories(dir.resolve(".hoist"));
    Files.writeString(dir.resolve(".hoist/complete.json"), "{}");
    Files.createSymbolicLink(home.resolve("current"), Path.of("versions", version));
    return dir;
  }

  @Test
  void developmentBuild_isNotSelfManaged() {
    var p =
        assertInstanceOf(
            Provenance.NotSelfManaged.class, Provenance.of(Optional.empty(), Optional.empty()));
    assertTrue(p.why().contains("development build"));
    assertTrue(p.updateCommand().contains("mvnw"));
  }

  @Test
  void copyInsideAHome_isSelfManaged() throws Exception {
    Path home = tmp.resolve("home");
    Path dir = installedCopy(home, "1.0.0");
    var p =
        assertInstanceOf(
            Provenance.SelfManaged.class, Provenance.of(Optional.of(dir), Optional.empty()));
    assertEquals(home.toRealPath(), p.home().root());
  }

  @Test
  void homeOverrideElsewhere_isNotSelfManaged() throws Exception {
    Path dir = installedCopy(tmp.resolve("home"), "1.0.0");
    var p =
        assertInstanceOf(
            Provenance.NotSelfManaged.class,
            Provenance.of(Optional.of(dir), Optional.of(tmp.resolve("other"))));
    assertTrue(p.updateCommand().contains("other"), p.updateCommand());
  }

  @Test
  void extractedArchive_isNotSelfManagedAndSuggestsSelfInstall() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("Downloads/hoist-1.0.0"));
    var p =
        assertInstanceOf(
            Provenance.NotSelfManaged.class, Provenance.of(Optional.of(dir), Optional.empty()));
    assertTrue(p.updateCommand().contains("self install"), p.updateCommand());
  }

  @Test
  void incompleteVersionDir_isNotSelfManaged() throws Exception {
    Path home = tmp.resolve("home");
    installedCopy(home, "1.0.0");
    Path dir = Files.createDirectories(home.resolve("versions/1.1.0"));
    assertInstanceOf(
        Provenance.NotSelfManaged.class, Provenance.of(Optional.of(dir), Optional.empty()));
  }

  @Test
  void theCurrentVersionWhoseMarkerWasLost_isStillSelfManaged_soItCanBeRepaired() throws Exception {
    Path home = tmp.resolve("home");
    Path dir = Files.createDirectories(home.resolve("versions/1.0.0"));
    Files.createSymbolicLink(home.resolve("current"), Path.of("versions", "1.0.0"));
    assertInstanceOf(
        Provenance.SelfManaged.class, Provenance.of(Optional.of(dir), Optional.empty()));
  }

  @Test
  void packageManagerTrees_nameTheirOwnCommand() throws Exception {
    Path prefix = tmp.resolve("brew");
    Path brew = Files.createDirectories(prefix.resolve("bin")).resolve("brew");
    Files.writeString(brew, "#!/bin/sh\n");
    brew.toFile().setExecutable(true);
    Path keg = Files.createDirectories(prefix.resolve("Cellar/hoist/1.0.0"));
    assertEquals(
        "brew upgrade hoist",
        Provenance.of(Optional.of(keg), Optional.empty()) instanceof Provenance.NotSelfManaged n
            ? n.updateCommand()
            : "");
  }

  @Test
  void aHomeUnderADirectoryThatIsOnlyCalledCellar_isStillSelfManaged() throws Exception {
    Path home = tmp.resolve("Cellar/tools/hoist-home");
    Path dir = installedCopy(home, "1.0.0");
    assertInstanceOf(
        Provenance.SelfManaged.class, Provenance.of(Optional.of(dir), Optional.empty()));
  }

  @Test
  void anAppsCopy_isAdvisedWithTheAppsOwnCommands() throws Exception {
    App greet =
        new App("greet", "bin/greet", java.util.List.of("--version"), App.pattern("(\\S+)"));
    Path dir = Files.createDirectories(tmp.resolve("Downloads/greet-1.0.0"));
    var loose =
        assertInstanceOf(
            Provenance.NotSelfManaged.class,
            Provenance.of(greet, Optional.of(dir), Optional.empty()));
    assertEquals(
        dir.toRealPath().resolve("bin/greet")
            + " update --self-install (installs it into its home, as greet-install.sh does)",
        loose.updateCommand());
    var brew =
        assertInstanceOf(
            Provenance.NotSelfManaged.class,
            Provenance.of(
                greet, Optional.of(Path.of("/opt/homebrew/Cellar/greet/1.0.0")), Optional.empty()));
    assertEquals("brew upgrade greet", brew.updateCommand());
    var dev =
        assertInstanceOf(
            Provenance.NotSelfManaged.class,
            Provenance.of(greet, Optional.empty(), Optional.empty()));
    assertTrue(dev.why().contains("installed bin/greet"), dev.why());
    assertTrue(dev.updateCommand().contains("greet-install.sh"), dev.updateCommand());
    Path installed = installedCopy(tmp.resolve("home"), "1.0.0");
    var elsewhere =
        assertInstanceOf(
            Provenance.NotSelfManaged.class,
            Provenance.of(greet, Optional.of(installed), Optional.of(tmp.resolve("other"))));
    assertFalse(elsewhere.why().contains("HOIST_HOME"), elsewhere.why());
    assertEquals(tmp.resolve("other/current/bin/greet") + " update", elsewhere.updateCommand());
  }
}
