package dev.dronedispatch.dispatch.commit;

/** A delivery and the drone picked for it, to be committed together. */
public record Pairing(String deliveryId, String droneId) {}
