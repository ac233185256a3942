package dev.dronedispatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * JDK Flight Recorder on running service processes, through {@code jcmd}: started before the
 * measured load, dumped to the data directory after it, one file per service.
 */
public final class FlightRecordings {

  private static final String NAME = "bench";

  private final Map<String, Long> pids;
  private final Path dir;

  public FlightRecordings(Map<String, Long> pids, Path dir) {
    this.pids = pids;
    this.dir = dir;
  }

  public void start() throws IOException, InterruptedException {
    for (Map.Entry<String, Long> p : pids.entrySet()) {
      jcmd(p.getValue(), "JFR.start", "name=" + NAME, "settings=profile");
    }
  }

  /** Stops every recording into {@code <dir>/<service>.jfr}. */
  public void stop() throws IOException, InterruptedException {
    for (Map.Entry<String, Long> p : pids.entrySet()) {
      jcmd(
          p.getValue(),
          "JFR.stop",
          "name=" + NAME,
          "filename=" + dir.resolve(p.getKey() + ".jfr").toAbsolutePath());
    }
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String[] args = new String[command.length + 2];
    args[0] = jcmd.toString();
    args[1] = Long.toString(pid);
    System.arraycopy(command, 0, args, 2, command.length);
    new ProcessBuilder(args)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }
}
