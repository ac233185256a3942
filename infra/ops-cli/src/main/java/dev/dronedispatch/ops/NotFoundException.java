package dev.dronedispatch.ops;

/** What a command was asked about is on none of the topics it reads. */
final class NotFoundException extends RuntimeException {

  NotFoundException(String message) {
    super(message);
  }
}
