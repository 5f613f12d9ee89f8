package dev.hoist.cli;

import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.engine.internal.auto.KnownRelease;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.PinnedVersion;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One tool this Hoist manages; {@link #all} finds every one, for {@code list}, {@code outdated} and
 * {@code update --all}: Hoist itself (when installed), then each app descriptor in {@code
 * $XDG_CONFIG_HOME/hoist/apps/*.json} (the conventional place) and each one an {@code update --app}
 * recorded in its app's home ({@code <data>/hoist-apps/<name>/state/descriptor}), once each. A
 * descriptor stays when its tool is uninstalled ({@code uninstall --app} keeps the user's file):
 * such a tool is listed as not installed, and {@code update --all} and {@code outdated} leave it
 * alone rather than install it again.
 *
 * @param name the tool's name
 * @param descriptor its descriptor file; empty for Hoist itself
 * @param app the descriptor read; empty for Hoist itself, or when it cannot be read
 * @param home its home; null when the descriptor cannot be read
 * @param problem why the descriptor cannot be read, if so
 */
record ManagedTool(
    String name,
    Optional<Path> descriptor,
    Optional<AppDescriptor> app,
    HoistHome home,
    Optional<String> problem) {

  /** True when something is installed in its home (Hoist itself is listed only when it is). */
  boolean installed() {
    return problem.isEmpty() && home.exists();
  }

  /** The arguments that make a command act on this tool: {@code --app FILE}, or none. */
  List<String> appArgs() {
    return descriptor.map(d -> List.of("--app", d.toString())).orElse(List.of());
  }

  static List<ManagedTool> all(Context context) {
    List<ManagedTool> out = new ArrayList<>();
    context
        .hoistHome()
        .filter(HoistHome::exists)
        .ifPresent(
            h ->
                out.add(
                    new ManagedTool(
                        "hoist", Optional.empty(), Optional.empty(), h, Optional.empty())));
    for (Path file : descriptors(context)) {
      try {
        AppDescriptor d = AppDescriptor.read(file, context.env().userHome(), context.platform());
        out.add(
            new ManagedTool(
                d.app().name(),
                Optional.of(file),
                Optional.of(d),
                AppOption.home(context, d),
                Optional.empty()));
      } catch (AppDescriptor.BadDescriptor e) {
        out.add(
            new ManagedTool(
                file.getFileName().toString(),
                Optional.of(file),
                Optional.empty(),
                null,
                Optional.of(e.getMessage())));
      }
    }
    return out;
  }

  /** The descriptor directory's files, then those recorded in app homes, each once. */
  private static Set<Path> descriptors(Context context) {
    Path config =
        context
            .env()
            .get("XDG_CONFIG_HOME")
            .map(Path::of)
            .orElse(context.env().userHome().resolve(".config"));
    Set<Path> files = new LinkedHashSet<>();
    try (Stream<Path> s = Files.list(config.resolve("hoist/apps"))) {
      s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(p -> files.add(real(p)));
    } catch (IOException e) {
      // no descriptor directory
    }
    try (Stream<Path> s = Files.list(context.defaultAppsDir())) {
      for (Path home : s.sorted().toList()) {
        try {
          String recorded =
              Files.readString(home.resolve("state/descriptor"), StandardCharsets.UTF_8).strip();
          Path file = Path.of(recorded);
          if (Files.isRegularFile(file)) files.add(real(file));
        } catch (IOException e) {
          // a home without a record: installed before Hoist kept one, or its descriptor moved
        }
      }
    } catch (IOException e) {
      // no app homes
    }
    return files;
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  /** What {@code list} shows of it: local files only, no request; {@code clock} ages the notice. */
  Map<String, Object> toJson(Clock clock) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("descriptor", descriptor.map(Path::toString).orElse(null));
    if (problem.isPresent()) {
      m.put("error", problem.get());
      return m;
    }
    m.put("home", home.root().toString());
    m.put("installed", installed());
    m.put("current", home.currentVersion().orElse(null));
    m.put("previous", home.previousVersion().orElse(null));
    m.put("latestKnown", new KnownRelease(home.state(), clock).known().orElse(null));
    m.put("pinned", new PinnedVersion(home).get().orElse(null));
    return m;
  }
}
