package dev.dronedispatch.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service process of the local system: how to start it, its environment, and the URL that
 * answers 200 once it is ready.
 */
public record ServiceSpec(
    String name,
    Path jar,
    List<String> jvmArgs,
    List<String> args,
    Map<String, String> env,
    Optional<URI> health) {

  public ServiceSpec {
    jvmArgs = List.copyOf(jvmArgs);
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  public List<String> command(Path javaExecutable) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(javaExecutable.toString());
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    return cmd;
  }
}
