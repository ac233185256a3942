package dev.dronedispatch.ops.kv;

import dev.dronedispatch.model.json.Json;
import java.net.URI;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A KV coordinator answered with an error: an RFC 9457 problem ({@code type}'s last segment, e.g.
 * {@code kv-no-such-member}, is {@link #type()}), or something else (then {@link #type()} is
 * empty). The message is one line for the operator: a refusal of the request speaks for itself
 * ("node-x is not a member (404 kv-no-such-member)"); a failure of the coordinator, or a refused
 * token, names the coordinator.
 */
public final class KvProblemException extends RuntimeException {

  private static final int EXCERPT = 200;

  private final int status;
  private final String type;

  private KvProblemException(int status, String type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }

  static KvProblemException of(URI coordinator, int status, String body, boolean tokenGiven) {
    JsonNode problem = parse(body);
    String type = problem.path("type").asString("").replaceFirst(".*/", "");
    if (type.isEmpty()) {
      return new KvProblemException(
          status,
          "",
          "the KV coordinator at "
              + coordinator
              + " answered HTTP "
              + status
              + ": "
              + excerpt(body));
    }
    String detail = problem.path("detail").asString(problem.path("title").asString(""));
    String said = detail + " (" + status + " " + type + ")";
    if (status == 401) {
      return new KvProblemException(
          status,
          type,
          "the KV coordinator at "
              + coordinator
              + (tokenGiven ? " did not take the nodes' token: " : " needs the KV nodes' token: ")
              + said
              + "; give it with KV_NODE_TOKEN or --kv-token-file (the local run keeps it in"
              + " data/credentials.env)");
    }
    return new KvProblemException(
        status, type, status >= 500 ? "the KV coordinator at " + coordinator + ": " + said : said);
  }

  public int status() {
    return status;
  }

  /** The problem type's name, e.g. {@code kv-membership-conflict}; empty when not a problem. */
  public String type() {
    return type;
  }

  private static JsonNode parse(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (JacksonException notJson) {
      return Json.mapper().missingNode();
    }
  }

  private static String excerpt(String body) {
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= EXCERPT ? oneLine : oneLine.substring(0, EXCERPT) + "…";
  }
}
