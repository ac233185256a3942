package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what at the gateway: every surface tried without credentials, with wrong ones and with
 * another role's — 401 or 403 as a problem document, and a refused creation stores nothing — and
 * with the right ones; a person logs in through the form and the login holds on another instance;
 * malformed credentials never cause a 5xx.
 */
class GatewayAccessTest {

  private static final Map<String, String> NONE = Map.of();
  private static final Map<String, String> WRONG_KEY = Map.of("X-Api-Key", "not-a-key");
  private static final Map<String, String> WRONG_LOGIN =
      Map.of("Authorization", "Basic " + b64("operator:wrong"));
  private static final Map<String, String> CLIENT_KEY = Map.of("X-Api-Key", GatewayCluster.API_KEY);

  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.get();
  }

  @Test
  void onlyAnOrderClientCreatesADeliveryAndARefusalStoresNothing() {
    String idempotencyKey = "access-" + UUID.randomUUID();
    String body = Orders.random(new Random(17));
    SoftAssertions soft = new SoftAssertions();
    for (Map<String, String> refused : List.of(NONE, WRONG_KEY, WRONG_LOGIN)) {
      Answer a = post(cluster.a().url() + "/deliveries", body, idempotencyKey, refused);
      soft.assertThat(a.status()).as("POST /deliveries with %s", refused.keySet()).isEqualTo(401);
      a.assertProblem(soft, 401);
      soft.assertThat(a.header("WWW-Authenticate")).contains("Basic").contains("X-Api-Key");
    }
    Answer operator =
        post(cluster.a().url() + "/deliveries", body, idempotencyKey, Http.operator());
    soft.assertThat(operator.status())
        .as("the operator's role may not create orders")
        .isEqualTo(403);
    operator.assertProblem(soft, 403);
    soft.assertAll();
    // had any refused attempt stored something, this would be its replay (200), not a creation
    Answer created = post(cluster.a().url() + "/deliveries", body, idempotencyKey, CLIENT_KEY);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @Test
  void theOperatorSurfacesAreTheOperatorsOnly() {
    SoftAssertions soft = new SoftAssertions();
    for (String path : List.of("/actuator/prometheus", "/actuator/info", "/v3/api-docs")) {
      String url = cluster.a().url() + path;
      for (Map<String, String> refused : List.of(NONE, WRONG_KEY, WRONG_LOGIN)) {
        get(url, refused).assertProblem(soft, 401);
      }
      get(url, CLIENT_KEY).assertProblem(soft, 403);
      soft.assertThat(get(url, Http.operator()).status()).as(path).isEqualTo(200);
    }
    soft.assertAll();
  }

  @Test
  void theDashboardAndItsStreamNeedALogin() {
    SoftAssertions soft = new SoftAssertions();
    for (String path : List.of("/", "/dashboard", "/stream")) {
      String url = cluster.a().url() + path;
      get(url, NONE).assertProblem(soft, 401);
      get(url, WRONG_LOGIN).assertProblem(soft, 401);
      get(url, CLIENT_KEY).assertProblem(soft, 403);
    }
    Answer page = get(cluster.a().url() + "/dashboard", Map.of("Accept", "text/html"));
    soft.assertThat(page.status()).as("a browser is sent to the form").isEqualTo(303);
    soft.assertThat(page.header("Location")).isEqualTo("/login");
    soft.assertAll();
  }

  @Test
  void theHealthProbesAreOpenButTheirDetailsAreNot() {
    Answer readiness = get(cluster.a().url() + "/actuator/health/readiness", NONE);
    assertThat(readiness.status()).isEqualTo(200);
    Answer health = get(cluster.a().url() + "/actuator/health", NONE);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).doesNotContain("components");
    assertThat(get(cluster.a().url() + "/actuator/health", Http.operator()).body())
        .contains("components");
  }

  @Test
  void aPersonLogsInThroughTheFormAndTheLoginHoldsOnEveryInstance() {
    Answer form = get(cluster.a().url() + "/login", NONE);
    assertThat(form.status()).isEqualTo(200);
    // the page's own style sheet is open too: a refusal there would stall a browser on it
    assertThat(get(cluster.a().url() + "/default-ui.css", NONE).status()).isEqualTo(200);
    Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
    assertThat(csrf.find()).as(form.body()).isTrue();
    String csrfCookie = form.cookie("XSRF-TOKEN");
    String fields =
        "username="
            + GatewayCluster.OPERATOR
            + "&password="
            + GatewayCluster.OPERATOR_PASSWORD
            + "&_csrf="
            + csrf.group(1);
    Answer wrong =
        send(
            HttpRequest.newBuilder(URI.create(cluster.a().url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "XSRF-TOKEN=" + csrfCookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        fields.replace("password=", "password=x"))));
    assertThat(wrong.cookie("DD_SESSION")).isNull();
    Answer loggedIn =
        send(
            HttpRequest.newBuilder(URI.create(cluster.a().url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "XSRF-TOKEN=" + csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofString(fields)));
    assertThat(loggedIn.status()).isEqualTo(302);
    assertThat(loggedIn.header("Location")).isEqualTo("/");
    String session = loggedIn.cookie("DD_SESSION");
    assertThat(session).isNotBlank();
    // instance b never saw this login: the signed cookie is enough
    Answer page = get(cluster.b().url() + "/dashboard", Map.of("Cookie", "DD_SESSION=" + session));
    assertThat(page.status()).isEqualTo(200);
    char last = session.charAt(session.length() - 1);
    String forged = session.substring(0, session.length() - 1) + (last == 'A' ? 'B' : 'A');
    Answer tampered =
        get(cluster.b().url() + "/dashboard", Map.of("Cookie", "DD_SESSION=" + forged));
    assertThat(tampered.status()).isEqualTo(401);
  }

  /**
   * A gateway that allows each client a burst of 10: a client that writes a new X-Forwarded-For on
   * every request is still one client, the one its key names.
   */
  @Test
  void aSpoofedForwardedForDoesNotEscapeTheClientLimit() {
    GatewayCluster.Gateway limiting =
        cluster.start(
            "gw-spoofed",
            Map.of("gateway.rate-limit.client-rate", "1", "gateway.rate-limit.client-burst", "10"));
    try {
      int limited = 0;
      for (int i = 0; i < 25; i++) {
        Map<String, String> headers = new LinkedHashMap<>(CLIENT_KEY);
        headers.put("X-Forwarded-For", "10.0.0." + i);
        Answer a = get(limiting.url() + "/drones", headers);
        if (a.status() == 429) {
          limited++;
        } else {
          assertThat(a.status()).as(a.body()).isEqualTo(200);
        }
      }
      assertThat(limited)
          .as("requests over the burst of 10, whatever they claimed to come from")
          .isGreaterThanOrEqualTo(10);
    } finally {
      limiting.context().close();
    }
  }

  @Test
  void refusalsAreCountedByTheRequestMeterAndNotObservedPerSecurityFilter() {
    SoftAssertions soft = new SoftAssertions();
    post(cluster.a().url() + "/deliveries", "{}", UUID.randomUUID().toString(), WRONG_KEY)
        .assertProblem(soft, 401);
    soft.assertAll();
    String metrics = get(cluster.a().url() + "/actuator/prometheus", Http.operator()).body();
    assertThat(metrics)
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"401\"")
        .doesNotContain("spring_security_");
  }

  @Test
  void malformedCredentialsNeverCauseAServerError() {
    Random random = new Random(17);
    List<String> names = List.of("Authorization", "X-Api-Key");
    List<String> values =
        new ArrayList<>(
            List.of(
                "",
                "Basic",
                "Basic ",
                "Basic !!!",
                "Basic " + b64("no-colon"),
                "Basic " + b64(":"),
                "Basic " + b64("operator:" + "x".repeat(5000)),
                "Bearer something",
                "Digest username=\"operator\"",
                GatewayCluster.API_KEY + " ",
                "A".repeat(6000)));
    for (int i = 0; i < 40; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = random.nextInt(80); j > 0; j--) {
        b.append((char) (0x21 + random.nextInt(0x5d)));
      }
      values.add(b.toString());
    }
    SoftAssertions soft = new SoftAssertions();
    for (String name : names) {
      for (String value : values) {
        for (String path : List.of("/deliveries", "/actuator/prometheus", "/stream")) {
          Map<String, String> headers = new LinkedHashMap<>();
          headers.put(name, value);
          Answer a =
              path.equals("/deliveries")
                  ? post(cluster.a().url() + path, "{}", UUID.randomUUID().toString(), headers)
                  : get(cluster.a().url() + path, headers);
          soft.assertThat(a.status()).as("%s %s: %s", path, name, value).isBetween(400, 499);
          soft.assertThat(a.header("Content-Type"))
              .as("%s %s: %s", path, name, value)
              .startsWith("application/problem+json");
        }
      }
    }
    soft.assertAll();
  }

  private record Answer(int status, java.net.http.HttpHeaders headers, String body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String cookie(String name) {
      for (String c : headers.allValues("Set-Cookie")) {
        if (c.startsWith(name + "=")) {
          String value =
              c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
          return value.isEmpty() ? null : value;
        }
      }
      return null;
    }

    void assertProblem(SoftAssertions soft, int expected) {
      soft.assertThat(status).as(body).isEqualTo(expected);
      soft.assertThat(header("Content-Type")).as(body).startsWith("application/problem+json");
      soft.assertThat(body).contains("\"status\":" + expected);
    }
  }

  private static Answer get(String url, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(b::header);
    return send(b);
  }

  private static Answer post(
      String url, String body, String idempotencyKey, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return send(b);
  }

  private static Answer send(HttpRequest.Builder b) {
    try {
      // the stream never ends: its first bytes (or its refusal) are all a test needs
      // a fresh connection each time: the server may close one after refusing an unread body
      HttpClient client =
          HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<java.io.InputStream> r =
          client.send(
              b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
      String body;
      try (java.io.InputStream in = r.body()) {
        body =
            r.statusCode() == 200 && r.uri().getPath().equals("/stream")
                ? ""
                : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Answer(r.statusCode(), r.headers(), body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
