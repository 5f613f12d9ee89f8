package dev.hoist.engine.internal.auto;

import dev.hoist.engine.internal.io.PrivateDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The per-install random id, {@code state/install-id}: created once, never changed, and used only
 * to place this install in a rollout bucket. It identifies nothing outside this machine and is
 * never sent anywhere.
 *
 * <p>Creation is race-free: the id is written to a private temp file, synced, then published with a
 * hard link, which never replaces; a loser of the race reads the winner's id. A crash leaves at
 * most the temp file ({@code install-id.tmp-*}), which the next creation ignores.
 */
public final class InstallId {
  private InstallId() {}

  /**
   * The install's id, created on first use.
   *
   * @throws IOException if the state directory cannot be read or written
   */
  public static String of(Path stateDir) throws IOException {
    Path file = stateDir.resolve("install-id");
    if (Files.isRegularFile(file)) return read(file);
    PrivateDirectory.create(stateDir);
    Path tmp = stateDir.resolve("install-id.tmp-" + UUID.randomUUID());
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap((UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException e) {
        // Another process published first: its id is the id.
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return read(file);
  }

  private static String read(Path file) throws IOException {
    String id = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (id.isEmpty()) throw new IOException(file + " is empty");
    return id;
  }
}
