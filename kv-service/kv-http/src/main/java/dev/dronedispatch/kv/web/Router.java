package dev.dronedispatch.kv.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A small router over reactor-netty: routes match on method and raw path segments (so a key with an
 * encoded '/' stays one segment), variables are percent-decoded, every answer is timed, and any
 * failure becomes an RFC 9457 problem ({@link Problems}).
 */
public final class Router {

  /** Who may call a route instead of the server's callers, and the credential's name for them. */
  private record Restriction(Access access, String credential) {}

  private record Route(
      String method,
      String[] segments,
      String name,
      Optional<Restriction> restriction,
      Function<Call, Mono<Reply>> h) {}

  private final List<Route> routes = new ArrayList<>();
  private final MeterRegistry registry;
  private final String metricPrefix;
  private final int maxBody;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  private final Access access;
  private volatile boolean closing;

  /**
   * Every request must pass {@code access}, except the health probes {@code /health} and {@code
   * /actuator/health}, which orchestrators and the launcher call without credentials.
   */
  public Router(MeterRegistry registry, String metricPrefix, int maxBody, Access access) {
    this.registry = registry;
    this.metricPrefix = metricPrefix;
    this.maxBody = maxBody;
    this.access = access;
  }

  private boolean authorized(HttpServerRequest req, String rawPath, Route matched) {
    Access required =
        matched == null ? access : matched.restriction().map(Restriction::access).orElse(access);
    return rawPath.equals("/health")
        || rawPath.equals("/actuator/health")
        || rawPath.startsWith("/actuator/health/")
        || required.admits(req.requestHeaders().get("Authorization"));
  }

  private static Optional<Restriction> restrictionOf(Route matched) {
    return matched == null ? Optional.empty() : matched.restriction();
  }

  /**
   * From now on every request is answered 503 with {@code Connection: close}: the server is
   * shutting down, and a client's kept-alive connection must not go on reaching it while its parts
   * stop (a client that knows another server moves there).
   */
  public void refuseFromNowOn() {
    closing = true;
  }

  public Router add(String method, String pattern, Function<Call, Mono<Reply>> handler) {
    return add(method, pattern, Optional.empty(), handler);
  }

  /**
   * A route only the holders of {@code restricted} may call, instead of the server's callers (the
   * coordinator's membership changes: the cluster's operators, not its clients); {@code credential}
   * names it in a refusal.
   */
  public Router addRestricted(
      String method,
      String pattern,
      Access restricted,
      String credential,
      Function<Call, Mono<Reply>> handler) {
    return add(method, pattern, Optional.of(new Restriction(restricted, credential)), handler);
  }

  private Router add(
      String method,
      String pattern,
      Optional<Restriction> restricted,
      Function<Call, Mono<Reply>> handler) {
    String[] segs = pattern.equals("/") ? new String[0] : pattern.substring(1).split("/", -1);
    routes.add(new Route(method, segs, pattern, restricted, handler));
    return this;
  }

  public Publisher<Void> serve(HttpServerRequest req, HttpServerResponse res) {
    long start = System.nanoTime();
    String uri = req.uri();
    int q = uri.indexOf('?');
    String rawPath = q < 0 ? uri : uri.substring(0, q);
    String rawQuery = q < 0 ? "" : uri.substring(q + 1);
    String method = req.method().name();
    Mono<Reply> reply;
    String routeName = "unmatched";
    try {
      String[] segs =
          rawPath.equals("/") || rawPath.isEmpty()
              ? new String[0]
              : rawPath.substring(1).split("/", -1);
      Route matched = null;
      Map<String, String> vars = null;
      for (Route r : routes) {
        if (r.method().equals(method)) {
          vars = match(r.segments(), segs);
          if (vars != null) {
            matched = r;
            break;
          }
        }
      }
      if (closing) {
        reply =
            Mono.just(
                problem(Failure.UNAVAILABLE, "the server is shutting down", rawPath)
                    .withHeader("Connection", "close"));
      } else if (!authorized(req, rawPath, matched)) {
        reply =
            Mono.just(
                problem(
                        Failure.UNAUTHORIZED,
                        "missing or wrong bearer token"
                            + restrictionOf(matched)
                                .map(r -> ": this route takes " + r.credential())
                                .orElse(""),
                        rawPath)
                    .withHeader("WWW-Authenticate", "Bearer"));
      } else if (matched == null) {
        Set<String> allowed = methodsOf(segs);
        reply =
            Mono.just(
                allowed.isEmpty()
                    ? problem(Failure.NO_SUCH_ROUTE, "no route for " + rawPath, rawPath)
                    : problem(
                            Failure.METHOD_NOT_ALLOWED,
                            method + " not allowed on " + rawPath,
                            rawPath)
                        .withHeader("Allow", String.join(", ", allowed)));
      } else {
        routeName = matched.name();
        Call call = new Call(req, vars, parseQuery(rawQuery), maxBody);
        Function<Call, Mono<Reply>> handler = matched.h();
        reply = Mono.defer(() -> handler.apply(call));
      }
    } catch (ApiException e) {
      reply = Mono.error(e);
    }
    String route = routeName;
    return reply
        .onErrorResume(e -> Mono.just(Reply.problem(Problems.of(e, rawPath))))
        .flatMap(
            r -> {
              timer(route, method, r.status())
                  .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
              HttpServerResponse out =
                  res.status(r.status())
                      .header("Content-Type", r.contentType())
                      .header("Content-Length", Integer.toString(r.body().length));
              r.headers().forEach(out::header);
              if (req.version().equals(HttpVersion.HTTP_1_0) && req.isKeepAlive()) {
                // an HTTP/1.0 connection persists only if the answer says so (ab -k and other
                // HTTP/1.0 tools ask for it); without this each request paid a new connection
                out.header("Connection", "keep-alive");
              }
              return out.sendByteArray(Mono.just(r.body())).then();
            });
  }

  /** The methods routes offer on this path (empty: no route has it). */
  private Set<String> methodsOf(String[] segs) {
    Set<String> methods = new LinkedHashSet<>();
    for (Route r : routes) {
      if (match(r.segments(), segs) != null) {
        methods.add(r.method());
      }
    }
    return methods;
  }

  private static Reply problem(Failure failure, String detail, String path) {
    return Reply.problem(Problems.of(failure, detail, path));
  }

  private Timer timer(String route, String method, int status) {
    String key = route + ' ' + method + ' ' + status;
    return timers.computeIfAbsent(
        key,
        k ->
            Timer.builder(metricPrefix + ".http.requests")
                .tag("route", route)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram(false)
                .register(registry));
  }

  private static Map<String, String> match(String[] pattern, String[] segs) {
    if (pattern.length != segs.length) {
      return null;
    }
    Map<String, String> vars = null;
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (vars == null) {
          vars = new HashMap<>(4);
        }
        vars.put(p.substring(1, p.length() - 1), PathCodec.decode(segs[i], false));
      } else if (!p.equals(segs[i])) {
        return null;
      }
    }
    return vars == null ? Map.of() : vars;
  }

  private static Map<String, String> parseQuery(String raw) {
    if (raw.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = PathCodec.decode(eq < 0 ? part : part.substring(0, eq), true);
      String v = eq < 0 ? "" : PathCodec.decode(part.substring(eq + 1), true);
      out.putIfAbsent(k, v);
    }
    return out;
  }
}
