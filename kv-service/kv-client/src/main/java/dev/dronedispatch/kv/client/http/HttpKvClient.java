package dev.dronedispatch.kv.client.http;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.kv.client.WriteResult;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link KvClient} over the coordinator's HTTP/JSON API: non-blocking (reactor-netty), one pooled
 * keep-alive connection pool per client, a response timeout per attempt, retries with jittered
 * exponential backoff on transport errors only (never on an HTTP answer), and optional Micrometer
 * timers. Create one per process and share it; {@link #blocking()} gives the blocking facade.
 */
public final class HttpKvClient implements KvClient {

  /** The coordinator's limit of keys per batch get; larger requests are split. */
  private static final int BATCH = 1000;

  private record Response(int status, JsonNode body) {}

  private static final String JSON = "application/json";

  private final KvClientSettings settings;
  private final CoordinatorEndpoints coordinators;

  private HttpKvClient(String coordinatorUrls, KvClientSettings settings) {
    this.settings = settings;
    this.coordinators =
        new CoordinatorEndpoints(
            coordinatorUrls,
            url ->
                new HttpConnectionPool(
                    url,
                    settings.maxConnections(),
                    settings.connectTimeout(),
                    settings.requestTimeout(),
                    HttpConnectionPool.bearer(settings.authToken())));
  }

  /** {@code coordinatorUrls}: one coordinator's base URL, or several, comma-separated. */
  public static HttpKvClient create(String coordinatorUrls) {
    return create(coordinatorUrls, KvClientSettings.defaults());
  }

  /**
   * {@code coordinatorUrls}: one coordinator's base URL, or several, comma-separated: requests go
   * to one of them and move to the next when it fails in transport.
   */
  public static HttpKvClient create(String coordinatorUrls, KvClientSettings settings) {
    return new HttpKvClient(coordinatorUrls, settings);
  }

  /** The same client with blocking calls. */
  public BlockingKvClient blocking() {
    return new BlockingKvClient(
        this, settings.requestTimeout().multipliedBy(2 + settings.maxRetries()));
  }

  @Override
  public Mono<Optional<KvEntry>> get(String key) {
    return call("get", HttpMethod.GET, "/kv/" + UriEncoding.encode(key), null, true)
        .map(HttpKvClient::readEntry);
  }

  @Override
  public Mono<Map<String, KvEntry>> getAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Mono.just(Map.of());
    }
    if (keys.size() > BATCH) {
      List<String> all = new ArrayList<>(keys);
      List<List<String>> chunks = new ArrayList<>();
      for (int i = 0; i < all.size(); i += BATCH) {
        chunks.add(all.subList(i, Math.min(all.size(), i + BATCH)));
      }
      return reactor.core.publisher.Flux.fromIterable(chunks)
          .concatMap(this::getAll)
          .reduce(
              new LinkedHashMap<String, KvEntry>(),
              (acc, m) -> {
                acc.putAll(m);
                return acc;
              })
          .map(m -> (Map<String, KvEntry>) m);
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    var arr = body.putArray("keys");
    keys.forEach(arr::add);
    return call("get_all", HttpMethod.POST, "/kv/batch", body, true)
        .map(
            r -> {
              expectOk(r);
              Map<String, KvEntry> out = new LinkedHashMap<>();
              for (JsonNode item : r.body().path("items")) {
                KvEntry e = entry(item);
                out.put(e.key(), e);
              }
              return out;
            });
  }

  @Override
  public Mono<WriteResult> put(String key, JsonNode value) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("value", value == null ? JsonNodeFactory.instance.nullNode() : value);
    return call("put", HttpMethod.PUT, "/kv/" + UriEncoding.encode(key), body, true)
        .map(r -> writeResult(expectOk(r).body()));
  }

  @Override
  public Mono<WriteResult> delete(String key) {
    return call("delete", HttpMethod.DELETE, "/kv/" + UriEncoding.encode(key), null, true)
        .map(r -> writeResult(expectOk(r).body()));
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return call("cas", HttpMethod.POST, "/kv/cas", casJson(request), false)
        .map(r -> casResult(request.key(), r));
  }

  /**
   * One {@code POST /kv/batch} with the operations in the single calls' JSON forms; each result is
   * the status and body the single call would have been answered with, and is read as it would be.
   * Re-sent after a transport error only when every operation is idempotent (no compare-and-set).
   */
  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    if (ops.isEmpty()) {
      return Mono.error(new IllegalArgumentException("a batch needs at least one operation"));
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    var arr = body.putArray("ops");
    ops.forEach(op -> arr.add(opJson(op)));
    boolean idempotent = ops.stream().noneMatch(op -> op instanceof KvOp.CompareAndSet);
    return call("batch", HttpMethod.POST, "/kv/batch", body, idempotent)
        .map(
            r -> {
              JsonNode results = expectOk(r).body().path("results");
              if (results.size() != ops.size()) {
                throw new KvUnavailableException(
                    "KV answered " + results.size() + " results for " + ops.size() + " operations");
              }
              List<KvOpResult> out = new ArrayList<>(ops.size());
              for (int i = 0; i < ops.size(); i++) {
                JsonNode result = results.get(i);
                out.add(
                    opResult(
                        ops.get(i),
                        new Response(result.path("status").asInt(), result.path("body"))));
              }
              return out;
            });
  }

  private static ObjectNode opJson(KvOp op) {
    if (op instanceof KvOp.CompareAndSet cas) {
      return casJson(cas.request()).put("op", "cas");
    }
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("key", op.key());
    if (op instanceof KvOp.Get) {
      return json.put("op", "get");
    }
    if (op instanceof KvOp.Delete) {
      return json.put("op", "delete");
    }
    JsonNode value = ((KvOp.Put) op).value();
    json.set("value", value == null ? JsonNodeFactory.instance.nullNode() : value);
    return json.put("op", "put");
  }

  private static KvOpResult opResult(KvOp op, Response r) {
    if (r.status() >= 500) {
      return new KvOpResult.Unavailable(r.body().path("detail").asString(""));
    }
    if (op instanceof KvOp.Get) {
      return new KvOpResult.Read(readEntry(r));
    }
    if (op instanceof KvOp.CompareAndSet cas) {
      return new KvOpResult.Compared(casResult(cas.key(), r));
    }
    return new KvOpResult.Written(writeResult(expectOk(r).body()));
  }

  private static ObjectNode casJson(CasRequest request) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("key", request.key());
    Expectation e = request.expected();
    if (e instanceof Expectation.Absent) {
      body.put("expect_absent", true);
    } else if (e instanceof Expectation.AtVersion v) {
      body.put("expected_version", v.version());
    } else {
      JsonNode old = ((Expectation.ValueEquals) e).value();
      body.set("old", old == null ? JsonNodeFactory.instance.nullNode() : old);
    }
    body.set(
        "new",
        request.newValue() == null ? JsonNodeFactory.instance.nullNode() : request.newValue());
    request
        .fence()
        .ifPresent(f -> body.putObject("fence").put("lock", f.lockName()).put("token", f.token()));
    return body;
  }

  private static Optional<KvEntry> readEntry(Response r) {
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(entry(expectOk(r).body()));
  }

  private static CasResult casResult(String key, Response r) {
    JsonNode b = expectOk(r).body();
    if (b.path("ok").asBoolean(false)) {
      return new CasResult.Applied(entry(b));
    }
    if (b.path("fenced").asBoolean(false)) {
      return new CasResult.Fenced(b.path("lock").asString());
    }
    JsonNode cur = b.get("current");
    if (cur == null || cur.isNull() || !b.has("version")) {
      return new CasResult.Conflict(Optional.empty());
    }
    return new CasResult.Conflict(
        Optional.of(new KvEntry(key, cur, b.path("version").asLong(), b.path("ts").asLong())));
  }

  @Override
  public Mono<List<KvEntry>> scan(ScanQuery query) {
    StringBuilder uri =
        new StringBuilder("/kv?prefix=")
            .append(UriEncoding.encode(query.prefix()))
            .append("&limit=")
            .append(query.limit())
            .append("&reverse=")
            .append(query.reverse());
    query.start().ifPresent(s -> uri.append("&start=").append(UriEncoding.encode(s)));
    return call("scan", HttpMethod.GET, uri.toString(), null, true)
        .map(
            r -> {
              List<KvEntry> out = new ArrayList<>();
              for (JsonNode item : expectOk(r).body().path("items")) {
                out.add(entry(item));
              }
              return out;
            });
  }

  @Override
  public Mono<LockResult> acquireLock(String name, String owner, Duration ttl) {
    String uri =
        "/lock/acquire/"
            + UriEncoding.encode(name)
            + "?ttl_sec="
            + seconds(ttl)
            + "&owner="
            + UriEncoding.encode(owner);
    return call("lock_acquire", HttpMethod.POST, uri, null, false)
        .map(
            r -> {
              JsonNode b = expectOk(r).body();
              if (b.path("ok").asBoolean(false)) {
                return new LockResult.Acquired(lease(name, b));
              }
              return new LockResult.Held(Instant.ofEpochMilli(b.path("expires_at_ms").asLong()));
            });
  }

  @Override
  public Mono<Optional<LockLease>> renewLock(LockLease lease, Duration ttl) {
    String uri =
        "/lock/renew/"
            + UriEncoding.encode(lease.name())
            + "?ttl_sec="
            + seconds(ttl)
            + "&owner="
            + UriEncoding.encode(lease.owner())
            + "&token="
            + lease.token();
    return call("lock_renew", HttpMethod.POST, uri, null, false)
        .map(
            r -> {
              JsonNode b = expectOk(r).body();
              return b.path("ok").asBoolean(false)
                  ? Optional.of(lease(lease.name(), b))
                  : Optional.<LockLease>empty();
            });
  }

  @Override
  public Mono<Boolean> releaseLock(LockLease lease) {
    String uri =
        "/lock/release/"
            + UriEncoding.encode(lease.name())
            + "?owner="
            + UriEncoding.encode(lease.owner())
            + "&token="
            + lease.token();
    return call("lock_release", HttpMethod.POST, uri, null, false)
        .map(r -> expectOk(r).body().path("ok").asBoolean(false));
  }

  @Override
  public void close() {
    coordinators.close();
  }

  private static String seconds(Duration ttl) {
    return Double.toString(ttl.toMillis() / 1000.0);
  }

  private static LockLease lease(String name, JsonNode b) {
    return new LockLease(
        name,
        b.path("owner").asString(),
        b.path("token").asLong(),
        Instant.ofEpochMilli(b.path("expires_at_ms").asLong()));
  }

  private static KvEntry entry(JsonNode b) {
    return new KvEntry(
        b.path("key").asString(),
        b.get("value"),
        b.path("version").asLong(),
        b.path("ts").asLong());
  }

  private static WriteResult writeResult(JsonNode b) {
    return new WriteResult(
        b.path("written").asInt(),
        b.path("rf").asInt(),
        b.path("version").asLong(),
        b.path("ts").asLong(),
        b.path("degraded").asBoolean(false));
  }

  private static Response expectOk(Response r) {
    if (r.status() >= 200 && r.status() < 300) {
      return r;
    }
    String detail = r.body() == null ? "" : r.body().path("detail").asString("");
    if (r.status() >= 500) {
      throw new KvUnavailableException("KV answered " + r.status() + ": " + detail);
    }
    throw new IllegalArgumentException("KV refused the request (" + r.status() + "): " + detail);
  }

  private Mono<Response> call(
      String op, HttpMethod method, String uri, JsonNode body, boolean idempotent) {
    long start = System.nanoTime();
    return attempt(method, uri, body, idempotent, 0)
        .doOnSuccess(r -> record(op, r.status() < 500 ? "ok" : "error", start))
        .doOnError(e -> record(op, "unavailable", start));
  }

  /**
   * One try at the current coordinator. A transport failure moves the client to the next
   * coordinator, and so does a 503 answer to an idempotent request when there is another
   * coordinator to ask (a coordinator shutting down answers 503 to what it still holds); the retry,
   * when the rules of the class allow one, goes there.
   */
  private Mono<Response> attempt(
      HttpMethod method, String uri, JsonNode body, boolean idempotent, int attempt) {
    byte[] payload = body == null ? null : KvJson.MAPPER.writeValueAsBytes(body);
    CoordinatorEndpoints.Endpoint coordinator = coordinators.current();
    return coordinator
        .http()
        .exchange(method, uri, payload, JSON)
        .map(r -> new Response(r.status(), parse(r.body())))
        .flatMap(
            r ->
                r.status() == 503
                        && idempotent
                        && attempt < settings.maxRetries()
                        && moveOn(coordinator)
                    ? retry(method, uri, body, idempotent, attempt)
                    : Mono.just(r))
        .onErrorResume(
            e -> {
              if (e instanceof KvUnavailableException) {
                return Mono.error(e);
              }
              moveOn(coordinator);
              boolean retry =
                  attempt < settings.maxRetries() && (TransportErrors.beforeSend(e) || idempotent);
              if (!retry) {
                return Mono.error(
                    new KvUnavailableException(
                        "KV request " + method + " " + coordinator.url() + uri + " failed: " + e,
                        e));
              }
              return retry(method, uri, body, idempotent, attempt);
            });
  }

  private Mono<Response> retry(
      HttpMethod method, String uri, JsonNode body, boolean idempotent, int attempt) {
    return Mono.delay(backoff(attempt))
        .then(Mono.defer(() -> attempt(method, uri, body, idempotent, attempt + 1)));
  }

  /**
   * Moves past a coordinator that failed (unless another request did already); true when the client
   * now sends to another one.
   */
  private boolean moveOn(CoordinatorEndpoints.Endpoint failed) {
    if (coordinators.moveOnFrom(failed)) {
      settings
          .meterRegistry()
          .ifPresent(
              registry ->
                  registry.counter("kv.client.failovers", "from", failed.url()).increment());
    }
    return coordinators.current().index() != failed.index();
  }

  private Duration backoff(int attempt) {
    long cap =
        Math.min(
            settings.maxBackoff().toNanos(),
            settings.initialBackoff().toNanos() << Math.min(attempt, 20));
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(Math.max(1, cap)));
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes.length == 0) {
      return JsonNodeFactory.instance.missingNode();
    }
    try {
      return KvJson.MAPPER.readTree(bytes);
    } catch (tools.jackson.core.JacksonException e) {
      throw new KvUnavailableException(
          "KV answered non-JSON: " + new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private void record(String op, String outcome, long startNanos) {
    settings
        .meterRegistry()
        .ifPresent(
            registry ->
                Timer.builder("kv.client.requests")
                    .tag("op", op)
                    .tag("outcome", outcome)
                    .register(registry)
                    .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS));
  }
}
