package dev.dronedispatch.e2e;

import dev.dronedispatch.launcher.LocalCredentials;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads the gateway's SSE stream as the dashboard does and keeps every delivery event. */
final class SseRecorder implements AutoCloseable {

  private final List<DeliveryStatusChanged> deliveries = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile Stream<String> lines;

  /** Logs in as the operator of {@code credentials} (the stream is for people, not clients). */
  SseRecorder(HttpClient http, String gatewayUrl, LocalCredentials credentials) {
    String login = credentials.operatorUser() + ":" + credentials.operatorPassword();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gatewayUrl + "/stream"))
            .header("Accept", "text/event-stream")
            .header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(login.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .GET()
            .build();
    reader =
        new Thread(
            () -> {
              try {
                lines = http.send(request, HttpResponse.BodyHandlers.ofLines()).body();
                String[] event = {null};
                StringBuilder data = new StringBuilder();
                lines.forEach(
                    line -> {
                      if (line.startsWith("event:")) {
                        event[0] = line.substring(6).trim();
                      } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                      } else if (line.isEmpty()) {
                        if ("delivery".equals(event[0]) && data.length() > 0) {
                          deliveries.add(
                              Json.mapper()
                                  .readValue(data.toString(), DeliveryStatusChanged.class));
                        }
                        event[0] = null;
                        data.setLength(0);
                      }
                    });
              } catch (Exception e) {
                if (!Thread.currentThread().isInterrupted()) {
                  System.out.println("[e2e] SSE stream ended: " + e);
                }
              }
            },
            "sse-recorder");
    reader.setDaemon(true);
    reader.start();
  }

  List<DeliveryStatusChanged> deliveryEvents() {
    return List.copyOf(deliveries);
  }

  @Override
  public void close() {
    reader.interrupt();
    if (lines != null) {
      lines.close();
    }
  }
}
