/*
 * bench/fleet/Fleet.java: the load a fleet of Hoist installs puts on its registry over one day.
 * Run: java bench/fleet/Fleet.java [--option value]... (--help lists them). bench/fleet/run.sh measures
 * the bytes of real exchanges first and passes them in.
 *
 * The model, at one-second resolution in UTC. Every default is Hoist's own (named where it comes from)
 * or an assumption (marked so in OPTIONS); the report prints them all.
 * - An install has a time zone (--tz, weighted by where developers are) and a way of running unattended
 *   updates (--mix: the session-start hook, a schedule, both, or neither). A schedule uses the backend
 *   Hoist picks for the OS (Schedulers.detect: launchd on macOS, systemd where a user manager answers,
 *   else cron; --backends), on a machine that is always on, or awake --awake hours a day from a local
 *   wake-up around --wake (--always-on).
 * - Hook (HookCommand.COMMAND, `hoist update --detach --caller hook`): Poisson --sessions a day at local
 *   times drawn from --rhythm (weights per local hour, each person's day shifted by --rhythm-sd); a
 *   session opens 1 + geometric terminals within seconds (--terminals: their mean, the window), and
 *   every terminal's hook fires twice within --double-gap seconds (the double fire of DESIGN.md).
 * - Schedule (ScheduleCommand: --every 1d, rounded by Job.evenInterval; spread = the install id's
 *   hashCode & 0x7fffffff, % 1_000_000_007 as in Job), as each backend's unit says:
 *   cron (CronSchedule.expression) at minute spread % 60, hour (spread / 60) % 24, local time, second :00,
 *   skipped while the machine sleeps (cron does not catch up);
 *   systemd (SystemdSchedule.timer) OnBootSec=5min, then OnUnitActiveSec=every, each elapse delayed by
 *   RandomizedDelaySec (uniform 0..min(every/10, 1 h)) and placed by AccuracySec=1min on the host's own
 *   second; a machine that suspends counts awake time only (monotonic timers), --boot-daily of those
 *   that sleep boot at wake-up instead;
 *   launchd (LaunchdSchedule.plist) every StartInterval from its load time (uniform; no randomised
 *   delay); on a Mac that sleeps, a run due in sleep is missed and the interval counts awake time
 *   (launchd.plist(5) since 10.10; --launchd-wake 1: the older page's run at wake-up).
 * - The gate (UnattendedGates.checkedRecently, O_EXCL slot files): an unattended run makes a request
 *   only if no unattended run of that install claimed one less than --interval ago; a person's own
 *   `hoist update` (--manual a day) passes no gate and claims nothing.
 * - A check is one conditional GET of the manifest, a 304 of --noop-bytes. At --release-hour (UTC) a
 *   release appears: an install's first check after it gets a 200 (--changed-bytes; signed inline,
 *   Hoist's default, that is all; --signed 2, a detached signature, adds a manifest.sig request);
 *   unattended runs take it if Rollout.bucket (SHA-256(id:version) % 100) is under the rollout
 *   percentage, a person's run always: one request for the archive, or with deltas the index and
 *   the changed files' blobs (--delta-requests, --delta-ratio of the archive's bytes;
 *   the real figures come from bench/run.sh's delta rows once it has them).
 * - Events are made for the local days around the UTC day, and the gate runs from --warmup seconds
 *   before midnight, so the first minutes carry the night's state. A weekday; standard time everywhere.
 * - --cron-seconds, Hoist's default since this simulation found cron's :00 to be the day's peak
 *   second; --spread, the release spread (ReleaseSpread), Hoist's default since this simulation found
 *   a release day at 3.1x the mean per minute without it; and --ramp, a what-if (see --help).
 *
 * Why one class: one concern, a model and its report; split up, the assumptions listed here would be
 * scattered. Deterministic for a --seed; primitive arrays (a counter per second), no object per event.
 */
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.*;

public final class Fleet {
  static final int DAY = 86_400, HOOK = 0, CRON = 1, SYSTEMD = 2, LAUNCHD = 3, MANUAL = 4;
  static final String[] SOURCE = {"hook", "cron", "systemd", "launchd", "manual"};
  static final long OFF = 3L * DAY; // event times are stored shifted, so that they sort as positive longs

