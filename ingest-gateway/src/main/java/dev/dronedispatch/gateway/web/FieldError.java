package dev.dronedispatch.gateway.web;

/** One rejected input field, named by its JSON path ({@code origin.lat}, {@code weight}). */
public record FieldError(String field, String message) {}
