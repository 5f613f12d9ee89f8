package dev.hoist.engine.internal.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.version.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An app descriptor: the small JSON file that lets Hoist keep any archive-distributed command-line
 * tool up to date ({@code hoist update --app FILE}). See docs/apps.md for the format:
 *
 * <pre>{@code
 * {
 *   "name": "mvn",
 *   "registry": "maven:org.apache.maven:apache-maven:bin:tar.gz",
 *   "launcher": "bin/mvn",
 *   "version": { "args": ["--version"], "pattern": "Apache Maven (\\S+)" }
 * }
 * }</pre>
 *
 * <p>Relative paths ({@code registry} as a local path, {@code home}, {@code binDir}, {@code
 * trustedKeys}) are read from the descriptor's directory; {@code ~/} is the user's home. In the
 * registry setting, {@code {platform}}, {@code {os}} and {@code {arch}} stand for the running
 * platform, spelled as {@code platforms} maps it.
 *
 * @param file the descriptor, absolute
 * @param app the name, launcher and version command
 * @param registry the registry setting, placeholders replaced and local paths made absolute
 * @param channel the channel to follow
 * @param home the app's own home, if the descriptor names one
 * @param link the command link to put on PATH, or empty for none
 * @param trustedKeys a key file or directory of publisher keys, if the app's manifests are signed
 * @param npmScripts for an {@code npm:} registry, whether npm runs install scripts while it
 *     installs the package's dependencies ({@code "npm": {"scripts": false}} turns them off)
 */
