package dev.hoist.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which Hoist packages each source file refers to, read from its code (comments left out). */
final class PackageGraph {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

  /** A package name (lower-case segments) followed by a type name, or {@code .*} (an import). */
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(dev\\.hoist(?:\\.[a-z][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");

  private static final Pattern COMMENT_OR_STRING =
      Pattern.compile("//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

  /** An annotation or the declaration that opens a top-level type. */
  private static final String TYPE_START =
      "(?:@\\w+.*|(?:public |final |abstract |sealed |non-sealed )*(?:class|record|interface|enum) .*)";

  private PackageGraph() {}

  record References(String pkg, Set<String> referenced) {}

  /** The package of a source file and the other Hoist packages its code names. */
  static References references(String source) {
    String code = code(source);
    Matcher p = PACKAGE.matcher(code);
    if (!p.find()) throw new IllegalArgumentException("no package declaration");
    String pkg = p.group(1);
    Set<String> refs = new TreeSet<>();
    Matcher m = REFERENCE.matcher(code);
    while (m.find()) if (!m.group(1).equals(pkg)) refs.add(m.group(1));
    return new References(pkg, refs);
  }

  /** Source text without comments and string literals (strings become empty). */
  static String code(String source) {
    return COMMENT_OR_STRING
        .matcher(source)
        .replaceAll(r -> r.group().startsWith("\"") ? "\"\"" : " ");
  }

  /** Package to the packages it uses, over all the files given. */
  static Map<String, Set<String>> of(List<Path> files) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path f : files) {
      try {
        References r = references(Files.readString(f, StandardCharsets.UTF_8));
        graph.computeIfAbsent(r.pkg(), k -> new TreeSet<>()).addAll(r.referenced());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return graph;
  }

  /**
   * The strongly connected components of more than one package (Tarjan), each sorted; an empty list
   * means the graph is acyclic.
   */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<List<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : new TreeSet<>(graph.keySet())) {
      if (!index.containsKey(v)) strongConnect(v, graph, index, low, stack, onStack, out, counter);
    }
    return out;
  }

  private static void strongConnect(
      String v,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<List<String>> out,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : new TreeSet<>(graph.getOrDefault(v, Set.of()))) {
      if (!index.containsKey(w)) {
        strongConnect(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        Collections.sort(component);
        out.add(component);
      }
    }
  }

  /** The Javadoc comment that stands directly before the file's first type, or "". */
  static String leadingJavadoc(List<String> lines) {
    StringBuilder doc = new StringBuilder();
    boolean inDoc = false;
    for (String line : lines) {
      String t = line.strip();
      if (t.startsWith("/**")) {
        inDoc = true;
        doc.setLength(0);
      }
      if (inDoc) {
        doc.append(t).append('\n');
        if (t.endsWith("*/")) inDoc = false;
        continue;
      }
      if (t.matches(TYPE_START)) return doc.toString();
      if (!t.isEmpty() && !t.startsWith("package ") && !t.startsWith("import ")) doc.setLength(0);
    }
    return "";
  }
}
