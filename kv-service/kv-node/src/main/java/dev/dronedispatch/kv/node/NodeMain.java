package dev.dronedispatch.kv.node;

import dev.dronedispatch.kv.web.ServerMain;
import java.util.Map;

/**
 * Runs one storage node as its own process. Configuration from the environment (see {@link
 * NodeConfig}), overridable by {@code --KEY=value} arguments (e.g. {@code --PORT=9002}).
 */
public final class NodeMain {

  private NodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServerMain.configureLogging();
    Map<String, String> env = ServerMain.settings(args);
    NodeServer node =
        NodeServer.start(ServerMain.configOrExit("kv-node", () -> NodeConfig.fromEnv(env)));
    ServerMain.runUntilShutdown(node);
  }
}