  /** Name, default, and where the default comes from ("assumed": a stated assumption). */
  static final String[][] OPTIONS = {
    {"installs", "1000000", "installs simulated"},
    {"seed", "1", "random seed; the same seed gives the same report"},
    {"warmup", "3600", "seconds simulated before 00:00 UTC to settle the gate"},
    {"interval", "120", "least seconds between unattended checks (UpdateEngine.DEFAULT_CHECK_INTERVAL)"},
    {"mix", "0.55,0.15,0.10", "assumed: shares using the hook only, the schedule only, both; the rest neither"},
    {"backends", "0.45,0.35", "assumed: launchd, systemd shares of schedules (macOS, Linux desktops); rest cron"},
    {"always-on", "0.30", "assumed: scheduled machines that never sleep (desktops, servers)"},
    {"wake", "8.5,1.0", "assumed: local wake-up hour, mean and spread between people (±15 min day to day)"},
    {"awake", "10", "assumed: hours a sleeping machine is awake from its wake-up"},
    {"boot-daily", "0.5", "assumed: sleeping systemd machines that boot at wake-up rather than resume"},
    {"launchd-wake", "0", "1: a launchd run due in sleep runs at wake-up (man page before 10.10); 0: missed,"
      + " the interval counting awake time (launchd.plist(5) now: kqueue's clock stops in sleep)"},
    {"every", "86400", "schedule interval in seconds (ScheduleCommand: 1d), rounded as Job.evenInterval"},
    {"accuracy", "60", "systemd AccuracySec (its default, 1min)"},
    {"sessions", "8", "assumed: session starts a day per hook install (Poisson)"},
    {"terminals", "1.5,2", "assumed: terminals a session opens (mean) and within how many seconds"},
    {"double-gap", "2", "assumed: seconds between the two fires of one terminal's hook (0..N)"},
    {"rhythm", "1,.6,.4,.3,.3,.4,.8,1.8,4,7,8,8,5.5,6.5,8,8,7.5,6,4,3,3,2.8,2.2,1.6",
      "assumed: session weights per local hour 0..23"},
    {"rhythm-sd", "60", "assumed: minutes by which each person's day is shifted (normal)"},
    {"manual", "0.2", "assumed: a person's own `hoist update` runs a day per install (ungated)"},
    {"tz", "-8:9,-7:2,-6:5,-5:11,-3:5,0:6,1:17,2:6,3:5,4:1,5:2,5.5:12,7:4,8:10,9:4,10:1",
      "assumed: UTC offsets (hours) and weights of installs (Americas 32, Europe/Africa 34, Asia/Pacific 34)"},
    {"release-hour", "14", "UTC hour a release is published (-1: an ordinary day only)"},
    {"rollouts", "100,10", "rollout percentages of the release to compare (the manifest's default: 100)"},
    {"signed", "1", "1: signed inline (no request of its own); 2: detached, a changed manifest costs a .sig request too; 0: unsigned"},
    {"noop-bytes", "3979", "bytes of one 304 exchange (bench/fleet/run.sh, HTTPS, 2026-12-03)"},
    {"changed-bytes", "5295", "bytes of a check finding a changed manifest, 200 + .sig (same run)"},
    {"archive-bytes", "6000000", "bytes of the full archive"},
    {"delta-ratio", "0.015", "bench/delta.sh: bytes of a delta update / the archive's (own jar changed: 1.4 %; Maven 3.9.8 -> 3.9.9: 32 %)"},
    {"delta-requests", "1", "requests of a delta update: 1, the delta pack from the release before; 2, the index + the one changed jar (bench/delta.sh), as for an install further behind"},
    {"cron-seconds", "60", "Hoist's cron line waits (spread / 1440) % N s into its minute (CronSchedule.second; 0: at :00, as before)"},
    {"ramp", "0", "what-if: admitted installs take a release from bucket/percent x H hours after it (0: at once)"},
    {"spread", "6", "hours of the release spread: an unattended run takes a changed manifest (its .sig, its release) from f x H hours after it first saw it, f = Rollout.bucket(id:manifest:sha)/100 (UpdateEngine.DEFAULT_RELEASE_SPREAD; 0: at its first check)"},
  };

