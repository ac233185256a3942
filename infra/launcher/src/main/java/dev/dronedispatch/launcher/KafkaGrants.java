package dev.dronedispatch.launcher;

import dev.dronedispatch.model.topics.Topic;
import dev.dronedispatch.model.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on Kafka: each service's identity (a SCRAM user) and the ACLs it gets, no more
 * than its code uses. A write implies describing the topic, and so does a read. The brokers' own
 * identity is a super user and needs none.
 */
public final class KafkaGrants {

  public static final String GATEWAY = "gateway";
  public static final String DISPATCH = "dispatch";
  public static final String SIMULATOR = "fleet-simulator";
  public static final String ORDER_GENERATOR = "order-generator";

  /** The operator tools' identity (ops, benches, tests that watch the topics): read only. */
  public static final String READER = "ops";

  /** Every identity the services use, in the order they are listed in credentials.env. */
  public static final List<String> USERS =
      List.of(GATEWAY, DISPATCH, SIMULATOR, ORDER_GENERATOR, READER);

  private KafkaGrants() {}

  /**
   * Every ACL of every identity. {@code dispatchApplicationId} is the dispatcher's Kafka Streams
   * application id ({@code APPLICATION_ID}): its consumer group, and with a {@code -} the prefix of
   * its internal topics and transactional ids.
   */
  public static List<AclBinding> all(String dispatchApplicationId) {
    List<AclBinding> acls = new ArrayList<>();
    // the gateway publishes requests and reads every topic for the stream and the timelines
    acls.add(topic(GATEWAY, Topics.DELIVERIES_REQUESTED.name(), AclOperation.WRITE));
    Stream.concat(Topics.ALL.stream(), Topics.RECORDS.stream())
        .map(Topic::name)
        .forEach(t -> acls.add(topic(GATEWAY, t, AclOperation.READ)));
    Topics.ALL.forEach(t -> acls.add(deadLetters(GATEWAY, t)));

    // the dispatcher reads the requests and the telemetry, writes status and fleet events, and
    // owns its internal topics and its backlog board; exactly-once needs its group and
    // transactional ids
    for (Topic<String, ?> in : List.of(Topics.DELIVERIES_REQUESTED, Topics.DRONES_TELEMETRY)) {
      acls.add(topic(DISPATCH, in.name(), AclOperation.READ));
      acls.add(deadLetters(DISPATCH, in));
    }
    for (Topic<String, ?> out :
        List.of(Topics.DELIVERIES_STATUS, Topics.FLEET_EVENTS, Topics.DISPATCH_DECISIONS)) {
      acls.add(topic(DISPATCH, out.name(), AclOperation.WRITE));
    }
    String internal = dispatchApplicationId + "-";
    acls.add(
        allow(
            DISPATCH,
            new ResourcePattern(ResourceType.TOPIC, internal, PatternType.PREFIXED),
            AclOperation.ALL));
    acls.add(topic(DISPATCH, Topics.DISPATCH_BACKLOG, AclOperation.ALL));
    acls.add(
        allow(
            DISPATCH,
            new ResourcePattern(ResourceType.GROUP, dispatchApplicationId, PatternType.LITERAL),
            AclOperation.READ));
    for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
      acls.add(
          allow(
              DISPATCH,
              new ResourcePattern(ResourceType.TRANSACTIONAL_ID, internal, PatternType.PREFIXED),
              op));
    }
    acls.add(
        allow(
            DISPATCH,
            new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL),
            AclOperation.IDEMPOTENT_WRITE));

    // the simulator writes telemetry and follows the dispatcher's events
    acls.add(topic(SIMULATOR, Topics.DRONES_TELEMETRY.name(), AclOperation.WRITE));
    for (Topic<String, ?> in : List.of(Topics.DELIVERIES_STATUS, Topics.FLEET_EVENTS)) {
      acls.add(topic(SIMULATOR, in.name(), AclOperation.READ));
      acls.add(deadLetters(SIMULATOR, in));
    }

    // the order generator follows the status to measure how its orders fare
    acls.add(topic(ORDER_GENERATOR, Topics.DELIVERIES_STATUS.name(), AclOperation.READ));
    acls.add(deadLetters(ORDER_GENERATOR, Topics.DELIVERIES_STATUS));

    // the operator tools read everything and write nothing
    acls.add(
        allow(
            READER,
            new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL),
            AclOperation.READ));
    return List.copyOf(acls);
  }

  private static AclBinding deadLetters(String user, Topic<String, ?> source) {
    return topic(user, Topics.deadLetters(source.name()), AclOperation.WRITE);
  }

  private static AclBinding topic(String user, String topic, AclOperation op) {
    return allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), op);
  }

  private static AclBinding allow(String user, ResourcePattern resource, AclOperation op) {
    return new AclBinding(
        resource, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }
}
