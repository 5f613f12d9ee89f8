package dev.hoist.engine.internal.extract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * Builds real archives for tests, hostile ones included: entry names are written exactly as given
 * (absolute paths and {@code ..} kept), and entry types no well-behaved tool would put in a release
 * archive are available. Large contents ({@link #zeros}) are streamed, not held in memory.
 */
public final class ArchiveBuilder {
  private enum Type {
    DIRECTORY,
    FILE,
    SYMLINK,
    HARD_LINK,
    CHARACTER_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    GLOBAL_PAX_HEADER,
    GNU_LONG_NAME
  }

  private record Entry(String name, Type type, byte[] content, long zeros, int mode, String link) {}

  private final List<Entry> entries = new ArrayList<>();
  private boolean stored;

  /** Zip entries are stored uncompressed, so a test can find and damage their bytes. */
  public ArchiveBuilder stored() {
    stored = true;
    return this;
  }

  public ArchiveBuilder dir(String name) {
    return dir(name, 0755);
  }

  public ArchiveBuilder dir(String name, int mode) {
    return add(new Entry(name, Type.DIRECTORY, new byte[0], 0, mode, null));
  }

  public ArchiveBuilder file(String name, String content) {
    return file(name, content, 0644);
  }

  public ArchiveBuilder file(String name, String content, int mode) {
    return add(new Entry(name, Type.FILE, content.getBytes(StandardCharsets.UTF_8), 0, mode, null));
  }

  public ArchiveBuilder file(String name, byte[] content, int mode) {
    return add(new Entry(name, Type.FILE, content.clone(), 0, mode, null));
  }

  /** A file of {@code size} zero bytes, streamed when written. */
  public ArchiveBuilder zeros(String name, long size) {
    return add(new Entry(name, Type.FILE, new byte[0], size, 0644, null));
  }

  public ArchiveBuilder symlink(String name, String target) {
    return add(new Entry(name, Type.SYMLINK, new byte[0], 0, 0777, target));
  }

  /** A tar hard link; zip has none. */
  public ArchiveBuilder hardLink(String name, String target) {
    return add(new Entry(name, Type.HARD_LINK, new byte[0], 0, 0644, target));
  }

  public ArchiveBuilder characterDevice(String name) {
    return add(new Entry(name, Type.CHARACTER_DEVICE, new byte[0], 0, 0666, null));
  }

  public ArchiveBuilder blockDevice(String name) {
    return add(new Entry(name, Type.BLOCK_DEVICE, new byte[0], 0, 0666, null));
  }

  public ArchiveBuilder fifo(String name) {
    return add(new Entry(name, Type.FIFO, new byte[0], 0, 0644, null));
  }

  /** A tar global PAX header, as {@code git archive} writes one with the commit id. */
  public ArchiveBuilder globalPaxHeader(String comment) {
    return add(new Entry("pax_global_header", Type.GLOBAL_PAX_HEADER, new byte[0], 0, 0, comment));
  }

  /**
   * A GNU long-name record of {@code length} bytes, whose name applies to the entry after it. (The
   * writer's own long-name support slows down quadratically with the name's length.)
   */
  public ArchiveBuilder gnuLongName(long length) {
    return add(new Entry("././@LongLink", Type.GNU_LONG_NAME, new byte[0], length, 0644, null));
  }

  private ArchiveBuilder add(Entry entry) {
    entries.add(entry);
    return this;
  }

  /** Writes the archive in the format its file name says (.tar.gz, .tgz, .tar.xz, .zip). */
  public Path write(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".zip")) {
      writeZip(file);
    } else {
      try (OutputStream out = Files.newOutputStream(file);
          OutputStream compressed =
              name.endsWith(".tar.xz")
                  ? new XZCompressorOutputStream(out)
                  : new GzipCompressorOutputStream(out)) {
        writeTar(compressed);
      }
    }
    return file;
  }

  /** The uncompressed tar stream; for small archives only. */
  public byte[] tar() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTar(out);
    return out.toByteArray();
  }

  public void writeTar(OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Entry e : entries) {
      TarArchiveEntry entry =
          switch (e.type) {
            case DIRECTORY -> new TarArchiveEntry(e.name, TarConstants.LF_DIR, true);
            case FILE -> new TarArchiveEntry(e.name, TarConstants.LF_NORMAL, true);
            case SYMLINK -> new TarArchiveEntry(e.name, TarConstants.LF_SYMLINK, true);
            case HARD_LINK -> new TarArchiveEntry(e.name, TarConstants.LF_LINK, true);
            case CHARACTER_DEVICE -> new TarArchiveEntry(e.name, TarConstants.LF_CHR, true);
            case BLOCK_DEVICE -> new TarArchiveEntry(e.name, TarConstants.LF_BLK, true);
            case FIFO -> new TarArchiveEntry(e.name, TarConstants.LF_FIFO, true);
            case GLOBAL_PAX_HEADER ->
                new TarArchiveEntry(e.name, TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, true);
            case GNU_LONG_NAME ->
                new TarArchiveEntry(e.name, TarConstants.LF_GNUTYPE_LONGNAME, true);
          };
      if (e.type == Type.GLOBAL_PAX_HEADER) {
        entry.addPaxHeader("comment", e.link);
      } else {
        entry.setMode(e.mode);
      }
      if (e.link != null && (e.type == Type.SYMLINK || e.type == Type.HARD_LINK)) {
        entry.setLinkName(e.link);
      }
      entry.setSize(
          e.type == Type.FILE || e.type == Type.GNU_LONG_NAME ? e.content.length + e.zeros : 0);
      tar.putArchiveEntry(entry);
      if (e.type != Type.GLOBAL_PAX_HEADER) { // written whole by putArchiveEntry
        writeContent(e, tar);
        tar.closeArchiveEntry();
      }
    }
    tar.finish();
  }

  private void writeZip(Path file) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      for (Entry e : entries) {
        ZipArchiveEntry entry = new ZipArchiveEntry(e.name);
        if (stored) {
          entry.setMethod(ZipEntry.STORED);
        }
        switch (e.type) {
          case DIRECTORY -> entry.setUnixMode(0040000 | e.mode);
          case FILE -> entry.setUnixMode(0100000 | e.mode);
          case SYMLINK -> entry.setUnixMode(0120000 | e.mode);
          case CHARACTER_DEVICE -> entry.setUnixMode(0020000 | e.mode);
          case BLOCK_DEVICE -> entry.setUnixMode(0060000 | e.mode);
          case FIFO -> entry.setUnixMode(0010000 | e.mode);
          case HARD_LINK, GLOBAL_PAX_HEADER, GNU_LONG_NAME ->
              throw new IllegalArgumentException("zip has no " + e.type);
        }
        zip.putArchiveEntry(entry);
        if (e.type == Type.SYMLINK) {
          zip.write(e.link.getBytes(StandardCharsets.UTF_8));
        } else {
          writeContent(e, zip);
        }
        zip.closeArchiveEntry();
      }
    }
  }

  /** A zip whose entries carry no Unix modes, as made on Windows. */
  public Path writeZipWithoutUnixModes(Path file) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      for (Entry e : entries) {
        zip.putArchiveEntry(new ZipArchiveEntry(e.name));
        writeContent(e, zip);
        zip.closeArchiveEntry();
      }
    }
    return file;
  }

  private static void writeContent(Entry e, OutputStream out) throws IOException {
    out.write(e.content);
    byte[] chunk = new byte[64 * 1024];
    for (long left = e.zeros; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, left));
    }
  }
}
