package dev.dronedispatch.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** How the launcher tells a started service is ready for the services that need it. */
public sealed interface Readiness {

  /** Whether the (running) service is ready now. */
  boolean reached();

  /** Its health endpoint answers 200. */
  record HealthOk(URI url) implements Readiness {

    private static final HttpClient HTTP =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Override
    public boolean reached() {
      HttpRequest request =
          HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException notListeningYet) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** It accepts connections on this loopback port (a Kafka broker: it has no HTTP endpoint). */
  record Listening(int port) implements Readiness {

    @Override
    public boolean reached() {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
        return true;
      } catch (IOException notListeningYet) {
        return false;
      }
    }
  }

  /** Running is enough: nothing waits for it. */
  record Running() implements Readiness {

    @Override
    public boolean reached() {
      return true;
    }
  }
}
