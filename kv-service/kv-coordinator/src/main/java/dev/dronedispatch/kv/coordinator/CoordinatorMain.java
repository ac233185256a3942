package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.web.ServerMain;
import java.util.Map;

/**
 * Runs the coordinator as its own process. Configuration from the environment (see {@link
 * CoordinatorConfig} and the README), overridable by {@code --KEY=value} arguments.
 */
public final class CoordinatorMain {

  private CoordinatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServerMain.configureLogging();
    Map<String, String> env = ServerMain.settings(args);
    CoordinatorServer coordinator =
        CoordinatorServer.start(
            ServerMain.configOrExit("kv-coordinator", () -> CoordinatorConfig.fromEnv(env)));
    ServerMain.runUntilShutdown(coordinator);
  }
}
