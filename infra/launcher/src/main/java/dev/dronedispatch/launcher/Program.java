package dev.dronedispatch.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a service process runs: one of the project's executable jars, or a program of the OS. */
public sealed interface Program {

  /** The command line, with {@code javaExecutable} for a jar. */
  List<String> command(Path javaExecutable);

  /** An executable jar the build made, on this JVM's {@code java}. */
  record JavaJar(Path jar, List<String> jvmArgs, List<String> args) implements Program {

    public JavaJar {
      jvmArgs = List.copyOf(jvmArgs);
      args = List.copyOf(args);
    }

    /** The same jar with {@code extra} JVM flags after its own. */
    public JavaJar withJvmArgs(List<String> extra) {
      List<String> all = new ArrayList<>(jvmArgs);
      all.addAll(extra);
      return new JavaJar(jar, all, args);
    }

    @Override
    public List<String> command(Path javaExecutable) {
      List<String> cmd = new ArrayList<>();
      cmd.add(javaExecutable.toString());
      cmd.addAll(jvmArgs);
      cmd.add("-jar");
      cmd.add(jar.toString());
      cmd.addAll(args);
      return cmd;
    }
  }

  /** A program installed on the machine (nginx). */
  record Native(Path binary, List<String> args) implements Program {

    public Native {
      args = List.copyOf(args);
    }

    @Override
    public List<String> command(Path javaExecutable) {
      List<String> cmd = new ArrayList<>();
      cmd.add(binary.toString());
      cmd.addAll(args);
      return cmd;
    }
  }
}
