package dev.dronedispatch.ops.kv;

/** A KV storage node as the membership names it: its id and its base URL. */
public record Member(String id, String url) {}
