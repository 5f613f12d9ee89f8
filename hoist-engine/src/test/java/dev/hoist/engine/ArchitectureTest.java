package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/contributing.md's "Layout of the code", checked against the sources of every
 * module: each package depends only on packages of lower layers, so the package graph has no cycle;
 * the engine never reaches the command line; and a class over 300 lines says at its top why it is
 * one concern. A new package must be given a layer here (and in docs/contributing.md) before it
 * builds.
 */
class ArchitectureTest {
  private static final String I = "dev.hoist.engine.internal.";

  /** Bottom first. A package may use packages of lower layers only, never its own layer's. */
  static final List<Set<String>> LAYERS =
      List.of(
          // The plugin's packager stands alone (see theMavenPluginStandsAlone).
          Set.of(I + "failure", "dev.hoist.maven"),
          Set.of(I + "version", I + "json", I + "io", I + "digest"),
          Set.of(I + "trust", I + "lock", I + "extract", I + "download"),
          Set.of(I + "registry", I + "app"),
          Set.of(I + "registry.backend", I + "install"),
          Set.of(I + "auto", I + "schedule", I + "publish"),
          Set.of("dev.hoist.engine"),
          Set.of("dev.hoist.picocli.internal"),
          Set.of("dev.hoist.picocli"),
          Set.of("dev.hoist.cli"));

  private static final Path ROOT = Path.of("").toAbsolutePath();

  @Test
  void everyPackageUsesOnlyLowerLayers() throws IOException {
    Map<String, Set<String>> graph = PackageGraph.of(mainSources());
    assertEquals(List.of(), violations(graph, LAYERS));
  }

  @Test
  void thePackageGraphHasNoCycle() throws IOException {
    assertEquals(List.of(), PackageGraph.cycles(PackageGraph.of(mainSources())));
  }

  @Test
  void theEngineNeverReachesTheCommandLine() throws IOException {
    assertEquals(List.of(), naming("hoist-engine", "picocli", "dev.hoist.cli"));
  }

  @Test
  void theUpdateCommandNeverReachesTheHoistTool() throws IOException {
    assertEquals(List.of(), naming("hoist-picocli", "dev.hoist.cli"));
  }

  @Test
  void theMavenPluginStandsAlone() throws IOException {
    // It runs inside Maven and from build.sh with commons-compress only: no engine, no picocli.
    assertEquals(
        List.of(),
        naming("hoist-maven-plugin", "dev.hoist.engine", "dev.hoist.picocli", "picocli"));
  }

