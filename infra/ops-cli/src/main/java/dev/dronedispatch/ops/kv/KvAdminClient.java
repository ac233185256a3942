package dev.dronedispatch.ops.kv;

import dev.dronedispatch.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * The KV coordinators' membership admin API ({@code /admin/membership}), over the JDK's HTTP client
 * with the operators' token (the nodes'). {@code KV_URL} may name several coordinators, all equal:
 * a request goes to the one that answered last, else to the next that answers, in the order given.
 */
public final class KvAdminClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** A join or leave answers once the change is started; the streaming runs in the background. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final List<URI> coordinators;
  private final Optional<String> token;
  private final HttpClient http;
  private int current;

  /** {@code kvUrl}: one coordinator's base URL or several, comma-separated. */
  public KvAdminClient(String kvUrl, Optional<String> token) {
    this.coordinators = parseUrls(kvUrl);
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  public MembershipState membership() {
    return send("/admin/membership", HttpRequest.BodyPublishers.noBody(), "GET");
  }

  /**
   * Starts {@code change}, or resumes it when it is under way already (the coordinator that ran it
   * may have stopped half-way).
   */
  public MembershipState request(MembershipChange change) {
    return send(
        change.path(),
        HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(change.body())),
        "POST");
  }

  static List<URI> parseUrls(String kvUrl) {
    List<URI> urls = new ArrayList<>();
    for (String part : kvUrl.split(",")) {
      String url = part.strip().replaceAll("/+$", "");
      if (!url.isEmpty()) {
        urls.add(parseUrl(url));
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("--kv-url names no coordinator: '" + kvUrl + "'");
    }
    return List.copyOf(urls);
  }

  private static URI parseUrl(String url) {
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, as any URL that is not a coordinator's base URL
    }
    throw new IllegalArgumentException(
        "--kv-url: '" + url + "' is not a base URL like http://127.0.0.1:9000");
  }

  private MembershipState send(String path, HttpRequest.BodyPublisher body, String method) {
    IOException last = null;
    for (int tried = 0; tried < coordinators.size(); tried++) {
      int index = (current + tried) % coordinators.size();
      URI coordinator = coordinators.get(index);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(coordinator + path))
              .timeout(REQUEST_TIMEOUT)
              .header("Accept", "application/json")
              .header("Content-Type", "application/json")
              .method(method, body);
      token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while asking " + coordinator, e);
      }
      current = index;
      return read(coordinator, response);
    }
    throw new KvUnreachableException(coordinators, last);
  }

  private MembershipState read(URI coordinator, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status != 200 && status != 202) {
      throw KvProblemException.of(coordinator, status, response.body(), token.isPresent());
    }
    try {
      return Json.mapper().readValue(response.body(), MembershipState.class);
    } catch (JacksonException e) {
      throw new IllegalStateException(
          "the KV coordinator at " + coordinator + " answered no membership: " + e.getMessage(), e);
    }
  }
}
