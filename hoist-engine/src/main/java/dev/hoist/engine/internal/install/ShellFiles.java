package dev.hoist.engine.internal.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The links {@code self install} makes so that shells and {@code man} find what a distribution
 * ships in {@code share/}: the man page where {@code man} looks beside a PATH entry ({@code
 * ~/.local/share/man/man1}, found through {@code ~/.local/bin}), the bash completion where
 * bash-completion loads it on first use, and the fish completion in fish's vendor directory. Each
 * leads through the home's active install, so it follows every update, and, like the PATH link,
 * never replaces anyone else's file. zsh has no such directory; the user sources the file.
 *
 * @param dataHome {@code $XDG_DATA_HOME}, else {@code ~/.local/share}
 * @param home the home whose {@code share/} the links lead to
 * @param command the command's name: {@code hoist}
 */
public record ShellFiles(Path dataHome, HoistHome home, String command) {

  /** One link: where it goes, and the file of the release it leads to. */
  public record Link(String what, Path link, String inRelease) {}

  /** The links, whether or not they exist. */
  public List<Link> links() {
    return List.of(
        new Link("man page", dataHome.resolve("man/man1/" + command + ".1"), manPage()),
        new Link(
            "bash completion",
            dataHome.resolve("bash-completion/completions/" + command),
            completion("bash")),
        new Link(
            "fish completion",
            dataHome.resolve("fish/vendor_completions.d/" + command + ".fish"),
            completion("fish")));
  }

  /** The zsh completion script of the active install, to source from {@code ~/.zshrc}. */
  public Path zshScript() {
    return home.active().resolve(completion("zsh"));
  }

  /**
   * Links each file the active install ships, where the slot is free or already Hoist's link.
   *
   * @return what was linked, and the slots someone else's file holds (left alone)
   */
  public Result install() throws IOException {
    List<Link> linked = new ArrayList<>();
    List<Link> taken = new ArrayList<>();
    for (Link l : links()) {
      Path target = home.active().toAbsolutePath().normalize().resolve(l.inRelease());
      if (!Files.isRegularFile(home.active().resolve(l.inRelease()))) continue;
      PathLink link = new PathLink(l.link(), target);
      if (Files.exists(l.link(), LinkOption.NOFOLLOW_LINKS) && !link.exists()) {
        taken.add(l);
        continue;
      }
      link.create();
      linked.add(l);
    }
    return new Result(linked, taken);
  }

  /**
   * @param linked the links now in place
   * @param taken links not made because another file is there
   */
  public record Result(List<Link> linked, List<Link> taken) {}

  private String manPage() {
    return "share/man/man1/" + command + ".1";
  }

  private String completion(String shell) {
    return "share/completion/" + command + "." + shell;
  }
}
