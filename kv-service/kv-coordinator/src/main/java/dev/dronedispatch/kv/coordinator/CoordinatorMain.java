package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.web.ServerMain;

/**
 * Runs the coordinator as its own process. Configuration from the environment (see {@link
 * CoordinatorConfig} and the README), overridable by {@code --KEY=value} arguments.
 */
public final class CoordinatorMain {

  private CoordinatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServerMain.configureLogging();
    CoordinatorServer coordinator =
        CoordinatorServer.start(CoordinatorConfig.fromEnv(ServerMain.settings(args)));
    ServerMain.runUntilShutdown(coordinator);
  }
}