  final Map<String, String> opt = new LinkedHashMap<>();
  int installs, interval, warmup, every, accuracy, cronSeconds, deltaRequests, terminalGap, doubleGap;
  double sessions, terminals, manual, rhythmSd, alwaysOn, awakeHours, bootDaily, releaseHour, ramp, spread;
  double[] mix, backends, wake, rhythm;
  int[] rollouts;
  boolean detachedSignature, launchdWake;

  // Results: requests per second; downloads per rollout and second.
  final long[][] checks = new long[5][DAY];
  final long[] sigs = new long[DAY], fires = new long[5];
  long[][] downloads;
  long[] updated;
  long changedChecks;
  long[] ev = new long[512]; // one install's runs: (UTC second + OFF) << 3 | source
  int n;

  public static void main(String[] args) throws Exception {
    Fleet f = new Fleet();
    boolean json = f.parse(args);
    long t0 = System.nanoTime();
    f.simulate();
    f.report((System.nanoTime() - t0) / 1_000_000, json);
  }

  void simulate() throws Exception {
    SplittableRandom r = new SplittableRandom((long) d("seed"));
    String[] zones = opt.get("tz").split(",");
    double[] tzOff = Arrays.stream(zones).mapToDouble(z -> Double.parseDouble(z.split(":")[0])).toArray();
    double[] tzCum = cumulative(Arrays.stream(zones).mapToDouble(z -> Double.parseDouble(z.split(":")[1])).toArray());
    double[] rhythmCum = cumulative(rhythm);
    int rds = Math.max(1, Math.min(every / 10, 3600)); // SystemdSchedule.timer: RandomizedDelaySec
    int release = releaseHour < 0 ? Integer.MAX_VALUE : (int) Math.round(releaseHour * 3600);
    int awake = (int) (awakeHours * 3600);
    downloads = new long[rollouts.length][DAY];
    updated = new long[rollouts.length];
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < installs; i++) {
      n = 0;
      int off = (int) Math.round(tzOff[pick(tzCum, r.nextDouble())] * 3600); // local = UTC + off
      String id = new UUID(r.nextLong() & ~0xf000L | 0x4000L, r.nextLong() & ~(3L << 62) | (1L << 63)).toString();
      long spread = Math.abs((id.hashCode() & 0x7fffffffL) % 1_000_000_007L); // ScheduleCommand, Job
      double u = r.nextDouble(), b = r.nextDouble();
      boolean hook = u < mix[0] || (u >= mix[0] + mix[1] && u < mix[0] + mix[1] + mix[2]);
      boolean sched = u >= mix[0] && u < mix[0] + mix[1] + mix[2];
      int backend = b < backends[0] ? LAUNCHD : b < backends[0] + backends[1] ? SYSTEMD : CRON;
      boolean on = r.nextDouble() < alwaysOn, boots = r.nextDouble() < bootDaily;
      int wakeBase = (int) ((wake[0] + wake[1] * r.nextGaussian()) * 3600);
      int shift = (int) (rhythmSd * 60 * r.nextGaussian());
      int phase = r.nextInt(every), host = r.nextInt(accuracy); // load time or timer phase; AccuracySec slot
      int[] wakeAt = new int[4]; // local wake-up second of days -1..2
      for (int d = 0; d < 4; d++) wakeAt[d] = clamp(wakeBase + (int) (900 * r.nextGaussian()), 0, DAY - awake);
      for (int day = -1; day <= 1; day++) {
        long base = (long) day * DAY - off; // UTC second of this local day's midnight
        for (int s = hook ? poisson(r, sessions) : 0; s > 0; s--) {
          long t = base + localTime(r, rhythmCum) + shift;
          for (int k = terminalsOf(r); k > 0; k--) {
            long tt = t + r.nextInt(terminalGap + 1);
            add(tt, HOOK);
            add(tt + r.nextInt(doubleGap + 1), HOOK);
          }
        }
        for (int s = poisson(r, manual); s > 0; s--) {
          add(base + localTime(r, rhythmCum) + shift, MANUAL);
        }
        if (!sched) continue;
        int w = wakeAt[day + 1];
        if (backend == CRON) {
          for (int t : cronTimes(spread, r)) {
            if (!on && (t < w || t >= w + awake)) continue; // asleep: cron skips the run
            add(base + t + (cronSeconds > 0 ? (spread / 1440) % cronSeconds : 0), CRON);
          }
        } else if (backend == LAUNCHD && !on && launchdWake) { // the pre-10.10 man page: run at wake-up
          for (long t = Math.floorMod(phase - (long) day * DAY, every); t < DAY; t += every) {
            long due = t >= w && t < w + awake ? t : t < w ? w : DAY + wakeAt[day + 2];
            add(base + due, LAUNCHD);
          }
        } else if (on || !boots || backend == LAUNCHD) { // a clock that counts awake time only (or all day)
          int span = on ? DAY : awake, start = on ? 0 : w;
          long clock = (long) day * span; // the timer's clock at the start of this day's span
          for (long a = clock + Math.floorMod(phase - clock, every); a < clock + span; a += every) {
            long t = start + a - clock;
            if (backend == LAUNCHD) add(base + t, LAUNCHD);
            else add(base + systemd(t + r.nextInt(rds + 1), host), SYSTEMD);
          }
        } else { // systemd, booted at wake-up: OnBootSec=5min, then OnUnitActiveSec while it is up
          for (long t = w + 300 + r.nextInt(rds + 1); t < w + awake; t += every + r.nextInt(rds + 1)) {
            add(base + systemd(t, host), SYSTEMD);
          }
        }
      }
      Arrays.sort(ev, 0, n);
      walk(release, id, sha);
    }
  }

  /** One install's runs in time order: the gate, the requests, the release. */
  void walk(int release, String id, MessageDigest sha) {
    long last = Long.MIN_VALUE / 2;
    boolean seen = false, verified = false;
    long seenAt = 0;
    double spreadAt = -1;
    boolean[] got = new boolean[rollouts.length];
    double bucket = -1;
    for (int e = 0; e < n; e++) {
      long t = (ev[e] >> 3) - OFF;
      int src = (int) (ev[e] & 7);
      if (t < -warmup || t >= DAY) continue;
      if (t >= 0) fires[src]++;
      if (src != MANUAL) {
        if (t - last < interval) continue; // checked recently: no request
        last = t;
      }
      if (t < 0) continue;
      checks[src][(int) t]++;
      if (t < release) continue;
      if (!seen) {
        seen = true;
        changedChecks++;
        seenAt = t;
      }
      // The release spread: an unattended run keeps the changed manifest unverified and unread
      // until its own moment in the spread; a person's run takes it at once.
      if (src != MANUAL && spread > 0 && !verified) {
        if (spreadAt < 0) spreadAt = bucket(sha, id + ":manifest") / 100 * spread * 3600;
        if (t < seenAt + spreadAt) continue;
      }
      boolean first = !verified;
      if (first) {
        verified = true;
        if (detachedSignature) sigs[(int) t]++;
      }
      for (int j = 0; j < rollouts.length; j++) {
        boolean take = src == MANUAL;
        if (!take && (first || ramp > 0) && rollouts[j] > 0) {
          if (bucket < 0) bucket = bucket(sha, id + ":1.1.0");
          int pct = Math.min(100, rollouts[j]);
          take = (int) bucket < pct && t >= release + bucket / pct * ramp * 3600;
        }
        if (take && !got[j]) {
          got[j] = true;
          updated[j]++;
          downloads[j][(int) t]++;
        }
      }
    }
  }

  /** Rollout.bucket (SHA-256(id:version)'s first four bytes % 100), plus the next four as a fraction. */
  static double bucket(MessageDigest sha, String s) {
    byte[] h = sha.digest(s.getBytes(StandardCharsets.UTF_8));
    long hi = 0, lo = 0;
    for (int i = 0; i < 4; i++) {
      hi = hi << 8 | (h[i] & 0xff);
      lo = lo << 8 | (h[i + 4] & 0xff);
    }
    return hi % 100 + lo / 4294967296.0;
  }

  /** CronSchedule.expression: the local seconds of a day the entry runs (each at second :00). */
  int[] cronTimes(long s, SplittableRandom r) {
    int m = every / 60;
    if (m < 60) { // "s%m-59/m * * * *"
      int[] t = new int[24 * 60 / m];
      for (int i = 0; i < t.length; i++) t[i] = (int) ((i * m + s % m) * 60);
      return t;
    }
    if (m < 24 * 60) { // "s%60 (s/60)%h-23/h * * *"
      int h = m / 60;
      int[] t = new int[24 / h];
      for (int i = 0; i < t.length; i++) t[i] = (int) ((((s / 60) % h + i * h) * 60 + s % 60) * 60);
      return t;
    }
    int d = m / (24 * 60); // "*/d" days of the month: about one day in d
    return d > 1 && r.nextInt(d) != 0 ? new int[0] : new int[] {(int) ((((s / 60) % 24) * 60 + s % 60) * 60)};
  }

  /** systemd places an elapse at the first second from t that is its host's second of the minute. */
  long systemd(long t, int host) {
    return t + Math.floorMod(host - t, accuracy);
  }

  int terminalsOf(SplittableRandom r) {
    int k = 1;
    while (k < 50 && r.nextDouble() < (terminals - 1) / terminals) k++;
    return k;
  }

  static int localTime(SplittableRandom r, double[] cum) {
    return pick(cum, r.nextDouble()) * 3600 + r.nextInt(3600);
  }

  static int poisson(SplittableRandom r, double mean) { // Knuth's: small means only
    int k = 0;
    for (double l = Math.exp(-mean), p = r.nextDouble(); p > l; k++) p *= r.nextDouble();
    return k;
  }

  void add(long t, int src) {
    if (n == ev.length) ev = Arrays.copyOf(ev, 2 * n);
    ev[n++] = ((t + OFF) << 3) | src;
  }

  static int clamp(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }

  static double[] cumulative(double[] w) {
    double[] c = new double[w.length];
    double sum = Arrays.stream(w).sum(), acc = 0;
    for (int i = 0; i < w.length; i++) c[i] = (acc += w[i]) / sum;
    return c;
  }

  static int pick(double[] cum, double u) {
    for (int i = 0; i < cum.length; i++) if (u < cum[i]) return i;
    return cum.length - 1;
  }

  // ---- report ----

  record Stats(String name, long total, long peakS, int atS, long peakM, int atM) {
    double meanS() { return total / (double) DAY; }
    double meanM() { return total / 1440.0; }
    double ratioS() { return peakS / meanS(); }
    double ratioM() { return peakM / meanM(); }
  }

  /** Requests a second: the checks, and on the release day the .sig and download requests. */
  Stats stats(String name, int rollout, int perDownload) {
    long total = 0, peakS = -1, peakM = -1, minute = 0;
    int atS = 0, atM = 0;
    for (int t = 0; t < DAY; t++) {
      long v = rollout < 0 ? 0 : sigs[t] + downloads[rollout][t] * perDownload;
      for (long[] c : checks) v += c[t];
      total += v;
      minute += v;
      if (v > peakS) { peakS = v; atS = t; }
      if (t % 60 == 59) {
        if (minute > peakM) { peakM = minute; atM = t / 60; }
        minute = 0;
      }
    }
    return new Stats(name, total, peakS, atS, peakM, atM);
  }

  void report(long ms, boolean json) {
    List<Stats> rows = new ArrayList<>(List.of(stats("ordinary day (no release)", -1, 0)));
    for (int j = 0; releaseHour >= 0 && j < rollouts.length; j++) {
      rows.add(stats("release day, rollout " + rollouts[j] + " %, full archives", j, 1));
      rows.add(stats("release day, rollout " + rollouts[j] + " %, deltas", j, deltaRequests));
    }
    Stats day = rows.get(0);
    long noop = (long) d("noop-bytes"), full = (long) d("archive-bytes");
    long delta = Math.round(full * d("delta-ratio"));
    if (json) {
      StringJoiner s = new StringJoiner(",", "{", "}");
      opt.forEach((k, v) -> s.add(q(k) + ":" + q(v)));
      StringJoiner sc = new StringJoiner(",", "[", "]"), rel = new StringJoiner(",", "[", "]");
      for (Stats x : rows) {
        sc.add(String.format(Locale.ROOT, "{\"name\":%s,\"requests\":%d,\"perSecondMean\":%.2f,\"perSecondPeak\":%d,"
                + "\"perSecondPeakAt\":\"%s\",\"perMinuteMean\":%.1f,\"perMinutePeak\":%d,\"perMinutePeakAt\":\"%s\","
                + "\"ratioSecond\":%.3f,\"ratioMinute\":%.3f}", q(x.name), x.total, x.meanS(), x.peakS, hms(x.atS),
            x.meanM(), x.peakM, hms(x.atM * 60), x.ratioS(), x.ratioM()));
      }
      for (int j = 0; releaseHour >= 0 && j < rollouts.length; j++) {
        rel.add(String.format("{\"rollout\":%d,\"updated\":%d,\"bytesFull\":%d,\"bytesDelta\":%d}",
            rollouts[j], updated[j], releaseBytes(j, full), releaseBytes(j, delta)));
      }
      System.out.printf("{\"options\":%s,\"scenarios\":%s,\"releases\":%s,\"pass\":%b}%n", s, sc, rel,
          day.ratioS() <= 2 && day.ratioM() <= 2);
      return;
    }
    System.out.printf("Fleet: %s installs, one weekday, simulated in %d ms.%n%n", n(installs), ms);
    System.out.println("| scenario | requests | req/s mean | req/s peak (UTC) | ÷ mean"
        + " | req/min mean | req/min peak (UTC) | ÷ mean |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Stats x : rows) {
      System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %d (%s) | %.2f %s | %s | %d (%s) | %.2f %s |%n",
          x.name, n(x.total), x.meanS(), x.peakS, hms(x.atS), x.ratioS(), verdict(x.ratioS()), n(x.meanM()),
          x.peakM, hms(x.atM * 60).substring(0, 5), x.ratioM(), verdict(x.ratioM()));
    }
    System.out.printf(Locale.ROOT, "%nTarget (issue 16): peak ≤ 2× mean. Ordinary day: per second %.3f× %s,"
        + " per minute %.3f× %s.%n", day.ratioS(), verdict(day.ratioS()), day.ratioM(), verdict(day.ratioM()));
    System.out.print("Top second " + hms(day.atS) + " UTC by source:");
    for (int k = 0; k < 5; k++) System.out.print(" " + SOURCE[k] + " " + checks[k][day.atS]);
    System.out.print(".\nTop minute " + hms(day.atM * 60).substring(0, 5) + " UTC by source:");
    for (int k = 0; k < 5; k++) {
      System.out.print(" " + SOURCE[k] + " " + Arrays.stream(checks[k], day.atM * 60, day.atM * 60 + 60).sum());
    }
    System.out.print(".\nRuns → requests (the rest skipped as checked recently):");
    for (int k = 0; k < 5; k++) {
      System.out.print(" " + SOURCE[k] + " " + n(fires[k]) + " → " + n(Arrays.stream(checks[k]).sum()));
    }
    System.out.printf(".%n%n| bytes | full archives | deltas |%n|---|---|---|%n");
    System.out.printf("| one no-op check (a 304) | %s | |%n| the no-op checks of an ordinary day | %s | |%n",
        bytes(noop), bytes((double) day.total * noop));
    System.out.printf("| one install's update (changed-manifest check + download) | %s | %s |%n",
        bytes((long) d("changed-bytes") + full), bytes((long) d("changed-bytes") + delta));
    for (int j = 0; releaseHour >= 0 && j < rollouts.length; j++) {
      System.out.printf(Locale.ROOT, "| release at %s UTC, rollout %d %%: %s installs updated by 24:00 | %s"
              + " | %s (%.0f %% less) |%n", hms((int) Math.round(releaseHour * 3600)).substring(0, 5), rollouts[j],
          n(updated[j]), bytes(releaseBytes(j, full)), bytes(releaseBytes(j, delta)),
          100.0 * (1 - releaseBytes(j, delta) / (double) releaseBytes(j, full)));
    }
    StringJoiner o = new StringJoiner(" ", "\nOptions (defaults: Hoist's, or assumed; see --help): ", "");
    opt.forEach((k, v) -> o.add("--" + k + " " + v));
    System.out.println(o);
  }

  /** The release's extra bytes: each first check after it (the 200 and the .sig), and the downloads. */
  long releaseBytes(int j, long perDownload) {
    return changedChecks * ((long) d("changed-bytes") - (long) d("noop-bytes")) + updated[j] * perDownload;
  }

  static String verdict(double ratio) { return ratio <= 2 ? "PASS" : "FAIL"; }
  static String hms(int s) { return String.format("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60); }
  static String n(double v) { return String.format(Locale.ROOT, "%,.0f", v); }
  static String q(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }
  static String bytes(double b) {
    String[] unit = {"B", "kB", "MB", "GB", "TB"};
    int i = 0;
    for (; b >= 1000 && i < unit.length - 1; i++) b /= 1000;
    return String.format(Locale.ROOT, i == 0 ? "%.0f %s" : "%.1f %s", b, unit[i]);
  }

  // ---- options ----

  /** Reads the options over their defaults; returns whether --json was given. */
  boolean parse(String[] args) {
    for (String[] o : OPTIONS) opt.put(o[0], o[1]);
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i].replaceFirst("^--?", "");
      if (a.equals("h") || a.equals("help")) {
        System.out.println("Usage: java bench/fleet/Fleet.java [--json] [--OPTION VALUE]...  (default, meaning)");
        for (String[] o : OPTIONS) System.out.printf("  --%-15s %s%n  %18s%s%n", o[0], o[1], "", o[2]);
        System.exit(0);
      }
      if (a.equals("json")) json = true;
      else if (!opt.containsKey(a) || !args[i].startsWith("--")) fail("unknown argument " + args[i]);
      else if (i + 1 >= args.length) fail(args[i] + " needs a value");
      else opt.put(a, args[++i]);
    }
    try {
      installs = i("installs"); interval = i("interval"); warmup = i("warmup"); doubleGap = i("double-gap");
      every = evenInterval(i("every")); accuracy = Math.max(1, i("accuracy")); cronSeconds = i("cron-seconds");
      deltaRequests = i("delta-requests"); sessions = d("sessions"); manual = d("manual"); rhythmSd = d("rhythm-sd");
      alwaysOn = d("always-on"); awakeHours = Math.min(20, d("awake")); bootDaily = d("boot-daily");
      releaseHour = d("release-hour"); ramp = d("ramp"); spread = d("spread"); detachedSignature = i("signed") == 2; d("seed");
      launchdWake = i("launchd-wake") != 0;
      double[] term = list("terminals", 2);
      terminals = Math.max(1, term[0]);
      terminalGap = (int) term[1];
      mix = list("mix", 3); backends = list("backends", 2); wake = list("wake", 2); rhythm = list("rhythm", 24);
      rollouts = Arrays.stream(list("rollouts", -1)).mapToInt(x -> (int) x).toArray();
      for (String z : opt.get("tz").split(",")) list("tz", z.replace(':', ','), 2);
    } catch (NumberFormatException e) {
      fail("not a number: " + e.getMessage());
    }
    if (mix[0] + mix[1] + mix[2] > 1 || backends[0] + backends[1] > 1) fail("--mix and --backends add up to more than 1");
    if (installs < 1 || interval < 0 || warmup < interval || warmup > 12 * 3600 || releaseHour >= 24) {
      fail("out of range: --installs, --interval, --warmup (interval..43200) or --release-hour");
    }
    return json;
  }

  double d(String k) {
    return Double.parseDouble(opt.get(k).replace("_", ""));
  }

  int i(String k) {
    return (int) d(k);
  }

  double[] list(String k, int want) {
    return list(k, opt.get(k), want);
  }

  static double[] list(String k, String v, int want) {
    double[] d = Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
    if (want >= 0 && d.length != want) fail("--" + k + " wants " + want + " comma-separated numbers, not '" + v + "'");
    return d;
  }

  /** Job.evenInterval: whole minutes dividing an hour, whole hours dividing a day, or whole days. */
  static int evenInterval(int seconds) {
    int m = Math.max(1, seconds / 60), of = m < 60 ? 60 : 24, d = m < 60 ? m : m / 60;
    if (m >= 24 * 60) return m / (24 * 60) * DAY;
    while (d > 1 && of % d != 0) d--;
    return m < 60 ? d * 60 : d * 3600;
  }

  static void fail(String m) {
    System.err.println("Fleet: " + m + " (see --help)");
    System.exit(2);
  }
}
