package dev.dronedispatch.gateway.web;

/** This gateway process's name in logs, response headers and KV lock ownership. */
public record InstanceId(String value) {}
