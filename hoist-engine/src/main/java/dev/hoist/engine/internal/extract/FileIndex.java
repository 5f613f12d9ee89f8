package dev.hoist.engine.internal.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.json.JsonTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The per-file index of a release archive (docs/manifest.md, "Delta updates"): every entry the
 * archive extracts to, in archive order, with what a client needs to build the same tree from the
 * files it already has plus the changed files fetched one by one. The index is bound to the signed
 * manifest by its size and SHA-256, and each blob by its own, so every byte a client fetches is
 * verified before it is decompressed or written.
 *
 * @param entries the entries, in the order they are created
 */
public record FileIndex(List<Entry> entries) {
  /** The format written and read; another value is refused (the client falls back). */
  public static final int SCHEMA = 1;

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public FileIndex {
    entries = List.copyOf(entries);
  }

  /** What an entry is. */
  public enum Kind {
    DIRECTORY("dir"),
    FILE("file"),
    LINK("link");

    private final String id;

    Kind(String id) {
      this.id = id;
    }
  }

  /**
   * One entry of the archive.
   *
   * @param path the entry's name as the archive spells it, e.g. {@code hoist-1.1.0/lib/a.jar}
   * @param kind directory, regular file or symbolic link
   * @param executable for a file, whether it is installed 0755 (else 0644)
   * @param size for a file, its exact size in bytes
   * @param sha256 for a file, the lower-case hex SHA-256 of its bytes
   * @param target for a link, its target as the archive spells it
   * @param blob for a file, where its bytes can be fetched alone; null when only a copy already
   *     installed can supply them
   */
  public record Entry(
      String path,
      Kind kind,
      boolean executable,
      long size,
      String sha256,
      String target,
      Blob blob) {

    public static Entry directory(String path) {
      return new Entry(path, Kind.DIRECTORY, false, 0, null, null, null);
    }

    public static Entry file(String path, boolean executable, long size, String sha256, Blob blob) {
      return new Entry(path, Kind.FILE, executable, size, sha256, null, blob);
    }

    public static Entry link(String path, String target) {
      return new Entry(path, Kind.LINK, false, 0, null, target, null);
    }
  }

  /**
   * A file's bytes, stored alone: gzip-compressed when its URL ends in {@code .gz}, else as they
   * are.
   *
   * @param url absolute, or relative to the index's URL
   * @param size the exact size of what is stored
   * @param sha256 the SHA-256 of what is stored (of the compressed bytes, for a {@code .gz})
   */
  public record Blob(String url, long size, String sha256) {
    /** Whether the stored bytes are gzip-compressed. */
    public boolean gzipped() {
      return url.endsWith(".gz");
    }
  }

  /**
   * Reads an index. Malformed input, an unknown schema or a field out of range is refused with
   * {@code ARCHIVE_CORRUPT} naming the entry; paths are judged later, by the tree that writes them.
   */
  public static FileIndex parse(byte[] bytes) throws UpdateException {
    Object doc;
    try {
      doc = JsonTree.readDocument(bytes);
    } catch (IOException e) {
      throw invalid("not JSON (" + e.getMessage() + ")");
    }
    if (!(doc instanceof Map<?, ?> root)) throw invalid("not a JSON object");
    if (!Integer.valueOf(SCHEMA).equals(root.get("schema"))) {
      throw invalid("schema " + JsonTree.asText(root.get("schema")) + " is not " + SCHEMA);
    }
    if (!(root.get("entries") instanceof List<?> list)) throw invalid("'entries' is not an array");
    List<Entry> entries = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      entries.add(entry(list.get(i), "entries[" + i + "]"));
    }
    return new FileIndex(entries);
  }

  private static Entry entry(Object value, String where) throws UpdateException {
    if (!(value instanceof Map<?, ?> e)) throw invalid("'" + where + "' is not an object");
    String path = text(e, "path", where);
    String type = text(e, "type", where);
    switch (type) {
      case "dir" -> {
        return Entry.directory(path);
      }
      case "link" -> {
        return Entry.link(path, text(e, "target", where));
      }
      case "file" -> {
        String mode = text(e, "mode", where);
        if (!mode.equals("0755") && !mode.equals("0644")) {
          throw invalid("'" + where + ".mode' is " + mode + ", not 0755 or 0644");
        }
        Blob blob = null;
        if (e.get("blob") != null) {
          if (!(e.get("blob") instanceof Map<?, ?> b)) {
            throw invalid("'" + where + ".blob' is not an object");
          }
          blob =
              new Blob(
                  text(b, "url", where + ".blob"),
                  size(b, where + ".blob"),
                  sha256(b, where + ".blob"));
        }
        return Entry.file(path, mode.equals("0755"), size(e, where), sha256(e, where), blob);
      }
      default ->
          throw invalid(
              "'"
                  + where
                  + ".type' is '"
                  + UpdateException.printable(type)
                  + "'; expected"
                  + " dir, file or link");
    }
  }

  private static String text(Map<?, ?> node, String field, String where) throws UpdateException {
    if (!(node.get(field) instanceof String v) || v.isEmpty()) {
      throw invalid("'" + where + "." + field + "' is not a non-empty string");
    }
    return v;
  }

  private static long size(Map<?, ?> node, String where) throws UpdateException {
    Object v = node.get("size");
    if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger) throw invalid("'" + where + ".size' is out of range");
    throw invalid("'" + where + ".size' is not a non-negative integer");
  }

  private static String sha256(Map<?, ?> node, String where) throws UpdateException {
    String v = text(node, "sha256", where);
    if (!SHA256.matcher(v).matches()) {
      throw invalid("'" + where + ".sha256' is not 64 lower-case hex digits");
    }
    return v;
  }

  private static UpdateException invalid(String detail) {
    return new UpdateException(Reason.ARCHIVE_CORRUPT, "malformed file index: " + detail);
  }

  /** The index as the publisher writes it: one entry per line, so that a diff reads well. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.setPrettyPrinter(
          new DefaultPrettyPrinter()
              .withArrayIndenter(new DefaultIndenter("  ", "\n"))
              .withObjectIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance));
      g.writeStartObject();
      g.writeNumberField("schema", SCHEMA);
      g.writeArrayFieldStart("entries");
      for (Entry e : entries) {
        g.writeStartObject();
        g.writeStringField("path", e.path());
        g.writeStringField("type", e.kind().id);
        switch (e.kind()) {
          case DIRECTORY -> {}
          case LINK -> g.writeStringField("target", e.target());
          case FILE -> {
            g.writeStringField("mode", e.executable() ? "0755" : "0644");
            g.writeNumberField("size", e.size());
            g.writeStringField("sha256", e.sha256());
            if (e.blob() != null) {
              g.writeObjectFieldStart("blob");
              g.writeStringField("url", e.blob().url());
              g.writeNumberField("size", e.blob().size());
              g.writeStringField("sha256", e.blob().sha256());
              g.writeEndObject();
            }
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    out.write('\n');
    return out.toByteArray();
  }
}