  /** The main sources of {@code module} whose code (not comments) names any of {@code names}. */
  private static List<String> naming(String module, String... names) throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path f : sources(ROOT.resolve(module).resolve("src/main/java"))) {
      String code = PackageGraph.code(Files.readString(f, StandardCharsets.UTF_8));
      for (String n : names) if (code.contains(n)) offenders.add(rel(f) + " names " + n);
    }
    return offenders;
  }

  /**
   * The clock comes from the entry point (STYLE: Main builds it, everything else receives it), so
   * that a test's fixed clock reaches every decision; only entry points and the engine builder's
   * default make one.
   */
  @Test
  void onlyEntryPointsMakeTheSystemClock() throws IOException {
    Set<String> entryPoints =
        Set.of(
            "hoist-cli/src/main/java/dev/hoist/cli/Main.java",
            "hoist-cli/src/main/java/dev/hoist/cli/ShellDocsBuild.java",
            "hoist-picocli/src/main/java/dev/hoist/picocli/UpdateCommand.java",
            // the quick path, which an app's main tries first (as Hoist's Main does)
            "hoist-picocli/src/main/java/dev/hoist/picocli/QuickUpdate.java",
            "hoist-picocli/src/main/java/dev/hoist/picocli/UpdateNotice.java",
            "hoist-engine/src/main/java/dev/hoist/engine/UpdateEngine.java");
    List<String> offenders = new ArrayList<>();
    for (Path f : mainSources()) {
      String code = PackageGraph.code(Files.readString(f, StandardCharsets.UTF_8));
      if (code.matches("(?s).*Clock\\s*\\.\\s*system.*") && !entryPoints.contains(rel(f))) {
        offenders.add(rel(f));
      }
    }
    assertEquals(List.of(), offenders, "pass the context's clock instead");
  }

  @Test
  void aClassOver300LinesSaysWhyItIsOneConcern() throws IOException {
    List<String> unexplained = new ArrayList<>();
    for (Path f : mainSources()) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      if (lines.size() <= 300) continue;
      if (!PackageGraph.leadingJavadoc(lines).contains("Why one class:")) unexplained.add(rel(f));
    }
    assertEquals(List.of(), unexplained, "say at the top why the class is one concern");
  }

  @Test
  void everyPublicTypeHasJavadoc() throws IOException {
    List<String> undocumented = new ArrayList<>();
    for (Path f : mainSources()) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      boolean isPublic = lines.stream().anyMatch(l -> l.matches(PUBLIC_TYPE));
      if (isPublic && PackageGraph.leadingJavadoc(lines).isBlank()) undocumented.add(rel(f));
    }
    assertEquals(List.of(), undocumented, "a public type without a Javadoc comment");
  }

  private static final String PUBLIC_TYPE =
      "public (?:final |abstract |sealed )*(?:class|record|interface|enum) .*";

  // The checks themselves must be able to fail.

  @Test
  void anUpwardImportIsReported() {
    Map<String, Set<String>> graph =
        Map.of(I + "lock", Set.of("dev.hoist.engine"), "dev.hoist.engine", Set.of(I + "lock"));
    List<String> v = violations(graph, LAYERS);
    assertEquals(List.of(I + "lock -> dev.hoist.engine (layer 6 above layer 2)"), v);
    assertEquals(
        List.of(List.of("dev.hoist.engine", I + "lock")), PackageGraph.cycles(graph), "cycle");
  }

  @Test
  void aSameLayerImportAndAnUnknownPackageAreReported() {
    Map<String, Set<String>> graph =
        Map.of(I + "lock", Set.of(I + "extract"), "dev.hoist.newthing", Set.of());
    assertEquals(
        List.of(
            I + "lock -> " + I + "extract (same layer 2)",
            "dev.hoist.newthing has no layer (add it to ArchitectureTest.LAYERS and docs/contributing.md)"),
        violations(graph, LAYERS));
  }

  @Test
  void referencesAreFoundInImportsAndCodeButNotInComments() {
    String src =
        "package dev.hoist.engine.internal.lock;\n"
            + "import dev.hoist.engine.internal.failure.UpdateException;\n"
            + "import static dev.hoist.engine.internal.json.JsonTree.parse;\n"
            + "import dev.hoist.engine.internal.digest.*;\n"
            + "/** {@link dev.hoist.engine.UpdateEngine} */\n"
            + "class X { Object o = dev.hoist.engine.internal.io.Durable.class; // dev.hoist.cli.Main\n"
            + " String s = \"dev.hoist.update\"; }\n";
    assertEquals(
        Set.of(I + "failure", I + "json", I + "io", I + "digest"),
        PackageGraph.references(src).referenced());
    assertEquals(I + "lock", PackageGraph.references(src).pkg());
  }

  @Test
  void theLeadingJavadocIsTheCommentBeforeTheType() {
    List<String> lines =
        List.of(
            "package a;",
            "import b.C;",
            "/**",
            " * Does one thing.",
            " *",
            " * <p>Why one class: the steps share one state.",
            " */",
            "final class D {",
            "  /** Why one class: not here */",
            "}");
    assertTrue(PackageGraph.leadingJavadoc(lines).contains("Why one class: the steps"));
    assertEquals("", PackageGraph.leadingJavadoc(List.of("package a;", "class D {}")));
  }

  static List<String> violations(Map<String, Set<String>> graph, List<Set<String>> layers) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> layerOf = new TreeMap<>();
    for (int i = 0; i < layers.size(); i++) for (String p : layers.get(i)) layerOf.put(p, i);
    for (var e : new TreeMap<>(graph).entrySet()) {
      Integer from = layerOf.get(e.getKey());
      if (from == null) {
        out.add(
            e.getKey()
                + " has no layer (add it to ArchitectureTest.LAYERS and docs/contributing.md)");
        continue;
      }
      for (String to : new TreeSet<>(e.getValue())) {
        Integer target = layerOf.get(to);
        if (target == null) continue; // reported as its own package if it has sources
        if (target > from) {
          out.add(e.getKey() + " -> " + to + " (layer " + target + " above layer " + from + ")");
        } else if (target.equals(from) && !to.equals(e.getKey())) {
          out.add(e.getKey() + " -> " + to + " (same layer " + from + ")");
        }
      }
    }
    return out;
  }

  static List<Path> mainSources() throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path m : modules.filter(d -> d.getFileName().toString().startsWith("hoist-")).toList()) {
        Path src = m.resolve("src/main/java");
        if (Files.isDirectory(src)) all.addAll(sources(src));
      }
    }
    assertTrue(all.size() > 100, "sources not found under " + ROOT + ": " + all.size());
    return all;
  }

  private static List<Path> sources(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String rel(Path f) {
    return ROOT.relativize(f).toString();
  }
}
