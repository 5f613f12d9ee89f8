package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import dev.hoist.engine.internal.lock.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Versions in use by long-running processes (DESIGN §1 invariant 5). A process pins the version it
 * runs with a file {@code state/pins/<version>@<pid>} holding its start identity; garbage
 * collection keeps every version pinned by a process that is still alive (same PID and same start,
 * so a reused PID does not keep a version forever) and removes the pins of dead ones.
 *
 * <p>Pinning takes no lock: creating a pin file is independent of any update. A pin created while a
 * GC runs may come too late to save its version; a process pins before it uses its version, i.e. at
 * start-up, when that version is {@code current} and GC keeps it anyway.
 */
public final class Pins {
  private final HoistHome home;

  public Pins(HoistHome home) {
    this.home = home;
  }

  /** A held pin; closing it removes the pin file. */
  public final class Pin implements AutoCloseable {
    private final Path file;

    private Pin(Path file) {
      this.file = file;
    }

    public Path file() {
      return file;
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // The pin outlives us; GC removes it once it sees this process is gone.
      }
    }
  }

  private Path dir() {
    return home.state().resolve("pins");
  }

  /** Pins {@code version} for the current process until the pin is closed or the process ends. */
  public Pin pin(String version) throws IOException {
    ProcessIdentity self = ProcessIdentity.self();
    Files.createDirectories(PrivateDirectory.create(home.state()).resolve("pins"));
    Path file = dir().resolve(version + "@" + self.pid());
    Durable.writeAtomically(file, (self.startTicks() + "\n").getBytes(StandardCharsets.UTF_8));
    return new Pin(file);
  }

  /**
   * The versions pinned by live processes. With {@code removeStale}, deletes the pins of processes
   * that are gone (only a lock holder may, so that GC and this agree).
   */
  public Set<String> live(boolean removeStale) throws IOException {
    Set<String> out = new HashSet<>();
    if (!Files.isDirectory(dir())) return out;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir())) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        int at = name.lastIndexOf('@');
        if (name.contains(Durable.TEMP_INFIX) || at <= 0) continue;
        if (isAlive(p, name.substring(at + 1))) {
          out.add(name.substring(0, at));
        } else if (removeStale) {
          Files.deleteIfExists(p);
        }
      }
    }
    return out;
  }

  private static boolean isAlive(Path pin, String pidText) {
    long pid;
    try {
      pid = Long.parseLong(pidText);
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<String> start = ProcessIdentity.startOf(pid);
    if (start.isEmpty()) return false;
    try {
      String recorded = Files.readString(pin, StandardCharsets.UTF_8).strip();
      // An unknown start (non-Linux) is trusted rather than risk deleting a live version.
      return recorded.isEmpty() || start.get().isEmpty() || recorded.equals(start.get());
    } catch (IOException e) {
      return true;
    }
  }
}
