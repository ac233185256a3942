package dev.dronedispatch.model.topics;

import org.apache.kafka.common.serialization.Serde;

/** A topic's name with the serdes of its keys and values, so no client repeats serde wiring. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {}
