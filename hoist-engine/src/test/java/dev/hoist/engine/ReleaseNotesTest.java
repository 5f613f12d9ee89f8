package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.UpdateResult.Status;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.testing.Releases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 5: a check, a dry run and a completed update carry the release's notes, the page
 * to read more, the archive's URL and its size; the notes are a registry's text, so nothing in them
 * can reach a terminal as a control sequence.
 */
class ReleaseNotesTest {
  @TempDir Path tmp;
  private Path registry;
  private HoistHome home;
  private Path archive;

  @BeforeEach
  void setUp() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
    home = Releases.activeHome(tmp.resolve("home"), "1.0.0");
    archive = Releases.fakeDistribution(registry, "1.1.0");
  }

  private UpdateEngine engine() {
    return UpdateEngine.builder()
        .installDir(Optional.of(home.versionDir("1.0.0")))
        .runningVersion("1.0.0")
        .platform("Linux", "amd64")
        .build();
  }

  private URI publish(String notes, String notesUrl) throws Exception {
    Releases.ManifestBuilder m =
        Releases.manifest().channel("stable", "1.1.0").release("1.1.0", archive);
    if (notes != null) m.releaseField("notes", notes);
    if (notesUrl != null) m.releaseField("notesUrl", notesUrl);
    return m.writeTo(registry.resolve("manifest.json")).toUri();
  }

  @Test
  void checkDryRunAndUpdate_carryNotesPageUrlAndSize() throws Exception {
    URI m = publish("Faster start-up.\nFixes #12.", "https://example.com/releases/1.1.0");
    for (UpdateRequest request :
        new UpdateRequest[] {
          UpdateRequest.to(m).withMode(UpdateRequest.Mode.CHECK),
          UpdateRequest.to(m).withMode(UpdateRequest.Mode.DRY_RUN),
          UpdateRequest.to(m)
        }) {
      UpdateResult r = engine().update(request);
      assertTrue(r.release() != null, r.status() + ": " + r.message());
      Map<String, Object> json = r.toJson();
      assertEquals("Faster start-up.\nFixes #12.", json.get("notes"), request.mode().toString());
      assertEquals("https://example.com/releases/1.1.0", json.get("notesUrl"));
      assertEquals(Files.size(archive), json.get("size"));
      assertEquals(m.resolve(archive.getFileName().toString()).toString(), json.get("url"));
    }
    assertEquals(Optional.of("1.1.0"), home.currentVersion(), "the last one installed it");
  }

  @Test
  void withoutNotes_theFieldsAreLeftOut() throws Exception {
    UpdateResult r =
        engine().update(UpdateRequest.to(publish(null, null)).withMode(UpdateRequest.Mode.CHECK));
    assertFalse(r.toJson().containsKey("notes"));
    assertFalse(r.toJson().containsKey("notesUrl"));
    assertTrue(r.toJson().containsKey("size"));
  }

  @Test
  void notes_cannotSendControlSequencesToTheTerminal() throws Exception {
    // An escape sequence that would retitle the terminal and clear the screen, a bidi override
    // that would show text reversed, a carriage return that would overwrite the line.
    URI m = publish("ok\u001b]0;pwned\u0007\u001b[2J\r\nsafe \u202Eevil\ttab", null);
    UpdateResult r = engine().update(UpdateRequest.to(m).withMode(UpdateRequest.Mode.CHECK));
    assertEquals("ok]0;pwned[2J\nsafe evil tab", r.release().notes());
  }

  @Test
  void aNotesUrlThatIsNotHttps_isAnInvalidManifest() throws Exception {
    URI m = publish(null, "javascript:alert(1)");
    UpdateResult r = engine().update(UpdateRequest.to(m).withMode(UpdateRequest.Mode.CHECK));
    assertEquals(Status.FAILED, r.status());
    assertEquals("manifest-invalid", r.failure().orElseThrow().code());
    assertTrue(r.message().contains("notesUrl"), r.message());
  }

  @Test
  void upToDate_carriesNoRelease() throws Exception {
    URI m = publish("notes", null);
    assertEquals(Status.UPDATED, engine().update(UpdateRequest.to(m)).status());
    UpdateResult again = engine().update(UpdateRequest.to(m));
    assertEquals(Status.UP_TO_DATE, again.status());
    assertNull(again.release());
  }
}
