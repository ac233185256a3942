package dev.dronedispatch.dispatch.documents;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.documents.DeliveryDefect;
import dev.dronedispatch.model.documents.DocumentKind;
import dev.dronedispatch.model.documents.DroneDefect;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SkippedDocumentsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SkippedDocuments skipped = new SkippedDocuments(registry);
  private final Logger logger = (Logger) LoggerFactory.getLogger(SkippedDocuments.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logged);
  }

  private double count(String kind, String defect) {
    var counter =
        registry.find(SkippedDocuments.METER).tag("kind", kind).tag("defect", defect).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aValidDocumentPassesUncounted() {
    Optional<Versioned<String>> v = skipped.valid(new Checked.Valid<>(new Versioned<>("doc", 3)));

    assertThat(v).contains(new Versioned<>("doc", 3));
    assertThat(registry.find(SkippedDocuments.METER).counters()).isEmpty();
    assertThat(logged.list).isEmpty();
  }

  @Test
  void everySkipIsCountedButEachKeyAndDefectIsLoggedOnce() {
    Checked<Object> junkDrone =
        new Checked.Invalid<>(DocumentKind.DRONE, "drone:x1", DroneDefect.UNDECODABLE);
    Checked<Object> sameDroneOtherDefect =
        new Checked.Invalid<>(DocumentKind.DRONE, "drone:x1", DroneDefect.ID_MISSING);
    Checked<Object> junkDelivery =
        new Checked.Invalid<>(DocumentKind.DELIVERY, "delivery:d1", DeliveryDefect.UNDECODABLE);

    for (int i = 0; i < 3; i++) {
      assertThat(skipped.valid(junkDrone)).isEmpty();
    }
    assertThat(skipped.valid(sameDroneOtherDefect)).isEmpty();
    assertThat(skipped.valid(junkDelivery)).isEmpty();

    assertThat(count("drone", "undecodable")).isEqualTo(3);
    assertThat(count("drone", "id_missing")).isEqualTo(1);
    assertThat(count("delivery", "undecodable")).isEqualTo(1);
    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "skipping drone document key=drone:x1 (undecodable); counted in"
                + " dispatch.documents.skipped, logged once",
            "skipping drone document key=drone:x1 (id_missing); counted in"
                + " dispatch.documents.skipped, logged once",
            "skipping delivery document key=delivery:d1 (undecodable); counted in"
                + " dispatch.documents.skipped, logged once");
  }
}
