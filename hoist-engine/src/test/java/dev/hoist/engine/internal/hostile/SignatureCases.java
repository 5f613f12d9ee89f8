package dev.hoist.engine.internal.hostile;

import static dev.hoist.engine.internal.hostile.HostileCases.add;
import static dev.hoist.engine.internal.hostile.HostileCases.manifestJson;
import static dev.hoist.engine.internal.hostile.World.distribution;

import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signature cases of the hostile-input suite (see {@link HostileCases}): detached and inline,
 * missing, by a stranger, over other bytes, malformed, spliced.
 */
final class SignatureCases {
  private SignatureCases() {}

  /** What a case does to the registry once a manifest trusted keys must verify is published. */
  @FunctionalInterface
  private interface Then {
    void apply(World w, Path manifest) throws Exception;
  }

  /** A case: keys trusted, the release published unsigned, then {@code then}. */
  private static void signature(String name, Reason r, String hint, Then then) {
    add(
        "signature",
        name,
        r,
        hint,
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          then.apply(w, w.registry.resolve("manifest.json"));
          return u;
        });
  }

  static void addTo() {
    signature("missing signature", Reason.SIGNATURE_MISSING, "not signed", (w, m) -> {});
    Reason invalid = Reason.SIGNATURE_INVALID;
    signature(
        "signed by an untrusted key", invalid, "does not verify", (w, m) -> w.sign(World.STRANGER));
    signature(
        "manifest changed after signing",
        invalid,
        "does not verify",
        (w, m) -> {
          w.sign(World.PUBLISHER);
          Files.writeString(m, " ", java.nio.file.StandardOpenOption.APPEND);
        });
    signature(
        "malformed signature file",
        invalid,
        "malformed",
        (w, m) -> Files.writeString(w.registry.resolve("manifest.json.sig"), "not-a-signature"));
    signature(
        "inline signature by an untrusted key",
        invalid,
        "does not verify",
        (w, m) -> w.signInline(World.STRANGER));
    signature(
        "manifest changed after inline signing",
        invalid,
        "inline signature",
        (w, m) -> {
          w.signInline(World.PUBLISHER);
          Files.writeString(m, Files.readString(m).replace("\"stable\"", "\"beta\""));
        });
    signature(
        "malformed inline signature",
        invalid,
        "malformed",
        (w, m) ->
            Files.writeString(m, "{\"signature\":\"!!\"," + Files.readString(m).substring(1)));
    signature(
        "inline signature spliced onto another manifest, with its detached .sig",
        invalid,
        "inline signature",
        (w, m) -> {
          w.signInline(World.PUBLISHER);
          String signed = Files.readString(m);
          String member = signed.substring(0, signed.indexOf("\",") + 2);
          String other = manifestJson("b.tar.gz", 1, "c".repeat(64));
          Files.writeString(m, member + other.substring(1));
          w.sign(World.PUBLISHER); // the detached one fits, but the inline one decides
        });
  }
}
