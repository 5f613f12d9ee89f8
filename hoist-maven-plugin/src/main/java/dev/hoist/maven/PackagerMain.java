package dev.hoist.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The packager without Maven, for scripts ({@code packaging/build.sh}) and other build tools:
 *
 * <pre>
 * java -cp 'hoist-maven-plugin.jar:lib/*' dev.hoist.maven.PackagerMain layout --work DIR
 *     --name NAME --version V --main-class CLASS [--registry URL] [--channel NAME]
 *     [--public-key FILE]... [--version-arg ARG]... [--version-pattern REGEX] [--share DIR] JAR...
 * java -cp ... dev.hoist.maven.PackagerMain runtime --dist DIR --name NAME --version V
 *     [--version-arg ARG]... [--module MODULE]... [--train "ARGS"]...
 * java -cp ... dev.hoist.maven.PackagerMain archive --dist DIR --out DIR [--suffix S] --mtime SECONDS
 * java -cp ... dev.hoist.maven.PackagerMain installer --name NAME --out DIR
 * </pre>
 *
 * Each prints the path of what it made ({@code runtime}: the distribution, which it gives {@code
 * runtime/} and a trained {@code conf/startup.classlist}, with a {@code warning:} line on stderr
 * for each training run that failed). Exit 2 for a usage error, 1 for a failure, each with one line
 * on stderr.
 */
public final class PackagerMain {
  private PackagerMain() {}

  public static void main(String[] args) {
    try {
      System.out.println(run(List.of(args)));
    } catch (IllegalArgumentException e) {
      System.err.println("packager: " + e.getMessage());
      System.exit(2);
    } catch (IOException e) {
      System.err.println("packager: " + e);
      System.exit(1);
    }
  }

  static Path run(List<String> args) throws IOException {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("give layout, runtime, archive or installer");
    }
    Options o = new Options(args.subList(1, args.size()));
    return switch (args.get(0)) {
      case "layout" -> {
        List<String> versionArgs = o.all("--version-arg");
        Distribution d =
            new Distribution(
                o.one("--name"),
                o.one("--version"),
                o.one("--main-class"),
                o.rest().stream().map(Path::of).toList(),
                o.maybe("--registry"),
                o.maybe("--channel"),
                o.all("--public-key").stream().map(Path::of).toList(),
                versionArgs.isEmpty() ? List.of("--version") : versionArgs,
                o.maybe("--version-pattern"));
        Path dist = Packager.layout(d, Path.of(o.one("--work")));
        Optional<String> share = o.maybe("--share");
        if (share.isPresent()) Packager.addShare(dist, Path.of(share.get()));
        yield dist;
      }
      case "runtime" -> {
        Path dist = Path.of(o.one("--dist"));
        List<String> versionArgs = o.all("--version-arg");
        RuntimeImage.link(dist, o.all("--module"));
        List<String> warnings =
            Training.run(
                dist,
                o.one("--name"),
                o.one("--version"),
                versionArgs.isEmpty() ? List.of("--version") : versionArgs,
                o.all("--train").stream().map(Training::words).toList(),
                Files.createTempDirectory("hoist-training"));
        warnings.forEach(w -> System.err.println("packager: warning: " + w));
        yield dist;
      }
      case "archive" -> {
        long mtime;
        try {
          mtime = Long.parseLong(o.one("--mtime"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--mtime must be seconds since the epoch");
        }
        yield Packager.archive(
            Path.of(o.one("--dist")),
            Path.of(o.one("--out")),
            o.maybe("--suffix").orElse(""),
            mtime);
      }
      case "installer" -> Packager.installer(o.one("--name"), Path.of(o.one("--out")));
      default -> throw new IllegalArgumentException("unknown command " + args.get(0));
    };
  }

  /** {@code --name value} pairs, repeatable, then the remaining arguments. */
  private static final class Options {
    private final List<String[]> pairs = new ArrayList<>();
    private final List<String> rest = new ArrayList<>();

    Options(List<String> args) {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.startsWith("--")) {
          if (i + 1 >= args.size()) throw new IllegalArgumentException(a + " needs a value");
          pairs.add(new String[] {a, args.get(++i)});
        } else {
          rest.add(a);
        }
      }
    }

    List<String> all(String name) {
      return pairs.stream().filter(p -> p[0].equals(name)).map(p -> p[1]).toList();
    }

    Optional<String> maybe(String name) {
      List<String> v = all(name);
      if (v.size() > 1) throw new IllegalArgumentException(name + " is given twice");
      return v.stream().findFirst();
    }

    String one(String name) {
      return maybe(name).orElseThrow(() -> new IllegalArgumentException(name + " is required"));
    }

    List<String> rest() {
      return rest;
    }
  }
}