public record AppDescriptor(
    Path file,
    App app,
    String registry,
    String channel,
    Optional<Path> home,
    Optional<Link> link,
    Optional<Path> trustedKeys,
    boolean npmScripts) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "registry",
          "channel",
          "launcher",
          "version",
          "home",
          "command",
          "binDir",
          "link",
          "trustedKeys",
          "platforms",
          "npm");
  private static final Set<String> APP_FIELDS = Set.of("name", "launcher", "version");
  private static final long MAX_BYTES = 64 * 1024;

  /**
   * Where the command goes on PATH.
   *
   * @param binDir the directory, if the descriptor names one (else the user's default)
   * @param command the link's name
   */
  public record Link(Optional<Path> binDir, String command) {}

  /** A descriptor that cannot be used, with a message that says what to fix. */
  public static final class BadDescriptor extends Exception {
    private static final long serialVersionUID = 1L;

    BadDescriptor(String message) {
      super(message);
    }
  }

  /**
   * Reads and checks a descriptor.
   *
   * @param userHome what {@code ~} stands for
   * @param platform the running platform, for the registry's placeholders
   * @throws BadDescriptor naming the file and the field that is wrong
   */
  public static AppDescriptor read(Path file, Path userHome, Platform platform)
      throws BadDescriptor {
    Path abs = file.toAbsolutePath().normalize();
    Map<String, Object> root = parse(abs);
    DescriptorReader r = new DescriptorReader(abs, root, userHome);
    for (String f : root.keySet()) {
      if (!FIELDS.contains(f)) {
        throw r.bad(
            "unknown field \""
                + f
                + "\" ("
                + dev.hoist.engine.internal.failure.Suggestions.didYouMean(f, FIELDS)
                + "known: "
                + String.join(", ", new java.util.TreeSet<>(FIELDS))
                + ")");
      }
    }
    Map<String, String> platforms = r.platforms();
    String registry =
        r.registry(
            r.text("registry").orElseThrow(() -> r.bad("\"registry\" is required")),
            platform,
            platforms);
    // An npm package names its commands in package.json's bin: Hoist links the one named as the
    // command (else its only one) at .hoist/bin/<command> in each staged version.
    Optional<String> defaultLauncher = Optional.empty();
    if (registry.startsWith("npm:")) {
      Optional<String> name = r.text("name");
      Optional<String> command = r.text("command").or(() -> name);
      if (command.isPresent()) defaultLauncher = Optional.of(App.NPM_BIN_DIR + command.get());
    }
    App app = app(r, defaultLauncher);
    String launcher = app.launcher();
    String channel = r.text("channel").orElse("stable");
    Optional<Link> link = Optional.empty();
    Object linkFlag = root.get("link");
    if (linkFlag != null && !(linkFlag instanceof Boolean)) {
      throw r.bad("\"link\" must be true or false");
    }
    if (linkFlag == null || (Boolean) linkFlag) {
      String command = r.text("command").orElse(Path.of(launcher).getFileName().toString());
      if (!NAME.matcher(command).matches()) {
        throw r.bad("\"command\": '" + command + "' is not a plain command name");
      }
      link = Optional.of(new Link(r.path("binDir"), command));
    }
    return new AppDescriptor(
        abs,
        app,
        registry,
        channel,
        r.path("home"),
        link,
        r.path("trustedKeys"),
        npmScripts(r, registry));
  }

  /**
   * The app a distribution names in the {@code "app"} object of its {@code conf/hoist.json}
   * (written by the Maven plugin): {@code name}, {@code launcher} and {@code version}, with the
   * rules and defaults of an app descriptor's fields of the same names. Empty when the file or the
   * object is absent (Hoist's own distribution needs none).
   *
   * @throws BadDescriptor naming the file and the field that is wrong
   */
  public static Optional<App> distributionApp(Path confFile) throws BadDescriptor {
    if (!Files.isRegularFile(confFile)) return Optional.empty();
    Path abs = confFile.toAbsolutePath().normalize();
    Object v = parse(abs).get("app");
    if (v == null) return Optional.empty();
    DescriptorReader outer = new DescriptorReader(abs, Map.of(), abs.getParent());
    if (!(v instanceof Map<?, ?> m)) throw outer.bad("\"app\" must be an object");
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) m;
    for (String f : object.keySet()) {
      if (!APP_FIELDS.contains(f)) {
        throw outer.bad(
            "unknown field \"app."
                + f
                + "\" (known: "
                + String.join(", ", new java.util.TreeSet<>(APP_FIELDS))
                + ")");
      }
    }
    return Optional.of(app(new DescriptorReader(abs, object, abs.getParent()), Optional.empty()));
  }

  /** The {@code "npm"} object's {@code scripts} (default true, as npm), for npm registries only. */
  private static boolean npmScripts(DescriptorReader r, String registry) throws BadDescriptor {
    Object v = r.root().get("npm");
    if (v == null) return true;
    if (!(v instanceof Map<?, ?> npm)) {
      throw r.bad("\"npm\" must be an object, e.g. {\"scripts\": false}");
    }
    if (!registry.startsWith("npm:")) {
      throw r.bad("\"npm\" applies only to an npm: registry, not " + registry);
    }
    for (Object f : npm.keySet()) {
      if (!f.equals("scripts")) throw r.bad("unknown field \"npm." + f + "\" (known: scripts)");
    }
    Object scripts = npm.get("scripts");
    if (scripts != null && !(scripts instanceof Boolean)) {
      throw r.bad("\"npm.scripts\" must be true or false");
    }
    return scripts == null || (Boolean) scripts;
  }

  /**
   * {@code name}, {@code launcher} and {@code version} of {@code r}'s object; {@code launcher} may
   * be left out where {@code defaultLauncher} is given.
   */
  private static App app(DescriptorReader r, Optional<String> defaultLauncher)
      throws BadDescriptor {
    Map<String, Object> root = r.root();
    String name = r.text("name").orElseThrow(() -> r.bad("\"name\" is required"));
    if (!NAME.matcher(name).matches()) {
      throw r.bad("\"name\": '" + name + "' must be letters, digits, '.', '_' or '-' (at most 64)");
    }
    String launcher =
        r.text("launcher")
            .or(() -> defaultLauncher)
            .orElseThrow(() -> r.bad("\"launcher\" is required"));
    List<String> args = List.of("--version");
    String pattern = App.DEFAULT_VERSION_PATTERN;
    Object v = root.get("version");
    if (v != null) {
      if (!(v instanceof Map<?, ?> version)) {
        throw r.bad("\"version\" must be an object with args and pattern");
      }
      for (Object f : version.keySet()) {
        if (!f.equals("args") && !f.equals("pattern")) {
          throw r.bad("unknown field \"version." + f + "\" (known: args, pattern)");
        }
      }
      if (version.containsKey("args")) args = r.strings(version.get("args"), "version.args");
      if (version.containsKey("pattern")) {
        if (!(version.get("pattern") instanceof String p) || p.isBlank()) {
          throw r.bad("\"version.pattern\" must be a non-empty string");
        }
        pattern = p;
      }
    }
    try {
      return new App(name, launcher, args, App.pattern(pattern));
    } catch (IllegalArgumentException e) {
      throw r.bad(e.getMessage());
    }
  }

  private static Map<String, Object> parse(Path file) throws BadDescriptor {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new BadDescriptor(file + ": an app descriptor is at most " + MAX_BYTES + " bytes");
      }
      return JsonTree.readObject(Files.readAllBytes(file))
          .orElseThrow(() -> new BadDescriptor(file + " must hold a JSON object"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new BadDescriptor("no app descriptor at " + file);
    } catch (JsonProcessingException e) {
      throw new BadDescriptor(file + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadDescriptor(file + " cannot be read: " + e.getMessage());
    }
  }
}
