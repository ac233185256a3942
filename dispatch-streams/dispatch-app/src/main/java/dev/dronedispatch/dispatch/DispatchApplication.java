package dev.dronedispatch.dispatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The dispatch service: runs the Kafka Streams topology ({@code DispatchTopology}) and serves
 * health, Prometheus metrics and interactive queries on the management port (8081).
 */
@SpringBootApplication
public class DispatchApplication {

  public static void main(String[] args) {
    SpringApplication.run(DispatchApplication.class, args);
  }
}
