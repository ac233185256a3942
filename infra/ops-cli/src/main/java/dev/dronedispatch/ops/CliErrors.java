package dev.dronedispatch.ops;

import dev.dronedispatch.ops.kv.ChangeNotDoneException;
import dev.dronedispatch.ops.kv.KvProblemException;
import dev.dronedispatch.ops.kv.KvUnreachableException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure of an {@code ops} command into one line on stderr and an {@link ExitCode}: an
 * operator reads the line, a script reads the code; a stack trace helps neither.
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String message =
        ex instanceof UnmatchedArgumentException unmatched && !cmd.getSubcommands().isEmpty()
            ? "unknown command "
                + unmatched.getUnmatched().stream()
                    .map(a -> "'" + a + "'")
                    .collect(Collectors.joining(", "))
                + " (commands: "
                + String.join(", ", cmd.getSubcommands().keySet())
                + ")"
            : ex.getMessage();
    return report(cmd, message + " (see '" + qualifiedName(cmd) + " --help')", ExitCode.USAGE);
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    if (ex instanceof NotFoundException) {
      return report(cmd, describe(ex), ExitCode.NOT_FOUND);
    }
    if (ex instanceof IllegalArgumentException) {
      return report(cmd, describe(ex), ExitCode.USAGE);
    }
    if (ex instanceof KafkaException) {
      String servers = cmd.getCommandSpec().findOption("--bootstrap-servers").getValue();
      return report(cmd, "Kafka at " + servers + ": " + describe(ex), ExitCode.KAFKA);
    }
    if (ex instanceof KvProblemException problem) {
      return report(cmd, describe(ex), exitCode(problem));
    }
    if (ex instanceof KvUnreachableException) {
      return report(cmd, describe(ex), ExitCode.KV);
    }
    if (ex instanceof ChangeNotDoneException) {
      return report(cmd, describe(ex), ExitCode.CHANGE_NOT_DONE);
    }
    return report(cmd, ex.getClass().getSimpleName() + ": " + describe(ex), ExitCode.FAILURE);
  }

  /**
   * A refusal of what was asked gets the code of its kind; any other answer is the KV's failure.
   */
  private static ExitCode exitCode(KvProblemException problem) {
    return switch (problem.type()) {
      case "kv-no-such-member" -> ExitCode.NOT_FOUND;
      case "kv-membership-conflict", "kv-membership-refused" -> ExitCode.CHANGE_REFUSED;
      case "bad-request" -> ExitCode.USAGE;
      default -> ExitCode.KV;
    };
  }

  private static int report(CommandLine cmd, String message, ExitCode code) {
    cmd.getErr().println(qualifiedName(cmd) + ": " + message.replaceAll("\\s*\\R\\s*", "; "));
    cmd.getErr().flush();
    return code.code;
  }

  /** The messages along the cause chain, outermost first, each once. */
  private static String describe(Throwable ex) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !messages.contains(t.getMessage())) {
        messages.add(t.getMessage());
      }
    }
    return messages.isEmpty() ? ex.getClass().getName() : String.join(": ", messages);
  }

  private static String qualifiedName(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }
}
